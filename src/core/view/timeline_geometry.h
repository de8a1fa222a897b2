// timeline_geometry: the timeline strip laid out in pixels — its boxes and every lane band, bar,
// tick and mark it draws — computed from the view's histogram, marks and ticks (GUI-free), so the
// panel (src/app/panel_timeline) only emits primitives, the work is done once per change of view
// rather than once per frame, and doctest can check that the picture is bounded by pixels.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/view/timeline.h"

namespace stenogram {

// The strip's boxes in screen pixels. Top to bottom: the histogram (bar_top..base_y), the axis
// (base_y..lanes_y) and the lanes (lanes_y..bottom); a gutter on the left holds the lane names.
struct TimelineBoxes {
  float origin_x = 0, origin_y = 0;  // top-left of the strip
  float font = 0;                    // font size the strip was laid out for
  float width = 0, total_h = 0;
  float gutter = 0;                  // lane names
  float plot_x = 0, plot_w = 0;      // the plot: [plot_x, plot_x + plot_w)
  float axis_h = 0, lane_h = 0, hist_h = 0;
  float bar_top = 0, base_y = 0;     // bars stand on base_y and reach bar_top at the largest count
  float lanes_y = 0, lanes_h = 0, bottom = 0;
  float mark_h = 0;                  // a mark's height inside its lane
  size_t max_lanes = 1;              // lanes that fit
  bool operator==(const TimelineBoxes&) const = default;
};

// Lays the strip out in avail_w × avail_h at (origin_x, origin_y) for a font of `font` pixels;
// phone: a narrow screen (a taller histogram). Always at least one lane; sizes never negative.
TimelineBoxes LayoutTimeline(float origin_x, float origin_y, float avail_w, float avail_h, float font, bool phone);

struct TimelineBarGeom {
  float x0 = 0, x1 = 0;  // inside the plot, with a gap between neighbours
  float top = 0;         // top of the bar of all documents (base_y − height, at least 1 px high)
  float match_top = 0;   // top of the matching documents' bar; == base_y when none match
  size_t bucket = 0;     // index in the histogram's buckets
};

struct TimelineMarkGeom {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float alpha = 0.7f;    // stronger for merged marks
  bool dim = false;      // none of its documents match the query
  bool rounded = false;  // wide enough for rounded corners
  bool label = false;    // wide enough to show its count
  size_t mark = 0;       // index in the marks it was built from
};

struct TimelineGeometry {
  TimelineBoxes box;
  std::vector<float> lane_y;                // top of each drawn lane (those that fit)
  std::vector<TimelineBarGeom> bars;        // non-empty buckets only
  std::vector<float> bucket_x;              // every bucket's left edge, then the last one's right edge (hover)
  std::vector<TimelineTick> ticks;          // x and label_x already in screen pixels
  std::vector<TimelineMarkGeom> marks;      // marks in drawn lanes, clipped to the plot
  size_t vertices = 0;                      // upper bound of the vertices drawing all of it takes
};

// Vertex costs the bound counts (ImGui: a plain rectangle is 4 vertices, a rounded one at most
// 4 corners × 2 (anti-aliased fringe) × 8 segments, a glyph 4, a line 4).
constexpr size_t kRectVertices = 4;
constexpr size_t kRoundedRectVertices = 64;
constexpr size_t kGlyphVertices = 4;

// Everything the strip draws for a view, from its histogram, marks and ticks. merge_px: the width
// of a merged mark's column; scale: UI scale (≥ 1). The number of bars is bounded by plot_w /
// min bar width, the number of marks by lanes × (plot_w / merge_px + 2), whatever the number of
// documents; `vertices` adds them up (with count labels and tick labels) for the draw's budget.
TimelineGeometry BuildTimelineGeometry(const TimelineBoxes& box, const TimelineView& view, const TimelineHistogram& histogram,
                                       const std::vector<TimelineMark>& marks, const std::vector<TimelineTick>& ticks,
                                       size_t lanes, double merge_px, float scale, bool filtered);

// The histogram bucket under screen x (index into histogram.total), or −1 outside every bucket.
int TimelineBucketAt(const TimelineGeometry& g, float x);

// The mark (index into TimelineGeometry::marks) nearest to (x, y) within slop_px horizontally and
// a little above/below its lane's mark band, or −1.
int TimelineMarkAt(const TimelineGeometry& g, float x, float y, float slop_px);

}  // namespace stenogram
