// import_image: imports into an in-memory database and serializes it (see import_image.h).
#include "core/import_image.h"

#include <sqlite3.h>

#include <exception>
#include <new>

#include "core/tokenizer.h"

namespace stenogram {

namespace {

std::string InputNames(const std::vector<InputFile>& inputs) {
  std::string names;
  for (const InputFile& in : inputs) names += (names.empty() ? "" : ", ") + in.name;
  return names.empty() ? std::string("(no input)") : names;
}

}  // namespace

ArchiveImage ImportToImage(const std::vector<InputFile>& inputs, ImportOptions options, ImportReport* report,
                           std::string* error) {
  ArchiveImage image;
  const std::string names = InputNames(inputs);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    *error = names + ": cannot create an in-memory database";
    sqlite3_close(db);
    return image;
  }
  std::string why;
  if (!RegisterTokenizer(db, &why)) {
    *error = names + ": " + why;
    sqlite3_close(db);
    return image;
  }
  options.vacuum = 0;
  // Nothing may escape to the caller (in the browser: across the wasm boundary into JavaScript).
  bool imported = false;
  try {
    imported = ImportInputs(db, inputs, options, report, &why);
  } catch (const std::bad_alloc&) {
    why = "out of memory while importing (the input is too large for the browser)";
  } catch (const std::exception& e) {
    why = std::string("the import failed: ") + e.what();
  }
  if (!imported) {
    // Prefer the first concrete problem ("file:line: reason") over a summary.
    for (const Problem& p : report->problems) {
      if (p.severity == Severity::Error) {
        why = p.Format();
        break;
      }
    }
    if (why.empty()) why = "nothing could be imported";
    *error = why.find(inputs.empty() ? std::string("\x01") : inputs.front().name) == std::string::npos
                 ? names + ": " + why
                 : why;
    sqlite3_close(db);
    return image;
  }
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(db, "main", &size, 0);
  sqlite3_close(db);
  if (!data) {
    *error = names + ": out of memory while serializing the archive";
    return image;
  }
  image.data = data;
  image.size = static_cast<size_t>(size);
  return image;
}

}  // namespace stenogram
