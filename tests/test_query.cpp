// Tests of query: full-text search with stemming and speaker limits, filters and excludes, result
// order, snippets, facet counts, the month histogram, hit ranges and friendly query errors.
// The fixture archive is built from SQL inside the test.
#include <doctest/doctest.h>

#include "test_support.h"
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/view/query.h"
#include "core/archive/schema.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

std::unique_ptr<Archive> QueryFixture() {
  sqlite3* db = test_support::NewArchiveDb();
  std::string error;
  const char* sql = R"SQL(
    INSERT INTO meta VALUES ('title', 'Query fixture');
    INSERT INTO fixture_documents(id, title, date, date_precision, day, kind, section, place, language, url, summary, text) VALUES
      (1, 'Talks with the Foreign Minister of Serbia', '2014-12-05', 'day', 16409, 'talks', 'Minister', 'Moscow', 'en',
       'https://example.org/1', NULL,
       'Question: How were the talks on the OSCE?

Sergey Lavrov: Useful. We are negotiating a new framework for European security.'),
      (2, 'Interview on the crisis in Ukraine', '2014-08-15', 'day', 16297, 'interview', 'Minister', NULL, 'en',
       NULL, 'On the Minsk negotiations.',
       'Question: Are the negotiations in Minsk useful?

Sergey Lavrov: The negotiations continue. Peace talks need patience.

John Smith: Thank you.'),
      (3, 'Интервью о переговорах', '2014-08', 'month', 16283, 'interview', 'Minister', 'Москва', 'ru', NULL, NULL,
       'Вопрос: Как идут переговоры в Минске?

С.В.Лавров: Переговоры продолжаются, мирный процесс идёт.'),
      (4, 'Negotiations and negotiators: a speech', '2015-01-20', 'day', 16455, 'speech', 'Minister', 'Geneva', 'en',
       NULL, NULL, 'Ladies and gentlemen, security is indivisible. The talks went on.'),
      (5, 'An undated note', NULL, NULL, NULL, 'article', 'Archive', NULL, 'en', NULL, NULL, 'Nothing about talks here at all, no negotiating.');
    INSERT INTO fixture_turns(doc_id, ord, speaker, speaker_key, text) VALUES
      (1, 0, 'Question', 'question', 'How were the talks on the OSCE?'),
      (1, 1, 'Sergey Lavrov', 'sergey lavrov', 'Useful. We are negotiating a new framework for European security.'),
      (2, 0, 'Question', 'question', 'Are the negotiations in Minsk useful?'),
      (2, 1, 'Sergey Lavrov', 'sergey lavrov', 'The negotiations continue. Peace talks need patience.'),
      (2, 2, 'John Smith', 'john smith', 'Thank you.'),
      (3, 0, 'Вопрос', 'question', 'Как идут переговоры в Минске?'),
      (3, 1, 'С.В.Лавров', 'с.в.лавров', 'Переговоры продолжаются, мирный процесс идёт.'),
      (4, 0, NULL, NULL, 'Ladies and gentlemen, security is indivisible. The talks went on.'),
      (5, 0, NULL, NULL, 'Nothing about talks here at all, no negotiating.');
    INSERT INTO entities(id, kind, name, key, doc_count) VALUES
      (1, 'country', 'Serbia', 'serbia', 1), (2, 'tag', 'OSCE', 'osce', 2), (3, 'tag', 'Ukraine', 'ukraine', 2),
      (4, 'person', 'Ivica Dacic', 'ivica dacic', 1), (5, 'place', 'Minsk', 'minsk', 2);
    INSERT INTO doc_entities VALUES (1, 1, 'counterpart'), (1, 4, 'counterpart'), (1, 2, 'tag'), (4, 2, 'tag'),
      (2, 3, 'tag'), (3, 3, 'tag'), (2, 5, 'mention'), (3, 5, 'mention');
    INSERT INTO stats_months VALUES ('2014-08', 2), ('2014-12', 1), ('2015-01', 1);
    INSERT INTO stats VALUES ('doc_count', 5), ('first_date', '2014-08'), ('last_date', '2015-01-20');
  )SQL";
  test_support::LoadFixture(db, sql);
  auto archive = Archive::Adopt(db, "query.sqlite", &error);
  REQUIRE_MESSAGE(archive, error);
  return archive;
}

Query Text(const std::string& text) {
  Query q;
  q.text = text;
  return q;
}

std::vector<int64_t> Ids(const Archive& a, const Query& q) {
  QueryResult r = RunQuery(a, q);
  CHECK_MESSAGE(r.error.empty(), r.error);
  CHECK(r.total == static_cast<int64_t>(r.ids.size()));
  return r.ids;
}

std::vector<int64_t> Sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> HitTexts(const std::string& text, const std::string& query) {
  std::vector<std::string> out;
  for (const HitRange& h : HitRanges(text, query)) out.push_back(text.substr(h.start, h.end - h.start));
  return out;
}

int64_t CountOf(const std::vector<FacetValue>& values, const std::string& value) {
  for (const auto& v : values)
    if (v.value == value) return v.count;
  return 0;
}

}  // namespace

TEST_CASE("a text query finds stemmed forms and ranks a title hit first") {
  auto a = QueryFixture();
  const auto ids = Ids(*a, Text("negotiations"));
  // 1 says "negotiating", 2 "negotiations", 4 has it in the title, 5 "negotiating".
  CHECK(Sorted(ids) == std::vector<int64_t>{1, 2, 4, 5});
  REQUIRE(!ids.empty());
  CHECK(ids[0] == 4);  // the title weighs more than the text
  CHECK(Ids(*a, Text("переговорах")) == std::vector<int64_t>{3});
  CHECK(Ids(*a, Text("ПЕРЕГОВОРЫ")) == std::vector<int64_t>{3});
  CHECK(Ids(*a, Text("\"peace talks\"")) == std::vector<int64_t>{2});
  CHECK(Sorted(Ids(*a, Text("secur*"))) == std::vector<int64_t>{1, 4});
  CHECK(Sorted(Ids(*a, Text("talks NOT Minsk"))) == std::vector<int64_t>{1, 4, 5});
  CHECK(Ids(*a, Text("NEAR(peace patience, 3)")) == std::vector<int64_t>{2});
  CHECK(Ids(*a, Text("title: speech")) == std::vector<int64_t>{4});
  CHECK(Ids(*a, Text("Lavrov's")).empty());  // quoted as a phrase instead of failing
  CHECK(Ids(*a, Text("   ")).size() == 5);   // blank is no query
}

TEST_CASE("results are ordered by date in either direction, undated last") {
  auto a = QueryFixture();
  Query q;
  CHECK(Ids(*a, q) == std::vector<int64_t>{3, 2, 1, 4, 5});  // no text: date order
  q.sort = SortOrder::DateDescending;
  CHECK(Ids(*a, q) == std::vector<int64_t>{4, 1, 2, 3, 5});
  q = Text("talks");
  q.sort = SortOrder::DateAscending;
  CHECK(Ids(*a, q) == std::vector<int64_t>{2, 1, 4, 5});
}

TEST_CASE("a speaker limit searches only that speaker's turns") {
  auto a = QueryFixture();
  Query q = Text("talks");
  q.speaker = "question";
  CHECK(Ids(*a, q) == std::vector<int64_t>{1});  // only the question in 1 says "talks"
  q.speaker = "sergey lavrov";
  CHECK(Ids(*a, q) == std::vector<int64_t>{2});
  q.text = "negotiations";
  CHECK(Sorted(Ids(*a, q)) == std::vector<int64_t>{1, 2});
  q.text = "Lavrov";  // the speaker column is not searched
  CHECK(Ids(*a, q).empty());
  q.text = "";
  q.speaker = "john smith";  // no text: documents where the speaker speaks
  CHECK(Ids(*a, q) == std::vector<int64_t>{2});
  q.text = "talks OR переговоры";
  q.speaker = "question";
  CHECK(Sorted(Ids(*a, q)) == std::vector<int64_t>{1, 3});
}

TEST_CASE("filters: alternatives within a facet, all of several tags, excludes, date range") {
  auto a = QueryFixture();
  Query q;
  q.filters = {{"kind", "interview", false}};
  CHECK(Ids(*a, q) == std::vector<int64_t>{3, 2});
  q.filters.push_back({"kind", "speech", false});
  CHECK(Ids(*a, q) == std::vector<int64_t>{3, 2, 4});
  q.filters.push_back({"language", "ru", true});
  CHECK(Ids(*a, q) == std::vector<int64_t>{2, 4});
  q.filters = {{"tag", "OSCE", false}, {"counterpart", "Serbia", false}};
  CHECK(Ids(*a, q) == std::vector<int64_t>{1});
  q.filters = {{"tag", "OSCE", true}};
  CHECK(Ids(*a, q) == std::vector<int64_t>{3, 2, 5});
  q.filters = {{"year", "2015", false}};
  CHECK(Ids(*a, q) == std::vector<int64_t>{4});
  q.filters = {{"month", "2014-08", false}, {"place", "Minsk", false}};
  CHECK(Ids(*a, q) == std::vector<int64_t>{3, 2});
  q.filters = {{"place", "Moscow", false}};
  CHECK(Ids(*a, q) == std::vector<int64_t>{1});
  q.filters = {{"speaker", "john smith", true}, {"person", "Ivica Dacic", true}};
  CHECK(Ids(*a, q) == std::vector<int64_t>{3, 4, 5});
  q.filters = {};
  q.day_from = 16290;
  q.day_to = 16409;
  CHECK(Ids(*a, q) == std::vector<int64_t>{2, 1});
}

TEST_CASE("facet counts follow the query and leave out the facet's own filters") {
  auto a = QueryFixture();
  Query q;
  auto kinds = FacetCounts(*a, q, "kind", 10);
  REQUIRE(!kinds.empty());
  CHECK(kinds[0].value == "interview");
  CHECK(kinds[0].count == 2);
  CHECK(CountOf(kinds, "talks") == 1);
  q = Text("negotiations");
  q.filters = {{"kind", "interview", false}};
  kinds = FacetCounts(*a, q, "kind", 10);
  CHECK(CountOf(kinds, "interview") == 1);  // the kind filter itself is left out...
  CHECK(CountOf(kinds, "speech") == 1);     // ...so the other kinds still show their counts
  CHECK(CountOf(kinds, "article") == 1);
  auto years = FacetCounts(*a, q, "year", 10);  // ...but the other facets obey it
  REQUIRE(years.size() == 1);
  CHECK(years[0].value == "2014");
  CHECK(years[0].count == 1);
  auto langs = FacetCounts(*a, Query{}, "language", 10);
  CHECK(CountOf(langs, "en") == 4);
  REQUIRE(langs.size() == 2);
  CHECK(langs[1].label == "Russian");
  auto speakers = FacetCounts(*a, Query{}, "speaker", 10);
  REQUIRE(speakers.size() >= 3);
  CHECK(speakers[0].value == "question");
  CHECK(speakers[0].count == 3);
  CHECK(CountOf(speakers, "john smith") == 1);
  auto tags = FacetCounts(*a, Text("talks"), "tag", 1);
  REQUIRE(tags.size() == 1);
  CHECK(tags[0].value == "OSCE");
  CHECK(tags[0].count == 2);
  CHECK(CountOf(FacetCounts(*a, Query{}, "counterpart", 10), "Ivica Dacic") == 1);
  CHECK(FacetCounts(*a, Query{}, "nonsense", 10).empty());
}

TEST_CASE("facet counts with own_filters are counted within the facet's own filters too") {
  auto a = QueryFixture();
  Query q;
  q.filters = {{"tag", "OSCE", false}};
  CHECK(CountOf(FacetCounts(*a, q, "tag", 10), "Ukraine") == 2);  // the tag filter left out
  auto within = FacetCounts(*a, q, "tag", 10, true);
  REQUIRE(within.size() == 1);  // no document has both tags
  CHECK(within[0].value == "OSCE");
  CHECK(within[0].count == 2);
  q.filters = {{"tag", "OSCE", true}};
  within = FacetCounts(*a, q, "tag", 10, true);
  CHECK(CountOf(within, "OSCE") == 0);
  CHECK(CountOf(within, "Ukraine") == 2);
}

TEST_CASE("the month histogram reads stats for an empty query and counts matches otherwise") {
  auto a = QueryFixture();
  auto all = MonthHistogram(*a, Query{});
  REQUIRE(all.size() == 3);
  CHECK(all[0].month == "2014-08");
  CHECK(all[0].count == 2);
  auto talks = MonthHistogram(*a, Text("negotiations"));
  REQUIRE(talks.size() == 3);
  CHECK(talks[0].month == "2014-08");
  CHECK(talks[0].count == 1);
  CHECK(talks[2].month == "2015-01");
}

TEST_CASE("result rows carry snippets with the hits marked, built only for the rows asked") {
  auto a = QueryFixture();
  Query q = Text("negotiations");
  QueryResult r = RunQuery(*a, q);
  REQUIRE(r.scores.size() == r.ids.size());
  auto rows = ResultRows(*a, q, r.ids, 1, 2, &r.scores);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].rank == r.scores[1]);
  CHECK(rows[0].id == r.ids[1]);
  for (const auto& row : rows) {
    CHECK(!row.title.empty());
    CHECK(row.rank < 0);
    REQUIRE(!row.snippet_hits.empty());
    const HitRange h = row.snippet_hits[0];
    const std::string hit = row.snippet.substr(h.start, h.end - h.start);
    CHECK((hit == "negotiations" || hit == "negotiating"));
    CHECK(row.snippet.find('\n') == std::string::npos);
  }
  CHECK(ResultRows(*a, q, r.ids, 10, 5).empty());
  CHECK(ResultRows(*a, q, r.ids, 3, 100).size() == 1);

  Query by_speaker = Text("talks");
  by_speaker.speaker = "question";
  auto qrows = ResultRows(*a, by_speaker, RunQuery(*a, by_speaker).ids, 0, 10);
  REQUIRE(qrows.size() == 1);
  CHECK(qrows[0].snippet == "How were the talks on the OSCE?");
  REQUIRE(qrows[0].snippet_hits.size() == 1);
  CHECK(qrows[0].snippet_hits[0] == HitRange{13, 18});

  auto plain = ResultRows(*a, Query{}, {3}, 0, 1);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].title == "Интервью о переговорах");
  CHECK(plain[0].date_precision == "month");
  CHECK(plain[0].snippet.empty());
}

