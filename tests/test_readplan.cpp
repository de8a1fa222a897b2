// Tests of readplan: planning a result page's row reads ahead of SQLite. After the planned runs are
// fetched, reading the rows (with snippets, over long texts with overflow pages) needs no request;
// every planned byte is one SQLite reads; two read heads interleaved both keep their read-ahead;
// damaged pages end the plan quietly.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/archive/blockvfs.h"
#include "core/import/import_image.h"
#include "core/view/query.h"
#include "core/archive/readplan.h"
#include "core/archive/statement.h"
#include "core/engine/engine.h"
#include "test_support.h"

using namespace stenogram;

namespace {

// n documents with texts of 2–40 KB (several overflow pages each, on 4 KB pages).
std::vector<unsigned char> LongTexts(int n) {
  std::string jsonl;
  std::mt19937 rng(11);
  for (int i = 1; i <= n; ++i) {
    std::string text = "Sergey Lavrov: ";
    const size_t words = 300 + rng() % 6000;
    for (size_t w = 0; w < words; ++w) text += w % 97 == 5 ? "negotiations " : (w % 3 ? "about " : "item" + std::to_string(rng() % 50000) + " ");
    jsonl += "{\"id\":\"d" + std::to_string(i) + "\",\"title\":\"Talks number " + std::to_string(i) + "\",\"date\":\"20" +
             std::to_string(10 + i % 9) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
             "\",\"text\":\"" + text + "\"}\n";
  }
  return test_support::ImageOfJsonl("long.jsonl", jsonl);
}

}  // namespace

TEST_CASE("read plan: after the planned runs, a result page's rows and snippets need no request") {
  const auto bytes = LongTexts(400);
  for (size_t block : {size_t{4096}, size_t{16384}}) {
    INFO("block " << block);
    test_support::Opened o = test_support::OpenThroughCache(bytes, block);
    Query q;
    q.text = "negotiations";
    const QueryResult r = RunQuery(*o.archive, q);
    REQUIRE(r.total > 100);
    const std::vector<int64_t> page(r.ids.begin() + 40, r.ids.begin() + 60);  // not the first rows: cold pages
    int steps = 0;
    std::string error;
    uint64_t planned_requests = o.cache->Stats().requests;
    for (; steps < 10; ++steps) {
      const auto runs = PlanRowReads(*o.cache, o.archive->Db(), ResultRowTables(true), page);
      if (runs.empty()) break;
      for (size_t i = 1; i < runs.size(); ++i) CHECK(runs[i - 1].offset + runs[i - 1].length < runs[i].offset);  // merged, in order
      REQUIRE(o.cache->FetchRuns(runs, &error));
    }
    planned_requests = o.cache->Stats().requests - planned_requests;
    CHECK(steps >= 2);   // root → ... → leaves → overflow pages
    CHECK(steps <= 6);   // one step per level, not per row
    CHECK(planned_requests > static_cast<uint64_t>(steps));  // each step fetched several runs at once
    const uint64_t before = o.cache->Stats().requests;
    const auto rows = ResultRows(*o.archive, q, r.ids, 40, 20, &r.scores);
    REQUIRE(rows.size() == 20);
    for (const auto& row : rows) CHECK(!row.snippet.empty());
    CHECK(o.cache->Stats().requests == before);  // everything was planned
    // A document: its text (all its overflow pages) is planned; its turns, entities and meeting rows
    // (other tables, keyed by document) are a few reads more, not one per page of text.
    auto doc = o.archive->ReadDocument(page[7]);
    REQUIRE(doc);
    CHECK(doc->text.size() > 1000);
    CHECK(o.cache->Stats().requests - before <= 8);
  }
}

