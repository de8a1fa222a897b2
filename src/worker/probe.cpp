// probe: the worker's search probe (see probe.h).
#include "worker/probe.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/query.h"

namespace stenogram {

std::string RunSearchProbe(const Archive& archive, const std::string& request) {
  const nlohmann::json in = nlohmann::json::parse(request, nullptr, false);
  if (!in.is_object()) return nlohmann::json{{"error", "the search request is not a JSON object"}}.dump();
  Query q;
  q.text = in.value("text", std::string());
  q.speaker = in.value("speaker", std::string());
  const size_t limit = static_cast<size_t>(in.value("limit", 20));
  const auto start = std::chrono::steady_clock::now();
  const QueryResult result = RunQuery(archive, q);
  const auto rows = ResultRows(archive, q, result.ids, 0, limit, &result.scores);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json out = {{"total", result.total}, {"error", result.error}, {"ms", ms}, {"rows", nlohmann::json::array()}};
  for (const ResultRow& r : rows) out["rows"].push_back({{"id", r.id}, {"title", r.title}, {"snippet", r.snippet}});
  return out.dump();
}

}  // namespace stenogram
