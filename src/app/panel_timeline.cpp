// panel_timeline: the timeline strip (see panel_timeline.h). Each frame: input (moves the view),
// compute (core/view/timeline + core/view/timeline_geometry, only when the view, the strip, the lanes or the
// query changed), draw (the static layer, copied from the last frame's vertices while valid, then
// what follows the pointer).
#include "app/panel_timeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/app.h"
#include "app/platform.h"
#include "app/report.h"
#include "app/ui.h"
#include "core/view/export.h"
#include "imgui.h"
#include "core/text/json.h"

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
  s.intents.Post(intent::SetRange{from, to});
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

// Compute: the hovered mark's cards (titles, places, counterparts of its first four documents) are
// asked for before anything is drawn; until they arrive the card shows the count only.
void EnsureCards(TimelinePanel& p, AppState& s, const tl::TimelineMark& m) {
  const int64_t key = m.first_id * 131 + m.count;
  if (key == p.card_key) return;
  std::vector<int64_t> ids;
  const auto& members = p.lanes.members[static_cast<size_t>(m.lane)];
  for (int k = 0; k < std::min(m.count, 4); ++k) ids.push_back(p.data.records[members[m.first + static_cast<uint32_t>(k)]].id);
  stenogram::CardsRequest request;
  request.ids = std::move(ids);
  const auto* answer = s.client.Ask(request);
  p.cards = answer ? *answer : std::vector<tl::TimelineCard>{};
  if (answer) p.card_key = key;
}

