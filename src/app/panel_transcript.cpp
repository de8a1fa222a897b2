// panel_transcript: the reader (see panel_transcript.h).
#include "app/panel_transcript.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <tuple>

#include "app/app_state.h"
#include "app/panel_facets.h"
#include "app/platform.h"
#include "app/ui.h"
#include "core/view/export.h"
#include "core/text/turns.h"
#include "imgui.h"
#include "imgui_internal.h"  // FocusWindow, ActivateItemByID, ClearActiveID
#include "core/text/json.h"

stenogram::AdvanceFn TranscriptAdvance(AppState& app) {
  ImFont* regular = app.fonts.regular;
  ImFont* bold = app.fonts.bold;
  return [regular, bold](int style, uint32_t cp) {
    ImFont* f = style == 0 ? regular : bold;  // style 0: body text; the others are speaker labels
    if (cp == static_cast<uint32_t>(stenogram::kHiddenByte)) return 0.0f;  // a masked emphasis marker
    return cp > 0xFFFF ? f->FallbackAdvanceX : f->GetCharAdvance(static_cast<ImWchar>(cp));
  };
}

std::vector<std::string_view> ShownSources(TranscriptPanel& panel, const AppState& app, const stenogram::Document& d) {
  const std::vector<std::string_view> stored = TranscriptSources(d);
  const void* of = stored.empty() ? nullptr : stored[0].data();
  if (panel.shown_doc != d.id || panel.shown_gen != app.archive_gen || panel.shown_of != of ||
      panel.shown.size() != stored.size()) {
    panel.shown.clear();
    panel.emphasis.clear();
    for (size_t i = 0; i < stored.size(); ++i) {
      // Speaker labels (odd sources of a transcript) are drawn as they are.
      const bool body = d.turns.empty() || i % 2 == 0;
      panel.emphasis.push_back(body ? stenogram::FindEmphasis(stored[i]) : std::vector<stenogram::EmphasisSpan>{});
      panel.shown.push_back(stenogram::MaskEmphasis(stored[i], panel.emphasis.back()));
    }
    panel.shown_doc = d.id;
    panel.shown_gen = app.archive_gen;
    panel.shown_of = of;
  }
  return std::vector<std::string_view>(panel.shown.begin(), panel.shown.end());
}

// Rebuilt each frame (cheap) so no view outlives the document's strings.
std::vector<std::string_view> TranscriptSources(const stenogram::Document& d) {
  std::vector<std::string_view> s;
  if (d.turns.empty()) {
    s.push_back(d.text);
    return s;
  }
  for (const auto& t : d.turns) {
    s.push_back(t.text);
    s.push_back(t.speaker);
  }
  return s;
}

