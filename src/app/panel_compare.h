// panel_compare: up to three searches compared on the timeline as coloured lines over the
// histogram — absolute counts per bar, or per 1,000 documents of the bar's period — with a legend
// whose entries remove their series, and a box to add one. Each series is the current query
// (filters, speaker) with its own text and without the date range; its matching ids come from the
// engine (SearchRequest) and are bucketed like the histogram (core MakeHistogram). The comparison
// is part of the shareable link (cmp=, per=1000) and of the embed parameters.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/view/query.h"
#include "core/view/timeline.h"
#include "imgui.h"
#include "core/text/json.h"

struct AppState;
struct TimelinePanel;

struct CompareSeries {
  std::string text;                 // the search compared
  uint64_t days_for = ~0ull;        // query_version its days were read for
  bool ready = false;
  int64_t total = 0;                // matching documents
  std::vector<int64_t> days;        // their days, ascending
  std::vector<double> values;       // per histogram bar (count or per 1,000), for the drawn view
};

struct CompareState {
  static constexpr size_t kMaxSeries = 3;
  std::vector<CompareSeries> series;
  bool per_thousand = false;        // values per 1,000 documents of the bar's period
  char input[128] = {};             // the add box
  bool adding = false;              // the add box is open
  bool focus_input = false;         // give the add box the keyboard next frame
  // The bars the values were computed for.
  double key_start = 0, key_end = 0, key_width = 0;
  size_t key_bars = 0;
  bool key_per = false;
  uint64_t key_serial = ~0ull;
  uint64_t serial = 0;              // bumped when series or their days change
  double max_value = 0;
};

// The series' colours (legend and lines), in order.
ImU32 SeriesColor(size_t index);

// What the comparison reports in state(): "compare" ({queries, perThousand, adding, input}) and,
// when state().timeline is an object, its "series" and "seriesScale".
void ReportCompare(const CompareState& c, stenogram::JsonValue& state);

// Replaces the compared searches (at most kMaxSeries; blank ones skipped, repeats once). False with
// *error for too many.
bool SetComparison(CompareState& c, const std::vector<std::string>& texts, std::string* error);

// The query a series runs: the current one (filters, speaker) with the series' text, no date range.
stenogram::Query CompareQuery(const AppState& s, const std::string& text);

// Reads each series' matching documents once per query change (asks the engine; needs the
// timeline's records for the days).
void RefreshComparison(CompareState& c, TimelinePanel& p, AppState& s);

// "+ Compare" on the timeline's header line while nothing is compared (no line of its own).
void DrawCompareButton(CompareState& c, AppState& s);

// The legend line under the timeline's header while something is compared or being added: each
// series (click removes), "+ Add" (a box to type a search; Enter adds it) and Count | Per 1,000.
void DrawCompareBar(CompareState& c, AppState& s);

// Lines of the series over the histogram's bars (bars from the panel's histogram), scaled to the
// bar area [bar_top, base_y]; the scale's top value in the gutter at gutter_x.
void DrawCompareSeries(CompareState& c, TimelinePanel& p, AppState& s, float plot_x, float bar_top, float base_y,
                       float gutter_x);
