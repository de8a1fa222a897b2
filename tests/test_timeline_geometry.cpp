// Tests of the timeline strip's geometry: the layout's boxes, and that what a view draws (bars,
// ticks, marks, and the vertices they take) is bounded by pixels at 100k documents, clipped to the
// plot, inside its lane, and found again by the hover tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "core/text/dates.h"
#include "core/view/timeline.h"
#include "core/view/timeline_geometry.h"

using namespace stenogram;

namespace {

// n documents over 2004-2023, clustered (visits), 30 countries with a skewed share.
TimelineData Many(int n) {
  TimelineData d;
  const int64_t first = DaysFromCivil(2004, 1, 1), last = DaysFromCivil(2023, 12, 31);
  uint64_t x = 12345;
  for (int i = 1; i <= n; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const int64_t day = first + static_cast<int64_t>((last - first) * static_cast<int64_t>(i) / n) + static_cast<int64_t>((x >> 33) % 3);
    const int country = static_cast<int>(((x >> 40) % 64) * ((x >> 20) % 64) / 140);
    d.Add(i, day, i % 3 ? "talks" : "speech", {"Country " + std::to_string(country)}, {});
  }
  d.Finish();
  return d;
}

float TextWidth(const std::string& s) { return 7.0f * static_cast<float>(s.size()); }

struct Strip {
  TimelineBoxes box;
  TimelineView view;
  TimelineHistogram histogram;
  std::vector<TimelineMark> marks;
  std::vector<TimelineTick> ticks;
  TimelineGeometry g;
};

Strip Build(const TimelineData& d, const TimelineLanes& lanes, double from, double to, float width, float height, double merge,
            const std::vector<int64_t>* matching_days = nullptr, const std::vector<std::vector<uint32_t>>* prefix = nullptr) {
  Strip s;
  s.box = LayoutTimeline(10, 20, width, height, 16, false);
  s.view.start = from;
  s.view.end = to;
  s.view.width_px = s.box.plot_w;
  s.histogram = MakeHistogram(s.view, 5.0, d.days, matching_days);
  s.marks = TimelineMarks(d, lanes, s.view, merge, prefix);
  s.ticks = TimelineTicks(s.view, TextWidth, 14.0f);
  s.g = BuildTimelineGeometry(s.box, s.view, s.histogram, s.marks, s.ticks, lanes.names.size(), merge, 1.0f, matching_days != nullptr);
  return s;
}

}  // namespace

TEST_CASE("timeline geometry: the layout stacks histogram, axis and lanes inside the strip") {
  const TimelineBoxes b = LayoutTimeline(10, 20, 1200, 200, 16, false);
  CHECK(b.plot_x > b.origin_x);
  CHECK(b.plot_x + b.plot_w == doctest::Approx(10 + 1200));
  CHECK(b.bar_top > b.origin_y);
  CHECK(b.base_y > b.bar_top);
  CHECK(b.lanes_y == doctest::Approx(b.base_y + b.axis_h));
  CHECK(b.bottom == doctest::Approx(20 + 200));
  CHECK(b.max_lanes == static_cast<size_t>(b.lanes_h / b.lane_h));
  CHECK(b.lanes_y + b.lane_h * static_cast<float>(b.max_lanes) <= b.bottom + 0.01f);
  // A phone gives the histogram a larger share; a tiny strip still has a lane and a positive plot.
  CHECK(LayoutTimeline(0, 0, 380, 200, 16, true).hist_h >= LayoutTimeline(0, 0, 380, 200, 16, false).hist_h);
  const TimelineBoxes tiny = LayoutTimeline(0, 0, 5, 5, 16, false);
  CHECK(tiny.max_lanes == 1);
  CHECK(tiny.plot_w >= 10);
  CHECK(tiny.lanes_h >= 0);
}

TEST_CASE("timeline geometry: 100k documents draw a picture bounded by pixels, clipped to the plot") {
  const TimelineData d = Many(100000);
  const TimelineLanes lanes = AssignLanes(d, LaneBy::Country, 8);
  REQUIRE(lanes.names.size() == 8);
  const double first = static_cast<double>(d.FirstDay()), last = static_cast<double>(d.LastDay());
  const float width = 1280, merge = 3;
  // Whole archive, a year, a month, a week: the same bounds everywhere.
  for (const double span : {last - first + 200, 365.0, 30.0, 7.0}) {
    const double from = span > 400 ? first - 100 : first + (last - first) * 0.37;
    const Strip s = Build(d, lanes, from, from + span, width, 240, merge);
    const TimelineGeometry& g = s.g;
    CAPTURE(span);
    const float cols = g.box.plot_w / merge + 2;
    CHECK(g.bars.size() <= static_cast<size_t>(g.box.plot_w / 5.0f) + 2);
    CHECK(s.marks.size() <= static_cast<size_t>(static_cast<float>(lanes.names.size()) * cols));
    CHECK(g.marks.size() <= s.marks.size());
    CHECK(g.lane_y.size() <= g.box.max_lanes);
    // Vertices: bounded by the plot's width, not by the 100k documents.
    const size_t bound = g.lane_y.size() * static_cast<size_t>(cols) * (kRoundedRectVertices + 4 * kGlyphVertices) / 4 +
                         static_cast<size_t>(g.box.plot_w / 5.0f + 2) * 2 * kRectVertices + 64 * 40;
    CHECK(g.vertices <= bound);
    CHECK(g.vertices < 40000);
    for (const TimelineBarGeom& b : g.bars) {
      CHECK(b.x0 >= g.box.plot_x);
      CHECK(b.x1 <= g.box.plot_x + g.box.plot_w);
      CHECK(b.x1 > b.x0);
      CHECK(b.top >= g.box.bar_top - 0.01f);
      CHECK(b.top < g.box.base_y);
      CHECK(b.match_top == g.box.base_y);  // no query
    }
    for (const TimelineMarkGeom& m : g.marks) {
      const TimelineMark& src = s.marks[m.mark];
      CHECK(m.x0 >= g.box.plot_x);
      CHECK(m.x1 <= g.box.plot_x + g.box.plot_w);
      CHECK(m.y0 >= g.box.lanes_y + g.box.lane_h * static_cast<float>(src.lane));
      CHECK(m.y1 <= g.box.lanes_y + g.box.lane_h * static_cast<float>(src.lane + 1) + 0.01f);
      CHECK_FALSE(m.dim);  // no query: nothing is dimmed
    }
    // Every mark of the view is drawn (all 8 lanes fit in 240 px at 16 px).
    CHECK(g.lane_y.size() == 8);
    size_t visible = 0;
    for (const TimelineMark& m : s.marks) visible += m.x1 > 0 && m.x0 < g.box.plot_w;
    CHECK(g.marks.size() == visible);
  }
}

