// app: one frame of the viewer: layout of the panels, the top bar, the error banner and the
// loading screen. Panels are registered here and nowhere else.
#pragma once
#include "app/app_state.h"
#include "app/intents.h"
#include "app/panel_facets.h"
#include "app/panel_left.h"
#include "app/panel_search.h"
#include "app/panel_timeline.h"
#include "app/panel_transcript.h"

struct Panels {
  SearchPanel search;
  FacetsPanel facets;
  TranscriptPanel transcript;
  TimelinePanel timeline;     // the strip across the top
  LeftPanel left;             // the left column's tabs: Filters (facets), Tags, Months
  bool timeline_open = false;  // phones: the timeline strip was tapped open
  bool filters_open = false;  // compact layouts: a left tab is shown instead of the results
  bool remembered_applied = false;  // the remembered tab and lanes were given to the panels
};

struct App {
  AppState state;
  Panels panels;
};

// Lays out and draws every panel for this frame (between ImGui::NewFrame and ImGui::Render).
void DrawFrame(App& app);

// A query just changed (a command, or a panel as it drew): the result, its first rows and the
// counts the panels on screen show are asked for now, together, not on those panels' next frame.
void AskAhead(App& app);
