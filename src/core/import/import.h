// import: turning real-world dumps (JSON, JSONL, CSV, folders of text files, plain-text page dumps)
// into a Stenogram archive. The same code runs in the CLI (tools/builder) and in the browser: every
// input is an in-memory buffer (name + bytes); nothing here touches the filesystem.
//
// Inputs, options and the report are in import_types.h.
//
// Mapping rules (documented in docs/archive-format.md, "Import mapping"): common field names are
// recognised case-insensitively (title/headline/name, date/datetime/published/timestamp, text/body/
// content/article, ...); ImportOptions::map overrides them ("text=a+b+c", "text=article_*");
// unknown fields go to documents.extra as JSON and are never dropped; every record is imported or
// reported with file, line or record number, field and reason.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/import/import_types.h"

struct sqlite3;

namespace stenogram {

// ---- [SECTION] entry points ----

// Imports inputs into db, which must be empty, open, and have the stenogram tokenizer registered:
// creates the schema, writes every document in one transaction, computes entities, meetings and
// statistics, fills meta, rebuilds the FTS indexes, runs PRAGMA optimize, and (for a file, see
// ImportOptions::vacuum) VACUUMs. Returns true when at least one document was imported and the
// database was written; false otherwise, with the reasons in *report (Error problems) and *error.
bool ImportInputs(sqlite3* db, const std::vector<InputFile>& inputs, const ImportOptions& options,
                  ImportReport* report, std::string* error);

// The same import, one input at a time, so a caller can read, import and drop each input in turn
// (memory holds one input, never all of them): Begin (schema, transaction), Add for each input (or
// each part of a JSONL file, in order), Finish (entities, statistics, meta, FTS, VACUUM). Each step
// returns false with *error on failure; after a failure only the destructor remains.
class ImportSession {
 public:
  ImportSession(sqlite3* db, const ImportOptions& options, ImportReport* report);
  ~ImportSession();
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;
  // Optional, before Begin: learns the site boilerplate of folders of text files (lines that open or
  // close most of a folder's files). Only each file's first and last 4 KB are read, so a caller that
  // streams may pass just those.
  void LearnFolders(const std::vector<InputFile>& heads);
  bool Begin(std::string* error);
  bool Add(const InputFile& input, std::string* error);
  bool Finish(std::string* error);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The format Auto would pick for this input (never Auto, never Folder).
InputFormat DetectFormat(const InputFile& input);

}  // namespace stenogram
