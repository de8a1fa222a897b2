// probe: the worker's own small request, for tests and the benchmark (the viewer talks through the
// core's Engine): a ranked search done as the viewer's results list does it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/archive/archive.h"

namespace stenogram {

// request: {"text": "...", "speaker": "", "limit": 20}. Returns JSON
// {"total", "error", "rows": [{"id", "title", "snippet"}], "ms"}: RunQuery for every match, then
// ResultRows with snippets for the top limit.
std::string RunSearchProbe(const Archive& archive, const std::string& request);

// The ids of the rows RunSearchProbe will show for the same request (ranked once: the ranking is
// kept for it), for planning their reads; empty for a malformed request.
std::vector<int64_t> ProbeRows(const Archive& archive, const std::string& request);

}  // namespace stenogram
