// panel_transcript: the open document: header (title, date with its precision, place, kind,
// section, clickable counterparts and tags, source link), a toolbar (previous/next document in the
// result order, previous/next hit with a counter, text size, copy citation, export), and the text
// as speaker turns, wrapped once per width (core/view/textlayout) and drawn line-clipped with the
// query's hits highlighted. Text can be selected (drag, long-press and drag, Shift+click, double-
// and triple-click) and copied (Ctrl/Cmd+C, Copy, Copy with citation); Ctrl/Cmd+F finds in it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/panel_translation.h"
#include "core/text/emphasis.h"
#include "core/view/query.h"
#include "core/view/textlayout.h"
#include "core/text/json.h"

struct AppState;

struct TranscriptPanel {
  bool scroll_to_top = false;        // a document arrived (ShowFromTop)
  // layout, computed for (doc_id, wrap_width, font_px)
  int64_t doc_id = 0;
  float wrap_width = 0, font_px = 0;
  std::vector<stenogram::LayoutBlock> blocks;
  stenogram::TextLayout layout;
  // hits, computed for (doc_id, hits_version) on top of the layout
  uint64_t hits_version = ~0ull;
  std::vector<std::vector<stenogram::HitRange>> hits;  // per source
  std::vector<stenogram::HitBox> boxes;
  int hit_count = 0;
  int hit_index = -1;                // the current hit (-1: none)
  bool scroll_to_hit = false;
  int scroll_to_turn = -1;           // a turn to bring to the top (deep links), -1: none
  int turn_in_view = -1;             // the turn at the top of the reader (-1: none or no turns)
  int hit_step = 0;                  // +1/-1 requested by the scripting API (RequestHitStep)
  double copied_at = -1.0;           // when "Copy citation" was clicked (for the "Copied" note)
  // ---- selecting text (positions in the layout's sources; see core/view/textlayout) ----
  stenogram::TextPos sel_anchor, sel_caret;  // the selection runs between them (equal: none)
  int select_unit = 1;               // what a drag extends by: 1 characters, 2 words, 3 paragraphs
  stenogram::TextPos unit_a, unit_b; // the word or paragraph first pressed (a drag keeps it selected)
  enum class Press { None, Mouse, TouchWait, TouchScroll, TouchSelect } press = Press::None;
  double press_time = 0;             // ImGui time of the press (long-press on touch screens)
  float press_x = 0, press_y = 0;
  int clicks = 0;                    // presses in a row at one place (2: word, 3: paragraph)
  int last_press_frame = -100;
  double last_press_time = -10;
  float fling = 0;                   // momentum of a finger's scroll (pixels per second)
  int still_frames = 0;              // frames the finger rested before it lifted
  double quote_copied_at = -1.0;     // when "Copy"/"Copy with citation" was used
  // ---- find in this document (Ctrl/Cmd+F) ----
  bool find_open = false;
  bool focus_find = false;           // give the find box the keyboard next frame
  bool focus_reader = false;         // Esc in the find box: the reader gets the keyboard back
  char find_input[256] = {};
  std::string find_for;              // the text find_boxes were worked out for
  uint64_t layout_gen = 0;           // bumped on every new layout
  uint64_t find_gen = ~0ull;         // layout_gen find_boxes belong to
  std::vector<stenogram::HitBox> find_boxes;
  int find_count = 0, find_index = -1;
  bool scroll_to_find = false;
  // the open document's place in the result order, for (doc_id, result_version)
  int64_t order_doc = 0;
  uint64_t order_version = ~0ull;
  int order_index = -1;
  TranslationView translation;       // side by side with a translation (panel_translation.cpp)
  // the sources as shown (ShownSources): emphasis markers masked, and the emphasised runs per source
  int64_t shown_doc = 0;
  uint64_t shown_gen = 0;
  const void* shown_of = nullptr;
  std::vector<std::string> shown;
  std::vector<std::vector<stenogram::EmphasisSpan>> emphasis;
};

void DrawTranscriptPanel(TranscriptPanel& panel, AppState& app);

// The reader's layout sources of a document: turn k's text is source 2k and its speaker 2k+1; a
// document without turns is source 0 (the translation view lays its sides out the same way).
std::vector<std::string_view> TranscriptSources(const stenogram::Document& d);
// The sources as the reader shows them (core/text/emphasis): Markdown emphasis markers masked (the same
// offsets as the stored text), kept in the panel for the open document.
std::vector<std::string_view> ShownSources(TranscriptPanel& panel, const AppState& app, const stenogram::Document& d);
// Glyph advances for laying those sources out: body text in the regular font, labels in bold.
stenogram::AdvanceFn TranscriptAdvance(AppState& app);

// The selected text ("" when nothing is selected).
std::string SelectedTranscriptText(const TranscriptPanel& panel, const AppState& app);
// Opens the "Find in this document" box and gives it the keyboard (a document must be open).
void OpenFindInDocument(TranscriptPanel& panel);

// What the reader reports: state().openDocument ({id, title, date, turns, hitCount, hitIndex, turn}
// and the translation's part; null while none is open) and state().reader's selection and find box.
void ReportTranscript(const TranscriptPanel& panel, const AppState& app, stenogram::JsonValue& state);

// What others ask of the reader (see intents.h); each takes effect when it is drawn next.
void ShowFromTop(TranscriptPanel& panel);              // a document arrived: its top is shown
void ScrollToTurn(TranscriptPanel& panel, int turn);   // the turn is brought to the top
void RequestHitStep(TranscriptPanel& panel, int step); // the next (+1) or previous (-1) hit
void FocusReader(TranscriptPanel& panel);              // the reader takes the keyboard
