// import_image: the importer's in-memory entry point, used by the viewer in the browser (no
// filesystem there): inputs are imported into a fresh in-memory database whose serialized image
// is handed to Archive::OpenOwnedImage.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/import.h"

namespace stenogram {

// An archive image: an sqlite3_malloc64 buffer (owned by whoever holds it; Archive::OpenOwnedImage
// takes it over) and its size.
struct ArchiveImage {
  unsigned char* data = nullptr;
  size_t size = 0;
};

// Imports inputs (see ImportInputs) into an in-memory database with the stenogram tokenizer and
// returns its serialized image. Never VACUUMs (options.vacuum is ignored). On failure returns an
// empty image and sets *error to a message naming the input(s) and the reason (the first Error
// problem when there is one); *report is filled in either case. Never throws: an exception inside
// the import (out of memory) becomes *error.
ArchiveImage ImportToImage(const std::vector<InputFile>& inputs, ImportOptions options, ImportReport* report,
                           std::string* error);

}  // namespace stenogram
