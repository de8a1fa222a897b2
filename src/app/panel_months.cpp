// panel_months: the month archive grouped by year (see panel_months.h).
#include "app/panel_months.h"

#include <algorithm>
#include <string>

#include "app/app_state.h"
#include "app/panel_facets.h"
#include "core/text/dates.h"
#include "app/ui.h"
#include "imgui.h"
#include "core/text/json.h"

std::string MonthName(const std::string& yyyy_mm) {
  if (yyyy_mm.size() != 7 || yyyy_mm[4] != '-') return "";
  const int m = (yyyy_mm[5] - '0') * 10 + (yyyy_mm[6] - '0');
  return stenogram::MonthWord(m);  // "" outside 1..12
}

// The counts follow every filter but the month filters (those choose among the months shown).
void RefreshMonthCounts(MonthsPanel& panel, AppState& app) {
  if (panel.counts_version == app.query_version && panel.counts_of == app.archive_gen) return;
  stenogram::Query q = app.query;
  std::erase_if(q.filters, [](const stenogram::Filter& f) { return f.facet == "month"; });
  q.sort = stenogram::SortOrder::Relevance;
  if (panel.counts_of != app.archive_gen || q != panel.counts_query) {
    const auto* answer = app.client.Ask(stenogram::MonthsRequest{q});
    if (!answer) return;  // the previous counts stay until these arrive
    panel.counts_of = app.archive_gen;
    panel.counts_query = q;
    panel.counted = *answer;
    std::erase_if(panel.counted, [](const stenogram::MonthCount& m) { return MonthName(m.month).empty(); });
  }
  panel.counts_version = app.query_version;
  panel.months = panel.counted;
  // A chosen month that no longer matches stays listed (with 0) so it can be removed here.
  for (const stenogram::Filter& f : app.query.filters) {
    if (f.facet != "month" || MonthName(f.value).empty()) continue;
    if (std::none_of(panel.months.begin(), panel.months.end(), [&](const auto& m) { return m.month == f.value; }))
      panel.months.push_back({f.value, 0});
  }
  std::sort(panel.months.begin(), panel.months.end(), [](const auto& a, const auto& b) { return a.month > b.month; });
  panel.years.clear();
  panel.max_count = 0;
  for (size_t i = 0; i < panel.months.size(); ++i) {
    const std::string year = panel.months[i].month.substr(0, 4);
    if (panel.years.empty() || panel.years.back().year != year) panel.years.push_back({year, 0, i, 0});
    panel.years.back().total += panel.months[i].count;
    panel.years.back().count++;
    panel.max_count = std::max(panel.max_count, panel.months[i].count);
  }
}