namespace {

enum Style { kBody = 0, kSpeaker = 1, kQuestion = 2 };


std::vector<stenogram::LayoutBlock> Blocks(const stenogram::Document& d, float font) {
  std::vector<stenogram::LayoutBlock> blocks;
  auto paragraphs = [&](int source, std::string_view text, float first_gap) {
    size_t start = 0;
    float gap = first_gap;
    while (start <= text.size()) {
      size_t end = text.find("\n\n", start);
      if (end == std::string_view::npos) end = text.size();
      if (end > start) {
        blocks.push_back({source, static_cast<int>(start), static_cast<int>(end), kBody, gap});
        gap = font * 0.5f;
      }
      start = end + 2;
    }
  };
  if (d.turns.empty()) {
    paragraphs(0, d.text, 0);
    return blocks;
  }
  for (size_t k = 0; k < d.turns.size(); ++k) {
    const auto& t = d.turns[k];
    const float gap = k == 0 ? 0 : font * 1.1f;
    const int text_source = static_cast<int>(2 * k);
    if (!t.speaker.empty()) {
      const Style style = t.speaker_key == "question" ? kQuestion : kSpeaker;
      blocks.push_back({text_source + 1, 0, static_cast<int>(t.speaker.size()), style, gap});
      paragraphs(text_source, t.text, font * 0.15f);
    } else {
      paragraphs(text_source, t.text, gap);
    }
  }
  return blocks;
}


void UpdateLayout(TranscriptPanel& panel, AppState& app, const std::vector<std::string_view>& sources, float width) {
  const stenogram::Document& d = *app.open_document;
  const float font = ImGui::GetFontSize();
  const bool new_doc = panel.doc_id != d.id;
  if (new_doc || panel.wrap_width != width || panel.font_px != font) {
    panel.blocks = Blocks(d, font);
    panel.layout =
        stenogram::LayOutBlocks(sources, panel.blocks, width, {font * 1.5f, font * 1.45f, font * 1.45f}, TranscriptAdvance(app));
    panel.wrap_width = width;
    panel.font_px = font;
    ++panel.layout_gen;
    panel.hits_version = ~0ull;  // boxes depend on the lines
  }
  if (new_doc) {
    panel.sel_anchor = panel.sel_caret = {};
    panel.doc_id = d.id;
    panel.hit_index = -1;
    panel.scroll_to_hit = true;
  }
  if (panel.hits_version != app.query_version || new_doc) {
    // Where the query hits is worked out by the engine (it has the tokenizer and stemmers).
    const stenogram::HitsAnswer* answer = nullptr;
    if (!stenogram::MatchExpression(app.query.text).empty()) {
      answer = app.client.Ask(stenogram::HitsRequest{d.id, app.query.text, app.query.speaker});
      if (!answer) {  // shown without highlights until they arrive; old boxes belong to other lines
        if (panel.hits_version == ~0ull) {
          panel.boxes.clear();
          panel.hit_count = 0;
        }
        return;
      }
    }
    const bool recount = panel.hits.empty() || panel.hits_version == ~0ull || new_doc;
    panel.hits.assign(sources.size(), {});
    if (answer) {
      if (d.turns.empty()) {
        if (!answer->parts.empty()) panel.hits[0] = answer->parts[0];
      } else {
        for (size_t k = 0; k < d.turns.size() && k < answer->parts.size(); ++k) panel.hits[2 * k] = answer->parts[k];
      }
    }
    panel.boxes = stenogram::LayOutHits(panel.layout, sources, panel.hits, TranscriptAdvance(app));
    int count = 0;
    for (const auto& b : panel.boxes) count = std::max(count, b.hit + 1);
    if (count != panel.hit_count || recount) panel.hit_index = count > 0 ? 0 : -1;
    panel.hit_count = count;
    panel.hit_index = std::min(panel.hit_index, count - 1);
    if (panel.hit_index < 0 && count > 0) panel.hit_index = 0;
    panel.hits_version = app.query_version;
  }
}

// Same line as the previous item when an item w wide still fits, else a new line.
void Flow(float w) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
}
float ButtonWidth(const char* text) {
  return ImGui::CalcTextSize(text, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

void StepHit(TranscriptPanel& panel, int step) {
  if (panel.hit_count == 0) return;
  panel.hit_index = (panel.hit_index + step + panel.hit_count) % panel.hit_count;
  panel.scroll_to_hit = true;
}

void DrawCopyButtons(TranscriptPanel& panel, AppState& app);

void DrawToolbar(TranscriptPanel& panel, AppState& app) {
  const stenogram::Document& d = *app.open_document;
  if (panel.order_doc != d.id || panel.order_version != app.result_version) {
    auto it = std::find(app.result.ids.begin(), app.result.ids.end(), d.id);
    panel.order_index = it == app.result.ids.end() ? -1 : static_cast<int>(it - app.result.ids.begin());
    panel.order_doc = d.id;
    panel.order_version = app.result_version;
  }
  const int n = static_cast<int>(app.result.ids.size());
  int go = -1;
  ImGui::BeginDisabled(panel.order_index <= 0);
  if (ImGui::Button("‹ Previous")) go = panel.order_index - 1;
  ImGui::EndDisabled();
  ui::Mark(app, "doc-prev");
  ImGui::SameLine();
  ImGui::BeginDisabled(panel.order_index < 0 || panel.order_index + 1 >= n);
  if (ImGui::Button("Next ›")) go = panel.order_index + 1;
  ImGui::EndDisabled();
  ui::Mark(app, "doc-next");
  ImGui::SetItemTooltip("The next document in the results");
  ImGui::SameLine();
  ImGui::Dummy(ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  if (go >= 0 && go < n) app.OpenDocument(app.result.ids[static_cast<size_t>(go)]);

  if (panel.hit_count > 0) {
    const std::string counter = std::to_string(panel.hit_index + 1) + " / " + std::to_string(panel.hit_count);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    Flow(ImGui::CalcTextSize("Hits").x + ButtonWidth("‹") * 2 + ImGui::CalcTextSize(counter.c_str()).x + spacing * 3);
    ImGui::AlignTextToFramePadding();
    ui::MutedText("Hits");
    ImGui::SameLine();
    if (ImGui::Button("‹##hit")) StepHit(panel, -1);
    ui::Mark(app, "hit-prev");
    ImGui::SetItemTooltip("Previous hit");
    ImGui::SameLine();
    ImGui::TextUnformatted(counter.c_str());
    ui::Mark(app, "hit-counter");
    ImGui::SameLine();
    if (ImGui::Button("›##hit")) StepHit(panel, 1);
    ui::Mark(app, "hit-next");
    ImGui::SetItemTooltip("Next hit");
  }

  Flow(ButtonWidth("A–") + ButtonWidth("A+") + ImGui::GetStyle().ItemSpacing.x);
  auto resize = [&](float delta) {
    const float size = std::clamp(app.settings.font_size + delta, 12.0f, 24.0f);
    if (size != app.settings.font_size) {
      app.settings.font_size = size;
      app.fonts.built_scale = 0.0f;  // the atlas is rebuilt at the new size next frame
    }
  };
  if (ImGui::Button("A–")) resize(-1.0f);
  ui::Mark(app, "font-smaller");
  ImGui::SetItemTooltip("Smaller text");
  ImGui::SameLine();
  if (ImGui::Button("A+")) resize(1.0f);
  ui::Mark(app, "font-larger");
  ImGui::SetItemTooltip("Larger text");

  const bool copied = panel.copied_at >= 0 && ImGui::GetTime() - panel.copied_at < 2.0;
  const char* copy_label = copied ? "Copied###copy" : "Copy citation###copy";
  Flow(ButtonWidth("Copy citation") + ButtonWidth("Export…") + ImGui::GetStyle().ItemSpacing.x);
  if (ImGui::Button(copy_label)) {
    ImGui::SetClipboardText(stenogram::Citation(d).c_str());
    panel.copied_at = ImGui::GetTime();
  }
  ui::Mark(app, "copy-citation");
  ImGui::SetItemTooltip("Copy title, date, place and link");
  ImGui::SameLine();
  if (ImGui::Button("Export…")) ImGui::OpenPopup("##export-document");
  ui::Mark(app, "export-document");
  if (ImGui::BeginPopup("##export-document")) {
    if (ImGui::Selectable("Text (.txt)"))
      platform::DownloadFile(stenogram::ExportFileName(d.title, "txt"), "text/plain;charset=utf-8",
                             stenogram::DocumentText(d));
    ui::Mark(app, "export-txt");
    if (ImGui::Selectable("Markdown (.md)"))
      platform::DownloadFile(stenogram::ExportFileName(d.title, "md"), "text/markdown;charset=utf-8",
                             stenogram::DocumentMarkdown(d));
    ui::Mark(app, "export-md");
    ImGui::EndPopup();
  }
  DrawCopyButtons(panel, app);
}

void DrawEntityLinks(AppState& app, const stenogram::Document& d, const char* role, const char* facet,
                     const char* title) {
  const ui::Palette& c = ui::Colors();
  bool first = true;
  for (size_t i = 0; i < d.entities.size(); ++i) {
    const auto& e = d.entities[i];
    if (e.role != role) continue;
    if (first) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.muted), "%s", title);
      first = false;
    }
    Flow(ButtonWidth(e.name.c_str()));
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(c.accent_soft));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(c.accent));
    if (ImGui::SmallButton(e.name.c_str())) ToggleFilter(app, {facet, e.name, ImGui::GetIO().KeyShift});
    ImGui::PopStyleColor(2);
    ui::Mark(app, std::string("entity:") + facet + ":", e.name);
    ImGui::SetItemTooltip("Filter the results by %s (shift-click: without it)", e.name.c_str());
    ImGui::PopID();
  }
}

