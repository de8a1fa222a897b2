// panel_left: the left column's tabs "Filters | Tags | Months" (the facets, the tag cloud and the
// month archive), and the switch that reaches them in compact layouts, where they take the
// results' place: "Results | Filters | Tags | Months".
#pragma once
#include <string>

#include "app/panel_months.h"
#include "app/panel_tags.h"

struct AppState;
struct Panels;

enum class LeftTab { Filters, Tags, Months };

struct LeftPanel {
  LeftTab tab = LeftTab::Filters;
  TagsPanel tags;
  MonthsPanel months;
};

// The left column: the tabs and the chosen panel.
void DrawLeftColumn(Panels& panels, AppState& app);

// Compact layouts: draws the Results | Filters | Tags | Months switch and, when a left tab is
// chosen, its panel; returns false when the results should be drawn below the switch.
bool DrawCompactLeft(Panels& panels, AppState& app);

// "filters", "tags", "months" (for state() and the setLeftTab command); ParseLeftTab is false for
// any other name.
const char* LeftTabName(LeftTab tab);
bool ParseLeftTab(const std::string& name, LeftTab* tab);

// A small segmented-control button (accent when on); records label_mark for locate().
bool TabButton(AppState& app, const char* label, bool on, const std::string& mark);
