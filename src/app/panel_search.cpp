// panel_search: search box, selectors, results list (see panel_search.h).
#include "app/panel_search.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/app_state.h"
#include "app/platform.h"
#include "app/ui.h"
#include "core/text/emphasis.h"
#include "core/view/export.h"
#include "core/view/textlayout.h"
#include "imgui.h"
#include "imgui_internal.h"  // ActivateItemByID: "/" focuses the box

namespace {

constexpr size_t kPageRows = AppState::kRowsPage;
constexpr double kDebounceSeconds = 0.15;
constexpr double kWorkingSeconds = 0.15;  // a search still running after this shows "Searching…"

stenogram::AdvanceFn FontAdvance(ImFont* font) {
  return [font](int, uint32_t cp) {
    if (cp == static_cast<uint32_t>(stenogram::kHiddenByte)) return 0.0f;  // a masked emphasis marker
    return cp > 0xFFFF ? font->FallbackAdvanceX : font->GetCharAdvance(static_cast<ImWchar>(cp));
  };
}

void Apply(SearchPanel& panel, AppState& app) {
  stenogram::Query q = app.query;
  q.text = panel.input;
  app.SetQuery(q);
  panel.edited_at = -1.0;
}

// ---- compute: the rows' pages are asked for and laid out before the list is drawn ----

// text (emphasis markers hidden) wrapped at width into at most max_lines lines, with hits' boxes.
LaidText LayOutText(ImFont* font, float width, const std::string& stored, const std::vector<stenogram::HitRange>& hits,
                    int max_lines, float line_h) {
  LaidText out;
  out.text = stenogram::MaskEmphasis(stored, stenogram::FindEmphasis(stored));  // same offsets
  const auto advance = FontAdvance(font);
  const std::vector<std::string_view> sources = {out.text};
  const float ellipsis_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, "…").x;
  auto layout = stenogram::LayOutBlocks(sources, {{0, 0, static_cast<int>(out.text.size()), 0, 0}},
                                        width - ellipsis_w, {line_h}, advance);
  const size_t shown = std::min(layout.lines.size(), static_cast<size_t>(max_lines));
  for (const auto& b : stenogram::LayOutHits(layout, sources, {hits}, advance))
    if (b.line < shown) out.boxes.push_back(b);
  if (shown > 0 && shown < layout.lines.size())
    out.ellipsis_x = stenogram::OffsetInLine(out.text, layout.lines[shown - 1], layout.lines[shown - 1].end, advance);
  layout.lines.resize(shown);
  out.lines = std::move(layout.lines);
  return out;
}

LaidRow LayOutRow(const stenogram::ResultRow& row, const AppState& app, float width, bool snippets) {
  const float line = ImGui::GetTextLineHeight();
  LaidRow out;
  out.meta = stenogram::HumanDate(row.date, row.date_precision);
  if (out.meta.empty()) out.meta = "Undated";
  if (!row.kind.empty()) out.meta += "  ·  " + row.kind;
  if (!row.place.empty()) out.meta += "  ·  " + row.place;
  out.title = LayOutText(app.fonts.bold, width, row.title, {}, 1, line);
  if (snippets && !row.snippet.empty())
    out.snippet = LayOutText(app.fonts.regular, width, row.snippet, row.snippet_hits, 2, line * 1.2f);
  out.title_cut = ImGui::CalcTextSize(row.title.c_str()).x > width;
  return out;
}

