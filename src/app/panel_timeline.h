// panel_timeline: the timeline strip across the top: histogram of documents per bucket (all, and
// the current query's over it), the axis, and meetings as marks in lanes (by counterpart country,
// kind or person). Wheel/pinch/+- zoom, drag on the lanes pans, drag on the bars brushes a date
// range into the query, double-click resets, hover shows a card, click opens the document. The
// compute side is core/view/timeline; this file draws and handles input.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/panel_compare.h"
#include "core/view/timeline.h"
#include "core/view/timeline_geometry.h"
#include "imgui.h"
#include "core/text/json.h"

struct App;

struct TimelinePanel {
  // ---- archive data (loaded once per archive) ----
  uint64_t loaded_for = 0;                // archive_gen the records were loaded for (0: none)
  uint64_t asked_for = 0;                 // archive_gen they were asked for, at asked_at
  std::chrono::steady_clock::time_point asked_at;
  stenogram::TimelineData data;
  float load_ms = 0;                      // time LoadTimeline took

  // ---- what the user chose ----
  stenogram::LaneBy lane_by = stenogram::LaneBy::Country;
  stenogram::TimelineView view;           // visible days; width_px follows the plot each frame
  bool view_set = false;                  // false: show the whole archive on the next frame

  // ---- derived, cached ----
  stenogram::TimelineLanes lanes;
  stenogram::LaneBy lanes_by = stenogram::LaneBy::Country;
  size_t lanes_max = 0;                   // lane count the lanes were assigned for (0: none yet)
  uint64_t lanes_gen = 0;                 // bumped when the lanes are assigned again
  uint64_t match_version = ~0ull;         // result_version the overlay below was computed for
  bool filtered = false;                  // the query narrows the archive (overlay shown)
  std::vector<int64_t> match_days;        // days of the matching documents, ascending
  std::vector<std::vector<uint32_t>> match_prefix;  // per lane, matching members before k
  struct Key {
    double start = 0, end = 0, width = 0, merge = 0;
    uint64_t match = ~0ull;
    uint64_t lanes = 0;
    float font = 0;
    stenogram::TimelineBoxes box;
    bool operator==(const Key&) const = default;
  } key;
  stenogram::TimelineHistogram histogram;
  std::vector<stenogram::TimelineMark> marks;
  std::vector<stenogram::TimelineTick> ticks;
  stenogram::TimelineGeometry geometry;   // all of the above in pixels (what the strip draws)
  int marks_drawn = 0;
  float compute_ms = 0;                   // last recomputation of histogram, marks, ticks and geometry
  float draw_ms = 0;                      // last frame: emitting the strip's primitives
  float panel_ms = 0;                     // last frame: the whole panel (input, compute, draw)
  int vertices = 0;                       // last frame: vertices the strip emitted
  bool drawn_from_cache = false;          // last frame: the static layer was copied, not rebuilt
  // The static layer's vertices (lanes, bars, axis, ticks, marks), replayed while nothing they
  // depend on changed: the geometry (key_gen), the colours and the font atlas (style).
  struct StaticLayer {
    uint64_t key_gen = ~0ull;
    uint64_t style = 0;
    std::vector<ImDrawVert> vtx;
    std::vector<ImDrawIdx> idx;         // relative to the layer's first vertex
  } layer;
  uint64_t key_gen = 0;                   // bumped when the geometry is computed again
  std::vector<int64_t> located;           // documents of single marks drawn whole (locate "timeline-mark-<id>")

  // ---- interaction (throwaway) ----
  enum class Drag { None, Pan, Brush } drag = Drag::None;
  float press_x = 0, press_y = 0;
  bool moved = false;
  double brush_a = 0, brush_b = 0;        // days while brushing
  bool focused = false;                   // clicked inside: keys act on the timeline
  int64_t card_key = -1;                  // hovered mark's cards are cached by its first id ^ count
  std::vector<stenogram::TimelineCard> cards;
  CompareState compare;                   // searches compared as lines (panel_compare.cpp)
};

// Lays the strip out above the columns (height by screen size; hidden when embedded without it)
// and draws it; opens a clicked document.
void DrawTimelineArea(App& app);

// Draws the panel into the current window region of the given height.
void DrawTimelinePanel(TimelinePanel& p, AppState& s, float height);

// Shows [start, end) (days) on the next frame (the API's timelineView); loads the archive's records
// first if needed.
void SetTimelineView(TimelinePanel& p, AppState& s, double start, double end);

// The timeline's keys act (or stop acting) on it: Tab moved the keyboard to it or away.
void FocusTimeline(TimelinePanel& p, bool on);

// [ and ] while the timeline has the keyboard: opens the previous (-1) or next (+1) mark (document)
// by date, and the timeline follows it when it is out of view.
void StepMark(TimelinePanel& p, AppState& s, int step);

// What the timeline reports about itself: the view part of state().timeline ({from, to, bucket, lane,
// lanes, marksDrawn, ...}; null while no archive's records are loaded), and the whole of its part
// of state(): "timeline" (with the compared series) and "compare".
stenogram::JsonValue TimelineViewJson(const TimelinePanel& p, const AppState& s);
void ReportTimeline(const TimelinePanel& p, const AppState& s, stenogram::JsonValue& state);

// Whole-archive view (with a margin) for the panel's data.
stenogram::TimelineView WholeArchiveView(const TimelinePanel& p, double width_px);
