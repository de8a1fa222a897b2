// panel_months: the month archive: "October 2018  14" rows grouped under collapsible year headers
// with their totals, newest first. Counts follow the search and every filter except the month
// filters themselves (so choosing a month keeps the other months in view); a click filters to a
// month, shift-click excludes it, a click on a chosen month removes the filter.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/ui.h"
#include "core/view/query.h"
#include "core/text/json.h"

struct AppState;

struct MonthsYear {
  std::string year;          // "2018"
  int64_t total = 0;         // documents in the year's months
  size_t first = 0;          // its months are months[first, first + count)
  size_t count = 0;
};

struct MonthsPanel {
  uint64_t counts_version = ~0ull;                  // query_version the counts were checked for
  uint64_t counts_of = 0;                           // archive_gen they were read for (0: none)
  stenogram::Query counts_query;                    // the query they were counted under (no month filters)
  std::vector<stenogram::MonthCount> counted;       // MonthHistogram under counts_query
  std::vector<stenogram::MonthCount> months;        // shown: counted and the chosen months, newest first
  std::vector<MonthsYear> years;                    // newest first
  int64_t max_count = 0;                            // the fullest month (for the bars)
  std::vector<std::string> toggled;                 // years the user opened or folded against the default
  // The keyboard (panel_left): the year headers and the months of open years, in order; ←/→ on a
  // year fold and open it, Enter/Space too.
  ui::KeyCursor cursor;
  ui::ListKeys keys;                                // this frame's keys (empty without the keyboard)
};

// What the month archive reports in state().left: months (how many are listed) and monthCounts
// ({"YYYY-MM": documents}).
void ReportMonths(const MonthsPanel& panel, stenogram::JsonValue& left);

void DrawMonthsPanel(MonthsPanel& panel, AppState& app);

// Asks for the month counts of the current query (once); takes them when they arrive. Called as
// the panel draws, and as soon as the query changes (app.cpp AskAhead).
void RefreshMonthCounts(MonthsPanel& panel, AppState& app);

// "2018-10" → "October"; "" when the text is not YYYY-MM.
std::string MonthName(const std::string& yyyy_mm);
