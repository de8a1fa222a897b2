// api_reading: state and commands of the researcher's tools (see api_reading.h).
#include "app/api_reading.h"

#include <cstdio>

#include "app/app.h"
#include "app/commands.h"
#include "app/ui.h"
#include "core/engine/reading_protocol.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8

stenogram::JsonValue LeftItemsMirror(App& app) {
  Panels& p = app.panels;
  const ui::KeyCursor& k = LeftCursor(p);
  stenogram::JsonValue items = stenogram::JsonValue::Array();
  for (size_t i = 0; i < k.spoken.size() && i < kLeftItemsSaid; ++i) items.Push({{"text", k.spoken[i]}, {"chosen", static_cast<bool>(k.chosen[i])}});
  return {{"tab", LeftTabName(p.left.tab)}, {"items", items}};
}

stenogram::JsonValue LeftFocusMirror(App& app) {
  return {{"onTabs", app.panels.left.on_tabs}, {"at", LeftCursor(app.panels).at}, {"tab", LeftTabName(app.panels.left.tab)}};
}

namespace {

// {"text": "..."}: the characters of text the canvas' text font has no glyph for (drawn as "?"), as
// U+XXXX, and the text as it is drawn (right-to-left runs in visual order).
std::string CmdGlyphs(App& app, const stenogram::JsonValue& j) {
  AppState& s = app.state;
  if (!j.Has("text") || !j["text"].IsString()) return Fail("\"glyphs\" needs a \"text\"");
  const std::string text = j["text"].Str();
  if (!s.fonts.regular) return Fail("the fonts are not loaded yet");
  stenogram::JsonValue missing = stenogram::JsonValue::Array();
  const std::string shown = ui::Visual(text);
  const char* p = shown.c_str();
  const char* end = p + shown.size();
  while (p < end) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, end);
    if (c < 0x20 || s.fonts.regular->FindGlyphNoFallback(static_cast<ImWchar>(c))) continue;
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", c);
    missing.Push(buf);
  }
  return Ok({{"missing", missing}, {"shown", shown}});
}

// {"sort": "document"|"date"|"left"|"right", "page": n}: the Contexts view of the current search.
std::string CmdShowContexts(App& app, const stenogram::JsonValue& j) {
  AppState& s = app.state;
  if (!s.archive_open) return Fail("no archive is open");
  ContextsPanel& c = app.panels.search.contexts;
  std::optional<stenogram::ContextSort> sort;
  if (j.Has("sort")) {
    stenogram::ContextSort parsed;
    if (!j["sort"].IsString() || !stenogram::ParseContextSort(j["sort"].Str(), &parsed))
      return Fail("sort is \"document\", \"date\", \"left\" or \"right\"");
    sort = parsed;
  }
  std::optional<int64_t> page;
  if (j.Has("page")) {
    if (!j["page"].IsInt() || j["page"].Int() < 0) return Fail("page is a number from 0");
    page = j["page"].Int();
  }
  ShowContexts(c, s, sort, page);  // panel_contexts.cpp
  app.panels.filters_open = false;  // compact layouts: the results column shows them
  return Then({{"type", "_contexts"}});
}

std::string CmdContextsArrived(App& app, const stenogram::JsonValue& j) {
  AppState& s = app.state;
  ContextsPanel& c = app.panels.search.contexts;
  const auto* a = s.client.Ask(ContextsRequestOf(c, s));
  if (!a) return AgainOnce(j, "the archive engine did not answer");
  NoteContexts(c, *a);
  stenogram::JsonValue out = ContextsJson(c);
  out["ok"] = a->error.empty();
  if (!a->error.empty()) out["error"] = a->error;
  return out.DumpSorted();
}

std::string CmdHideContexts(App& app, const stenogram::JsonValue&) {
  Post(app, intent::HideContexts{});
  return Ok();
}

// {"queries": ["war", "peace"], "perThousand": false}: up to three searches as lines on the timeline.
std::string CmdCompare(App& app, const stenogram::JsonValue& j) {
  AppState& s = app.state;
  if (!j.Has("queries") || !j["queries"].IsArray()) return Fail("\"compare\" needs an array \"queries\"");
  std::vector<std::string> texts;
  for (const auto& q : j["queries"].Items()) {
    if (!q.IsString()) return Fail("each compared query is a string");
    texts.push_back(q.Str());
  }
  CompareState& c = app.panels.timeline.compare;
  std::string error;
  if (!SetComparison(c, texts, &error)) return Fail(error);
  if (j.Has("perThousand")) c.per_thousand = j["perThousand"].IsBool() && j["perThousand"].Bool();
  for (const auto& se : c.series) s.client.Ask(stenogram::SearchRequest{CompareQuery(s, se.text)});
  return Then({{"type", "_compare"}});
}

std::string CmdCompareArrived(App& app, const stenogram::JsonValue&) {
  AppState& s = app.state;
  CompareState& c = app.panels.timeline.compare;
  RefreshComparison(c, app.panels.timeline, s);
  stenogram::JsonValue totals = stenogram::JsonValue::Array();
  for (const auto& se : c.series) {
    const auto* a = s.client.Ask(stenogram::SearchRequest{CompareQuery(s, se.text)});
    totals.Push({{"query", se.text}, {"total", a ? stenogram::JsonValue(a->total) : stenogram::JsonValue(nullptr)},
                      {"error", a && !a->error.empty() ? stenogram::JsonValue(a->error) : stenogram::JsonValue(nullptr)}});
  }
  return Ok({{"series", totals}});
}

// For tools/bench: the distinctive words of a search ({"query", "speaker"}; "" = the whole archive),
// timed inside the engine; the viewer's own query is left unchanged.
std::string CmdBenchWords(App& app, const stenogram::JsonValue& j) {
  AppState& s = app.state;
  if (!s.archive_open) return Fail("no archive is open");
  stenogram::WordsRequest request;
  request.query.text = j.GetString("query", std::string());
  request.query.speaker = j.GetString("speaker", std::string());
  request.limit = 150;
  const stenogram::WordsAnswer* a = s.client.Ask(request);
  if (!a) return AgainOnce(j, "the archive engine did not answer");
  stenogram::JsonValue top = stenogram::JsonValue::Array();
  for (size_t i = 0; i < a->words.size() && i < 10; ++i) top.Push(a->words[i].word);
  const std::string out = stenogram::JsonValue{{"ok", a->error.empty()}, {"error", a->error}, {"ms", a->ms},
                                         {"matched", a->matched}, {"sampled", a->sampled},
                                         {"againstArchive", a->against_archive}, {"words", top}}.DumpSorted();
  s.client.Forget(request);  // the next run is timed again
  return out;
}

std::string CmdTranslationMode(App& app, const stenogram::JsonValue& j) {
  TranslationMode mode;
  if (!ParseTranslationMode(j.GetString("mode", std::string()), &mode))
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

void SetViewComparison(App& app, const stenogram::JsonValue& j) {
  std::vector<std::string> texts;
  if (j.Has("compare") && j["compare"].IsArray())
    for (const auto& q : j["compare"].Items())
      if (q.IsString()) texts.push_back(q.Str());
  if (texts.size() > CompareState::kMaxSeries) texts.resize(CompareState::kMaxSeries);
  CompareState& c = app.panels.timeline.compare;
  SetComparison(c, texts, nullptr);
  c.per_thousand = j.Has("perThousand") && j["perThousand"].IsBool() && j["perThousand"].Bool();
}
