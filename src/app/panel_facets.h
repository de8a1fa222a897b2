// panel_facets: the filters: active filters as removable chips with "Clear all", and per facet
// (section, kind, year, language, speaker, country, met with, tag) the values with live counts
// under the current query. A click filters by a value, shift-click excludes it, a second click
// removes the filter.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/ui.h"
#include "core/view/query.h"

struct AppState;

struct FacetSection {
  const char* facet = "";               // Filter.facet
  const char* title = "";               // shown above the values
  std::vector<stenogram::FacetValue> values;
  bool expanded = false;                // all values, not only the first few
};

struct FacetsPanel {
  uint64_t counts_version = ~0ull;      // query_version the counts were computed for
  std::vector<FacetSection> sections = {
      {"kind", "Kind", {}, false},        {"year", "Year", {}, false},      {"speaker", "Speaker", {}, false},
      {"counterpart", "Met with", {}, false}, {"country", "Country", {}, false}, {"tag", "Tag", {}, false},
      {"language", "Language", {}, false}, {"section", "Section", {}, false},
  };
  ui::KeyCursor cursor;                 // the keyboard (panel_left): the values, then "Show all"
};

void DrawFacetsPanel(FacetsPanel& panel, AppState& app);

// Asks for every section's counts of the current query (once); takes them when all have arrived.
// Called as the panel draws, and as soon as the query changes (app.cpp AskAhead).
void RefreshFacetCounts(FacetsPanel& panel, AppState& app);

// Adds a filter (or removes it when the same value is already filtered); used by the reader's
// clickable counterparts and tags too.
void ToggleFilter(AppState& app, const stenogram::Filter& f);
