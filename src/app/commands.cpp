// commands: the viewer's commands of window.stenogram.command (see commands.h), one short handler
// each, and RunCommand, which finds a command by name in the table and runs it.
#include "app/commands.h"

#include <cstdint>
#include <optional>
#include <string>

#include "app/api.h"
#include "app/api_reading.h"
#include "app/app.h"
#include "app/intents.h"
#include "app/report.h"

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
  AskAhead(app);
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
  if (!stenogram::ParseSortOrder(v->get<std::string>(), &q.sort)) return Fail("sort is \"relevance\", \"date-asc\" or \"date-desc\"");
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
  AskAhead(app);
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
  stenogram::LaneBy by;
  if (!stenogram::ParseLaneBy(j.value("by", std::string()), &by))
    return Fail("\"timelineLanes\" needs \"by\": \"country\", \"kind\" or \"person\"");
  Post(app, intent::SetLanes{by});
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
