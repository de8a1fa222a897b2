// panel_timeline: the timeline strip (see panel_timeline.h). Compute first (core/timeline structs,
// cached by view and query), then draw.
#include "app/panel_timeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "app/app.h"
#include "app/platform.h"
#include "app/ui.h"
#include "core/export.h"
#include "imgui.h"

namespace tl = stenogram;

namespace {

ImU32 WithAlpha(ImU32 c, float a) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  v.w *= a;
  return ImGui::ColorConvertFloat4ToU32(v);
}

const char* const kLaneLabels[] = {"Country", "Kind", "Person"};
const tl::LaneBy kLaneBys[] = {tl::LaneBy::Country, tl::LaneBy::Kind, tl::LaneBy::Person};

// The records arrive from the engine once per archive; load_ms is the wait from asking to arrival.
void EnsureData(TimelinePanel& p, AppState& s) {
  if (p.loaded_for == s.archive_gen) return;
  const auto now = std::chrono::steady_clock::now();
  if (p.asked_for != s.archive_gen) {
    p.asked_for = s.archive_gen;
    p.asked_at = now;
  }
  const tl::TimelineData* answer = s.archive_open ? s.client.Ask(stenogram::TimelineRequest{}) : nullptr;
  if (!answer) return;
  p.data = *answer;
  p.load_ms = std::chrono::duration<float, std::milli>(now - p.asked_at).count();
  p.loaded_for = s.archive_gen;
  p.view_set = false;
  p.lanes_max = 0;
  p.match_version = ~0ull;
  p.key = {};
}

void EnsureLanes(TimelinePanel& p, AppState& s, size_t max_lanes) {
  if (p.lanes_max == max_lanes && p.lanes_by == p.lane_by) return;
  if (p.lane_by == tl::LaneBy::Kind && !p.data.kinds_loaded) {  // the kinds come on demand
    stenogram::TimelineRequest request;
    request.with_kinds = true;
    const tl::TimelineData* answer = s.client.Ask(request);
    if (!answer) return;  // the lanes stay as they are until the kinds arrive
    p.data = *answer;
  }
  p.lanes = tl::AssignLanes(p.data, p.lane_by, max_lanes);
  p.lanes_by = p.lane_by;
  p.lanes_max = max_lanes;
  ++p.lanes_gen;
  p.match_version = ~0ull;  // the prefix sums follow the lanes
}

void EnsureMatches(TimelinePanel& p, const AppState& s) {
  if (s.result_version != s.query_version || p.match_version == s.result_version) return;
  p.filtered = !s.query.Empty() && s.result.error.empty();
  p.match_days = p.filtered ? tl::DaysOfIds(p.data, s.result.ids) : std::vector<int64_t>{};
  p.match_prefix = p.filtered ? tl::LaneMatchPrefix(p.data, p.lanes, s.result.ids)
                              : std::vector<std::vector<uint32_t>>{};
  p.match_version = s.result_version;
}

std::string RangeText(const AppState& s) {
  const auto& q = s.query;
  std::string from = q.day_from ? tl::FormatDay(*q.day_from, tl::BucketUnit::Day) : "…";
  std::string to = q.day_to ? tl::FormatDay(*q.day_to, tl::BucketUnit::Day) : "…";
  return from + " – " + to;
}

void SetRange(AppState& s, std::optional<int64_t> from, std::optional<int64_t> to) {
  tl::Query q = s.query;
  q.day_from = from;
  q.day_to = to;
  s.SetQuery(q);
}