TEST_CASE("read plan: nothing to plan for cached rows, unknown tables or ids; damaged pages end it quietly") {
  const auto bytes = LongTexts(60);
  test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
  CHECK(PlanRowReads(*o.cache, o.archive->Db(), {"no_such_table"}, {1, 2, 3}).empty());
  CHECK(PlanRowReads(*o.cache, nullptr, {"docs"}, {1}).empty());
  std::string error;
  for (int step = 0; step < 10; ++step) {
    const auto runs = PlanRowReads(*o.cache, o.archive->Db(), {"docs", "texts"}, {1, 2, 3, 1000000});
    if (runs.empty()) break;
    REQUIRE(o.cache->FetchRuns(runs, &error));
  }
  CHECK(PlanRowReads(*o.cache, o.archive->Db(), {"docs", "texts"}, {1, 2, 3, 1000000}).empty());
  // Flipped bytes anywhere past the header: the planner may plan nonsense but never crashes or loops.
  std::mt19937 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    auto damaged = bytes;
    for (int k = 0; k < 40; ++k) damaged[4096 + rng() % (damaged.size() - 4096)] ^= static_cast<unsigned char>(1 + rng() % 255);
    BlockCacheOptions options;
    options.block_size = 4096;
    auto cache = std::make_shared<BlockCache>(std::make_unique<MemorySource>(damaged), options);
    auto archive = OpenArchiveThroughCache(cache, "damaged.sqlite", &error);
    if (!archive) continue;
    for (int step = 0; step < 8; ++step) {
      const auto runs = PlanRowReads(*cache, archive->Db(), {"docs", "texts"}, {1, 5, 9, 30, 59});
      if (runs.empty() || !cache->FetchRuns(runs, &error)) break;
    }
  }
}

TEST_CASE("block cache: two interleaved forward streams both keep growing their read-ahead") {
  std::vector<unsigned char> bytes(8 << 20);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i * 7);
  BlockCacheOptions options;
  options.block_size = 4096;
  BlockCache cache(std::make_unique<MemorySource>(bytes), options);
  std::vector<unsigned char> page(4096);
  std::string error;
  // Stream a from the start, stream b from the middle, one page of each in turn.
  for (uint64_t k = 0; k < 512; ++k) {
    REQUIRE(cache.Read(k * 4096, 4096, page.data(), &error));
    CHECK(page[0] == static_cast<unsigned char>(k * 4096 * 7));
    REQUIRE(cache.Read((4 << 20) + k * 4096, 4096, page.data(), &error));
  }
  // 1024 pages read in far fewer requests than a single head would need (it restarts at 1 each turn).
  CHECK(cache.Stats().requests < 40);
}

TEST_CASE("read plan: the warm-up holds the index's sizes and terms and the b-trees' interior pages") {
  const auto bytes = LongTexts(400);
  auto cold_search = [&](bool warm, uint64_t* warm_requests) {
    test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
    std::string error;
    const uint64_t at_open = o.cache->Stats().requests;
    int steps = 0;
    for (; warm && steps < 12; ++steps) {
      const auto runs = PlanWarmUp(*o.cache, o.archive->Db());
      if (runs.empty()) break;
      REQUIRE(o.cache->FetchRuns(runs, &error));
    }
    if (warm) {
      CHECK(steps >= 1);
      CHECK(steps <= 8);  // a level of the b-trees a step
      CHECK(PlanWarmUp(*o.cache, o.archive->Db()).empty());
    }
    *warm_requests = o.cache->Stats().requests - at_open;
    const uint64_t before = o.cache->Stats().requests;
    Query q;
    q.text = "negotiations";
    const QueryResult r = RunQuery(*o.archive, q);
    CHECK(r.total > 100);
    return o.cache->Stats().requests - before;
  };
  uint64_t warm_requests = 0, none = 0;
  const uint64_t cold = cold_search(false, &none), warmed = cold_search(true, &warm_requests);
  CHECK(warm_requests > 0);
  CHECK(warmed < cold);  // the ranking's descents and its sizes were already there
  MESSAGE("ranking reads: " << cold << " requests cold, " << warmed << " after the warm-up (" << warm_requests << " requests)");
}

