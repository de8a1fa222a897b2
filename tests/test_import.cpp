// Tests of import: every input format with good and bad input (malformed JSON, wrong CSV columns,
// broken quotes, BOM+CRLF, multi-line fields, NA sentinels, invalid UTF-8, a 10 MB field),
// duplicate policies, extra, --map, grouping, text folders with path patterns, page dumps, the
// writer's tables and statistics, FTS stemming, and the real corpora in ../shared/corpora.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/import/import.h"
#include "core/import/records.h"
#include "core/text/language.h"
#include "core/text/utf8_repair.h"
#include "core/archive/schema.h"
#include "core/archive/tokenizer.h"
#include "test_support.h"

using namespace stenogram;

namespace {

struct Imported {
  sqlite3* db = nullptr;
  ImportReport report;
  bool ok = false;
  std::string error;
  ~Imported() { sqlite3_close(db); }
  Imported() = default;
  Imported(const Imported&) = delete;
  Imported& operator=(const Imported&) = delete;

  int64_t Int(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
  }
  std::string Text(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    std::string v = "<none>";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      v = p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s, 0))) : "<null>";
    }
    sqlite3_finalize(s);
    return v;
  }
  bool HasProblem(const std::string& reason, int64_t line = -1) const {
    for (const Problem& p : report.problems)
      if (p.reason == reason && (line < 0 || p.line == line)) return true;
    return false;
  }
};

void Run(Imported* out, std::vector<InputFile> inputs, ImportOptions options = {}) {
  REQUIRE(sqlite3_open(":memory:", &out->db) == SQLITE_OK);
  REQUIRE(RegisterTokenizer(out->db, &out->error));
  options.built_at = "2024-01-01T00:00:00Z";
  out->ok = ImportInputs(out->db, inputs, options, &out->report, &out->error);
}

