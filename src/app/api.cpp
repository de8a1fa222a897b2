// api: window.stenogram's state(), command() and locate() (see api.h), exported to JavaScript.
#include "app/api.h"

#include <algorithm>
#include <chrono>
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
#include "app/platform.h"
#include "core/text/dates.h"
#include "core/text/emphasis.h"
#include "core/view/export.h"
#include "core/view/timeline.h"
#include "app/ui.h"

namespace {

App*& ApiApp() {
  static App* app = nullptr;  // the one application instance of this page
  return app;
}

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

nlohmann::json TimelineJson(const App& app) {
  const TimelinePanel& p = app.panels.timeline;
  const AppState& s = app.state;
  if (!s.archive_open || p.loaded_for != s.archive_gen) return nullptr;
  nlohmann::json lanes = nlohmann::json::array();
  for (const auto& n : p.lanes.names) lanes.push_back(n);
  const double min_bar = 5.0 * std::max(1.0f, s.ui_scale);
  return {{"from", IsoOfDay(static_cast<int64_t>(std::floor(p.view.start)))},
          {"to", IsoOfDay(static_cast<int64_t>(std::floor(p.view.end)))},
          {"bucket", stenogram::BucketUnitName(stenogram::ChooseBucketUnit(p.view.PixelsPerDay(), min_bar))},
          {"lane", stenogram::LaneByName(p.lane_by)},
          {"lanes", lanes},
          {"marksDrawn", p.marks_drawn},
          {"singleMarks", p.located},
          {"computeMs", p.compute_ms},
          {"drawMs", p.draw_ms},
          {"panelMs", p.panel_ms},
          {"vertices", p.vertices},
          {"fromCache", p.drawn_from_cache},
          {"loadMs", p.load_ms},
          {"bars", p.histogram.total.size()},
          {"documents", p.data.records.size()}};
}

const char* Keep(App& app, std::string text) {
  app.state.api_buffer = std::move(text);
  return app.state.api_buffer.c_str();
}

// A command whose outcome needs answers from the archive engine: the page runs `then` once the
// viewer has settled (nothing asked for is still on its way) and returns what that says.
std::string Then(const nlohmann::json& then) { return nlohmann::json{{"ok", true}, {"then", then}}.dump(); }
std::string ThenResult() { return Then({{"type", "_result"}}); }

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

// The reader's selection and find box, for state().reader.
nlohmann::json ReaderJson(App& app) {
  const TranscriptPanel& t = app.panels.transcript;
  return {{"selection", SelectedTranscriptText(t, app.state)},
          {"findOpen", t.find_open},
          {"findText", std::string(t.find_input)},
          {"findCount", t.find_count},
          {"findIndex", t.find_index},
          {"focus", app.state.focused_panel},
          {"phone", app.state.phone},
          {"timelineOpen", app.panels.timeline_open},
          {"keysHelp", app.state.keys_help_shown}};
}

void SetApiApp(App* app) { ApiApp() = app; }

std::string StateJson(App& app) {
  AppState& s = app.state;
  nlohmann::json j;
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
  if (s.open_document) {
    const TranscriptPanel& t = app.panels.transcript;
    const bool laid_out = t.doc_id == s.open_document->id && t.hits_version == s.query_version;
    j["openDocument"] = {{"id", s.open_document->id},
                         {"title", s.open_title},
                         {"date", s.open_document->date},
                         {"turns", s.open_document->turns.size()},
                         {"hitCount", laid_out ? t.hit_count : -1},
                         {"hitIndex", laid_out ? t.hit_index : -1},
                         {"turn", t.doc_id == s.open_document->id ? t.turn_in_view : -1}};
  } else {
    j["openDocument"] = nullptr;
  }
  j["error"] = s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error);
  const LeftPanel& left = app.panels.left;
  j["left"] = {{"tab", LeftTabName(left.tab)},
               {"compactShown", app.panels.filters_open},
               {"cloudKind", CloudKinds()[left.tags.kind].facet},
               {"cloudSort", left.tags.sort == stenogram::CloudSort::Name ? "name" : "frequency"},
               {"cloudFilter", left.tags.filter},
               {"cloudWords", left.tags.layout.items.size()},
               {"cloudMore", left.tags.layout.hidden},
               {"cloudHover", left.tags.hovered.empty() ? nlohmann::json(nullptr)
                                                        : nlohmann::json{{"value", left.tags.hovered},
                                                                         {"count", left.tags.hovered_count}}},
               {"months", left.months.months.size()}};
  j["left"]["monthCounts"] = nlohmann::json::object();
  for (const auto& m : left.months.months) j["left"]["monthCounts"][m.month] = m.count;
  j["theme"] = stenogram::ThemeName(s.settings.theme);
  j["fontSize"] = s.settings.font_size;
  j["uiScale"] = s.ui_scale;
  j["embed"] = s.embed.on;
  j["timeline"] = TimelineJson(app);
  j["reader"] = ReaderJson(app);
  AddReadingState(app, j);  // words, contexts, comparison, translation (api_reading.cpp)
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string RunCommand(App& app, const std::string& text) {
  auto fail = [](const std::string& why) { return nlohmann::json{{"ok", false}, {"error", why}}.dump(); };
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("a command is a JSON object such as {\"type\": \"open\", \"id\": 1}");
  const auto type_it = j.find("type");
  if (type_it == j.end() || !type_it->is_string()) return fail("the command has no \"type\"");
  const std::string type = type_it->get<std::string>();
  if (type == "open") {
    const auto id_it = j.find("id");
    if (id_it == j.end() || !id_it->is_number_integer()) return fail("\"open\" needs an integer \"id\"");
    const int64_t id = id_it->get<int64_t>();
    OpenDocumentEverywhere(app, id);
    nlohmann::json then = {{"type", "_opened"}, {"id", id}};
    if (j.contains("turn") && j["turn"].is_number_integer()) then["turn"] = j["turn"];
    return Then(then);
  }
  if (type == "_opened") {  // the second half of "open" (and of setView with a document)
    const int64_t id = j.value("id", int64_t{0});
    if (!app.state.open_document || app.state.open_document->id != id)
      return fail(app.state.error.empty() ? "the document did not open" : app.state.error);
    if (j.contains("turn") && j["turn"].is_number_integer()) app.panels.transcript.scroll_to_turn = j["turn"].get<int>();
    if (j.contains("result")) return ThenResult();
    return nlohmann::json{{"ok", true}}.dump();
  }
  if (type == "_result") {  // the outcome of a changed query, once its answer is in
    app.state.RefreshResult();
    return nlohmann::json{{"ok", app.state.result.error.empty()}, {"error", app.state.result.error},
                          {"resultCount", app.state.result.total}}.dump();
  }
  if (type == "search") {
    const auto text_it = j.find("text");
    if (text_it == j.end() || !text_it->is_string()) return fail("\"search\" needs a string \"text\"");
    SearchNow(app.panels.search, app.state, text_it->get<std::string>());
    return ThenResult();
  }
  if (type == "setFilters") {
    const auto list = j.find("filters");
    if (list == j.end() || !list->is_array()) return fail("\"setFilters\" needs an array \"filters\"");
    stenogram::Query q = app.state.query;
    q.filters.clear();
    for (const auto& f : *list) {
      if (!f.is_object() || !f.contains("facet") || !f.contains("value") || !f["facet"].is_string() ||
          !f["value"].is_string())
        return fail("each filter is {\"facet\": string, \"value\": string, \"exclude\": bool}");
      q.filters.push_back({f["facet"].get<std::string>(), f["value"].get<std::string>(),
                           f.contains("exclude") && f["exclude"].is_boolean() && f["exclude"].get<bool>()});
    }
    app.state.SetQuery(q);
    app.state.RefreshResult();
    return ThenResult();
  }
  if (type == "setSpeaker" || type == "setSort") {
    const char* key = type == "setSpeaker" ? "speaker" : "sort";
    const auto v = j.find(key);
    if (v == j.end() || !v->is_string()) return fail("\"" + type + "\" needs a string \"" + key + "\"");
    stenogram::Query q = app.state.query;
    if (type == "setSpeaker") {
      q.speaker = v->get<std::string>();
    } else {
      const std::string sort = v->get<std::string>();
      if (sort == "relevance") q.sort = stenogram::SortOrder::Relevance;
      else if (sort == "date-asc") q.sort = stenogram::SortOrder::DateAscending;
      else if (sort == "date-desc") q.sort = stenogram::SortOrder::DateDescending;
      else return fail("sort is \"relevance\", \"date-asc\" or \"date-desc\"");
    }
    app.state.SetQuery(q);
    app.state.RefreshResult();
    return ThenResult();
  }
  if (type == "nextHit" || type == "prevHit") {
    if (!app.state.open_document) return fail("no document is open");
    app.panels.transcript.hit_step = type == "nextHit" ? 1 : -1;
    return nlohmann::json{{"ok", true}}.dump();
  }
  if (type == "benchQuery") {
    // For tools/bench: one search as the search panel runs it (all matching ids, then the top 20
    // rows with snippets), timed inside the module; the viewer's own query is left unchanged.
    if (!app.state.archive_open) return fail("no archive is open");
    const auto text_it = j.find("query");
    if (text_it == j.end() || !text_it->is_string()) return fail("\"benchQuery\" needs a string \"query\"");
    stenogram::BenchRequest request;
    request.query.text = text_it->get<std::string>();
    if (j.contains("speaker") && j["speaker"].is_string()) request.query.speaker = j["speaker"].get<std::string>();
    const stenogram::BenchAnswer* a = app.state.client.Ask(request);
    if (!a) {
      nlohmann::json then = j;
      then["_waited"] = true;
      if (j.contains("_waited")) return fail("the archive engine did not answer");
      return Then(then);
    }
    const nlohmann::json out = {{"ok", a->error.empty()}, {"error", a->error}, {"ms", a->ms},
                                {"resultCount", a->total}, {"rows", a->rows}};
    app.state.client.Forget(request);  // the next run of the same query is timed again
    return out.dump();
  }
  if (type == "setView") {
    // The whole shareable view at once (deep links, back/forward): every key is optional and a
    // missing key means "cleared"; "document" 0 closes nothing, a positive id opens that document.
    stenogram::Query q = app.state.query;
    q.text = j.value("query", std::string());
    q.speaker = j.value("speaker", std::string());
    q.filters.clear();
    if (j.contains("filters") && j["filters"].is_array()) {
      for (const auto& f : j["filters"]) {
        if (!f.is_object() || !f.contains("facet") || !f.contains("value") || !f["facet"].is_string() ||
            !f["value"].is_string())
          return fail("each filter is {\"facet\": string, \"value\": string, \"exclude\": bool}");
        q.filters.push_back({f["facet"].get<std::string>(), f["value"].get<std::string>(),
                             f.contains("exclude") && f["exclude"].is_boolean() && f["exclude"].get<bool>()});
      }
    }
    q.day_from.reset();
    q.day_to.reset();
    if (j.contains("dayFrom") && j["dayFrom"].is_number_integer()) q.day_from = j["dayFrom"].get<int64_t>();
    if (j.contains("dayTo") && j["dayTo"].is_number_integer()) q.day_to = j["dayTo"].get<int64_t>();
    app.state.SetQuery(q);
    app.state.RefreshResult();
    SetViewComparison(app, j);
    const int64_t doc = j.contains("document") && j["document"].is_number_integer() ? j["document"].get<int64_t>() : 0;
    if (doc > 0) {
      if (!app.state.open_document || app.state.open_document->id != doc) OpenDocumentEverywhere(app, doc);
      nlohmann::json then = {{"type", "_opened"}, {"id", doc}, {"result", true}};
      if (j.contains("turn") && j["turn"].is_number_integer()) then["turn"] = j["turn"];
      return Then(then);
    }
    app.state.open_document.reset();
    app.state.opening = 0;
    return ThenResult();
  }
  if (type == "setLayout") {
    // ?embed=1&panels=a,b: the embedded layout with the listed panels (none listed: search and reader).
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
        else return fail("unknown panel \"" + name + "\" (facets, search, transcript, timeline)");
      }
    }
    app.state.embed = layout;
    return nlohmann::json{{"ok", true}}.dump();
  }
  if (type == "setTheme") {
    const auto it = j.find("theme");
    stenogram::Theme theme = stenogram::Theme::Light;
    if (it == j.end() || !it->is_string() || !stenogram::ParseTheme(it->get<std::string>(), &theme))
      return fail("setTheme takes {\"theme\": \"light\"} or {\"theme\": \"dark\"}");
    app.state.settings.theme = theme;
    return nlohmann::json{{"ok", true}}.dump();
  }
  if (type == "setLeftTab") {
    // The left column's tab (and the tag cloud's kind): {"tab": "tags", "kind": "person"}.
    LeftTab tab = app.panels.left.tab;
    if (j.contains("tab") && (!j["tab"].is_string() || !ParseLeftTab(j["tab"].get<std::string>(), &tab)))
      return fail("tab is \"filters\", \"tags\" or \"months\"");
    int kind = app.panels.left.tags.kind;
    if (j.contains("kind")) {
      const auto& kinds = CloudKinds();
      const std::string name = j["kind"].is_string() ? j["kind"].get<std::string>() : std::string();
      kind = -1;
      for (size_t i = 0; i < kinds.size(); ++i)
        if (name == kinds[i].facet) kind = static_cast<int>(i);
      if (kind < 0) return fail("kind is \"tag\", \"words\", \"person\", \"country\", \"place\" or \"organisation\"");
      app.panels.left.tags.kind_chosen = true;
    }
    app.panels.left.tab = tab;
    app.panels.left.tags.kind = kind;
    if (j.contains("tab")) app.panels.filters_open = true;  // compact layouts show it instead of the results
    return nlohmann::json{{"ok", true}}.dump();
  }
  if (type == "timelineView") {
    // The timeline's visible dates: {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} (to exclusive).
    if (!app.state.archive_open) return fail("no archive is open");
    if (app.panels.timeline.loaded_for != app.state.archive_gen) {  // the records are on their way
      SetTimelineView(app.panels.timeline, app.state, 0, 1);          // asks for them
      if (j.contains("_waited")) return fail("the timeline's records did not arrive");
      nlohmann::json then = j;
      then["_waited"] = true;
      return Then(then);
    }
    const auto from = DayOfIso(j.value("from", std::string()));
    const auto to = DayOfIso(j.value("to", std::string()));
    if (!from || !to || *to <= *from) return fail("\"timelineView\" needs \"from\" before \"to\", both \"YYYY-MM-DD\"");
    SetTimelineView(app.panels.timeline, app.state, static_cast<double>(*from), static_cast<double>(*to));
    return nlohmann::json{{"ok", true}, {"timeline", TimelineJson(app)}}.dump();
  }
  if (type == "timelineLanes") {
    const std::string by = j.value("by", std::string());
    if (!stenogram::ParseLaneBy(by, &app.panels.timeline.lane_by))
      return fail("\"timelineLanes\" needs \"by\": \"country\", \"kind\" or \"person\"");
    return nlohmann::json{{"ok", true}}.dump();
  }
  if (type == "setRange" || type == "clearRange") {
    // The date range filter (inclusive days), as a brush on the timeline sets it; a missing or
    // null end is open. clearRange removes both ends.
    stenogram::Query q = app.state.query;
    q.day_from.reset();
    q.day_to.reset();
    if (type == "setRange") {
      for (const char* key : {"from", "to"}) {
        if (!j.contains(key) || j[key].is_null() || (j[key].is_string() && j[key].get<std::string>().empty())) continue;
        const auto day = j[key].is_string() ? DayOfIso(j[key].get<std::string>().substr(0, 10)) : std::nullopt;
        if (!day) return fail(std::string("dates are \"YYYY-MM-DD\": ") + j[key].dump());
        (key[0] == 'f' ? q.day_from : q.day_to) = *day;
      }
      if (q.day_from && q.day_to && *q.day_to < *q.day_from) return fail("\"from\" is after \"to\"");
    }
    app.state.SetQuery(q);
    app.state.RefreshResult();
    return ThenResult();
  }
  if (type == "clearError") {
    app.state.error.clear();
    return nlohmann::json{{"ok", true}}.dump();
  }
  if (auto out = RunReadingCommand(app, type, j)) return *out;  // api_reading.cpp
  return fail("unknown command type \"" + type + "\"");
}

// ---- exported to JavaScript (web/stenogram.js) ----
extern "C" {

unsigned char* stn_alloc(double size);
void stn_free(unsigned char* ptr);
void stn_archive_opened();
void stn_answer(double seq, const unsigned char* data, double size);
void stn_dropped(double seq);
int stn_settled();
void stn_set_font(const unsigned char* data, int size, int bold);
void stn_set_loading(const char* text);
void stn_set_error(const char* text);
const char* stn_state();
const char* stn_command(const char* json);
const char* stn_locate(const char* label);
const char* stn_frame_times();
void stn_wake();
void stn_focus_step(int step);

// Buffers the page fills (answers from the archive worker, fonts).
unsigned char* stn_alloc(double size) { return static_cast<unsigned char*>(std::malloc(static_cast<size_t>(size))); }
void stn_free(unsigned char* ptr) { std::free(ptr); }

// The archive worker opened an archive: every panel starts afresh on it.
void stn_archive_opened() {
  App* app = ApiApp();
  if (!app) return;
  stn_wake();
  app->state.ArchiveOpened();
  app->panels = Panels{};
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

void stn_set_loading(const char* text) {
  if (App* app = ApiApp()) app->state.loading_what = text;
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
