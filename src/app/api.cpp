// api: window.stenogram's state(), command() and locate() (see api.h), exported to JavaScript.
#include "app/api.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include "core/text/json.h"

#include "app/api_reading.h"
#include "app/app.h"
#include "app/commands.h"
#include "app/intents.h"
#include "app/report.h"
#include "app/platform.h"
#include "core/text/dates.h"
#include "core/text/emphasis.h"
#include "core/view/export.h"
#include "core/view/timeline.h"
#include "app/ui.h"

std::string IsoOfDay(int64_t day) {
  int y = 0, m = 0, d = 0;
  stenogram::CivilFromDays(day, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// "YYYY-MM-DD" → days since 1970-01-01.
std::optional<int64_t> DayOfIso(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  for (size_t i = 0; i < iso.size(); ++i)
    if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9')) return std::nullopt;
  const auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (iso[i] - '0');
    return v;
  };
  const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return stenogram::DaysFromCivil(y, m, d);
}

namespace {

App*& ApiApp() {
  static App* app = nullptr;  // the one application instance of this page
  return app;
}

const char* Keep(App& app, std::string text) {
  app.state.api_buffer = std::move(text);
  return app.state.api_buffer.c_str();
}

}  // namespace

// ---- the page's text layer (web/a11y.js) ----
namespace {

stenogram::JsonValue ResultsMirror(App& app) {
  const AppState& s = app.state;
  const SearchPanel& sp = app.panels.search;
  stenogram::JsonValue rows = stenogram::JsonValue::Array();
  std::vector<size_t> keys;
  for (const auto& [page, list] : sp.pages) keys.push_back(page);
  std::sort(keys.begin(), keys.end());
  const int64_t open_id = s.open_document ? s.open_document->id : 0;
  for (size_t page : keys) {
    for (const auto& r : sp.pages.at(page)) {
      if (rows.Size() >= 80) break;
      const auto it = std::find(s.result.ids.begin(), s.result.ids.end(), r.id);
      rows.Push({{"id", r.id}, {"index", it == s.result.ids.end() ? -1 : it - s.result.ids.begin()},
                      {"title", r.title}, {"date", stenogram::HumanDate(r.date, r.date_precision)},
                      {"kind", r.kind}, {"place", r.place}, {"current", r.id == open_id}});
    }
  }
  const bool known = s.result_version == s.query_version;
  return {{"count", known ? s.result.total : -1}, {"query", s.query.text}, {"rows", rows},
          {"error", s.result.error}, {"version", s.result_version}};
}

stenogram::JsonValue DocumentMirror(const stenogram::Document& d) {
  std::string meta = stenogram::HumanDate(d.date, d.date_precision);
  if (meta.empty()) meta = "Undated";
  for (const std::string* part : {&d.place, &d.kind, &d.section})
    if (!part->empty()) meta += " \u00b7 " + *part;
  stenogram::JsonValue turns = stenogram::JsonValue::Array();
  if (d.turns.empty()) turns.Push({{"speaker", ""}, {"text", stenogram::StripEmphasis(d.text)}});
  // The text as the reader shows it: without Markdown emphasis markers (core/text/emphasis).
  for (const auto& t : d.turns) turns.Push({{"speaker", t.speaker}, {"text", stenogram::StripEmphasis(t.text)}});
  return {{"id", d.id}, {"title", d.title}, {"meta", meta}, {"url", d.url}, {"turns", turns}};
}

// What the text layer says of the timeline: the days shown, the unit, how many documents are in
// view and the three busiest buckets. Compared field by field every frame (a pan changes it every
// frame; building its JSON only when it changed keeps the comparison cheap).
struct TimelineSaid {
  bool shown = false;
  int64_t from = 0, to = 0;  // days: the first shown, the one after the last
  stenogram::BucketUnit unit = stenogram::BucketUnit::Year;
  int64_t documents = 0;
  bool filtered = false;
  int busiest_n = 0;
  stenogram::TimelineBucket busiest[3];
  bool operator==(const TimelineSaid& o) const {
    if (shown != o.shown || from != o.from || to != o.to || unit != o.unit || documents != o.documents ||
        filtered != o.filtered || busiest_n != o.busiest_n)
      return false;
    for (int i = 0; i < busiest_n; ++i)
      if (busiest[i].start != o.busiest[i].start || busiest[i].end != o.busiest[i].end || busiest[i].count != o.busiest[i].count)
        return false;
    return true;
  }
};

TimelineSaid TimelineNow(const App& app) {
  const TimelinePanel& p = app.panels.timeline;
  TimelineSaid t;
  if (!app.state.archive_open || p.loaded_for != app.state.archive_gen) return t;
  t.shown = true;
  t.from = static_cast<int64_t>(std::floor(p.view.start));
  t.to = static_cast<int64_t>(std::floor(p.view.end));
  t.unit = p.histogram.unit;
  t.filtered = !p.histogram.matching.empty();
  // The three largest buckets, the earlier first among equals (as a stable sort by count would give).
  for (const auto& b : t.filtered ? p.histogram.matching : p.histogram.total) {
    t.documents += b.count;
    if (b.count <= 0) continue;
    int at = t.busiest_n;
    while (at > 0 && t.busiest[at - 1].count < b.count) --at;
    if (at >= 3) continue;
    for (int k = std::min(t.busiest_n, 2); k > at; --k) t.busiest[k] = t.busiest[k - 1];
    t.busiest[at] = b;
    t.busiest_n = std::min(t.busiest_n + 1, 3);
  }
  return t;
}

stenogram::JsonValue TimelineMirror(const TimelineSaid& t) {
  if (!t.shown) return nullptr;
  stenogram::JsonValue top = stenogram::JsonValue::Array();
  for (int i = 0; i < t.busiest_n; ++i)
    top.Push({{"from", IsoOfDay(t.busiest[i].start)}, {"to", IsoOfDay(t.busiest[i].end - 1)}, {"count", t.busiest[i].count}});
  return {{"from", IsoOfDay(t.from)},
          {"to", IsoOfDay(t.to - 1)},
          {"unit", stenogram::BucketUnitName(t.unit)},
          {"documents", t.documents},
          {"filtered", t.filtered},
          {"busiest", top}};
}

}  // namespace

void SyncTextLayer(App& app) {
  struct Sent {
    std::string archive, results_key, focus;
    int64_t doc = -1;
    uint64_t doc_gen = 0;
    bool left_sent = false;
    std::string left_tab;
    std::vector<std::string> left_spoken;
    std::vector<bool> left_chosen;
    bool timeline_sent = false;
    TimelineSaid timeline;
  };
  static Sent sent;
  AppState& s = app.state;
  stenogram::JsonValue out = stenogram::JsonValue::Object();
  stenogram::JsonValue archive = nullptr;
  if (const stenogram::InfoAnswer* a = s.Info())
    archive = {{"title", a->info.title}, {"documents", a->info.doc_count}, {"first", a->info.first_date},
               {"last", a->info.last_date}, {"phone", s.phone}};
  if (std::string text = archive.DumpSorted(); text != sent.archive) {
    out["archive"] = archive;
    sent.archive = std::move(text);
  }
  const int64_t open_id = s.open_document ? s.open_document->id : 0;
  const std::string results_key = std::to_string(s.archive_gen) + ":" + std::to_string(s.result_version) + ":" +
                                  std::to_string(s.query_version) + ":" + std::to_string(app.panels.search.pages.size()) +
                                  ":" + std::to_string(open_id);
  if (results_key != sent.results_key) {
    out["results"] = ResultsMirror(app);
    sent.results_key = results_key;
  }
  if (open_id != sent.doc || s.archive_gen != sent.doc_gen) {
    out["document"] = s.open_document ? DocumentMirror(*s.open_document) : stenogram::JsonValue(nullptr);
    sent.doc = open_id;
    sent.doc_gen = s.archive_gen;
  }
  stenogram::JsonValue focus = {{"panel", s.focused_panel}, {"ring", s.focus_ring}};
  if (s.focused_panel == "results" || s.focused_panel == "search") {
    focus["result"] = app.panels.search.selected;
  }
  if (s.focused_panel == "reader") focus["find"] = app.panels.transcript.find_open;
  if (s.focused_panel == "filters") focus["left"] = LeftFocusMirror(app);  // api_reading.cpp
  if (std::string text = focus.DumpSorted(); text != sent.focus) {
    out["focus"] = focus;
    sent.focus = std::move(text);
  }
  // The left column's items: compared as they are (the tag cloud lists up to 200 every frame).
  const ui::KeyCursor& left = LeftCursor(app.panels);
  const size_t n = std::min<size_t>(left.spoken.size(), kLeftItemsSaid);
  const std::string tab = LeftTabName(app.panels.left.tab);
  if (!sent.left_sent || tab != sent.left_tab || n != sent.left_spoken.size() ||
      !std::equal(left.spoken.begin(), left.spoken.begin() + static_cast<std::ptrdiff_t>(n), sent.left_spoken.begin()) ||
      !std::equal(left.chosen.begin(), left.chosen.begin() + static_cast<std::ptrdiff_t>(std::min(n, left.chosen.size())),
                  sent.left_chosen.begin(), sent.left_chosen.end())) {  // lengths compared too
    out["left"] = LeftItemsMirror(app);  // api_reading.cpp
    sent.left_sent = true;
    sent.left_tab = tab;
    sent.left_spoken.assign(left.spoken.begin(), left.spoken.begin() + static_cast<std::ptrdiff_t>(n));
    sent.left_chosen.assign(left.chosen.begin(), left.chosen.begin() + static_cast<std::ptrdiff_t>(std::min(n, left.chosen.size())));
  }
  const TimelineSaid timeline = TimelineNow(app);
  if (!sent.timeline_sent || !(timeline == sent.timeline)) {
    out["timeline"] = TimelineMirror(timeline);
    sent.timeline_sent = true;
    sent.timeline = timeline;
  }
  if (out.Size() > 0) platform::MirrorChanged(out.DumpSorted());
}

// ---- events to the page (window.stenogram.on; web/embed.js forwards them to an embedding page) ----
namespace {

// What a change of the view is judged by: what a link holds (query, filters, range, sort, the
// comparison, the open document and its turn), the archive, the result's count, the theme and the
// error. Cheap to build every frame; the full state() is built only when this changes.
std::string ViewDigest(App& app) {
  const AppState& s = app.state;
  stenogram::JsonValue filters = stenogram::JsonValue::Array();
  for (const auto& f : s.query.filters) filters.Push(stenogram::JsonValue::ArrayOf({f.facet, f.value, f.exclude}));
  stenogram::JsonValue compare = stenogram::JsonValue::Array();
  for (const auto& se : app.panels.timeline.compare.series) compare.Push(se.text);
  const TranscriptPanel& t = app.panels.transcript;
  const int64_t doc = s.open_document ? s.open_document->id : 0;
  const stenogram::JsonValue digest = stenogram::JsonValue::ArrayOf({
      s.archive_gen, s.archive_open, s.query.text, s.query.speaker, filters,
      s.query.day_from ? *s.query.day_from : INT64_MIN, s.query.day_to ? *s.query.day_to : INT64_MIN,
      static_cast<int>(s.query.sort), s.result_version == s.query_version ? s.result.total : -1,
      doc, doc != 0 && t.doc_id == doc ? t.turn_in_view : -1, compare, app.panels.timeline.compare.per_thousand,
      stenogram::ThemeName(s.settings.theme), s.error});
  return digest.DumpSorted();
}

}  // namespace

void NotifyPage(App& app) {
  struct Told {
    std::string digest;
    int64_t doc = 0;
    uint64_t gen = 0;
  };
  static Told told;
  const AppState& s = app.state;
  const int64_t doc = s.open_document ? s.open_document->id : 0;
  if (doc != told.doc || s.archive_gen != told.gen) {
    told.doc = doc;
    told.gen = s.archive_gen;
    if (doc != 0)
      platform::PostEvent("documentOpened", stenogram::JsonValue{{"id", doc}, {"title", s.open_title}, {"date", s.open_document->date}}
                                                .DumpSorted());
  }
  std::string digest = ViewDigest(app);
  if (digest == told.digest) return;
  told.digest = std::move(digest);
  platform::PostEvent("stateChanged", StateJson(app));
}

void SetApiApp(App* app) { ApiApp() = app; }

// ---- state(): assembled from what AppState and each panel report about themselves ----
namespace {

// AppState's part: the archive, the query and its result's count, the error, the view settings and
// the script fonts.
void ReportAppState(AppState& s, stenogram::JsonValue& j) {
  if (const stenogram::InfoAnswer* answer = s.Info()) {
    const auto& info = answer->info;
    j["archive"] = {{"title", info.title},
                    {"name", answer->name},
                    {"documentCount", info.doc_count},
                    {"firstDate", info.first_date},
                    {"lastDate", info.last_date}};
  } else {
    j["archive"] = nullptr;
  }
  j["loading"] = s.loading;
  j["busy"] = !s.Settled();
  j["query"] = s.query.text;
  j["filters"] = stenogram::JsonValue::Array();
  for (const auto& f : s.query.filters)
    j["filters"].Push({{"facet", f.facet}, {"value", f.value}, {"exclude", f.exclude}});
  j["speaker"] = s.query.speaker;
  j["dayFrom"] = s.query.day_from ? stenogram::JsonValue(*s.query.day_from) : stenogram::JsonValue(nullptr);
  j["dayTo"] = s.query.day_to ? stenogram::JsonValue(*s.query.day_to) : stenogram::JsonValue(nullptr);
  j["sort"] = stenogram::SortOrderName(s.query.sort);
  j["resultCount"] = s.result_version == s.query_version ? s.result.total : static_cast<int64_t>(-1);
  j["queryError"] = s.result.error.empty() ? stenogram::JsonValue(nullptr) : stenogram::JsonValue(s.result.error);
  j["error"] = s.error.empty() ? stenogram::JsonValue(nullptr) : stenogram::JsonValue(s.error);
  j["theme"] = stenogram::ThemeName(s.settings.theme);
  j["fontSize"] = s.settings.font_size;
  j["uiScale"] = s.ui_scale;
  j["drawn"] = {{"lists", s.drawn.lists}, {"commands", s.drawn.commands}, {"draws", s.drawn.draws},
                {"vertices", s.drawn.vertices}, {"redrawn", s.drawn.redrawn}, {"screens", s.drawn.screens}, {"ms", s.drawn.ms},
                {"framesDrawn", s.drawn.frames_drawn}, {"framesSkipped", s.drawn.frames_skipped}};
  j["embed"] = s.embed.on;
  j["scriptFonts"] = {{"requested", ui::ScriptFontsRequested()},
                      {"hebrew", !s.fonts.hebrew_ttf.empty()},
                      {"arabic", !s.fonts.arabic_ttf.empty()}};
  // The font atlas' ranges: "core" until text needed a glyph of the wide ones (core/text/glyph_ranges.h).
  j["glyphRanges"] = s.fonts.built_wide ? "wide" : "core";
}

}  // namespace

std::string StateJson(App& app) {
  stenogram::JsonValue j = stenogram::JsonValue::Object();
  ReportAppState(app.state, j);
  ReportTranscript(app.panels.transcript, app.state, j);  // openDocument, reader (panel_transcript.cpp)
  ReportLeft(app.panels, j);                               // left (panel_left.cpp, panel_tags.cpp, panel_months.cpp)
  ReportTimeline(app.panels.timeline, app.state, j);       // timeline, compare (panel_timeline.cpp, panel_compare.cpp)
  ReportContexts(app.panels.search.contexts, j);           // contexts (panel_contexts.cpp)
  // The layout's own (app.cpp, keyboard.cpp): where the keyboard is, the phone's column, the Keys help.
  j["reader"]["focus"] = app.state.focused_panel;
  j["reader"]["phone"] = app.state.phone;
  j["reader"]["timelineOpen"] = app.panels.timeline_open;
  j["reader"]["keysHelp"] = app.state.keys_help_shown;
  return j.DumpSorted();
}

// ---- exported to JavaScript (web/stenogram.js) ----
extern "C" {

void stn_archive_opened();
void stn_answer(double seq, const unsigned char* data, double size);
void stn_dropped(double seq);
int stn_settled();
void stn_set_font(const unsigned char* data, int size, int bold);
void stn_set_error(const char* text);
const char* stn_state();
const char* stn_command(const char* json);
const char* stn_locate(const char* label);
const char* stn_frame_times();
void stn_wake();
void stn_focus_step(int step);

// The archive worker opened an archive: every panel starts afresh on it.
void stn_archive_opened() {
  App* app = ApiApp();
  if (!app) return;
  stn_wake();
  app->state.ArchiveOpened();
  Post(*app, intent::Reset{});
  HandleIntents(*app);
}

// An answer from the archive worker to request seq (bytes in the wasm heap, still the caller's).
void stn_answer(double seq, const unsigned char* data, double size) {
  stn_wake();
  App* app = ApiApp();
  if (!app) return;
  ui::NoteText(std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(size)));
  try {
    app->state.client.Deliver(static_cast<uint64_t>(seq),
                              std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(size)));
  } catch (...) {  // out of memory decoding it: the request counts as dropped, nothing crosses into JavaScript
    app->state.client.Dropped(static_cast<uint64_t>(seq));
  }
}