// Draws the hovered mark's card from what EnsureCards has (no request from here).
void ShowCard(const TimelinePanel& p, const AppState& s, const tl::TimelineMark& m) {
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

namespace {

// What the input step found under the pointer (for the draw and the cards).
struct Pointer {
  bool hovered = false;   // over the plot
  bool in_lanes = false;  // below the axis
  bool clicked = false;   // released without moving
  ImVec2 mouse;
};

// ---- input: press, drag (pan or brush), wheel, pinch, keys; moves p.view ----
Pointer HandleInput(TimelinePanel& p, AppState& s, const tl::TimelineBoxes& box) {
  ImGuiIO& io = ImGui::GetIO();
  const float font = box.font;
  const float scale = std::max(1.0f, s.ui_scale);
  Pointer in;
  ImGui::SetCursorScreenPos(ImVec2(box.plot_x, box.origin_y));
  ImGui::InvisibleButton("##timeline-plot", ImVec2(box.plot_w, std::max(box.total_h, 1.0f)));
  ui::Mark(s, "timeline-area");
  in.hovered = ImGui::IsItemHovered();
  in.mouse = io.MousePos;
  const float mx = in.mouse.x - box.plot_x;
  in.in_lanes = in.mouse.y >= box.lanes_y;
  const bool touch = platform::PointerIsTouch();
  if (ImGui::IsItemActivated()) {
    p.press_x = in.mouse.x;
    p.press_y = in.mouse.y;
    p.moved = false;
    p.focused = true;
    p.drag = (in.in_lanes || touch) ? TimelinePanel::Drag::Pan : TimelinePanel::Drag::Brush;
    p.brush_a = p.brush_b = p.view.XToDay(mx);
  }
  if (ImGui::IsMouseClicked(0) && !in.hovered && !ImGui::IsItemActive()) p.focused = false;
  if (ImGui::IsItemActive()) {
    if (std::fabs(in.mouse.x - p.press_x) > 4.0f * scale || std::fabs(in.mouse.y - p.press_y) > 4.0f * scale) p.moved = true;
    // Not on the press itself: a finger (or a pointer that jumped) arrives from somewhere else.
    if (p.drag == TimelinePanel::Drag::Pan && io.MouseDelta.x != 0.0f && !ImGui::IsItemActivated())
      p.view = p.view.Panned(io.MouseDelta.x);
    if (p.drag == TimelinePanel::Drag::Brush) p.brush_b = p.view.XToDay(std::clamp(mx, 0.0f, box.plot_w));
  }
  if (ImGui::IsItemDeactivated()) {
    if (p.drag == TimelinePanel::Drag::Brush && p.moved) {
      const int64_t a = static_cast<int64_t>(std::floor(std::min(p.brush_a, p.brush_b)));
      const int64_t b = static_cast<int64_t>(std::floor(std::max(p.brush_a, p.brush_b)));
      SetRange(s, a, b);
    } else if (!p.moved) {
      in.clicked = true;
    }
    p.drag = TimelinePanel::Drag::None;
  }
  if (ui::ItemDoubleClicked()) {
    p.view = WholeArchiveView(p, box.plot_w);
    if (s.query.day_from || s.query.day_to) SetRange(s, std::nullopt, std::nullopt);
    in.clicked = false;
  }
  if (in.hovered && io.MouseWheel != 0.0f) p.view = p.view.ZoomedAt(mx, std::pow(1.25, io.MouseWheel));
  if (in.hovered && io.MouseWheelH != 0.0f) p.view = p.view.Panned(io.MouseWheelH * font * 2.0f);
  {
    float cx = 0, cy = 0;
    const float pinch = platform::TakePinch(&cx, &cy);
    const ImVec2 win = ImGui::GetMainViewport()->Pos;
    cx = cx * s.ui_scale + win.x;
    cy = cy * s.ui_scale + win.y;
    if (pinch != 1.0f && cx >= box.plot_x && cx <= box.plot_x + box.plot_w && cy >= box.origin_y && cy <= box.bottom)
      p.view = p.view.ZoomedAt(cx - box.plot_x, pinch);
  }
  const bool strip_hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows);
  if ((strip_hovered || p.focused) && !io.WantTextInput) {
    const float at = in.hovered ? mx : box.plot_w * 0.5f;
    if (ImGui::IsKeyPressed(ImGuiKey_Equal) || ImGui::IsKeyPressed(ImGuiKey_KeypadAdd)) p.view = p.view.ZoomedAt(at, 1.5);
    if (ImGui::IsKeyPressed(ImGuiKey_Minus) || ImGui::IsKeyPressed(ImGuiKey_KeypadSubtract))
      p.view = p.view.ZoomedAt(at, 1.0 / 1.5);
    if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) p.view = p.view.Panned(box.plot_w * 0.15);
    if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) p.view = p.view.Panned(-box.plot_w * 0.15);
  }
  {  // keep some of the archive in view
    const double span = p.view.Span();
    const double lo = static_cast<double>(p.data.FirstDay()) - span * 0.9;
    const double hi = static_cast<double>(p.data.LastDay()) + 1 + span * 0.9;
    if (p.view.start < lo) p.view.start = lo, p.view.end = lo + span;
    if (p.view.end > hi) p.view.end = hi, p.view.start = hi - span;
  }
  return in;
}

// ---- compute: histogram, marks, ticks and their geometry, only when the view, the strip's
// boxes, the lanes or the query changed ----
void ComputeGeometry(TimelinePanel& p, const AppState& s, const tl::TimelineBoxes& box) {
  const float scale = std::max(1.0f, s.ui_scale);
  const float merge = 3.0f * scale;
  const TimelinePanel::Key key{p.view.start, p.view.end, p.view.width_px, merge, p.match_version, p.lanes_gen, box.font, box};
  if (key == p.key) return;
  const auto t0 = std::chrono::steady_clock::now();
  p.histogram = tl::MakeHistogram(p.view, 5.0 * scale, p.data.days, p.filtered ? &p.match_days : nullptr);
  p.marks = tl::TimelineMarks(p.data, p.lanes, p.view, merge, p.filtered ? &p.match_prefix : nullptr);
  p.ticks = tl::TimelineTicks(p.view, [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; }, box.font * 0.9f);
  p.geometry = tl::BuildTimelineGeometry(box, p.view, p.histogram, p.marks, p.ticks, p.lanes.names.size(), merge, scale, p.filtered);
  p.key = key;
  ++p.key_gen;
  p.compute_ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// What the static layer's vertices depend on besides the geometry: colours and the font atlas.
uint64_t StyleHash(const ui::Palette& c) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  for (ImU32 col : {c.faint, c.muted, c.ink, c.accent, c.panel, c.rule}) mix(col);
  const ImVec2 uv = ImGui::GetIO().Fonts->TexUvWhitePixel;
  mix(static_cast<uint64_t>(uv.x * 1e6f)), mix(static_cast<uint64_t>(uv.y * 1e6f));
  mix(reinterpret_cast<uintptr_t>(ImGui::GetIO().Fonts->TexID));
  mix(reinterpret_cast<uintptr_t>(ImGui::GetFont()));
  return h;
}

