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
std::string Ok(stenogram::JsonValue extra) {
  extra["ok"] = true;
  return extra.DumpSorted();
}
std::string Fail(const std::string& why) { return stenogram::JsonValue{{"ok", false}, {"error", why}}.DumpSorted(); }
std::string Then(const stenogram::JsonValue& then) { return stenogram::JsonValue{{"ok", true}, {"then", then}}.DumpSorted(); }
std::string ThenResult() { return Then({{"type", "_result"}}); }
std::string AgainOnce(const stenogram::JsonValue& command, const std::string& what) {
  if (command.Has("_waited")) return Fail(what);
  stenogram::JsonValue then = command;
  then["_waited"] = true;
  return Then(then);
}

namespace {

// {"filters": [{"facet", "value", "exclude"}]} into q.filters (replaced); false on a malformed filter.
bool ParseFilters(const stenogram::JsonValue& list, stenogram::Query* q) {
  q->filters.clear();
  for (const auto& f : list.Items()) {
    if (!f.IsObject() || !f.Has("facet") || !f.Has("value") || !f["facet"].IsString() ||
        !f["value"].IsString())
      return false;
    q->filters.push_back({f["facet"].Str(), f["value"].Str(),
                          f.Has("exclude") && f["exclude"].IsBool() && f["exclude"].Bool()});
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

std::optional<int> TurnOf(const stenogram::JsonValue& j) {
  if (j.Has("turn") && j["turn"].IsInt()) return static_cast<int>(j["turn"].Int());
  return std::nullopt;
}

std::string CmdOpen(App& app, const stenogram::JsonValue& j) {
  const stenogram::JsonValue* id_it = j.Find("id");
  if (!id_it || !id_it->IsInt()) return Fail("\"open\" needs an integer \"id\"");
  const int64_t id = id_it->Int();
  Post(app, intent::OpenDocument{id});
  stenogram::JsonValue then = {{"type", "_opened"}, {"id", id}};
  if (const auto turn = TurnOf(j)) then["turn"] = *turn;
  return Then(then);
}

// The second half of "open" (and of setView with a document).
std::string CmdOpened(App& app, const stenogram::JsonValue& j) {
  const int64_t id = j.GetInt("id", 0);
  if (!app.state.open_document || app.state.open_document->id != id)
    return Fail(app.state.error.empty() ? "the document did not open" : app.state.error);
  if (const auto turn = TurnOf(j)) Post(app, intent::ScrollToTurn{*turn});
  if (j.Has("result")) return ThenResult();
  return Ok();
}

// The outcome of a changed query, once its answer is in.
std::string CmdResult(App& app, const stenogram::JsonValue&) {
  app.state.RefreshResult();
  return stenogram::JsonValue{{"ok", app.state.result.error.empty()}, {"error", app.state.result.error},
                        {"resultCount", app.state.result.total}}.DumpSorted();
}

std::string CmdSearch(App& app, const stenogram::JsonValue& j) {
  const stenogram::JsonValue* text_it = j.Find("text");
  if (!text_it || !text_it->IsString()) return Fail("\"search\" needs a string \"text\"");
  Post(app, intent::Search{text_it->Str()});
  return ThenResult();
}

std::string CmdSetFilters(App& app, const stenogram::JsonValue& j) {
  const stenogram::JsonValue* list = j.Find("filters");
  if (!list || !list->IsArray()) return Fail("\"setFilters\" needs an array \"filters\"");
  stenogram::Query q = app.state.query;
  if (!ParseFilters(*list, &q)) return Fail(kFilterShape);
  return QueryThenResult(app, q);
}

std::string CmdSetSpeaker(App& app, const stenogram::JsonValue& j) {
  const stenogram::JsonValue* v = j.Find("speaker");
  if (!v || !v->IsString()) return Fail("\"setSpeaker\" needs a string \"speaker\"");
  stenogram::Query q = app.state.query;
  q.speaker = v->Str();
  return QueryThenResult(app, q);
}

std::string CmdSetSort(App& app, const stenogram::JsonValue& j) {
  const stenogram::JsonValue* v = j.Find("sort");
  if (!v || !v->IsString()) return Fail("\"setSort\" needs a string \"sort\"");
  stenogram::Query q = app.state.query;
  if (!stenogram::ParseSortOrder(v->Str(), &q.sort)) return Fail("sort is \"relevance\", \"date-asc\" or \"date-desc\"");
  return QueryThenResult(app, q);
}

std::string StepHit(App& app, int step) {
  if (!app.state.open_document) return Fail("no document is open");
  Post(app, intent::StepHit{step});
  return Ok();
}
std::string CmdNextHit(App& app, const stenogram::JsonValue&) { return StepHit(app, 1); }
std::string CmdPrevHit(App& app, const stenogram::JsonValue&) { return StepHit(app, -1); }

// For tools/bench: one search as the search panel runs it (all matching ids, then the top 20 rows
// with snippets), timed inside the module; the viewer's own query is left unchanged.
std::string CmdBenchQuery(App& app, const stenogram::JsonValue& j) {
  if (!app.state.archive_open) return Fail("no archive is open");
  const stenogram::JsonValue* text_it = j.Find("query");
  if (!text_it || !text_it->IsString()) return Fail("\"benchQuery\" needs a string \"query\"");
  stenogram::BenchRequest request;
  request.query.text = text_it->Str();
  if (j.Has("speaker") && j["speaker"].IsString()) request.query.speaker = j["speaker"].Str();
  const stenogram::BenchAnswer* a = app.state.client.Ask(request);
  if (!a) return AgainOnce(j, "the archive engine did not answer");
  const stenogram::JsonValue out = {{"ok", a->error.empty()}, {"error", a->error}, {"ms", a->ms},
                              {"resultCount", a->total}, {"rows", a->rows}};
  app.state.client.Forget(request);  // the next run of the same query is timed again
  return out.DumpSorted();
}

// The whole shareable view at once (deep links, back/forward): every key is optional and a missing
// key means "cleared"; "document" 0 closes nothing, a positive id opens that document.
std::string CmdSetView(App& app, const stenogram::JsonValue& j) {
  stenogram::Query q = app.state.query;
  q.text = j.GetString("query", std::string());
  q.speaker = j.GetString("speaker", std::string());
  q.filters.clear();
  if (j.Has("filters") && j["filters"].IsArray() && !ParseFilters(j["filters"], &q)) return Fail(kFilterShape);
  q.day_from.reset();
  q.day_to.reset();
  if (j.Has("dayFrom") && j["dayFrom"].IsInt()) q.day_from = j["dayFrom"].Int();
  if (j.Has("dayTo") && j["dayTo"].IsInt()) q.day_to = j["dayTo"].Int();
  app.state.SetQuery(q);
  AskAhead(app);
  SetViewComparison(app, j);
  const int64_t doc = j.Has("document") && j["document"].IsInt() ? j["document"].Int() : 0;
  if (doc > 0) {
    if (!app.state.open_document || app.state.open_document->id != doc) Post(app, intent::OpenDocument{doc});
    stenogram::JsonValue then = {{"type", "_opened"}, {"id", doc}, {"result", true}};
    if (const auto turn = TurnOf(j)) then["turn"] = *turn;
    return Then(then);
  }
  Post(app, intent::CloseDocument{});
  return ThenResult();
}

// ?embed=1&panels=a,b: the embedded layout with the listed panels (none listed: search and reader).
std::string CmdSetLayout(App& app, const stenogram::JsonValue& j) {
  EmbedLayout layout;
  layout.on = j.GetBool("embed", false);
  if (layout.on && j.Has("panels") && j["panels"].IsArray() && j["panels"].Size() > 0) {
    layout.facets = layout.search = layout.transcript = layout.timeline = false;
    for (const auto& p : j["panels"].Items()) {
      const std::string name = p.IsString() ? p.Str() : std::string();
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

std::string CmdSetTheme(App& app, const stenogram::JsonValue& j) {
  const stenogram::JsonValue* it = j.Find("theme");
  stenogram::Theme theme = stenogram::Theme::Light;
  if (!it || !it->IsString() || !stenogram::ParseTheme(it->Str(), &theme))
    return Fail("setTheme takes {\"theme\": \"light\"} or {\"theme\": \"dark\"}");
  app.state.settings.theme = theme;
  return Ok();
}

// The left column's tab (and the tag cloud's kind): {"tab": "tags", "kind": "person"}.
std::string CmdSetLeftTab(App& app, const stenogram::JsonValue& j) {
  intent::ShowLeftTab show{app.panels.left.tab, -1, j.Has("tab")};
  if (j.Has("tab") && (!j["tab"].IsString() || !ParseLeftTab(j["tab"].Str(), &show.tab)))
    return Fail("tab is \"filters\", \"tags\" or \"months\"");
  if (j.Has("kind")) {
    const auto& kinds = CloudKinds();
    const std::string name = j["kind"].IsString() ? j["kind"].Str() : std::string();
    for (size_t i = 0; i < kinds.size(); ++i)
      if (name == kinds[i].facet) show.kind = static_cast<int>(i);
    if (show.kind < 0) return Fail("kind is \"tag\", \"words\", \"person\", \"country\", \"place\" or \"organisation\"");
  }
  Post(app, show);
  return Ok();
}

// The timeline's visible dates: {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} (to exclusive).
std::string CmdTimelineView(App& app, const stenogram::JsonValue& j) {
  if (!app.state.archive_open) return Fail("no archive is open");
  if (app.panels.timeline.loaded_for != app.state.archive_gen) {  // the records are on their way
    SetTimelineView(app.panels.timeline, app.state, 0, 1);          // asks for them
    return AgainOnce(j, "the timeline's records did not arrive");
  }
  const auto from = DayOfIso(j.GetString("from", std::string()));
  const auto to = DayOfIso(j.GetString("to", std::string()));
  if (!from || !to || *to <= *from) return Fail("\"timelineView\" needs \"from\" before \"to\", both \"YYYY-MM-DD\"");
  SetTimelineView(app.panels.timeline, app.state, static_cast<double>(*from), static_cast<double>(*to));
  return Ok({{"timeline", TimelineViewJson(app.panels.timeline, app.state)}});
}

std::string CmdTimelineLanes(App& app, const stenogram::JsonValue& j) {
  stenogram::LaneBy by;
  if (!stenogram::ParseLaneBy(j.GetString("by", std::string()), &by))
    return Fail("\"timelineLanes\" needs \"by\": \"country\", \"kind\" or \"person\"");
  Post(app, intent::SetLanes{by});
  return Ok();
}

// The date range filter (inclusive days), as a brush on the timeline sets it; a missing or null
// end is open.
std::string CmdSetRange(App& app, const stenogram::JsonValue& j) {
  intent::SetRange range;
  for (const char* key : {"from", "to"}) {
    if (!j.Has(key) || j[key].IsNull() || (j[key].IsString() && j[key].Str().empty())) continue;
    const auto day = j[key].IsString() ? DayOfIso(j[key].Str().substr(0, 10)) : std::nullopt;
    if (!day) return Fail(std::string("dates are \"YYYY-MM-DD\": ") + j[key].DumpSorted());
    (key[0] == 'f' ? range.from : range.to) = *day;
  }
  if (range.from && range.to && *range.to < *range.from) return Fail("\"from\" is after \"to\"");
  Post(app, range);  // as a brush on the timeline does
  return ThenResult();
}

std::string CmdClearRange(App& app, const stenogram::JsonValue&) {
  Post(app, intent::SetRange{});  // as Esc and the timeline's "Clear range" do
  return ThenResult();
}

std::string CmdClearError(App& app, const stenogram::JsonValue&) {
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
  const stenogram::JsonValue j = stenogram::JsonValue::Parse(text);
  if (j.IsInvalid() || !j.IsObject()) return Fail("a command is a JSON object such as {\"type\": \"open\", \"id\": 1}");
  const stenogram::JsonValue* type_it = j.Find("type");
  if (!type_it || !type_it->IsString()) return Fail("the command has no \"type\"");
  const std::string type = type_it->Str();
  const Command* command = FindCommand(type);
  if (!command) return Fail("unknown command type \"" + type + "\"");
  std::string reply = command->run(app, j);
  // What the command asked of the panels is done before it answers (the page may read state() at once).
  HandleIntents(app);
  return reply;
}
