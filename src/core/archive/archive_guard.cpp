// archive_guard: the reading defences of an archive connection (see archive_guard.h).
#include "core/archive/archive_guard.h"

#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/archive/schema.h"
#include "core/archive/tokenizer.h"

namespace stenogram {
namespace {

constexpr const char* kGuardKey = "stenogram.guard";

// Per-connection state, owned by the connection (sqlite3_set_clientdata frees it on close).
struct GuardState {
  sqlite3* db = nullptr;
  int budget_ms = kDefaultStatementBudgetMs;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool over_budget = false;  // the progress handler interrupted a statement
  int damage_rc = 0;         // the first corruption-like result code seen
  std::string trouble;       // the message for TakeArchiveTrouble
};

GuardState* State(sqlite3* db) {
  return db ? static_cast<GuardState*>(sqlite3_get_clientdata(db, kGuardKey)) : nullptr;
}

// Called every few hundred VM instructions: interrupts a statement that ran past its budget.
int OnProgress(void* arg) {
  auto* g = static_cast<GuardState*>(arg);
  if (g->budget_ms <= 0) return 0;
  const auto elapsed = std::chrono::steady_clock::now() - g->start;
  if (elapsed < std::chrono::milliseconds(g->budget_ms)) return 0;
  g->over_budget = true;
  return 1;
}

// A statement starts running: the budget's clock starts, unless another statement on the
// connection is mid-run (FTS5's own statements inside a search count towards the search).
int OnTrace(unsigned type, void* arg, void* p, void*) {
  if (type != SQLITE_TRACE_STMT) return 0;
  auto* g = static_cast<GuardState*>(arg);
  auto* self = static_cast<sqlite3_stmt*>(p);
  for (sqlite3_stmt* s = sqlite3_next_stmt(g->db, nullptr); s; s = sqlite3_next_stmt(g->db, s))
    if (s != self && sqlite3_stmt_busy(s)) return 0;
  g->start = std::chrono::steady_clock::now();
  return 0;
}

// ---- randomness without a file system ----

sqlite3_vfs g_random_vfs;
bool g_random_installed = false;

uint64_t SplitMix(uint64_t* x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Seeds SQLite's PRNG from clocks and addresses: enough for randomblob() and temporary names in a
// read-only viewer (nothing here needs unpredictability), and it never touches /dev/urandom.
int Randomness(sqlite3_vfs*, int n, char* out) {
  static uint64_t counter = 0;
  uint64_t x = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
               static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) * 31 ^
               reinterpret_cast<uintptr_t>(&counter) ^ (++counter << 40);
  for (int i = 0; i < n; i += 8) {
    const uint64_t r = SplitMix(&x);
    std::memcpy(out + i, &r, static_cast<size_t>(n - i < 8 ? n - i : 8));
  }
  return n;
}

// The expected objects, read from an empty archive made with this build's SchemaSql.
struct Expected {
  std::set<std::string> tables;                               // incl. FTS5 shadow tables
  std::vector<std::pair<std::string, std::vector<std::string>>> columns;  // ordinary tables' columns
  std::map<std::string, std::string> views;                   // the format's own views: name → exact SQL
  std::map<std::string, std::string> format3_views;           // the same, as format 3 wrote them
  std::string error;
};

const Expected& ExpectedSchema() {
  static const Expected expected = [] {
    Expected e;
    sqlite3* db = nullptr;
    std::string why;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || !RegisterTokenizer(db, &why) || !CreateSchema(db, &why)) {
      e.error = "cannot build the expected schema: " + why;
      sqlite3_close(db);
      return e;
    }
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT name, sql LIKE 'CREATE VIRTUAL%' FROM sqlite_schema WHERE type = 'table'", -1, &s,
                       nullptr);
    std::vector<std::string> ordinary;
    while (sqlite3_step(s) == SQLITE_ROW) {
      const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      e.tables.insert(name);
      if (sqlite3_column_int(s, 1) == 0) ordinary.push_back(name);
    }
    sqlite3_finalize(s);
    sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'view'", -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW)
      e.views[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] =
          reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
    sqlite3_finalize(s);
    // Format 3's views (texts read without stn_text), for archives of that version.
    if (sqlite3_exec(db, (std::string("DROP VIEW documents; DROP VIEW turns;") + Format3ViewsSql()).c_str(), nullptr,
                     nullptr, nullptr) != SQLITE_OK) {
      e.error = std::string("cannot build the expected schema: ") + sqlite3_errmsg(db);
      sqlite3_close(db);
      return e;
    }
    sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'view'", -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW)
      e.format3_views[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] =
          reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
    sqlite3_finalize(s);
    for (const std::string& t : ordinary) {
      std::vector<std::string> cols;
      sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_xinfo(?1)", -1, &s, nullptr);
      sqlite3_bind_text(s, 1, t.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(s) == SQLITE_ROW) cols.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
      sqlite3_finalize(s);
      e.columns.emplace_back(t, std::move(cols));
    }
    sqlite3_close(db);
    return e;
  }();
  return expected;
}