// The worker skipped request seq: a newer one in its slot superseded it.
void stn_dropped(double seq) {
  stn_wake();
  if (App* app = ApiApp()) app->state.client.Dropped(static_cast<uint64_t>(seq));
}

// 1 when nothing asked of the archive is still on its way.
int stn_settled() {
  App* app = ApiApp();
  return app && app->state.Settled() ? 1 : 0;
}

void stn_set_font(const unsigned char* data, int size, int bold) {
  App* app = ApiApp();
  if (!app) return;
  // 0 regular, 1 bold, 2 Hebrew, 3 Arabic (the last two merged into each text font).
  Fonts& f = app->state.fonts;
  auto& target = bold == 3 ? f.arabic_ttf : bold == 2 ? f.hebrew_ttf : bold ? f.bold_ttf : f.regular_ttf;
  target.assign(data, data + size);
  app->state.fonts.built_scale = 0.0f;  // rebuild the atlas on the next frame
  stn_wake();
}

void stn_set_error(const char* text) {
  if (App* app = ApiApp()) {
    ui::NoteText(text);
    app->state.SetError(text);
    app->state.loading = false;
  }
  stn_wake();
}

const char* stn_state() {
  App* app = ApiApp();
  if (!app) return "null";
  try {
    return Keep(*app, StateJson(*app));
  } catch (...) {  // out of memory: nothing may cross into JavaScript
    return "null";
  }
}