void DrawHeader(AppState& app, const stenogram::Document& d) {
  const ui::Palette& c = ui::Colors();
  ImGui::PushFont(app.fonts.heading);
  ImGui::PushTextWrapPos(0.0f);
  ui::TextVisual(app.open_title);
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  std::string meta = stenogram::HumanDate(d.date, d.date_precision);
  if (meta.empty()) meta = "Undated";
  if (d.date_precision == "month" || d.date_precision == "year") meta += " (" + d.date_precision + " only)";
  for (const std::string* part : {&d.place, &d.kind, &d.section})
    if (!part->empty()) meta += "   ·   " + *part;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(c.muted));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(meta.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  DrawEntityLinks(app, d, "counterpart", "counterpart", "With:");
  DrawEntityLinks(app, d, "tag", "tag", "Tags:");
  if (!d.url.empty()) {
    if (ImGui::SmallButton("Open the source page")) platform::OpenLink(d.url.c_str());
    ui::Mark(app, "source-link");
    ImGui::SetItemTooltip("%s", d.url.c_str());
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
}


// ---- selecting and copying text ----

bool HasSelection(const TranscriptPanel& p) { return p.sel_anchor.Valid() && p.sel_caret.Valid() && !(p.sel_anchor == p.sel_caret); }

// The turn a position is in (-1 for a document without turns).
int TurnOf(const stenogram::Document& d, stenogram::TextPos pos) { return d.turns.empty() ? -1 : pos.source / 2; }

void CopySelection(TranscriptPanel& panel, AppState& app, bool cite) {
  const std::string text = SelectedTranscriptText(panel, app);
  if (text.empty() || !app.open_document) return;
  const stenogram::Document& d = *app.open_document;
  if (!cite) {
    ImGui::SetClipboardText(text.c_str());
  } else {
    const stenogram::TextPos first =
        stenogram::ComparePos(panel.layout, panel.sel_anchor, panel.sel_caret) <= 0 ? panel.sel_anchor : panel.sel_caret;
    const int turn = TurnOf(d, first);
    ImGui::SetClipboardText(
        stenogram::QuoteWithCitation(d, turn, text, platform::TurnLink(d.id, std::max(turn, 0))).c_str());
  }
  panel.quote_copied_at = ImGui::GetTime();
}

// "Copy" and "Copy with citation" for the selected passage (greyed out while nothing is selected).
void DrawCopyButtons(TranscriptPanel& panel, AppState& app) {
  const bool any = HasSelection(panel);
  const bool copied = panel.quote_copied_at >= 0 && ImGui::GetTime() - panel.quote_copied_at < 2.0;
  Flow(ButtonWidth("Copy") + ButtonWidth("Copy with citation") + ImGui::GetStyle().ItemSpacing.x);
  ImGui::BeginDisabled(!any);
  if (ImGui::Button(copied ? "Copied###copy-sel" : "Copy###copy-sel")) CopySelection(panel, app, false);
  ui::Mark(app, "copy-selection");
  ImGui::SetItemTooltip("Copy the selected text (Ctrl+C)");
  ImGui::SameLine();
  if (ImGui::Button("Copy with citation")) CopySelection(panel, app, true);
  ui::Mark(app, "copy-quote");
  ImGui::SetItemTooltip("Copy the selected text with its speaker, the title, the date and a link to the turn");
  ImGui::EndDisabled();
}

// Extends the selection to the position p by the unit the press chose (characters, words, paragraphs).
void ExtendTo(TranscriptPanel& panel, const std::vector<std::string_view>& sources, stenogram::TextPos p) {
  if (!p.Valid()) return;
  if (panel.select_unit == 1) {
    panel.sel_caret = p;
    return;
  }
  stenogram::TextPos a = p, b = p;
  if (panel.select_unit == 2 && static_cast<size_t>(p.source) < sources.size()) {
    const auto w = stenogram::WordAt(sources[static_cast<size_t>(p.source)], p.byte);
    a = {p.source, w.first};
    b = {p.source, w.second};
  } else if (panel.select_unit == 3) {
    std::tie(a, b) = stenogram::BlockAt(panel.layout, p);
  }
  if (stenogram::ComparePos(panel.layout, a, panel.unit_a) < 0) {
    panel.sel_anchor = panel.unit_b;
    panel.sel_caret = a;
  } else {
    panel.sel_anchor = panel.unit_a;
    panel.sel_caret = stenogram::ComparePos(panel.layout, b, panel.unit_b) > 0 ? b : panel.unit_b;
  }
}

// Starts a selection at p: a character position, or the word (clicks 2) or paragraph (clicks 3) around it.
void StartSelection(TranscriptPanel& panel, const std::vector<std::string_view>& sources, stenogram::TextPos p, int unit) {
  if (!p.Valid()) return;
  panel.select_unit = unit;
  panel.unit_a = panel.unit_b = p;
  if (unit == 2 && static_cast<size_t>(p.source) < sources.size()) {
    const auto w = stenogram::WordAt(sources[static_cast<size_t>(p.source)], p.byte);
    panel.unit_a = {p.source, w.first};
    panel.unit_b = {p.source, w.second};
  } else if (unit == 3) {
    std::tie(panel.unit_a, panel.unit_b) = stenogram::BlockAt(panel.layout, p);
  }
  panel.sel_anchor = panel.unit_a;
  panel.sel_caret = panel.unit_b;
}

// The text under the pointer: mouse drags select (Shift+click extends, double-click a word,
// triple-click a paragraph); a finger scrolls with momentum, or selects after a long press.
void HandleTextInput(TranscriptPanel& panel, AppState& app, const std::vector<std::string_view>& sources, ImVec2 origin) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::InvisibleButton("##text", ImVec2(std::max(1.0f, panel.wrap_width), std::max(1.0f, panel.layout.height)));
  ui::Mark(app, "transcript-body");
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
  const bool touch = platform::PointerIsTouch();
  const auto adv = TranscriptAdvance(app);
  auto at_mouse = [&] {
    return stenogram::PosAtPoint(panel.layout, sources, io.MousePos.x - origin.x, io.MousePos.y - origin.y, adv);
  };
  const double now = ImGui::GetTime();
  const int frame = ImGui::GetFrameCount();
  if (ImGui::IsItemActivated()) {
    const bool near = std::hypot(io.MousePos.x - panel.press_x, io.MousePos.y - panel.press_y) < 6.0f * app.ui_scale;
    panel.fling = 0;
    panel.press_time = now;
    panel.press_x = io.MousePos.x;
    panel.press_y = io.MousePos.y;
    if (touch) {
      panel.press = TranscriptPanel::Press::TouchWait;
    } else {
      panel.press = TranscriptPanel::Press::Mouse;
      // Presses in a row: the browser's count (its double-click time holds however slow the frames
      // are); without one, ImGui's own count, or presses within three frames.
      const int counted = platform::ClickCount();
      const bool again = io.MouseClickedCount[0] > 1 || (near && frame - panel.last_press_frame <= 3);
      panel.clicks = counted >= 1 ? std::min(counted, 3) : again ? std::min(panel.clicks + 1, 3) : 1;
      panel.last_press_frame = frame;
      panel.last_press_time = now;
      const stenogram::TextPos p = at_mouse();
      if (io.KeyShift && HasSelection(panel)) {
        panel.select_unit = 1;
        panel.sel_caret = p;
      } else if (io.KeyShift && panel.sel_anchor.Valid()) {
        panel.sel_caret = p;
      } else {
        StartSelection(panel, sources, p, panel.clicks);
        if (panel.clicks == 1) panel.sel_anchor = panel.sel_caret = p;
      }
    }
  }
  const float slop = 8.0f * app.ui_scale;
  if (ImGui::IsItemActive()) {
    switch (panel.press) {
      case TranscriptPanel::Press::Mouse:
      case TranscriptPanel::Press::TouchSelect: {
        ExtendTo(panel, sources, at_mouse());
        // Past the reader's top or bottom edge: scroll along.
        const float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowHeight();
        const float step = ImGui::GetFontSize() * 30.0f * io.DeltaTime;
        if (io.MousePos.y < top) ImGui::SetScrollY(ImGui::GetScrollY() - step);
        if (io.MousePos.y > bottom) ImGui::SetScrollY(ImGui::GetScrollY() + step);
        break;
      }
      case TranscriptPanel::Press::TouchWait:
        if (std::hypot(io.MousePos.x - panel.press_x, io.MousePos.y - panel.press_y) > slop) {
          panel.press = TranscriptPanel::Press::TouchScroll;
        } else if (now - panel.press_time >= 0.45) {  // a long press: the word under the finger, a drag extends
          panel.press = TranscriptPanel::Press::TouchSelect;
          StartSelection(panel, sources, at_mouse(), 2);
        }
        app.animating = true;  // the long press is timed by frames
        break;
      case TranscriptPanel::Press::TouchScroll: {
        const float dy = io.MouseDelta.y;
        ImGui::SetScrollY(ImGui::GetScrollY() - dy);
        panel.fling = ui::FlingVelocity(panel.fling, dy, &panel.still_frames);
        break;
      }
      case TranscriptPanel::Press::None: break;
    }
  } else if (panel.press != TranscriptPanel::Press::None) {
    if (panel.press == TranscriptPanel::Press::TouchWait) panel.sel_anchor = panel.sel_caret = {};  // a tap
    if (panel.press != TranscriptPanel::Press::TouchScroll) panel.fling = 0;
    panel.press = TranscriptPanel::Press::None;
  } else if (panel.fling != 0.0f) {  // momentum after the finger left
    ImGui::SetScrollY(ImGui::GetScrollY() + panel.fling * io.DeltaTime);
    panel.fling *= std::exp(-3.0f * io.DeltaTime);
    if (std::fabs(panel.fling) < 40.0f * app.ui_scale || ImGui::GetScrollY() <= 0.0f ||
        ImGui::GetScrollY() >= ImGui::GetScrollMaxY())
      panel.fling = 0;
    app.animating = true;
  }
}

