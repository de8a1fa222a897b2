// api_reading: state and commands of the researcher's tools (see api_reading.h).
#include "app/api_reading.h"

#include <cstdio>

#include "app/app.h"
#include "app/ui.h"
#include "core/engine/reading_protocol.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8

namespace {

std::string Hex(ImU32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
  return buf;
}

std::string Ok(nlohmann::json extra = nlohmann::json::object()) {
  extra["ok"] = true;
  return extra.dump();
}
std::string Fail(const std::string& why) { return nlohmann::json{{"ok", false}, {"error", why}}.dump(); }
std::string Then(const nlohmann::json& then) { return nlohmann::json{{"ok", true}, {"then", then}}.dump(); }

nlohmann::json ContextsJson(const ContextsPanel& c) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : c.first)
    lines.push_back({{"doc", l.doc}, {"turn", l.turn}, {"hit", l.hit}, {"left", l.left}, {"match", l.match},
                     {"right", l.right}, {"date", l.date}, {"speaker", l.speaker}, {"title", l.title}});
  return {{"shown", c.on ? c.shown : 0},
          {"count", c.on ? c.count : -1},
          {"sort", stenogram::ContextSortName(c.sort)},
          {"page", c.page},
          {"visible", c.on},
          {"docsScanned", c.docs_scanned},
          {"docsTotal", c.docs_total},
          {"error", c.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.error)},
          {"lines", lines}};
}

nlohmann::json SeriesJson(const CompareState& c) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < c.series.size(); ++i) {
    const CompareSeries& s = c.series[i];
    double peak = 0;
    for (double v : s.values) peak = std::max(peak, v);
    list.push_back({{"query", s.text},
                    {"color", Hex(SeriesColor(i))},
                    {"ready", s.ready},
                    {"total", s.ready ? nlohmann::json(s.total) : nlohmann::json(nullptr)},
                    {"peak", peak},
                    {"bars", s.values.size()}});
  }
  return list;
}

}  // namespace

void AddReadingState(App& app, nlohmann::json& j) {
  const TagsPanel& tags = app.panels.left.tags;
  nlohmann::json words = nlohmann::json::array();
  for (const auto& item : tags.layout.items) {
    if (words.size() >= 40) break;
    words.push_back(tags.words[item.word].value);
  }
  j["left"]["cloudList"] = words;
  j["left"]["cloudChosen"] = tags.kind_chosen;
  j["contexts"] = ContextsJson(app.panels.search.contexts);
  {
    Panels& p = app.panels;
    const ui::KeyCursor& k = LeftCursor(p);
    const bool has = k.at >= 0 && static_cast<size_t>(k.at) < k.spoken.size();
    j["left"]["cursor"] = {{"keyboard", p.left.keyboard},
                           {"onTabs", p.left.on_tabs},
                           {"at", k.at},
                           {"count", k.count},
                           {"item", has && !p.left.on_tabs ? nlohmann::json(k.spoken[static_cast<size_t>(k.at)])
                                                           : nlohmann::json(nullptr)},
                           {"chosen", has && !p.left.on_tabs && k.chosen[static_cast<size_t>(k.at)]}};
  }
  const Fonts& fonts = app.state.fonts;
  j["scriptFonts"] = {{"requested", ui::ScriptFontsRequested()},
                      {"hebrew", !fonts.hebrew_ttf.empty()},
                      {"arabic", !fonts.arabic_ttf.empty()}};
  const CompareState& c = app.panels.timeline.compare;
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& s : c.series) queries.push_back(s.text);
  j["compare"] = {{"queries", queries}, {"perThousand", c.per_thousand}, {"adding", c.adding}, {"input", c.input}};
  if (j.contains("timeline") && j["timeline"].is_object()) {
    j["timeline"]["series"] = SeriesJson(c);
    j["timeline"]["seriesScale"] = c.per_thousand ? "per1000" : "count";
  }
  if (j.contains("openDocument") && j["openDocument"].is_object()) {
    const TranslationView& t = app.panels.transcript.translation;
    const bool current = app.state.open_document && t.doc == app.state.open_document->id;
    j["openDocument"]["translations"] = current ? t.available : 0;
    if (current && t.shown_id != 0) {
      static const char* const kModes[] = {"side-by-side", "original", "translation"};
      j["openDocument"]["translation"] = {{"id", t.shown_id},
                                          {"language", t.shown_language},
                                          {"mode", kModes[static_cast<int>(t.mode)]},
                                          {"rows", t.rows},
                                          {"rowInView", t.row_in_view},
                                          {"scroll", t.scroll_y},
                                          {"hitsLeft", t.hits_left},
                                          {"hitsRight", t.hits_right}};
    } else {
      j["openDocument"]["translation"] = nullptr;
    }
  }
}