InputFile File(std::string name, std::string bytes) { return InputFile{std::move(name), std::move(bytes), ""}; }

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("import: JSON array with common field names, unknown fields kept in extra") {
  Imported r;
  Run(&r, {File("a.json", R"([
    {"ID": "x1", "Headline": "Talks with the Foreign Minister of Serbia Ivica Dacic, Moscow, 4 December 2014",
     "Body": "Question: How were the negotiations?\n\nSergey Lavrov: Useful.", "Topics": ["OSCE", "Serbia"],
     "photographer": "A. Smith", "rating": 5},
    {"id": "x2", "title": "Интервью о переговорах", "published": "7 мая 2015 года", "content": "Переговоры продолжаются.",
     "tags": "Украина; ОБСЕ", "note": "NA"}
  ])")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  CHECK(r.Text("SELECT external_id FROM documents WHERE id = 1") == "x1");
  CHECK(r.Text("SELECT date FROM documents WHERE id = 1") == "2014-12-04");  // from the title
  CHECK(r.Text("SELECT place FROM documents WHERE id = 1") == "Moscow");
  CHECK(r.Text("SELECT language FROM documents WHERE id = 2") == "ru");
  CHECK(r.Text("SELECT date FROM documents WHERE id = 2") == "2015-05-07");
  CHECK(test_support::ExtraAt(r.Text("SELECT extra FROM documents WHERE id = 1"), "/photographer") == "A. Smith");
  CHECK(test_support::ExtraAt(r.Text("SELECT extra FROM documents WHERE id = 1"), "/rating") == "5");
  CHECK(r.Text("SELECT extra FROM documents WHERE id = 2") == "<null>");  // "NA" carries nothing
  CHECK(r.Int("SELECT count(*) FROM turns WHERE doc_id = 1") == 2);
  CHECK(r.Text("SELECT speaker FROM turns WHERE doc_id = 1 AND ord = 1") == "Sergey Lavrov");
  CHECK(r.Int("SELECT count(*) FROM entities WHERE kind = 'tag'") == 4);
  CHECK(r.Int("SELECT count(*) FROM meetings") >= 1);
}

TEST_CASE("import: JSON object with archive metadata and a documents array (the sample's shape)") {
  Imported r;
  Run(&r, {File("s.json", R"({"title": "Lavrov sample", "description": "Ten documents", "navigation": ["Minister", "Archive"],
    "documents": [{"id": "s1", "title": "Speech at the OSCE Ministerial Council, Basel, December 2014", "date": "2014-12",
                   "date_precision": "month", "kind": "speech", "place": "Basel", "section": "Minister",
                   "tags": ["OSCE"], "countries": ["Switzerland"], "persons": ["Didier Burkhalter"], "url": "https://mid.ru/1",
                   "text": "Mr. Chairperson, ladies and gentlemen, security in Europe is indivisible."},
                  {"id": "s2", "title": "Remarks", "date": "2014", "date_precision": "year", "meeting": true,
                   "counterparts": ["John Kerry"], "text": "We met."}]})")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  CHECK(r.Text("SELECT value FROM meta WHERE key = 'title'") == "Lavrov sample");
  CHECK(r.Text("SELECT value FROM meta WHERE key = 'description'") == "Ten documents");
  CHECK(r.Text("SELECT value FROM meta WHERE key = 'navigation'") == R"(["Minister","Archive"])");
  CHECK(r.Text("SELECT value FROM meta WHERE key = 'builder'") == "stenogram-build");
  // Ids follow the dates: s2 (2014) comes before s1 (December 2014).
  CHECK(r.Text("SELECT date_precision FROM documents WHERE id = 2") == "month");
  CHECK(r.Text("SELECT date_precision FROM documents WHERE id = 1") == "year");
  CHECK(r.Int("SELECT count(*) FROM meetings WHERE doc_id = 1") == 1);
  CHECK(r.Text("SELECT e.name FROM doc_entities de JOIN entities e ON e.id = de.entity_id WHERE de.doc_id = 1 AND de.role = 'counterpart'") == "John Kerry");
  // The reader opens what the writer wrote.
  std::string error;
  sqlite3* db = r.db;
  r.db = nullptr;
  auto archive = Archive::Adopt(db, "s.json", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().title == "Lavrov sample");
  CHECK(archive->Info().doc_count == 2);
  auto doc = archive->ReadDocument(2);
  REQUIRE(doc);
  CHECK(doc->place == "Basel");
}

TEST_CASE("import: JSON object of records keyed by id") {
  Imported r;
  Run(&r, {File("o.json", R"({"a": {"title": "One", "text": "First."}, "b": {"title": "Two", "text": "Second."}})")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  CHECK(r.Text("SELECT external_id FROM documents WHERE title = 'Two'") == "b");
}

TEST_CASE("import: malformed JSON is reported with its line, records before it are kept") {
  Imported r;
  Run(&r, {File("bad.json", "[\n {\"title\": \"ok\", \"text\": \"fine\"},\n {\"title\": \"broken\" \"text\": 1},\n {\"title\": \"lost\"}\n]")});
  CHECK(r.ok);
  CHECK(r.report.imported == 1);
  CHECK(r.HasProblem("malformed JSON", 3));
  CHECK(r.report.rejected_by_reason["malformed JSON"] == 1);
}

TEST_CASE("import: JSONL with a bad line, a non-object line and blank lines") {
  Imported r;
  Run(&r, {File("x.jsonl", "{\"title\": \"a\", \"text\": \"one\"}\n\n{\"title\": \"b\", text}\n[1,2]\n{\"title\": \"c\", \"text\": \"three\"}\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  CHECK(r.report.read == 4);
  CHECK(r.HasProblem("malformed JSON", 3));
  CHECK(r.HasProblem("not an object", 4));
  CHECK(r.report.rejected == 2);
}

TEST_CASE("import: CSV with BOM, CRLF, multi-line quoted fields, \"\" escapes and NA sentinels") {
  Imported r;
  const std::string csv = "\xEF\xBB\xBFid,title,date,text,countries\r\n"
                          "1,\"Talks, Moscow\",04.12.2014,\"Line one\r\nLine \"\"two\"\"\",Serbia; Russia\r\n"
                          "2,Second,NA,Plain,NA\r\n";
  Run(&r, {File("t.csv", csv)});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  CHECK(r.report.problem_count == 0);
  CHECK(r.Text("SELECT external_id FROM documents WHERE id = 1") == "1");  // BOM not part of the header
  CHECK(r.Text("SELECT title FROM documents WHERE id = 1") == "Talks, Moscow");
  CHECK(r.Text("SELECT text FROM documents WHERE id = 1") == "Line one\r\nLine \"two\"");
  CHECK(r.Text("SELECT date FROM documents WHERE id = 1") == "2014-12-04");
  CHECK(r.Text("SELECT date FROM documents WHERE id = 2") == "<null>");
  CHECK(r.Int("SELECT count(*) FROM doc_entities de JOIN entities e ON e.id = de.entity_id WHERE de.doc_id = 1 AND e.kind = 'country'") >= 2);
}

TEST_CASE("import: CSV delimiter sniffing (semicolon, tab)") {
  Imported r;
  Run(&r, {File("semi.csv", "title;text\nA;x, y and z\nB;w\n"), File("tab.tsv", "title\ttext\nC\tq\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 3);
  CHECK(r.Text("SELECT text FROM documents WHERE title = 'A'") == "x, y and z");
}

TEST_CASE("import: CSV rows with the wrong number of fields are reported, nothing dropped") {
  Imported r;
  Run(&r, {File("w.csv", "title,text\nA,one,EXTRA\nB\nC,three\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 3);
  CHECK(r.report.problems_by_reason["wrong number of fields"] == 2);
  CHECK(r.HasProblem("wrong number of fields", 2));
  CHECK(test_support::ExtraAt(r.Text("SELECT extra FROM documents WHERE title = 'A'"), "/column_3") == "EXTRA");
}

TEST_CASE("import: CSV broken quote names the line where the quoted field started") {
  Imported r;
  Run(&r, {File("q.csv", "title,text\nA,fine\nB,\"never closed\nC,after\nD,last\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.HasProblem("unterminated quote", 3));
  CHECK(r.report.imported == 4);  // B keeps its text as written; C and D still parse
  CHECK(r.Text("SELECT text FROM documents WHERE title = 'D'") == "last");
}

TEST_CASE("import: invalid UTF-8 is repaired with U+FFFD and reported, never dropped") {
  Imported r;
  Run(&r, {File("u.jsonl", "{\"title\": \"ok\", \"text\": \"fine\"}\n{\"title\": \"bad \xC3\x28 byte\", \"text\": \"x\xFFy\"}\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  CHECK(r.HasProblem("invalid UTF-8", 2));
  CHECK(r.Text("SELECT text FROM documents WHERE id = 2") == "x\xEF\xBF\xBDy");
  CHECK(IsValidUtf8("plain ascii and кириллица"));
  CHECK_FALSE(IsValidUtf8(std::string("nul\0byte", 8)));
}

TEST_CASE("import: a 10 MB field imports (no quadratic step, no hang)") {
  std::string big;
  big.reserve(10u << 20);
  while (big.size() < (10u << 20)) big += "Negotiations on European security continue, said the minister. ";
  Imported r;
  Run(&r, {File("big.csv", "title,text\nHuge,\"" + big + "\"\nSmall,after\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  // The value is kept whole, only its trailing space trimmed.
  CHECK(r.Int("SELECT length(text) FROM documents WHERE title = 'Huge'") == static_cast<int64_t>(big.size()) - 1);
}

TEST_CASE("import: duplicate ids under each policy") {
  const std::string data = "{\"id\": \"d\", \"title\": \"First\", \"text\": \"one\", \"tags\": [\"a\"]}\n"
                           "{\"id\": \"d\", \"title\": \"Second\", \"text\": \"two\", \"place\": \"Minsk\", \"tags\": [\"b\"]}\n";
  SUBCASE("keep first") {
    Imported r;
    Run(&r, {File("d.jsonl", data)});
    CHECK(r.report.imported == 1);
    CHECK(r.report.duplicates == 1);
    CHECK(r.HasProblem("duplicate id", 2));
    CHECK(r.Text("SELECT title FROM documents") == "First");
  }
  SUBCASE("keep last") {
    Imported r;
    ImportOptions o;
    o.duplicates = DuplicatePolicy::KeepLast;
    Run(&r, {File("d.jsonl", data)}, o);
    CHECK(r.Int("SELECT count(*) FROM documents") == 1);
    CHECK(r.Text("SELECT title FROM documents") == "Second");
    CHECK(r.Int("SELECT count(*) FROM entities WHERE kind = 'tag'") == 1);  // 'a' went with the replaced record
  }
  SUBCASE("keep all") {
    Imported r;
    ImportOptions o;
    o.duplicates = DuplicatePolicy::KeepAll;
    Run(&r, {File("d.jsonl", data)}, o);
    CHECK(r.Int("SELECT count(*) FROM documents WHERE external_id = 'd'") == 2);
    CHECK(r.HasProblem("duplicate id"));
  }
  SUBCASE("merge") {
    Imported r;
    ImportOptions o;
    o.duplicates = DuplicatePolicy::Merge;
    Run(&r, {File("d.jsonl", data)}, o);
    CHECK(r.Int("SELECT count(*) FROM documents") == 1);
    CHECK(r.Text("SELECT title FROM documents") == "First");
    CHECK(r.Text("SELECT place FROM documents") == "Minsk");
    CHECK(r.Text("SELECT text FROM documents") == "one\n\ntwo");
    CHECK(r.Int("SELECT count(*) FROM entities WHERE kind = 'tag'") == 2);
    CHECK(r.Int("SELECT count(*) FROM turns") == 2);
  }
  SUBCASE("the same id in another language is a translation, not a duplicate") {
    Imported r;
    Run(&r, {File("en.jsonl", "{\"id\": \"t\", \"title\": \"Talks\", \"text\": \"We talked.\"}\n"),
             File("ru.jsonl", "{\"id\": \"t\", \"title\": \"Переговоры\", \"text\": \"Мы поговорили.\"}\n")});
    CHECK(r.report.imported == 2);
    CHECK(r.report.duplicates == 0);
  }
}

TEST_CASE("import: --map concatenation, patterns and disabling") {
  std::vector<std::pair<std::string, std::string>> map;
  std::string error;
  REQUIRE(ParseMapSpec("text=intro+part_*", &map, &error));
  REQUIRE(ParseMapSpec("title=heading_ru", &map, &error));
  REQUIRE(ParseMapSpec("tags=", &map, &error));
  CHECK_FALSE(ParseMapSpec("colour=x", &map, &error));
  CHECK(error.find("unknown field") != std::string::npos);
  CHECK_FALSE(ParseMapSpec("novalue", &map, &error));
  ImportOptions o;
  o.map = map;
  Imported r;
  Run(&r, {File("m.csv", "heading_ru,intro,part_10,part_2,part_1,tags,title\nЗаголовок,Intro,Ten,Two,One,x;y,ignored\n")}, o);
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.Text("SELECT title FROM documents") == "Заголовок");
  CHECK(r.Text("SELECT text FROM documents") == "Intro\n\nOne\n\nTwo\n\nTen");
  CHECK(r.Int("SELECT count(*) FROM entities WHERE kind = 'tag'") == 0);
  CHECK(test_support::ExtraAt(r.Text("SELECT extra FROM documents"), "/tags") == "x;y");
  CHECK(test_support::ExtraAt(r.Text("SELECT extra FROM documents"), "/title") == "ignored");
}

TEST_CASE("import: turn records grouped by conversationId; placeholder timestamps ignored") {
  std::string json = "[";
  for (int conv = 0; conv < 3; ++conv) {
    for (int t = 0; t < 3; ++t) {
      if (json.size() > 1) json += ",";
      json += "{\"timestamp\": 1577840400.0, \"conversationId\": \"c" + std::to_string(conv) +
              "\", \"senderName\": \"" + std::string(t % 2 ? "Vladimir Putin" : "npr.org") + "\", \"outgoing\": " +
              (t % 2 ? "true" : "false") + ", \"text\": \"Turn " + std::to_string(t) + " about negotiations.\"}";
    }
  }
  json += "]";
  Imported r;
  Run(&r, {File("interviews.json", json)});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.read == 9);
  CHECK(r.report.imported == 3);
  CHECK(r.Int("SELECT count(*) FROM turns WHERE doc_id = 1") == 3);
  CHECK(r.Text("SELECT speaker FROM turns WHERE doc_id = 1 AND ord = 1") == "Vladimir Putin");
  CHECK(r.Text("SELECT text FROM turns WHERE doc_id = 1 AND ord = 1") == "Turn 1 about negotiations.");
  CHECK(r.Text("SELECT external_id FROM documents WHERE id = 1") == "c0");
  CHECK(r.Text("SELECT title FROM documents WHERE id = 1") == "npr.org, Vladimir Putin");
  CHECK(test_support::ExtraAt(r.Text("SELECT extra FROM documents WHERE id = 1"), "/outgoing") == "[false,true,false]");
  CHECK(r.Text("SELECT date FROM documents WHERE id = 1") == "<null>");
  CHECK(r.HasProblem("placeholder date"));
  SUBCASE("grouping off") {
    Imported r2;
    ImportOptions o;
    o.group_by = "none";
    Run(&r2, {File("interviews.json", json)}, o);
    CHECK(r2.report.imported == 9);
  }
}

TEST_CASE("import: text files with metadata from the path pattern") {
  ImportOptions o;
  o.pattern = "{year}/{kind}/{id}.txt";
  Imported r;
  Run(&r, {InputFile{"in/2014/speech/12.txt", "Speech at the UN\n\nDistinguished delegates, ...", "2014/speech/12.txt"},
           InputFile{"in/misc/notes.md", "Notes\n\ntext", "misc/notes.md"}},
      o);
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported == 2);
  CHECK(r.Text("SELECT external_id || '|' || kind || '|' || date || '|' || title FROM documents WHERE id = 1") ==
        "12|speech|2014|Speech at the UN");
  CHECK(r.HasProblem("path does not match pattern"));
  ImportOptions o2;
  o2.pattern = "{date}_{title}.txt";
  Imported r2;
  Run(&r2, {InputFile{"x/2014-12-04_talks_with_Dacic.txt", "Text.", "2014-12-04_talks_with_Dacic.txt"}}, o2);
  CHECK(r2.Text("SELECT date || '|' || title FROM documents") == "2014-12-04|talks with Dacic");
}

TEST_CASE("import: the seed page dump: navigation kept in meta, documents split at natural boundaries") {
  const std::filesystem::path seed = std::filesystem::path(STENOGRAM_SOURCE_DIR) / "assets/sample/seed.txt";
  if (!std::filesystem::exists(seed)) {
    MESSAGE("skipped: ", seed.string(), " is absent");
    return;
  }
  Imported r;
  Run(&r, {File("seed.txt", ReadAll(seed))});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.report.imported >= 6);
  CHECK(r.Int("SELECT count(*) FROM documents WHERE text LIKE 'Minister Sergey Lavrov%' OR text LIKE '%October 2018 (14)%'") == 0);
  CHECK(r.Text("SELECT value FROM meta WHERE key = 'navigation'").find("October 2018 (14)") != std::string::npos);
  CHECK(r.Text("SELECT text FROM documents WHERE id = 1").rfind("Question:", 0) == 0);  // the seed has a no-break space after the label
  CHECK(r.Int("SELECT count(*) FROM documents WHERE text LIKE 'Ladies and gentlemen,%'") >= 2);
  // No text lost: every paragraph after the navigation is in some document.
  CHECK(r.Int("SELECT count(*) FROM documents WHERE text LIKE '%Ust-Kamenogorsk%' OR text LIKE '%city and the Province%'") >= 1);
}

TEST_CASE("writer: counts, statistics, stemmed FTS, entities merged with their spellings") {
  Imported r;
  Run(&r, {File("w.jsonl",
                "{\"id\":\"1\",\"title\":\"Talks with Thorbjørn Jagland\",\"date\":\"2013-05-20\",\"persons\":[\"Thorbjørn Jagland\"],\"tags\":[\"Council of Europe\"],\"text\":\"We discussed negotiations.\"}\n"
                "{\"id\":\"2\",\"title\":\"Meeting\",\"date\":\"2013-05-21\",\"persons\":[\"Thorbjorn  Jagland\"],\"tags\":[\"Council of Europe\"],\"text\":\"Negotiating is hard.\"}\n"
                "{\"id\":\"3\",\"title\":\"Интервью\",\"date\":\"2014\",\"text\":\"Вопрос: Как идут переговоры?\\n\\nС.В.Лавров: О переговорах позже.\"}\n"
                "{\"id\":\"4\",\"title\":\"Undated\",\"text\":\"Nothing.\"}\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.Int("SELECT value FROM stats WHERE key = 'doc_count'") == 4);
  CHECK(r.Int("SELECT value FROM stats WHERE key = 'dated_count'") == 3);
  CHECK(r.Text("SELECT value FROM stats WHERE key = 'first_date'") == "2013-05-20");
  CHECK(r.Text("SELECT value FROM stats WHERE key = 'last_date'") == "2014");
  CHECK(r.Int("SELECT doc_count FROM stats_months WHERE month = '2013-05'") == 2);
  CHECK(r.Int("SELECT count(*) FROM stats_months") == 1);  // year-only dates are not in the month histogram
  CHECK(r.Int("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'negotiating'") == 2);
  CHECK(r.Int("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'переговоры'") == 1);
  CHECK(r.Int("SELECT count(*) FROM turns WHERE speaker_key = 'с.в.лавров' AND text = 'О переговорах позже.'") == 1);
  CHECK(r.Int("SELECT count(*) FROM entities WHERE kind = 'person'") == 1);
  CHECK(r.Int("SELECT doc_count FROM entities WHERE kind = 'person'") == 2);
  CHECK(r.Int("SELECT count(*) FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE e.kind = 'person'") == 2);
  CHECK(r.Int("SELECT doc_count FROM entities WHERE kind = 'tag' AND name = 'Council of Europe'") == 2);
  CHECK(r.Int("PRAGMA user_version") == kSchemaVersion);
  CHECK(r.Int("PRAGMA page_size") == 4096);
}

TEST_CASE("writer: document count, month histogram and top tags are read without scanning documents") {
  Imported r;
  Run(&r, {File("p.jsonl", "{\"title\":\"a\",\"date\":\"2014-01-02\",\"tags\":[\"x\"],\"text\":\"t\"}\n"
                           "{\"title\":\"b\",\"date\":\"2014-02-03\",\"tags\":[\"x\",\"y\"],\"text\":\"t\"}\n")});
  REQUIRE_MESSAGE(r.ok, r.error);
  for (const char* sql : {"SELECT value FROM stats WHERE key = 'doc_count'",
                          "SELECT month, doc_count FROM stats_months ORDER BY month",
                          "SELECT name, doc_count FROM entities WHERE kind = 'tag' ORDER BY doc_count DESC LIMIT 20",
                          "SELECT key, value FROM stats WHERE key IN ('doc_count','first_date','last_date')"}) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(r.db, (std::string("EXPLAIN QUERY PLAN ") + sql).c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string plan;
    while (sqlite3_step(s) == SQLITE_ROW) plan += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 3))) + "; ";
    sqlite3_finalize(s);
    INFO(sql, " → ", plan);
    CHECK(plan.find("documents") == std::string::npos);
    CHECK(plan.find("SCAN entities") == std::string::npos);
  }
  CHECK(r.Text("SELECT name FROM entities WHERE kind = 'tag' ORDER BY doc_count DESC LIMIT 1") == "x");
}

TEST_CASE("import: nothing importable fails with a reason; format detection") {
  Imported r;
  Run(&r, {File("empty.json", "[]")});
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("nothing could be imported") != std::string::npos);
  CHECK(DetectFormat(File("x.json", "{\"a\":1}\n{\"a\":2}\n")) == InputFormat::Jsonl);
  CHECK(DetectFormat(File("x.json", "{\n \"a\": 1\n}\n")) == InputFormat::Json);
  CHECK(DetectFormat(File("x", "[{}]")) == InputFormat::Json);
  CHECK(DetectFormat(File("x", "id,title,text\n1,a,b\n")) == InputFormat::Csv);
  CHECK(DetectFormat(File("x.txt", "Some speech.")) == InputFormat::Dump);
  CHECK(DetectFormat(InputFile{"x.txt", "Some speech.", "a/x.txt"}) == InputFormat::Text);
  CHECK(DetectLanguage("Переговоры продолжаются") == "ru");
  CHECK(DetectLanguage("Переговори тривають, і це важливо") == "uk");
  CHECK(DetectLanguage("Negotiations continue") == "en");
}

TEST_CASE("import: every file of the shared corpora imports") {
  const std::filesystem::path root = std::filesystem::path(STENOGRAM_SOURCE_DIR) / "../shared/corpora";
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    MESSAGE("skipped: ", root.string(), " is absent");
    return;
  }
  int files = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec); !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const std::string ext = it->path().extension().string();
    if (ext != ".json" && ext != ".jsonl" && ext != ".csv") continue;
    if (it->path().filename() == "ru_institutions_2024_summary_stats.csv") continue;  // statistics, not documents
    ++files;
    Imported r;
    Run(&r, {File(it->path().string(), ReadAll(it->path()))});
    INFO(it->path().string(), ": ", r.error);
    CHECK(r.ok);
    CHECK(r.report.imported > 0);
    CHECK(r.report.errors == 0);
    CHECK(r.report.read == r.report.imported + r.report.rejected + r.report.grouped + r.report.merged);
    MESSAGE(it->path().filename().string(), ": read ", r.report.read, ", imported ", r.report.imported,
            ", rejected ", r.report.rejected, ", problems ", r.report.problem_count);
  }
  CHECK(files >= 8);
}

TEST_CASE("import: a speaker key longer than a short string is stored intact (С.В.Лавров)") {
  Imported im;
  std::string text;
  for (int i = 0; i < 3; ++i) text += "С.В.Лавров: Добрый день, коллеги.\\nВопрос: Как прошли переговоры?\\n";
  Run(&im, {File("t.jsonl", "{\"title\": \"Пресс-конференция\", \"date\": \"2014-12-04\", \"text\": \"" + text + "\"}\n")});
  REQUIRE(im.ok);
  CHECK(im.Text("SELECT group_concat(DISTINCT speaker_key) FROM turns WHERE speaker LIKE 'С.В.%'") == "с.в.лавров");
  CHECK(im.Text("SELECT count(DISTINCT speaker_key) FROM turns WHERE speaker IS NOT NULL") == "2");
}