TEST_CASE("timeline geometry: the matching overlay sits inside its bar; marks without a match are dimmed") {
  const TimelineData d = Many(5000);
  const TimelineLanes lanes = AssignLanes(d, LaneBy::Country, 6);
  std::vector<int64_t> ids;
  for (int64_t id = 1; id <= 5000; id += 7) ids.push_back(id);
  const std::vector<int64_t> days = DaysOfIds(d, ids);
  const auto prefix = LaneMatchPrefix(d, lanes, ids);
  const double first = static_cast<double>(d.FirstDay());
  const Strip s = Build(d, lanes, first, first + 200, 900, 200, 3, &days, &prefix);
  size_t with_match = 0, dim = 0;
  for (const TimelineBarGeom& b : s.g.bars) {
    CHECK(b.match_top >= b.top);
    CHECK(b.match_top <= s.g.box.base_y);
    with_match += b.match_top < s.g.box.base_y;
  }
  CHECK(with_match > 0);
  for (const TimelineMarkGeom& m : s.g.marks) {
    CHECK(m.dim == (s.marks[m.mark].matching == 0));
    dim += m.dim;
  }
  CHECK(dim > 0);
  CHECK(dim < s.g.marks.size());
}

TEST_CASE("timeline geometry: hover finds the bucket and the mark under the pointer") {
  const TimelineData d = Many(3000);
  const TimelineLanes lanes = AssignLanes(d, LaneBy::Country, 5);
  const double first = static_cast<double>(d.FirstDay());
  const Strip s = Build(d, lanes, first, first + 60, 800, 200, 3);
  REQUIRE_FALSE(s.g.bars.empty());
  const TimelineBarGeom& bar = s.g.bars[s.g.bars.size() / 2];
  CHECK(TimelineBucketAt(s.g, (bar.x0 + bar.x1) * 0.5f) == static_cast<int>(bar.bucket));
  CHECK(TimelineBucketAt(s.g, s.g.box.plot_x - 1) == -1);
  CHECK(TimelineBucketAt(s.g, s.g.box.plot_x + s.g.box.plot_w + 1) == -1);
  REQUIRE_FALSE(s.g.marks.empty());
  const TimelineMarkGeom& m = s.g.marks[s.g.marks.size() / 2];
  const float cy = (m.y0 + m.y1) * 0.5f;
  CHECK(TimelineMarkAt(s.g, (m.x0 + m.x1) * 0.5f, cy, 3) == static_cast<int>(s.g.marks.size() / 2));
  CHECK(TimelineMarkAt(s.g, (m.x0 + m.x1) * 0.5f, s.g.box.bar_top, 3) == -1);  // in the histogram
}

TEST_CASE("timeline geometry: compute for a 100k-document view stays well inside a frame") {
  const TimelineData d = Many(100000);
  const TimelineLanes lanes = AssignLanes(d, LaneBy::Country, 8);
  const double first = static_cast<double>(d.FirstDay()), last = static_cast<double>(d.LastDay());
  // Best of three passes over the bench's scenario (zoom from everything to a month, then pan):
  // the machine is shared, so one pass may be preempted.
  double ms = 1e9;
  size_t vertices = 0;
  const int frames = 90;
  for (int pass = 0; pass < 3; ++pass) {
    const auto t0 = std::chrono::steady_clock::now();
    vertices = 0;
    for (int i = 0; i < frames; ++i) {
      const double whole = last - first;
      double from, span;
      if (i < frames / 2) {
        span = whole * std::pow(30.0 / whole, i / (frames / 2.0 - 1));
        from = first + (whole - span) * 0.37;
      } else {
        span = whole / 8;
        from = first + (whole - span) * (i - frames / 2) / (frames / 2.0);
      }
      vertices += Build(d, lanes, from, from + span, 1280, 240, 3).g.vertices;
    }
    ms = std::min(ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / frames);
  }
  MESSAGE("timeline compute per frame at 100k: " << ms << " ms, " << vertices / frames << " vertices");
  CHECK(ms < 4.0);  // natively (a debug build included); the browser's frame adds drawing
}
