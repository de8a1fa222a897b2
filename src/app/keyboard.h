// keyboard: the viewer-wide shortcuts that belong to no single panel: "/" focuses the search box,
// Ctrl/Cmd+F finds in the open document (the search box when none is open), Esc clears the search
// (then the date range), j/k move through the results from anywhere but a text box, Tab/Shift+Tab
// move the keyboard between the panels (timeline, filters, search box, results, reader; the page
// hands Tab over as stn_focus_step), "?" shows the Keys help. Panels keep their own keys (the
// results list: arrows and Enter; the timeline: +/- and arrows; the reader: Ctrl+C, Ctrl+A).
#pragma once

struct App;

void HandleGlobalKeys(App& app);

// The panels in Tab order that can take the keyboard now (the reader only with a document open).
const char* const* FocusOrder(const App& app, int* count);

// Works out which panel holds the keyboard (after the panels were drawn) and outlines it while the
// keyboard moved it there; draws the Keys help when it is open.
void DrawFocusAndHelp(App& app);
