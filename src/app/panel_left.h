// panel_left: the left column's tabs "Filters | Tags | Months" (the facets, the tag cloud and the
// month archive), and the switch that reaches them in compact layouts, where they take the
// results' place: "Results | Filters | Tags | Months".
#pragma once
#include <string>

#include "app/panel_months.h"
#include "app/ui.h"
#include "app/panel_tags.h"
#include "core/text/json.h"

struct AppState;
struct Panels;

enum class LeftTab { Filters, Tags, Months };

// The keyboard in the left column (while it has the keyboard): ↑/↓, Home/End move through the
// chosen panel's items (←/→ too in the tag cloud; they fold a year of the months), Enter/Space
// applies the item (Shift: excludes it); ↑ from the first item reaches the tabs, where ←/→
// switch them and ↓ or Enter goes back into the list.
struct LeftPanel {
  LeftTab tab = LeftTab::Filters;
  TagsPanel tags;
  MonthsPanel months;
  bool keyboard = false;    // the column holds the keyboard this frame
  bool on_tabs = false;     // the keys are on the tabs (not in the list)
  bool shown = false;       // the chosen tab's panel was drawn in the last frame
};

// The counts the chosen tab's panel shows, asked for the current query when that panel is on
// screen (a query just changed: asked now, not when the panel draws next).
void RefreshLeftTab(Panels& panels, AppState& app);

// The left column: the tabs and the chosen panel.
void DrawLeftColumn(Panels& panels, AppState& app);

// Compact layouts: draws the Results | Filters | Tags | Months switch and, when a left tab is
// chosen, its panel; returns false when the results should be drawn below the switch.
bool DrawCompactLeft(Panels& panels, AppState& app);

// Shows a tab and, with kind >= 0, that kind of the tag cloud (index in CloudKinds(), as chosen).
void ShowLeftTab(LeftPanel& panel, LeftTab tab, int kind);

// "filters", "tags", "months" (for state() and the setLeftTab command); ParseLeftTab is false for
// any other name.
const char* LeftTabName(LeftTab tab);
bool ParseLeftTab(const std::string& name, LeftTab* tab);

// What the left column reports: state().left = {tab, compactShown, cursor: {keyboard, onTabs, at,
// count, item, chosen}} with the tag cloud's and the months' parts (ReportTags, ReportMonths).
void ReportLeft(Panels& panels, stenogram::JsonValue& state);

// The cursor of the chosen tab's list.
ui::KeyCursor& LeftCursor(Panels& panels);

// A small segmented-control button (accent when on); records label_mark for locate().
bool TabButton(AppState& app, const char* label, bool on, const std::string& mark);
