// panel_transcript: the open document: header (title, date, place, kind, counterparts, tags,
// source link) and its text as speaker turns.
#pragma once

struct AppState;

struct TranscriptPanel {
  bool scroll_to_top = false;
};

void DrawTranscriptPanel(TranscriptPanel& panel, AppState& app);
