// import_image: the importer's in-memory entry point, used by the viewer in the browser (no
// filesystem there): inputs are imported into a fresh in-memory database whose serialized image
// is handed to Archive::OpenOwnedImage. ImageImport does the same in steps (a big JSONL file in
// parts), so a caller can report progress and stop between them.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/import/import.h"

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

// ImportToImage in steps: Begin, then Add for each input (or each part of a JSONL file cut at line
// boundaries, with first_line/first_record set as InputFile says), then Finish. Each step returns
// false (Finish: an empty image) with *error naming the input(s) and the reason, the first Error
// problem when there is one; after a failure only the destructor remains. Never throws: an
// exception inside a step (out of memory) becomes *error. Destroying it before Finish discards
// the import (that is how a caller cancels). report must outlive it.
class ImageImport {
 public:
  // names: the input(s) as messages name them when no problem names a file ("talks.jsonl").
  ImageImport(std::string names, ImportOptions options, ImportReport* report);
  ~ImageImport();
  ImageImport(const ImageImport&) = delete;
  ImageImport& operator=(const ImageImport&) = delete;
  // folder_heads (optional): inputs to learn folder boilerplate from (ImportSession::LearnFolders).
  bool Begin(std::string* error, const std::vector<InputFile>* folder_heads = nullptr);
  bool Add(const InputFile& input, std::string* error);
  ArchiveImage Finish(std::string* error);

 private:
  bool Fail(std::string why, std::string* error, bool step_failed = true);
  std::string names_;
  ImportOptions options_;
  ImportReport* report_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<ImportSession> session_;
  bool failed_ = false;
};

}  // namespace stenogram
