// panel_compare: searches compared over time on the timeline (see panel_compare.h).
#include "app/panel_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app_state.h"
#include "app/panel_left.h"
#include "app/panel_timeline.h"
#include "app/ui.h"
#include "imgui.h"
#include "core/text/json.h"

namespace tl = stenogram;

ImU32 SeriesColor(size_t index) {
  static const ImU32 kLight[] = {IM_COL32(31, 111, 178, 255), IM_COL32(46, 139, 87, 255), IM_COL32(214, 123, 0, 255)};
  static const ImU32 kDark[] = {IM_COL32(110, 172, 236, 255), IM_COL32(104, 201, 140, 255), IM_COL32(240, 170, 70, 255)};
  const bool dark = ui::CurrentTheme() == stenogram::Theme::Dark;
  return (dark ? kDark : kLight)[index % 3];
}

bool SetComparison(CompareState& c, const std::vector<std::string>& texts, std::string* error) {
  std::vector<std::string> kept;
  for (const std::string& t : texts) {
    const size_t a = t.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) continue;
    const std::string trimmed = t.substr(a, t.find_last_not_of(" \t\r\n") - a + 1);
    if (std::find(kept.begin(), kept.end(), trimmed) == kept.end()) kept.push_back(trimmed);
  }
  if (kept.size() > CompareState::kMaxSeries) {
    if (error) *error = "at most 3 searches can be compared";
    return false;
  }
  std::vector<CompareSeries> next;
  for (const std::string& t : kept) {
    auto it = std::find_if(c.series.begin(), c.series.end(), [&](const CompareSeries& s) { return s.text == t; });
    if (it != c.series.end()) next.push_back(*it);
    else next.push_back(CompareSeries{t});
  }
  c.series = std::move(next);
  ++c.serial;
  return true;
}


stenogram::Query CompareQuery(const AppState& s, const std::string& text) {
  stenogram::Query q = s.query;
  q.text = text;
  q.day_from.reset();  // over the whole timeline, whatever range is brushed
  q.day_to.reset();
  q.sort = stenogram::SortOrder::DateAscending;
  return q;
}

void RefreshComparison(CompareState& c, TimelinePanel& p, AppState& s) {
  if (p.loaded_for != s.archive_gen) return;  // the days come from the timeline's records
  for (CompareSeries& se : c.series) {
    if (se.ready && se.days_for == s.query_version) continue;
    const auto* a = s.client.Ask(stenogram::SearchRequest{CompareQuery(s, se.text)});
    if (!a) continue;
    se.days = tl::DaysOfIds(p.data, a->ids);
    se.total = a->total;
    se.ready = true;
    se.days_for = s.query_version;
    ++c.serial;
  }
}

namespace {

void AddFromInput(CompareState& c) {
  std::vector<std::string> texts;
  for (const auto& se : c.series) texts.push_back(se.text);
  texts.push_back(c.input);
  if (SetComparison(c, texts, nullptr)) {
    c.input[0] = 0;
    c.adding = false;
  }
}

}  // namespace

void DrawCompareButton(CompareState& c, AppState& s) {
  if (!c.series.empty() || c.adding) return;  // the bar below has the controls
  const char* add = "+ Compare";
  const float w = ImGui::CalcTextSize(add).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + w > ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x) ImGui::NewLine();
  if (ImGui::SmallButton(add)) {
    c.adding = true;
    c.focus_input = true;
    if (!s.query.text.empty()) std::snprintf(c.input, sizeof c.input, "%s", s.query.text.c_str());
  }
  ui::Mark(s, "compare-add");
  ImGui::SetItemTooltip("Draw up to three searches as lines over the timeline");
}

void DrawCompareBar(CompareState& c, AppState& s) {
  if (c.series.empty() && !c.adding) return;  // "+ Compare" sits in the header (DrawCompareButton)
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  ImGui::AlignTextToFramePadding();
  ui::MutedText("Compare");
  int remove = -1;
  for (size_t i = 0; i < c.series.size(); ++i) {
    const CompareSeries& se = c.series[i];
    // Room for a colour swatch (drawn over the button) before the text.
    std::string label = "     " + se.text + (se.ready ? " (" + std::to_string(se.total) + ")" : std::string(" …")) + "  ×";
    const float w = ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2;
    ImGui::SameLine(0, style.ItemSpacing.x * 0.6f);
    if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(SeriesColor(i)));
    if (ImGui::SmallButton(label.c_str())) remove = static_cast<int>(i);
    ImGui::PopStyleColor();
    {
      const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      const float side = std::round((b.y - a.y) * 0.42f), x = a.x + style.FramePadding.x, y = std::round((a.y + b.y - side) * 0.5f);
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, y), ImVec2(x + side, y + side), SeriesColor(i), 2.0f);
    }
    ImGui::PopID();
    ui::Mark(s, "compare-series-" + std::to_string(i));
    ImGui::SetItemTooltip("Remove “%s” from the comparison", se.text.c_str());
  }
  if (remove >= 0) {
    c.series.erase(c.series.begin() + remove);
    ++c.serial;
  }
  if (c.series.size() < CompareState::kMaxSeries) {
    ImGui::SameLine(0, style.ItemSpacing.x * 0.6f);
    if (c.adding) {
      const float w = ImGui::GetFontSize() * 9.0f;
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
      ImGui::SetNextItemWidth(w);
      if (c.focus_input) ImGui::SetKeyboardFocusHere();
      c.focus_input = false;
      const bool enter = ImGui::InputTextWithHint("##compare-input", "a search…", c.input, sizeof c.input,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
      ui::Mark(s, "compare-input");
      if (enter) AddFromInput(c);
      if (ImGui::IsItemDeactivated() && !enter && c.input[0] == 0) c.adding = false;
    } else {
      const char* add = c.series.empty() ? "+ Compare searches" : "+ Add";
      const float w = ImGui::CalcTextSize(add).x + style.FramePadding.x * 2;
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
      if (ImGui::SmallButton(add)) {
        c.adding = true;
        c.focus_input = true;
        if (c.series.empty() && !s.query.text.empty()) std::snprintf(c.input, sizeof c.input, "%s", s.query.text.c_str());
      }
      ui::Mark(s, "compare-add");
      ImGui::SetItemTooltip("Draw up to three searches as lines over the timeline");
    }
  }
  if (!c.series.empty()) {
    const float w = ImGui::CalcTextSize("Count").x + ImGui::CalcTextSize("Per 1,000").x + style.FramePadding.x * 4 +
                    style.ItemSpacing.x;
    ImGui::SameLine(0, style.ItemSpacing.x);
    if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    if (TabButton(s, "Count", !c.per_thousand, "compare-count")) c.per_thousand = false;
    ImGui::SameLine(0, style.ItemSpacing.x * 0.4f);
    if (TabButton(s, "Per 1,000", c.per_thousand, "compare-per-thousand")) c.per_thousand = true;
    ImGui::SetItemTooltip("Matching documents per 1,000 documents of each bar's period");
  }
}

