// probe: the worker's own small request, for tests and the benchmark (the viewer talks through the
// core's Engine): a ranked search done as the viewer's results list does it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/archive/blockvfs.h"

namespace stenogram {

// request: {"text": "...", "speaker": "", "limit": 20}. Returns JSON
// {"total", "error", "rows": [{"id", "title", "snippet"}], "ms"}: RunQuery for every match, then
// ResultRows with snippets for the top limit.
std::string RunSearchProbe(const Archive& archive, const std::string& request);

// The next step of reads RunSearchProbe will make for the same request, planned through cache
// (core/archive/readplan.h): ranking's document lengths first, then the rows it shows (ranked once:
// the ranking is kept for it). Empty when nothing is missing or the request is malformed.
std::vector<ByteRun> PlanProbeReads(const BlockCache& cache, const Archive& archive, const std::string& request);

}  // namespace stenogram