TEST_CASE("read plan: a whole table comes with its rows' overflow pages") {
  const auto bytes = LongTexts(120);  // texts of 2–40 KB: most rows overflow their leaf
  test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
  std::string error;
  int steps = 0;
  for (; steps < 12; ++steps) {
    const auto runs = PlanTreeReads(*o.cache, o.archive->Db(), {"texts"}, {}, 100000);
    if (runs.empty()) break;
    REQUIRE(o.cache->FetchRuns(runs, &error));
  }
  CHECK(steps >= 2);  // the leaves, then their chains (checked, then the rest of any guessed wrong)
  CHECK(steps < 12);
  const uint64_t before = o.cache->Stats().requests;
  for (int64_t id = 1; id <= 120; id += 7) {
    auto doc = o.archive->ReadDocument(id);
    REQUIRE(doc);
    CHECK(doc->text.size() > 1000);
  }
  // Every text's pages were planned; what a document reads besides (turns, entities) is not.
  CHECK(o.cache->Stats().requests - before <= 18 * 4);
  Stmt s(o.archive->Db(), "SELECT sum(length(text)) FROM texts");
  const uint64_t read_before = o.cache->Stats().requests;
  REQUIRE(s.Step());
  CHECK(s.Int(0) > 120 * 2000);
  CHECK(o.cache->Stats().requests == read_before);  // the whole table, overflow and all, is cached
}

TEST_CASE("read plan: a local file's read-ahead holds what a search reads, a bounded step at a time") {
  const auto bytes = LongTexts(400);
  test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
  std::string error;
  for (int i = 0; i < 12; ++i) {  // the warm-up comes first
    const auto runs = PlanWarmUp(*o.cache, o.archive->Db());
    if (runs.empty()) break;
    REQUIRE(o.cache->FetchRuns(runs, &error));
  }
  const uint64_t step = 64 * 1024;
  int steps = 0;
  uint64_t fetched = 0;
  for (; steps < 400; ++steps) {
    const auto runs = PlanHotReads(*o.cache, o.archive->Db(), uint64_t{1} << 30, step);
    if (runs.empty()) break;
    uint64_t n = 0;
    for (const auto& r : runs) {
      CHECK(r.offset % 4096 == 0);
      n += r.length;
    }
    CHECK(n <= step);
    fetched += n;
    REQUIRE(o.cache->FetchRuns(runs, &error));
  }
  CHECK(steps > 1);   // more than one step's worth, cut into steps
  CHECK(steps < 400);
  CHECK(fetched < bytes.size() / 2);  // not the texts
  const uint64_t before = o.cache->Stats().requests;
  Query q;
  q.text = "negotiations OR about";
  const QueryResult r = RunQuery(*o.archive, q);
  CHECK(r.total > 100);
  CHECK(o.cache->Stats().requests - before <= 2);  // ranked from what the read-ahead holds (a small table or two aside)
  MESSAGE("a ranked search after the read-ahead: " << o.cache->Stats().requests - before << " requests");
  // A budget smaller than the index stops it early.
  test_support::Opened small = test_support::OpenThroughCache(bytes, 4096);
  uint64_t small_fetched = 0;
  for (int i = 0; i < 400; ++i) {
    const auto runs = PlanHotReads(*small.cache, small.archive->Db(), 64 * 1024, step);
    if (runs.empty()) break;
    for (const auto& x : runs) small_fetched += x.length;
    REQUIRE(small.cache->FetchRuns(runs, &error));
  }
  CHECK(small_fetched <= 64 * 1024 + 4096 * 8);
}