// Ctrl/Cmd+C copies the selection, Ctrl/Cmd+A selects the whole text while the reader has the keyboard.
void HandleSelectionKeys(TranscriptPanel& panel, AppState& app, const std::vector<std::string_view>& sources) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || !(io.KeyCtrl || io.KeySuper)) return;
  if (ImGui::IsKeyPressed(ImGuiKey_C, false) && HasSelection(panel)) CopySelection(panel, app, io.KeyShift);
  if (ImGui::IsKeyPressed(ImGuiKey_A, false) && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
      !panel.layout.lines.empty()) {
    const stenogram::LayoutLine& first = panel.layout.lines.front();
    const stenogram::LayoutLine& last = panel.layout.lines.back();
    panel.sel_anchor = {first.source, first.start};
    panel.sel_caret = {last.source, last.end};
    (void)sources;
  }
}

// Selection and find boxes behind the visible lines [first, ...) down to bottom.
void DrawOverlayBoxes(TranscriptPanel& panel, AppState& app, const std::vector<std::string_view>& sources, ImVec2 origin,
                      size_t first, float bottom) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  const float lift = font * 0.25f;
  const ui::Palette& c = ui::Colors();
  for (const stenogram::HitBox& b : panel.find_boxes) {
    if (b.line < first) continue;
    const stenogram::LayoutLine& l = panel.layout.lines[b.line];
    if (l.y > bottom) break;
    const float y = origin.y + l.y + lift;
    dl->AddRectFilled(ImVec2(origin.x + b.x0 - 2, y - 1), ImVec2(origin.x + b.x1 + 2, y + font + 1),
                      b.hit == panel.find_index ? c.highlight_current : c.highlight, 3.0f);
  }
  if (!HasSelection(panel)) return;
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
  for (const stenogram::HitBox& b :
       stenogram::SelectionBoxes(panel.layout, sources, panel.sel_anchor, panel.sel_caret, TranscriptAdvance(app))) {
    if (b.line < first) continue;
    const stenogram::LayoutLine& l = panel.layout.lines[b.line];
    if (l.y > bottom) break;
    dl->AddRectFilled(ImVec2(origin.x + b.x0, origin.y + l.y), ImVec2(origin.x + b.x1, origin.y + l.y + l.height), col);
  }
}