// The static layer: lane bands and names, bars, the scale, the axis with its ticks, the marks.
// Drawn under one clip rectangle (glyphs clipped on the CPU), so it is one run of vertices that
// the next frames copy while nothing it depends on changed.
void DrawStaticLayer(const TimelinePanel& p, ImDrawList* dl, float scale) {
  const ui::Palette& c = ui::Colors();
  const tl::TimelineGeometry& g = p.geometry;
  const tl::TimelineBoxes& b = g.box;
  const float font = b.font;
  ImFont* f = ImGui::GetFont();
  const float right = b.plot_x + b.plot_w;
  for (size_t l = 0; l < g.lane_y.size(); ++l) {
    const float y0 = g.lane_y[l];
    if (l % 2 == 0) dl->AddRectFilled(ImVec2(b.origin_x, y0), ImVec2(right, y0 + b.lane_h), WithAlpha(c.faint, 0.55f));
    const std::string& name = p.lanes.names[l].empty() ? std::string("(none)") : p.lanes.names[l];
    const ImVec4 clip(b.origin_x, y0, b.plot_x - font * 0.4f, y0 + b.lane_h);
    dl->AddText(f, font, ImVec2(b.origin_x + font * 0.2f, y0 + (b.lane_h - font) * 0.5f),
                p.lanes.has_other && l + 1 == p.lanes.names.size() ? c.muted : c.ink, name.c_str(), nullptr, 0.0f, &clip);
  }
  if (p.lanes.names.empty()) {
    const char* none = p.lane_by == tl::LaneBy::Kind ? "No document has a kind."
                       : p.lane_by == tl::LaneBy::Country ? "No meeting here names a counterpart country."
                                                          : "No meeting here names a counterpart person.";
    dl->AddText(ImVec2(b.plot_x + font * 0.3f, b.lanes_y + font * 0.1f), c.muted, none);
  }
  const ImU32 bar_col = p.filtered ? WithAlpha(c.muted, 0.28f) : WithAlpha(c.accent, 0.6f);
  const ImU32 match_col = WithAlpha(c.accent, 0.85f);
  for (const tl::TimelineBarGeom& bar : g.bars) {
    dl->AddRectFilled(ImVec2(bar.x0, bar.top), ImVec2(bar.x1, b.base_y), bar_col);
    if (bar.match_top < b.base_y) dl->AddRectFilled(ImVec2(bar.x0, bar.match_top), ImVec2(bar.x1, b.base_y), match_col);
  }
  const std::string top = std::to_string(p.histogram.max_total);
  dl->AddText(ImVec2(b.origin_x + font * 0.2f, b.bar_top - font * 0.15f), c.muted, top.c_str());
  dl->AddLine(ImVec2(b.plot_x, b.base_y), ImVec2(right, b.base_y), c.rule, 1.0f * scale);
  const ImU32 rule = WithAlpha(c.rule, 0.7f);
  for (const tl::TimelineTick& t : g.ticks) {
    const float x = static_cast<float>(t.x);
    if (x < b.plot_x || x > right) continue;
    dl->AddLine(ImVec2(x, b.base_y), ImVec2(x, b.base_y + font * 0.35f), c.muted, 1.0f);
    if (!g.lane_y.empty()) dl->AddLine(ImVec2(x, b.lanes_y), ImVec2(x, b.bottom), rule, 1.0f);
  }
  for (const tl::TimelineTick& t : g.ticks)
    if (!t.label.empty()) dl->AddText(ImVec2(static_cast<float>(t.label_x), b.base_y + font * 0.2f), c.muted, t.label.c_str());
  const ImU32 dim_col = WithAlpha(c.muted, 0.35f);
  for (const tl::TimelineMarkGeom& m : g.marks) {
    // Narrow marks are plain rectangles (4 vertices; rounded corners would be dozens each).
    dl->AddRectFilled(ImVec2(m.x0, m.y0), ImVec2(m.x1, m.y1), m.dim ? dim_col : WithAlpha(c.accent, m.alpha), m.rounded ? b.mark_h * 0.3f : 0.0f);
    if (m.label) {
      char n[16];
      std::snprintf(n, sizeof n, "%d", p.marks[m.mark].count);
      const ImVec2 ts = ImGui::CalcTextSize(n);
      if (ts.x + font * 0.4f < m.x1 - m.x0) dl->AddText(ImVec2((m.x0 + m.x1 - ts.x) * 0.5f, m.y0 + (b.mark_h - ts.y) * 0.5f), c.panel, n);
    }
  }
}

