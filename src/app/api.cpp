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
#include <nlohmann/json.hpp>

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
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
      d > 31)
    return std::nullopt;
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

nlohmann::json ResultsMirror(App& app) {
  const AppState& s = app.state;
  const SearchPanel& sp = app.panels.search;
  nlohmann::json rows = nlohmann::json::array();
  std::vector<size_t> keys;
  for (const auto& [page, list] : sp.pages) keys.push_back(page);
  std::sort(keys.begin(), keys.end());
  const int64_t open_id = s.open_document ? s.open_document->id : 0;
  for (size_t page : keys) {
    for (const auto& r : sp.pages.at(page)) {
      if (rows.size() >= 80) break;
      const auto it = std::find(s.result.ids.begin(), s.result.ids.end(), r.id);
      rows.push_back({{"id", r.id}, {"index", it == s.result.ids.end() ? -1 : it - s.result.ids.begin()},
                      {"title", r.title}, {"date", stenogram::HumanDate(r.date, r.date_precision)},
                      {"kind", r.kind}, {"place", r.place}, {"current", r.id == open_id}});
    }
  }
  const bool known = s.result_version == s.query_version;
  return {{"count", known ? s.result.total : -1}, {"query", s.query.text}, {"rows", rows},
          {"error", s.result.error}, {"version", s.result_version}};
}

nlohmann::json DocumentMirror(const stenogram::Document& d) {
  std::string meta = stenogram::HumanDate(d.date, d.date_precision);
  if (meta.empty()) meta = "Undated";
  for (const std::string* part : {&d.place, &d.kind, &d.section})
    if (!part->empty()) meta += " \u00b7 " + *part;
  nlohmann::json turns = nlohmann::json::array();
  if (d.turns.empty()) turns.push_back({{"speaker", ""}, {"text", stenogram::StripEmphasis(d.text)}});
  // The text as the reader shows it: without Markdown emphasis markers (core/text/emphasis).
  for (const auto& t : d.turns) turns.push_back({{"speaker", t.speaker}, {"text", stenogram::StripEmphasis(t.text)}});
  return {{"id", d.id}, {"title", d.title}, {"meta", meta}, {"url", d.url}, {"turns", turns}};
}

nlohmann::json TimelineMirror(const App& app) {
  const TimelinePanel& p = app.panels.timeline;
  if (!app.state.archive_open || p.loaded_for != app.state.archive_gen) return nullptr;
  std::vector<stenogram::TimelineBucket> busiest = p.histogram.matching.empty() ? p.histogram.total : p.histogram.matching;
  int64_t in_view = 0;
  for (const auto& b : busiest) in_view += b.count;
  std::sort(busiest.begin(), busiest.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  nlohmann::json top = nlohmann::json::array();
  for (size_t i = 0; i < busiest.size() && i < 3 && busiest[i].count > 0; ++i)
    top.push_back({{"from", IsoOfDay(busiest[i].start)}, {"to", IsoOfDay(busiest[i].end - 1)}, {"count", busiest[i].count}});
  return {{"from", IsoOfDay(static_cast<int64_t>(std::floor(p.view.start)))},
          {"to", IsoOfDay(static_cast<int64_t>(std::floor(p.view.end)) - 1)},
          {"unit", stenogram::BucketUnitName(p.histogram.unit)},
          {"documents", in_view},
          {"filtered", !p.histogram.matching.empty()},
          {"busiest", top}};
}

}  // namespace

