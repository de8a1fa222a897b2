// panel_transcript: the open document: header (title, date with its precision, place, kind,
// section, clickable counterparts and tags, source link), a toolbar (previous/next document in the
// result order, previous/next hit with a counter, text size, copy citation, export), and the text
// as speaker turns, wrapped once per width (core/textlayout) and drawn line-clipped with the
// query's hits highlighted.
#pragma once
#include <cstdint>
#include <vector>

#include "app/panel_translation.h"
#include "core/query.h"
#include "core/textlayout.h"

struct AppState;

struct TranscriptPanel {
  bool scroll_to_top = false;        // set when a document is opened elsewhere
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
  int hit_step = 0;                  // +1/-1 requested by the scripting API
  double copied_at = -1.0;           // when "Copy citation" was clicked (for the "Copied" note)
  // the open document's place in the result order, for (doc_id, result_version)
  int64_t order_doc = 0;
  uint64_t order_version = ~0ull;
  int order_index = -1;
  TranslationView translation;       // side by side with a translation (panel_translation.cpp)
};

void DrawTranscriptPanel(TranscriptPanel& panel, AppState& app);