// Header: lane selector, the bucket, the brushed range with its clear button.
void DrawHeader(TimelinePanel& p, AppState& s, float width) {
  const ui::Palette& c = ui::Colors();
  ImGui::AlignTextToFramePadding();
  ImFont* bold = s.fonts.bold ? s.fonts.bold : ImGui::GetFont();
  ImGui::PushFont(bold);
  ImGui::TextUnformatted("Timeline");
  ImGui::PopFont();
  const bool narrow = width < ImGui::GetFontSize() * 40.0f;
  if (!narrow) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ui::MutedText("lanes by");
  }
  for (int i = 0; i < 3; ++i) {
    ImGui::SameLine(0, i == 0 ? -1.0f : ImGui::GetStyle().ItemSpacing.x * 0.4f);
    const bool on = p.lane_by == kLaneBys[i];
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(on ? c.accent_soft : c.faint));
    ImGui::PushID(i);
    if (ImGui::SmallButton(kLaneLabels[i])) p.lane_by = kLaneBys[i];
    ImGui::PopID();
    ImGui::PopStyleColor();
    ui::Mark(s, std::string("timeline-lanes-") + tl::LaneByName(kLaneBys[i]));
  }
  if (!p.data.records.empty() && !narrow) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    const std::string per = std::string("· bars per ") + tl::BucketUnitName(p.histogram.unit);
    ui::MutedText(per.c_str());
  }
  DrawCompareButton(p.compare, s);  // panel_compare.cpp
  const float right = ImGui::GetWindowContentRegionMax().x;
  if (s.query.day_from || s.query.day_to) {
    const std::string range = RangeText(s);
    const char* clear = "Clear range";
    const float bw = ImGui::CalcTextSize(clear).x + ImGui::GetStyle().FramePadding.x * 2;
    const float tw = ImGui::CalcTextSize(range.c_str()).x;
    ImGui::SameLine();
    const float x = right - bw - tw - ImGui::GetStyle().ItemSpacing.x;
    if (x > ImGui::GetCursorPosX()) {
      ImGui::SetCursorPosX(x);
      ImGui::AlignTextToFramePadding();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.accent), "%s", range.c_str());
      ImGui::SameLine();
    } else {
      ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right - bw));
    }
    if (ImGui::SmallButton(clear)) SetRange(s, std::nullopt, std::nullopt);
    ui::Mark(s, "timeline-clear-range");
  } else if (!p.data.records.empty()) {
    const char* hint = "drag the bars to pick dates · wheel to zoom · double-click to reset";
    const float tw = ImGui::CalcTextSize(hint).x;
    ImGui::SameLine();
    if (right - tw > ImGui::GetCursorPosX()) {
      ImGui::SetCursorPosX(right - tw);
      ImGui::AlignTextToFramePadding();
      ui::MutedText(hint);
    } else {
      ImGui::NewLine();
    }
  }
}

void ShowCard(TimelinePanel& p, AppState& s, const tl::TimelineMark& m) {
  const int64_t key = m.first_id * 131 + m.count;
  if (key != p.card_key) {
    std::vector<int64_t> ids;
    const auto& members = p.lanes.members[static_cast<size_t>(m.lane)];
    for (int k = 0; k < std::min(m.count, 4); ++k) ids.push_back(p.data.records[members[m.first + static_cast<uint32_t>(k)]].id);
    stenogram::CardsRequest request;
    request.ids = std::move(ids);
    const auto* answer = s.client.Ask(request);
    p.cards = answer ? *answer : std::vector<tl::TimelineCard>{};
    if (answer) p.card_key = key;  // until then the card shows the count only
  }
  const ui::Palette& c = ui::Colors();
  const float wrap = ImGui::GetFontSize() * 26.0f;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(wrap);
  ImFont* bold = s.fonts.bold ? s.fonts.bold : ImGui::GetFont();
  if (m.count == 1 && !p.cards.empty()) {
    const tl::TimelineCard& card = p.cards.front();
    ImGui::PushFont(bold);
    ImGui::TextUnformatted(card.title.c_str());
    ImGui::PopFont();
    std::string line = tl::HumanDate(card.date, card.date_precision);
    if (!card.place.empty()) line += "  ·  " + card.place;
    ui::MutedText(line.c_str());
    if (!card.counterparts.empty()) {
      std::string with = "With ";
      for (size_t i = 0; i < card.counterparts.size(); ++i) with += (i ? ", " : "") + card.counterparts[i];
      ImGui::TextUnformatted(with.c_str());
    }
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.muted), "Click to open");
  } else {
    const auto& members = p.lanes.members[static_cast<size_t>(m.lane)];
    const int64_t d0 = p.data.records[members[m.first]].day;
    const int64_t d1 = p.data.records[members[m.first + static_cast<uint32_t>(m.count) - 1]].day;
    ImGui::PushFont(bold);
    ImGui::Text("%d documents", m.count);
    ImGui::PopFont();
    std::string span = tl::FormatDay(d0, tl::BucketUnit::Day);
    if (d1 != d0) span += " – " + tl::FormatDay(d1, tl::BucketUnit::Day);
    if (m.matching >= 0) span += "  ·  " + std::to_string(m.matching) + " matching";
    ui::MutedText(span.c_str());
    for (const auto& card : p.cards) {
      ImGui::Bullet();
      ImGui::TextUnformatted(card.title.c_str());
    }
    if (m.count > static_cast<int>(p.cards.size())) ui::MutedText("…");
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.muted), "Click opens the first · zoom in to separate them");
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