// Asks for the pages of the rows the list showed last frame (and of the selected row), keeps those
// that arrived and lays out every page not yet laid out at this width. Pages are kept until the
// result changes; their layout until the width, the font or the snippets' presence does.
void PrepareRows(SearchPanel& panel, AppState& app, float width, bool snippets) {
  if (panel.rows_version != app.result_version) {
    panel.pages.clear();
    panel.laid.clear();
    panel.rows_version = app.result_version;
  }
  const float font = ImGui::GetFontSize() * (snippets ? 1.0f : -1.0f);  // the key holds both
  if (panel.laid_width != width || panel.laid_font != font) {
    panel.laid.clear();
    panel.laid_width = width;
    panel.laid_font = font;
  }
  const int n = static_cast<int>(app.result.ids.size());
  std::vector<size_t> wanted;
  const int first = std::clamp(panel.want_first, 0, std::max(0, n - 1));
  const int last = std::clamp(panel.want_last, first, std::max(0, n - 1));
  for (size_t page = static_cast<size_t>(first) / kPageRows; page <= static_cast<size_t>(last) / kPageRows; ++page)
    wanted.push_back(page);
  if (panel.selected >= 0 && panel.selected < n) wanted.push_back(static_cast<size_t>(panel.selected) / kPageRows);
  for (size_t page : wanted) {
    if (panel.pages.count(page)) continue;
    stenogram::RowsRequest request;
    request.query = app.result_query;
    request.offset = static_cast<int64_t>(page * kPageRows);
    request.limit = static_cast<int64_t>(kPageRows);
    const auto* answer = app.client.Ask(request);
    if (!answer) continue;
    auto rows = *answer;
    for (auto& r : rows) stenogram::FocusSnippet(&r.snippet, &r.snippet_hits, 40);
    panel.pages.emplace(page, std::move(rows));
  }
  for (const auto& [page, rows] : panel.pages) {
    if (panel.laid.count(page)) continue;
    std::vector<LaidRow> laid;
    laid.reserve(rows.size());
    for (const auto& r : rows) laid.push_back(LayOutRow(r, app, width, snippets));
    panel.laid.emplace(page, std::move(laid));
  }
}

// The row at index as fetched and laid out (both null while its page is on the way).
std::pair<const stenogram::ResultRow*, const LaidRow*> RowAt(const SearchPanel& panel, size_t index) {
  const auto rows = panel.pages.find(index / kPageRows);
  const auto laid = panel.laid.find(index / kPageRows);
  const size_t at = index % kPageRows;
  if (rows == panel.pages.end() || laid == panel.laid.end() || at >= rows->second.size() || at >= laid->second.size())
    return {nullptr, nullptr};
  return {&rows->second[at], &laid->second[at]};
}

// ---- draw ----

void DrawLaidText(ImDrawList* dl, ImFont* font, ImVec2 pos, const LaidText& t, ImU32 ink) {
  const ui::Palette& c = ui::Colors();
  for (const auto& b : t.boxes) {
    const float y = pos.y + t.lines[b.line].y;
    dl->AddRectFilled(ImVec2(pos.x + b.x0 - 1, y), ImVec2(pos.x + b.x1 + 1, y + font->FontSize), c.highlight, 2.0f);
  }
  for (const auto& l : t.lines)
    ui::AddTextVisual(dl, font, font->FontSize, ImVec2(pos.x, pos.y + l.y), ink, t.text.data() + l.start, t.text.data() + l.end);
  if (t.ellipsis_x >= 0 && !t.lines.empty())
    dl->AddText(font, font->FontSize, ImVec2(pos.x + t.ellipsis_x, pos.y + t.lines.back().y), c.muted, "…");
}

void DrawHelpPopup() {
  if (!ImGui::BeginPopup("##search-help")) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
  ImGui::TextUnformatted("Search syntax");
  ImGui::Separator();
  const char* const rows[][2] = {
      {"peace talks", "both words, in any order"},
      {"\"peace talks\"", "the exact phrase"},
      {"negotiat*", "words that start so (and their other forms)"},
      {"Ukraine OR Donbass", "either word"},
      {"OSCE NOT Basel", "the first without the second"},
      {"NEAR(sanctions Europe, 5)", "within 5 words of each other"},
      {"title: Serbia", "only in titles (also summary:, text:)"},
  };
  for (const auto& r : rows) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui::Colors().accent), "%s", r[0]);
    ImGui::SameLine(ImGui::GetFontSize() * 12.0f);
    ImGui::TextUnformatted(r[1]);
  }
  ImGui::Spacing();
  ui::MutedText("Word forms are found too: \"переговоры\" finds \"переговорах\", \"negotiations\" finds \"negotiating\". "
                "AND, OR, NOT and NEAR must be written in capitals.");
  ImGui::PopTextWrapPos();
  ImGui::EndPopup();
}

