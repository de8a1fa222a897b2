// Tests of export: citations, CSV and JSON of results, text and Markdown of a document, file names.
#include <doctest/doctest.h>

#include "test_support.h"
#include <sqlite3.h>

#include <string>

#include "core/archive/archive.h"
#include "core/view/export.h"
#include "core/archive/schema.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

Document Talks() {
  Document d;
  d.id = 1;
  d.title = "Talks with the Foreign Minister of Serbia";
  d.date = "2014-12-05";
  d.date_precision = "day";
  d.place = "Moscow";
  d.kind = "talks";
  d.url = "https://example.org/1";
  d.turns = {{0, "Question", "How were the talks?"}, {1, "Sergey Lavrov", "Useful, \"detailed\"."}};
  return d;
}

}  // namespace

TEST_CASE("citations and human dates") {
  CHECK(HumanDate("2014-12-05", "day") == "5 December 2014");
  CHECK(HumanDate("2014-12", "month") == "December 2014");
  CHECK(HumanDate("2014-12-05", "year") == "2014");
  CHECK(HumanDate("", "") == "");
  CHECK(Citation(Talks()) == "Talks with the Foreign Minister of Serbia. Moscow, 5 December 2014. https://example.org/1");
  Document bare;
  bare.title = "Note?";
  CHECK(Citation(bare) == "Note?");
}

TEST_CASE("a quoted passage names the turn's speaker, the document and the link to the turn") {
  CHECK(QuoteWithCitation(Talks(), 1, "Useful.\n", "https://x.org/#doc=1&turn=1") ==
        "Useful.\n\n\u2014 Sergey Lavrov, Talks with the Foreign Minister of Serbia. Moscow, 5 December 2014. "
        "https://x.org/#doc=1&turn=1");
  // No link given: the document's own URL; a turn out of range: no speaker.
  CHECK(QuoteWithCitation(Talks(), 7, "Useful.", "") ==
        "Useful.\n\n\u2014 Talks with the Foreign Minister of Serbia. Moscow, 5 December 2014. https://example.org/1");
}

TEST_CASE("a document as text and Markdown keeps every turn") {
  const std::string text = DocumentText(Talks());
  CHECK(text.find("Talks with the Foreign Minister of Serbia\n5 December 2014, Moscow, talks\nhttps://example.org/1\n") == 0);
  CHECK(text.find("Question: How were the talks?\n\nSergey Lavrov: Useful, \"detailed\".\n") != std::string::npos);
  const std::string md = DocumentMarkdown(Talks());
  CHECK(md.find("# Talks with the Foreign Minister of Serbia\n\n*5 December 2014, Moscow, talks*\n") == 0);
  CHECK(md.find("**Sergey Lavrov:** Useful") != std::string::npos);
  CHECK(ExportFileName("Talks with the Foreign Minister of Serbia, Moscow", "md") == "talks-with-the-foreign-minister-of.md");
  CHECK(ExportFileName("Интервью", "txt") == "document.txt");
}

TEST_CASE("results as CSV and JSON, in the order given") {
  sqlite3* db = test_support::NewArchiveDb();
  std::string error;
  test_support::LoadFixture(db,
                            "INSERT INTO fixture_documents(id, title, date, kind, place, language, url, text) VALUES "
                            "(1, 'Talks, \"useful\"', '2014-12-05', 'talks', 'Moscow', 'en', 'https://e.org/1', 'x'),"
                            "(2, 'Интервью', '2014-08', 'interview', NULL, 'ru', NULL, 'y');");
  auto archive = Archive::Adopt(db, "x.sqlite", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(ResultsCsv(*archive, {2, 1}) ==
        "id,date,title,kind,place,section,language,url\r\n"
        "2,2014-08,Интервью,interview,,,ru,\r\n"
        "1,2014-12-05,\"Talks, \"\"useful\"\"\",talks,Moscow,,en,https://e.org/1\r\n");
  const std::string json = ResultsJson(*archive, {1});
  CHECK(json.find("\"title\": \"Talks, \\\"useful\\\"\"") != std::string::npos);
  CHECK(json.find("\"id\": 1") != std::string::npos);
  CHECK(ResultsJson(*archive, {}) == "[]\n");
}
