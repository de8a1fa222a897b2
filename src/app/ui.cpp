// ui: theme, fonts and shared helpers (see ui.h).
#include "app/ui.h"

#include <cstdio>

#include "app/app_state.h"

namespace ui {

const Palette& Colors() {
  static const Palette kLight = {
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
  };
  return kLight;
}

void ApplyTheme(float scale) {
  ImGuiStyle style;
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
  col[ImGuiCol_FrameBg] = v(IM_COL32(255, 255, 255, 255));
  col[ImGuiCol_FrameBgHovered] = v(IM_COL32(250, 247, 240, 255));
  col[ImGuiCol_FrameBgActive] = v(IM_COL32(245, 240, 230, 255));
  col[ImGuiCol_Header] = v(c.accent_soft);
  col[ImGuiCol_HeaderHovered] = v(IM_COL32(139, 38, 53, 22));
  col[ImGuiCol_HeaderActive] = v(IM_COL32(139, 38, 53, 60));
  col[ImGuiCol_Button] = v(c.faint);
  col[ImGuiCol_ButtonHovered] = v(IM_COL32(222, 214, 200, 255));
  col[ImGuiCol_ButtonActive] = v(IM_COL32(210, 200, 184, 255));
  col[ImGuiCol_ScrollbarBg] = v(IM_COL32(0, 0, 0, 0));
  col[ImGuiCol_ScrollbarGrab] = v(IM_COL32(200, 194, 182, 255));
  col[ImGuiCol_ScrollbarGrabHovered] = v(IM_COL32(180, 172, 158, 255));
  col[ImGuiCol_ScrollbarGrabActive] = v(IM_COL32(160, 150, 135, 255));
  col[ImGuiCol_Separator] = v(c.rule);
  col[ImGuiCol_TextSelectedBg] = v(IM_COL32(139, 38, 53, 50));
  col[ImGuiCol_NavHighlight] = v(c.accent);
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

bool EnsureFonts(AppState& app, float scale) {
  Fonts& f = app.fonts;
  if (f.regular_ttf.empty() || f.built_scale == scale) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // Latin (with Extended-A/B for names such as Thorbjørn), Cyrillic, general punctuation, №, €.
  static const ImWchar kRanges[] = {0x0020, 0x024F, 0x0300, 0x036F, 0x0400, 0x04FF, 0x2000, 0x206F,
                                    0x20AC, 0x20AC, 0x2116, 0x2116, 0x2190, 0x2193, 0x25B2, 0x25BC, 0};
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  const float size = app.settings.font_size * scale;
  auto add = [&](std::vector<unsigned char>& ttf, float px) {
    return io.Fonts->AddFontFromMemoryTTF(ttf.data(), static_cast<int>(ttf.size()), px, &cfg, kRanges);
  };
  f.regular = add(f.regular_ttf, size);
  f.bold = f.bold_ttf.empty() ? f.regular : add(f.bold_ttf, size);
  f.heading = f.bold_ttf.empty() ? f.regular : add(f.bold_ttf, size * 1.35f);
  io.Fonts->Build();
  io.FontDefault = f.regular;
  f.built_scale = scale;
  return true;
}

void Mark(AppState& app, const std::string& label) {
  app.locate.Record(label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void MutedText(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

}  // namespace ui