// ---- find in this document ----

void UpdateFind(TranscriptPanel& panel, AppState& app, const std::vector<std::string_view>& sources) {
  const std::string want = panel.find_open ? std::string(panel.find_input) : std::string();
  if (want == panel.find_for && panel.find_gen == panel.layout_gen) return;
  const bool new_text = want != panel.find_for;
  panel.find_for = want;
  panel.find_gen = panel.layout_gen;
  panel.find_boxes.clear();
  panel.find_count = 0;
  if (!want.empty()) {
    panel.find_boxes = stenogram::LayOutHits(panel.layout, sources, stenogram::FindInSources(sources, want), TranscriptAdvance(app));
    for (const auto& b : panel.find_boxes) panel.find_count = std::max(panel.find_count, b.hit + 1);
  }
  if (new_text) {
    panel.find_index = panel.find_count > 0 ? 0 : -1;
    panel.scroll_to_find = panel.find_count > 0;
  }
  panel.find_index = std::min(panel.find_index, panel.find_count - 1);
}

void StepFind(TranscriptPanel& panel, int step) {
  if (panel.find_count == 0) return;
  panel.find_index = (panel.find_index + step + panel.find_count) % panel.find_count;
  panel.scroll_to_find = true;
}

void ScrollToFind(TranscriptPanel& panel, float origin_y) {
  if (!panel.scroll_to_find) return;
  panel.scroll_to_find = false;
  for (const stenogram::HitBox& b : panel.find_boxes) {
    if (b.hit != panel.find_index) continue;
    const stenogram::LayoutLine& line = panel.layout.lines[b.line];
    const float at = origin_y + line.y;
    if (at < ImGui::GetScrollY() || at + line.height > ImGui::GetScrollY() + ImGui::GetWindowHeight() * 0.85f)
      ImGui::SetScrollY(std::max(0.0f, at - ImGui::GetWindowHeight() * 0.3f));
    return;
  }
}

