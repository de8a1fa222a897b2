// Tests of rank: stn_bm25 (bm25 with the documents' lengths from stats_doclen) scores exactly as
// FTS5's bm25 does, a damaged or missing stats_doclen falls back to bm25 with the same results,
// and with the lengths cached a ranked search reads far fewer blocks (no docsize row per match).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <random>
#include <string>
#include <vector>

#include "core/archive/blockvfs.h"
#include "core/archive/rank.h"
#include "core/archive/readplan.h"
#include "core/view/query.h"
#include "test_support.h"

using namespace stenogram;

namespace {

// n documents with titles, some summaries and texts of varied lengths (a few empty).
std::vector<unsigned char> Corpus(int n) {
  std::string jsonl;
  std::mt19937 rng(5);
  const char* words[] = {"negotiations", "sanctions", "security", "about", "the", "Minsk", "dialogue", "переговоры", "Лавров"};
  for (int i = 1; i <= n; ++i) {
    std::string text = i % 17 == 0 ? "" : "Sergey Lavrov: ";
    const size_t count = i % 17 == 0 ? 0 : 20 + rng() % 3000;
    for (size_t w = 0; w < count; ++w) text += std::string(words[rng() % 9]) + (w % 11 == 3 ? " item" + std::to_string(rng() % 900) + " " : " ");
    jsonl += "{\"id\":\"d" + std::to_string(i) + "\",\"title\":\"Talks on " + words[i % 9] + " " + std::to_string(i) +
             "\",\"date\":\"20" + std::to_string(10 + i % 9) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
             "\"" + (i % 3 ? ",\"summary\":\"On " + std::string(words[(i + 4) % 9]) + " and security\"" : "") + ",\"text\":\"" + text + "\"}\n";
  }
  return test_support::ImageOfJsonl("rank.jsonl", jsonl);
}

// Every block a request (no read-ahead): the counts below are the blocks read.
test_support::Opened Open(const std::vector<unsigned char>& bytes) { return test_support::OpenThroughCache(bytes, 4096, 1); }
std::vector<unsigned char> Altered(const std::vector<unsigned char>& bytes, const std::string& sql) {
  return test_support::AlteredImage(bytes, sql);
}

const char* const kQueries[] = {"negotiations", "security", "Minsk OR dialogue", "\"about the\"", "item1*", "переговоры", "talks"};

}  // namespace

TEST_CASE("rank: stn_bm25 scores exactly as FTS5's bm25, row by row") {
  const auto bytes = Corpus(300);
  test_support::Opened o = Open(bytes);
  REQUIRE(o.archive->DocLengthsPending());
  REQUIRE(o.archive->RankFromDocLengths());
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(o.archive->Db(),
                             "SELECT rowid, bm25(documents_fts, 1.0, 10.0, 4.0), stn_bm25(documents_fts, 1.0, 10.0, 4.0), "
                             "bm25(documents_fts), stn_bm25(documents_fts) FROM documents_fts WHERE documents_fts MATCH ?1",
                             -1, &s, nullptr) == SQLITE_OK);
  int rows = 0;
  for (const char* q : kQueries) {
    INFO(q);
    sqlite3_reset(s);
    const std::string expr = MatchExpression(q);
    sqlite3_bind_text(s, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    int n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
      INFO("row " << sqlite3_column_int64(s, 0));
      CHECK(sqlite3_column_double(s, 1) == sqlite3_column_double(s, 2));  // bit for bit, not nearly
      CHECK(sqlite3_column_double(s, 3) == sqlite3_column_double(s, 4));
      ++n;
    }
    CHECK(n > 0);
    rows += n;
  }
  sqlite3_finalize(s);
  MESSAGE("compared " << rows << " scores");
}

