// Tests of the first view's precomputed answers (stats_days, stats_facets) and of the plans that
// need no row because ids are in date order: every answer must equal what scanning the rows gives.
// The same archive is opened twice, once as built and once with the two stats tables emptied (the
// reader then scans), and the answers are compared query by query.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/archive/docfacets.h"
#include "core/import/import.h"
#include "core/view/query.h"
#include "core/view/timeline.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

// 60 documents: several on one day, year- and month-precise dates, undated ones, kinds, sections,
// languages, tags, people, countries, counterparts and speakers, with words spread unevenly.
std::string Corpus() {
  static const char* const kKinds[] = {"speech", "interview", "talks", "article"};
  static const char* const kTags[] = {"OSCE", "Ukraine", "Syria", "BRICS", "Arctic"};
  static const char* const kCountries[] = {"Serbia", "France", "China"};
  static const char* const kWords[] = {"negotiations", "security", "sanctions", "dialogue", "talks", "peace"};
  std::string out;
  for (int i = 0; i < 60; ++i) {
    std::string date;
    if (i % 11 == 10) date = "";                                                // undated
    else if (i % 13 == 3) date = std::to_string(2010 + i % 5);                  // a year
    else if (i % 7 == 2) date = std::to_string(2010 + i % 5) + "-0" + std::to_string(1 + i % 9);  // a month
    else date = std::to_string(2010 + i % 5) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 3);
    std::string text;
    for (int w = 0; w <= i % 6; ++w) text += std::string(kWords[(i + w * w) % 6]) + " ";
    const bool talks = i % 4 == 2;
    std::string body = talks ? "Question: What about " + text + "?\n\nSergey Lavrov: We discussed " + text + "at length."
                             : (i % 3 == 0 ? "John Smith: " + text : text + "and more " + text);
    out += "{\"title\":\"Document " + std::to_string(i) + " on " + kWords[i % 6] + "\"";
    if (!date.empty()) out += ",\"date\":\"" + date + "\"";
    out += ",\"kind\":\"" + std::string(kKinds[i % 4]) + "\",\"section\":\"" + (i % 2 ? "Minister" : "Ministry") + "\"";
    out += ",\"language\":\"" + std::string(i % 5 == 4 ? "ru" : "en") + "\"";
    out += ",\"tags\":[\"" + std::string(kTags[i % 5]) + "\"" + (i % 3 ? ",\"" + std::string(kTags[(i + 2) % 5]) + "\"" : "") + "]";
    out += ",\"countries\":[\"" + std::string(kCountries[i % 3]) + "\"]";
    if (talks) out += ",\"counterparts\":[\"" + std::string(kCountries[(i / 2) % 3]) + "\",\"Ivica Dacic\"]";
    out += ",\"text\":\"" + body + "\"}\n";
    for (size_t k = 0; k < out.size(); ++k)
      if (out[k] == '\n' && k + 1 < out.size() && out[k - 1] != '}') out.replace(k, 1, "\\n"), ++k;
  }
  return out;
}

struct Pair {
  std::unique_ptr<Archive> fast;  // as built: day runs and facet stats
  std::unique_ptr<Archive> scan;  // the same archive with both stats tables emptied
};

