// stenogram-readcost: what reading an archive lazily costs, natively. Opens the archive through the
// block VFS (core/archive/blockvfs) over a file source, as the browser's worker does over HTTP Range, and
// counts the bytes and requests (each a sequential round trip over the network) that opening, the
// first view and each query of a query set need on a cold cache.
// Usage: stenogram-readcost ARCHIVE QUERIES.tsv [--block BYTES] [--budget BYTES] [--read-ahead BLOCKS] [--no-plan] [--json]
//   Rows are fetched as the browser's worker does: their pages planned ahead (core/archive/readplan) and each
//   step's runs fetched together, one round trip a step (--no-plan: one by one, as SQLite asks).
//   --warm: each search after the worker's background warm-up (the index's sizes and term pages, the
//   b-trees' interior pages), whose cost is printed once.
//   Also prints the time a link of 40 ms per request and 50 Mbit/s would take (requests are sequential
//   round trips: SQLite reads synchronously): requests × 0.04 s + bytes ÷ 6.25 MB/s.
//   QUERIES.tsv: "speaker_key<TAB>fts query" a line (as tools/benchmark/queries.tsv).
//   Each query runs as the viewer's search does (RunQuery, then ResultRows for the top 20 with
//   snippets) on a freshly opened archive with an empty cache: the figures are cold.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/archive/blockvfs.h"
#include "core/view/query.h"
#include "core/archive/readplan.h"
#include "core/view/timeline.h"
#include "command_line.h"
#include "query_set.h"

