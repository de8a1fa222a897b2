// panel_left: the left column's tabs and the compact switch (see panel_left.h).
#include "app/panel_left.h"

#include <iterator>
#include <string>

#include "app/app.h"
#include "app/ui.h"
#include "imgui.h"

namespace {

struct TabInfo {
  LeftTab tab;
  const char* title;
  const char* mark;
};
constexpr TabInfo kTabs[] = {{LeftTab::Filters, "Filters", "tab-filters"},
                             {LeftTab::Tags, "Tags", "tab-tags"},
                             {LeftTab::Months, "Months", "tab-months"}};

std::string TabTitle(const AppState& app, const TabInfo& t) {
  std::string title = t.title;
  if (t.tab == LeftTab::Filters && !app.query.filters.empty())
    title += " (" + std::to_string(app.query.filters.size()) + ")";
  return title + "###" + t.mark;
}

void DrawTabContent(Panels& p, AppState& app) {
  switch (p.left.tab) {
    case LeftTab::Filters: DrawFacetsPanel(p.facets, app); break;
    case LeftTab::Tags: DrawTagsPanel(p.left.tags, app); break;
    case LeftTab::Months: DrawMonthsPanel(p.left.months, app); break;
  }
}

}  // namespace

bool TabButton(AppState& app, const char* label, bool on, const std::string& mark) {
  const ui::Palette& c = ui::Colors();
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(on ? c.accent_soft : c.faint));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(on ? c.accent : c.ink));
  const bool clicked = ImGui::SmallButton(label);
  ImGui::PopStyleColor(2);
  ui::Mark(app, mark);
  return clicked;
}

void DrawLeftColumn(Panels& p, AppState& app) {
  for (size_t i = 0; i < std::size(kTabs); ++i) {
    if (i > 0) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
    if (TabButton(app, TabTitle(app, kTabs[i]).c_str(), p.left.tab == kTabs[i].tab, kTabs[i].mark))
      p.left.tab = kTabs[i].tab;
  }
  ImGui::Spacing();
  DrawTabContent(p, app);
}

bool DrawCompactLeft(Panels& p, AppState& app) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  if (TabButton(app, "Results", !p.filters_open, "tab-results")) p.filters_open = false;
  for (const TabInfo& t : kTabs) {
    const std::string title = TabTitle(app, t);
    const float w = ImGui::CalcTextSize(title.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
    if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    if (TabButton(app, title.c_str(), p.filters_open && p.left.tab == t.tab, t.mark)) {
      p.filters_open = true;
      p.left.tab = t.tab;
    }
  }
  if (!p.filters_open) return false;
  ImGui::Spacing();
  DrawTabContent(p, app);
  return true;
}

const char* LeftTabName(LeftTab tab) {
  switch (tab) {
    case LeftTab::Tags: return "tags";
    case LeftTab::Months: return "months";
    case LeftTab::Filters: break;
  }
  return "filters";
}

bool ParseLeftTab(const std::string& name, LeftTab* tab) {
  if (name == "filters") *tab = LeftTab::Filters;
  else if (name == "tags") *tab = LeftTab::Tags;
  else if (name == "months") *tab = LeftTab::Months;
  else return false;
  return true;
}
