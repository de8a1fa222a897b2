// statement: the prepared-statement wrapper (see statement.h).
#include "core/archive/statement.h"

#include <sqlite3.h>

#include "core/archive/archive_guard.h"

namespace stenogram {

Stmt::Stmt(sqlite3* db, const std::string& sql) : db_(db) {
  NoteFailure(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr));
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

void Stmt::BindInt(int i, int64_t v) {
  if (stmt_) sqlite3_bind_int64(stmt_, i, v);
}

void Stmt::BindText(int i, const std::string& v) {
  if (stmt_) sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

void Stmt::BindAll(const std::vector<SqlParam>& params) {
  for (size_t n = 0; n < params.size(); ++n) {
    const int i = static_cast<int>(n) + 1;
    if (params[n].is_int) BindInt(i, params[n].i);
    else BindText(i, params[n].s);
  }
}

bool Stmt::Step() {
  if (!stmt_) return false;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  NoteFailure(rc);
  return false;
}

void Stmt::Reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Stmt::Text(int i) const {
  const unsigned char* t = stmt_ ? sqlite3_column_text(stmt_, i) : nullptr;
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string();
}

int64_t Stmt::Int(int i) const { return stmt_ ? sqlite3_column_int64(stmt_, i) : 0; }
double Stmt::Double(int i) const { return stmt_ ? sqlite3_column_double(stmt_, i) : 0.0; }
bool Stmt::IsNull(int i) const { return !stmt_ || sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

void Stmt::NoteFailure(int rc) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  failed_ = true;
  error_ = sqlite3_errmsg(db_);
  NoteSqliteResult(db_, rc);  // corruption and over-budget runs: "this archive is damaged"
  damage_ = ArchiveFailureMessage(rc, error_);
}

}  // namespace stenogram
