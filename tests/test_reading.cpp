// Tests of the researcher's tools (issue 18): stop words and word counting, keyness scoring
// (log-likelihood, TF-IDF), keyword-in-context lines and their orders, side-by-side alignment,
// and the words/contexts/translations requests served by an Engine over an imported archive.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/text/align.h"
#include "core/archive/archive.h"
#include "core/engine/client.h"
#include "core/engine/engine.h"
#include "core/import/import.h"
#include "core/view/keyness.h"
#include "core/view/kwic.h"
#include "core/engine/reading_protocol.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

TEST_CASE("stop words: shipped for English, Russian and Ukrainian, folded like the index folds words") {
  const auto& lists = StopWordLists();
  std::vector<std::string> languages;
  for (const auto& l : lists) languages.push_back(l.language);
  CHECK(languages == std::vector<std::string>{"en", "ru", "uk"});
  CHECK_FALSE(CountedWord("the"));
  CHECK_FALSE(CountedWord("которые"));
  CHECK_FALSE(CountedWord("також"));
  CHECK_FALSE(CountedWord("2014"));   // numbers
  CHECK_FALSE(CountedWord("x"));      // one letter
  CHECK_FALSE(CountedWord("я"));
  CHECK_FALSE(CountedWord("covid19"));
  CHECK(CountedWord("negotiations"));
  CHECK(CountedWord("переговоры"));
  CHECK(CountedWord("війна"));
  // "мій" folds to "мии" in the index (diacritics removed): the list matches that form.
  CHECK(StopWords().count(Tokenize("мій")[0].folded));
}

TEST_CASE("word counts: stems group forms, the most frequent surface form is shown, df counts documents") {
  WordCounts c;
  CountWords({"The negotiations continue. Negotiations, negotiations!", "We are negotiating in 2015 with a partner.",
              "Meeting a partner."},
             &c);
  CHECK(c.docs == 3);
  const std::string stem = Tokenize("negotiations")[0].term;
  REQUIRE(c.stems.count(stem));
  CHECK(Tokenize("negotiating")[0].term == stem);  // one stem, four forms
  CHECK(c.stems[stem].tf == 4);
  CHECK(c.stems[stem].df == 2);
  CHECK_FALSE(c.stems.count("the"));
  CHECK_FALSE(c.stems.count("2015"));
  CHECK_FALSE(c.stems.count("a"));
  const auto words = KeyWords(c, nullptr, 10, 1);
  // Within the set (no reference): tf × ln(docs/df); "negotiations" (4 in two of three documents)
  // leads, shown in its most frequent form: lower case, though one is capitalised at a sentence start.
  REQUIRE_FALSE(words.empty());
  CHECK(words[0].word == "negotiations");
  CHECK(words[0].count == 4);
  CHECK(words[0].docs == 2);
  WordCounts names;
  CountWords({"Ukraine and Ukraine.", "UKRAINE"}, &names);
  CHECK(KeyWords(names, nullptr, 1, 1).empty());  // in every document: no weight within the set
}

TEST_CASE("log-likelihood: zero for equal rates, grows with the difference, symmetric in the corpora") {
  CHECK(LogLikelihood(10, 100, 1000, 10000) == doctest::Approx(0.0));
  const double small = LogLikelihood(20, 100, 1000, 10000);
  const double large = LogLikelihood(50, 100, 1000, 10000);
  CHECK(small > 0);
  CHECK(large > small);
  CHECK(LogLikelihood(20, 100, 1000, 10000) == doctest::Approx(LogLikelihood(100, 20, 10000, 1000)));
  // Known value: a=10, b=0, c=100, d=100 → 2·10·ln(2) = 13.863.
  CHECK(LogLikelihood(10, 0, 100, 100) == doctest::Approx(13.8629).epsilon(0.001));
  CHECK(LogLikelihood(0, 0, 0, 0) == 0);
}