std::string Text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

// Cuts a name from a hostile schema to something printable in a message.
std::string Shown(const std::string& name) {
  std::string out;
  for (char c : name.substr(0, 60)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return name.size() > 60 ? out + "…" : out;
}

}  // namespace

void InstallRandomnessSource() {
  if (g_random_installed) return;
  if (sqlite3_initialize() != SQLITE_OK) return;
  sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
  if (!base) return;
  g_random_vfs = *base;
  g_random_vfs.pNext = nullptr;
  g_random_vfs.zName = "stenogram-random";
  g_random_vfs.xRandomness = Randomness;
  if (sqlite3_vfs_register(&g_random_vfs, 1) == SQLITE_OK) g_random_installed = true;
}

bool HardenArchiveConnection(sqlite3* db, std::string* error) {
  InstallRandomnessSource();
  auto fail = [&](const char* what) {
    if (error) *error = std::string("cannot secure the connection (") + what + ": " + sqlite3_errmsg(db) + ")";
    return false;
  };
  if (State(db)) return true;  // already hardened
  int on = 0;
  if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) != SQLITE_OK || !on) return fail("defensive");
  if (sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &on) != SQLITE_OK || on) return fail("trusted schema");
  if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &on) != SQLITE_OK || on) return fail("triggers");
  // Views stay on: format 2 has two of its own (documents, turns); CheckArchiveObjects accepts a view
  // only when its SQL is exactly the format's, so an archive cannot bring one of its own.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, kArchiveMaxLength);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, kArchiveMaxSqlLength);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, kArchiveMaxExprDepth);
  sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 50);
  sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 1000000);
  sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 32);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000);
  sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, kArchiveMaxVariables);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 200);
  if (sqlite3_exec(db, "PRAGMA cell_size_check=ON; PRAGMA query_only=ON; PRAGMA mmap_size=0;", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return fail("pragmas");
  auto* g = new GuardState;
  g->db = db;
  if (sqlite3_set_clientdata(db, kGuardKey, g, [](void* p) { delete static_cast<GuardState*>(p); }) != SQLITE_OK) {
    delete g;
    return fail("state");
  }
  sqlite3_progress_handler(db, 1000, OnProgress, g);
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, OnTrace, g);
  return true;
}

