// worker_main: the engine build's C entry points, called by web/worker.js inside a dedicated Web
// Worker: open an archive lazily through the block cache (a JS byte source: HTTP Range, a local
// File's slices, or an ArrayBuffer), import JSON/JSONL/CSV inputs into an in-memory archive, fill
// the cache in the background, report cache statistics, and answer requests.
// Strings returned point into one reply buffer, valid until the next call.
#include <emscripten.h>
#include <sqlite3.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/blockvfs.h"
#include "core/engine.h"
#include "core/import_image.h"
#include "core/readplan.h"
#include "worker/probe.h"
#include "worker/web_source.h"

namespace {

struct WorkerState {
  std::shared_ptr<stenogram::BlockCache> cache;     // null for an imported archive (in memory)
  stenogram::Engine engine;                         // serves the viewer's requests from the open archive
  uint64_t memory_size = 0;                         // an imported archive's image size
  std::vector<stenogram::InputFile> inputs;         // added by stn_worker_import_add, used by stn_worker_import
  std::string reply;                                // the last returned string
  std::string answer;                               // the last engine answer's bytes
};

WorkerState& State() {
  static WorkerState state;  // one engine per worker
  return state;
}

const char* Reply(const nlohmann::json& j) {
  State().reply = j.dump();
  return State().reply.c_str();
}

nlohmann::json Opened(const stenogram::Archive& a) {
  return {{"ok", true},
          {"error", nullptr},
          {"title", a.Info().title},
          {"documents", a.Info().doc_count},
          {"firstDate", a.Info().first_date},
          {"lastDate", a.Info().last_date}};
}

}  // namespace

extern "C" {

// Opens the archive that JS source source_id serves (size bytes) through a new block cache of
// block_size bytes a block and budget bytes; the first prefetch_len bytes of the file, already
// fetched (in parallel with the wasm download), are put in the cache first. The previous archive
// is closed on success only. Returns {"ok", "error", "title", "documents", ...}.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_open(int source_id, double size, const char* name, double block_size,
                                                 double budget, const unsigned char* prefetch, double prefetch_len) {
  stenogram::BlockCacheOptions options;
  if (block_size >= 512) options.block_size = static_cast<size_t>(block_size);
  if (budget > 0) options.budget = static_cast<uint64_t>(budget);
  auto cache = std::make_shared<stenogram::BlockCache>(
      std::make_unique<stenogram::JsSource>(source_id, static_cast<uint64_t>(size)), options);
  if (prefetch && prefetch_len > 0) cache->Insert(0, prefetch, static_cast<size_t>(prefetch_len));
  std::string error;
  auto archive = stenogram::OpenArchiveThroughCache(cache, name, &error);
  if (!archive) return Reply({{"ok", false}, {"error", error}});
  WorkerState& s = State();
  const nlohmann::json opened = Opened(*archive);
  s.engine.SetArchive(std::move(archive));
  s.cache = std::move(cache);
  s.memory_size = 0;
  return Reply(opened);
}

