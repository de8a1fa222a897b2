// probe: the worker's search probe (see probe.h).
#include "worker/probe.h"

#include "core/archive/readplan.h"

#include <algorithm>
#include <chrono>

#include "core/text/json.h"
#include "core/view/query.h"

namespace stenogram {

namespace {

// The last probe's query and ranked ids: planning its rows' reads (PlanProbeReads) and then answering it
// (RunSearchProbe) rank once.
struct LastProbe {
  const Archive* archive = nullptr;
  Query query;
  QueryResult result;
};

LastProbe& Last() {
  static LastProbe last;
  return last;
}

bool Parse(const std::string& request, Query* q, size_t* limit) {
  const JsonValue in = JsonValue::Parse(request);
  if (!in.IsObject()) return false;
  const JsonValue* text = in.Find("text");
  const JsonValue* speaker = in.Find("speaker");
  const JsonValue* n = in.Find("limit");
  if (text && text->IsString()) q->text = text->Str();
  if (speaker && speaker->IsString()) q->speaker = speaker->Str();
  *limit = n && n->IsInt() && n->Int() >= 0 ? static_cast<size_t>(std::min<int64_t>(n->Int(), 1000)) : 20;
  return true;
}

const QueryResult& Ranked(const Archive& archive, const Query& q) {
  LastProbe& last = Last();
  if (last.archive != &archive || !(last.query == q)) {
    last.archive = &archive;
    last.query = q;
    last.result = RunQuery(archive, q);
  }
  return last.result;
}

}  // namespace

std::vector<ByteRun> PlanProbeReads(const BlockCache& cache, const Archive& archive, const std::string& request) {
  Query q;
  size_t limit = 0;
  if (!Parse(request, &q, &limit)) return {};
  const bool text = !MatchExpression(q.text).empty();
  if (text) {
    std::vector<ByteRun> runs = PlanRankReads(cache, archive, MatchExpression(q.text));
    if (!runs.empty()) return runs;
  }
  const QueryResult& result = Ranked(archive, q);
  const std::vector<int64_t> rows(result.ids.begin(), result.ids.begin() + std::min(limit, result.ids.size()));
  return PlanRowReads(cache, archive.Db(), ResultRowTables(text), rows);
}

std::string RunSearchProbe(const Archive& archive, const std::string& request) {
  Query q;
  size_t limit = 0;
  if (!Parse(request, &q, &limit)) return JsonValue{{"error", "the search request is not a JSON object"}}.Dump();
  const auto start = std::chrono::steady_clock::now();
  const QueryResult result = Ranked(archive, q);
  Last().archive = nullptr;  // the next probe ranks afresh (a new open may reuse the address)
  const auto rows = ResultRows(archive, q, result.ids, 0, limit, &result.scores);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  JsonValue list = JsonValue::Array();
  for (const ResultRow& r : rows) list.Push(JsonValue{{"id", r.id}, {"title", r.title}, {"snippet", r.snippet}});
  return JsonValue{{"total", result.total}, {"error", result.error}, {"ms", ms}, {"rows", std::move(list)}}.Dump();
}

}  // namespace stenogram
