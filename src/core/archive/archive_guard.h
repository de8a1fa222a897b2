// archive_guard: an archive is untrusted input. Every connection that reads one is hardened here
// before the first query: read-only, SQLite's defensive mode, no trusted schema, cell size checks,
// no views or triggers, limits sized for real archives, and a per-statement time budget so no
// statement (an endless recursive CTE, a huge join) can run unbounded. Failures are turned into
// words for a user: "this archive is damaged", "too slow or damaged".
#pragma once
#include <cstdint>
#include <string>

struct sqlite3;

namespace stenogram {

// Limits applied to every archive connection (sqlite3_limit). Sized for real archives: a document
// text of a few hundred MB still opens, an expression nested 30,000 deep does not.
inline constexpr int kArchiveMaxLength = 256 << 20;      // SQLITE_LIMIT_LENGTH: bytes of one string or blob
inline constexpr int kArchiveMaxSqlLength = 1 << 20;     // SQLITE_LIMIT_SQL_LENGTH: one statement's SQL
inline constexpr int kArchiveMaxExprDepth = 200;         // SQLITE_LIMIT_EXPR_DEPTH
inline constexpr int kArchiveMaxVariables = 10000;       // SQLITE_LIMIT_VARIABLE_NUMBER

// The default per-statement budget in milliseconds (wall clock, from a statement's first step).
inline constexpr int kDefaultStatementBudgetMs = 8000;

// Hardens db, which holds an archive opened for reading: sets the defensive configuration, the
// limits and pragmas above, makes the connection query-only, and installs the statement budget.
// Call it before any other statement on db. Returns false with *error (no file name) when SQLite
// refuses a setting. The guard's state lives until db is closed.
bool HardenArchiveConnection(sqlite3* db, std::string* error);

// Checks that db's schema holds only what an archive of this build holds: the expected tables
// (and FTS5 shadow tables, sqlite_stat*), indexes on them, no views, no triggers, and the expected
// columns with none generated. On failure *error says what is wrong ("not a Stenogram archive: it
// contains a view 'documents' ..."). Expects a hardened connection with the tokenizer registered.
bool CheckArchiveObjects(sqlite3* db, std::string* error);

// For a schema that does not parse (SQLite's "malformed database schema"): what its raw
// sqlite_schema rows, read with parse errors ignored, show that an archive never holds: "it contains
// a trigger 't' ...", "table 't' has a generated column", or "" when none is there (the file is then
// damaged). The hosted engine's SQLite is built without triggers and generated columns
// (cmake/sqlite-read-omits.txt), so a schema with one does not parse there and this names it; with
// the full SQLite CheckArchiveObjects does. Leaves db fit only to be closed.
std::string UnparsedSchemaObject(sqlite3* db);

// Changes the statement budget of a hardened connection (tests use a few milliseconds). ms <= 0
// turns the budget off.
void SetStatementBudget(sqlite3* db, int ms);

// What the guard saw go wrong on db since the last call, in words for a user, and clears it:
// "This archive is too slow to read or damaged: ..." after a statement ran out of its budget,
// "This archive is damaged: ..." after SQLite met corruption (see NoteSqliteResult). "" if nothing.
std::string TakeArchiveTrouble(sqlite3* db);

// Records the result code of a failed step or prepare on an archive connection, so corruption and
// interrupts are remembered for TakeArchiveTrouble. Harmless on other connections.
void NoteSqliteResult(sqlite3* db, int rc);

// The words for a user for a SQLite failure that is not the user's fault: corruption, an
// interrupted (over-budget) statement, a string over the length limit, out of memory. "" for
// anything else (for example a malformed search, which has its own messages).
std::string ArchiveFailureMessage(int rc, const std::string& sqlite_message);

// Makes SQLite's random numbers independent of the file system (the default VFS reads
// /dev/urandom, which loops forever in a build without a file system): registers, once, a default
// VFS that forwards everything to the previous default except xRandomness. Called by
// HardenArchiveConnection; safe to call again.
void InstallRandomnessSource();

}  // namespace stenogram
