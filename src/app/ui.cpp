// ui: theme, fonts and shared helpers (see ui.h).
#include "app/ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "app/app_state.h"
#include "app/platform.h"
#include "core/text/bidi.h"
#include "core/text/emphasis.h"
#include "core/text/glyph_ranges.h"
#include "core/view/textlayout.h"
#include "imgui_internal.h"

namespace ui {

namespace {

const Palette kLight = {
    IM_COL32(247, 245, 240, 255),  // paper
    IM_COL32(255, 254, 251, 255),  // panel
    IM_COL32(30, 35, 41, 255),     // ink
    IM_COL32(104, 108, 115, 255),  // muted
    IM_COL32(232, 228, 219, 255),  // faint
    IM_COL32(139, 38, 53, 255),    // accent
    IM_COL32(139, 38, 53, 36),     // accent_soft
    IM_COL32(31, 78, 121, 255),    // question
    IM_COL32(222, 217, 206, 255),  // rule
    IM_COL32(253, 236, 234, 255),  // error_bg
    IM_COL32(150, 30, 30, 255),    // error_ink
    IM_COL32(255, 214, 102, 150),  // highlight
    IM_COL32(255, 170, 40, 255),   // highlight_current
    IM_COL32(255, 255, 255, 255),  // field
    IM_COL32(250, 247, 240, 255),  // field_hover
    IM_COL32(245, 240, 230, 255),  // field_active
    IM_COL32(222, 214, 200, 255),  // button_hover
    IM_COL32(210, 200, 184, 255),  // button_active
    IM_COL32(200, 194, 182, 255),  // grab
    IM_COL32(180, 172, 158, 255),  // grab_hover
    IM_COL32(160, 150, 135, 255),  // grab_active
};

const Palette kDark = {
    IM_COL32(23, 25, 29, 255),     // paper
    IM_COL32(31, 34, 39, 255),     // panel
    IM_COL32(229, 226, 219, 255),  // ink
    IM_COL32(151, 155, 162, 255),  // muted
    IM_COL32(50, 54, 61, 255),     // faint
    IM_COL32(232, 122, 132, 255),  // accent
    IM_COL32(232, 122, 132, 44),   // accent_soft
    IM_COL32(128, 178, 228, 255),  // question
    IM_COL32(60, 65, 73, 255),     // rule
    IM_COL32(74, 34, 36, 255),     // error_bg
    IM_COL32(255, 176, 168, 255),  // error_ink
    IM_COL32(214, 160, 40, 110),   // highlight
    IM_COL32(236, 146, 30, 190),   // highlight_current
    IM_COL32(22, 24, 28, 255),     // field
    IM_COL32(27, 30, 35, 255),     // field_hover
    IM_COL32(33, 36, 42, 255),     // field_active
    IM_COL32(64, 69, 78, 255),     // button_hover
    IM_COL32(78, 84, 94, 255),     // button_active
    IM_COL32(70, 75, 84, 255),     // grab
    IM_COL32(92, 98, 108, 255),    // grab_hover
    IM_COL32(112, 119, 130, 255),  // grab_active
};

// The active palette: one per page, like ImGui's own style.
const Palette*& Active() {
  static const Palette* active = &kLight;
  return active;
}

}  // namespace

const Palette& Colors() { return *Active(); }

void SetTheme(stenogram::Theme theme) { Active() = theme == stenogram::Theme::Dark ? &kDark : &kLight; }

stenogram::Theme CurrentTheme() { return Active() == &kDark ? stenogram::Theme::Dark : stenogram::Theme::Light; }

void ApplyTheme(float scale) {
  ImGuiStyle style;
  if (CurrentTheme() == stenogram::Theme::Dark)
    ImGui::StyleColorsDark(&style);
  else
    ImGui::StyleColorsLight(&style);
  const Palette& c = Colors();
  auto v = [](ImU32 col) { return ImGui::ColorConvertU32ToFloat4(col); };
  ImVec4* col = style.Colors;
  col[ImGuiCol_Text] = v(c.ink);
  col[ImGuiCol_TextDisabled] = v(c.muted);
  col[ImGuiCol_WindowBg] = v(c.paper);
  col[ImGuiCol_ChildBg] = v(c.panel);
  col[ImGuiCol_PopupBg] = v(c.panel);
  col[ImGuiCol_Border] = v(c.rule);
  col[ImGuiCol_FrameBg] = v(c.field);
  col[ImGuiCol_FrameBgHovered] = v(c.field_hover);
  col[ImGuiCol_FrameBgActive] = v(c.field_active);
  col[ImGuiCol_Header] = v(c.accent_soft);
  col[ImGuiCol_HeaderHovered] = v((c.accent_soft & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 22));
  col[ImGuiCol_HeaderActive] = v((c.accent_soft & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 60));
  col[ImGuiCol_Button] = v(c.faint);
  col[ImGuiCol_ButtonHovered] = v(c.button_hover);
  col[ImGuiCol_ButtonActive] = v(c.button_active);
  col[ImGuiCol_ScrollbarBg] = v(IM_COL32(0, 0, 0, 0));
  col[ImGuiCol_ScrollbarGrab] = v(c.grab);
  col[ImGuiCol_ScrollbarGrabHovered] = v(c.grab_hover);
  col[ImGuiCol_ScrollbarGrabActive] = v(c.grab_active);
  col[ImGuiCol_Separator] = v(c.rule);
  col[ImGuiCol_TextSelectedBg] = v((c.accent_soft & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 70));
  col[ImGuiCol_NavHighlight] = v(c.accent);
  col[ImGuiCol_CheckMark] = v(c.accent);
  col[ImGuiCol_SliderGrab] = v(c.accent);
  col[ImGuiCol_SliderGrabActive] = v(c.accent);
  col[ImGuiCol_Tab] = v(c.faint);
  col[ImGuiCol_TabHovered] = v(c.button_hover);
  col[ImGuiCol_TabActive] = v(c.panel);
  col[ImGuiCol_TabUnfocused] = v(c.faint);
  col[ImGuiCol_TabUnfocusedActive] = v(c.panel);
  col[ImGuiCol_SeparatorHovered] = v(c.grab_hover);
  col[ImGuiCol_SeparatorActive] = v(c.accent);
  col[ImGuiCol_ResizeGrip] = v(c.grab);
  col[ImGuiCol_ResizeGripHovered] = v(c.grab_hover);
  col[ImGuiCol_ResizeGripActive] = v(c.grab_active);
  style.WindowPadding = ImVec2(14, 12);
  style.FramePadding = ImVec2(9, 6);
  style.ItemSpacing = ImVec2(10, 7);
  style.ItemInnerSpacing = ImVec2(6, 5);
  style.ScrollbarSize = 12;
  style.WindowRounding = 0;
  style.ChildRounding = 6;
  style.FrameRounding = 5;
  style.PopupRounding = 6;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 5;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.FrameBorderSize = 1;
  style.SelectableTextAlign = ImVec2(0, 0.5f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

namespace {

// Units per em ÷ (ascender − descender) of a TrueType font (its 'head' and 'hhea' tables): ImGui
// sizes a font by that line height, so fonts with tall lines (Arabic's room for marks) come out
// small beside Latin at the same size; 1 when the tables cannot be read.
float EmPerLineHeight(const std::vector<unsigned char>& ttf) {
  auto u16 = [&](size_t at) { return at + 2 <= ttf.size() ? (ttf[at] << 8) | ttf[at + 1] : 0; };
  auto s16 = [&](size_t at) { return static_cast<int16_t>(static_cast<uint16_t>(u16(at))); };
  const size_t tables = static_cast<size_t>(u16(4));
  size_t head = 0, hhea = 0;
  for (size_t i = 0; i < tables; ++i) {
    const size_t rec = 12 + 16 * i;
    if (rec + 16 > ttf.size()) break;
    const size_t offset = static_cast<size_t>(u16(rec + 8)) << 16 | static_cast<size_t>(u16(rec + 10));
    if (std::memcmp(&ttf[rec], "head", 4) == 0) head = offset;
    if (std::memcmp(&ttf[rec], "hhea", 4) == 0) hhea = offset;
  }
  if (!head || !hhea || head + 20 > ttf.size() || hhea + 8 > ttf.size()) return 1.0f;
  const int em = u16(head + 18), line = s16(hhea + 4) - s16(hhea + 6);
  return em > 0 && line > 0 ? static_cast<float>(em) / static_cast<float>(line) : 1.0f;
}

}  // namespace

bool EnsureFonts(AppState& app, float scale) {
  Fonts& f = app.fonts;
  if (f.regular_ttf.empty() || (f.built_scale == scale && f.built_wide == WideGlyphs())) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // The atlas is built and uploaded in the first frame (tools/bench: "atlas", "texture"), so it is
  // kept small: the core glyph ranges until text needs the wide ones (core/text/glyph_ranges.h),
  // a height not rounded up to a power of two (WebGL2 takes any size), and no horizontal
  // oversampling for glyphs of 20 px and more (only smaller ones need it for sharp sub-pixel
  // positions). At 15 px: 512×~550 pixels, where it was 1024×1024.
  static_assert(sizeof(ImWchar) == sizeof(uint16_t));
  const bool wide = WideGlyphs();
  const ImWchar* ranges = reinterpret_cast<const ImWchar*>(wide ? stenogram::kWideGlyphRanges : stenogram::kCoreGlyphRanges);
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleV = 1;
  const float size = app.settings.font_size * scale;
  auto oversample = [](float px) { return px >= 20.0f ? 1 : 2; };
  // Hebrew and Arabic (with Arabic's presentation forms, core/text/bidi) are merged into every text
  // font once the page has fetched them (ScriptFontsRequested): absent from the first atlas.
  static const ImWchar kHebrewRanges[] = {0x0591, 0x05F4, 0xFB1D, 0xFB4F, 0};
  static const ImWchar kArabicRanges[] = {0x0600, 0x06FF, 0xFE70, 0xFEFC, 0};
  auto add = [&](std::vector<unsigned char>& ttf, float px) {
    cfg.OversampleH = oversample(px);
    ImFont* font = io.Fonts->AddFontFromMemoryTTF(ttf.data(), static_cast<int>(ttf.size()), px, &cfg, ranges);
    // Merged at the text font's em size, so letters of all three scripts are alike in size whatever
    // each font's line height.
    const float em_px = px * EmPerLineHeight(ttf);
    ImFontConfig merge = cfg;
    merge.MergeMode = true;
    auto merge_in = [&](std::vector<unsigned char>& extra, const ImWchar* ranges) {
      if (extra.empty()) return;
      io.Fonts->AddFontFromMemoryTTF(extra.data(), static_cast<int>(extra.size()), em_px / EmPerLineHeight(extra), &merge, ranges);
    };
    merge_in(f.hebrew_ttf, kHebrewRanges);
    merge_in(f.arabic_ttf, kArabicRanges);
    return font;
  };
  f.regular = add(f.regular_ttf, size);
  f.bold = f.bold_ttf.empty() ? f.regular : add(f.bold_ttf, size);
  f.heading = f.bold_ttf.empty() ? f.regular : add(f.bold_ttf, size * 1.35f);
  // Large words of the tag cloud are drawn from this one scaled down (crisp), not from the regular
  // one scaled up (blurred); Latin-1, Latin Extended-A, basic Cyrillic and dashes keep it small.
  static const ImWchar kDisplayRanges[] = {0x0020, 0x017F, 0x0400, 0x045F, 0x2010, 0x2027, 0};
  ImFontConfig display_cfg = cfg;
  display_cfg.OversampleH = 1;
  f.display = io.Fonts->AddFontFromMemoryTTF(f.regular_ttf.data(), static_cast<int>(f.regular_ttf.size()),
                                             size * Fonts::kDisplayScale, &display_cfg, kDisplayRanges);
  // Built through stb_truetype's builder directly rather than ImFontAtlas::Build(), whose fallback
  // for an atlas without fonts (AddFontDefault) would link ImGui's own font into the page: 12 KB of
  // base85 text: index.wasm 244.9 -> 235.4 KB brotli; never drawn (fonts are always added above).
  ImFontAtlasGetBuilderForStbTruetype()->FontBuilder_Build(io.Fonts);
  io.FontDefault = f.regular;
  f.built_scale = scale;
  f.built_wide = wide;
  return true;
}

void Mark(AppState& app, const std::string& label) {
  app.locate.Record(label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void Mark(AppState& app, const std::string& prefix, std::string_view value) {
  Mark(app, prefix + stenogram::DisplayCut(value, stenogram::kDisplayLabelChars));
}

bool ItemDoubleClicked() {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) return false;
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) return true;
  if (!ImGui::IsMouseClicked(ImGuiMouseButton_Left)) return false;
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID key = ImGui::GetItemID() ^ 0x9e3779b9u;  // the item's last click frame, kept by its window
  const int frame = ImGui::GetFrameCount();
  const int last = storage->GetInt(key, -1000);
  storage->SetInt(key, frame);
  return frame - last <= 3;
}

void MutedText(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

ListKeys ReadListKeys() {
  ListKeys k;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsAnyItemActive() || io.KeyCtrl || io.KeyAlt || io.KeySuper ||
      ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
    return k;
  k.dy = ImGui::IsKeyPressed(ImGuiKey_DownArrow) ? 1 : ImGui::IsKeyPressed(ImGuiKey_UpArrow) ? -1 : 0;
  k.dx = ImGui::IsKeyPressed(ImGuiKey_RightArrow) ? 1 : ImGui::IsKeyPressed(ImGuiKey_LeftArrow) ? -1 : 0;
  k.home = ImGui::IsKeyPressed(ImGuiKey_Home, false);
  k.end = ImGui::IsKeyPressed(ImGuiKey_End, false);
  k.activate = ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false) ||
               ImGui::IsKeyPressed(ImGuiKey_Space, false);
  k.shift = io.KeyShift;
  return k;
}

void KeyCursor::Begin(bool has_keyboard, const ListKeys& keys, bool move) {
  on = has_keyboard;
  moved = activate = exclude = false;
  const int last = count;
  count = 0;
  spoken.clear();
  chosen.clear();
  if (last == 0 || !on) return;
  int next = std::clamp(at, 0, last - 1);
  if (move) {
    next += keys.dy;
    if (keys.home) next = 0;
    if (keys.end) next = last - 1;
    next = std::clamp(next, 0, last - 1);
    moved = keys.dy || keys.home || keys.end;
  }
  if (keys.dx || keys.dy || keys.home || keys.end) keep.clear();
  at = next;
  activate = keys.activate;
  exclude = keys.activate && keys.shift;
}

bool KeyCursor::Item(AppState& app, const std::string& says, bool is_chosen, const std::string& key) {
  const int index = count++;
  spoken.push_back(says);
  chosen.push_back(is_chosen);
  if (!keep.empty() && key == keep) at = index;  // the activated item moved (the list changed)
  if (index != at || !on) return false;
  if (activate) keep = key;
  if (moved) ImGui::ScrollToItem(ImGuiScrollFlags_KeepVisibleEdgeY);
  ring_a = ImGui::GetItemRectMin();
  ring_b = ImGui::GetItemRectMax();
  ring_pending = defer_ring;
  if (!defer_ring) FocusRing(app, ring_a, ring_b);
  return activate;
}

void KeyCursor::DrawRing(AppState& app) {
  if (ring_pending) FocusRing(app, ring_a, ring_b);
  ring_pending = false;
}

void FocusRing(AppState& app, ImVec2 a, ImVec2 b) {
  if (!app.focus_ring) return;
  const float w = 2.0f * app.ui_scale;
  // Inside what the window shows, so all four sides are drawn (a selectable reaches under the padding).
  const ImRect clip = ImGui::GetCurrentWindow()->InnerClipRect;
  a = ImVec2(std::max(a.x, clip.Min.x + 1.0f), std::max(a.y, clip.Min.y + 1.0f));
  b = ImVec2(std::min(b.x, clip.Max.x - 1.0f), std::min(b.y, clip.Max.y - 1.0f));
  if (b.x <= a.x || b.y <= a.y) return;
  ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x + w * 0.5f, a.y + w * 0.5f), ImVec2(b.x - w * 0.5f, b.y - w * 0.5f),
                                      Colors().accent, 4.0f * app.ui_scale, 0, w);
}

namespace {
bool g_script_fonts_asked = false;
bool g_wide_glyphs = false;
}  // namespace

void NoteText(std::string_view text) {
  if (!g_wide_glyphs && stenogram::NeedsWideGlyphs(text)) g_wide_glyphs = true;
}

void NoteTyped(const ImVector<ImWchar>& chars) {
  for (ImWchar c : chars) g_wide_glyphs = g_wide_glyphs || stenogram::NeedsWideGlyph(c);
}

bool WideGlyphs() { return g_wide_glyphs; }

std::string Visual(std::string_view text) {
  if (!stenogram::HasRightToLeft(text)) return std::string(text);
  if (!g_script_fonts_asked) {
    g_script_fonts_asked = true;
    platform::LoadScriptFonts();
  }
  return stenogram::VisualOrder(text);
}

void AddTextVisual(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, const char* begin, const char* end) {
  const std::string_view text(begin, end ? static_cast<size_t>(end - begin) : std::strlen(begin));
  const bool masked = text.find(stenogram::kHiddenByte) != std::string_view::npos;  // hidden emphasis markers
  if (!masked && !stenogram::HasRightToLeft(text)) {
    dl->AddText(font, size, pos, col, begin, end);
    return;
  }
  std::string shown = Visual(text);
  if (masked) std::erase(shown, stenogram::kHiddenByte);
  dl->AddText(font, size, pos, col, shown.data(), shown.data() + shown.size());
}

void TextVisual(std::string_view text) {
  const std::string shown = Visual(text);
  ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
}

bool ScriptFontsRequested() { return g_script_fonts_asked; }

}  // namespace ui