TEST_CASE("keyness against a reference: overused words only, by G², the search's own words skipped") {
  WordCounts target, reference;
  CountWords({"Sanctions and sanctions again: sanctions hurt trade.", "Sanctions on trade, trade partners.",
              "Security of Europe."},
             &target);
  CountWords({"Security of Europe matters.", "Security and trade in Europe.", "Europe and security.",
              "Culture and sport.", "Sanctions were mentioned once."},
             &reference);
  auto words = KeyWords(target, &reference, 10, 1);
  REQUIRE_FALSE(words.empty());
  CHECK(words[0].word == "sanctions");
  for (const auto& w : words) CHECK(w.word != "Europe");  // less frequent in the target than in the archive
  words = KeyWords(target, &reference, 10, 1, {Tokenize("sanctions")[0].term});
  REQUIRE_FALSE(words.empty());
  CHECK(std::none_of(words.begin(), words.end(), [](const KeyWord& k) { return k.word == "sanctions"; }));
  CHECK(std::any_of(words.begin(), words.end(), [](const KeyWord& k) { return k.word == "trade"; }));
  // hurt (1 here, 0 there) outscores trade (3 here, 1 there): G² weighs the evidence, not the ratio.
  CHECK(LogLikelihood(1, 0, 13, 13) > LogLikelihood(3, 1, 13, 13));
  // min_docs: a word of one document only is left out at 2.
  words = KeyWords(target, &reference, 10, 2);
  for (const auto& w : words) CHECK(w.docs >= 2);
}

TEST_CASE("sample ids: evenly spread, deterministic, all when few") {
  std::vector<int64_t> ids;
  for (int64_t i = 100; i > 0; --i) ids.push_back(i);
  CHECK(SampleIds({3, 1, 2}, 10) == std::vector<int64_t>{1, 2, 3});
  const auto s = SampleIds(ids, 10);
  CHECK(s.size() == 10);
  CHECK(s.front() == 1);
  CHECK(s[1] == 11);
  CHECK(s == SampleIds(ids, 10));
}

TEST_CASE("contexts: one line per hit, cut at words, on one line") {
  const std::string text = "First we talked.\n\nThen the talks went on, and talks ended well after midnight today.";
  std::vector<ContextLine> lines;
  ContextLine proto;
  proto.doc = 7;
  AppendContexts(text, HitRanges(text, "talks"), 12, proto, 0, &lines);
  REQUIRE(lines.size() == 3);  // talked, talks, talks (stemmed)
  CHECK(lines[0].match == "talked");
  CHECK(lines[0].left == "First we ");
  CHECK(lines[1].match == "talks");
  CHECK(lines[1].left.find('\n') == std::string::npos);
  CHECK(lines[1].left == "… Then the ");  // the word the cut fell into is dropped
  CHECK(lines[2].right == " ended well …");
  CHECK(lines[2].hit == 2);
  CHECK(lines[2].doc == 7);
  // A hit glued to its neighbours keeps no space.
  lines.clear();
  AppendContexts("Lavrov's talks", HitRanges("Lavrov's talks", "lavrov"), 20, proto, 0, &lines);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].left.empty());
}

TEST_CASE("contexts: sorted by left word, right word, date and document") {
  auto line = [](int64_t order, std::string date, std::string left, std::string right) {
    ContextLine l;
    l.order = order;
    l.date = std::move(date);
    l.left = std::move(left);
    l.match = "talks";
    l.right = std::move(right);
    return l;
  };
  std::vector<ContextLine> lines = {line(0, "2015-01-01", "the new ", " began"), line(1, "2014-01-01", "Bilateral ", " ended"),
                                    line(2, "", "…  an old ", " Continued"), line(3, "2016-01-01", "", " about")};
  auto by = [&](ContextSort s) {
    auto v = lines;
    SortContexts(&v, s);
    std::vector<int64_t> out;
    for (const auto& l : v) out.push_back(l.order);
    return out;
  };
  CHECK(by(ContextSort::Document) == std::vector<int64_t>{0, 1, 2, 3});
  CHECK(by(ContextSort::Date) == std::vector<int64_t>{1, 0, 3, 2});        // undated last
  CHECK(by(ContextSort::Left) == std::vector<int64_t>{3, 1, 0, 2});        // "", bilateral, new, old
  CHECK(by(ContextSort::Right) == std::vector<int64_t>{3, 0, 2, 1});       // about, began, continued, ended
  ContextSort s;
  CHECK(ParseContextSort("left", &s));
  CHECK(s == ContextSort::Left);
  CHECK_FALSE(ParseContextSort("size", &s));
  const std::string csv = ContextsCsv({line(0, "2015-01-01", "said, \"the ", " began")});
  CHECK(csv == "date,speaker,title,left,hit,right,document\r\n2015-01-01,,,\"said, \"\"the \",talks, began,0\r\n");
}

