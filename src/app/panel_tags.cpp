// panel_tags: the tag cloud (see panel_tags.h).
#include "app/panel_tags.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/app_state.h"
#include "app/panel_facets.h"
#include "app/panel_left.h"
#include "app/ui.h"
#include "core/engine/reading_protocol.h"
#include "core/text/utf8_fold.h"
#include "imgui.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "core/text/json.h"

const std::vector<CloudKind>& CloudKinds() {
  static const std::vector<CloudKind> kKinds = {{"tag", "Topics", "topics"},
                                                {"words", "Words", "words"},
                                                {"person", "People", "people"},
                                                {"country", "Countries", "countries"},
                                                {"place", "Places", "places"},
                                                {"organisation", "Organisations", "organisations"}};
  return kKinds;
}

namespace {

constexpr size_t kMaxCounted = 2000;  // values read per kind (the filter box searches these)
constexpr int64_t kMaxKeyWords = 150;  // distinctive words asked of the engine
constexpr size_t kShownWords = 60;    // words in the cloud until "N more" is clicked
constexpr int kSteps = 5;
constexpr float kMinSize = 1.0f, kMaxSize = Fonts::kDisplayScale;

const stenogram::Filter* ActiveFilter(const AppState& app, const char* facet, const std::string& value) {
  for (const stenogram::Filter& f : app.query.filters)
    if (f.facet == facet && f.value == value) return &f;
  return nullptr;
}

bool IsWordsKind(int kind) { return std::string(CloudKinds()[static_cast<size_t>(kind)].facet) == "words"; }

// The Words kind: the engine's distinctive words of the results, sized by their score.
void RefreshKeyWords(TagsPanel& panel, AppState& app) {
  stenogram::WordsRequest request;
  request.query = app.query;
  request.query.sort = stenogram::SortOrder::Relevance;  // the order does not change the words
  request.limit = kMaxKeyWords;
  const auto* answer = app.client.Ask(request);
  if (!answer) return;
  panel.counts_version = app.query_version;
  panel.counts_kind = panel.kind;
  panel.counts_of = app.archive_gen;
  panel.words.clear();
  panel.placeholder.clear();
  panel.keywords = answer->words;
  panel.words_matched = answer->matched;
  panel.words_sampled = answer->sampled;
  panel.words_against_archive = answer->against_archive;
  for (const stenogram::KeyWord& k : answer->words) {
    panel.words.push_back({k.word, k.word, std::max<int64_t>(1, std::llround(k.score * 10))});
    panel.placeholder.push_back(false);
  }
  ++panel.words_serial;
}

// Where word stands in the search text: 1 searched, -1 excluded (NOT word), 0 absent.
int WordInSearch(const std::string& text, const std::string& word) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text + " ") {
    if (c == ' ') {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else if (c != '"') {
      cur += c;
    }
  }
  const std::string w = stenogram::Utf8Lower(word);
  for (size_t i = 0; i < parts.size(); ++i)
    if (stenogram::Utf8Lower(parts[i]) == w) return i > 0 && parts[i - 1] == "NOT" ? -1 : 1;
  return 0;
}