// Compute: the speaker selector's choices, once per archive.
void EnsureSpeakers(SearchPanel& panel, AppState& app) {
  if (panel.speakers_of == app.archive_gen) return;
  stenogram::FacetsRequest request;
  request.facet = "speaker";
  request.limit = 40;
  if (const auto* answer = app.client.Ask(request)) {
    panel.speakers = *answer;
    panel.speakers_of = app.archive_gen;
  }
}

void DrawSelectors(SearchPanel& panel, AppState& app) {
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::SetNextItemWidth(half);
  const std::string current = "Said by: " + SpeakerLabel(panel, app.query.speaker);
  if (ImGui::BeginCombo("##speaker", current.c_str(), ImGuiComboFlags_HeightLarge)) {
    auto choice = [&](const std::string& key, const std::string& label, int64_t count) {
      std::string text = label;
      if (count > 0) text += "  (" + std::to_string(count) + ")";
      if (ImGui::Selectable(text.c_str(), app.query.speaker == key)) {
        stenogram::Query q = app.query;
        q.speaker = key;
        app.SetQuery(q);
      }
      ui::Mark(app, "speaker:" + (key.empty() ? std::string("anyone") : key));
    };
    choice("", "Anyone", 0);
    for (const auto& s : panel.speakers) {
      ImGui::PushID(s.value.c_str());
      choice(s.value, SpeakerLabel(panel, s.value), s.count);
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ui::Mark(app, "speaker-select");
  ImGui::SetItemTooltip("Search only what this speaker said");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-FLT_MIN);
  static const char* const kSorts[] = {"Best match", "Oldest first", "Newest first"};
  const int sort = static_cast<int>(app.query.sort);
  if (ImGui::BeginCombo("##sort", (std::string("Sort: ") + kSorts[sort]).c_str())) {
    for (int i = 0; i < 3; ++i) {
      if (ImGui::Selectable(kSorts[i], i == sort)) {
        stenogram::Query q = app.query;
        q.sort = static_cast<stenogram::SortOrder>(i);
        app.SetQuery(q);
      }
      ui::Mark(app, std::string("sort:") + stenogram::SortOrderName(static_cast<stenogram::SortOrder>(i)));
    }
    ImGui::EndCombo();
  }
  ui::Mark(app, "sort-select");
}

void DrawCountLine(SearchPanel& panel, AppState& app) {
  const ui::Palette& c = ui::Colors();
  if (app.result_version == ~0ull) {  // the archive's first answer is on its way
    ImGui::AlignTextToFramePadding();
    ui::MutedText("Loading…");
    return;
  }
  if (!app.result.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.error_ink), "%s", app.result.error.c_str());
    ImGui::PopTextWrapPos();
    ui::Mark(app, "search-error");
    return;
  }
  const int64_t n = app.result.total;
  const std::string count = n == 0 ? "No documents match" : std::to_string(n) + (n == 1 ? " document" : " documents");
  ImGui::AlignTextToFramePadding();
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted(count.c_str());
  ImGui::PopFont();
  ui::Mark(app, "result-count");
  // A search that takes a while says so quietly; the previous answer stays until the new one is in.
  if (app.result_version != app.query_version && app.client.WaitingSeconds() > kWorkingSeconds) {
    ImGui::SameLine();
    ui::MutedText("Searching…");
  }
  if (n == 0) return;
  const float w = ImGui::CalcTextSize("Export…").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - w));
  if (ImGui::SmallButton("Export…")) ImGui::OpenPopup("##export-results");
  ui::Mark(app, "export-results");
  if (ImGui::BeginPopup("##export-results")) {
    if (ImGui::Selectable("Results as CSV")) panel.export_format = "csv";
    ui::Mark(app, "export-csv");
    if (ImGui::Selectable("Results as JSON")) panel.export_format = "json";
    ui::Mark(app, "export-json");
    ImGui::EndPopup();
  }
}

