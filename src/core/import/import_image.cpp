// import_image: imports into an in-memory database and serializes it (see import_image.h).
#include "core/import/import_image.h"

#include <sqlite3.h>

#include <exception>
#include <new>

#include "core/archive/tokenizer.h"

namespace stenogram {

namespace {

std::string InputNames(const std::vector<InputFile>& inputs) {
  std::string names;
  for (const InputFile& in : inputs) names += (names.empty() ? "" : ", ") + in.name;
  return names.empty() ? std::string("(no input)") : names;
}

}  // namespace

ImageImport::ImageImport(std::string names, ImportOptions options, ImportReport* report)
    : names_(names.empty() ? std::string("(no input)") : std::move(names)), options_(std::move(options)), report_(report) {
  options_.vacuum = 0;  // an image in memory is serialized as it is
}

ImageImport::~ImageImport() {
  session_.reset();  // before the database it writes to
  if (db_) sqlite3_close(db_);
}

// Records the failure and words it: for a failed step the first concrete problem ("file:line:
// reason") beats a summary; a message that names no input gets the input names in front.
bool ImageImport::Fail(std::string why, std::string* error, bool step_failed) {
  failed_ = true;
  try {
    for (const Problem& p : report_->problems) {
      if (!step_failed) break;
      if (p.severity == Severity::Error) {
        why = p.Format();
        break;
      }
    }
    if (why.empty()) why = "nothing could be imported";
    const std::string first = names_.substr(0, names_.find(", "));
    *error = why.find(first) == std::string::npos ? names_ + ": " + why : why;
  } catch (const std::exception&) {
    *error = "out of memory while importing";
  }
  session_.reset();
  if (db_) sqlite3_close(db_);
  db_ = nullptr;
  return false;
}

bool ImageImport::Begin(std::string* error, const std::vector<InputFile>* folder_heads) {
  if (failed_ || db_) return Fail("the import was already started", error, false);
  try {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
      return Fail("cannot create an in-memory database", error);
    std::string why;
    if (!RegisterTokenizer(db_, &why)) return Fail(why, error);
    session_ = std::make_unique<ImportSession>(db_, options_, report_);
    if (folder_heads) session_->LearnFolders(*folder_heads);
    if (!session_->Begin(&why)) return Fail(why, error);
    return true;
  } catch (const std::bad_alloc&) {
    return Fail("out of memory while importing (the input is too large for the browser)", error);
  } catch (const std::exception& e) {
    return Fail(std::string("the import failed: ") + e.what(), error);
  }
}

bool ImageImport::Add(const InputFile& input, std::string* error) {
  if (failed_ || !session_) return Fail(failed_ ? "the import is over" : "the import was not started", error, false);
  try {
    std::string why;
    if (!session_->Add(input, &why)) return Fail(why, error);
    return true;
  } catch (const std::bad_alloc&) {
    return Fail("out of memory while importing (the input is too large for the browser)", error);
  } catch (const std::exception& e) {
    return Fail(std::string("the import failed: ") + e.what(), error);
  }
}

ArchiveImage ImageImport::Finish(std::string* error) {
  ArchiveImage image;
  if (failed_ || !session_) {
    Fail(failed_ ? "the import is over" : "the import was not started", error, false);
    return image;
  }
  try {
    std::string why;
    if (!session_->Finish(&why)) {
      Fail(why, error);
      return image;
    }
  } catch (const std::bad_alloc&) {
    Fail("out of memory while importing (the input is too large for the browser)", error);
    return image;
  } catch (const std::exception& e) {
    Fail(std::string("the import failed: ") + e.what(), error);
    return image;
  }
  session_.reset();
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(db_, "main", &size, 0);
  sqlite3_close(db_);
  db_ = nullptr;
  failed_ = true;  // done: only the destructor remains
  if (!data) {
    *error = names_ + ": out of memory while serializing the archive";
    return image;
  }
  image.data = data;
  image.size = static_cast<size_t>(size);
  return image;
}

ArchiveImage ImportToImage(const std::vector<InputFile>& inputs, ImportOptions options, ImportReport* report,
                           std::string* error) {
  ImageImport run(InputNames(inputs), std::move(options), report);
  if (!run.Begin(error, &inputs)) return {};  // with the site boilerplate of text folders
  for (const InputFile& input : inputs)
    if (!run.Add(input, error)) return {};
  return run.Finish(error);
}

}  // namespace stenogram
