// timeline_geometry: lays the timeline strip out and turns a view's histogram, marks and ticks
// into pixel geometry (see timeline_geometry.h).
#include "core/view/timeline_geometry.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace stenogram {

namespace {

// A merged mark is stronger the more documents it holds: 0.6 + 0.2·log10(n + 1), at most 1 (0.7 for one).
float MarkAlpha(int count) {
  static const auto table = [] {
    std::array<float, 128> t{};
    for (size_t n = 0; n < t.size(); ++n) t[n] = n > 1 ? std::min(1.0f, 0.6f + 0.2f * std::log10(static_cast<float>(n) + 1.0f)) : 0.7f;
    return t;
  }();
  return count >= 0 && static_cast<size_t>(count) < table.size() ? table[static_cast<size_t>(count)] : 1.0f;
}

}  // namespace

TimelineBoxes LayoutTimeline(float origin_x, float origin_y, float avail_w, float avail_h, float font, bool phone) {
  TimelineBoxes b;
  font = std::max(font, 1.0f);
  avail_w = std::max(avail_w, 0.0f);
  b.origin_x = origin_x;
  b.origin_y = origin_y;
  b.font = font;
  b.width = avail_w;
  b.total_h = std::max(avail_h, font * 3.0f);
  b.gutter = std::clamp(avail_w * 0.14f, font * 5.0f, font * 9.0f);
  b.plot_x = origin_x + b.gutter;
  b.plot_w = std::max(avail_w - b.gutter, 10.0f);
  b.axis_h = font * 1.45f;
  b.lane_h = font * 1.1f;
  b.hist_h = std::clamp((b.total_h - b.axis_h) * (phone ? 0.45f : 0.36f), font * 2.0f, font * 4.0f);
  b.bar_top = origin_y + font * 0.3f;
  b.base_y = origin_y + b.hist_h;
  b.lanes_y = b.base_y + b.axis_h;
  b.bottom = origin_y + b.total_h;
  b.lanes_h = std::max(0.0f, b.bottom - b.lanes_y);
  b.mark_h = b.lane_h * 0.62f;
  b.max_lanes = std::max<size_t>(1, static_cast<size_t>(b.lanes_h / b.lane_h));
  return b;
}