TEST_CASE("read plan: a cold ranked search looks its words up ahead (term table, first leaves of each doclist)") {
  const auto bytes = LongTexts(400);
  // Reads the search itself makes after planning with or without its words, and the planned steps.
  uint64_t planned = 0;  // bytes of the last call's planned runs
  auto cold = [&](const std::string& text, bool words, int* steps) {
    test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
    std::string error;
    *steps = 0;
    planned = 0;
    for (; *steps < 10; ++*steps) {
      const auto runs = PlanRankReads(*o.cache, *o.archive, words ? MatchExpression(text) : std::string());
      if (runs.empty()) break;
      for (const ByteRun& r : runs) planned += r.length;
      REQUIRE(o.cache->FetchRuns(runs, &error));
    }
    const uint64_t before = o.cache->Stats().requests;
    Query q;
    q.text = text;
    const QueryResult r = RunQuery(*o.archive, q);
    CHECK(r.error.empty());
    return std::make_pair(o.cache->Stats().requests - before, r.ids);
  };
  std::map<std::string, uint64_t> planned_bytes;
  for (const std::string text : {"negotiations", "negotiat*", "about OR negotiations", "\"about negotiations\"", "nosuchword"}) {
    INFO(text);
    int steps_with = 0, steps_without = 0;
    const auto [with_words, ids_with] = cold(text, true, &steps_with);
    planned_bytes[text] = planned;
    const auto [without_words, ids_without] = cold(text, false, &steps_without);
    CHECK(ids_with == ids_without);  // a hint only: the same answer
    CHECK(steps_with <= 5);          // the records, the term table, the data's levels: a step each
    // What is left for the search itself. "about" is every third word: its doclist is most of the
    // index, planned whole for words joined by OR; a phrase skips through it by its doclist index,
    // so there only its first leaves are planned and the rest is read on by read-ahead.
    if (text.front() != '"') CHECK(with_words <= 2);
    CHECK(with_words < without_words);
    MESSAGE(text << ": the search reads " << with_words << " blocks after " << steps_with << " planned steps (without its words: "
                 << without_words << " after " << steps_without << ")");
  }
  // The whole doclist is planned only where the search reads it whole.
  CHECK(planned_bytes["about OR negotiations"] > 2 * planned_bytes["\"about negotiations\""]);
}

TEST_CASE("read plan: the idle warm-up searches a frequent word as the viewer does, reading only through the cache") {
  const auto bytes = LongTexts(60);
  test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
  CHECK(WarmUpWord(*o.archive) == "about");  // two words in three of every text
  const std::shared_ptr<BlockCache> cache = o.cache;
  Engine engine;
  CHECK_FALSE(engine.WarmUp());  // no archive yet
  engine.SetArchive(std::move(o.archive));
  const uint64_t before = cache->Stats().requests;
  CHECK(engine.WarmUp());
  const uint64_t after = cache->Stats().requests;
  CHECK(after > before);  // the doclist, the rows' pages, the snippets' texts
  CHECK(engine.WarmUp());  // a second time: everything it reads is cached
  CHECK(cache->Stats().requests == after);
}

TEST_CASE("read plan: the warm-up word is a whole word of a text, in any script, without punctuation") {
  auto word_of = [](const std::string& text) {
    const auto bytes = test_support::ImageOfJsonl("w.jsonl", "{\"title\": \"T\", \"date\": \"2018-10-01\", \"text\": \"" + text + "\"}\n");
    test_support::Opened o = test_support::OpenThroughCache(bytes, 4096);
    return WarmUpWord(*o.archive);
  };
  CHECK(word_of("«Переговоры» — переговоры, переговоры; Lavrov said it.") == "переговоры");
  CHECK(word_of("Talks. TALKS, talks: Minsk Minsk") == "talks");  // ASCII lower-cased; "Minsk" is 5 letters but rarer
  CHECK(word_of("Yes. No. A b c — “…” 12345 67890 12345") == "");  // short words, punctuation and digits only
  // Accented letters are letters (six of them make a word here, but a rarer one).
  CHECK(word_of("sovereignty sovereignty \\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9 x") == "sovereignty");
}