// Emits the static layer, from the cached vertices when they are still valid.
void EmitStaticLayer(TimelinePanel& p, ImDrawList* dl, float scale) {
  TimelinePanel::StaticLayer& layer = p.layer;
  const uint64_t style = StyleHash(ui::Colors());
  // 16-bit indices without a vertex offset (WebGL) must not wrap: then draw it afresh.
  const bool fits = (dl->Flags & ImDrawListFlags_AllowVtxOffset) || dl->_VtxCurrentIdx + layer.vtx.size() < (1u << 16);
  if (layer.key_gen == p.key_gen && layer.style == style && !layer.vtx.empty() && fits) {
    const int nv = static_cast<int>(layer.vtx.size()), ni = static_cast<int>(layer.idx.size());
    dl->PrimReserve(ni, nv);
    const ImDrawIdx base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
    std::memcpy(dl->_VtxWritePtr, layer.vtx.data(), sizeof(ImDrawVert) * layer.vtx.size());
    for (int i = 0; i < ni; ++i) dl->_IdxWritePtr[i] = static_cast<ImDrawIdx>(layer.idx[static_cast<size_t>(i)] + base);
    dl->_VtxWritePtr += nv;
    dl->_IdxWritePtr += ni;
    dl->_VtxCurrentIdx += static_cast<unsigned int>(nv);
    p.drawn_from_cache = true;
    p.vertices = nv;
    return;
  }
  const int cmds = dl->CmdBuffer.Size, v0 = dl->VtxBuffer.Size, i0 = dl->IdxBuffer.Size;
  const unsigned int base = dl->_VtxCurrentIdx;
  DrawStaticLayer(p, dl, scale);
  p.drawn_from_cache = false;
  p.vertices = dl->VtxBuffer.Size - v0;
  layer.vtx.clear();
  layer.idx.clear();
  layer.key_gen = ~0ull;
  // Cached only when it is one run in one draw command (no new command, no 64k index wrap).
  if (dl->CmdBuffer.Size != cmds || dl->_VtxCurrentIdx < base || dl->_VtxCurrentIdx - base != static_cast<unsigned int>(p.vertices)) return;
  layer.vtx.assign(dl->VtxBuffer.Data + v0, dl->VtxBuffer.Data + dl->VtxBuffer.Size);
  layer.idx.reserve(static_cast<size_t>(dl->IdxBuffer.Size - i0));
  for (int i = i0; i < dl->IdxBuffer.Size; ++i) layer.idx.push_back(static_cast<ImDrawIdx>(dl->IdxBuffer.Data[i] - base));
  layer.key_gen = p.key_gen;
  layer.style = style;
}