TEST_CASE("alignment: by order when counts agree, by position along the text when they differ") {
  CHECK(SplitParagraphs("One.\nstill one.\n\n\n  Two.  \n\nThree") ==
        std::vector<std::string>{"One.\nstill one.", "Two.", "Three"});
  CHECK(SplitParagraphs("  \n\n").empty());
  auto rows = AlignParts({10, 20, 30}, {11, 19, 35});
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == AlignedRow{1, 2, 1, 2});
  // The right side split its second paragraph in two: both halves sit beside it.
  rows = AlignParts({100, 200, 100}, {100, 100, 100, 100});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == AlignedRow{0, 1, 0, 1});
  CHECK(rows[1] == AlignedRow{1, 2, 1, 3});
  CHECK(rows[2] == AlignedRow{2, 3, 3, 4});
  // Fewer on the right: every part of both sides appears once, in order.
  rows = AlignParts({1, 1, 1, 1, 1}, {3, 2});
  size_t next_left = 0, next_right = 0;
  for (const auto& r : rows) {
    CHECK(r.left_begin == next_left);
    CHECK(r.right_begin == next_right);
    next_left = r.left_end;
    next_right = r.right_end;
  }
  CHECK(next_left == 5);
  CHECK(next_right == 2);
  rows = AlignParts({}, {5, 5});
  CHECK(rows.size() == 2);
}

namespace {

// An archive imported in memory from one input file.
std::unique_ptr<Archive> ImportedArchive(const std::string& name, const std::string& bytes) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(db, &error));
  InputFile in;
  in.name = name;
  in.bytes = bytes;
  ImportOptions options;
  ImportReport report;
  REQUIRE_MESSAGE(ImportInputs(db, {in}, options, &report, &error), error);
  auto archive = Archive::Adopt(db, name, &error);
  REQUIRE_MESSAGE(archive, error);
  return archive;
}

std::unique_ptr<Archive> ReadingFixture() {
  return ImportedArchive("reading.jsonl",
      R"({"id":"a","language":"en","title":"Sanctions","date":"2022-03-01","text":"Question: Sanctions?\n\nMinister: Sanctions hurt. Sanctions and trade partners. Grain and trade."})"
      "\n"
      R"({"id":"b","language":"en","title":"Security","date":"2022-04-01","text":"Security of Europe. Grain corridors and security."})"
      "\n"
      R"({"id":"a","language":"uk","title":"Санкції","date":"2022-03-01","text":"Санкції шкодять.\n\nТоргівля."})"
      "\n"
      R"({"id":"c","language":"en","title":"Culture","date":"2022-05-01","text":"Culture and sport in Europe. Europe and culture."})"
      "\n");
}

template <class R>
typename R::Answer Serve(Engine& engine, const R& request) {
  typename R::Answer a;
  std::string error;
  REQUIRE_MESSAGE(DecodeAnswer(engine.Handle(EncodeRequest(request)), &a, &error), error);
  return a;
}

}  // namespace

TEST_CASE("engine: words of the results against the archive, contexts paged and sorted, translations") {
  Engine engine;
  engine.SetArchive(ReadingFixture());
  WordsRequest words;
  words.query.text = "trade";
  words.limit = 5;
  WordsAnswer w = Serve(engine, words);
  CHECK(w.error.empty());
  CHECK(w.matched == 1);
  CHECK(w.sampled == 1);
  CHECK(w.against_archive);
  REQUIRE_FALSE(w.words.empty());
  CHECK(w.words[0].word == "Sanctions");
  for (const auto& k : w.words) CHECK(k.word != "trade");  // the search's own word
  // The whole archive: TF-IDF within it.
  words.query = Query{};
  w = Serve(engine, words);
  CHECK_FALSE(w.against_archive);
  CHECK(w.matched == 4);
  CHECK_FALSE(w.words.empty());
  // Filters hold.
  words.query.filters.push_back({"language", "uk", false});
  w = Serve(engine, words);
  CHECK(w.matched == 1);
  REQUIRE_FALSE(w.words.empty());
  CHECK(w.words[0].word == "Санкції");

  ContextsRequest ctx;
  ctx.query.text = "sanctions OR grain";
  ctx.limit = 2;
  ContextsAnswer c = Serve(engine, ctx);
  CHECK(c.error.empty());
  CHECK(c.total == 5);  // "Sanctions?" in the question, two in the answer, grain in a and in b
  CHECK(c.docs_total == 2);
  CHECK(c.lines.size() == 2);
  CHECK(c.lines[0].turn == 0);
  CHECK(c.lines[0].speaker == "Question");
  ctx.offset = 4;
  c = Serve(engine, ctx);
  REQUIRE(c.lines.size() == 1);
  CHECK(c.offset == 4);
  ctx.sort = "right";
  ctx.offset = 0;
  ctx.limit = 10;
  ctx.csv = true;
  c = Serve(engine, ctx);
  REQUIRE(c.lines.size() == 5);
  CHECK(c.lines[0].match == "Grain");
  CHECK(c.lines[0].right == " and trade.");
  CHECK(c.csv.rfind("date,speaker,title,left,hit,right,document\r\n", 0) == 0);
  ctx.query.speaker = "minister";  // limited to one speaker
  c = Serve(engine, ctx);
  CHECK(c.total == 3);
  for (const auto& l : c.lines) CHECK(l.speaker == "Minister");
  ctx.query = Query{};
  c = Serve(engine, ctx);
  CHECK_FALSE(c.error.empty());
  ctx.query.text = "trade";
  ctx.sort = "size";
  std::string error;
  ContextsAnswer bad;
  CHECK_FALSE(DecodeAnswer(engine.Handle(EncodeRequest(ctx)), &bad, &error));
  CHECK(error.find("size") != std::string::npos);

  TranslationsRequest tr;
  tr.id = 1;
  TranslationsAnswer t = Serve(engine, tr);
  REQUIRE(t.translations.size() == 1);
  CHECK(t.translations[0].language == "uk");
  CHECK(t.translations[0].title == "Санкції");
  tr.id = t.translations[0].id;
  t = Serve(engine, tr);
  REQUIRE(t.translations.size() == 1);
  CHECK(t.translations[0].id == 1);
  tr.id = 4;  // "Culture", the last by date (ids follow the dates): no translation
  CHECK(Serve(engine, tr).translations.empty());
}