TEST_CASE("snippet assembly turns markers into ranges on one line") {
  std::string plain;
  std::vector<HitRange> hits;
  AssembleSnippet("…the \x01talks\x02 went\n\non, \x01переговоры\x02 too…", &plain, &hits);
  CHECK(plain == "…the talks went on, переговоры too…");
  REQUIRE(hits.size() == 2);
  CHECK(plain.substr(hits[0].start, hits[0].end - hits[0].start) == "talks");
  CHECK(plain.substr(hits[1].start, hits[1].end - hits[1].start) == "переговоры");
  AssembleSnippet("no hits", &plain, &hits);
  CHECK(plain == "no hits");
  CHECK(hits.empty());
}

TEST_CASE("hit ranges: stemmed Latin and Cyrillic, phrases, prefixes, NOT and fields") {
  const std::string en = "Negotiations began; the diplomats were negotiating peace talks, not talking.";
  CHECK(HitTexts(en, "negotiation") == std::vector<std::string>{"Negotiations", "negotiating"});
  CHECK(HitTexts(en, "negot*") == std::vector<std::string>{"Negotiations", "negotiating"});
  CHECK(HitTexts(en, "Negotia*") == std::vector<std::string>{"Negotiations", "negotiating"});
  CHECK(HitTexts(en, "\"peace talks\"") == std::vector<std::string>{"peace talks"});
  CHECK(HitTexts(en, "peace + talks") == std::vector<std::string>{"peace talks"});
  CHECK(HitTexts(en, "peace NOT talks") == std::vector<std::string>{"peace"});
  CHECK(HitTexts(en, "peace NOT (talks OR began)") == std::vector<std::string>{"peace"});
  CHECK(HitTexts(en, "text: peace") == std::vector<std::string>{"peace"});
  CHECK(HitTexts(en, "NEAR(peace began, 10)") == std::vector<std::string>{"began", "peace"});
  CHECK(HitTexts(en, "").empty());
  CHECK(HitTexts(en, "NOT").empty());
  const std::string ru = "Переговоры в Минске. О переговорах говорили долго; мирный процесс.";
  CHECK(HitTexts(ru, "переговоры") == std::vector<std::string>{"Переговоры", "переговорах"});
  CHECK(HitTexts(ru, "МИНСК") == std::vector<std::string>{"Минске"});
  CHECK(HitTexts(ru, "перегово*") == std::vector<std::string>{"Переговоры", "переговорах"});
  CHECK(HitTexts(ru, "\"мирный процесс\"") == std::vector<std::string>{"мирный процесс"});
  const auto ranges = HitRanges(ru, "переговоры");
  REQUIRE(ranges.size() == 2);
  CHECK(ranges[0] == HitRange{0, static_cast<int>(std::string("Переговоры").size())});
}

