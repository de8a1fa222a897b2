// panel_search: the search box (debounced; FTS5 syntax with a help popup), the speaker limit and
// sort selectors, the result count with export, and the clipped list of results with their
// highlighted snippets. Keyboard: ↑/↓ or j/k move, Enter opens.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/panel_contexts.h"
#include "core/view/query.h"

struct AppState;

struct SearchPanel {
  char input[512] = {};                 // the search box's text
  double edited_at = -1.0;              // ImGui time of an edit not yet searched (-1: none)
  bool focus_box = false;               // give the box keyboard focus next frame
  uint64_t speakers_of = 0;             // archive_gen the speakers were read for (0: not yet)
  std::vector<stenogram::FacetValue> speakers;      // the speaker selector's choices, most frequent first
  uint64_t rows_version = ~0ull;        // result_version the cached pages belong to
  uint64_t open_first_of = ~0ull;       // Enter in the box: open the first result of this query_version
  std::string export_format;            // "csv"/"json": an export asked for and not yet saved
  std::unordered_map<size_t, std::vector<stenogram::ResultRow>> pages;  // rows by page (kPageRows each)
  int selected = -1;                    // index in the result order
  int64_t seen_open_id = 0;             // the open document when selected was last synced
  bool scroll_to_selected = false;
  ContextsPanel contexts;               // the "Contexts" view instead of the results (panel_contexts.cpp)
};

void DrawSearchPanel(SearchPanel& panel, AppState& app);

// Puts text in the box and searches for it at once (no debounce); used by the scripting API.
void SearchNow(SearchPanel& panel, AppState& app, const std::string& text);

// Moves the selection step results down (up if negative) and opens that document.
void StepResult(SearchPanel& panel, AppState& app, int step);

// The label the speaker selector shows for a speaker key ("" → "Anyone", "question" → "Questions").
std::string SpeakerLabel(const SearchPanel& panel, const std::string& key);