// The "Find in this document" box: Enter / Shift+Enter (or ‹ ›) step through the matches, Esc closes it.
void DrawFindBar(TranscriptPanel& panel, AppState& app) {
  if (!panel.find_open) return;
  const ImGuiIO& io = ImGui::GetIO();
  if (panel.focus_find) {
    ImGui::FocusWindow(ImGui::GetCurrentWindow());
    ImGui::ActivateItemByID(ImGui::GetID("##find"));
    GImGui->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
    panel.focus_find = false;
  }
  const std::string counter = panel.find_input[0] == 0 ? std::string()
                              : panel.find_count == 0  ? std::string("no matches")
                                                       : std::to_string(panel.find_index + 1) + " / " +
                                                             std::to_string(panel.find_count);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float tail = ButtonWidth("‹") + ButtonWidth("›") + ButtonWidth("×") +
                     ImGui::CalcTextSize("no matches").x + spacing * 4;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 6.0f, ImGui::GetContentRegionAvail().x - tail));
  ImGui::InputTextWithHint("##find", "Find in this document", panel.find_input, sizeof panel.find_input);
  ui::Mark(app, "find-box");
  const bool enter = ImGui::IsItemDeactivated() && (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter));
  const bool escape = ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Escape);
  if (enter) {
    StepFind(panel, io.KeyShift ? -1 : 1);
    panel.focus_find = true;  // keep typing
  }
  ImGui::SameLine();
  if (ImGui::Button("‹##find")) StepFind(panel, -1);
  ui::Mark(app, "find-prev");
  ImGui::SetItemTooltip("Previous match (Shift+Enter)");
  ImGui::SameLine();
  if (ImGui::Button("›##find")) StepFind(panel, 1);
  ui::Mark(app, "find-next");
  ImGui::SetItemTooltip("Next match (Enter)");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ui::MutedText(counter.c_str());
  ui::Mark(app, "find-count");
  ImGui::SameLine();
  if (ImGui::Button("×##find") || escape) {
    panel.find_open = false;
    panel.focus_reader = true;  // Esc returns to the text
  }
  ui::Mark(app, "find-close");
  ImGui::SetItemTooltip("Close (Esc)");
}

