// panel_facets: chips and facet counts (see panel_facets.h).
#include "app/panel_facets.h"

#include <algorithm>
#include <string>

#include "app/app_state.h"
#include "app/ui.h"
#include "imgui.h"

namespace {

constexpr size_t kShownValues = 6;
constexpr size_t kMaxValues = 60;

}  // namespace

void RefreshFacetCounts(FacetsPanel& panel, AppState& app) {
  if (panel.counts_version == app.query_version) return;
  // Asked for together; shown together once all have arrived (the previous counts stay till then).
  std::vector<const std::vector<stenogram::FacetValue>*> answers;
  for (FacetSection& s : panel.sections) {
    stenogram::FacetsRequest request;
    request.query = app.query;
    request.facet = s.facet;
    request.limit = static_cast<int64_t>(kMaxValues);
    answers.push_back(app.client.Ask(request));
  }
  if (std::find(answers.begin(), answers.end(), nullptr) != answers.end()) return;
  panel.counts_version = app.query_version;
  for (size_t i = 0; i < panel.sections.size(); ++i) {
    FacetSection& s = panel.sections[i];
    s.values = *answers[i];
    if (std::string(s.facet) == "year")
      std::sort(s.values.begin(), s.values.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
  }
}

namespace {

std::string ChipText(const stenogram::Filter& f) {
  return (f.exclude ? "not " : "") + f.facet + ": " + f.value + "  ×";
}

// Same line as the previous item when an item w wide still fits.
void Flow(float w) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
}

void DrawChips(AppState& app) {
  const ui::Palette& c = ui::Colors();
  const auto& filters = app.query.filters;
  int remove = -1;
  for (size_t i = 0; i < filters.size(); ++i) {
    const std::string text = ChipText(filters[i]);
    const float w = ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    if (i > 0) Flow(w);
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(filters[i].exclude ? c.error_bg : c.accent_soft));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(filters[i].exclude ? c.error_ink : c.accent));
    if (ImGui::SmallButton(text.c_str())) remove = static_cast<int>(i);
    ImGui::PopStyleColor(2);
    ui::Mark(app, "chip:" + std::to_string(i));
    ImGui::SetItemTooltip("Remove this filter");
    ImGui::PopID();
  }
  if (remove >= 0) {
    stenogram::Query q = app.query;
    q.filters.erase(q.filters.begin() + remove);
    app.SetQuery(q);
  }
}

void DrawSection(FacetSection& s, FacetsPanel& panel, AppState& app) {
  const ui::Palette& c = ui::Colors();
  ImGui::Spacing();
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted(s.title);
  ImGui::PopFont();
  const size_t shown = s.expanded ? s.values.size() : std::min(s.values.size(), kShownValues);
  const float right = ImGui::GetContentRegionMax().x;
  for (size_t i = 0; i < shown; ++i) {
    const stenogram::FacetValue& v = s.values[i];
    ImGui::PushID(static_cast<int>(i));
    const auto& filters = app.query.filters;
    auto active = std::find_if(filters.begin(), filters.end(),
                               [&](const stenogram::Filter& f) { return f.facet == s.facet && f.value == v.value; });
    const bool on = active != filters.end();
    const bool excluded = on && active->exclude;
    std::string label = v.label.empty() ? v.value : v.label;
    if (std::string(s.facet) == "speaker" && v.value == "question") label = "Questions";
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::Selectable("##value", on && !excluded);
    ui::Mark(app, std::string("facet:") + s.facet + ":", v.value);  // the value cut for the label (ui.h)
    const std::string says = std::string(s.title) + ": " + (excluded ? "not " : "") + label + ", " +
                             std::to_string(v.count) + (v.count == 1 ? " document" : " documents");
    const bool keyed = panel.cursor.Item(app, says, on, std::string(s.facet) + ":" + v.value);
    if (clicked || keyed) {
      stenogram::Filter f{s.facet, v.value, keyed ? panel.cursor.exclude : ImGui::GetIO().KeyShift};
      if (on) f = *active;
      ToggleFilter(app, f);
    }
    ImGui::SetItemTooltip(on ? "Click to remove this filter" : "Click to filter, shift-click to exclude");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string count = std::to_string(v.count);
    const float count_w = ImGui::CalcTextSize(count.c_str()).x;
    const float x_right = ImGui::GetWindowPos().x + right - ImGui::GetScrollX();
    const float pad = ImGui::GetStyle().FramePadding.x * 0.5f;
    dl->PushClipRect(top, ImVec2(x_right - count_w - pad * 2, top.y + ImGui::GetTextLineHeight() + 2), true);
    ui::AddTextVisual(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(top.x + pad, top.y),
                      excluded ? c.error_ink : (on ? c.accent : c.ink), ((excluded ? "not " : "") + label).c_str());
    dl->PopClipRect();
    dl->AddText(ImVec2(x_right - count_w - pad, top.y), c.muted, count.c_str());
    ImGui::PopID();
  }
  if (s.values.size() > kShownValues) {
    const std::string more = s.expanded ? "Show fewer" : "Show all " + std::to_string(s.values.size());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(c.accent));
    const bool clicked = ImGui::SmallButton(more.c_str());
    ImGui::PopStyleColor();
    ui::Mark(app, std::string("facet-more:") + s.facet);
    if (panel.cursor.Item(app, std::string(s.title) + ": " + more, false) || clicked) s.expanded = !s.expanded;
  }
}

}  // namespace

void ToggleFilter(AppState& app, const stenogram::Filter& f) {
  stenogram::Query q = app.query;
  auto same = [&](const stenogram::Filter& g) { return g.facet == f.facet && g.value == f.value; };
  auto it = std::find_if(q.filters.begin(), q.filters.end(), same);
  if (it != q.filters.end())
    q.filters.erase(it);
  else
    q.filters.push_back(f);
  app.SetQuery(q);
}

void DrawFacetsPanel(FacetsPanel& panel, AppState& app) {
  if (!app.archive_open) {
    ui::MutedText("No archive is open.");
    return;
  }
  RefreshFacetCounts(panel, app);
  ImGui::AlignTextToFramePadding();
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted("Filters");
  ImGui::PopFont();
  if (!app.query.filters.empty()) {
    const float w = ImGui::CalcTextSize("Clear all").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - w));
    if (ImGui::SmallButton("Clear all")) {
      stenogram::Query q = app.query;
      q.filters.clear();
      app.SetQuery(q);
    }
    ui::Mark(app, "clear-filters");
  }
  // The keys are the column's (panel_left), not ImGui's navigation.
  ImGui::BeginChild("##facets", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NoNavInputs);
  if (!app.query.filters.empty()) {
    DrawChips(app);
    ImGui::Spacing();
    ImGui::Separator();
  }
  bool any = false;
  for (size_t i = 0; i < panel.sections.size(); ++i) {
    if (panel.sections[i].values.empty()) continue;
    any = true;
    ImGui::PushID(static_cast<int>(i));
    DrawSection(panel.sections[i], panel, app);
    ImGui::PopID();
  }
  if (!any) {
    ImGui::PushTextWrapPos(0.0f);
    ui::MutedText(app.result.total == 0 ? "Nothing matches, so there is nothing to filter by. Remove a filter or change "
                                          "the search."
                                        : "This archive records no kinds, years, speakers or tags to filter by.");
    ImGui::PopTextWrapPos();
  } else {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ui::MutedText("Click to filter, shift-click to exclude.");
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}
