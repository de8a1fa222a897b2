// keyboard: viewer-wide shortcuts (see keyboard.h).
#include "app/keyboard.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "app/app.h"
#include "app/ui.h"
#include "imgui.h"
#include "imgui_internal.h"  // GImGui->NavWindow

namespace {

// Tab / Shift+Tab: the next panel in the visible order takes the keyboard.
void StepFocus(App& app, int step) {
  AppState& s = app.state;
  int n = 0;
  const char* const* order = FocusOrder(app, &n);
  if (n == 0) return;
  int at = -1;
  for (int i = 0; i < n; ++i)
    if (s.focused_panel == order[i]) at = i;
  const int from = at < 0 ? (step > 0 ? -1 : n) : at;
  const int next = ((from + step) % n + n) % n;
  s.focus_request = order[next];
  s.focus_ring = true;
  ImGui::ClearActiveID();  // a text box keeps no hold on the keys, nor one about to be activated
  GImGui->NavActivateId = GImGui->NavNextActivateId = 0;
  if (s.focus_request == "timeline") ImGui::FocusWindow(nullptr);  // the timeline's keys act while no panel holds the keyboard
  s.intents.Post(intent::Focus{s.focus_request});
}

}  // namespace

const char* const* FocusOrder(const App& app, int* count) {
  static const char* const kWith[] = {"timeline", "filters", "search", "results", "reader"};
  *count = app.state.open_document ? 5 : 4;
  return kWith;
}

void HandleGlobalKeys(App& app) {
  AppState& s = app.state;
  if (!s.archive_open) return;
  const ImGuiIO& io = ImGui::GetIO();
  if (s.focus_step != 0) {
    StepFocus(app, s.focus_step);
    s.focus_step = 0;
  }
  if (io.MouseClicked[0]) s.focus_ring = false;
  // Ctrl/Cmd+F: "Find in this document" in the reader, the search box when no document is open.
  if ((io.KeyCtrl || io.KeySuper) && !io.KeyAlt && ImGui::IsKeyPressed(ImGuiKey_F, false)) {
    if (s.open_document) s.intents.Post(intent::OpenFind{});
    else s.intents.Post(intent::FocusSearchBox{});
    return;
  }
  // Typing in a box, a popup or a drag in progress owns the keyboard; so does the search box while
  // it is taking it ("/" then "j" is a search for j).
  if (SearchBoxArming(app.panels.search)) return;
  if (io.WantTextInput || ImGui::IsAnyItemActive() ||
      ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
    return;
  if (io.KeyCtrl || io.KeySuper || io.KeyAlt) return;  // the browser's and the OS's shortcuts
  // "/" and "?" are read as characters, not keys: they sit on different keys in other layouts, and
  // the character (which arrives a frame after its key) must not end up in the box "/" focuses.
  ImVector<ImWchar>& typed = ImGui::GetIO().InputQueueCharacters;
  for (int i = 0; i < typed.Size; ++i) {
    if (typed[i] == '?') {
      typed.resize(0);
      s.keys_help = true;
      break;
    }
    if (typed[i] != '/') continue;
    std::u32string after;  // typed after the "/" in this frame: the first letters of the search
    for (int j = i + 1; j < typed.Size; ++j) after.push_back(static_cast<char32_t>(typed[j]));
    typed.resize(0);
    s.intents.Post(intent::FocusSearchBox{std::move(after)});
    return;  // the letters after it are the box's, not shortcuts
  }
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
    if (s.phone && s.open_document) s.intents.Post(intent::CloseDocument{});  // the phone's reader: back to the results
    else if (!s.query.text.empty()) s.intents.Post(intent::Search{""});
    else if (s.query.day_from || s.query.day_to) s.intents.Post(intent::SetRange{});
  }
  if (app.panels.timeline.focused) {
    if (ImGui::IsKeyPressed(ImGuiKey_LeftBracket)) s.intents.Post(intent::StepMark{-1});
    if (ImGui::IsKeyPressed(ImGuiKey_RightBracket)) s.intents.Post(intent::StepMark{1});
  }
  const int step = ImGui::IsKeyPressed(ImGuiKey_J) ? 1 : ImGui::IsKeyPressed(ImGuiKey_K) ? -1 : 0;
  if (step != 0) s.intents.Post(intent::StepResult{step});
}

namespace {

const char* const kKeys[][2] = {
    {"Tab / Shift+Tab", "Move between the timeline, filters, search box, results and reader"},
    {"/", "Search"},
    {"Ctrl+F (Cmd+F)", "Find in the open document (the search box when none is open)"},
    {"Enter, Shift+Enter", "In the find box: next, previous match"},
    {"Esc", "Close the find box; clear the search, then the date range"},
    {"Up, Down, j k", "Previous, next result (opens it)"},
    {"Enter", "Open the chosen result; activate the focused button"},
    {"Arrows", "Move within the tag cloud, the months and the filters"},
    {"Left, Right, + -", "Timeline: pan, zoom (while it has the keyboard)"},
    {"[ ]", "Timeline: previous, next mark"},
    {"Ctrl+C (Cmd+C)", "Copy the selected text; with Shift, with its citation"},
    {"Ctrl+A (Cmd+A)", "Select the whole document (in the reader)"},
    {"Double-, triple-click", "Select a word, a paragraph; Shift+click extends"},
    {"?", "This help"},
};

}  // namespace

void DrawFocusAndHelp(App& app) {
  AppState& s = app.state;
  s.focus_request.clear();
  // The panel holding the keyboard, from the window ImGui's navigation is in.
  const ImGuiWindow* nav = GImGui->NavWindow;
  std::string panel;
  if (nav) {
    const char* name = nav->Name;
    if (std::strstr(name, "##find") || std::strstr(name, "##reader") || std::strstr(name, "##transcript")) panel = "reader";
    else if (std::strstr(name, "##results")) panel = "results";
    else if (std::strstr(name, "##timeline")) panel = "timeline";
    else if (std::strstr(name, "##facets-column") || std::strstr(name, "##left")) panel = "filters";
    else if (std::strstr(name, "##search")) panel = app.panels.filters_open ? "filters" : "search";  // compact layouts
  }
  if (app.panels.timeline.focused && panel.empty()) panel = "timeline";
  s.focused_panel = panel;
  if (s.focus_ring && !panel.empty()) {  // the keyboard moved here: outline the panel
    auto it = s.locate.rects.find("panel-" + panel);
    if (it == s.locate.rects.end()) it = s.locate.rects.find("panel-search");
    if (it != s.locate.rects.end())
      ImGui::GetForegroundDrawList()->AddRect(it->second.min, it->second.max, ui::Colors().accent,
                                              4.0f * s.ui_scale, 0, 2.5f * s.ui_scale);
  }
  if (s.keys_help) {
    ImGui::OpenPopup("Keys###keys-help");
    s.keys_help = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  s.keys_help_shown = ImGui::BeginPopupModal("Keys###keys-help", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
  if (s.keys_help_shown) {
    ui::Mark(s, "keys-help");
    if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& k : kKeys) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushFont(s.fonts.bold);
        ImGui::TextUnformatted(k[0]);
        ImGui::PopFont();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k[1]);
      }
      ImGui::EndTable();
    }
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
    ui::Mark(s, "keys-help-close");
    ImGui::EndPopup();
  }
}
