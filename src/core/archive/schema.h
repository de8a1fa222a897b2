// schema: the Stenogram archive format (one SQLite file), its version and its creation.
// The format is documented in docs/archive-format.md; this file is its single source of truth.
#pragma once
#include <string>

struct sqlite3;

namespace stenogram {

// PRAGMA user_version of archives this code writes and reads. Format 4 stores texts compressed
// (textcodec.h); format 3 differs only in that (plain texts, views without stn_text) and is still
// read as it is. Older ones get the command that rebuilds them.
inline constexpr int kSchemaVersion = 4;
inline constexpr int kOldestReadableVersion = 3;

// The CREATE statements of an empty archive (tables, indexes, FTS5 tables), in order.
const char* SchemaSql();

// Format 3's two views (documents, turns) as format 3 wrote them: they read texts without stn_text.
// A format-3 archive holds these instead of SchemaSql()'s; everything else is the same.
const char* Format3ViewsSql();

// Creates the schema in an empty database and sets user_version. Returns false and fills
// *error on failure. Requires the stenogram tokenizer to be registered on db.
bool CreateSchema(sqlite3* db, std::string* error);

// Checks that db looks like a Stenogram archive this build can read: user_version is
// kOldestReadableVersion..kSchemaVersion and the required tables exist. On failure *error says what is wrong in words a
// user understands (e.g. "not a Stenogram archive: table documents is missing").
// An archive of an older version (1, 2) gets one sentence naming the exact command that rebuilds it
// (from its meta 'sources' and 'import'; archive_name is the output file named in it).
bool CheckSchema(sqlite3* db, std::string* error, const std::string& archive_name = "");

// The stenogram-build command line that rebuilds the archive on db from its sources, as recorded in
// its meta (works on every format version): "stenogram-build -o NAME --title T a.jsonl b.csv".
std::string RebuildCommand(sqlite3* db, const std::string& archive_name);

}  // namespace stenogram
