// file_actions: "Open…" and "Copy link" in the top bar (see file_actions.h).
#include "app/file_actions.h"

#include "app/app_state.h"
#include "app/platform.h"
#include "app/ui.h"
#include "imgui.h"

float DrawFileActions(AppState& app, float right_x, float bar_top, float bar_height) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const char* open_label = "Open…";
  const char* link_label = "Copy link";
  const float open_w = ImGui::CalcTextSize(open_label).x + style.FramePadding.x * 2;
  const float link_w = ImGui::CalcTextSize(link_label).x + style.FramePadding.x * 2;
  const float y = bar_top + (bar_height - ImGui::GetFrameHeight()) * 0.5f;
  const float left = right_x - open_w - style.ItemSpacing.x - link_w;
  const ImVec2 saved = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(left, y));
  if (!app.archive_open) ImGui::BeginDisabled();
  if (ImGui::Button(link_label)) platform::CopyShareLink();
  if (!app.archive_open) ImGui::EndDisabled();
  ui::Mark(app, "copy-link");
  ImGui::SetItemTooltip("Copy a link to this view: search, filters, dates, document and position");
  ImGui::SameLine();
  if (ImGui::Button(open_label)) platform::PickArchiveFile();
  ui::Mark(app, "open-file");
  ImGui::SetItemTooltip("Open an archive (.sqlite) or import a JSON, JSONL or CSV file from this computer.\n"
                        "You can also drop a file onto the page.");
  ImGui::SetCursorScreenPos(saved);
  return left;
}
