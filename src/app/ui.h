// ui: the look of Stenogram (palette, spacing, fonts) and small drawing helpers shared by panels.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/view/view_settings.h"
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

// ---- the keyboard in the left column's lists (filters, tag cloud, months) ----
// The list keys pressed this frame: arrows, Home/End, Enter/Space (Shift: exclude). Nothing while a
// text box or a popup holds the keyboard, or with Ctrl, Alt or Cmd (the browser's shortcuts).
struct ListKeys {
  int dx = 0, dy = 0;           // ←/→ and ↑/↓ (with the keys' repeat)
  bool home = false, end = false;
  bool activate = false;        // Enter or Space
  bool shift = false;
  bool Any() const { return dx || dy || home || end || activate; }
};
ListKeys ReadListKeys();

// A keyboard cursor over the items a panel draws each frame: the panel moves `at` from the keys
// before it draws, then calls Item() after drawing each item (in order); the item at the cursor
// gets the focus ring (while the keyboard moved the focus), is scrolled into view when the cursor
// moved, and acts as clicked on Enter/Space. What the items say is kept for the text layer.
struct KeyCursor {
  int at = 0;                       // the item the keys are on
  bool on = false;                  // the panel has the keyboard this frame
  bool moved = false;               // the cursor moved this frame (scroll it into view)
  bool activate = false, exclude = false;  // Enter/Space this frame (with Shift)
  int count = 0;                    // items drawn this frame (the last frame's while keys are read)
  std::vector<std::string> spoken;  // what each item says, for the text layer
  std::vector<bool> chosen;         // whether each item is chosen (an active filter)
  // Starts a frame with the keys (empty unless the panel has the keyboard): clamps the cursor to
  // the items drawn last frame; with `move`, ↑/↓ and Home/End move it (else the panel moves `at`
  // itself and sets `moved`).
  void Begin(bool has_keyboard, const ListKeys& keys, bool move);
  // After each item: true when the keys activate it this frame. key names the item (a facet value,
  // a word): after Enter the cursor stays on that item while the list changes under it.
  bool Item(AppState& app, const std::string& says, bool is_chosen, const std::string& key = {});
  std::string keep;                 // the item to stay on (key of the last activated one)
  // Items that draw over their own rectangle after Item() (a filled pill) set defer_ring and call
  // DrawRing() once they are drawn; the ring then goes on top.
  bool defer_ring = false;
  bool ring_pending = false;
  ImVec2 ring_a, ring_b;
  void DrawRing(AppState& app);
};

// The keyboard's focus ring around [a, b] (drawn over the window).
void FocusRing(AppState& app, ImVec2 a, ImVec2 b);

// ---- Hebrew and Arabic (core/text/bidi) ----
// text as it is drawn: right-to-left runs in visual order, Arabic letters joined. The first time
// such text is drawn the page is asked for the Hebrew and Arabic fonts (not part of the first
// frame's atlas); until they arrive their letters are drawn as "?".
std::string Visual(std::string_view text);
// dl->AddText of [begin, end) in visual order (the same call when the text is all left-to-right).
void AddTextVisual(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, const char* begin,
                   const char* end = nullptr);
// ImGui::TextUnformatted in visual order.
void TextVisual(std::string_view text);
// Whether the Hebrew and Arabic fonts were asked for (a drawn text needed them).
bool ScriptFontsRequested();
// Text reaching the viewer (answers, commands, typed or pasted characters): once some needs a glyph
// of the wide ranges (core/text/glyph_ranges.h), the next frame's atlas holds them.
void NoteText(std::string_view text);
void NoteTyped(const ImVector<ImWchar>& chars);
bool WideGlyphs();

}  // namespace ui