// ---- draw: the static layer, then what follows the pointer (hovered bar and mark, brush) ----
void DrawStrip(TimelinePanel& p, AppState& s, const Pointer& in, int hovered_bucket, int hover_mark) {
  const ui::Palette& c = ui::Colors();
  const tl::TimelineGeometry& g = p.geometry;
  const tl::TimelineBoxes& b = g.box;
  const float scale = std::max(1.0f, s.ui_scale);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(ImVec2(b.origin_x, b.origin_y), ImVec2(b.plot_x + b.plot_w, b.bottom), true);
  EmitStaticLayer(p, dl, scale);
  if (hovered_bucket >= 0) {  // the hovered bar, stronger
    for (const tl::TimelineBarGeom& bar : g.bars) {
      if (bar.bucket != static_cast<size_t>(hovered_bucket)) continue;
      if (bar.match_top < b.base_y) dl->AddRectFilled(ImVec2(bar.x0, bar.match_top), ImVec2(bar.x1, b.base_y), c.accent);
      else if (!p.filtered) dl->AddRectFilled(ImVec2(bar.x0, bar.top), ImVec2(bar.x1, b.base_y), WithAlpha(c.accent, 0.75f));
    }
  }
  // Brushed range (the query's, or the one being dragged).
  {
    double a = 0, e = 0;
    bool show = false;
    if (p.drag == TimelinePanel::Drag::Brush && p.moved) {
      a = std::floor(std::min(p.brush_a, p.brush_b));
      e = std::floor(std::max(p.brush_a, p.brush_b)) + 1;
      show = true;
    } else if (s.query.day_from || s.query.day_to) {
      a = s.query.day_from ? static_cast<double>(*s.query.day_from) : p.view.start - p.view.Span();
      e = s.query.day_to ? static_cast<double>(*s.query.day_to) + 1 : p.view.end + p.view.Span();
      show = true;
    }
    if (show) {
      const float x0 = b.plot_x + static_cast<float>(std::max(-10.0, p.view.DayToX(a)));
      const float x1 = b.plot_x + static_cast<float>(std::min(static_cast<double>(b.plot_w) + 10.0, p.view.DayToX(e)));
      if (x1 > x0) {
        dl->AddRectFilled(ImVec2(x0, b.origin_y), ImVec2(x1, b.bottom), WithAlpha(c.accent, 0.10f));
        dl->AddLine(ImVec2(x0, b.origin_y), ImVec2(x0, b.bottom), WithAlpha(c.accent, 0.8f), 1.5f * scale);
        dl->AddLine(ImVec2(x1, b.origin_y), ImVec2(x1, b.bottom), WithAlpha(c.accent, 0.8f), 1.5f * scale);
      }
    }
  }
  // Compared searches (panel_compare.cpp): drawn over the bars every frame (not in the cached layer).
  DrawCompareSeries(p.compare, p, s, b.plot_x, b.bar_top, b.base_y, b.origin_x + ImGui::GetFontSize() * 0.2f);
  if (hover_mark >= 0) {
    const tl::TimelineMarkGeom& m = g.marks[static_cast<size_t>(hover_mark)];
    dl->AddRect(ImVec2(m.x0 - 1, m.y0 - 1), ImVec2(m.x1 + 1, m.y1 + 1), c.ink, b.mark_h * 0.3f, 0, 1.5f * scale);
  }
  dl->PopClipRect();
  // Single marks drawn whole can be located by the tests ("timeline-mark-<id>").
  p.located.clear();
  for (const tl::TimelineMarkGeom& m : g.marks) {
    if (p.located.size() >= 40) break;
    const tl::TimelineMark& src = p.marks[m.mark];
    if (src.count != 1 || b.plot_x + src.x0 < b.plot_x || b.plot_x + src.x1 > b.plot_x + b.plot_w) continue;
    s.locate.Record("timeline-mark-" + std::to_string(src.first_id), ImVec2(m.x0, m.y0), ImVec2(m.x1, m.y1));
    p.located.push_back(src.first_id);
  }
  p.marks_drawn = static_cast<int>(p.marks.size());
  s.locate.Record("timeline-bars", ImVec2(b.plot_x, b.origin_y), ImVec2(b.plot_x + b.plot_w, b.base_y));
  s.locate.Record("timeline-lanes", ImVec2(b.plot_x, b.lanes_y), ImVec2(b.plot_x + b.plot_w, b.bottom));
  (void)in;
}