// An export asked for is saved once the engine has written it.
void PollExport(SearchPanel& panel, AppState& app) {
  if (panel.export_format.empty()) return;
  stenogram::ExportRequest request;
  request.query = app.result_query;
  request.format = panel.export_format;
  const stenogram::ExportAnswer* answer = app.client.Ask(request);
  if (!answer) return;
  if (panel.export_format == "csv")
    platform::DownloadFile("stenogram-results.csv", "text/csv;charset=utf-8", answer->bytes);
  else
    platform::DownloadFile("stenogram-results.json", "application/json", answer->bytes);
  panel.export_format.clear();
}

void Open(SearchPanel& panel, AppState& app, int index) {
  if (index < 0 || static_cast<size_t>(index) >= app.result.ids.size()) return;
  panel.selected = index;
  const int64_t id = app.result.ids[static_cast<size_t>(index)];
  app.OpenDocument(id);
  panel.seen_open_id = id;
}

// j/k elsewhere are handled by the viewer-wide keys (keyboard.cpp) through StepResult.
void HandleKeys(SearchPanel& panel, AppState& app, bool box_active, bool list_focused) {
  const int n = static_cast<int>(app.result.ids.size());
  if (n == 0 || (!box_active && !list_focused)) return;
  int step = 0;
  if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) step = 1;
  if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) step = -1;
  if (step != 0) {
    panel.selected = std::clamp(panel.selected + step, 0, n - 1);
    panel.scroll_to_selected = true;
    if (!box_active) Open(panel, app, panel.selected);
  }
  if (!box_active && (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter)))
    Open(panel, app, std::max(panel.selected, 0));
}

}  // namespace

void FocusSearchBox(SearchPanel& panel, const std::u32string& typed) {
  panel.focus_box = true;
  panel.typed_ahead += typed;
  panel.asked_frame = ImGui::GetFrameCount();
}

// Bounded: a box not drawn (a phone showing the reader) never takes the keyboard, and must not keep
// the viewer-wide keys waiting.
bool SearchBoxArming(const SearchPanel& panel) {
  return (panel.focus_box || panel.box_arming != 0) && ImGui::GetFrameCount() - panel.asked_frame <= 3;
}

void StepResult(SearchPanel& panel, AppState& app, int step) {
  const int n = static_cast<int>(app.result.ids.size());
  if (n == 0) return;
  panel.selected = std::clamp(panel.selected + step, 0, n - 1);
  panel.scroll_to_selected = true;
  Open(panel, app, panel.selected);
}