TEST_CASE("rank: a damaged or missing stats_doclen falls back to bm25 with the same results") {
  const auto bytes = Corpus(200);
  const std::vector<std::pair<const char*, std::vector<unsigned char>>> variants = {
      {"dropped", Altered(bytes, "DROP TABLE stats_doclen")},
      {"truncated", Altered(bytes, "UPDATE stats_doclen SET data = substr(data, 1, 50)")},
      {"too long", Altered(bytes, "UPDATE stats_doclen SET data = data || x'0102'")},
      {"bad varint", Altered(bytes, "UPDATE stats_doclen SET data = data || x'ff'")},
      {"not a blob", Altered(bytes, "UPDATE stats_doclen SET data = 'text'")},
      {"gap", Altered(bytes, "UPDATE stats_doclen SET first_doc = 2")},
  };
  test_support::Opened good = Open(bytes);
  for (const auto& variant : variants) {
    INFO(variant.first);
    test_support::Opened o = Open(variant.second);
    CHECK(!o.archive->RankFromDocLengths());
    for (const char* text : kQueries) {
      INFO(text);
      Query q;
      q.text = text;
      const QueryResult a = RunQuery(*good.archive, q), b = RunQuery(*o.archive, q);
      CHECK(a.error.empty());
      CHECK(b.error.empty());
      CHECK(a.ids == b.ids);
      CHECK(a.scores == b.scores);
      q.speaker = "sergey lavrov";  // the speaker-limited plan ranks the same way
      CHECK(RunQuery(*good.archive, q).ids == RunQuery(*o.archive, q).ids);
    }
  }
}

TEST_CASE("rank: with the lengths fetched ahead, ranking reads no index size row per match") {
  // Many short documents, one in 20 about sanctions: a small doclist whose size rows are spread
  // over every page of the docsize table.
  std::string jsonl;
  for (int i = 1; i <= 20000; ++i)
    jsonl += "{\"title\":\"Note " + std::to_string(i) + "\",\"date\":\"2015-01-01\",\"text\":\"On item" + std::to_string(i % 700) +
             (i % 20 == 0 ? " and sanctions" : "") + ".\"}\n";
  const auto bytes = test_support::ImageOfJsonl("notes.jsonl", jsonl);
  const auto without = Altered(bytes, "DROP TABLE stats_doclen");
  Query q;
  q.text = "sanctions";
  test_support::Opened a = Open(bytes);
  int steps = 0;
  std::string error;
  for (; steps < 8; ++steps) {
    const auto runs = PlanRankReads(*a.cache, *a.archive);
    if (runs.empty()) break;
    REQUIRE(a.cache->FetchRuns(runs, &error));
  }
  CHECK(steps >= 1);
  CHECK(steps <= 4);  // b-tree levels, then the lengths' overflow pages guessed contiguous (checked, then the rest)
  CHECK(!a.archive->DocLengthsPending());
  const uint64_t before = a.cache->Stats().requests;
  const QueryResult ra = RunQuery(*a.archive, q);
  const uint64_t with_lengths = a.cache->Stats().requests - before;
  test_support::Opened b = Open(without);
  for (int step = 0; step < 8; ++step) {  // the index's records only: bm25 as before
    const auto runs = PlanRankReads(*b.cache, *b.archive);
    if (runs.empty()) break;
    REQUIRE(b.cache->FetchRuns(runs, &error));
  }
  CHECK(!b.archive->RankFromDocLengths());
  const uint64_t before_b = b.cache->Stats().requests;
  const QueryResult rb = RunQuery(*b.archive, q);
  const uint64_t with_docsize = b.cache->Stats().requests - before_b;
  REQUIRE(ra.total == 1000);
  CHECK(ra.ids == rb.ids);
  CHECK(ra.scores == rb.scores);
  MESSAGE("ranking " << ra.total << " matches: " << with_lengths << " blocks with the lengths fetched ahead, " << with_docsize
                     << " reading the index's sizes");
  CHECK(with_lengths * 3 < with_docsize);
}

TEST_CASE("rank: EncodeDocLengths and LoadDocLengths round trip; the count must match") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  test_support::Exec(db, "CREATE TABLE stats_doclen(first_doc INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  const std::vector<uint32_t> lengths = {0, 1, 127, 128, 300000, 4000000000u};
  const std::string data = EncodeDocLengths(lengths);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO stats_doclen VALUES (1, ?1)", -1, &s, nullptr) == SQLITE_OK);
  sqlite3_bind_blob(s, 1, data.data(), static_cast<int>(data.size()), SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(s) == SQLITE_DONE);
  sqlite3_finalize(s);
  DocLengths got;
  REQUIRE(LoadDocLengths(db, 6, &got));
  CHECK(got.tokens == lengths);
  uint32_t v = 0;
  CHECK(got.Get(6, &v));
  CHECK(v == 4000000000u);
  CHECK(!got.Get(0, &v));
  CHECK(!got.Get(7, &v));
  CHECK(!LoadDocLengths(db, 5, &got));  // more lengths than documents
  CHECK(got.tokens.empty());
  CHECK(!LoadDocLengths(db, 7, &got));  // fewer
  sqlite3_close(db);
}
