// api_reading: state and commands of the researcher's tools (see api_reading.h).
#include "app/api_reading.h"

#include <cstdio>

#include "app/app.h"
#include "app/commands.h"
#include "app/ui.h"
#include "core/engine/reading_protocol.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8

nlohmann::json LeftItemsMirror(App& app) {
  Panels& p = app.panels;
  const ui::KeyCursor& k = LeftCursor(p);
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < k.spoken.size() && i < kLeftItemsSaid; ++i) items.push_back({{"text", k.spoken[i]}, {"chosen", k.chosen[i]}});
  return {{"tab", LeftTabName(p.left.tab)}, {"items", items}};
}

nlohmann::json LeftFocusMirror(App& app) {
  return {{"onTabs", app.panels.left.on_tabs}, {"at", LeftCursor(app.panels).at}, {"tab", LeftTabName(app.panels.left.tab)}};
}

namespace {

// {"text": "..."}: the characters of text the canvas' text font has no glyph for (drawn as "?"), as
// U+XXXX, and the text as it is drawn (right-to-left runs in visual order).
std::string CmdGlyphs(App& app, const nlohmann::json& j) {
  AppState& s = app.state;
  if (!j.contains("text") || !j["text"].is_string()) return Fail("\"glyphs\" needs a \"text\"");
  const std::string text = j["text"].get<std::string>();
  if (!s.fonts.regular) return Fail("the fonts are not loaded yet");
  nlohmann::json missing = nlohmann::json::array();
  const std::string shown = ui::Visual(text);
  const char* p = shown.c_str();
  const char* end = p + shown.size();
  while (p < end) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, end);
    if (c < 0x20 || s.fonts.regular->FindGlyphNoFallback(static_cast<ImWchar>(c))) continue;
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", c);
    missing.push_back(buf);
  }
  return Ok({{"missing", missing}, {"shown", shown}});
}

// {"sort": "document"|"date"|"left"|"right", "page": n}: the Contexts view of the current search.
std::string CmdShowContexts(App& app, const nlohmann::json& j) {
  AppState& s = app.state;
  if (!s.archive_open) return Fail("no archive is open");
  ContextsPanel& c = app.panels.search.contexts;
  std::optional<stenogram::ContextSort> sort;
  if (j.contains("sort")) {
    stenogram::ContextSort parsed;
    if (!j["sort"].is_string() || !stenogram::ParseContextSort(j["sort"].get<std::string>(), &parsed))
      return Fail("sort is \"document\", \"date\", \"left\" or \"right\"");
    sort = parsed;
  }
  std::optional<int64_t> page;
  if (j.contains("page")) {
    if (!j["page"].is_number_integer() || j["page"].get<int64_t>() < 0) return Fail("page is a number from 0");
    page = j["page"].get<int64_t>();
  }
  ShowContexts(c, s, sort, page);  // panel_contexts.cpp
  app.panels.filters_open = false;  // compact layouts: the results column shows them
  return Then({{"type", "_contexts"}});
}

std::string CmdContextsArrived(App& app, const nlohmann::json& j) {
  AppState& s = app.state;
  ContextsPanel& c = app.panels.search.contexts;
  const auto* a = s.client.Ask(ContextsRequestOf(c, s));
  if (!a) return AgainOnce(j, "the archive engine did not answer");
  NoteContexts(c, *a);
  nlohmann::json out = ContextsJson(c);
  out["ok"] = a->error.empty();
  if (!a->error.empty()) out["error"] = a->error;
  return out.dump();
}

std::string CmdHideContexts(App& app, const nlohmann::json&) {
  Post(app, intent::HideContexts{});
  return Ok();
}