bool CheckArchiveObjects(sqlite3* db, std::string* error) {
  const Expected& expected = ExpectedSchema();
  if (!expected.error.empty()) {
    if (error) *error = expected.error;
    return false;
  }
  auto refuse = [&](const std::string& why) {
    if (error) *error = "not a Stenogram archive: " + why;
    return false;
  };
  sqlite3_stmt* s = nullptr;
  // A format-3 archive has format 3's views (CheckSchema reads the version; this only picks them).
  int version = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    version = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  s = nullptr;
  const std::map<std::string, std::string>& views = version == 3 ? expected.format3_views : expected.views;
  if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema", -1, &s, nullptr) != SQLITE_OK) {
    const int rc = sqlite3_errcode(db);
    if (error) {
      const std::string damaged = ArchiveFailureMessage(rc, sqlite3_errmsg(db));
      *error = damaged.empty() ? std::string("not a SQLite database (") + sqlite3_errmsg(db) + ")" : damaged;
    }
    return false;
  }
  std::string why;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const std::string type = Text(s, 0), name = Text(s, 1), table = Text(s, 2);
    if (type == "table") {
      if (!expected.tables.count(name) && name.rfind("sqlite_stat", 0) != 0 && name != "sqlite_sequence")
        why = "it contains an unexpected table '" + Shown(name) + "'";
    } else if (type == "index") {
      if (!expected.tables.count(table)) why = "it contains an index '" + Shown(name) + "' on an unexpected table";
    } else if (type == "view") {
      auto v = views.find(name);
      if (v == views.end() || v->second != Text(s, 3))
        why = "it contains a view '" + Shown(name) + "' that is not the format's own (archives hold only the format's "
              "tables, indexes and views)";
    } else if (type == "trigger") {
      why = "it contains a trigger '" + Shown(name) + "' (archives hold only tables and indexes)";
    } else {
      why = "it contains an unexpected schema object '" + Shown(name) + "'";
    }
    if (!why.empty()) break;
  }
  if (why.empty() && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    const std::string damaged = ArchiveFailureMessage(rc, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    if (error) *error = damaged.empty() ? std::string("cannot read the schema (") + sqlite3_errmsg(db) + ")" : damaged;
    return false;
  }
  sqlite3_finalize(s);
  if (!why.empty()) return refuse(why);
  // Every expected column present, none generated (a generated column runs an expression on read).
  for (const auto& [table, columns] : expected.columns) {
    if (sqlite3_prepare_v2(db, "SELECT name, hidden FROM pragma_table_xinfo(?1)", -1, &s, nullptr) != SQLITE_OK)
      return refuse(std::string("cannot read its tables (") + sqlite3_errmsg(db) + ")");
    sqlite3_bind_text(s, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    std::set<std::string> present;
    while (sqlite3_step(s) == SQLITE_ROW) {
      present.insert(Text(s, 0));
      if (sqlite3_column_int(s, 1) >= 2) why = "column '" + Shown(Text(s, 0)) + "' of table '" + table + "' is generated";
    }
    sqlite3_finalize(s);
    if (!why.empty()) return refuse(why);
    if (present.empty()) continue;  // a missing table is CheckSchema's to report
    for (const std::string& c : columns)
      if (!present.count(c)) return refuse("table '" + table + "' has no column '" + c + "'");
  }
  return true;
}

namespace {

// Whether a CREATE TABLE statement declares a generated column ("AS (" or GENERATED outside quotes
// and comments), read without SQLite's parser. Only for naming the cause of a refusal.
bool DeclaresGeneratedColumn(const std::string& sql) {
  std::string previous;  // the last word, upper-cased
  for (size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {  // a string or a quoted name
      const char close = c == '[' ? ']' : c;
      const size_t end = sql.find(close, i + 1);
      i = end == std::string::npos ? sql.size() : end + 1;
      previous.clear();
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      i = end == std::string::npos ? sql.size() : end + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      std::string word;
      for (; i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_'); ++i)
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
      if (word == "GENERATED") return true;
      previous = word;
    } else {
      if (c == '(' && previous == "AS") return true;
      if (!std::isspace(static_cast<unsigned char>(c))) previous.clear();
      ++i;
    }
  }
  return false;
}

}  // namespace

std::string UnparsedSchemaObject(sqlite3* db) {
  // Schema errors ignored (SQLITE_NoSchemaError): the first prepare still reports the error it meets
  // loading the schema; the next reads the rows. Defensive mode would refuse the writable schema;
  // the VFS stays read-only either way, and the caller closes db after this.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_WRITABLE_SCHEMA, 1, nullptr);
  const char* sql = "SELECT type, name, sql FROM sqlite_schema";
  sqlite3_stmt* s = nullptr;
  for (int attempt = 0; attempt < 2 && sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK; ++attempt) {
    sqlite3_finalize(s);
    s = nullptr;
  }
  std::string why;
  while (s && why.empty() && sqlite3_step(s) == SQLITE_ROW) {
    const std::string type = Text(s, 0);
    if (type == "trigger") why = "it contains a trigger '" + Shown(Text(s, 1)) + "' (archives hold only tables and indexes)";
    else if (type == "table" && DeclaresGeneratedColumn(Text(s, 2))) why = "table '" + Shown(Text(s, 1)) + "' has a generated column";
  }
  sqlite3_finalize(s);
  return why;
}

void SetStatementBudget(sqlite3* db, int ms) {
  if (GuardState* g = State(db)) g->budget_ms = ms;
}

void NoteSqliteResult(sqlite3* db, int rc) {
  GuardState* g = State(db);
  if (!g) return;
  const int primary = rc & 0xff;
  if (primary == SQLITE_INTERRUPT && g->over_budget) {
    if (g->trouble.empty())
      g->trouble = "This archive is too slow to read or damaged: a query ran longer than " +
                   std::to_string(g->budget_ms / 1000) + " s and was stopped.";
    g->over_budget = false;
    return;
  }
  const std::string message = ArchiveFailureMessage(rc, sqlite3_errmsg(db));
  if (!message.empty() && g->trouble.empty()) g->trouble = message;
}

std::string TakeArchiveTrouble(sqlite3* db) {
  GuardState* g = State(db);
  if (!g) return "";
  if (g->over_budget && g->trouble.empty())
    g->trouble = "This archive is too slow to read or damaged: a query ran longer than " +
                 std::to_string(g->budget_ms / 1000) + " s and was stopped.";
  g->over_budget = false;
  std::string out;
  out.swap(g->trouble);
  return out;
}

std::string ArchiveFailureMessage(int rc, const std::string& sqlite_message) {
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return "This archive is damaged (" + sqlite_message + "); open a fresh copy.";
    case SQLITE_INTERRUPT:
      return "This archive is too slow to read or damaged: a query took too long and was stopped.";
    case SQLITE_TOOBIG:
      return "This archive is damaged or hostile: a value in it is larger than " +
             std::to_string(kArchiveMaxLength >> 20) + " MB.";
    case SQLITE_NOMEM:
      return "This archive needs more memory than the browser gives.";
    default:
      break;
  }
  // Corruption of the search index comes back from FTS5 as a generic error with these words.
  if (sqlite_message.find("malformed") != std::string::npos || sqlite_message.find("corrupt") != std::string::npos)
    return "This archive is damaged (" + sqlite_message + "); open a fresh copy.";
  if (sqlite_message.find("vtable constructor failed") != std::string::npos)
    return "This archive is damaged: its search index cannot be opened; open a fresh copy.";
  return "";
}

}  // namespace stenogram