Pair Build() {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(db, &error));
  ImportReport report;
  REQUIRE_MESSAGE(ImportInputs(db, {{"t.jsonl", Corpus(), ""}}, ImportOptions{}, &report, &error), error);
  REQUIRE(report.imported == 60);
  sqlite3_int64 size = 0;
  unsigned char* image = sqlite3_serialize(db, "main", &size, 0);
  REQUIRE(image);
  sqlite3* copy = nullptr;
  REQUIRE(sqlite3_open(":memory:", &copy) == SQLITE_OK);
  REQUIRE(RegisterTokenizer(copy, &error));
  unsigned char* owned = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
  std::copy(image, image + size, owned);
  sqlite3_free(image);
  REQUIRE(sqlite3_deserialize(copy, "main", owned, size, size, SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK);
  REQUIRE(sqlite3_exec(copy, "DELETE FROM stats_days; DELETE FROM stats_facets; DELETE FROM stats WHERE key = 'counterpart_links'; "
                       "DELETE FROM stats_docfacets;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  Pair p;
  p.fast = Archive::Adopt(db, "fast.sqlite", &error);
  REQUIRE_MESSAGE(p.fast, error);
  p.scan = Archive::Adopt(copy, "scan.sqlite", &error);
  REQUIRE_MESSAGE(p.scan, error);
  return p;
}

std::vector<Query> Queries() {
  std::vector<Query> out;
  for (SortOrder sort : {SortOrder::Relevance, SortOrder::DateAscending, SortOrder::DateDescending}) {
    auto add = [&](Query q) {
      q.sort = sort;
      out.push_back(q);
    };
    add(Query{});
    for (const char* text : {"negotiations", "talks OR peace", "\"peace talks\"", "secur*", "nothingmatches"}) {
      Query q;
      q.text = text;
      add(q);
      q.speaker = "sergey lavrov";
      add(q);
      q.speaker.clear();
      q.day_from = 14700;  // 2010-04-01 .. 2013-01-01
      q.day_to = 15706;
      add(q);
      q.filters = {{"kind", "talks", false}};
      add(q);
    }
    Query s;
    s.speaker = "john smith";
    add(s);
    Query r;
    r.day_from = 14700;
    add(r);
    r.day_to = 14000;  // an empty range
    add(r);
    Query f;
    f.filters = {{"tag", "OSCE", false}};
    add(f);
  }
  return out;
}

std::string Show(const Query& q) {
  return "\"" + q.text + "\" speaker \"" + q.speaker + "\" sort " + std::to_string(static_cast<int>(q.sort)) + " filters " +
         std::to_string(q.filters.size()) + " days " + (q.day_from ? std::to_string(*q.day_from) : "-") + ".." +
         (q.day_to ? std::to_string(*q.day_to) : "-");
}

}  // namespace

TEST_CASE("first view: the builder writes day runs that tile the dated ids, and facet stats") {
  Pair p = Build();
  const auto& runs = p.fast->DayRuns();
  REQUIRE(!runs.empty());
  CHECK(p.scan->DayRuns().empty());
  CHECK(p.fast->HasFacetStats());
  CHECK(!p.scan->HasFacetStats());
  int64_t next = 1;
  for (const DayRun& r : runs) {
    CHECK(r.first_id == next);
    next += r.n;
  }
  CHECK(p.fast->DatedCount() == next - 1);
  CHECK(p.fast->DatedCount() < p.fast->Info().doc_count);  // the undated follow
  CHECK(p.fast->RunOf(0) == nullptr);
  CHECK(p.fast->RunOf(p.fast->DatedCount() + 1) == nullptr);
  REQUIRE(p.fast->RunOf(1) != nullptr);
  CHECK(p.fast->RunOf(1)->first_id == 1);
}

TEST_CASE("first view: ids, facets, months and timeline without rows equal the scans") {
  Pair p = Build();
  for (const std::string& facet : PackedFacets()) {  // a result's facets come from the packed facets
    INFO(facet);
    CHECK(p.fast->PackedFacet(facet) != nullptr);
    CHECK(p.scan->PackedFacet(facet) == nullptr);
  }
  for (const Query& q : Queries()) {
    INFO(Show(q));
    const QueryResult a = RunQuery(*p.fast, q), b = RunQuery(*p.scan, q);
    CHECK(a.error == b.error);
    CHECK(a.total == b.total);
    if (q.sort == SortOrder::Relevance && !q.text.empty()) {
      // Ranked: the same scores in the same order; equal scores may list their ids in another order.
      CHECK(a.scores == b.scores);
      auto sa = a.ids, sb = b.ids;
      std::sort(sa.begin(), sa.end());
      std::sort(sb.begin(), sb.end());
      CHECK(sa == sb);
    } else {
      CHECK(a.ids == b.ids);
    }
    // Months and the date facets counted from the ids and the runs.
    const auto months = MonthHistogramOfIds(*p.fast, a.ids);
    const auto scanned = MonthHistogram(*p.scan, q);
    REQUIRE(months.size() == scanned.size());
    for (size_t i = 0; i < months.size(); ++i) {
      CHECK(months[i].month == scanned[i].month);
      CHECK(months[i].count == scanned[i].count);
    }
    for (const char* facet : {"year", "month"}) {
      const auto x = DateFacetOfIds(*p.fast, RunQuery(*p.fast, FacetBase(q, facet, false)).ids, facet, 100);
      const auto y = FacetCounts(*p.scan, q, facet, 100);
      REQUIRE(x.size() == y.size());
      for (size_t i = 0; i < x.size(); ++i) {
        CHECK(x[i].value == y[i].value);
        CHECK(x[i].count == y[i].count);
      }
    }
    for (const std::string& facet : KnownFacets()) {
      for (bool own : {false, true}) {
        INFO(facet << (own ? " own filters" : ""));
        const auto x = FacetCounts(*p.fast, q, facet, 100, own), y = FacetCounts(*p.scan, q, facet, 100, own);
        REQUIRE(x.size() == y.size());
        for (size_t i = 0; i < x.size(); ++i) {
          CHECK(x[i].value == y[i].value);
          CHECK(x[i].label == y[i].label);
          CHECK(x[i].count == y[i].count);
        }
      }
    }
  }
  const TimelineData t = LoadTimeline(*p.fast), u = LoadTimeline(*p.scan);
  CHECK(t.undated == u.undated);
  REQUIRE(t.records.size() == u.records.size());
  for (size_t i = 0; i < t.records.size(); ++i) {
    CHECK(t.records[i].id == u.records[i].id);
    CHECK(t.records[i].day == u.records[i].day);
    CHECK(t.records[i].n_countries == u.records[i].n_countries);
    CHECK(t.records[i].n_persons == u.records[i].n_persons);
  }
  CHECK(t.links.size() == u.links.size());
  CHECK(!u.links.empty());
  for (size_t i = 0; i < t.links.size() && i < u.links.size(); ++i) CHECK(t.names[t.links[i]] == u.names[u.links[i]]);
}

TEST_CASE("first view: day runs or packed links that do not add up are ignored, and the reader scans") {
  Pair p = Build();
  sqlite3* db = nullptr;
  sqlite3_int64 size = 0;
  unsigned char* image = sqlite3_serialize(p.fast->Db(), "main", &size, 0);
  REQUIRE(image);
  for (const char* damage : {"DELETE FROM stats_days WHERE first_id = 1",                          // a gap
                             "UPDATE stats_days SET n = 1000000 WHERE first_id = 1",              // past the archive
                             "UPDATE stats_days SET day = -day",                                  // out of order
                             "UPDATE stats_links SET data = substr(data, 1, length(data) - 1)",   // a cut chunk
                             "UPDATE stats SET value = value + 1 WHERE key = 'counterpart_links'",
                             "UPDATE stats_docfacets SET data = substr(data, 1, length(data) - 1)",  // cut facets
                             "UPDATE stats_docfacets SET data = data || x'00'",                      // one too many
                             "UPDATE stats_docfacets SET data = x'0105616c706861'"}) {               // a bad code count
    INFO(std::string(damage));
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    std::string error;
    REQUIRE(RegisterTokenizer(db, &error));
    unsigned char* owned = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
    std::copy(image, image + size, owned);
    REQUIRE(sqlite3_deserialize(db, "main", owned, size, size, SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, damage, nullptr, nullptr, nullptr) == SQLITE_OK);
    auto a = Archive::Adopt(db, "damaged.sqlite", &error);
    REQUIRE_MESSAGE(a, error);
    const bool runs_damaged = std::string(damage).find("stats_days") != std::string::npos;
    CHECK(a->DayRuns().empty() == runs_damaged);
    // Whatever is damaged, the timeline still has every counterpart (read through the entity index).
    CHECK(LoadTimeline(*a).links.size() == LoadTimeline(*p.fast).links.size());
    Query q;
    q.sort = SortOrder::DateDescending;
    CHECK(RunQuery(*a, q).ids == RunQuery(*p.fast, q).ids);  // scanned, same answer
    if (std::string(damage).find("stats_docfacets") != std::string::npos) {
      CHECK(a->PackedFacet("tag") == nullptr);
      q.text = "negotiations";
      for (const char* facet : {"tag", "speaker", "kind", "counterpart"}) {
        INFO(facet);
        const auto x = FacetCounts(*a, q, facet, 100), y = FacetCounts(*p.fast, q, facet, 100);
        REQUIRE(x.size() == y.size());
        for (size_t i = 0; i < x.size(); ++i) CHECK((x[i].value == y[i].value && x[i].count == y[i].count));
      }
    }
  }
  sqlite3_free(image);
}