namespace {

const stenogram::Filter* ActiveMonth(const AppState& app, const std::string& month) {
  for (const stenogram::Filter& f : app.query.filters)
    if (f.facet == "month" && f.value == month) return &f;
  return nullptr;
}

// Open unless the user folded it: with many years only the newest and those with a chosen month.
bool YearOpen(const MonthsPanel& panel, const AppState& app, size_t y) {
  const MonthsYear& year = panel.years[y];
  bool open = panel.years.size() <= 3 || y == 0;
  for (size_t i = year.first; i < year.first + year.count && !open; ++i)
    open = ActiveMonth(app, panel.months[i].month) != nullptr;
  const bool toggled = std::find(panel.toggled.begin(), panel.toggled.end(), year.year) != panel.toggled.end();
  return open != toggled;
}

void ToggleYear(MonthsPanel& panel, const std::string& year) {
  auto it = std::find(panel.toggled.begin(), panel.toggled.end(), year);
  if (it != panel.toggled.end())
    panel.toggled.erase(it);
  else
    panel.toggled.push_back(year);
}

void DrawYearHeader(MonthsPanel& panel, AppState& app, size_t y, bool open) {
  const ui::Palette& c = ui::Colors();
  const MonthsYear& year = panel.years[y];
  const float line = ImGui::GetTextLineHeight();
  const float pad_y = ImGui::GetStyle().FramePadding.y * 0.6f;
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 top = ImGui::GetCursorScreenPos();
  ImGui::PushID(year.year.c_str());
  const bool clicked = ImGui::InvisibleButton("##year", ImVec2(w, line + pad_y * 2));
  ui::Mark(app, "year-" + year.year);
  const bool here = panel.cursor.on && panel.cursor.at == panel.cursor.count;
  const bool keyed = panel.cursor.Item(app, year.year + ", " + std::to_string(year.total) + " documents, " +
                                                (open ? "open" : "folded"), false);
  if (clicked || keyed || (here && ((panel.keys.dx < 0 && open) || (panel.keys.dx > 0 && !open))))
    ToggleYear(panel, year.year);
  ImGui::SetItemTooltip(open ? "Fold %s" : "Show the months of %s", year.year.c_str());
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (ImGui::IsItemHovered()) dl->AddRectFilled(top, ImVec2(top.x + w, top.y + line + pad_y * 2), c.faint, 4.0f * app.ui_scale);
  const float ty = top.y + pad_y;
  // A small triangle: pointing right when folded, down when open.
  const float s = line * 0.28f, cx = top.x + line * 0.45f, cy = ty + line * 0.5f;
  if (open)
    dl->AddTriangleFilled(ImVec2(cx - s, cy - s * 0.6f), ImVec2(cx + s, cy - s * 0.6f), ImVec2(cx, cy + s * 0.7f), c.muted);
  else
    dl->AddTriangleFilled(ImVec2(cx - s * 0.6f, cy - s), ImVec2(cx - s * 0.6f, cy + s), ImVec2(cx + s * 0.7f, cy), c.muted);
  ImFont* bold = app.fonts.bold;
  dl->AddText(bold, bold->FontSize, ImVec2(top.x + line * 1.1f, ty), c.ink, year.year.c_str());
  const std::string total = std::to_string(year.total);
  const float tw = bold->CalcTextSizeA(bold->FontSize, 1e9f, 0, total.c_str()).x;
  dl->AddText(bold, bold->FontSize, ImVec2(top.x + w - tw - ImGui::GetStyle().FramePadding.x * 0.5f, ty), c.muted,
              total.c_str());
}

void DrawMonthRow(MonthsPanel& panel, AppState& app, size_t i) {
  const ui::Palette& c = ui::Colors();
  const stenogram::MonthCount& m = panel.months[i];
  const float line = ImGui::GetTextLineHeight();
  const float pad_y = ImGui::GetStyle().FramePadding.y * 0.45f;
  const float pad_x = ImGui::GetStyle().FramePadding.x * 0.5f;
  const float indent = line * 1.1f;
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const stenogram::Filter* active = ActiveMonth(app, m.month);
  const bool excluded = active && active->exclude;
  ImGui::PushID(m.month.c_str());
  const bool clicked = ImGui::InvisibleButton("##month", ImVec2(w, line + pad_y * 2));
  ui::Mark(app, "month-" + m.month);
  const std::string says = (excluded ? "not " : "") + MonthName(m.month) + " " + m.month.substr(0, 4) + ", " +
                           std::to_string(m.count) + (m.count == 1 ? " document" : " documents");
  const bool keyed = panel.cursor.Item(app, says, active != nullptr, m.month);
  if (clicked || keyed) {
    stenogram::Filter f{"month", m.month, keyed ? panel.cursor.exclude : ImGui::GetIO().KeyShift};
    if (active) f = *active;
    ToggleFilter(app, f);
  }
  const bool hovered = ImGui::IsItemHovered();
  const bool visible = ImGui::IsItemVisible();
  ImGui::PopID();
  if (!visible) return;
  const std::string name = MonthName(m.month);
  if (hovered)
    ImGui::SetTooltip("%s %s: %lld document%s\n%s", name.c_str(), m.month.substr(0, 4).c_str(),
                      static_cast<long long>(m.count), m.count == 1 ? "" : "s",
                      active ? "Click to remove this filter" : "Click to filter, shift-click to exclude");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a(top.x + indent - pad_x, top.y), b(top.x + w, top.y + line + pad_y * 2);
  const float round = 4.0f * app.ui_scale;
  if (active)
    dl->AddRectFilled(a, b, excluded ? c.error_bg : c.accent_soft, round);
  else if (hovered)
    dl->AddRectFilled(a, b, c.faint, round);
  // A quiet bar under the count shows the month's share of the fullest month.
  const std::string count = std::to_string(m.count);
  const float count_w = ImGui::CalcTextSize(count.c_str()).x;
  const float bar_max = std::max(0.0f, w * 0.3f);
  const float bar_w = panel.max_count > 0 ? bar_max * float(m.count) / float(panel.max_count) : 0.0f;
  const float bar_right = top.x + w - pad_x - count_w - pad_x * 2;
  if (bar_w >= 1.0f)
    dl->AddRectFilled(ImVec2(bar_right - bar_w, top.y + pad_y + line * 0.3f), ImVec2(bar_right, top.y + pad_y + line * 0.7f),
                      excluded ? c.rule : (active ? c.accent : c.rule), line * 0.2f);
  const ImU32 ink = excluded ? c.error_ink : (active ? c.accent : c.ink);
  const ImVec2 text_pos(top.x + indent, top.y + pad_y);
  dl->AddText(active && !excluded ? app.fonts.bold : app.fonts.regular, ImGui::GetFontSize(), text_pos, ink, name.c_str());
  if (excluded) {
    const float nw = ImGui::CalcTextSize(name.c_str()).x;
    dl->AddLine(ImVec2(text_pos.x, text_pos.y + line * 0.55f), ImVec2(text_pos.x + nw, text_pos.y + line * 0.55f), ink,
                std::max(1.0f, app.ui_scale));
  }
  dl->AddText(ImVec2(top.x + w - pad_x - count_w, top.y + pad_y), active ? ink : c.muted, count.c_str());
}

}  // namespace

