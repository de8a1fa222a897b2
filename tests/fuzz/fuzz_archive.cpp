// fuzz_archive: libFuzzer target for opening a mutated archive image and running what the viewer
// runs on it: the document list, a search, a document, facets, the timeline and the tag cloud; the
// first view's stats (day runs, facet stats, packed links) and the lazy reader's read planner
// walking the mutated b-trees through a block cache.
#include <cstddef>
#include <cstdint>
#include <string>
#include <algorithm>
#include <memory>
#include <vector>

#include "core/archive/archive.h"
#include "core/archive/blockvfs.h"
#include "core/view/query.h"
#include "core/archive/readplan.h"
#include "core/view/timeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stenogram;
  std::string error;
  auto archive = Archive::OpenImage(std::vector<unsigned char>(data, data + size), "fuzz.sqlite", &error);
  if (!archive) return 0;
  const auto list = archive->ListDocuments(0, 50);
  Query all;
  RunQuery(*archive, all);
  MonthHistogram(*archive, all);
  Query q;
  q.text = "lavrov OR talks OR переговоры";
  QueryResult r = RunQuery(*archive, q);
  ResultRows(*archive, q, r.ids, 0, 10, &r.scores);
  if (!list.empty()) archive->ReadDocument(list.front().id);
  for (const char* facet : {"kind", "year", "speaker", "tag", "person", "country", "counterpart"})
    FacetCounts(*archive, all, facet, 20);
  TimelineData timeline = LoadTimeline(*archive);
  LoadTimelineKinds(*archive, &timeline);
  TimelineLanes lanes = AssignLanes(timeline, LaneBy::Country, 8);
  std::vector<int64_t> ids;
  for (const auto& d : list) ids.push_back(d.id);
  TimelineCards(*archive, ids);
  Query newest;
  newest.sort = SortOrder::DateDescending;
  newest.day_from = 16000;
  newest.day_to = 17000;
  const QueryResult range = RunQuery(*archive, newest);
  if (!archive->DayRuns().empty()) {
    MonthHistogramOfIds(*archive, r.ids);
    DateFacetOfIds(*archive, range.ids, "year", 20);
  }
  // The same bytes through the block cache: the planner reads pages SQLite may never have checked.
  BlockCacheOptions options;
  options.block_size = 4096;
  auto cache = std::make_shared<BlockCache>(std::make_unique<MemorySource>(std::vector<unsigned char>(data, data + size)), options);
  auto lazy = OpenArchiveThroughCache(cache, "fuzz.sqlite", &error);
  if (!lazy) return 0;
  std::vector<int64_t> rows(r.ids.begin(), r.ids.begin() + static_cast<long>(std::min<size_t>(20, r.ids.size())));
  rows.push_back(1);
  for (int step = 0; step < 6; ++step) {  // with words: the term table's rows and the doclists' pages it points at
    const auto runs = PlanRankReads(*cache, *lazy, "negotiations OR \"foreign minister\" OR перегов*");
    if (runs.empty() || !cache->FetchRuns(runs, &error)) break;
  }
  for (int step = 0; step < 4; ++step) {
    const auto runs = PlanRowReads(*cache, lazy->Db(), ResultRowTables(true), rows);
    if (runs.empty() || !cache->FetchRuns(runs, &error)) break;
  }
  for (int step = 0; step < 4; ++step) {
    const auto runs = PlanWarmUp(*cache, lazy->Db());
    if (runs.empty() || !cache->FetchRuns(runs, &error)) break;
  }
  return 0;
}