// {"queries": ["war", "peace"], "perThousand": false}: up to three searches as lines on the timeline.
std::string CmdCompare(App& app, const nlohmann::json& j) {
  AppState& s = app.state;
  if (!j.contains("queries") || !j["queries"].is_array()) return Fail("\"compare\" needs an array \"queries\"");
  std::vector<std::string> texts;
  for (const auto& q : j["queries"]) {
    if (!q.is_string()) return Fail("each compared query is a string");
    texts.push_back(q.get<std::string>());
  }
  CompareState& c = app.panels.timeline.compare;
  std::string error;
  if (!SetComparison(c, texts, &error)) return Fail(error);
  if (j.contains("perThousand")) c.per_thousand = j["perThousand"].is_boolean() && j["perThousand"].get<bool>();
  for (const auto& se : c.series) s.client.Ask(stenogram::SearchRequest{CompareQuery(s, se.text)});
  return Then({{"type", "_compare"}});
}

std::string CmdCompareArrived(App& app, const nlohmann::json&) {
  AppState& s = app.state;
  CompareState& c = app.panels.timeline.compare;
  RefreshComparison(c, app.panels.timeline, s);
  nlohmann::json totals = nlohmann::json::array();
  for (const auto& se : c.series) {
    const auto* a = s.client.Ask(stenogram::SearchRequest{CompareQuery(s, se.text)});
    totals.push_back({{"query", se.text}, {"total", a ? nlohmann::json(a->total) : nlohmann::json(nullptr)},
                      {"error", a && !a->error.empty() ? nlohmann::json(a->error) : nlohmann::json(nullptr)}});
  }
  return Ok({{"series", totals}});
}

// For tools/bench: the distinctive words of a search ({"query", "speaker"}; "" = the whole archive),
// timed inside the engine; the viewer's own query is left unchanged.
std::string CmdBenchWords(App& app, const nlohmann::json& j) {
  AppState& s = app.state;
  if (!s.archive_open) return Fail("no archive is open");
  stenogram::WordsRequest request;
  request.query.text = j.value("query", std::string());
  request.query.speaker = j.value("speaker", std::string());
  request.limit = 150;
  const stenogram::WordsAnswer* a = s.client.Ask(request);
  if (!a) return AgainOnce(j, "the archive engine did not answer");
  nlohmann::json top = nlohmann::json::array();
  for (size_t i = 0; i < a->words.size() && i < 10; ++i) top.push_back(a->words[i].word);
  const std::string out = nlohmann::json{{"ok", a->error.empty()}, {"error", a->error}, {"ms", a->ms},
                                         {"matched", a->matched}, {"sampled", a->sampled},
                                         {"againstArchive", a->against_archive}, {"words", top}}.dump();
  s.client.Forget(request);  // the next run is timed again
  return out;
}

std::string CmdTranslationMode(App& app, const nlohmann::json& j) {
  TranslationMode mode;
  if (!ParseTranslationMode(j.value("mode", std::string()), &mode))
    return Fail("mode is \"side-by-side\", \"original\" or \"translation\"");
  Post(app, intent::SetTranslationMode{mode});
  return Ok();
}

constexpr Command kReadingCommands[] = {
    {"glyphs", CmdGlyphs},
    {"showContexts", CmdShowContexts},
    {"_contexts", CmdContextsArrived},
    {"hideContexts", CmdHideContexts},
    {"compare", CmdCompare},
    {"_compare", CmdCompareArrived},
    {"benchWords", CmdBenchWords},
    {"translationMode", CmdTranslationMode},
};

}  // namespace

std::span<const Command> ReadingCommands() { return kReadingCommands; }

void SetViewComparison(App& app, const nlohmann::json& j) {
  std::vector<std::string> texts;
  if (j.contains("compare") && j["compare"].is_array())
    for (const auto& q : j["compare"])
      if (q.is_string()) texts.push_back(q.get<std::string>());
  if (texts.size() > CompareState::kMaxSeries) texts.resize(CompareState::kMaxSeries);
  CompareState& c = app.panels.timeline.compare;
  SetComparison(c, texts, nullptr);
  c.per_thousand = j.contains("perThousand") && j["perThousand"].is_boolean() && j["perThousand"].get<bool>();
}
