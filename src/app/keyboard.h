// keyboard: the viewer-wide shortcuts that belong to no single panel: "/" focuses the search box,
// Esc clears the search (then the date range), j/k move through the results from anywhere but a
// text box. Panels keep their own keys (the results list: arrows and Enter; the timeline: +/- and
// arrows while hovered).
#pragma once

struct App;

void HandleGlobalKeys(App& app);