// Adds one input for stn_worker_import; data comes from malloc and is freed here.
EMSCRIPTEN_KEEPALIVE void stn_worker_import_add(const char* name, const char* relative_path, unsigned char* data,
                                                double size) {
  stenogram::InputFile in;
  in.name = name;
  in.relative_path = relative_path ? relative_path : "";
  in.bytes.assign(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
  std::free(data);
  State().inputs.push_back(std::move(in));
}

// Imports the inputs added so far (options: {"format", "map": ["text=body", ...] or "a=b,c=d",
// "pattern"}) into an in-memory archive and opens it. Returns {"ok", "error", "title",
// "documents", "imported", "rejected", "warnings", "problems": [...the first 20...]}.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_import(const char* options_json) {
  WorkerState& s = State();
  std::vector<stenogram::InputFile> inputs = std::move(s.inputs);
  s.inputs.clear();
  stenogram::ImportOptions options;
  const nlohmann::json o = nlohmann::json::parse(options_json ? options_json : "{}", nullptr, false);
  std::string error;
  if (o.is_object()) {
    if (o.contains("format") && o["format"].is_string() && !o["format"].get<std::string>().empty() &&
        !stenogram::ParseFormatName(o["format"].get<std::string>(), &options.format))
      return Reply({{"ok", false}, {"error", "unknown import format \"" + o["format"].get<std::string>() + "\""}});
    std::vector<std::string> specs;
    if (o.contains("map") && o["map"].is_array()) {
      for (const auto& m : o["map"])
        if (m.is_string()) specs.push_back(m.get<std::string>());
    } else if (o.contains("map") && o["map"].is_string()) {
      std::string all = o["map"].get<std::string>();
      for (size_t start = 0; start < all.size();) {
        size_t comma = all.find(',', start);
        if (comma == std::string::npos) comma = all.size();
        if (comma > start) specs.push_back(all.substr(start, comma - start));
        start = comma + 1;
      }
    }
    for (const std::string& spec : specs)
      if (!stenogram::ParseMapSpec(spec, &options.map, &error))
        return Reply({{"ok", false}, {"error", "map \"" + spec + "\": " + error}});
    if (o.contains("pattern") && o["pattern"].is_string()) options.pattern = o["pattern"].get<std::string>();
  }
  const std::string name = inputs.empty() ? std::string("import") : inputs.front().name;
  stenogram::ImportReport report;
  stenogram::ArchiveImage image = stenogram::ImportToImage(inputs, options, &report, &error);
  inputs.clear();
  nlohmann::json problems = nlohmann::json::array();
  for (size_t i = 0; i < report.problems.size() && i < 20; ++i) problems.push_back(report.problems[i].Format());
  nlohmann::json summary = {{"imported", report.imported}, {"rejected", report.rejected},
                            {"warnings", report.warnings}, {"problems", problems}};
  if (!image.data) {
    summary["ok"] = false;
    summary["error"] = error;
    return Reply(summary);
  }
  const size_t size = image.size;
  auto archive = stenogram::Archive::OpenOwnedImage(image.data, image.size, name, &error);
  if (!archive) {
    summary["ok"] = false;
    summary["error"] = error;
    return Reply(summary);
  }
  nlohmann::json out = Opened(*archive);
  s.engine.SetArchive(std::move(archive));
  s.cache.reset();
  s.memory_size = size;
  out.update(summary);
  out["size"] = size;
  return Reply(out);
}

// Fetches the next at most max_bytes of the file into the cache when the whole file fits the
// budget. Returns the bytes fetched: 0 when there is nothing (more) to do, -1 on a source failure
// (the message in stn_worker_stats' "error").
EMSCRIPTEN_KEEPALIVE double stn_worker_fill_step(double max_bytes) {
  WorkerState& s = State();
  if (!s.cache) return 0;
  std::string error;
  const uint64_t n = s.cache->FillStep(static_cast<uint64_t>(max_bytes), &error);
  return error.empty() ? static_cast<double>(n) : -1;
}

// {"fetchedBytes", "requests", "reads", "hits", "cacheBytes", "budget", "fileSize", "block",
// "fillPossible", "filled", "error"}.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_stats() {
  WorkerState& s = State();
  if (!s.cache) {
    return Reply({{"fetchedBytes", 0}, {"requests", 0}, {"reads", 0}, {"hits", 0}, {"cacheBytes", s.memory_size},
                  {"budget", 0}, {"fileSize", s.memory_size}, {"block", 0}, {"fillPossible", false},
                  {"filled", s.engine.archive() != nullptr}, {"error", ""}});
  }
  const auto& st = s.cache->Stats();
  return Reply({{"fetchedBytes", st.fetched_bytes},
                {"requests", st.requests},
                {"reads", st.reads},
                {"hits", st.hits},
                {"cacheBytes", st.cached_bytes},
                {"budget", s.cache->Options().budget},
                {"fileSize", s.cache->Size()},
                {"block", s.cache->Options().block_size},
                {"fillPossible", s.cache->FillPossible()},
                {"filled", s.cache->Filled()},
                {"error", s.cache->LastError()}});
}

