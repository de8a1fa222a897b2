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
#include "core/view/textlayout.h"

struct AppState;

// A title or snippet laid out for the list's width: the text with emphasis markers hidden (same
// offsets), its first lines, the hits' boxes on them and where "…" goes when it is cut.
struct LaidText {
  std::string text;
  std::vector<stenogram::LayoutLine> lines;
  std::vector<stenogram::HitBox> boxes;
  float ellipsis_x = -1.0f;             // x of the "…" after the last line (-1: the text fits)
};

// One row of the results list as drawn: computed when its page arrives or the width changes.
struct LaidRow {
  std::string meta;                     // "12 May 2016  ·  interview  ·  Moscow"
  LaidText title, snippet;
  bool title_cut = false;               // the title is wider than the row (its tooltip shows it whole)
};

struct SearchPanel {
  char input[512] = {};                 // the search box's text
  double edited_at = -1.0;              // ImGui time of an edit not yet searched (-1: none)
  bool focus_box = false;               // give the box keyboard focus next frame
  int box_arming = 0;                   // 1: asked for or activated this frame, 2: it takes typed_ahead now
  std::u32string typed_ahead;           // typed while the box was taking the keyboard: goes in it
  int asked_frame = 0;                  // ImGui frame the box was asked to take the keyboard in
  uint64_t speakers_of = 0;             // archive_gen the speakers were read for (0: not yet)
  std::vector<stenogram::FacetValue> speakers;      // the speaker selector's choices, most frequent first
  uint64_t rows_version = ~0ull;        // result_version the cached pages belong to
  uint64_t open_first_of = ~0ull;       // Enter in the box: open the first result of this query_version
  std::string export_format;            // "csv"/"json": an export asked for and not yet saved
  std::unordered_map<size_t, std::vector<stenogram::ResultRow>> pages;  // rows by page (kPageRows each)
  std::unordered_map<size_t, std::vector<LaidRow>> laid;  // the same pages laid out for laid_width
  float laid_width = 0, laid_font = 0;  // row width and font size the laid pages were computed for
  int want_first = 0, want_last = 0;    // rows the list showed last frame: their pages are asked for
  int selected = -1;                    // index in the result order
  int64_t seen_open_id = 0;             // the open document when selected was last synced
  bool scroll_to_selected = false;
  ContextsPanel contexts;               // the "Contexts" view instead of the results (panel_contexts.cpp)
};

void DrawSearchPanel(SearchPanel& panel, AppState& app);

// Puts text in the box and searches for it at once (no debounce); used by the scripting API.
void SearchNow(SearchPanel& panel, AppState& app, const std::string& text);

// The search box takes the keyboard when it is drawn next ("/", Ctrl+F, Tab). What is typed until it
// has it (typed: after the "/" in the same frame) goes in the box, not lost.
void FocusSearchBox(SearchPanel& panel, const std::u32string& typed = {});

// The box is taking the keyboard: the viewer-wide keys (j, k, Esc) wait.
bool SearchBoxArming(const SearchPanel& panel);

// Moves the selection step results down (up if negative) and opens that document.
void StepResult(SearchPanel& panel, AppState& app, int step);

// The label the speaker selector shows for a speaker key ("" → "Anyone", "question" → "Questions").
std::string SpeakerLabel(const SearchPanel& panel, const std::string& key);
