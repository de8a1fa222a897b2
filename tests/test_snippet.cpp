// Tests for stn_snippet (core/archive/snippet.h): the window, hit marks, ellipses, stemmed and phrase hits.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

#include "core/archive/snippet.h"
#include "core/archive/tokenizer.h"

namespace {

struct Db {
  sqlite3* db = nullptr;
  Db() {
    sqlite3_open(":memory:", &db);
    std::string error;
    REQUIRE(stenogram::RegisterTokenizer(db, &error));
    REQUIRE(stenogram::RegisterSnippetFunction(db, &error));
    REQUIRE(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='stenogram')", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
  }
  ~Db() { sqlite3_close(db); }
  void Add(const std::string& a, const std::string& b) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t(a, b) VALUES (?1, ?2)", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, a.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, b.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(s) == SQLITE_DONE);
    sqlite3_finalize(s);
  }
  // stn_snippet of column col for the first row matching query, with [ ] as marks.
  std::string Snippet(const std::string& query, int col, int tokens) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT stn_snippet(t, ?2, '[', ']', '…', ?3) FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &s,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_text(s, 1, query.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, col);
    sqlite3_bind_int(s, 3, tokens);
    std::string out = "(no row)";
    if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }
};

}  // namespace

TEST_CASE("stn_snippet marks the hit in a short text without ellipses") {
  Db d;
  d.Add("Talks on security", "We discussed security and trade.");
  CHECK(d.Snippet("security", 1, 24) == "We discussed [security] and trade.");
  CHECK(d.Snippet("security", 0, 24) == "Talks on [security]");
}

TEST_CASE("stn_snippet cuts a window around a late hit, with ellipses on both cut ends") {
  Db d;
  std::string text;
  for (int i = 0; i < 100; ++i) text += "word" + std::to_string(i) + " ";
  text += "sanctions were discussed ";
  for (int i = 0; i < 100; ++i) text += "tail" + std::to_string(i) + " ";
  d.Add("x", text);
  // 8 tokens: 2 before the hit (a quarter of the window), the hit, 5 after.
  CHECK(d.Snippet("sanctions", 1, 8) == "…word98 word99 [sanctions] were discussed tail0 tail1 tail2…");
}

TEST_CASE("stn_snippet finds stemmed Russian forms and marks a phrase as one range") {
  Db d;
  d.Add("x", "Мы провели переговоры. В ходе переговоров обсудили международное право и безопасность.");
  CHECK(d.Snippet("переговорах", 1, 24) ==
        "Мы провели [переговоры]. В ходе [переговоров] обсудили международное право и безопасность.");
  CHECK(d.Snippet("\"международное право\"", 1, 24) ==
        "Мы провели переговоры. В ходе переговоров обсудили [международное право] и безопасность.");
}

TEST_CASE("stn_snippet prefers the window with the most hits and shows the start when a column has none") {
  Db d;
  std::string text = "peace alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
                     "peace talks peace process peace";
  d.Add("no hits here at all in this title", text);
  const std::string s = d.Snippet("peace", 1, 6);
  CHECK(s == "…omicron [peace] talks [peace] process [peace]");
  CHECK(d.Snippet("peace", 0, 3) == "no hits here…");
}