tl::TimelineView WholeArchiveView(const TimelinePanel& p, double width_px) {
  tl::TimelineView v;
  v.width_px = width_px;
  if (p.data.records.empty()) {
    v.start = 0;
    v.end = 365;
    return v;
  }
  const double first = static_cast<double>(p.data.FirstDay()), last = static_cast<double>(p.data.LastDay()) + 1;
  const double span = std::clamp(last - first, 30.0, tl::kTimelineMaxSpanDays);
  const double pad = std::max(span * 0.03, 10.0);
  v.start = first - pad;
  v.end = std::max(last, first + span) + pad;
  if (v.Span() > tl::kTimelineMaxSpanDays) v.end = v.start + tl::kTimelineMaxSpanDays;
  return v;
}

void DrawTimelinePanel(TimelinePanel& p, AppState& s, float height) {
  EnsureData(p, s);
  const ui::Palette& c = ui::Colors();
  ImGuiIO& io = ImGui::GetIO();
  const float font = ImGui::GetFontSize();
  const float scale = std::max(1.0f, s.ui_scale);
  DrawHeader(p, s, ImGui::GetContentRegionAvail().x);
  DrawCompareBar(p.compare, s);  // searches compared over time (panel_compare.cpp)
  ImGui::Dummy(ImVec2(0, 0));

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float total_h = std::max(avail.y, font * 3.0f);
  const float gutter = std::clamp(avail.x * 0.14f, font * 5.0f, font * 9.0f);
  const float plot_x = origin.x + gutter;
  const float plot_w = std::max(avail.x - gutter, 10.0f);
  const float axis_h = font * 1.45f;
  const float lane_h = font * 1.1f;
  const bool phone = ImGui::GetWindowWidth() < font * 40.0f;
  const float hist_h = std::clamp((total_h - axis_h) * (phone ? 0.45f : 0.36f), font * 2.0f, font * 4.0f);
  const float lanes_y = origin.y + hist_h + axis_h;
  const float lanes_h = std::max(0.0f, origin.y + total_h - lanes_y);
  const size_t max_lanes = std::max<size_t>(1, static_cast<size_t>(lanes_h / lane_h));
  (void)height;

  if (p.loaded_for != s.archive_gen) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + font));
    ui::MutedText("Loading the timeline…");
    return;
  }
  if (p.data.records.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + font));
    ui::MutedText(p.data.undated ? "No document in this archive has a date: there is nothing to place on the timeline."
                                 : "This archive has no documents.");
    return;
  }
  EnsureLanes(p, s, max_lanes);
  EnsureMatches(p, s);
  if (!p.view_set) {
    p.view = WholeArchiveView(p, plot_w);
    p.view_set = true;
  }
  p.view.width_px = plot_w;

  // ---- input ----
  ImGui::SetCursorScreenPos(ImVec2(plot_x, origin.y));
  ImGui::InvisibleButton("##timeline-plot", ImVec2(plot_w, std::max(total_h, 1.0f)));
  ui::Mark(s, "timeline-area");
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = io.MousePos;
  const float mx = mouse.x - plot_x;
  const bool in_lanes = mouse.y >= lanes_y;
  const bool touch = platform::PointerIsTouch();
  if (ImGui::IsItemActivated()) {
    p.press_x = mouse.x;
    p.press_y = mouse.y;
    p.moved = false;
    p.focused = true;
    p.drag = (in_lanes || touch) ? TimelinePanel::Drag::Pan : TimelinePanel::Drag::Brush;
    p.brush_a = p.brush_b = p.view.XToDay(mx);
  }
  if (ImGui::IsMouseClicked(0) && !hovered && !ImGui::IsItemActive()) p.focused = false;
  if (ImGui::IsItemActive()) {
    if (std::fabs(mouse.x - p.press_x) > 4.0f * scale || std::fabs(mouse.y - p.press_y) > 4.0f * scale) p.moved = true;
    // Not on the press itself: a finger (or a pointer that jumped) arrives from somewhere else.
    if (p.drag == TimelinePanel::Drag::Pan && io.MouseDelta.x != 0.0f && !ImGui::IsItemActivated())
      p.view = p.view.Panned(io.MouseDelta.x);
    if (p.drag == TimelinePanel::Drag::Brush) p.brush_b = p.view.XToDay(std::clamp(mx, 0.0f, plot_w));
  }
  bool clicked = false;
  if (ImGui::IsItemDeactivated()) {
    if (p.drag == TimelinePanel::Drag::Brush && p.moved) {
      const int64_t a = static_cast<int64_t>(std::floor(std::min(p.brush_a, p.brush_b)));
      const int64_t b = static_cast<int64_t>(std::floor(std::max(p.brush_a, p.brush_b)));
      SetRange(s, a, b);
    } else if (!p.moved) {
      clicked = true;
    }
    p.drag = TimelinePanel::Drag::None;
  }
  if (ui::ItemDoubleClicked()) {
    p.view = WholeArchiveView(p, plot_w);
    if (s.query.day_from || s.query.day_to) SetRange(s, std::nullopt, std::nullopt);
    clicked = false;
  }
  if (hovered && io.MouseWheel != 0.0f) p.view = p.view.ZoomedAt(mx, std::pow(1.25, io.MouseWheel));
  if (hovered && io.MouseWheelH != 0.0f) p.view = p.view.Panned(io.MouseWheelH * font * 2.0f);
  {
    float cx = 0, cy = 0;
    const float pinch = platform::TakePinch(&cx, &cy);
    const ImVec2 win = ImGui::GetMainViewport()->Pos;
    cx = cx * s.ui_scale + win.x;
    cy = cy * s.ui_scale + win.y;
    if (pinch != 1.0f && cx >= plot_x && cx <= plot_x + plot_w && cy >= origin.y && cy <= origin.y + total_h)
      p.view = p.view.ZoomedAt(cx - plot_x, pinch);
  }
  const bool strip_hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows);
  if ((strip_hovered || p.focused) && !io.WantTextInput) {
    const float at = hovered ? mx : plot_w * 0.5f;
    if (ImGui::IsKeyPressed(ImGuiKey_Equal) || ImGui::IsKeyPressed(ImGuiKey_KeypadAdd)) p.view = p.view.ZoomedAt(at, 1.5);
    if (ImGui::IsKeyPressed(ImGuiKey_Minus) || ImGui::IsKeyPressed(ImGuiKey_KeypadSubtract))
      p.view = p.view.ZoomedAt(at, 1.0 / 1.5);
    if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) p.view = p.view.Panned(plot_w * 0.15);
    if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) p.view = p.view.Panned(-plot_w * 0.15);
  }
  {  // keep some of the archive in view
    const double span = p.view.Span();
    const double lo = static_cast<double>(p.data.FirstDay()) - span * 0.9;
    const double hi = static_cast<double>(p.data.LastDay()) + 1 + span * 0.9;
    if (p.view.start < lo) p.view.start = lo, p.view.end = lo + span;
    if (p.view.end > hi) p.view.end = hi, p.view.start = hi - span;
  }

  // ---- compute (only when the view, lanes or query changed) ----
  const float merge = 3.0f * scale;
  const TimelinePanel::Key key{p.view.start, p.view.end, p.view.width_px, merge, p.match_version, p.lanes_gen, font};
  if (!(key == p.key)) {
    const auto t0 = std::chrono::steady_clock::now();
    p.histogram = tl::MakeHistogram(p.view, 5.0 * scale, p.data.days, p.filtered ? &p.match_days : nullptr);
    p.marks = tl::TimelineMarks(p.data, p.lanes, p.view, merge, p.filtered ? &p.match_prefix : nullptr);
    p.ticks = tl::TimelineTicks(p.view, [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; },
                                font * 0.9f);
    p.key = key;
    p.compute_ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
  }

  // ---- draw ----
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bottom = origin.y + total_h;
  const float base_y = origin.y + hist_h;
  dl->PushClipRect(ImVec2(origin.x, origin.y), ImVec2(plot_x + plot_w, bottom), true);
  // Lane backgrounds and names.
  for (size_t l = 0; l < p.lanes.names.size(); ++l) {
    const float y0 = lanes_y + lane_h * static_cast<float>(l);
    if (l % 2 == 0) dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(plot_x + plot_w, y0 + lane_h), WithAlpha(c.faint, 0.55f));
    std::string name = p.lanes.names[l].empty() ? "(none)" : p.lanes.names[l];
    const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
    dl->PushClipRect(ImVec2(origin.x, y0), ImVec2(plot_x - font * 0.4f, y0 + lane_h), true);
    dl->AddText(ImVec2(origin.x + font * 0.2f, y0 + (lane_h - ts.y) * 0.5f),
                p.lanes.has_other && l + 1 == p.lanes.names.size() ? c.muted : c.ink, name.c_str());
    dl->PopClipRect();
  }
  if (p.lanes.names.empty()) {
    const char* none = p.lane_by == tl::LaneBy::Kind ? "No document has a kind."
                       : p.lane_by == tl::LaneBy::Country ? "No meeting here names a counterpart country."
                                                          : "No meeting here names a counterpart person.";
    dl->AddText(ImVec2(plot_x + font * 0.3f, lanes_y + font * 0.1f), c.muted, none);
  }
  // Histogram.
  const double scale_max = std::max(1, p.histogram.max_total);
  const float bar_top = origin.y + font * 0.3f;
  const float bar_room = base_y - bar_top;
  int bars = 0;
  int hovered_bucket = -1;
  for (size_t i = 0; i < p.histogram.total.size(); ++i) {
    const auto& b = p.histogram.total[i];
    float x0 = plot_x + static_cast<float>(p.view.DayToX(static_cast<double>(b.start)));
    float x1 = plot_x + static_cast<float>(p.view.DayToX(static_cast<double>(b.end)));
    if (hovered && !in_lanes && mouse.x >= x0 && mouse.x < x1) hovered_bucket = static_cast<int>(i);
    if (b.count == 0) continue;
    x1 = std::max(x0 + 1.0f, x1 - std::max(1.0f, (x1 - x0) * 0.12f));
    const float h = static_cast<float>(b.count / scale_max) * bar_room;
    const ImU32 col = p.filtered ? WithAlpha(c.muted, 0.28f) : WithAlpha(c.accent, hovered_bucket == static_cast<int>(i) ? 0.9f : 0.6f);
    dl->AddRectFilled(ImVec2(x0, base_y - std::max(h, 1.0f)), ImVec2(x1, base_y), col);
    ++bars;
    if (p.filtered && i < p.histogram.matching.size() && p.histogram.matching[i].count > 0) {
      const float mh = static_cast<float>(p.histogram.matching[i].count / scale_max) * bar_room;
      dl->AddRectFilled(ImVec2(x0, base_y - std::max(mh, 1.5f)), ImVec2(x1, base_y),
                        WithAlpha(c.accent, hovered_bucket == static_cast<int>(i) ? 1.0f : 0.85f));
    }
  }
  DrawCompareSeries(p.compare, p, s, plot_x, bar_top, base_y, origin.x + font * 0.2f);
  // Scale in the gutter.
  {
    const std::string top = std::to_string(p.histogram.max_total);
    dl->AddText(ImVec2(origin.x + font * 0.2f, bar_top - font * 0.15f), c.muted, top.c_str());
  }
  // Axis.
  dl->AddLine(ImVec2(plot_x, base_y), ImVec2(plot_x + plot_w, base_y), c.rule, 1.0f * scale);
  for (const auto& t : p.ticks) {
    const float x = plot_x + static_cast<float>(t.x);
    dl->AddLine(ImVec2(x, base_y), ImVec2(x, base_y + font * 0.35f), c.muted, 1.0f);
    if (!p.lanes.names.empty()) dl->AddLine(ImVec2(x, lanes_y), ImVec2(x, bottom), WithAlpha(c.rule, 0.7f), 1.0f);
    if (!t.label.empty())
      dl->AddText(ImVec2(plot_x + static_cast<float>(t.label_x) + font * 0.2f, base_y + font * 0.2f), c.muted, t.label.c_str());
  }
  // Brushed range (the query's, or the one being dragged).
  {
    double a = 0, b = 0;
    bool show = false;
    if (p.drag == TimelinePanel::Drag::Brush && p.moved) {
      a = std::floor(std::min(p.brush_a, p.brush_b));
      b = std::floor(std::max(p.brush_a, p.brush_b)) + 1;
      show = true;
    } else if (s.query.day_from || s.query.day_to) {
      a = s.query.day_from ? static_cast<double>(*s.query.day_from) : p.view.start - p.view.Span();
      b = s.query.day_to ? static_cast<double>(*s.query.day_to) + 1 : p.view.end + p.view.Span();
      show = true;
    }
    if (show) {
      const float x0 = plot_x + static_cast<float>(std::max(-10.0, p.view.DayToX(a)));
      const float x1 = plot_x + static_cast<float>(std::min(plot_w + 10.0, p.view.DayToX(b)));
      if (x1 > x0) {
        dl->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x1, bottom), WithAlpha(c.accent, 0.10f));
        dl->AddLine(ImVec2(x0, origin.y), ImVec2(x0, bottom), WithAlpha(c.accent, 0.8f), 1.5f * scale);
        dl->AddLine(ImVec2(x1, origin.y), ImVec2(x1, bottom), WithAlpha(c.accent, 0.8f), 1.5f * scale);
      }
    }
  }
  // Marks.
  const tl::TimelineMark* hover_mark = nullptr;
  float best = 1e9f;
  const float mark_h = lane_h * 0.62f;
  p.located.clear();
  for (const auto& m : p.marks) {
    const float y0 = lanes_y + lane_h * static_cast<float>(m.lane) + (lane_h - mark_h) * 0.5f;
    if (y0 > bottom) continue;
    const float x0 = plot_x + m.x0, x1 = plot_x + std::max(m.x1, m.x0 + merge);
    const bool dim = m.matching == 0;
    const float strength = m.count > 1 ? std::min(1.0f, 0.6f + 0.2f * std::log10(static_cast<float>(m.count) + 1)) : 0.7f;
    // Narrow marks are plain rectangles (4 vertices; rounded corners would be dozens each).
    const float round = x1 - x0 >= 8.0f * scale ? mark_h * 0.3f : 0.0f;
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y0 + mark_h), dim ? WithAlpha(c.muted, 0.35f) : WithAlpha(c.accent, strength), round);
    if (m.count > 1 && x1 - x0 > font * 1.6f) {
      const std::string n = std::to_string(m.count);
      const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
      if (ts.x + font * 0.4f < x1 - x0) dl->AddText(ImVec2((x0 + x1 - ts.x) * 0.5f, y0 + (mark_h - ts.y) * 0.5f), c.panel, n.c_str());
    }
    if (hovered && in_lanes && mouse.y >= y0 - lane_h * 0.19f && mouse.y < y0 + mark_h + lane_h * 0.19f) {
      const float d = mouse.x < x0 ? x0 - mouse.x : mouse.x > x1 ? mouse.x - x1 : 0.0f;
      if (d <= 3.0f * scale && d < best) best = d, hover_mark = &m;
    }
    if (p.located.size() < 40 && m.count == 1 && x0 >= plot_x && x1 <= plot_x + plot_w && y0 + mark_h <= bottom) {
      s.locate.Record("timeline-mark-" + std::to_string(m.first_id), ImVec2(x0, y0), ImVec2(x1, y0 + mark_h));
      p.located.push_back(m.first_id);
    }
  }
  p.marks_drawn = static_cast<int>(p.marks.size());
  if (hover_mark) {
    const float y0 = lanes_y + lane_h * static_cast<float>(hover_mark->lane) + (lane_h - mark_h) * 0.5f;
    dl->AddRect(ImVec2(plot_x + hover_mark->x0 - 1, y0 - 1),
                ImVec2(plot_x + std::max(hover_mark->x1, hover_mark->x0 + merge) + 1, y0 + mark_h + 1), c.ink,
                mark_h * 0.3f, 0, 1.5f * scale);
  }
  dl->PopClipRect();
  s.locate.Record("timeline-bars", ImVec2(plot_x, origin.y), ImVec2(plot_x + plot_w, base_y));
  s.locate.Record("timeline-lanes", ImVec2(plot_x, lanes_y), ImVec2(plot_x + plot_w, bottom));

  if (hover_mark && p.drag == TimelinePanel::Drag::None) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ShowCard(p, s, *hover_mark);
    if (clicked) p.open_request = hover_mark->first_id;
  } else if (hovered_bucket >= 0 && p.drag == TimelinePanel::Drag::None) {
    const auto& b = p.histogram.total[static_cast<size_t>(hovered_bucket)];
    tl::BucketUnit u = p.histogram.unit == tl::BucketUnit::Week ? tl::BucketUnit::Day : p.histogram.unit;
    std::string label = tl::FormatDay(b.start, u);
    if (p.histogram.unit == tl::BucketUnit::Week) label = "Week of " + label;
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(label.c_str());
    if (p.filtered && static_cast<size_t>(hovered_bucket) < p.histogram.matching.size())
      ImGui::Text("%d matching of %d documents", p.histogram.matching[static_cast<size_t>(hovered_bucket)].count, b.count);
    else
      ImGui::Text("%d documents", b.count);
    ui::MutedText("Drag to pick a date range");
    ImGui::EndTooltip();
  }
  if (hovered && p.drag == TimelinePanel::Drag::None && in_lanes && !hover_mark) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
}