void ShowBucketTip(const TimelinePanel& p, int bucket) {
  const auto& b = p.histogram.total[static_cast<size_t>(bucket)];
  tl::BucketUnit u = p.histogram.unit == tl::BucketUnit::Week ? tl::BucketUnit::Day : p.histogram.unit;
  std::string label = tl::FormatDay(b.start, u);
  if (p.histogram.unit == tl::BucketUnit::Week) label = "Week of " + label;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(label.c_str());
  if (p.filtered && static_cast<size_t>(bucket) < p.histogram.matching.size())
    ImGui::Text("%d matching of %d documents", p.histogram.matching[static_cast<size_t>(bucket)].count, b.count);
  else
    ImGui::Text("%d documents", b.count);
  ui::MutedText("Drag to pick a date range");
  ImGui::EndTooltip();
}

// ---- compute: what is under the pointer; the hovered mark's cards are asked for here ----
struct Hover {
  int mark = -1;                          // index in p.geometry.marks
  int bucket = -1;                        // index in the histogram
  const tl::TimelineMark* card = nullptr; // the mark whose card shows (not while dragging)
};

Hover ComputeHover(TimelinePanel& p, AppState& s, const Pointer& in) {
  Hover h;
  const float scale = std::max(1.0f, s.ui_scale);
  if (in.hovered && in.in_lanes) h.mark = tl::TimelineMarkAt(p.geometry, in.mouse.x, in.mouse.y, 3.0f * scale);
  if (in.hovered && !in.in_lanes) h.bucket = tl::TimelineBucketAt(p.geometry, in.mouse.x);
  if (h.mark >= 0 && p.drag == TimelinePanel::Drag::None) {
    h.card = &p.marks[p.geometry.marks[static_cast<size_t>(h.mark)].mark];
    EnsureCards(p, s, *h.card);
  }
  return h;
}

// ---- draw: the card or the bar's tip, the pointer's shape; a click on a mark opens it ----
void DrawHover(const TimelinePanel& p, AppState& s, const Pointer& in, const Hover& h) {
  const bool still = p.drag == TimelinePanel::Drag::None;
  if (h.card) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ShowCard(p, s, *h.card);
    if (in.clicked) s.intents.Post(intent::OpenDocument{h.card->first_id});
  } else if (h.bucket >= 0 && still) {
    ShowBucketTip(p, h.bucket);
  }
  if (in.hovered && still && in.in_lanes && h.mark < 0) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
}

}  // namespace

