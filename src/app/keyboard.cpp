// keyboard: viewer-wide shortcuts (see keyboard.h).
#include "app/keyboard.h"

#include "app/app.h"
#include "imgui.h"

void HandleGlobalKeys(App& app) {
  AppState& s = app.state;
  Panels& p = app.panels;
  if (!s.archive_open) return;
  const ImGuiIO& io = ImGui::GetIO();
  // Typing in a box, a popup or a drag in progress owns the keyboard.
  if (io.WantTextInput || ImGui::IsAnyItemActive() ||
      ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
    return;
  if (io.KeyCtrl || io.KeySuper || io.KeyAlt) return;  // the browser's and the OS's shortcuts
  // "/" is read as a character, not a key: it sits on different keys in other layouts, and the
  // character (which arrives a frame after its key) must not end up in the box it focuses.
  ImVector<ImWchar>& typed = ImGui::GetIO().InputQueueCharacters;
  for (int i = 0; i < typed.Size; ++i) {
    if (typed[i] != '/') continue;
    typed.resize(0);
    p.search.focus_box = true;
    p.filters_open = false;  // compact layouts: the box is on the results side
    break;
  }
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
    if (!s.query.text.empty()) {
      SearchNow(p.search, s, "");
    } else if (s.query.day_from || s.query.day_to) {
      stenogram::Query q = s.query;
      q.day_from.reset();
      q.day_to.reset();
      s.SetQuery(q);
    }
  }
  const int step = ImGui::IsKeyPressed(ImGuiKey_J) ? 1 : ImGui::IsKeyPressed(ImGuiKey_K) ? -1 : 0;
  if (step != 0) StepResult(p.search, s, step);
}
