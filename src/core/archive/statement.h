// statement: the one prepared-statement wrapper of the core's readers (archive, queries): finalizes
// itself, binds by position, reads columns, and reports failures to the archive guard so that
// corruption and over-budget statements become "this archive is damaged" (archive_guard.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace stenogram {

// A value bound to a '?' of a statement built at run time (queries collect them with the SQL).
struct SqlParam {
  bool is_int = false;
  int64_t i = 0;
  std::string s;
};

class Stmt {
 public:
  // Prepares sql on db; a failure leaves the statement empty (Step returns false, Failed() true,
  // Error() says why) and is noted with the archive guard.
  Stmt(sqlite3* db, const std::string& sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool Ok() const { return stmt_ != nullptr; }
  void BindInt(int i, int64_t v);           // 1-based, as SQLite
  void BindText(int i, const std::string& v);
  void BindAll(const std::vector<SqlParam>& params);  // ?1, ?2, ... in order
  // Next row; false at the end or on an error (then Failed(), Error() and maybe Damage() are set).
  bool Step();
  void Reset();  // to run again: rewound, bindings cleared

  std::string Text(int i) const;  // "" for NULL
  int64_t Int(int i) const;
  double Double(int i) const;
  bool IsNull(int i) const;

  bool Failed() const { return failed_ || !stmt_; }
  const std::string& Error() const { return error_; }
  // Set when the failure is the archive's (damaged, too slow), not the query's.
  const std::string& Damage() const { return damage_; }
  sqlite3_stmt* Raw() const { return stmt_; }

 private:
  void NoteFailure(int rc);
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  bool failed_ = false;
  std::string error_, damage_;
};

}  // namespace stenogram
