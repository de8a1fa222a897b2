// Relevance check: a handful of searches on the bundled sample and on the real corpora in
// ../shared/corpora, each with the documents a person would expect at the top. It guards the
// ranking (bm25 over the one full-text index, title 10 : summary 4 : text 1) and speaker-limited
// search (hits mapped to the speaker's turns) against regressions.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/import/import.h"
#include "core/view/query.h"
#include "core/archive/statement.h"
#include "core/archive/tokenizer.h"
#include "test_support.h"

using namespace stenogram;
namespace fs = std::filesystem;

namespace {

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Builds an in-memory archive from files (the real import path) and opens it.
std::unique_ptr<Archive> Build(const std::vector<fs::path>& files) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(db, &error));
  std::vector<InputFile> inputs;
  for (const fs::path& f : files) inputs.push_back({f.string(), ReadAll(f), ""});
  ImportReport report;
  REQUIRE_MESSAGE(ImportInputs(db, inputs, ImportOptions{}, &report, &error), error);
  auto archive = Archive::Adopt(db, "relevance", &error);
  REQUIRE_MESSAGE(archive, error);
  return archive;
}

// Titles of the first n results of q.
std::vector<std::string> TopTitles(const Archive& a, const std::string& text, const std::string& speaker, size_t n) {
  Query q;
  q.text = text;
  q.speaker = speaker;
  const QueryResult r = RunQuery(a, q);
  REQUIRE_MESSAGE(r.error.empty(), r.error);
  std::vector<std::string> out;
  for (const ResultRow& row : ResultRows(a, q, r.ids, 0, n, &r.scores)) out.push_back(row.title);
  return out;
}

// Whether a title containing want is among the first n results.
bool InTop(const Archive& a, const std::string& text, const std::string& speaker, const std::string& want, size_t n) {
  const auto titles = TopTitles(a, text, speaker, n);
  std::string seen;
  for (const auto& t : titles) {
    if (t.find(want) != std::string::npos) return true;
    seen += "\n  " + t;
  }
  MESSAGE("query '", text, "' speaker '", speaker, "': expected '", want, "' in the top ", n, "; got:", seen);
  return false;
}

}  // namespace

TEST_CASE("relevance: the sample's searches put the expected speech first") {
  const fs::path root = STENOGRAM_SOURCE_DIR;
  const fs::path json = fs::temp_directory_path() / "stenogram-relevance-sample.json";
  const std::string cmd = "python3 '" + (root / "tools/make-sample.py").string() + "' '" + json.string() + "' >/dev/null";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "tools/make-sample.py failed");
  auto a = Build({json});
  fs::remove(json);
  CHECK(InTop(*a, "Ust-Kamenogorsk", "", "Kazakhstan", 1));
  CHECK(InTop(*a, "Iraq terrorism", "", "Iraq", 1));
  CHECK(InTop(*a, "Dacic", "", "Serbia", 1));
  CHECK(InTop(*a, "OSCE Ministerial Council", "", "OSCE Ministerial Council", 2));
  CHECK(InTop(*a, "humanitarian", "", "humanitarian situation", 1));
  CHECK(InTop(*a, "Kerry", "", "John Kerry", 1));
  CHECK(InTop(*a, "Belgium", "", "Belgium", 1));
  // Speaker-limited: the question asked, not the minister's answer.
  CHECK(InTop(*a, "year", "question", "results of the year", 2));
}

TEST_CASE("relevance: the shared corpora's searches put the expected documents first") {
  const fs::path root = fs::path(STENOGRAM_SOURCE_DIR) / "../shared/corpora";
  if (!fs::exists(root / "interviews") || !fs::exists(root / "resistinua")) {
    MESSAGE("../shared/corpora is absent: skipped");
    return;
  }
  auto a = Build({root / "interviews/barack_obama_interviews.json", root / "interviews/vladimir_putin_interviews.json",
                  root / "resistinua/messages-en.jsonl"});
  CHECK(InTop(*a, "famine", "", "global famine", 1));
  CHECK(InTop(*a, "Slovak", "", "Slovak Republic", 1));
  CHECK(InTop(*a, "Azovstal evacuation", "", "Azovstal", 1));
  CHECK(InTop(*a, "health care", "", "Barack Obama", 3));
  // Speaker-limited: only what that speaker said counts.
  CHECK(InTop(*a, "Syria", "vladimir putin", "alarabiya.net, Vladimir Putin", 1));
  CHECK(InTop(*a, "health care", "barack obama", "Barack Obama", 1));
  CHECK(TopTitles(*a, "Azovstal", "barack obama", 3).empty());
}

// RunQuery sorts a ranked search itself (not with SQLite's ORDER BY) when ids are in date order:
// the order must be exactly the SQL one, ties included (equal scores: dated before undated, newer
// first), speaker-limited searches too.
TEST_CASE("relevance: the ranked order is SQL's ORDER BY score, undated last, newer first") {
  std::string jsonl;
  // Four identical texts (equal scores), two of them undated, among others that score apart.
  for (const char* date : {"2015-03-01", "", "2019-07-02", ""})
    jsonl += std::string("{\"title\": \"Same\", \"date\": \"") + date + "\", \"text\": \"Question: Sanctions? Sergey Lavrov: Sanctions again.\"}\n";
  for (int i = 0; i < 30; ++i)
    jsonl += "{\"title\": \"Talks " + std::to_string(i) + "\", \"date\": \"20" + std::to_string(10 + i % 10) + "-0" +
             std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "\", \"text\": \"" +
             std::string(static_cast<size_t>(i % 7 + 1), 'x') + " sanctions " + std::string(static_cast<size_t>(i % 5) * 3, 'y') +
             " talks on sanctions and security\"}\n";
  const auto bytes = test_support::ImageOfJsonl("ties.jsonl", jsonl);
  test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
  const Archive& a = *o.archive;
  REQUIRE(a.IdsInDateOrder());
  const int64_t dated = a.DatedCount();
  for (const char* text : {"sanctions", "sanctions OR security", "\"sanctions again\"", "talks"}) {
    INFO(text);
    Query q;
    q.text = text;
    const QueryResult r = RunQuery(a, q);
    REQUIRE(r.error.empty());
    Stmt s(a.Db(), "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY bm25(documents_fts, 1.0, 10.0, 4.0), "
                   "(rowid > ?2), rowid DESC");
    s.BindText(1, MatchExpression(text));
    s.BindInt(2, dated);
    std::vector<int64_t> want;
    while (s.Step()) want.push_back(s.Int(0));
    CHECK(r.ids == want);
    CHECK(r.scores.size() == r.ids.size());
    CHECK(std::is_sorted(r.scores.begin(), r.scores.end()));
  }
  // The four equal texts: the two dated ones first, newer first, then the undated ones, last imported first.
  Query same;
  same.text = "\"sanctions again\"";
  const QueryResult r = RunQuery(a, same);
  REQUIRE(r.ids.size() == 4);
  CHECK(r.ids[0] <= dated);
  CHECK(r.ids[1] <= dated);
  CHECK(r.ids[0] > r.ids[1]);
  CHECK(r.ids[2] > dated);
  CHECK(r.ids[3] > dated);
  CHECK(r.ids[2] > r.ids[3]);
  // Speaker-limited: the same keys.
  Query by;
  by.text = "sanctions";
  by.speaker = "question";
  const QueryResult rs = RunQuery(a, by);
  REQUIRE(rs.error.empty());
  CHECK(rs.ids.size() == 4);
  CHECK(std::is_sorted(rs.scores.begin(), rs.scores.end()));
}
