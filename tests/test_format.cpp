// Tests of the archive format (2 and 3): turns stored as spans of the text (empty turns, a text without labels,
// a turn at the very end), speaker-limited search and snippets over the one index, ids in date
// order, the page size option, a JSONL imported in parts, and the sentence a format-1 archive gets.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/import/import.h"
#include "core/view/query.h"
#include "core/archive/schema.h"
#include "core/archive/tokenizer.h"
#include "core/text/turns.h"
#include "test_support.h"

using namespace stenogram;

namespace {

sqlite3* NewDb() {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(db, &error));
  return db;
}

std::unique_ptr<Archive> ImportJsonl(const std::string& jsonl, ImportOptions options = {}, ImportReport* report = nullptr) {
  sqlite3* db = NewDb();
  std::string error;
  ImportReport local;
  REQUIRE_MESSAGE(ImportInputs(db, {{"t.jsonl", jsonl, ""}}, options, report ? report : &local, &error), error);
  auto a = Archive::Adopt(db, "t.sqlite", &error);
  REQUIRE_MESSAGE(a, error);
  return a;
}

int64_t Int(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return v;
}

}  // namespace

TEST_CASE("format 2: turns are spans of the text, also empty ones, unlabelled texts and a last turn") {
  const std::string jsonl =
      R"({"id":"a","title":"No labels","date":"2014-01-01","text":"Just a statement about talks."})" "\n"
      R"({"id":"b","title":"Empty answer","date":"2014-01-02","text":"Question: Why talks?\n\nSergey Lavrov:"})" "\n"
      R"({"id":"c","title":"Last turn","date":"2014-01-03","text":"Sergey Lavrov: Good evening.\n\nQuestion: The final question about sanctions?"})" "\n";
  auto a = ImportJsonl(jsonl);
  CHECK(Int(a->Db(), "SELECT count(*) FROM turn_spans WHERE text IS NOT NULL") == 0);  // every turn is a span
  for (int64_t id = 1; id <= 3; ++id) {
    auto d = a->ReadDocument(id);
    REQUIRE(d);
    const auto parsed = ParseTurns(d->text);
    REQUIRE(d->turns.size() == parsed.size());
    for (size_t i = 0; i < parsed.size(); ++i) {
      CHECK(d->turns[i].text == parsed[i].text);
      CHECK(d->turns[i].speaker == parsed[i].speaker);
    }
  }
  auto none = a->ReadDocument(1);
  REQUIRE(none->turns.size() == 1);
  CHECK(none->turns[0].speaker.empty());
  CHECK(none->turns[0].text == "Just a statement about talks.");
  auto empty = a->ReadDocument(2);
  REQUIRE(empty->turns.size() == 2);
  CHECK(empty->turns[1].speaker == "Sergey Lavrov");
  CHECK(empty->turns[1].text.empty());
  auto last = a->ReadDocument(3);
  REQUIRE(last->turns.size() == 2);
  CHECK(last->turns[1].text == "The final question about sanctions?");
  // The views give the format-1 rows.
  CHECK(Int(a->Db(), "SELECT count(*) FROM turns WHERE text = 'The final question about sanctions?' AND speaker_key = 'question'") == 1);

  // Speaker-limited search over the one index: the hit must lie in the speaker's turns.
  Query q;
  q.text = "sanctions";
  q.speaker = "question";
  QueryResult r = RunQuery(*a, q);
  CHECK(r.ids == std::vector<int64_t>{3});
  auto rows = ResultRows(*a, q, r.ids, 0, 10, &r.scores);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].snippet == "The final question about sanctions?");
  REQUIRE(rows[0].snippet_hits.size() == 1);
  CHECK(rows[0].snippet.substr(rows[0].snippet_hits[0].start, rows[0].snippet_hits[0].end - rows[0].snippet_hits[0].start) ==
        "sanctions");
  q.speaker = "sergey lavrov";
  CHECK(RunQuery(*a, q).ids.empty());  // Lavrov never says it
  q.text = "talks";
  CHECK(RunQuery(*a, q).ids.empty());  // "talks" is in the question and in an unlabelled text, not his turns
  q.speaker = "question";
  CHECK(RunQuery(*a, q).ids == std::vector<int64_t>{2});
  q.text = "Lavrov";  // a label is not the speaker's words
  q.speaker = "question";
  CHECK(RunQuery(*a, q).ids.empty());
}