void DrawMonthsPanel(MonthsPanel& panel, AppState& app) {
  if (!app.archive_open) {
    ui::MutedText("No archive is open.");
    return;
  }
  RefreshMonthCounts(panel, app);
  // The keys are the column's (panel_left), not ImGui's navigation.
  ImGui::BeginChild("##months", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NoNavInputs);
  if (panel.months.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    const bool filtered = !panel.counts_query.Empty();
    ui::MutedText(filtered ? "No document that matches the search and filters has a known month. Change the search or "
                             "remove a filter."
                           : "No document in this archive has a known month.");
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    return;
  }
  const float gap = ImGui::GetStyle().ItemSpacing.y;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0f));
  for (size_t y = 0; y < panel.years.size(); ++y) {
    if (y > 0) ImGui::Dummy(ImVec2(0, gap));
    const bool open = YearOpen(panel, app, y);
    const int header = panel.cursor.count;
    DrawYearHeader(panel, app, y, open);
    if (!open) continue;
    for (size_t i = panel.years[y].first; i < panel.years[y].first + panel.years[y].count; ++i) {
      // ← on a month: to its year.
      if (panel.keys.dx < 0 && panel.cursor.on && panel.cursor.at == panel.cursor.count) {
        panel.cursor.at = header;
        panel.cursor.moved = true;
        panel.keys.dx = 0;
      }
      panel.cursor.defer_ring = true;  // over the row's fill
      DrawMonthRow(panel, app, i);
      panel.cursor.defer_ring = false;
      panel.cursor.DrawRing(app);
    }
  }
  ImGui::PopStyleVar();
  ImGui::Dummy(ImVec2(0, gap));
  ImGui::PushTextWrapPos(0.0f);
  ui::MutedText("Click a month to filter, shift-click to exclude.");
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

void ReportMonths(const MonthsPanel& panel, stenogram::JsonValue& left) {
  left["months"] = panel.months.size();
  left["monthCounts"] = stenogram::JsonValue::Object();
  for (const auto& m : panel.months) left["monthCounts"][m.month] = m.count;
}
