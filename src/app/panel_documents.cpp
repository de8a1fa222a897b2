// panel_documents: the document list (see panel_documents.h).
#include "app/panel_documents.h"

#include <string>

#include "app/app_state.h"
#include "app/ui.h"
#include "core/export.h"
#include "imgui.h"

void DrawDocumentsPanel(DocumentsPanel& panel, AppState& app) {
  const ui::Palette& c = ui::Colors();
  const auto& docs = app.documents;
  ImGui::PushFont(app.fonts.bold);
  ImGui::Text("Documents");
  ImGui::PopFont();
  ImGui::SameLine();
  ui::MutedText((std::to_string(docs.size()) + (docs.size() == 1 ? " item" : " items")).c_str());
  ImGui::Separator();
  if (docs.empty()) {
    ui::MutedText(app.archive ? "This archive has no documents." : "No archive is open.");
    return;
  }
  const float line = ImGui::GetTextLineHeight();
  const float pad = ImGui::GetStyle().FramePadding.y;
  const float row_height = line * 2 + pad * 3;
  ImGui::BeginChild("##doclist", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_None);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(docs.size()), row_height + ImGui::GetStyle().ItemSpacing.y);
  const int64_t open_id = app.open_document ? app.open_document->id : 0;
  int open_index = -1;
  if (panel.scroll_to_open) {
    for (size_t i = 0; i < docs.size(); ++i)
      if (docs[i].id == open_id) open_index = static_cast<int>(i);
    if (open_index >= 0) clipper.IncludeItemByIndex(open_index);
  }
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& d = docs[static_cast<size_t>(i)];
      ImGui::PushID(static_cast<int>(d.id));
      const bool selected = d.id == open_id;
      const ImVec2 top = ImGui::GetCursorScreenPos();
      if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_None, ImVec2(0, row_height))) {
        app.OpenDocument(d.id);
      }
      ui::Mark(app, "doc:" + std::to_string(d.id));
      if (i == open_index) ImGui::SetScrollHereY(0.3f);
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const float x = top.x + ImGui::GetStyle().FramePadding.x;
      const float width = ImGui::GetItemRectSize().x - 2 * ImGui::GetStyle().FramePadding.x;
      std::string meta = stenogram::HumanDate(d.date, d.date_precision);
      if (meta.empty()) meta = "undated";
      if (!d.kind.empty()) meta += "  ·  " + d.kind;
      if (!d.place.empty()) meta += "  ·  " + d.place;
      dl->AddText(ImVec2(x, top.y + pad), selected ? c.accent : c.muted, meta.c_str());
      ImFont* font = app.fonts.bold;
      dl->PushClipRect(ImVec2(x, top.y), ImVec2(x + width, top.y + row_height), true);
      dl->AddText(font, font->FontSize, ImVec2(x, top.y + pad * 2 + line), c.ink, d.title.c_str());
      dl->PopClipRect();
      if (ImGui::IsItemHovered() && ImGui::CalcTextSize(d.title.c_str()).x > width) ImGui::SetItemTooltip("%s", d.title.c_str());
      ImGui::PopID();
    }
  }
  panel.scroll_to_open = false;
  ImGui::EndChild();
}