TEST_CASE("engine: speaker-limited contexts and words follow the stored speaker key, spellings joined") {
  // "V.Putin" in one document and "Vladimir Putin" in the other share the stored key "vladimir
  // putin" (import/speaker_keys.cpp); the search finds both, so contexts and words must read both.
  Engine engine;
  engine.SetArchive(ImportedArchive("keys.json",
      R"([{"id":"1","title":"A","date":"2020-01-01","text":"Question: Why grain?\nV.Putin: Grain exports grow.\nQuestion: And?\nV.Putin: Grain again."},)"
      R"({"id":"2","title":"B","date":"2020-02-01","text":"Question: Why grain?\nVladimir Putin: Grain prices fall."}])"));

  ContextsRequest ctx;
  ctx.query.text = "grain";
  ctx.query.speaker = "vladimir putin";
  ctx.limit = 10;
  ContextsAnswer c = Serve(engine, ctx);
  CHECK(c.error.empty());
  CHECK(c.docs_total == 2);
  CHECK(c.total == 3);  // two in document 1's answers, one in document 2's; none in the questions
  for (const auto& l : c.lines) CHECK(l.speaker != "Question");

  WordsRequest words;
  words.query.speaker = "vladimir putin";
  words.limit = 20;
  WordsAnswer w = Serve(engine, words);
  CHECK(w.error.empty());
  bool exports = false;  // only in document 1, said by "V.Putin"
  for (const auto& k : w.words) exports = exports || k.word == "exports";
  CHECK(exports);
}

// A timing, not a check: STENOGRAM_WORDS_ARCHIVE=path runs the Words request on that archive (the
// bench's 20k one) — the whole archive as the result set, then searches — and prints the engine's
// ms. Skipped without the variable (and so in the wasm build, whose getenv does not see node's
// environment: the figure in wasm comes from the benchWords command, tools/bench's words stage).
TEST_CASE("words: timed on the archive named by STENOGRAM_WORDS_ARCHIVE") {
  const char* path = std::getenv("STENOGRAM_WORDS_ARCHIVE");
  if (!path || !*path) return;
  std::string error;
  auto archive = Archive::OpenFile(path, &error);
  REQUIRE_MESSAGE(archive, error);
  Engine engine;
  engine.SetArchive(std::move(archive));
  for (const char* q : {"", "", "", "the", "the", "security", "security"}) {
    WordsRequest r;
    r.query.text = q;
    r.limit = 150;
    const WordsAnswer a = Serve(engine, r);
    MESSAGE("words '" << q << "': " << a.matched << " matching, " << a.sampled << " counted, " << a.ms << " ms"
                      << (a.words.empty() ? "" : ", first: " + a.words[0].word));
  }
  ContextsRequest c;
  c.query.text = "security";
  c.limit = 100;
  const auto t0 = std::chrono::steady_clock::now();
  const ContextsAnswer a = Serve(engine, c);
  MESSAGE("contexts 'security': " << a.total << " lines from " << a.docs_scanned << " of " << a.docs_total
                                  << " documents, "
                                  << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()
                                  << " ms");
}