TEST_CASE("format 2: ids follow the dates (undated last), the list needs no sort, page size is an option") {
  ImportOptions options;
  options.page_size = 16384;
  auto a = ImportJsonl(R"({"id":"late","title":"Late","date":"2020-05-01","text":"x"})" "\n"
                       R"({"id":"none","title":"Undated","text":"y"})" "\n"
                       R"({"id":"early","title":"Early","date":"2001-02-03","text":"z"})" "\n"
                       R"({"id":"mid","title":"Mid","date":"2010","text":"w"})" "\n",
                       options);
  const auto list = a->ListDocuments();
  REQUIRE(list.size() == 4);
  CHECK(list[0].title == "Early");
  CHECK(list[1].title == "Mid");
  CHECK(list[2].title == "Late");
  CHECK(list[3].title == "Undated");
  for (size_t i = 0; i < list.size(); ++i) CHECK(list[i].id == static_cast<int64_t>(i + 1));
  CHECK(a->ReadDocument(1)->external_id == "early");
  CHECK(Int(a->Db(), "PRAGMA page_size") == 16384);
  CHECK(Int(a->Db(), "PRAGMA user_version") == kSchemaVersion);
  CHECK(Int(a->Db(), "PRAGMA freelist_count") == 0);  // VACUUMed (in memory)
  CHECK(Int(a->Db(), "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'stage%'") == 0);
}

TEST_CASE("format 2: a JSONL imported in parts keeps the file's line numbers and one source") {
  sqlite3* db = NewDb();
  std::string error;
  ImportReport report;
  {
    ImportSession session(db, ImportOptions{}, &report);
    REQUIRE(session.Begin(&error));
    InputFile one{"big.jsonl", "{\"title\":\"A\",\"text\":\"a\"}\n{\"title\":\"B\",\"text\":\"b\"}\n", ""};
    InputFile two{"big.jsonl", "{\"title\":\"C\",\"text\":\"c\"}\n{broken\n", ""};
    two.first_line = 3;
    two.first_record = 3;
    REQUIRE(session.Add(one, &error));
    REQUIRE(session.Add(two, &error));
    REQUIRE_MESSAGE(session.Finish(&error), error);
  }
  CHECK(report.imported == 3);
  CHECK(report.files == 1);
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].line == 4);
  CHECK(report.problems[0].record == 4);
  REQUIRE(report.sources.size() == 1);
  CHECK(report.sources[0] == "big.jsonl (jsonl, 3 records, 3 documents)");
  sqlite3_close(db);
}

TEST_CASE("format 2: a format-1 archive gets one sentence with the exact rebuild command") {
  sqlite3* db = NewDb();
  const char* v1 = R"SQL(
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE documents(id INTEGER PRIMARY KEY, title TEXT, text TEXT);
    INSERT INTO meta VALUES ('title', 'Lavrov archive'),
      ('sources', '[{"name":"corpora/mid ru.csv","format":"csv"},{"name":"extra.jsonl","format":"jsonl"}]'),
      ('import', '{"format":"auto","map":{"text":"body+notes"},"duplicates":"merge"}');
    PRAGMA user_version = 1;
  )SQL";
  REQUIRE(sqlite3_exec(db, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
  const std::vector<unsigned char> bytes = test_support::SerializedImage(db);
  sqlite3_close(db);
  std::string error;
  CHECK_FALSE(Archive::OpenImage(bytes, "lavrov.sqlite", &error));
  CHECK(error ==
        "lavrov.sqlite: this archive is in the old format 1 and this viewer reads format 4; rebuild it from its "
        "sources with: stenogram-build -o lavrov.sqlite --map text=body+notes --duplicates merge --title "
        "'Lavrov archive' 'corpora/mid ru.csv' extra.jsonl");
}

TEST_CASE("format 3: a format-2 archive (text was the index's last column) gets the rebuild sentence too") {
  sqlite3* db = NewDb();
  const char* v2 = R"SQL(
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT);
    INSERT INTO meta VALUES ('title', 'Speeches'), ('sources', '[{"name":"speeches.jsonl","format":"jsonl"}]');
    PRAGMA user_version = 2;
  )SQL";
  REQUIRE(sqlite3_exec(db, v2, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(db, "main", &size, 0);
  REQUIRE(data);
  std::vector<unsigned char> bytes(data, data + size);
  sqlite3_free(data);
  sqlite3_close(db);
  std::string error;
  CHECK_FALSE(Archive::OpenImage(bytes, "speeches.sqlite", &error));
  CHECK(error ==
        "speeches.sqlite: this archive is in the old format 2 and this viewer reads format 4; rebuild it from its "
        "sources with: stenogram-build -o speeches.sqlite --title Speeches speeches.jsonl");
}

namespace {

// Rows of sql as one string ("a|b\n..."), for comparing archives.
std::string Rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  std::string out;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  while (sqlite3_step(s) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
      out += (i ? "|" : "") + std::string(t ? t : "NULL");
    }
    out += '\n';
  }
  sqlite3_finalize(s);
  return out;
}