// A click on a word: searches it too (shift: excludes it); a click on a searched or excluded word
// takes it out of the search again.
void ClickKeyWord(AppState& app, const std::string& word, bool exclude) {
  stenogram::Query q = app.query;
  const bool plain = word.find_first_of(" \"'.-") == std::string::npos;
  const std::string term = plain ? word : "\"" + word + "\"";
  const int state = WordInSearch(q.text, word);
  if (state != 0) {
    std::string out, cur;
    std::vector<std::string> parts;
    for (char c : q.text + " ") {
      if (c == ' ') {
        if (!cur.empty()) parts.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    const std::string w = stenogram::Utf8Lower(word);
    for (size_t i = 0; i < parts.size(); ++i) {
      std::string bare = parts[i];
      bare.erase(std::remove(bare.begin(), bare.end(), '"'), bare.end());
      if (stenogram::Utf8Lower(bare) == w) {
        if (!out.empty() && i > 0 && parts[i - 1] == "NOT") out.resize(out.size() >= 4 ? out.size() - 4 : 0);
        continue;
      }
      out += (out.empty() ? "" : " ") + parts[i];
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    q.text = out;
  } else if (exclude) {
    if (stenogram::MatchExpression(q.text).empty()) {
      app.SetError("Excluding a word needs a search to exclude it from: search first, then shift-click.");
      return;
    }
    q.text += " NOT " + term;
  } else {
    q.text = q.text.empty() ? term : q.text + " " + term;
  }
  app.SetQuery(q);
}

}  // namespace

// Counts within every filter, the kind's own included (a drill-down: the tags that occur with the
// chosen ones). Chosen values that match nothing (an excluded one always) stay in the cloud.
void RefreshTagCounts(TagsPanel& panel, AppState& app) {
  if (panel.counts_version == app.query_version && panel.counts_kind == panel.kind &&
      panel.counts_of == app.archive_gen)
    return;
  const char* facet = CloudKinds()[panel.kind].facet;
  if (IsWordsKind(panel.kind)) {
    RefreshKeyWords(panel, app);
    return;
  }
  stenogram::FacetsRequest request;
  request.query = app.query;
  request.facet = facet;
  request.limit = static_cast<int64_t>(kMaxCounted);
  request.own_filters = true;
  const auto* answer = app.client.Ask(request);
  if (!answer) return;  // the cloud keeps its words until the new counts arrive
  panel.counts_version = app.query_version;
  panel.counts_kind = panel.kind;
  panel.counts_of = app.archive_gen;
  panel.words.clear();
  panel.placeholder.clear();
  for (stenogram::FacetValue v : *answer) {
    panel.words.push_back({std::move(v.value), std::move(v.label), v.count});
    panel.placeholder.push_back(false);
  }
  for (const stenogram::Filter& f : app.query.filters) {
    if (f.facet != facet) continue;
    if (std::any_of(panel.words.begin(), panel.words.end(), [&](const auto& w) { return w.value == f.value; })) continue;
    panel.words.push_back({f.value, f.value, 1});
    panel.placeholder.push_back(true);
  }
  ++panel.words_serial;
}

namespace {

struct WordFont {
  ImFont* font;
  float px;
};

// True when font has a glyph for every character of text.
bool Covers(const ImFont* font, const std::string& text) {
  const char* p = text.c_str();
  const char* end = p + text.size();
  while (p < end) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, end);
    if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
  }
  return true;
}

// Larger than the text size: the display font scaled down, which stays crisp (the regular font,
// scaled up, for a word with a letter the display font leaves out).
WordFont FontFor(const AppState& app, float size, const std::string& label) {
  const float base = app.fonts.regular->FontSize;
  ImFont* display = app.fonts.display;
  ImFont* font = size > 1.01f && display && Covers(display, label) ? display : app.fonts.regular;
  return {font, base * size};
}

float Ascent(const WordFont& f) { return f.font->Ascent * f.px / f.font->FontSize; }
float Descent(const WordFont& f) { return -f.font->Descent * f.px / f.font->FontSize; }

// Every word's box reaches the same depth below its baseline (the largest word's descent), so
// words of a line, which share a bottom edge, also share a baseline.
float CommonDescent(const AppState& app) { return Descent(FontFor(app, kMaxSize, "")); }

void RefreshLayout(TagsPanel& panel, AppState& app, float width) {
  const float font = app.fonts.regular->FontSize;
  if (panel.layout_serial == panel.words_serial && panel.layout_width == width && panel.layout_font == font &&
      panel.layout_filter == panel.filter && panel.layout_sort == panel.sort && panel.layout_all == panel.show_all)
    return;
  panel.layout_serial = panel.words_serial;
  panel.layout_width = width;
  panel.layout_font = font;
  panel.layout_filter = panel.filter;
  panel.layout_sort = panel.sort;
  panel.layout_all = panel.show_all;
  stenogram::CloudOptions o;
  o.sort = panel.sort;
  o.steps = kSteps;
  o.min_size = kMinSize;
  o.max_size = kMaxSize;
  o.width = width;
  o.gap_x = std::round(font * 0.7f);
  o.gap_y = std::round(font * 0.2f);
  o.filter = panel.filter;
  // A few more than kShownWords are all shown: "Show 3 more" would only be a detour.
  o.max_words = panel.show_all || panel.words.size() <= kShownWords + kShownWords / 4 ? 0 : kShownWords;
  o.center = true;
  const float descent = CommonDescent(app);
  panel.layout = stenogram::LayoutCloud(panel.words, o, [&](const std::string& label, float size) {
    const WordFont f = FontFor(app, size, label);
    const float w = f.font->CalcTextSizeA(f.px, 1e9f, 0.0f, label.c_str()).x;
    return std::pair<float, float>(std::ceil(w), std::ceil(Ascent(f) + descent));
  });
}

void DrawKindSwitch(TagsPanel& panel, AppState& app) {
  const auto& kinds = CloudKinds();
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  for (size_t i = 0; i < kinds.size(); ++i) {
    const float w = ImGui::CalcTextSize(kinds[i].title).x + ImGui::GetStyle().FramePadding.x * 2;
    if (i > 0) {
      ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    if (TabButton(app, kinds[i].title, panel.kind == static_cast<int>(i), std::string("cloud-kind-") + kinds[i].facet)) {
      panel.kind = static_cast<int>(i);
      panel.kind_chosen = true;
    }
    if (panel.kind == static_cast<int>(i))  // the keyboard's item 0: the kind switch, ringed on its current kind
      panel.cursor.Item(app, std::string("Show in the cloud: ") + kinds[i].title + " (Left and Right arrows change it)", true);
  }
}

// The keys of the cloud (see TagsPanel::cursor), once the words are laid out: the cursor's next
// item. Item 0 is the kind switch, 1..n the words in layout order, n + 1 "Show more" (when shown).
void MoveInCloud(TagsPanel& panel, bool more_shown) {
  ui::KeyCursor& k = panel.cursor;
  const ui::ListKeys& keys = panel.keys;
  if (!k.on || !(keys.dx || keys.dy || keys.home || keys.end)) return;
  k.keep.clear();
  const auto& items = panel.layout.items;
  const int n = static_cast<int>(items.size());
  const int last = n + (more_shown ? 1 : 0);
  int at = std::clamp(k.at, 0, last);
  auto centre = [&](int word) { return items[static_cast<size_t>(word)].x + items[static_cast<size_t>(word)].w * 0.5f; };
  // The word of the next line up (dir -1) or down (+1) nearest to x; -1 when there is none.
  auto nearest = [&](float y, float x, int dir) {
    float line_y = dir < 0 ? -1e30f : 1e30f;
    for (const auto& it : items)
      if ((dir < 0 && it.y < y - 0.5f && it.y > line_y) || (dir > 0 && it.y > y + 0.5f && it.y < line_y)) line_y = it.y;
    int best = -1;
    for (int i = 0; i < n; ++i) {
      if (std::abs(items[static_cast<size_t>(i)].y - line_y) > 0.5f) continue;
      if (best < 0 || std::abs(centre(i) - x) < std::abs(centre(best) - x)) best = i;
    }
    return best;
  };
  if (keys.home) at = n > 0 ? 1 : 0;
  if (keys.end) at = last;
  if (keys.dx && at >= 1 && at <= n) at = std::clamp(at + keys.dx, 1, n);
  if (keys.dy && at == 0) at = keys.dy > 0 && n > 0 ? 1 : 0;
  else if (keys.dy && at == n + 1) at = keys.dy < 0 ? std::max(0, n) : at;
  else if (keys.dy) {
    const auto& it = items[static_cast<size_t>(at - 1)];
    const int w = nearest(it.y, centre(at - 1), keys.dy);
    at = w >= 0 ? w + 1 : (keys.dy < 0 ? 0 : last);
  }
  k.moved = true;
  k.at = at;
}

void DrawTools(TagsPanel& panel, AppState& app) {
  const CloudKind& kind = CloudKinds()[panel.kind];
  const ImGuiStyle& style = ImGui::GetStyle();
  const float sort_w = ImGui::CalcTextSize("By count").x + ImGui::CalcTextSize("A–Z").x + style.FramePadding.x * 4 +
                       style.ItemSpacing.x * 1.5f;
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool one_line = avail - sort_w >= ImGui::GetFontSize() * 10.0f;  // room for the box and the sort beside it
  ImGui::SetNextItemWidth(one_line ? avail - sort_w : -1.0f);
  const std::string hint = std::string("Filter ") + kind.noun + "…";
  ImGui::InputTextWithHint("##cloud-filter", hint.c_str(), panel.filter, sizeof panel.filter);
  ui::Mark(app, "cloud-filter");
  if (one_line) {
    ImGui::SameLine(0, style.ItemSpacing.x);
  } else {
    ImGui::AlignTextToFramePadding();
    ui::MutedText("Sort");
    ImGui::SameLine(0, style.ItemSpacing.x * 0.6f);
  }
  if (TabButton(app, "By count", panel.sort == stenogram::CloudSort::Frequency, "cloud-sort-frequency"))
    panel.sort = stenogram::CloudSort::Frequency;
  ImGui::SameLine(0, style.ItemSpacing.x * 0.5f);
  if (TabButton(app, "A–Z", panel.sort == stenogram::CloudSort::Name, "cloud-sort-name"))
    panel.sort = stenogram::CloudSort::Name;
}

void DrawWord(TagsPanel& panel, AppState& app, size_t n, ImVec2 origin, float descent) {
  const ui::Palette& c = ui::Colors();
  const stenogram::CloudItem& it = panel.layout.items[n];
  const stenogram::CloudWord& word = panel.words[it.word];
  const char* facet = CloudKinds()[panel.kind].facet;
  const float gx = std::round(panel.layout_font * 0.3f), gy = std::round(panel.layout_font * 0.08f);
  const ImVec2 a(std::floor(origin.x + it.x), std::floor(origin.y + it.y));
  ImGui::SetCursorScreenPos(ImVec2(a.x - gx, a.y - gy));
  ImGui::PushID(static_cast<int>(it.word));
  bool clicked = ImGui::InvisibleButton("##word", ImVec2(it.w + gx * 2, it.h + gy * 2));
  ui::Mark(app, std::string("tag-") + facet + "-", word.value);
  const bool hovered = ImGui::IsItemHovered();
  const bool visible = ImGui::IsItemVisible();
  ImGui::PopID();
  const bool is_words = IsWordsKind(panel.kind);
  const stenogram::Filter* was = ActiveFilter(app, facet, word.value);
  const int searched = is_words ? WordInSearch(app.query.text, word.value) : 0;
  std::string says = (is_words ? searched < 0 : was && was->exclude) ? "not " + word.label : word.label;
  says += is_words ? (searched ? ", searched" : "") : ", " + std::to_string(word.count) + (word.count == 1 ? " document" : " documents");
  const bool keyed = panel.cursor.Item(app, says, is_words ? searched != 0 : was != nullptr, word.value);
  const bool shift = keyed ? panel.cursor.exclude : ImGui::GetIO().KeyShift;
  clicked = clicked || keyed;
  if (clicked && is_words) {
    ClickKeyWord(app, word.value, shift);
  } else if (clicked) {
    const stenogram::Filter f = was ? *was : stenogram::Filter{facet, word.value, shift};
    ToggleFilter(app, f);
  }
  if (!visible) return;
  const stenogram::Filter* active = ActiveFilter(app, facet, word.value);
  bool excluded = active && active->exclude;
  const int in_search = is_words ? WordInSearch(app.query.text, word.value) : 0;
  if (is_words) {
    static const stenogram::Filter kShown;  // a searched word is drawn as a chosen one
    active = in_search != 0 ? &kShown : nullptr;
    excluded = in_search < 0;
  }
  if (hovered && is_words) {
    panel.hovered = word.value;
    panel.hovered_count = panel.keywords[it.word].docs;
    const auto& k = panel.keywords[it.word];
    ImGui::SetTooltip("%s: %lld time%s in %lld of the %lld documents counted\n%s", word.label.c_str(),
                      static_cast<long long>(k.count), k.count == 1 ? "" : "s", static_cast<long long>(k.docs),
                      static_cast<long long>(panel.words_sampled),
                      in_search ? "Click to take it out of the search" : "Click to search it, shift-click to exclude it");
  } else if (hovered) {
    panel.hovered = word.value;
    panel.hovered_count = panel.placeholder[it.word] ? 0 : word.count;
    const char* action = active ? "Click to remove this filter" : "Click to filter, shift-click to exclude";
    if (panel.placeholder[it.word])
      ImGui::SetTooltip("%s: %s\n%s", word.label.c_str(), excluded ? "excluded" : "no matching documents", action);
    else
      ImGui::SetTooltip("%s: %lld document%s\n%s", word.label.c_str(), static_cast<long long>(word.count),
                        word.count == 1 ? "" : "s", action);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const WordFont f = FontFor(app, it.size, word.label);
  const float top = a.y + it.h - descent - Ascent(f);
  const ImVec2 pill_a(a.x - gx, top - gy), pill_b(a.x + it.w + gx, a.y + it.h + gy);
  const float round = (pill_b.y - pill_a.y) * 0.3f;
  if (active)
    dl->AddRectFilled(pill_a, pill_b, excluded ? c.error_bg : c.accent_soft, round);
  else if (hovered)
    dl->AddRectFilled(pill_a, pill_b, c.faint, round);
  ImU32 ink = it.step * 5 < kSteps * 2 ? c.muted : c.ink;  // the rarer two fifths are quieter
  if (hovered || active) ink = excluded ? c.error_ink : c.accent;
  ui::AddTextVisual(dl, f.font, f.px, ImVec2(a.x, top), ink, word.label.c_str());
  if (excluded) {
    const float y = std::round(top + Ascent(f) * 0.62f);
    dl->AddLine(ImVec2(a.x, y), ImVec2(a.x + it.w, y), ink, std::max(1.0f, std::round(f.px / 14.0f)));
  }
}

}  // namespace

void DrawTagsPanel(TagsPanel& panel, AppState& app) {
  if (!app.archive_open) {
    ui::MutedText("No archive is open.");
    return;
  }
  if (panel.cursor.on && panel.cursor.at == 0 && panel.keys.dx) {  // ←/→ on the kind switch
    const int kinds = static_cast<int>(CloudKinds().size());
    panel.kind = std::clamp(panel.kind + panel.keys.dx, 0, kinds - 1);
    panel.kind_chosen = true;
    panel.keys.dx = 0;
  }
  DrawKindSwitch(panel, app);
  DrawTools(panel, app);
  RefreshTagCounts(panel, app);
  if (!panel.kind_chosen && panel.kind == 0 && panel.counts_kind == 0 && panel.counts_of == app.archive_gen &&
      app.query.Empty() && panel.words.empty()) {
    for (size_t i = 0; i < CloudKinds().size(); ++i)  // no topics at all: the archive's own words instead
      if (IsWordsKind(static_cast<int>(i))) panel.kind = static_cast<int>(i);
    RefreshTagCounts(panel, app);
  }
  panel.hovered.clear();
  const CloudKind& kind = CloudKinds()[panel.kind];
  // The keys are the column's (panel_left), not ImGui's navigation.
  ImGui::BeginChild("##cloud", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NoNavInputs);
  // The words' highlight pills reach a little beyond their text: keep them inside the panel.
  const float inset = std::round(ImGui::GetFontSize() * 0.3f);
  const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize - inset * 2);
  RefreshLayout(panel, app, width);
  const stenogram::CloudLayout& layout = panel.layout;
  MoveInCloud(panel, layout.hidden > 0 || panel.show_all);
  if (layout.items.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    std::string why;
    if (IsWordsKind(panel.kind) && panel.filter[0] == 0)
      why = panel.counts_kind == panel.kind && panel.counts_of == app.archive_gen ? "No distinctive words: the matching documents have little text to count."
                                               : "Counting words…";
    else if (panel.filter[0] && !panel.words.empty())
      why = std::string("No ") + kind.noun + " contain “" + panel.filter + "”.";
    else if (app.query.Empty())
      why = std::string("This archive names no ") + kind.noun + ".";
    else
      why = std::string("No ") + kind.noun + " in the documents that match. Change the search or remove a filter.";
    ui::MutedText(why.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    return;
  }
  ImGui::Dummy(ImVec2(0, std::round(panel.layout_font * 0.2f)));
  const ImVec2 origin(ImGui::GetCursorScreenPos().x + inset, ImGui::GetCursorScreenPos().y);
  const float descent = CommonDescent(app);
  panel.cursor.defer_ring = true;  // over the word's pill
  for (size_t n = 0; n < layout.items.size(); ++n) {
    DrawWord(panel, app, n, origin, descent);
    panel.cursor.DrawRing(app);
  }
  panel.cursor.defer_ring = false;
  ImGui::SetCursorScreenPos(ImVec2(origin.x - inset, origin.y + layout.height));
  ImGui::Dummy(ImVec2(width, std::round(panel.layout_font * 0.4f)));
  if (layout.hidden > 0 || panel.show_all) {
    const std::string more = panel.show_all ? std::string("Show the most frequent only")
                                            : "Show " + std::to_string(layout.hidden) + " more";
    const float w = ImGui::CalcTextSize(more.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetCursorPosX() + (width - w) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::Colors().accent));
    const bool clicked = ImGui::SmallButton(more.c_str());
    ImGui::PopStyleColor();
    ui::Mark(app, "cloud-more");
    if (panel.cursor.Item(app, more, false) || clicked) panel.show_all = !panel.show_all;
  }
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0.0f);
  if (IsWordsKind(panel.kind)) {
    std::string how = panel.words_against_archive
                          ? "Words that set the matching documents apart from the whole archive (log-likelihood)"
                          : "The archive's most characteristic words (TF-IDF)";
    how += ", counted in " + std::to_string(panel.words_sampled) +
           (panel.words_sampled < panel.words_matched ? " evenly spread documents of " + std::to_string(panel.words_matched)
                                                      : std::string(" documents")) +
           ". Click to search a word, shift-click to exclude it.";
    ui::MutedText(how.c_str());
  } else {
    ui::MutedText("Size shows how many matching documents name a word. Click to filter, shift-click to exclude.");
  }
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

void ReportTags(const TagsPanel& panel, stenogram::JsonValue& left) {
  left["cloudKind"] = CloudKinds()[panel.kind].facet;
  left["cloudSort"] = panel.sort == stenogram::CloudSort::Name ? "name" : "frequency";
  left["cloudFilter"] = panel.filter;
  left["cloudWords"] = panel.layout.items.size();
  left["cloudMore"] = panel.layout.hidden;
  left["cloudHover"] = panel.hovered.empty() ? stenogram::JsonValue(nullptr)
                                             : stenogram::JsonValue{{"value", panel.hovered}, {"count", panel.hovered_count}};
  stenogram::JsonValue words = stenogram::JsonValue::Array();
  for (const auto& item : panel.layout.items) {
    if (words.Size() >= 40) break;
    words.Push(panel.words[item.word].value);
  }
  left["cloudList"] = words;
  left["cloudChosen"] = panel.kind_chosen;
}