void SyncTextLayer(App& app) {
  struct Sent {
    std::string archive, results_key, focus, timeline, left;
    int64_t doc = -1;
    uint64_t doc_gen = 0;
  };
  static Sent sent;
  AppState& s = app.state;
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json archive = nullptr;
  if (const stenogram::InfoAnswer* a = s.Info())
    archive = {{"title", a->info.title}, {"documents", a->info.doc_count}, {"first", a->info.first_date},
               {"last", a->info.last_date}, {"phone", s.phone}};
  if (std::string text = archive.dump(); text != sent.archive) {
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
    out["document"] = s.open_document ? DocumentMirror(*s.open_document) : nlohmann::json(nullptr);
    sent.doc = open_id;
    sent.doc_gen = s.archive_gen;
  }
  nlohmann::json focus = {{"panel", s.focused_panel}, {"ring", s.focus_ring}};
  if (s.focused_panel == "results" || s.focused_panel == "search") {
    focus["result"] = app.panels.search.selected;
  }
  if (s.focused_panel == "reader") focus["find"] = app.panels.transcript.find_open;
  if (s.focused_panel == "filters") focus["left"] = LeftFocusMirror(app);  // api_reading.cpp
  if (std::string text = focus.dump(); text != sent.focus) {
    out["focus"] = focus;
    sent.focus = std::move(text);
  }
  const nlohmann::json left = LeftItemsMirror(app);  // api_reading.cpp
  if (std::string text = left.dump(); text != sent.left) {
    out["left"] = left;
    sent.left = std::move(text);
  }
  const nlohmann::json timeline = TimelineMirror(app);
  if (std::string text = timeline.dump(); text != sent.timeline) {
    out["timeline"] = timeline;
    sent.timeline = std::move(text);
  }
  if (!out.empty()) platform::MirrorChanged(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// ---- events to the page (window.stenogram.on; web/embed.js forwards them to an embedding page) ----
namespace {

// What a change of the view is judged by: what a link holds (query, filters, range, sort, the
// comparison, the open document and its turn), the archive, the result's count, the theme and the
// error. Cheap to build every frame; the full state() is built only when this changes.
std::string ViewDigest(App& app) {
  const AppState& s = app.state;
  nlohmann::json filters = nlohmann::json::array();
  for (const auto& f : s.query.filters) filters.push_back({f.facet, f.value, f.exclude});
  nlohmann::json compare = nlohmann::json::array();
  for (const auto& se : app.panels.timeline.compare.series) compare.push_back(se.text);
  const TranscriptPanel& t = app.panels.transcript;
  const int64_t doc = s.open_document ? s.open_document->id : 0;
  const nlohmann::json digest = {
      s.archive_gen, s.archive_open, s.query.text, s.query.speaker, filters,
      s.query.day_from ? *s.query.day_from : INT64_MIN, s.query.day_to ? *s.query.day_to : INT64_MIN,
      static_cast<int>(s.query.sort), s.result_version == s.query_version ? s.result.total : -1,
      doc, doc != 0 && t.doc_id == doc ? t.turn_in_view : -1, compare, app.panels.timeline.compare.per_thousand,
      stenogram::ThemeName(s.settings.theme), s.error};
  return digest.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
      platform::PostEvent("documentOpened", nlohmann::json{{"id", doc}, {"title", s.open_title}, {"date", s.open_document->date}}
                                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
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
void ReportAppState(AppState& s, nlohmann::json& j) {
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
  j["filters"] = nlohmann::json::array();
  for (const auto& f : s.query.filters)
    j["filters"].push_back({{"facet", f.facet}, {"value", f.value}, {"exclude", f.exclude}});
  j["speaker"] = s.query.speaker;
  j["dayFrom"] = s.query.day_from ? nlohmann::json(*s.query.day_from) : nlohmann::json(nullptr);
  j["dayTo"] = s.query.day_to ? nlohmann::json(*s.query.day_to) : nlohmann::json(nullptr);
  static const char* const kSorts[] = {"relevance", "date-asc", "date-desc"};
  j["sort"] = kSorts[static_cast<int>(s.query.sort)];
  j["resultCount"] = s.result_version == s.query_version ? s.result.total : static_cast<int64_t>(-1);
  j["queryError"] = s.result.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.result.error);
  j["error"] = s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error);
  j["theme"] = stenogram::ThemeName(s.settings.theme);
  j["fontSize"] = s.settings.font_size;
  j["uiScale"] = s.ui_scale;
  j["embed"] = s.embed.on;
  j["scriptFonts"] = {{"requested", ui::ScriptFontsRequested()},
                      {"hebrew", !s.fonts.hebrew_ttf.empty()},
                      {"arabic", !s.fonts.arabic_ttf.empty()}};
}

}  // namespace

std::string StateJson(App& app) {
  nlohmann::json j = nlohmann::json::object();
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
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// ---- commands (window.stenogram.command): one short handler each, found by name in kCommands ----
std::string Ok(nlohmann::json extra) {
  extra["ok"] = true;
  return extra.dump();
}
std::string Fail(const std::string& why) { return nlohmann::json{{"ok", false}, {"error", why}}.dump(); }
std::string Then(const nlohmann::json& then) { return nlohmann::json{{"ok", true}, {"then", then}}.dump(); }
std::string ThenResult() { return Then({{"type", "_result"}}); }
std::string AgainOnce(const nlohmann::json& command, const std::string& what) {
  if (command.contains("_waited")) return Fail(what);
  nlohmann::json then = command;
  then["_waited"] = true;
  return Then(then);
}

namespace {

// {"filters": [{"facet", "value", "exclude"}]} into q.filters (replaced); false on a malformed filter.
bool ParseFilters(const nlohmann::json& list, stenogram::Query* q) {
  q->filters.clear();
  for (const auto& f : list) {
    if (!f.is_object() || !f.contains("facet") || !f.contains("value") || !f["facet"].is_string() ||
        !f["value"].is_string())
      return false;
    q->filters.push_back({f["facet"].get<std::string>(), f["value"].get<std::string>(),
                          f.contains("exclude") && f["exclude"].is_boolean() && f["exclude"].get<bool>()});
  }
  return true;
}
constexpr const char* kFilterShape = "each filter is {\"facet\": string, \"value\": string, \"exclude\": bool}";

// A new query for every panel; its outcome is the reply once the engine has answered.
std::string QueryThenResult(App& app, const stenogram::Query& q) {
  app.state.SetQuery(q);
  app.state.RefreshResult();
  return ThenResult();
}

std::optional<int> TurnOf(const nlohmann::json& j) {
  if (j.contains("turn") && j["turn"].is_number_integer()) return j["turn"].get<int>();
  return std::nullopt;
}

std::string CmdOpen(App& app, const nlohmann::json& j) {
  const auto id_it = j.find("id");
  if (id_it == j.end() || !id_it->is_number_integer()) return Fail("\"open\" needs an integer \"id\"");
  const int64_t id = id_it->get<int64_t>();
  Post(app, intent::OpenDocument{id});
  nlohmann::json then = {{"type", "_opened"}, {"id", id}};
  if (const auto turn = TurnOf(j)) then["turn"] = *turn;
  return Then(then);
}

// The second half of "open" (and of setView with a document).
std::string CmdOpened(App& app, const nlohmann::json& j) {
  const int64_t id = j.value("id", int64_t{0});
  if (!app.state.open_document || app.state.open_document->id != id)
    return Fail(app.state.error.empty() ? "the document did not open" : app.state.error);
  if (const auto turn = TurnOf(j)) Post(app, intent::ScrollToTurn{*turn});
  if (j.contains("result")) return ThenResult();
  return Ok();
}

// The outcome of a changed query, once its answer is in.
std::string CmdResult(App& app, const nlohmann::json&) {
  app.state.RefreshResult();
  return nlohmann::json{{"ok", app.state.result.error.empty()}, {"error", app.state.result.error},
                        {"resultCount", app.state.result.total}}.dump();
}

std::string CmdSearch(App& app, const nlohmann::json& j) {
  const auto text_it = j.find("text");
  if (text_it == j.end() || !text_it->is_string()) return Fail("\"search\" needs a string \"text\"");
  Post(app, intent::Search{text_it->get<std::string>()});
  return ThenResult();
}

std::string CmdSetFilters(App& app, const nlohmann::json& j) {
  const auto list = j.find("filters");
  if (list == j.end() || !list->is_array()) return Fail("\"setFilters\" needs an array \"filters\"");
  stenogram::Query q = app.state.query;
  if (!ParseFilters(*list, &q)) return Fail(kFilterShape);
  return QueryThenResult(app, q);
}

std::string CmdSetSpeaker(App& app, const nlohmann::json& j) {
  const auto v = j.find("speaker");
  if (v == j.end() || !v->is_string()) return Fail("\"setSpeaker\" needs a string \"speaker\"");
  stenogram::Query q = app.state.query;
  q.speaker = v->get<std::string>();
  return QueryThenResult(app, q);
}

std::string CmdSetSort(App& app, const nlohmann::json& j) {
  const auto v = j.find("sort");
  if (v == j.end() || !v->is_string()) return Fail("\"setSort\" needs a string \"sort\"");
  stenogram::Query q = app.state.query;
  const std::string sort = v->get<std::string>();
  if (sort == "relevance") q.sort = stenogram::SortOrder::Relevance;
  else if (sort == "date-asc") q.sort = stenogram::SortOrder::DateAscending;
  else if (sort == "date-desc") q.sort = stenogram::SortOrder::DateDescending;
  else return Fail("sort is \"relevance\", \"date-asc\" or \"date-desc\"");
  return QueryThenResult(app, q);
}

std::string StepHit(App& app, int step) {
  if (!app.state.open_document) return Fail("no document is open");
  Post(app, intent::StepHit{step});
  return Ok();
}
std::string CmdNextHit(App& app, const nlohmann::json&) { return StepHit(app, 1); }
std::string CmdPrevHit(App& app, const nlohmann::json&) { return StepHit(app, -1); }

// For tools/bench: one search as the search panel runs it (all matching ids, then the top 20 rows
// with snippets), timed inside the module; the viewer's own query is left unchanged.
std::string CmdBenchQuery(App& app, const nlohmann::json& j) {
  if (!app.state.archive_open) return Fail("no archive is open");
  const auto text_it = j.find("query");
  if (text_it == j.end() || !text_it->is_string()) return Fail("\"benchQuery\" needs a string \"query\"");
  stenogram::BenchRequest request;
  request.query.text = text_it->get<std::string>();
  if (j.contains("speaker") && j["speaker"].is_string()) request.query.speaker = j["speaker"].get<std::string>();
  const stenogram::BenchAnswer* a = app.state.client.Ask(request);
  if (!a) return AgainOnce(j, "the archive engine did not answer");
  const nlohmann::json out = {{"ok", a->error.empty()}, {"error", a->error}, {"ms", a->ms},
                              {"resultCount", a->total}, {"rows", a->rows}};
  app.state.client.Forget(request);  // the next run of the same query is timed again
  return out.dump();
}

// The whole shareable view at once (deep links, back/forward): every key is optional and a missing
// key means "cleared"; "document" 0 closes nothing, a positive id opens that document.
std::string CmdSetView(App& app, const nlohmann::json& j) {
  stenogram::Query q = app.state.query;
  q.text = j.value("query", std::string());
  q.speaker = j.value("speaker", std::string());
  q.filters.clear();
  if (j.contains("filters") && j["filters"].is_array() && !ParseFilters(j["filters"], &q)) return Fail(kFilterShape);
  q.day_from.reset();
  q.day_to.reset();
  if (j.contains("dayFrom") && j["dayFrom"].is_number_integer()) q.day_from = j["dayFrom"].get<int64_t>();
  if (j.contains("dayTo") && j["dayTo"].is_number_integer()) q.day_to = j["dayTo"].get<int64_t>();
  app.state.SetQuery(q);
  app.state.RefreshResult();
  SetViewComparison(app, j);
  const int64_t doc = j.contains("document") && j["document"].is_number_integer() ? j["document"].get<int64_t>() : 0;
  if (doc > 0) {
    if (!app.state.open_document || app.state.open_document->id != doc) Post(app, intent::OpenDocument{doc});
    nlohmann::json then = {{"type", "_opened"}, {"id", doc}, {"result", true}};
    if (const auto turn = TurnOf(j)) then["turn"] = *turn;
    return Then(then);
  }
  Post(app, intent::CloseDocument{});
  return ThenResult();
}

// ?embed=1&panels=a,b: the embedded layout with the listed panels (none listed: search and reader).
std::string CmdSetLayout(App& app, const nlohmann::json& j) {
  EmbedLayout layout;
  layout.on = j.value("embed", false);
  if (layout.on && j.contains("panels") && j["panels"].is_array() && !j["panels"].empty()) {
    layout.facets = layout.search = layout.transcript = layout.timeline = false;
    for (const auto& p : j["panels"]) {
      const std::string name = p.is_string() ? p.get<std::string>() : std::string();
      if (name == "facets" || name == "filters") layout.facets = true;
      else if (name == "search" || name == "results") layout.search = true;
      else if (name == "transcript" || name == "reader") layout.transcript = true;
      else if (name == "timeline") layout.timeline = true;
      else return Fail("unknown panel \"" + name + "\" (facets, search, transcript, timeline)");
    }
  }
  app.state.embed = layout;
  return Ok();
}

std::string CmdSetTheme(App& app, const nlohmann::json& j) {
  const auto it = j.find("theme");
  stenogram::Theme theme = stenogram::Theme::Light;
  if (it == j.end() || !it->is_string() || !stenogram::ParseTheme(it->get<std::string>(), &theme))
    return Fail("setTheme takes {\"theme\": \"light\"} or {\"theme\": \"dark\"}");
  app.state.settings.theme = theme;
  return Ok();
}

// The left column's tab (and the tag cloud's kind): {"tab": "tags", "kind": "person"}.
std::string CmdSetLeftTab(App& app, const nlohmann::json& j) {
  intent::ShowLeftTab show{app.panels.left.tab, -1, j.contains("tab")};
  if (j.contains("tab") && (!j["tab"].is_string() || !ParseLeftTab(j["tab"].get<std::string>(), &show.tab)))
    return Fail("tab is \"filters\", \"tags\" or \"months\"");
  if (j.contains("kind")) {
    const auto& kinds = CloudKinds();
    const std::string name = j["kind"].is_string() ? j["kind"].get<std::string>() : std::string();
    for (size_t i = 0; i < kinds.size(); ++i)
      if (name == kinds[i].facet) show.kind = static_cast<int>(i);
    if (show.kind < 0) return Fail("kind is \"tag\", \"words\", \"person\", \"country\", \"place\" or \"organisation\"");
  }
  Post(app, show);
  return Ok();
}

// The timeline's visible dates: {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} (to exclusive).
std::string CmdTimelineView(App& app, const nlohmann::json& j) {
  if (!app.state.archive_open) return Fail("no archive is open");
  if (app.panels.timeline.loaded_for != app.state.archive_gen) {  // the records are on their way
    SetTimelineView(app.panels.timeline, app.state, 0, 1);          // asks for them
    return AgainOnce(j, "the timeline's records did not arrive");
  }
  const auto from = DayOfIso(j.value("from", std::string()));
  const auto to = DayOfIso(j.value("to", std::string()));
  if (!from || !to || *to <= *from) return Fail("\"timelineView\" needs \"from\" before \"to\", both \"YYYY-MM-DD\"");
  SetTimelineView(app.panels.timeline, app.state, static_cast<double>(*from), static_cast<double>(*to));
  return Ok({{"timeline", TimelineViewJson(app.panels.timeline, app.state)}});
}

std::string CmdTimelineLanes(App& app, const nlohmann::json& j) {
  const std::string by = j.value("by", std::string());
  if (!stenogram::ParseLaneBy(by, &app.panels.timeline.lane_by))
    return Fail("\"timelineLanes\" needs \"by\": \"country\", \"kind\" or \"person\"");
  return Ok();
}

// The date range filter (inclusive days), as a brush on the timeline sets it; a missing or null
// end is open.
std::string CmdSetRange(App& app, const nlohmann::json& j) {
  intent::SetRange range;
  for (const char* key : {"from", "to"}) {
    if (!j.contains(key) || j[key].is_null() || (j[key].is_string() && j[key].get<std::string>().empty())) continue;
    const auto day = j[key].is_string() ? DayOfIso(j[key].get<std::string>().substr(0, 10)) : std::nullopt;
    if (!day) return Fail(std::string("dates are \"YYYY-MM-DD\": ") + j[key].dump());
    (key[0] == 'f' ? range.from : range.to) = *day;
  }
  if (range.from && range.to && *range.to < *range.from) return Fail("\"from\" is after \"to\"");
  Post(app, range);  // as a brush on the timeline does
  return ThenResult();
}

std::string CmdClearRange(App& app, const nlohmann::json&) {
  Post(app, intent::SetRange{});  // as Esc and the timeline's "Clear range" do
  return ThenResult();
}

std::string CmdClearError(App& app, const nlohmann::json&) {
  app.state.error.clear();
  return Ok();
}

constexpr Command kCommands[] = {
    {"open", CmdOpen},
    {"_opened", CmdOpened},
    {"_result", CmdResult},
    {"search", CmdSearch},
    {"setFilters", CmdSetFilters},
    {"setSpeaker", CmdSetSpeaker},
    {"setSort", CmdSetSort},
    {"nextHit", CmdNextHit},
    {"prevHit", CmdPrevHit},
    {"benchQuery", CmdBenchQuery},
    {"setView", CmdSetView},
    {"setLayout", CmdSetLayout},
    {"setTheme", CmdSetTheme},
    {"setLeftTab", CmdSetLeftTab},
    {"timelineView", CmdTimelineView},
    {"timelineLanes", CmdTimelineLanes},
    {"setRange", CmdSetRange},
    {"clearRange", CmdClearRange},
    {"clearError", CmdClearError},
};

const Command* FindCommand(const std::string& type) {
  for (const Command& c : kCommands)
    if (type == c.name) return &c;
  for (const Command& c : ReadingCommands())  // api_reading.cpp
    if (type == c.name) return &c;
  return nullptr;
}

}  // namespace

std::string RunCommand(App& app, const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail("a command is a JSON object such as {\"type\": \"open\", \"id\": 1}");
  const auto type_it = j.find("type");
  if (type_it == j.end() || !type_it->is_string()) return Fail("the command has no \"type\"");
  const std::string type = type_it->get<std::string>();
  const Command* command = FindCommand(type);
  if (!command) return Fail("unknown command type \"" + type + "\"");
  std::string reply = command->run(app, j);
  // What the command asked of the panels is done before it answers (the page may read state() at once).
  HandleIntents(app);
  return reply;
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
  try {
    return Keep(*app, RunCommand(*app, json));
  } catch (const std::bad_alloc&) {
    return "{\"ok\":false,\"error\":\"the viewer ran out of memory\"}";
  } catch (const std::exception& e) {
    try {
      return Keep(*app, nlohmann::json{{"ok", false}, {"error", std::string("the command failed: ") + e.what()}}.dump(
                            -1, ' ', false, nlohmann::json::error_handler_t::replace));
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
  nlohmann::json r = {{"x", it->second.min.x / s},
                      {"y", it->second.min.y / s},
                      {"width", (it->second.max.x - it->second.min.x) / s},
                      {"height", (it->second.max.y - it->second.min.y) / s}};
  return Keep(*app, r.dump());
}

// CPU ms of the frames drawn since the last call, oldest first (drains the ring).
const char* stn_frame_times() {
  App* app = ApiApp();
  if (!app) return "[]";
  nlohmann::json list = nlohmann::json::array();
  for (float ms : app->state.frame_ms) list.push_back(ms);
  app->state.frame_ms.clear();
  return Keep(*app, list.dump());
}

// Tab (+1) or Shift+Tab (-1) from the page (web/a11y.js takes Tab before the canvas does): the
// next panel takes the keyboard on the next frame.
void stn_focus_step(int step) {
  stn_wake();
  if (App* app = ApiApp()) app->state.focus_step += step < 0 ? -1 : 1;  // presses before the next frame add up
}

}  // extern "C"