// One line of the reader at pos: masked emphasis markers are skipped and the emphasised runs drawn
// bold (the same glyphs twice, a pixel apart, so the line keeps the widths it was laid out with).
void DrawShownLine(const TranscriptPanel& panel, AppState& app, ImDrawList* dl, ImFont* f, ImVec2 pos, ImU32 col,
                   std::string_view src, const stenogram::LayoutLine& l, const stenogram::AdvanceFn& adv) {
  const char* begin = src.data() + l.start;
  const std::string_view text(begin, static_cast<size_t>(l.end - l.start));
  if (text.find(stenogram::kHiddenByte) == std::string_view::npos) {
    const auto& spans = panel.emphasis[static_cast<size_t>(l.source)];
    const bool inside = std::any_of(spans.begin(), spans.end(), [&](const auto& s) { return s.inner < l.end && s.inner_end > l.start; });
    if (!inside) {
      ui::AddTextVisual(dl, f, f->FontSize, pos, col, begin, begin + text.size());
      return;
    }
  }
  const auto& spans = panel.emphasis[static_cast<size_t>(l.source)];
  const float thick = std::max(1.0f, std::round(app.ui_scale * 0.75f));
  int at = l.start;
  while (at < l.end) {
    if (src[static_cast<size_t>(at)] == stenogram::kHiddenByte) {
      ++at;
      continue;
    }
    int end = at;
    while (end < l.end && src[static_cast<size_t>(end)] != stenogram::kHiddenByte) ++end;
    const bool bold = std::any_of(spans.begin(), spans.end(), [&](const auto& s) { return s.inner <= at && at < s.inner_end; });
    const float x = pos.x + stenogram::OffsetInLine(src, l, at, adv);
    const char* a = src.data() + at;
    const char* b = src.data() + end;
    ui::AddTextVisual(dl, f, f->FontSize, ImVec2(x, pos.y), col, a, b);
    if (bold) ui::AddTextVisual(dl, f, f->FontSize, ImVec2(x + thick, pos.y), col, a, b);
    at = end;
  }
}

void DrawBody(TranscriptPanel& panel, AppState& app, const std::vector<std::string_view>& sources) {
  const ui::Palette& c = ui::Colors();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float origin_y = ImGui::GetCursorPosY();
  HandleTextInput(panel, app, sources, origin);
  // The first hit is brought into view once the hits have arrived (until then the text is shown from the top).
  if (panel.scroll_to_hit && panel.hits_version == app.query_version) {
    float target = 0.0f;
    if (panel.hit_index >= 0) {
      auto it = std::lower_bound(panel.boxes.begin(), panel.boxes.end(), panel.hit_index,
                                 [](const stenogram::HitBox& b, int hit) { return b.hit < hit; });
      if (it != panel.boxes.end()) {
        const stenogram::LayoutLine& line = panel.layout.lines[it->line];
        const float at = origin_y + line.y + line.height;
        if (at > ImGui::GetScrollY() + ImGui::GetWindowHeight() * 0.85f || at < ImGui::GetScrollY() + origin_y)
          target = origin_y + line.y - ImGui::GetWindowHeight() * 0.3f;
        else
          target = at > ImGui::GetWindowHeight() * 0.85f ? ImGui::GetScrollY() : 0.0f;  // already in view
      }
    }
    ImGui::SetScrollY(std::max(0.0f, target));
    panel.scroll_to_hit = false;
  }
  if (panel.scroll_to_turn >= 0) {
    for (const stenogram::LayoutLine& line : panel.layout.lines) {
      if (line.source / 2 >= panel.scroll_to_turn) {
        ImGui::SetScrollY(origin_y + line.y);
        break;
      }
    }
    panel.scroll_to_turn = -1;
  }
  ScrollToFind(panel, origin_y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float top = ImGui::GetWindowPos().y - origin.y;
  const float bottom = top + ImGui::GetWindowHeight();
  const size_t first = stenogram::FirstLineBelow(panel.layout, top);
  panel.turn_in_view = app.open_document->turns.empty() || first >= panel.layout.lines.size()
                           ? -1
                           : panel.layout.lines[first].source / 2;
  const float font = ImGui::GetFontSize();
  const float lift = font * 0.25f;  // the line box is taller than the glyphs: centre them
  DrawOverlayBoxes(panel, app, sources, origin, first, bottom);
  const stenogram::AdvanceFn adv = TranscriptAdvance(app);
  auto box = std::lower_bound(panel.boxes.begin(), panel.boxes.end(), first,
                              [](const stenogram::HitBox& b, size_t line) { return b.line < line; });
  for (size_t i = first; i < panel.layout.lines.size(); ++i) {
    const stenogram::LayoutLine& l = panel.layout.lines[i];
    if (l.y > bottom) break;
    const float y = origin.y + l.y + lift;
    for (; box != panel.boxes.end() && box->line == i; ++box) {
      const ImU32 col = box->hit == panel.hit_index ? c.highlight_current : c.highlight;
      dl->AddRectFilled(ImVec2(origin.x + box->x0 - 2, y - 1), ImVec2(origin.x + box->x1 + 2, y + font + 1), col, 3.0f);
    }
    const std::string_view src = sources[static_cast<size_t>(l.source)];
    ImFont* f = l.style == kBody ? app.fonts.regular : app.fonts.bold;
    const ImU32 col = l.style == kBody ? c.ink : (l.style == kQuestion ? c.question : c.accent);
    DrawShownLine(panel, app, dl, f, ImVec2(origin.x, y), col, src, l, adv);
  }
}

}  // namespace

