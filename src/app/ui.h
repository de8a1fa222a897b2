// ui: the look of Stenogram (palette, spacing, fonts) and small drawing helpers shared by panels.
#pragma once
#include <string>

#include "imgui.h"

struct AppState;

namespace ui {

// Palette: warm paper, ink, and one accent (a deep archival red) for selection and speakers.
struct Palette {
  ImU32 paper, panel, ink, muted, faint, accent, accent_soft, question, rule, error_bg, error_ink;
  ImU32 highlight, highlight_current;  // search hits behind text; the current hit
};
const Palette& Colors();

// Applies the theme to ImGui's style, scaled for the device pixel ratio.
void ApplyTheme(float scale);

// (Re)builds the font atlas for the device pixel ratio if fonts or the ratio changed.
// Returns true when the atlas was rebuilt (the renderer's texture must then be recreated).
bool EnsureFonts(AppState& app, float scale);

// Records the last item's rectangle under label for window.stenogram.locate().
void Mark(AppState& app, const std::string& label);

// Text in the muted colour.
void MutedText(const char* text);

}  // namespace ui
