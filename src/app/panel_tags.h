// panel_tags: the tag cloud over tags, distinctive words, people, countries, places or
// organisations (a switch). Words are the terms that set the results apart from the archive
// (core/view/keyness, counted by the engine); a click searches a word, shift-click excludes it, and
// they are shown first when the archive names no topics.
// Word size follows the number of matching documents under the search and every filter
// (log-scaled steps, core LayoutCloud, measured with the real fonts); a click filters by a word,
// shift-click excludes it, a click on a chosen word removes its filter. A filter box narrows the
// words, a switch sorts them by frequency or name, hovering shows the count.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/ui.h"
#include "core/view/query.h"
#include "core/view/keyness.h"
#include "core/view/tagcloud.h"
#include "core/text/json.h"

struct AppState;

struct CloudKind {
  const char* facet;         // Filter.facet
  const char* title;         // the switch's label
  const char* noun;          // "tags", "people", ...
};
// The kinds of the switch, in its order.
const std::vector<CloudKind>& CloudKinds();

struct TagsPanel {
  int kind = 0;                                     // index into CloudKinds()
  bool kind_chosen = false;                         // chosen by the user or a command (else Words replace empty Topics)
  std::vector<stenogram::KeyWord> keywords;         // the Words kind: the engine's words, parallel to words
  int64_t words_matched = 0, words_sampled = 0;     // documents matching / counted for them
  bool words_against_archive = false;
  stenogram::CloudSort sort = stenogram::CloudSort::Frequency;
  char filter[128] = {};                            // the filter box
  bool show_all = false;                            // "N more" was clicked
  std::string hovered;                              // the word under the mouse this frame ("" = none)
  int64_t hovered_count = 0;                        // its count (what the tooltip shows)
  // Counts, cached by query and kind.
  uint64_t counts_version = ~0ull;                  // query_version the words were counted for
  int counts_kind = -1;
  uint64_t counts_of = 0;                           // archive_gen they were counted for (0: none)
  std::vector<stenogram::CloudWord> words;          // the kind's values with counts
  std::vector<bool> placeholder;                    // a chosen value that matches nothing (count shown as 0)
  uint64_t words_serial = 0;                        // bumped whenever words change
  // Layout, cached by words, width, filter, sort and font size.
  stenogram::CloudLayout layout;
  uint64_t layout_serial = ~0ull;
  float layout_width = -1.0f;
  float layout_font = 0.0f;
  std::string layout_filter;
  stenogram::CloudSort layout_sort = stenogram::CloudSort::Frequency;
  bool layout_all = false;
  // The keyboard (panel_left): item 0 is the kind switch (←/→ change the kind), then the words
  // (←/→ along a line, ↑/↓ to the nearest word of the line above or below), then "Show more".
  ui::KeyCursor cursor;
  ui::ListKeys keys;                                // this frame's keys (empty without the keyboard)
};

void DrawTagsPanel(TagsPanel& panel, AppState& app);

// Asks for the cloud's counts of the current query and kind (once); takes them when they arrive.
// Called as the panel draws, and as soon as the query changes (app.cpp AskAhead).
void RefreshTagCounts(TagsPanel& panel, AppState& app);

// What the tag cloud reports in state().left: cloudKind, cloudSort, cloudFilter, cloudWords,
// cloudMore, cloudHover, cloudList (the first 40 words drawn) and cloudChosen.
void ReportTags(const TagsPanel& panel, stenogram::JsonValue& left);
