// file_actions: the top bar's "Open…" (an archive or a JSON/JSONL/CSV source from this computer)
// and "Copy link" (the current view's deep link) buttons. The work is the page's (platform seam).
#pragma once

struct AppState;

// Draws the buttons right-aligned so they end at right_x, vertically centred in the bar
// [bar_top, bar_top + bar_height) (screen coordinates). Returns the x where they begin.
float DrawFileActions(AppState& app, float right_x, float bar_top, float bar_height);
