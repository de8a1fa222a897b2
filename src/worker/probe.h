// probe: the worker's own small request, for tests and the benchmark (the viewer talks through the
// core's Engine): a ranked search done as the viewer's results list does it.
#pragma once
#include <string>

#include "core/archive.h"

namespace stenogram {

// request: {"text": "...", "speaker": "", "limit": 20}. Returns JSON
// {"total", "error", "rows": [{"id", "title", "snippet"}], "ms"}: RunQuery for every match, then
// ResultRows with snippets for the top limit.
std::string RunSearchProbe(const Archive& archive, const std::string& request);

}  // namespace stenogram