void DrawCompareSeries(CompareState& c, TimelinePanel& p, AppState& s, float plot_x, float bar_top, float base_y,
                       float gutter_x) {
  if (c.series.empty()) return;
  RefreshComparison(c, p, s);
  const auto& bars = p.histogram.total;
  if (c.key_start != p.view.start || c.key_end != p.view.end || c.key_width != p.view.width_px ||
      c.key_bars != bars.size() || c.key_per != c.per_thousand || c.key_serial != c.serial) {
    c.max_value = 0;
    for (CompareSeries& se : c.series) {
      se.values.assign(bars.size(), 0.0);
      if (!se.ready) continue;
      // The same bars as the histogram: count the series' days per bar.
      auto it = se.days.begin();
      for (size_t i = 0; i < bars.size(); ++i) {
        it = std::lower_bound(it, se.days.end(), bars[i].start);
        const auto end = std::lower_bound(it, se.days.end(), bars[i].end);
        const double n = static_cast<double>(end - it);
        se.values[i] = c.per_thousand ? (bars[i].count > 0 ? n * 1000.0 / bars[i].count : 0.0) : n;
        c.max_value = std::max(c.max_value, se.values[i]);
        it = end;
      }
    }
    c.key_start = p.view.start;
    c.key_end = p.view.end;
    c.key_width = p.view.width_px;
    c.key_bars = bars.size();
    c.key_per = c.per_thousand;
    c.key_serial = c.serial;
  }
  if (c.max_value <= 0) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float room = base_y - bar_top;
  const float thick = std::max(1.5f, ImGui::GetFontSize() * 0.14f);
  for (size_t k = 0; k < c.series.size(); ++k) {
    const CompareSeries& se = c.series[k];
    if (!se.ready) continue;
    std::vector<ImVec2> pts;
    for (size_t i = 0; i < bars.size() && i < se.values.size(); ++i) {
      const float x0 = plot_x + static_cast<float>(p.view.DayToX(static_cast<double>(bars[i].start)));
      const float x1 = plot_x + static_cast<float>(p.view.DayToX(static_cast<double>(bars[i].end)));
      const float y = base_y - static_cast<float>(se.values[i] / c.max_value) * room;
      pts.push_back(ImVec2((x0 + x1) * 0.5f, y));
    }
    if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), SeriesColor(k), ImDrawFlags_None, thick);
    for (const ImVec2& q : pts)
      if (q.y < base_y - 0.5f) dl->AddCircleFilled(q, thick * 1.3f, SeriesColor(k));
  }
  char top[48];
  if (c.per_thousand) std::snprintf(top, sizeof top, "%.1f‰", c.max_value);
  else std::snprintf(top, sizeof top, "%.0f", c.max_value);
  const float font = ImGui::GetFontSize();
  dl->AddText(ImVec2(gutter_x, bar_top + font * 0.9f), SeriesColor(0), top);
}

namespace {

std::string Hex(ImU32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
  return buf;
}

}  // namespace

void ReportCompare(const CompareState& c, stenogram::JsonValue& state) {
  stenogram::JsonValue queries = stenogram::JsonValue::Array();
  for (const auto& s : c.series) queries.Push(s.text);
  state["compare"] = {{"queries", queries}, {"perThousand", c.per_thousand}, {"adding", c.adding}, {"input", c.input}};
  if (!state.Has("timeline") || !state["timeline"].IsObject()) return;
  stenogram::JsonValue list = stenogram::JsonValue::Array();
  for (size_t i = 0; i < c.series.size(); ++i) {
    const CompareSeries& s = c.series[i];
    double peak = 0;
    for (double v : s.values) peak = std::max(peak, v);
    list.Push({{"query", s.text},
                    {"color", Hex(SeriesColor(i))},
                    {"ready", s.ready},
                    {"total", s.ready ? stenogram::JsonValue(s.total) : stenogram::JsonValue(nullptr)},
                    {"peak", peak},
                    {"bars", s.values.size()}});
  }
  state["timeline"]["series"] = list;
  state["timeline"]["seriesScale"] = c.per_thousand ? "per1000" : "count";
}