// Input (HandleInput), compute (ComputeGeometry: core/view/timeline_geometry; ComputeHover), draw
// (DrawStrip, DrawHover).
void DrawTimelinePanel(TimelinePanel& p, AppState& s, float height) {
  (void)height;
  const auto t_start = std::chrono::steady_clock::now();
  EnsureData(p, s);
  const float font = ImGui::GetFontSize();
  DrawHeader(p, s, ImGui::GetContentRegionAvail().x);
  DrawCompareBar(p.compare, s);  // searches compared over time (panel_compare.cpp)
  ImGui::Dummy(ImVec2(0, 0));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool phone = ImGui::GetWindowWidth() < font * 40.0f;
  const tl::TimelineBoxes box = tl::LayoutTimeline(origin.x, origin.y, avail.x, avail.y, font, phone);
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
  EnsureLanes(p, s, box.max_lanes);
  EnsureMatches(p, s);
  if (!p.view_set) {
    p.view = WholeArchiveView(p, box.plot_w);
    p.view_set = true;
  }
  p.view.width_px = box.plot_w;

  const Pointer in = HandleInput(p, s, box);  // input
  ComputeGeometry(p, s, box);                 // compute
  const Hover hover = ComputeHover(p, s, in);
  const auto t_draw = std::chrono::steady_clock::now();
  DrawStrip(p, s, in, hover.bucket, hover.mark);  // draw
  const auto t_end = std::chrono::steady_clock::now();
  p.draw_ms = std::chrono::duration<float, std::milli>(t_end - t_draw).count();
  p.panel_ms = std::chrono::duration<float, std::milli>(t_end - t_start).count();
  DrawHover(p, s, in, hover);
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
}

void FocusTimeline(TimelinePanel& p, bool on) { p.focused = on; }

void StepMark(TimelinePanel& t, AppState& s, int step) {
  const auto& recs = t.data.records;
  if (t.loaded_for != s.archive_gen || recs.empty()) return;
  long at = -1;
  if (s.open_document)
    for (size_t i = 0; i < recs.size(); ++i)
      if (recs[i].id == s.open_document->id) at = static_cast<long>(i);
  long next = 0;
  if (at < 0) {  // nothing of the timeline is open: the first mark in view (the last, backwards)
    next = step > 0 ? 0 : static_cast<long>(recs.size()) - 1;
    for (size_t i = 0; i < recs.size(); ++i) {
      if (static_cast<double>(recs[i].day) >= t.view.start) {
        next = step > 0 ? static_cast<long>(i) : std::max(0L, static_cast<long>(i) - 1);
        break;
      }
    }
  } else {
    next = std::clamp(at + step, 0L, static_cast<long>(recs.size()) - 1);
  }
  const auto& r = recs[static_cast<size_t>(next)];
  s.OpenDocument(r.id);
  const double day = static_cast<double>(r.day);
  if (day < t.view.start || day >= t.view.end) {
    const double half = t.view.Span() / 2;
    SetTimelineView(t, s, day - half, day + half);
  }
}

stenogram::JsonValue TimelineViewJson(const TimelinePanel& p, const AppState& s) {
  if (!s.archive_open || p.loaded_for != s.archive_gen) return nullptr;
  stenogram::JsonValue lanes = stenogram::JsonValue::Array();
  for (const auto& n : p.lanes.names) lanes.Push(n);
  stenogram::JsonValue located = stenogram::JsonValue::Array();
  for (const int64_t id : p.located) located.Push(id);
  const double min_bar = 5.0 * std::max(1.0f, s.ui_scale);
  return {{"from", IsoOfDay(static_cast<int64_t>(std::floor(p.view.start)))},
          {"to", IsoOfDay(static_cast<int64_t>(std::floor(p.view.end)))},
          {"bucket", tl::BucketUnitName(tl::ChooseBucketUnit(p.view.PixelsPerDay(), min_bar))},
          {"lane", tl::LaneByName(p.lane_by)},
          {"lanes", lanes},
          {"marksDrawn", p.marks_drawn},
          {"singleMarks", std::move(located)},
          {"computeMs", p.compute_ms},
          {"drawMs", p.draw_ms},
          {"panelMs", p.panel_ms},
          {"vertices", p.vertices},
          {"fromCache", p.drawn_from_cache},
          {"loadMs", p.load_ms},
          {"bars", p.histogram.total.size()},
          {"documents", p.data.records.size()}};
}

void ReportTimeline(const TimelinePanel& p, const AppState& s, stenogram::JsonValue& state) {
  state["timeline"] = TimelineViewJson(p, s);
  ReportCompare(p.compare, state);  // "compare", and the series on the timeline (panel_compare.cpp)
}