namespace {

void DrawResults(SearchPanel& panel, AppState& app, bool box_active) {
  app.RefreshResult();  // a query changed earlier in this frame: rows must come from its ids
  const ui::Palette& c = ui::Colors();
  const int n = static_cast<int>(app.result.ids.size());
  if (n == 0 && app.result_version != app.query_version) return;  // the count line says what is on its way
  if (n == 0) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ui::MutedText(app.query.Empty() ? "This archive has no documents."
                                    : "Nothing matches. Try fewer words, a prefix such as negotiat*, or remove a filter.");
    ImGui::PopTextWrapPos();
    return;
  }
  const int64_t open_id = app.open_document ? app.open_document->id : 0;
  if (open_id != panel.seen_open_id) {
    panel.seen_open_id = open_id;
    auto it = std::find(app.result.ids.begin(), app.result.ids.end(), open_id);
    panel.selected = it == app.result.ids.end() ? -1 : static_cast<int>(it - app.result.ids.begin());
    panel.scroll_to_selected = panel.selected >= 0;
  }
  if (panel.selected >= n) panel.selected = n - 1;
  const bool text = !stenogram::MatchExpression(app.query.text).empty();
  const float line = ImGui::GetTextLineHeight();
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  const float snippet_line = line * 1.2f;
  const float row_h = pad.y * 2 + line * 2 + pad.y * 0.5f + (text ? snippet_line * 2 + pad.y : 0);
  ImGui::BeginChild("##results", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NoNavInputs);
  if (app.focus_request == "results") ImGui::FocusWindow(ImGui::GetCurrentWindow());  // Tab from elsewhere
  ui::TouchScroll(app);
  HandleKeys(panel, app, box_active, ImGui::IsWindowFocused());
  // Compute, then draw. A row is as wide as a Selectable: the region plus half the item spacing
  // on either side (ImGui pads selectables so), less the row's padding.
  PrepareRows(panel, app, ImGui::GetContentRegionAvail().x + ImGui::GetStyle().ItemSpacing.x - 2 * pad.x, text);
  ImGuiListClipper clipper;
  clipper.Begin(n, row_h + ImGui::GetStyle().ItemSpacing.y);
  if (panel.scroll_to_selected && panel.selected >= 0) clipper.IncludeItemByIndex(panel.selected);
  int first = n, last = -1;
  bool missing = false;
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      first = std::min(first, i);
      last = std::max(last, i);
      const auto [row, laid] = RowAt(panel, static_cast<size_t>(i));
      if (!row) {
        missing = true;
        continue;
      }
      ImGui::PushID(i);
      const bool selected = row->id == open_id || i == panel.selected;
      const ImVec2 top = ImGui::GetCursorScreenPos();
      if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_None, ImVec2(0, row_h))) Open(panel, app, i);
      ui::Mark(app, "doc:" + std::to_string(row->id));
      ui::Mark(app, "result:" + std::to_string(i));
      if (panel.scroll_to_selected && i == panel.selected) {
        if (!ImGui::IsItemVisible() || ImGui::GetItemRectMin().y < ImGui::GetWindowPos().y ||
            ImGui::GetItemRectMax().y > ImGui::GetWindowPos().y + ImGui::GetWindowHeight())
          ImGui::SetScrollHereY(0.25f);
        panel.scroll_to_selected = false;
      }
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const float x = top.x + pad.x;
      const float width = ImGui::GetItemRectSize().x - 2 * pad.x;
      dl->PushClipRect(ImVec2(x, top.y), ImVec2(x + width, top.y + row_h), true);
      float y = top.y + pad.y;
      dl->AddText(ImVec2(x, y), selected ? c.accent : c.muted, laid->meta.c_str());
      y += line + pad.y * 0.5f;
      DrawLaidText(dl, app.fonts.bold, ImVec2(x, y), laid->title, c.ink);
      y += line + pad.y;
      if (text) DrawLaidText(dl, app.fonts.regular, ImVec2(x, y), laid->snippet, c.ink);
      dl->PopClipRect();
      if (laid->title_cut) ImGui::SetItemTooltip("%s", row->title.c_str());
      ImGui::PopID();
    }
  }
  // The next frame's compute step asks for the rows shown now (one more frame when they moved and
  // one is missing: its page is not asked for yet).
  if (last >= 0 && (first != panel.want_first || last != panel.want_last)) {
    panel.want_first = first;
    panel.want_last = last;
    if (missing) app.animating = true;
  }
  panel.scroll_to_selected = false;
  ImGui::EndChild();
}

}  // namespace

std::string SpeakerLabel(const SearchPanel& panel, const std::string& key) {
  if (key.empty()) return "Anyone";
  if (key == "question") return "Questions";
  for (const auto& s : panel.speakers)
    if (s.value == key) return s.label.empty() ? key : s.label;
  return key;
}

