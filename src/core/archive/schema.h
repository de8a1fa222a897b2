// schema: the Stenogram archive format (one SQLite file), its version and its creation.
// The format is documented in docs/archive-format.md; this file is its single source of truth.
#pragma once
#include <string>

struct sqlite3;

namespace stenogram {

// PRAGMA user_version of archives this code writes and reads.
inline constexpr int kSchemaVersion = 3;

// The CREATE statements of an empty archive (tables, indexes, FTS5 tables), in order.
const char* SchemaSql();

// Creates the schema in an empty database and sets user_version. Returns false and fills
// *error on failure. Requires the stenogram tokenizer to be registered on db.
bool CreateSchema(sqlite3* db, std::string* error);

// Checks that db looks like a Stenogram archive this build can read: user_version equals
// kSchemaVersion and the required tables exist. On failure *error says what is wrong in words a
// user understands (e.g. "not a Stenogram archive: table documents is missing").
// An archive of an older version (1, 2) gets one sentence naming the exact command that rebuilds it
// (from its meta 'sources' and 'import'; archive_name is the output file named in it).
bool CheckSchema(sqlite3* db, std::string* error, const std::string& archive_name = "");

// The stenogram-build command line that rebuilds the archive on db from its sources, as recorded in
// its meta (works on every format version): "stenogram-build -o NAME --title T a.jsonl b.csv".
std::string RebuildCommand(sqlite3* db, const std::string& archive_name);

}  // namespace stenogram