namespace ui {

float FlingVelocity(float fling, float dy, int* still) {
  const ImGuiIO& io = ImGui::GetIO();
  static double last_move = 0;
  if (dy != 0.0f) {
    *still = 0;
    last_move = ImGui::GetTime();
    const float v = -dy / std::max(io.DeltaTime, 1.0f / 240.0f);
    return fling == 0.0f ? v : 0.6f * v + 0.4f * fling;
  }
  ++*still;
  return *still > 2 && ImGui::GetTime() - last_move > 0.1 ? 0.0f : fling;
}

void TouchScroll(AppState& app) {
  struct Scroller {
    bool pressed = false, dragging = false;
    float fling = 0;
    int still = 0;
  };
  static std::unordered_map<ImGuiID, Scroller> scrollers;  // by window: lists come and go with the layout
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  Scroller& t = scrollers[window->ID];
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsMouseClicked(0)) {
    t.pressed = platform::PointerIsTouch() &&
                ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem | ImGuiHoveredFlags_ChildWindows);
    t.dragging = false;
    t.fling = 0;
  }
  if (t.pressed && ImGui::IsMouseDown(0)) {
    if (!t.dragging && ImGui::IsMouseDragging(0, 8.0f * app.ui_scale)) {
      t.dragging = true;
      ImGui::ClearActiveID();  // the row under the finger is not clicked when it lifts
    }
    if (t.dragging) {
      ImGui::SetScrollY(window, window->Scroll.y - io.MouseDelta.y);
      t.fling = FlingVelocity(t.fling, io.MouseDelta.y, &t.still);
    }
    return;
  }
  if (t.pressed) {  // lifted
    t.pressed = false;
    if (!t.dragging) t.fling = 0;
    t.dragging = false;
  }
  if (t.fling != 0.0f) {
    ImGui::SetScrollY(window, window->Scroll.y + t.fling * io.DeltaTime);
    t.fling *= std::exp(-3.0f * io.DeltaTime);
    if (std::fabs(t.fling) < 40.0f * app.ui_scale || window->Scroll.y <= 0.0f || window->Scroll.y >= window->ScrollMax.y)
      t.fling = 0;
    app.animating = true;
  }
}

}  // namespace ui