namespace {

struct Cost {
  uint64_t bytes = 0, requests = 0;
};

// Seconds on the reference link: 40 ms per sequential request, 50 Mbit/s.
double LinkSeconds(uint64_t bytes, uint64_t requests) {
  return static_cast<double>(requests) * 0.040 + static_cast<double>(bytes) / (50e6 / 8);
}

uint64_t Pct(std::vector<uint64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(std::max(0.0, std::ceil(p / 100.0 * static_cast<double>(v.size())) - 1));
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, queries_path;
  stenogram::BlockCacheOptions options;
  bool json = false;
  bool no_plan = false;  // fetch rows one by one as SQLite asks instead of planned, in parallel (as the worker)
  bool warm = false;     // searches after the background warm-up instead of right after the open
  CLI::App cli{"stenogram-readcost: bytes and requests of reading an archive lazily through the block VFS, cold.",
               "stenogram-readcost"};
  cli.add_option("archive", path, "the archive")->required()->type_name("ARCHIVE");
  cli.add_option("queries", queries_path, "speaker_key<TAB>fts query, one a line")->required()->type_name("QUERIES.tsv");
  cli.add_option("--block", options.block_size, "block size in bytes")->type_name("BYTES")->check(stenogram_cli::WholeNumber(1));
  cli.add_option("--budget", options.budget, "cache budget in bytes")->type_name("BYTES")->check(stenogram_cli::WholeNumber(1));
  cli.add_option("--read-ahead", options.max_read_ahead, "most blocks read ahead")
      ->type_name("BLOCKS")
      ->check(stenogram_cli::WholeNumber(1));
  cli.add_flag("--no-plan", no_plan, "fetch rows one by one as SQLite asks (not planned ahead)");
  cli.add_flag("--warm", warm, "each search after the worker's background warm-up");
  cli.add_flag("--json", json, "print JSON");
  if (const int rc = stenogram_cli::ParseCommandLine(cli, argc, argv); rc >= 0) return rc;
  const bool plan = !no_plan;
  std::vector<std::pair<std::string, std::string>> queries;  // speaker, text
  if (!ReadQuerySet(queries_path, &queries)) {
    std::fprintf(stderr, "%s: cannot read\n", queries_path.c_str());
    return 1;
  }

  // A fresh cache and connection: everything it reads is counted.
  std::shared_ptr<stenogram::BlockCache> cache;
  auto open = [&](std::string* error) -> std::unique_ptr<stenogram::Archive> {
    auto source = stenogram::FileSource::Open(path, error);
    if (!source) return nullptr;
    cache = std::make_shared<stenogram::BlockCache>(std::move(source), options);
    return stenogram::OpenArchiveThroughCache(cache, path, error);
  };
  // The worker's background warm-up after the first view (readplan.h): its bytes and round trips.
  Cost warm_cost;
  uint64_t warm_rounds = 0;
  auto warm_up = [&](const stenogram::Archive& a) {
    const Cost before{cache->Stats().fetched_bytes, cache->Stats().requests};
    warm_rounds = 0;
    for (int step = 0; step < 12; ++step) {
      const auto runs = stenogram::PlanWarmUp(*cache, a.Db());
      std::string e;
      if (runs.empty() || !cache->FetchRuns(runs, &e)) break;
      ++warm_rounds;
    }
    warm_cost = Cost{cache->Stats().fetched_bytes - before.bytes, cache->Stats().requests - before.requests};
  };
  auto cost = [&](const Cost& before) {
    return Cost{cache->Stats().fetched_bytes - before.bytes, cache->Stats().requests - before.requests};
  };
  auto now = [&]() { return Cost{cache->Stats().fetched_bytes, cache->Stats().requests}; };

  std::string error;
  auto archive = open(&error);
  if (!archive) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  const uint64_t file_size = cache->Size();
  const Cost open_cost = now();
  // The first view as the viewer draws it today: the results list (the whole archive by date, top
  // 20 rows), the month histogram, the facet counts and the timeline's records.
  stenogram::Query empty;
  empty.sort = stenogram::SortOrder::DateDescending;  // the viewer's list: newest first
  Cost mark = now();
  const stenogram::QueryResult all = stenogram::RunQuery(*archive, empty);
  stenogram::ResultRows(*archive, empty, all.ids, 0, 20);
  const Cost list_cost = cost(mark);
  mark = now();
  stenogram::MonthHistogram(*archive, empty);
  for (const std::string& facet : stenogram::KnownFacets()) stenogram::FacetCounts(*archive, empty, facet, 60);
  const Cost counts_cost = cost(mark);
  mark = now();
  stenogram::LoadTimeline(*archive);
  const Cost timeline_cost = cost(mark);
  const Cost first_view = cost(Cost{});

  nlohmann::json per_query = nlohmann::json::array();
  std::vector<uint64_t> bytes, requests, link_ms;
  for (const auto& [speaker, text] : queries) {
    archive.reset();
    archive = open(&error);
    if (!archive) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    if (warm) warm_up(*archive);
    mark = now();
    stenogram::Query q;
    q.text = text;
    q.speaker = speaker;
    uint64_t rounds = 0;  // planned reads: one round trip per step, its runs fetched in parallel
    // As the worker does: ranking's document lengths planned and fetched before the query runs.
    for (int step = 0; plan && step < 8 && !stenogram::MatchExpression(text).empty(); ++step) {
      const auto runs = stenogram::PlanRankReads(*cache, *archive, stenogram::MatchExpression(text));
      if (runs.empty() || !cache->FetchRuns(runs, &error)) break;
      ++rounds;
    }
    const Cost lengths = cost(mark);
    const stenogram::QueryResult result = stenogram::RunQuery(*archive, q);
    const Cost ranked = cost(mark);
    const uint64_t rank_rounds = rounds;
    if (plan) {
      const std::vector<int64_t> page(result.ids.begin(), result.ids.begin() + std::min<size_t>(20, result.ids.size()));
      for (int step = 0; step < 8; ++step) {
        const auto runs = stenogram::PlanRowReads(*cache, archive->Db(), stenogram::ResultRowTables(!stenogram::MatchExpression(text).empty()), page);
        if (runs.empty()) break;
        if (!cache->FetchRuns(runs, &error)) break;
        ++rounds;
      }
    }
    const Cost planned = cost(mark);
    const auto rows = stenogram::ResultRows(*archive, q, result.ids, 0, 20, &result.scores);
    Cost c = cost(mark);
    // Requests as round trips: the planned steps count one each, whatever their runs.
    c.requests = c.requests - (planned.requests - ranked.requests) - lengths.requests + rounds;
    const uint64_t rank_requests = ranked.requests - lengths.requests + rank_rounds;
    bytes.push_back(c.bytes);
    requests.push_back(c.requests);
    link_ms.push_back(static_cast<uint64_t>(LinkSeconds(c.bytes, c.requests) * 1000));
    per_query.push_back({{"query", text}, {"speaker", speaker}, {"total", result.total}, {"rows", rows.size()},
                         {"bytes", c.bytes}, {"requests", c.requests}, {"rankBytes", ranked.bytes},
                         {"rankRequests", rank_requests}, {"error", result.error}});
  }
  nlohmann::json out = {
      {"archive", path},
      {"fileSize", file_size},
      {"block", options.block_size},
      {"open", {{"bytes", open_cost.bytes}, {"requests", open_cost.requests}}},
      {"firstView",
       {{"bytes", first_view.bytes},
        {"requests", first_view.requests},
        {"list", {{"bytes", list_cost.bytes}, {"requests", list_cost.requests}}},
        {"counts", {{"bytes", counts_cost.bytes}, {"requests", counts_cost.requests}}},
        {"timeline", {{"bytes", timeline_cost.bytes}, {"requests", timeline_cost.requests}}}}},
      {"search",
       {{"bytesP50", Pct(bytes, 50)},
        {"bytesP95", Pct(bytes, 95)},
        {"requestsP50", Pct(requests, 50)},
        {"requestsP95", Pct(requests, 95)},
        {"linkMsP50", Pct(link_ms, 50)},
        {"linkMsP95", Pct(link_ms, 95)}}},
      {"queries", per_query}};
  if (json) {
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  const double mb = 1e6;
  std::printf("%s: %.1f MB, block %zu bytes, read-ahead up to %zu blocks\n", path.c_str(),
              static_cast<double>(file_size) / mb, options.block_size, options.max_read_ahead);
  std::printf("open:        %8.3f MB in %4llu requests  (%.2f s on the link)\n", static_cast<double>(open_cost.bytes) / mb,
              static_cast<unsigned long long>(open_cost.requests), LinkSeconds(open_cost.bytes, open_cost.requests));
  std::printf("first view:  %8.3f MB in %4llu requests, %.1f s on the link  (list %.3f MB/%llu, counts %.3f MB/%llu, timeline %.3f MB/%llu)\n",
              static_cast<double>(first_view.bytes) / mb, static_cast<unsigned long long>(first_view.requests),
              LinkSeconds(first_view.bytes, first_view.requests), static_cast<double>(list_cost.bytes) / mb, static_cast<unsigned long long>(list_cost.requests),
              static_cast<double>(counts_cost.bytes) / mb, static_cast<unsigned long long>(counts_cost.requests),
              static_cast<double>(timeline_cost.bytes) / mb, static_cast<unsigned long long>(timeline_cost.requests));
  if (warm)
    std::printf("warm-up (after the first view, in the background): %.3f MB in %llu round trips (%llu requests)\n",
                static_cast<double>(warm_cost.bytes) / mb, static_cast<unsigned long long>(warm_rounds),
                static_cast<unsigned long long>(warm_cost.requests));
  for (const auto& q : per_query)
    std::printf("  %-32.32s %8.3f MB %4llu requests  (%lld matches; ranking %.3f MB/%llu, then the rows)\n",
                q["query"].get<std::string>().c_str(), static_cast<double>(q["bytes"].get<uint64_t>()) / mb,
                static_cast<unsigned long long>(q["requests"].get<uint64_t>()), static_cast<long long>(q["total"].get<int64_t>()),
                static_cast<double>(q["rankBytes"].get<uint64_t>()) / mb,
                static_cast<unsigned long long>(q["rankRequests"].get<uint64_t>()));
  std::printf("search (cold, %zu queries): bytes p50 %.3f MB p95 %.3f MB; requests p50 %llu p95 %llu; on the link p50 %.2f s p95 %.2f s\n",
              queries.size(), static_cast<double>(Pct(bytes, 50)) / mb, static_cast<double>(Pct(bytes, 95)) / mb,
              static_cast<unsigned long long>(Pct(requests, 50)), static_cast<unsigned long long>(Pct(requests, 95)),
              static_cast<double>(Pct(link_ms, 50)) / 1000, static_cast<double>(Pct(link_ms, 95)) / 1000);
  return 0;
}