// A corpus that exercises the writer's paths: dates out of order and missing, duplicates,
// speaker turns, summaries, Cyrillic and Latin text, an empty text.
std::string WriterCorpus() {
  std::string jsonl;
  for (int i = 0; i < 300; ++i) {
    const int year = 2000 + (i * 7919) % 23;
    std::string text = i % 3 == 0 ? "Question: What about the negotiations in Minsk? Sergey Lavrov: We are negotiating, "
                                    "the talks were held " + std::to_string(i) + " times."
                       : i % 3 == 1 ? "Переговоры в Москве продолжатся. Министр иностранных дел заявил о мирных "
                                      "переговорах номер " + std::to_string(i) + "."
                                    : "";
    jsonl += R"({"id":"d)" + std::to_string(i % 250) + R"(","title":"Document )" + std::to_string(i) + R"(",)" +
             (i % 11 == 0 ? std::string() : R"("date":")" + std::to_string(year) + R"(-05-0)" + std::to_string(1 + i % 9) + R"(",)") +
             R"("summary":"summary of talks )" + std::to_string(i) + R"(","text":")" + text + "\"}\n";
  }
  return jsonl;
}

}  // namespace

TEST_CASE("format 3: two threads write the same archive as one; the prepared index equals a rebuild") {
  // One thread rebuilds the index from the texts; two threads index the terms prepared while the
  // documents streamed in (ReplayTerms). The archives must be the same, byte for byte.
  for (DuplicatePolicy policy : {DuplicatePolicy::KeepFirst, DuplicatePolicy::Merge, DuplicatePolicy::KeepLast}) {
    CAPTURE(DuplicatePolicyName(policy));
    std::vector<std::vector<unsigned char>> images;
    for (int threads : {1, 2}) {
      sqlite3* db = NewDb();
      ImportOptions options;
      options.threads = threads;
      options.duplicates = policy;
      options.built_at = "2026-01-01T00:00:00Z";
      ImportReport report;
      std::string error;
      REQUIRE_MESSAGE(ImportInputs(db, {{"w.jsonl", WriterCorpus(), ""}}, options, &report, &error), error);
      CHECK(report.turns > 0);
      sqlite3_int64 size = 0;
      unsigned char* data = sqlite3_serialize(db, "main", &size, 0);
      REQUIRE(data);
      images.emplace_back(data, data + size);
      sqlite3_free(data);
      if (threads == 2) {
        // What the prepared terms gave, then what FTS5 gives reading the texts itself.
        const std::string vocab = "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, documents_fts, instance)";
        REQUIRE(sqlite3_exec(db, vocab.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        const std::string instances = "SELECT term, doc, col, offset FROM temp.v ORDER BY 1, 2, 3, 4";
        const std::string sizes = "SELECT id, hex(sz) FROM documents_fts_docsize ORDER BY id";
        const std::string prepared = Rows(db, instances), prepared_sizes = Rows(db, sizes);
        CHECK(prepared.size() > 1000);
        REQUIRE(sqlite3_exec(db, "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')", nullptr, nullptr,
                             nullptr) == SQLITE_OK);
        CHECK(Rows(db, instances) == prepared);
        CHECK(Rows(db, sizes) == prepared_sizes);
        CHECK(Int(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'negotiat*'") >= 84);  // 84 of the first 250 ids
      }
      sqlite3_close(db);
    }
    CHECK(images[0] == images[1]);
  }
}