// The worker's search probe (worker/probe.h) on the open archive.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_search(const char* request) {
  WorkerState& s = State();
  const stenogram::Archive* archive = s.engine.archive();
  if (!archive) return Reply({{"error", "no archive is open"}});
  std::string out = stenogram::RunSearchProbe(*archive, request);
  if (s.cache && !s.cache->LastError().empty()) {
    nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
    j["error"] = archive->Name() + ": " + s.cache->LastError();
    out = j.dump();
  }
  State().reply = std::move(out);
  return State().reply.c_str();
}

// Copies length bytes at offset of the open archive's file into out through the block cache (tests:
// offsets past 2 and 4 GiB travel exactly from JS to the source and back). 1 on success, else 0.
EMSCRIPTEN_KEEPALIVE int stn_worker_peek(double offset, double length, unsigned char* out) {
  WorkerState& s = State();
  std::string error;
  return s.cache && s.cache->Read(static_cast<uint64_t>(offset), static_cast<size_t>(length), out, &error) ? 1 : 0;
}

// Answers one request of the core's protocol (core/protocol.h; request bytes in data[0, size)) with
// the Engine. Returns the answer's bytes; their count from stn_engine_answer_size().
EMSCRIPTEN_KEEPALIVE const unsigned char* stn_engine_request(const unsigned char* data, double size) {
  WorkerState& s = State();
  const std::string request(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
  s.answer = s.engine.Handle(request);
  return reinterpret_cast<const unsigned char*>(s.answer.data());
}

EMSCRIPTEN_KEEPALIVE double stn_engine_answer_size() { return static_cast<double>(State().answer.size()); }

// The block runs a request's row lookups still need (core/readplan.h), as [[offset, length], ...]
// for the worker to fetch in parallel before it serves the request; [] when nothing is missing,
// for requests without row lookups, and for archives not read through the cache.
EMSCRIPTEN_KEEPALIVE const char* stn_engine_plan(const unsigned char* data, double size) {
  WorkerState& s = State();
  nlohmann::json out = nlohmann::json::array();
  if (!s.cache || !s.engine.archive()) return Reply(out);
  const std::string request(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
  std::vector<std::string> tables;
  const std::vector<int64_t> rows = s.engine.RowsToRead(request, &tables);
  if (rows.empty()) return Reply(out);
  for (const stenogram::ByteRun& r : stenogram::PlanRowReads(*s.cache, s.engine.archive()->Db(), tables, rows))
    out.push_back({r.offset, r.length});
  return Reply(out);
}

// The same for the search probe's rows (stn_worker_search with the same request).
EMSCRIPTEN_KEEPALIVE const char* stn_worker_search_plan(const char* request) {
  WorkerState& s = State();
  nlohmann::json out = nlohmann::json::array();
  if (!s.cache || !s.engine.archive() || !request) return Reply(out);
  const std::vector<int64_t> rows = stenogram::ProbeRows(*s.engine.archive(), request);
  for (const stenogram::ByteRun& r : stenogram::PlanRowReads(*s.cache, s.engine.archive()->Db(), {"docs", "texts"}, rows))
    out.push_back({r.offset, r.length});
  return Reply(out);
}

// The warm-up's missing block runs (core/readplan.h PlanWarmUp), [] when done or not reading lazily.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_warm_plan() {
  WorkerState& s = State();
  nlohmann::json out = nlohmann::json::array();
  if (!s.cache || !s.engine.archive()) return Reply(out);
  for (const stenogram::ByteRun& r : stenogram::PlanWarmUp(*s.cache, s.engine.archive()->Db())) out.push_back({r.offset, r.length});
  return Reply(out);
}

// Puts bytes the worker fetched for a plan into the cache (whole blocks of [offset, offset+length)).
EMSCRIPTEN_KEEPALIVE void stn_worker_insert(double offset, const unsigned char* data, double length) {
  WorkerState& s = State();
  if (s.cache) s.cache->Insert(static_cast<uint64_t>(offset), data, static_cast<size_t>(length));
}

}  // extern "C"


