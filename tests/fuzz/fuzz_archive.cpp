// fuzz_archive: libFuzzer target for opening a mutated archive image and running what the viewer
// runs on it: the document list, a search, a document, facets, the timeline and the tag cloud.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/archive.h"
#include "core/query.h"
#include "core/timeline.h"

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
  return 0;
}