void DrawTranscriptPanel(TranscriptPanel& panel, AppState& app) {
  if (!app.open_document) {
    ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.3f));
    ImGui::PushTextWrapPos(0.0f);
    ui::MutedText(!app.archive_open ? "Open an archive to read its documents."
                                    : app.opening ? "Opening the document…"
                                                  : "Search, or choose a result, to read the document here.");
    ImGui::PopTextWrapPos();
    return;
  }
  const stenogram::Document& d = *app.open_document;
  const int64_t id = d.id;
  if (panel.hit_step != 0) {
    StepHit(panel, panel.hit_step);
    panel.hit_step = 0;
  }
  DrawToolbar(panel, app);
  if (!app.open_document || app.open_document->id != id) return;  // another document was opened
  if (DrawTranslation(panel.translation, app)) return;            // side by side (panel_translation.cpp)
  DrawFindBar(panel, app);
  ImGui::Separator();
  ImGui::BeginChild("##reader", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  if (panel.focus_reader) {
    ImGui::FocusWindow(ImGui::GetCurrentWindow());
    panel.focus_reader = false;
  }
  if (panel.scroll_to_top) {
    ImGui::SetScrollY(0);
    panel.scroll_to_top = false;
  }
  DrawHeader(app, d);
  const float max_width = ImGui::GetFontSize() * 42.0f;  // a readable measure (~80 characters)
  const float width = std::max(ImGui::GetFontSize() * 8.0f, std::min(ImGui::GetContentRegionAvail().x, max_width));
  const std::vector<std::string_view> sources = ShownSources(panel, app, d);
  UpdateLayout(panel, app, sources, width);
  if (app.open_at.doc == id && panel.doc_id == id && panel.hits_version == app.query_version) {
    panel.hit_index = std::min(app.open_at.hit, panel.hit_count - 1);  // a context line was clicked
    panel.scroll_to_hit = true;
    app.open_at = {};
  }
  UpdateFind(panel, app, sources);
  DrawBody(panel, app, sources);
  HandleSelectionKeys(panel, app, sources);
  ImGui::EndChild();
}

std::string SelectedTranscriptText(const TranscriptPanel& panel, const AppState& app) {
  if (!app.open_document || panel.doc_id != app.open_document->id || !HasSelection(panel)) return {};
  if (panel.shown_doc != panel.doc_id || panel.shown.empty())
    return stenogram::SelectedText(panel.layout, TranscriptSources(*app.open_document), panel.sel_anchor, panel.sel_caret);
  // What is shown is what is copied: the text without emphasis markers.
  std::string text = stenogram::SelectedText(panel.layout, std::vector<std::string_view>(panel.shown.begin(), panel.shown.end()),
                                             panel.sel_anchor, panel.sel_caret);
  std::erase(text, stenogram::kHiddenByte);
  return text;
}

void OpenFindInDocument(TranscriptPanel& panel) {
  panel.find_open = true;
  panel.focus_find = true;
}

void ShowFromTop(TranscriptPanel& panel) { panel.scroll_to_top = true; }
void ScrollToTurn(TranscriptPanel& panel, int turn) { panel.scroll_to_turn = turn; }
void RequestHitStep(TranscriptPanel& panel, int step) { panel.hit_step = step; }
void FocusReader(TranscriptPanel& panel) { panel.focus_reader = true; }

void ReportTranscript(const TranscriptPanel& t, const AppState& app, stenogram::JsonValue& state) {
  state["reader"]["selection"] = SelectedTranscriptText(t, app);
  state["reader"]["findOpen"] = t.find_open;
  state["reader"]["findText"] = std::string(t.find_input);
  state["reader"]["findCount"] = t.find_count;
  state["reader"]["findIndex"] = t.find_index;
  if (!app.open_document) {
    state["openDocument"] = nullptr;
    return;
  }
  const bool laid_out = t.doc_id == app.open_document->id && t.hits_version == app.query_version;
  stenogram::JsonValue doc = {{"id", app.open_document->id},
                        {"title", app.open_title},
                        {"date", app.open_document->date},
                        {"turns", app.open_document->turns.size()},
                        {"hitCount", laid_out ? t.hit_count : -1},
                        {"hitIndex", laid_out ? t.hit_index : -1},
                        {"turn", t.doc_id == app.open_document->id ? t.turn_in_view : -1}};
  ReportTranslation(t.translation, app, doc);
  state["openDocument"] = std::move(doc);
}
