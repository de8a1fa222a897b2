// Tests of the importer's and exporter's defences against hostile input: linear CSV headers,
// record caps, deep JSON, exponential path patterns, UTF-16 without a BOM, formula cells,
// Markdown and link escaping, citations without bidi controls; bounded strings for display.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/view/export.h"
#include "core/import/import.h"
#include "core/import/import_image.h"
#include "core/import/input_limits.h"
#include "core/view/query.h"
#include "core/archive/schema.h"
#include "core/view/textlayout.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

struct Result {
  ImportReport report;
  std::string error;
  std::unique_ptr<Archive> archive;
  bool Has(const std::string& reason) const {
    for (const Problem& p : report.problems)
      if (p.reason == reason) return true;
    return false;
  }
  const Problem* Find(const std::string& reason) const {
    for (const Problem& p : report.problems)
      if (p.reason == reason) return &p;
    return nullptr;
  }
};

Result Import(const std::string& name, std::string bytes, ImportOptions options = {}) {
  Result r;
  InputFile in;
  in.name = name;
  in.bytes = std::move(bytes);
  options.built_at = "2024-01-01T00:00:00Z";
  ArchiveImage image = ImportToImage({in}, options, &r.report, &r.error);
  if (image.data) r.archive = Archive::OpenOwnedImage(image.data, image.size, name, &r.error);
  return r;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

TEST_CASE("hardening: CSV header names are made unique in linear time") {
  CHECK(UniqueHeaderNames({"a", "a", " a ", "", "a_2", "b"}) ==
        std::vector<std::string>{"a", "a_2", "a_3", "column_4", "a_2_2", "b"});
  std::vector<std::string> many(100000, "x");
  const auto start = std::chrono::steady_clock::now();
  const auto names = UniqueHeaderNames(many);
  CHECK(Seconds(start) < 2.0);
  CHECK(names.back() == "x_100000");
  // A 100,000-column CSV imports quickly (was quadratic: 5.5 s natively for 40,000 columns).
  std::string csv;
  for (int i = 0; i < 100000; ++i) csv += i ? ",title" : "title";
  csv += "\nHello";
  for (int i = 1; i < 100000; ++i) csv += ",x";
  csv += "\n";
  const auto t0 = std::chrono::steady_clock::now();
  Result r = Import("wide.csv", csv);
  CHECK(Seconds(t0) < 20.0);
  CHECK(r.report.imported == 1);
}

TEST_CASE("hardening: a record over the cap is reported with its line, the others imported") {
  std::string big(kMaxRecordBytes + 10, 'a');
  std::string jsonl = R"({"title":"one","text":"fine"})" "\n" R"({"title":"two","text":")" + big + "\"}\n" +
                      R"({"title":"three","text":"fine"})" "\n";
  Result r = Import("big.jsonl", std::move(jsonl));
  CHECK(r.report.imported == 2);
  const Problem* p = r.Find("record too large");
  REQUIRE(p);
  CHECK(p->line == 2);
  CHECK(p->severity == Severity::Error);
}

