// worker_main: the engine build's C entry points, called by web/worker.js inside a dedicated Web
// Worker: open an archive lazily through the block cache (a JS byte source: HTTP Range, a local
// File's slices, or an ArrayBuffer), fill the cache in the background, report cache statistics, and
// answer requests; built with STENOGRAM_ENGINE_IMPORT (engine-import, engine-single), also import
// JSON/JSONL/CSV inputs in steps into an archive image (src/worker/CMakeLists.txt).
// Strings returned point into one reply buffer, valid until the next call.
// No exception crosses into JavaScript: the module is built with -fwasm-exceptions and every entry
// point runs its body through Guarded(), which turns an exception (out of memory, a library's
// out_of_range, a JSON type error) into the error reply of that entry point; the engine stays usable.
#include <emscripten.h>
#include <sqlite3.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include "core/text/json.h"
#include <string>
#include <utility>
#include <vector>

#include "core/archive/blockvfs.h"
#include "core/engine/engine.h"
#include "core/import/import_image.h"
#include "core/view/query.h"
#include "core/archive/readplan.h"
#include "worker/probe.h"
#include "worker/web_source.h"

namespace {

struct WorkerState {
  std::shared_ptr<stenogram::BlockCache> cache;     // null for an imported archive (in memory)
  stenogram::Engine engine;                         // serves the viewer's requests from the open archive
  uint64_t memory_size = 0;                         // an imported archive's image size
#if STENOGRAM_ENGINE_IMPORT
  std::unique_ptr<stenogram::ImportReport> import_report;  // the stepped import (stn_import_*), while one runs
  std::unique_ptr<stenogram::ImageImport> import;
  stenogram::ArchiveImage image;                    // a finished stepped import's image, until taken or dropped
#endif
  std::string reply;                                // the last returned string
  std::string answer;                               // the last engine answer's bytes
};

WorkerState& State() {
  static WorkerState state;  // one engine per worker
  return state;
}

using stenogram::JsonValue;

const char* Reply(const JsonValue& j) {
  State().reply = j.Dump();
  return State().reply.c_str();
}

// [[offset, length], ...] of block runs (the plans' replies).
const char* RunsReply(const std::vector<stenogram::ByteRun>& runs) {
  JsonValue out = JsonValue::Array();
  for (const stenogram::ByteRun& r : runs) {
    JsonValue& pair = out.Push(JsonValue::Array());
    pair.Push(r.offset);
    pair.Push(r.length);
  }
  return Reply(out);
}

// The reply when even words cannot be allocated.
constexpr const char* kOutOfMemoryReply = R"({"ok":false,"error":"the archive engine ran out of memory"})";

// {"ok": false, "error": "<what>: <why>"}; never throws.
const char* ErrorReply(const char* what, const char* why) noexcept {
  try {
    return Reply({{"ok", false}, {"error", std::string(what) + ": " + why}});
  } catch (...) {
    return kOutOfMemoryReply;
  }
}

// Runs body (returning the reply string) so that nothing it throws leaves the module: an exception
// becomes {"ok": false, "error": "<what>: <reason>"}, after on_throw() has cleaned up.
template <typename Body, typename OnThrow>
const char* Guarded(const char* what, Body&& body, OnThrow&& on_throw) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    on_throw();
    return ErrorReply(what, "out of memory in the archive engine");
  } catch (const std::exception& e) {
    on_throw();
    return ErrorReply(what, e.what());
  } catch (...) {
    on_throw();
    return ErrorReply(what, "an unexpected error in the archive engine");
  }
}

template <typename Body>
const char* Guarded(const char* what, Body&& body) noexcept {
  return Guarded(what, std::forward<Body>(body), [] {});
}

// Guarded for entry points that return a number: fallback when anything is thrown.
template <typename Body>
double GuardedNumber(double fallback, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return fallback;
  }
}

#if STENOGRAM_ENGINE_IMPORT
// Reads {"format", "map": ["text=body", ...] or "a=b,c=d", "pattern"} into *options; false with
// *error for an unknown format or a bad map.
bool ParseImportOptions(const char* options_json, stenogram::ImportOptions* options, std::string* error) {
  const JsonValue o = JsonValue::Parse(options_json ? options_json : "{}");
  if (!o.IsObject()) return true;
  const std::string format = o.StringOr("format");
  if (!format.empty() && !stenogram::ParseFormatName(format, &options->format)) {
    *error = "unknown import format \"" + format + "\"";
    return false;
  }
  std::vector<std::string> specs;
  const JsonValue* map = o.Find("map");
  if (map && map->IsArray()) {
    for (const JsonValue& m : map->Items())
      if (m.IsString()) specs.push_back(m.Str());
  } else if (map && map->IsString()) {
    const std::string& all = map->Str();
    for (size_t start = 0; start < all.size();) {
      size_t comma = all.find(',', start);
      if (comma == std::string::npos) comma = all.size();
      if (comma > start) specs.push_back(all.substr(start, comma - start));
      start = comma + 1;
    }
  }
  std::string why;
  for (const std::string& spec : specs)
    if (!stenogram::ParseMapSpec(spec, &options->map, &why)) {
      *error = "map \"" + spec + "\": " + why;
      return false;
    }
  if (const JsonValue* pattern = o.Find("pattern"); pattern && pattern->IsString()) options->pattern = pattern->Str();
  return true;
}

