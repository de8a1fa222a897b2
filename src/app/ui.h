// ui: the look of Stenogram (palette, spacing, fonts) and small drawing helpers shared by panels.
#pragma once
#include <string>
#include <string_view>

#include "core/view_settings.h"
#include "imgui.h"

struct AppState;

namespace ui {

// Palette: warm paper, ink, and one accent (a deep archival red) for selection and speakers; the
// dark theme keeps the same roles (charcoal paper, warm light ink, a lighter red).
struct Palette {
  ImU32 paper, panel, ink, muted, faint, accent, accent_soft, question, rule, error_bg, error_ink;
  ImU32 highlight, highlight_current;  // search hits behind text; the current hit
  ImU32 field, field_hover, field_active;     // text boxes and other frames
  ImU32 button_hover, button_active;          // buttons (at rest they are faint)
  ImU32 grab, grab_hover, grab_active;        // scrollbars and splitters
};
// The palette of the current theme: panels read it every frame, so a theme switch is immediate.
const Palette& Colors();
void SetTheme(stenogram::Theme theme);
stenogram::Theme CurrentTheme();

// Applies the current theme to ImGui's style, scaled for the device pixel ratio.
void ApplyTheme(float scale);

// (Re)builds the font atlas for the device pixel ratio if fonts or the ratio changed.
// Returns true when the atlas was rebuilt (the renderer's texture must then be recreated).
bool EnsureFonts(AppState& app, float scale);

// Records the last item's rectangle under label for window.stenogram.locate().
void Mark(AppState& app, const std::string& label);
// The same under prefix + value, the value cut to kDisplayLabelChars characters first: a value from
// the archive (a 50 MB tag name) is never copied whole every frame.
void Mark(AppState& app, const std::string& prefix, std::string_view value);

// A left double-click on the last item. ImGui times clicks by the frames that process them, so
// on a slow machine (or under software GL) a quick double-click can land in frames further apart
// than the double-click time: two clicks within three frames count as well.
bool ItemDoubleClicked();

// Call inside a scrolling window: a finger dragged over it scrolls it (and cancels the press on
// the item under the finger), and it glides on with decaying momentum once the finger lifts.
void TouchScroll(AppState& app);

// The scrolling speed (pixels per second, content upwards) after a frame in which a finger moved
// dy: smoothed over the moving frames; a finger that rests for more than two frames (and 0.1 s)
// before it lifts leaves no momentum. *still counts the resting frames.
float FlingVelocity(float fling, float dy, int* still);

// Text in the muted colour.
void MutedText(const char* text);

}  // namespace ui