TEST_CASE("hardening: JSON nested thousands deep is refused with a message, no stack overflow") {
  std::string deep = R"({"title":"deep","text":"x","extra":)";
  deep += std::string(8000, '[') + std::string(8000, ']') + "}";
  Result jsonl = Import("deep.jsonl", R"({"title":"ok","text":"fine"})" "\n" + deep + "\n");
  CHECK(jsonl.report.imported == 1);
  const Problem* p = jsonl.Find("nested too deep");
  REQUIRE(p);
  CHECK(p->line == 2);
  Result json = Import("deep.json", "[" + deep + "]");
  CHECK_FALSE(json.archive);
  CHECK_MESSAGE((json.error.find("deep.json:1: ") == 0 && json.error.find("nested too deep") != std::string::npos), json.error);
  CHECK(JsonTooDeepAt(R"({"a":"[[[[[[","b":[1,[2]]})", 3) == std::string::npos);
  CHECK(JsonTooDeepAt("[[[", 2) == 2);
}

TEST_CASE("hardening: a path pattern with many placeholders matches in polynomial time") {
  ImportOptions options;
  options.format = InputFormat::Folder;
  options.pattern = "{a}_{b}_{c}_{d}_{e}_{f}_{g}_{h}.txt";
  InputFile in;
  in.name = in.relative_path = std::string(200, '_') + ".tx";
  in.bytes = "Some text.";
  ImportReport report;
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  ArchiveImage image = ImportToImage({in}, options, &report, &error);
  CHECK(Seconds(start) < 5.0);
  sqlite3_free(image.data);
}

TEST_CASE("hardening: UTF-16 without a byte-order mark is detected and converted") {
  const std::string text = R"([{"title":"Talks","text":"Hello"}])";
  std::string le, be;
  for (char c : text) {
    le += c, le += '\0';
    be += '\0', be += c;
  }
  for (const std::string* bytes : {&le, &be}) {
    Result r = Import("u16.json", *bytes);
    CHECK_MESSAGE(r.report.imported == 1, r.error);
    CHECK(r.Has("UTF-16 input"));
  }
  bool little = false;
  CHECK_FALSE(LooksLikeUtf16WithoutBom("plain ASCII text, long enough", &little));
}

TEST_CASE("hardening: CSV exports never start a cell with a formula") {
  Result r = Import("f.jsonl", R"J({"id":"1","title":"=HYPERLINK(\"http://evil\",\"x\")","text":"t","place":"+1","kind":"@SUM(A1)"})J"
                               "\n" R"({"id":"2","title":"-2+3","text":"t","url":"=cmd|' /C calc'!A0"})" "\n");
  REQUIRE_MESSAGE(r.archive, r.error);
  const std::string csv = ResultsCsv(*r.archive, {1, 2});
  CHECK(csv.find("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"") != std::string::npos);
  CHECK(csv.find(",'+1,") != std::string::npos);
  CHECK(csv.find(",'@SUM(A1),") != std::string::npos);
  CHECK(csv.find("2,,'-2+3,") != std::string::npos);
  CHECK(csv.find(",'=cmd|' /C calc'!A0") != std::string::npos);
  CHECK(csv.find(",=") == std::string::npos);
}

TEST_CASE("hardening: Markdown exports escape markup and link only http(s)") {
  Document d;
  d.title = "<img src=x onerror=alert(1)> *bold* [link](javascript:alert(1))";
  d.url = "javascript:alert(1)";
  d.turns = {{0, "<b>Speaker</b>", "# not a heading\n<script>alert(1)</script>"}};
  const std::string md = DocumentMarkdown(d);
  for (size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1))
    CHECK_MESSAGE(md[at - 1] == '\\', md);  // every < is escaped
  CHECK(md.find("# \\<img src=x onerror=alert(1)\\> \\*bold\\* \\[link\\](javascript:alert(1))") == 0);
  CHECK(md.find("Source: <javascript") == std::string::npos);
  CHECK(md.find("Source: javascript:alert(1)") != std::string::npos);  // plain text, not a link
  CHECK(md.find("\\# not a heading") != std::string::npos);
  d.url = "https://example.org/a?b=1";
  CHECK(DocumentMarkdown(d).find("Source: <https://example.org/a?b=1>") != std::string::npos);
  CHECK(IsWebUrl("HTTPS://example.org"));
  CHECK_FALSE(IsWebUrl("https://example.org/<script>"));
  CHECK_FALSE(IsWebUrl("data:text/html,x"));
  CHECK_FALSE(IsWebUrl("https://"));
}

TEST_CASE("hardening: citations drop javascript: links, bidi controls and NULs") {
  Document d;
  d.title = std::string("Talks \xE2\x80\xAE") + "evil" + std::string("\xE2\x81\xA6") + "x" + std::string(1, '\0') + "tail";
  d.place = "Moscow\xD8\x9C";
  d.url = "javascript:alert(1)";
  const std::string c = Citation(d);
  CHECK(c == "Talks evilxtail. Moscow.");
  d.url = "https://example.org/1";
  CHECK(Citation(d) == "Talks evilxtail. Moscow. https://example.org/1");
}

TEST_CASE("hardening: long strings are cut for display, the full value stays exportable") {
  CHECK(DisplayCut("short", 10) == "short");
  CHECK(DisplayCut("абвгд", 3) == "абв…");
  CHECK(DisplayCut("abc", 3) == "abc");
  std::string snippet = std::string(3000, 'a');
  std::vector<HitRange> hits = {{10, 20}, {1990, 2010}, {2500, 2600}};
  BoundSnippet(&snippet, &hits, 2000);
  CHECK(snippet.size() == 2000 + std::string("…").size());
  CHECK(hits == std::vector<HitRange>{{10, 20}, {1990, 2000}});

  // An archive written by someone else (the importer would cut such a title itself).
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(db, &error));
  REQUIRE(CreateSchema(db, &error));
  const std::string title(1 << 20, 'T');
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, place) VALUES (1, ?1, ?2)", -1, &s, nullptr) == SQLITE_OK);
  sqlite3_bind_text(s, 1, title.c_str(), static_cast<int>(title.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, std::string(5000, 'p').c_str(), 5000, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(s) == SQLITE_DONE);
  sqlite3_finalize(s);
  REQUIRE(sqlite3_exec(db, "INSERT INTO texts(id, text) VALUES (1, 'talks');"
                           "INSERT INTO turn_spans(doc_id, ord, speaker_id, start, len, tok, tok_end) VALUES (1, 0, NULL, 0, 5, 0, 1);"
                           "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto archive = Archive::Adopt(db, "long.sqlite", &error);
  REQUIRE_MESSAGE(archive, error);
  const auto list = archive->ListDocuments();
  REQUIRE(list.size() == 1);
  CHECK(list[0].title.size() == kDisplayTitleChars + std::string("…").size());
  CHECK(list[0].place.size() == kDisplayLabelChars + std::string("…").size());
  Query q;
  q.text = "talks";
  const QueryResult res = RunQuery(*archive, q);
  const auto rows = ResultRows(*archive, q, res.ids, 0, 10, &res.scores);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].title.size() == kDisplayTitleChars + std::string("…").size());
  // The export and the document itself keep the whole title.
  CHECK(ResultsCsv(*archive, {1}).find(title) != std::string::npos);
  CHECK(archive->ReadDocument(1)->title.size() == title.size());
}

TEST_CASE("hardening: no layout line holds more than kMaxLineBytes, even of zero-width characters") {
  std::string zw;
  for (int i = 0; i < 20000; ++i) zw += "\xE2\x80\x8D";  // zero-width joiner, advance 0
  const std::vector<std::string_view> sources = {zw};
  const auto layout = LayOutBlocks(sources, {{0, 0, static_cast<int>(zw.size()), 0, 0}}, 100.0f, {10.0f},
                                   [](int, uint32_t cp) { return cp == 0x200D ? 0.0f : 7.0f; });
  REQUIRE(layout.lines.size() > 1);
  int total = 0;
  for (const LayoutLine& l : layout.lines) {
    CHECK(l.end - l.start <= kMaxLineBytes);
    CHECK((static_cast<unsigned char>(zw[static_cast<size_t>(l.start)]) & 0xC0) != 0x80);  // whole characters
    total += l.end - l.start;
  }
  CHECK(total == static_cast<int>(zw.size()));
}

TEST_CASE("hardening: an unterminated quote followed by many rows stays fast and reported") {
  std::string rows;
  for (int i = 0; i < 50000; ++i) rows += "row " + std::to_string(i) + ",text\n";
  // Timed against the same rows behind a well-formed first row, so the check holds on a slow or
  // busy machine and under ASan (a fixed 60 s bound for 200k rows failed at 102 s under ASan on a
  // slow machine, where the well-formed file takes as long), and still fails a parser that rescans
  // the rest of the file for every row after the quote.
  const auto t0 = std::chrono::steady_clock::now();
  Result fine = Import("fine.csv", "title,text\nfine,first\n" + rows);
  const double fine_s = Seconds(t0);
  REQUIRE(fine.report.imported == 50001);
  const auto start = std::chrono::steady_clock::now();
  Result r = Import("quote.csv", "title,text\n\"broken,first\n" + rows);
  CHECK_MESSAGE(Seconds(start) < 4.0 * fine_s + 2.0, "well-formed: " << fine_s << " s");
  CHECK(r.Has("unterminated quote"));
  CHECK(r.report.imported == 50001);
}
