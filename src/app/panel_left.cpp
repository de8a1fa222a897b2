// panel_left: the left column's tabs and the compact switch (see panel_left.h).
#include "app/panel_left.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/ui.h"
#include "imgui.h"
#include "core/text/json.h"

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

// Reads the column's keys (see LeftPanel): the tabs take them while the cursor is on the tabs,
// else the chosen panel's cursor. `tabs` lists the tabs of the switch in order (the compact switch
// has Results first: -1).
void HandleLeftKeys(Panels& p, AppState& app, const std::vector<int>& tabs) {
  LeftPanel& l = p.left;
  l.keyboard = ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows);
  ui::ListKeys keys = l.keyboard ? ui::ReadListKeys() : ui::ListKeys{};
  if (keys.Any()) app.focus_ring = true;
  ui::KeyCursor& cursor = LeftCursor(p);
  if (!l.on_tabs && keys.dy < 0 && (cursor.at == 0 || cursor.count == 0)) {
    l.on_tabs = true;  // ↑ from the first item: the tabs
    keys = {};
  } else if (l.on_tabs) {
    const int current = tabs.front() < 0 && !p.filters_open ? -1 : static_cast<int>(l.tab);
    auto at = std::find(tabs.begin(), tabs.end(), current);
    if (keys.dx != 0 && at != tabs.end()) {
      const long i = std::clamp(static_cast<long>(at - tabs.begin()) + keys.dx, 0L, static_cast<long>(tabs.size()) - 1);
      if (tabs[static_cast<size_t>(i)] < 0) {
        p.filters_open = false;  // compact: back to the results
        l.on_tabs = false;
      } else {
        l.tab = static_cast<LeftTab>(tabs[static_cast<size_t>(i)]);
        p.filters_open = true;
      }
    }
    if (keys.dy > 0 || keys.activate) {
      l.on_tabs = false;
      LeftCursor(p).at = 0;
    }
    keys = {};
  }
  LeftCursor(p).Begin(l.keyboard && !l.on_tabs, keys, l.tab != LeftTab::Tags);
  // The tag cloud moves its cursor itself (it is two-dimensional) and ←/→ fold the months' years:
  // they read the keys from here.
  p.left.tags.keys = l.tab == LeftTab::Tags && !l.on_tabs ? keys : ui::ListKeys{};
  p.left.months.keys = l.tab == LeftTab::Months && !l.on_tabs ? keys : ui::ListKeys{};
}

void TabRing(Panels& p, AppState& app, bool on) {
  if (on && p.left.keyboard && p.left.on_tabs) ui::FocusRing(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void DrawTabContent(Panels& p, AppState& app) {
  p.left.shown = true;
  switch (p.left.tab) {
    case LeftTab::Filters: DrawFacetsPanel(p.facets, app); break;
    case LeftTab::Tags: DrawTagsPanel(p.left.tags, app); break;
    case LeftTab::Months: DrawMonthsPanel(p.left.months, app); break;
  }
}

}  // namespace

void RefreshLeftTab(Panels& p, AppState& app) {
  if (!p.left.shown || !app.archive_open) return;
  switch (p.left.tab) {
    case LeftTab::Filters: RefreshFacetCounts(p.facets, app); break;
    case LeftTab::Tags: RefreshTagCounts(p.left.tags, app); break;
    case LeftTab::Months: RefreshMonthCounts(p.left.months, app); break;
  }
}

bool TabButton(AppState& app, const char* label, bool on, const std::string& mark) {
  const ui::Palette& c = ui::Colors();
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(on ? c.accent_soft : c.faint));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(on ? c.accent : c.ink));
  const bool clicked = ImGui::SmallButton(label);
  ImGui::PopStyleColor(2);
  ui::Mark(app, mark);
  return clicked;
}

ui::KeyCursor& LeftCursor(Panels& p) {
  switch (p.left.tab) {
    case LeftTab::Tags: return p.left.tags.cursor;
    case LeftTab::Months: return p.left.months.cursor;
    case LeftTab::Filters: break;
  }
  return p.facets.cursor;
}

void DrawLeftColumn(Panels& p, AppState& app) {
  HandleLeftKeys(p, app, {0, 1, 2});
  for (size_t i = 0; i < std::size(kTabs); ++i) {
    if (i > 0) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
    if (TabButton(app, TabTitle(app, kTabs[i]).c_str(), p.left.tab == kTabs[i].tab, kTabs[i].mark)) {
      p.left.tab = kTabs[i].tab;
      p.left.on_tabs = false;
    }
    TabRing(p, app, p.left.tab == kTabs[i].tab);
  }
  ImGui::Spacing();
  DrawTabContent(p, app);
}

bool DrawCompactLeft(Panels& p, AppState& app) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  if (p.filters_open) HandleLeftKeys(p, app, {-1, 0, 1, 2});
  else p.left.keyboard = false;
  if (TabButton(app, "Results", !p.filters_open, "tab-results")) p.filters_open = false;
  for (const TabInfo& t : kTabs) {
    const std::string title = TabTitle(app, t);
    const float w = ImGui::CalcTextSize(title.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
    if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    if (TabButton(app, title.c_str(), p.filters_open && p.left.tab == t.tab, t.mark)) {
      p.filters_open = true;
      p.left.tab = t.tab;
      p.left.on_tabs = false;
    }
    TabRing(p, app, p.filters_open && p.left.tab == t.tab);
  }
  if (!p.filters_open) return false;
  ImGui::Spacing();
  DrawTabContent(p, app);
  return true;
}

void ShowLeftTab(LeftPanel& panel, LeftTab tab, int kind) {
  panel.tab = tab;
  if (kind >= 0) {
    panel.tags.kind = kind;
    panel.tags.kind_chosen = true;
  }
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

void ReportLeft(Panels& p, stenogram::JsonValue& state) {
  stenogram::JsonValue left = {{"tab", LeftTabName(p.left.tab)}, {"compactShown", p.filters_open}};
  ReportTags(p.left.tags, left);
  ReportMonths(p.left.months, left);
  const ui::KeyCursor& k = LeftCursor(p);
  const bool has = k.at >= 0 && static_cast<size_t>(k.at) < k.spoken.size() && !p.left.on_tabs;
  left["cursor"] = {{"keyboard", p.left.keyboard},
                    {"onTabs", p.left.on_tabs},
                    {"at", k.at},
                    {"count", k.count},
                    {"item", has ? stenogram::JsonValue(k.spoken[static_cast<size_t>(k.at)]) : stenogram::JsonValue(nullptr)},
                    {"chosen", has && k.chosen[static_cast<size_t>(k.at)]}};
  state["left"] = std::move(left);
}