// The import report's counts and first problems, as the replies carry them.
JsonValue Summary(const stenogram::ImportReport& report) {
  JsonValue problems = JsonValue::Array();
  for (size_t i = 0; i < report.problems.size() && i < 20; ++i) problems.Push(report.problems[i].Format());
  return JsonValue{{"imported", report.imported}, {"rejected", report.rejected}, {"warnings", report.warnings},
                       {"read", report.read}, {"problems", problems}};
}

void DropStepped() {
  WorkerState& s = State();
  s.import.reset();
  s.import_report.reset();
  if (s.image.data) sqlite3_free(s.image.data);
  s.image = {};
}

#endif  // STENOGRAM_ENGINE_IMPORT

JsonValue Opened(const stenogram::Archive& a) {
  return JsonValue{{"ok", true},
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
  return Guarded(name ? name : "archive", [&] {
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
    const JsonValue opened = Opened(*archive);
    s.engine.SetArchive(std::move(archive));
    s.cache = std::move(cache);
    s.memory_size = 0;
    return Reply(opened);
  });
}

#if STENOGRAM_ENGINE_IMPORT
// ---- the stepped import: begin, add inputs (or parts of a JSONL file), finish, take the image ----
// Between the steps the worker is back in its event loop: it reports progress and can be stopped
// (web/worker.js). A new begin drops an unfinished import.

// Starts an import into a new in-memory archive; names: the inputs, for messages; options:
// {"format", "map": ["text=body", ...] or "a=b,c=d", "pattern"}. Returns {"ok", "error"}.
EMSCRIPTEN_KEEPALIVE const char* stn_import_begin(const char* names, const char* options_json) {
  DropStepped();
  return Guarded(names ? names : "import", [&] {
    WorkerState& s = State();
    stenogram::ImportOptions options;
    std::string error;
    if (!ParseImportOptions(options_json, &options, &error)) return Reply({{"ok", false}, {"error", error}});
    s.import_report = std::make_unique<stenogram::ImportReport>();
    s.import = std::make_unique<stenogram::ImageImport>(names ? names : "", options, s.import_report.get());
    if (!s.import->Begin(&error)) {
      JsonValue out = Summary(*s.import_report);
      DropStepped();
      out["ok"] = false;
      out["error"] = error;
      return Reply(out);
    }
    return Reply({{"ok", true}, {"error", nullptr}});
  }, DropStepped);
}

// Imports one input, or the next part of a JSONL file (cut at a line boundary; first_line and
// first_record say where it starts in the file). data comes from malloc and is freed here. Returns
// {"ok", "error", "imported", "rejected", "read", ...}; after a failure the import is dropped.
EMSCRIPTEN_KEEPALIVE const char* stn_import_add(const char* name, const char* relative_path, unsigned char* data,
                                                double size, double first_line, double first_record) {
  std::unique_ptr<unsigned char, decltype(&std::free)> owned(data, &std::free);  // the one owner of data
  return Guarded(name ? name : "import", [&] {
    WorkerState& s = State();
    if (!s.import) return Reply({{"ok", false}, {"error", std::string(name ? name : "import") + ": no import was begun"}});
    stenogram::InputFile in;
    in.name = name ? name : "input";
    in.relative_path = relative_path ? relative_path : "";
    in.bytes.assign(reinterpret_cast<const char*>(owned.get()), static_cast<size_t>(size));
    owned.reset();
    in.first_line = first_line >= 1 ? static_cast<int64_t>(first_line) : 1;
    in.first_record = first_record >= 1 ? static_cast<int64_t>(first_record) : 1;
    std::string error;
    const bool ok = s.import->Add(in, &error);
    JsonValue out = Summary(*s.import_report);
    out["ok"] = ok;
    out["error"] = ok ? JsonValue() : JsonValue(error);
    if (!ok) DropStepped();
    return Reply(out);
  }, DropStepped);
}

// Finishes the import (entities, statistics, the search index) and keeps its image for
// stn_import_image. Returns {"ok", "error", "size", "imported", "rejected", "warnings", "problems"}.
EMSCRIPTEN_KEEPALIVE const char* stn_import_finish() {
  return Guarded("import", [&] {
    WorkerState& s = State();
    if (!s.import) return Reply({{"ok", false}, {"error", "import: no import was begun"}});
    std::string error;
    s.image = s.import->Finish(&error);  // owned by the state from here on (DropStepped frees it)
    JsonValue out = Summary(*s.import_report);
    s.import.reset();
    s.import_report.reset();
    out["ok"] = s.image.data != nullptr;
    out["error"] = s.image.data ? JsonValue() : JsonValue(error);
    out["size"] = s.image.size;
    return Reply(out);
  }, DropStepped);
}

// The finished import's image (stn_import_image_size bytes), valid until stn_import_drop or the
// next stn_import_begin.
EMSCRIPTEN_KEEPALIVE const unsigned char* stn_import_image() { return State().image.data; }
EMSCRIPTEN_KEEPALIVE double stn_import_image_size() { return static_cast<double>(State().image.size); }

// Frees whatever the stepped import holds (an unfinished import, an image).
EMSCRIPTEN_KEEPALIVE void stn_import_drop() { DropStepped(); }

#endif  // STENOGRAM_ENGINE_IMPORT

// Fetches the next at most max_bytes of the file into the cache when the whole file fits the
// budget. Returns the bytes fetched: 0 when there is nothing (more) to do, -1 on a source failure
// (the message in stn_worker_stats' "error") or an exception.
EMSCRIPTEN_KEEPALIVE double stn_worker_fill_step(double max_bytes) {
  return GuardedNumber(-1, [&] {
    WorkerState& s = State();
    if (!s.cache) return 0.0;
    std::string error;
    const uint64_t n = s.cache->FillStep(static_cast<uint64_t>(max_bytes), &error);
    return error.empty() ? static_cast<double>(n) : -1.0;
  });
}

// {"fetchedBytes", "requests", "reads", "hits", "cacheBytes", "budget", "fileSize", "block",
// "fillPossible", "filled", "error"}.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_stats() {
  return Guarded("stats", [&] {
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
  });
}