const char* stn_command(const char* json) {
  stn_wake();
  App* app = ApiApp();
  if (!app) return "{\"ok\":false,\"error\":\"not started\"}";
  ui::NoteText(json);  // a query or a name of a deep link is drawn
  try {
    return Keep(*app, RunCommand(*app, json));
  } catch (const std::bad_alloc&) {
    return "{\"ok\":false,\"error\":\"the viewer ran out of memory\"}";
  } catch (const std::exception& e) {
    try {
      return Keep(*app, stenogram::JsonValue{{"ok", false}, {"error", std::string("the command failed: ") + e.what()}}.DumpSorted());
    } catch (...) {
      return "{\"ok\":false,\"error\":\"the command failed\"}";
    }
  } catch (...) {
    return "{\"ok\":false,\"error\":\"the command failed\"}";
  }
}

const char* stn_locate(const char* label) {
  App* app = ApiApp();
  if (!app) return "null";
  auto it = app->state.locate.rects.find(label);
  if (it == app->state.locate.rects.end()) return "null";
  const float s = app->state.ui_scale;
  stenogram::JsonValue r = {{"x", it->second.min.x / s},
                      {"y", it->second.min.y / s},
                      {"width", (it->second.max.x - it->second.min.x) / s},
                      {"height", (it->second.max.y - it->second.min.y) / s}};
  return Keep(*app, r.DumpSorted());
}

// CPU ms of the frames drawn since the last call, oldest first (drains the ring).
const char* stn_frame_times() {
  App* app = ApiApp();
  if (!app) return "[]";
  stenogram::JsonValue list = stenogram::JsonValue::Array();
  for (float ms : app->state.frame_ms) list.Push(ms);
  app->state.frame_ms.clear();
  return Keep(*app, list.DumpSorted());
}

// Tab (+1) or Shift+Tab (-1) from the page (web/a11y.js takes Tab before the canvas does): the
// next panel takes the keyboard on the next frame.
void stn_focus_step(int step) {
  stn_wake();
  if (App* app = ApiApp()) app->state.focus_step += step < 0 ? -1 : 1;  // presses before the next frame add up
}

}  // extern "C"