TimelineGeometry BuildTimelineGeometry(const TimelineBoxes& box, const TimelineView& view, const TimelineHistogram& histogram,
                                       const std::vector<TimelineMark>& marks, const std::vector<TimelineTick>& ticks,
                                       size_t lanes, double merge_px, float scale, bool filtered) {
  TimelineGeometry g;
  g.box = box;
  const float plot_x0 = box.plot_x, plot_x1 = box.plot_x + box.plot_w;
  const float font = box.font;
  scale = std::max(scale, 1.0f);
  // Lanes: those that fit in the strip (AssignLanes was asked for box.max_lanes); every other one gets a band.
  for (size_t l = 0; l < lanes && l < box.max_lanes; ++l) {
    const float y0 = box.lanes_y + box.lane_h * static_cast<float>(l);
    g.lane_y.push_back(y0);
    if (l % 2 == 0) g.vertices += kRectVertices;
  }
  // Bars, clipped to the plot; the largest count reaches bar_top.
  const double scale_max = std::max(1, histogram.max_total);
  const float bar_room = box.base_y - box.bar_top;
  g.bucket_x.reserve(histogram.total.size() + 1);
  for (size_t i = 0; i < histogram.total.size(); ++i) {
    const TimelineBucket& b = histogram.total[i];
    const float bx0 = box.plot_x + static_cast<float>(view.DayToX(static_cast<double>(b.start)));
    const float bx1 = box.plot_x + static_cast<float>(view.DayToX(static_cast<double>(b.end)));
    g.bucket_x.push_back(bx0);
    if (i + 1 == histogram.total.size()) g.bucket_x.push_back(bx1);
    if (b.count == 0) continue;
    TimelineBarGeom bar;
    bar.bucket = i;
    bar.x0 = bx0;
    bar.x1 = std::max(bx0 + 1.0f, bx1 - std::max(1.0f, (bx1 - bx0) * 0.12f));
    bar.x0 = std::max(bar.x0, plot_x0);
    bar.x1 = std::min(bar.x1, plot_x1);
    if (bar.x1 <= bar.x0) continue;
    const float h = static_cast<float>(b.count / scale_max) * bar_room;
    bar.top = box.base_y - std::max(h, 1.0f);
    bar.match_top = box.base_y;
    if (filtered && i < histogram.matching.size() && histogram.matching[i].count > 0) {
      const float mh = static_cast<float>(histogram.matching[i].count / scale_max) * bar_room;
      bar.match_top = box.base_y - std::max(mh, 1.5f);
      g.vertices += kRectVertices;
    }
    g.vertices += kRectVertices;
    g.bars.push_back(bar);
  }
  // Ticks in screen pixels; each draws a notch, a rule across the lanes and its label.
  g.ticks = ticks;
  for (TimelineTick& t : g.ticks) {
    t.x += box.plot_x;
    t.label_x += box.plot_x + font * 0.2f;
    g.vertices += 2 * kRectVertices + kGlyphVertices * t.label.size();
  }
  g.vertices += kRectVertices;  // the axis line
  // Marks of the drawn lanes, clipped to the plot.
  g.marks.reserve(marks.size());
  const float pad = (box.lane_h - box.mark_h) * 0.5f;
  for (size_t k = 0; k < marks.size(); ++k) {
    const TimelineMark& m = marks[k];
    if (m.lane < 0 || static_cast<size_t>(m.lane) >= g.lane_y.size()) continue;
    TimelineMarkGeom mg;
    mg.mark = k;
    mg.x0 = std::max(box.plot_x + m.x0, plot_x0);
    mg.x1 = std::min(box.plot_x + std::max(m.x1, m.x0 + static_cast<float>(merge_px)), plot_x1);
    if (mg.x1 <= mg.x0) continue;
    mg.y0 = g.lane_y[static_cast<size_t>(m.lane)] + pad;
    mg.y1 = mg.y0 + box.mark_h;
    mg.dim = m.matching == 0;
    mg.alpha = MarkAlpha(m.count);
    const float w = mg.x1 - mg.x0;
    mg.rounded = w >= 8.0f * scale;
    mg.label = m.count > 1 && w > font * 1.6f;
    g.vertices += mg.rounded ? kRoundedRectVertices : kRectVertices;
    if (mg.label) {
      size_t digits = 1;
      for (int c = m.count; c >= 10; c /= 10) ++digits;
      g.vertices += kGlyphVertices * digits;
    }
    g.marks.push_back(mg);
  }
  return g;
}

int TimelineBucketAt(const TimelineGeometry& g, float x) {
  if (g.bucket_x.size() < 2 || x < g.bucket_x.front() || x >= g.bucket_x.back()) return -1;
  if (x < g.box.plot_x || x >= g.box.plot_x + g.box.plot_w) return -1;
  const auto it = std::upper_bound(g.bucket_x.begin(), g.bucket_x.end(), x);
  return static_cast<int>(it - g.bucket_x.begin()) - 1;
}

int TimelineMarkAt(const TimelineGeometry& g, float x, float y, float slop_px) {
  int best = -1;
  float best_d = slop_px;
  const float reach = g.box.lane_h * 0.19f;
  for (size_t k = 0; k < g.marks.size(); ++k) {
    const TimelineMarkGeom& m = g.marks[k];
    if (y < m.y0 - reach || y >= m.y1 + reach) continue;
    const float d = x < m.x0 ? m.x0 - x : x > m.x1 ? x - m.x1 : 0.0f;
    if (d <= best_d && (best < 0 || d < best_d)) {
      best = static_cast<int>(k);
      best_d = d;
    }
  }
  return best;
}

}  // namespace stenogram