// The worker's search probe (worker/probe.h) on the open archive.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_search(const char* request) {
  return Guarded("search", [&] {
    WorkerState& s = State();
    const stenogram::Archive* archive = s.engine.archive();
    if (!archive) return Reply({{"error", "no archive is open"}});
    std::string out = stenogram::RunSearchProbe(*archive, request);
    if (s.cache && !s.cache->LastError().empty()) {
      JsonValue j = JsonValue::Parse(out);
      if (j.IsObject()) {
        j["error"] = archive->Name() + ": " + s.cache->LastError();
        out = j.Dump();
      }
    }
    State().reply = std::move(out);
    return State().reply.c_str();
  });
}

// Copies length bytes at offset of the open archive's file into out through the block cache (tests:
// offsets past 2 and 4 GiB travel exactly from JS to the source and back). 1 on success, else 0.
EMSCRIPTEN_KEEPALIVE int stn_worker_peek(double offset, double length, unsigned char* out) {
  return static_cast<int>(GuardedNumber(0, [&] {
    WorkerState& s = State();
    std::string error;
    return s.cache && s.cache->Read(static_cast<uint64_t>(offset), static_cast<size_t>(length), out, &error) ? 1.0 : 0.0;
  }));
}

// Answers one request of the core's protocol (core/engine/protocol.h; request bytes in data[0, size)) with
// the Engine. Returns the answer's bytes; their count from stn_engine_answer_size() (0: not even a
// failure answer could be made; the worker then reports the request as failed).
EMSCRIPTEN_KEEPALIVE const unsigned char* stn_engine_request(const unsigned char* data, double size) {
  WorkerState& s = State();
  try {
    const std::string request(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
    s.answer = s.engine.Handle(request);  // Handle turns its own exceptions into failure answers
  } catch (...) {
    try {
      s.answer = stenogram::EncodeFailure("the archive engine ran out of memory");
    } catch (...) {
      s.answer.clear();
    }
  }
  return reinterpret_cast<const unsigned char*>(s.answer.data());
}

EMSCRIPTEN_KEEPALIVE double stn_engine_answer_size() { return static_cast<double>(State().answer.size()); }

// The block runs a request's row lookups still need (core/archive/readplan.h), as [[offset, length], ...]
// for the worker to fetch in parallel before it serves the request; [] when nothing is missing,
// for requests without row lookups, and for archives not read through the cache.
EMSCRIPTEN_KEEPALIVE const char* stn_engine_plan(const unsigned char* data, double size) {
  return Guarded("plan", [&]() -> const char* {
    WorkerState& s = State();
    if (!s.cache || !s.engine.archive()) return RunsReply({});
    const std::string request(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
    return RunsReply(s.engine.PlanReads(*s.cache, request));
  });
}

// The same for the search probe's rows (stn_worker_search with the same request).
EMSCRIPTEN_KEEPALIVE const char* stn_worker_search_plan(const char* request) {
  return Guarded("plan", [&]() -> const char* {
    WorkerState& s = State();
    if (!s.cache || !s.engine.archive() || !request) return RunsReply({});
    return RunsReply(stenogram::PlanProbeReads(*s.cache, *s.engine.archive(), request));
  });
}

// The warm-up's missing block runs (core/archive/readplan.h PlanWarmUp), [] when done or not reading lazily.
EMSCRIPTEN_KEEPALIVE const char* stn_worker_warm_plan() {
  return Guarded("warm-up", [&]() -> const char* {
    WorkerState& s = State();
    if (!s.cache || !s.engine.archive()) return RunsReply({});
    return RunsReply(stenogram::PlanWarmUp(*s.cache, s.engine.archive()->Db()));
  });
}

// A local file larger than the cache budget, after the warm-up: the next at most step_bytes of the
// b-trees every search reads (PlanHotReads), up to three quarters of the budget in all, as
// [[offset, length], ...]; empty when they are held (or the file fits: stn_worker_fill_step).
EMSCRIPTEN_KEEPALIVE const char* stn_worker_hot_plan(double step_bytes) {
  return Guarded("read-ahead", [&]() -> const char* {
    WorkerState& s = State();
    if (!s.cache || !s.engine.archive() || s.cache->FillPossible()) return RunsReply({});
    const uint64_t total = s.cache->Options().budget / 4 * 3;
    return RunsReply(stenogram::PlanHotReads(*s.cache, s.engine.archive()->Db(), total, static_cast<uint64_t>(step_bytes)));
  });
}

// After the warm-up, while nothing is asked: decodes what every search uses and the warm-up
// fetched (ranking's document lengths, the packed facets), so the first search does not.
// With search (a local file, read without a round trip) it also runs a search as the viewer asks
// for one (Engine::WarmUp): the first real one finds the index's structure loaded and the code of
// that path compiled (V8 compiles a wasm function on its first call and optimises it once hot).
EMSCRIPTEN_KEEPALIVE double stn_worker_preload(int search) {
  return GuardedNumber(0, [&]() -> double {
    const stenogram::Archive* archive = State().engine.archive();
    if (!archive) return 0;
    if (archive->DocLengthsPending()) archive->RankFromDocLengths();
    if (archive->PackedFacetsPending()) archive->LoadPackedFacets();
    if (search) State().engine.WarmUp();
    return 1;
  });
}

// Puts bytes the worker fetched for a plan into the cache (whole blocks of [offset, offset+length)).
// Returns 1, or 0 when the engine could not take them (out of memory).
EMSCRIPTEN_KEEPALIVE double stn_worker_insert(double offset, const unsigned char* data, double length) {
  return GuardedNumber(0, [&]() -> double {
    WorkerState& s = State();
    if (s.cache) s.cache->Insert(static_cast<uint64_t>(offset), data, static_cast<size_t>(length));
    return 1;
  });
}

// Tests of this boundary (tests/browser/boundary.test.mjs): throws what the engine's code can throw
// - 1: an exception of our own, 2: std::out_of_range from inside libc++, 3: std::bad_alloc from an
// allocation the heap cannot hold, 4: a JSON type error - through the same guard as every entry
// point above. Returns the guarded reply ({"ok": false, "error": ...}); never a result of its own.
// 5 traps (what no catch can stop: web/worker.js then restarts the engine and reopens the archive).
EMSCRIPTEN_KEEPALIVE const char* stn_worker_fault(int kind) {
  return Guarded("fault test", [&]() -> const char* {
    switch (kind) {
      case 1: throw std::runtime_error("a C++ exception inside the engine");
      case 2: {
        std::vector<int> none;
        volatile size_t at = 7;
        return none.at(at) ? "" : "";
      }
      case 3: {
        volatile size_t huge = static_cast<size_t>(3) << 30;  // 3 GiB: more than the 2 GiB heap
        std::string s(huge, 'x');
        return s.empty() ? "" : "";
      }
      case 4: {
        const JsonValue j = 42;
        const std::string text = j.Str();
        return text.empty() ? "" : "";
      }
      case 5: __builtin_trap();
      default: return Reply({{"ok", true}, {"error", nullptr}});
    }
  });
}

}  // extern "C"