void SearchNow(SearchPanel& panel, AppState& app, const std::string& text) {
  std::snprintf(panel.input, sizeof panel.input, "%s", text.c_str());
  Apply(panel, app);
  app.RefreshResult();
}

void DrawSearchPanel(SearchPanel& panel, AppState& app) {
  if (!app.archive_open) {
    ui::MutedText("No archive is open.");
    return;
  }
  const double now = ImGui::GetTime();
  const float help_w = ImGui::GetFrameHeight();
  if (!ImGui::IsAnyItemActive() && panel.edited_at < 0 && app.query.text != panel.input)
    std::snprintf(panel.input, sizeof panel.input, "%s", app.query.text.c_str());
  const bool asked_now = panel.focus_box;  // the box is activated next frame, not this one
  if (panel.focus_box) {
    // Activated as a text box (not just nav-focused) when it is drawn next frame; the window takes
    // the keyboard. SetKeyboardFocusHere's tabbing request does not reach a box in another child.
    ImGui::FocusWindow(ImGui::GetCurrentWindow());
    ImGui::ActivateItemByID(ImGui::GetID("##search"));
    GImGui->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
    panel.focus_box = false;
    panel.box_arming = 1;
    if (ImGui::GetFrameCount() - panel.asked_frame > 3) panel.typed_ahead.clear();  // asked long ago, not drawn since
  }
  // A box activated by a request ignores the characters of that frame, and ImGui drops what no box
  // takes at the end of a frame: what is typed right after "/" is kept and handed to the box a
  // frame later, in order, so fast typing on a slow machine loses no letter.
  ImVector<ImWchar>& queue = ImGui::GetIO().InputQueueCharacters;
  if (panel.box_arming == 1) {
    for (const ImWchar c : queue) panel.typed_ahead.push_back(c);
    queue.resize(0);
  } else if (panel.box_arming == 2) {
    ImVector<ImWchar> all;
    for (const char32_t c : panel.typed_ahead) all.push_back(static_cast<ImWchar>(c));
    for (const ImWchar c : queue) all.push_back(c);
    queue.swap(all);
    panel.typed_ahead.clear();
    panel.box_arming = 0;
  }
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - help_w - ImGui::GetStyle().ItemSpacing.x);
  if (ImGui::InputTextWithHint("##search", "Search: words, \"a phrase\", negotiat*", panel.input, sizeof panel.input,
                               ImGuiInputTextFlags_EscapeClearsAll))
    panel.edited_at = now;
  ui::Mark(app, "search-box");
  const bool box_active = ImGui::IsItemActive();
  if (panel.box_arming == 1 && !asked_now) {
    panel.box_arming = box_active ? 2 : 0;  // not active: something else took the keyboard
    if (!box_active) panel.typed_ahead.clear();
  }
  const bool submitted = ImGui::IsItemDeactivated() &&
                         (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter));
  ImGui::SameLine();
  if (ImGui::Button("?", ImVec2(help_w, 0))) ImGui::OpenPopup("##search-help");
  ui::Mark(app, "search-help");
  ImGui::SetItemTooltip("How to search");
  DrawHelpPopup();
  if (panel.edited_at >= 0 && (submitted || now - panel.edited_at >= kDebounceSeconds)) Apply(panel, app);
  if (submitted) panel.open_first_of = app.query_version;  // Enter: open the first result once it is in
  app.RefreshResult();
  if (panel.open_first_of == app.result_version) {
    panel.open_first_of = ~0ull;
    if (!app.result.ids.empty()) Open(panel, app, std::max(panel.selected, 0));
  }
  PollExport(panel, app);
  EnsureSpeakers(panel, app);
  DrawSelectors(panel, app);
  DrawCountLine(panel, app);
  if (DrawResultsOrContexts(panel.contexts, app)) return;  // keyword in context (panel_contexts.cpp)
  DrawResults(panel, app, box_active);
}