nlohmann::json LeftItemsMirror(App& app) {
  Panels& p = app.panels;
  const ui::KeyCursor& k = LeftCursor(p);
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < k.spoken.size() && i < 200; ++i) items.push_back({{"text", k.spoken[i]}, {"chosen", k.chosen[i]}});
  return {{"tab", LeftTabName(p.left.tab)}, {"items", items}};
}

nlohmann::json LeftFocusMirror(App& app) {
  return {{"onTabs", app.panels.left.on_tabs}, {"at", LeftCursor(app.panels).at}, {"tab", LeftTabName(app.panels.left.tab)}};
}

std::optional<std::string> RunReadingCommand(App& app, const std::string& type, const nlohmann::json& j) {
  AppState& s = app.state;
  if (type == "glyphs") {
    // {"text": "..."}: the characters of text the canvas' text font has no glyph for (drawn as "?"),
    // as U+XXXX, and the text as it is drawn (right-to-left runs in visual order).
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
  if (type == "showContexts") {
    // {"sort": "document"|"date"|"left"|"right", "page": n}: the Contexts view of the current search.
    if (!s.archive_open) return Fail("no archive is open");
    ContextsPanel& c = app.panels.search.contexts;
    if (j.contains("sort")) {
      stenogram::ContextSort sort;
      if (!j["sort"].is_string() || !stenogram::ParseContextSort(j["sort"].get<std::string>(), &sort))
        return Fail("sort is \"document\", \"date\", \"left\" or \"right\"");
      if (sort != c.sort) c.page = 0;
      c.sort = sort;
    }
    if (j.contains("page")) {
      if (!j["page"].is_number_integer() || j["page"].get<int64_t>() < 0) return Fail("page is a number from 0");
      c.page = j["page"].get<int64_t>();
    }
    c.on = true;
    c.page_version = s.query_version;
    app.panels.filters_open = false;  // compact layouts: the results column shows them
    s.client.Ask(ContextsRequestOf(c, s));
    return Then({{"type", "_contexts"}});
  }
  if (type == "_contexts") {
    ContextsPanel& c = app.panels.search.contexts;
    const auto* a = s.client.Ask(ContextsRequestOf(c, s));
    if (!a) {
      if (j.contains("_waited")) return Fail("the archive engine did not answer");
      return Then({{"type", "_contexts"}, {"_waited", true}});
    }
    NoteContexts(c, *a);
    nlohmann::json out = ContextsJson(c);
    out["ok"] = a->error.empty();
    if (!a->error.empty()) out["error"] = a->error;
    return out.dump();
  }
  if (type == "hideContexts") {
    app.panels.search.contexts.on = false;
    return Ok();
  }
  if (type == "compare") {
    // {"queries": ["war", "peace"], "perThousand": false}: up to three searches as lines on the timeline.
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
  if (type == "_compare") {
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
  if (type == "benchWords") {
    // For tools/bench: the distinctive words of a search ({"query", "speaker"}; "" = the whole
    // archive), timed inside the engine; the viewer's own query is left unchanged.
    if (!s.archive_open) return Fail("no archive is open");
    stenogram::WordsRequest request;
    request.query.text = j.value("query", std::string());
    request.query.speaker = j.value("speaker", std::string());
    request.limit = 150;
    const stenogram::WordsAnswer* a = s.client.Ask(request);
    if (!a) {
      if (j.contains("_waited")) return Fail("the archive engine did not answer");
      nlohmann::json then = j;
      then["_waited"] = true;
      return Then(then);
    }
    nlohmann::json top = nlohmann::json::array();
    for (size_t i = 0; i < a->words.size() && i < 10; ++i) top.push_back(a->words[i].word);
    const std::string out = nlohmann::json{{"ok", a->error.empty()}, {"error", a->error}, {"ms", a->ms},
                                           {"matched", a->matched}, {"sampled", a->sampled},
                                           {"againstArchive", a->against_archive}, {"words", top}}.dump();
    s.client.Forget(request);  // the next run is timed again
    return out;
  }
  if (type == "translationMode") {
    const std::string mode = j.value("mode", std::string());
    TranslationView& t = app.panels.transcript.translation;
    if (mode == "side-by-side") t.mode = TranslationMode::SideBySide;
    else if (mode == "original") t.mode = TranslationMode::Original;
    else if (mode == "translation") t.mode = TranslationMode::Translation;
    else return Fail("mode is \"side-by-side\", \"original\" or \"translation\"");
    return Ok();
  }
  return std::nullopt;
}

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
