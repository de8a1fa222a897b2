// api_reading: the scripting API of the researcher's tools (issue 18) and the reader-for-everyone
// parts, kept beside api.cpp: their commands (glyphs, showContexts, hideContexts, compare,
// translationMode, benchWords: ReadingCommands in commands.h), the comparison in setView (deep
// links) and the left column's parts of the text layer. Their parts of state() are reported by the
// panels themselves (ReportContexts, ReportCompare, ReportTranslation, ReportLeft).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include "core/text/json.h"

struct App;

// The tools' commands are in the command table (commands.h: ReadingCommands).
// The left column's keyboard for the text layer: {"tab", "items": [{"text", "chosen"}]} (what the
// chosen tab lists, its first kLeftItemsSaid items) and, for the focus, {"onTabs", "at"}.
inline constexpr size_t kLeftItemsSaid = 200;
stenogram::JsonValue LeftItemsMirror(App& app);
stenogram::JsonValue LeftFocusMirror(App& app);
// setView's "compare" (searches) and "perThousand": missing keys clear the comparison.
void SetViewComparison(App& app, const stenogram::JsonValue& j);