void SetTimelineView(TimelinePanel& p, AppState& s, double start, double end) {
  EnsureData(p, s);
  const double span = std::clamp(end - start, tl::kTimelineMinSpanDays, tl::kTimelineMaxSpanDays);
  const double mid = (start + end) * 0.5;
  p.view.start = mid - span * 0.5;
  p.view.end = mid + span * 0.5;
  p.view_set = true;
}

void DrawTimelineArea(App& app) {
  AppState& s = app.state;
  if (!s.archive_open) return;
  if (s.embed.on && !s.embed.timeline) return;
  const float font = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool phone = avail.x < font * 40.0f;
  float h = phone ? std::clamp(avail.y * 0.22f, font * 9.0f, font * 11.0f) : std::clamp(avail.y * 0.27f, font * 10.0f, font * 13.5f);
  if (avail.y < font * 24.0f) h = std::min(h, std::max(font * 6.5f, avail.y * 0.3f));
  ImGui::BeginChild("##timeline", ImVec2(0, h), ImGuiChildFlags_Border,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  DrawTimelinePanel(app.panels.timeline, s, h);
  ImGui::EndChild();
  if (app.panels.timeline.open_request) {
    const int64_t id = *app.panels.timeline.open_request;
    app.panels.timeline.open_request.reset();
    OpenDocumentEverywhere(app, id);
  }
}