TEST_CASE("the match expression quotes words FTS5 would reject and keeps the syntax") {
  CHECK(MatchExpression("Lavrov's") == "\"Lavrov's\"");
  CHECK(MatchExpression("  U.S.   sanctions ") == "\"U.S.\" sanctions");
  CHECK(MatchExpression("\"peace talks\" AND secur* OR NEAR(a b, 5)") == "\"peace talks\" AND secur* OR NEAR(a b, 5)");
  CHECK(MatchExpression("co-operation NOT переговоры") == "\"co-operation\" NOT переговоры");
  CHECK(MatchExpression("").empty());
}

TEST_CASE("malformed queries give a friendly message, never SQLite's") {
  auto a = QueryFixture();
  for (const char* bad : {"\"peace talks", "word: peace", "NOT peace", "(peace OR talks", "peace)", "peace AND", "*"}) {
    CAPTURE(bad);
    QueryResult r = RunQuery(*a, Text(bad));
    CHECK(!r.error.empty());
    CHECK(r.ids.empty());
    CHECK(r.error.find("fts5") == std::string::npos);
    CHECK(r.error.find("syntax error") == std::string::npos);
    CHECK(r.error.find("sqlite") == std::string::npos);
  }
  CHECK(RunQuery(*a, Text("\"peace talks")).error.find("quotation mark") != std::string::npos);
  CHECK(RunQuery(*a, Text("word: peace")).error.find("\"word:\"") != std::string::npos);
  CHECK(RunQuery(*a, Text("(peace OR talks")).error.find("parenthesis") != std::string::npos);
  CHECK(RunQuery(*a, Text("NOT peace")).error.find("NOT joins two searches") != std::string::npos);
  CHECK(FriendlyQueryError("fts5: syntax error near \"\"", "peace AND").find("ends too early") != std::string::npos);
  CHECK(FriendlyQueryError("out of memory", "x") == "The search failed. Try fewer or simpler words.");
}

TEST_CASE("a snippet is shortened so that its first hit shows in a narrow row") {
  std::string snippet = "…one two three four five six seven eight nine ten talks end";
  std::vector<HitRange> hits = {{static_cast<int>(snippet.find("talks")), static_cast<int>(snippet.find("talks")) + 5}};
  FocusSnippet(&snippet, &hits, 12);
  CHECK(snippet == "…nine ten talks end");
  REQUIRE(hits.size() == 1);
  CHECK(snippet.substr(static_cast<size_t>(hits[0].start), 5) == "talks");
  std::string near = "the talks";
  std::vector<HitRange> near_hits = {{4, 9}};
  FocusSnippet(&near, &near_hits, 12);
  CHECK(near == "the talks");
}
