// api_reading: the scripting API of the researcher's tools (issue 18), kept beside api.cpp:
// state().left.cloudList, state().contexts, state().compare, state().timeline.series and
// state().openDocument.translation; the commands showContexts, hideContexts, compare and
// translationMode; the comparison in setView (deep links). Also the reader-for-everyone parts that
// live beside them: state().left.cursor (the left column's keyboard), state().scriptFonts and the
// glyphs command (Hebrew and Arabic on the canvas).
#pragma once
#include <optional>
#include <string>
#include <nlohmann/json.hpp>

struct App;

// Adds the tools' parts to a state() object.
void AddReadingState(App& app, nlohmann::json& state);
// Runs one of the tools' commands; nullopt when type is not one of them.
std::optional<std::string> RunReadingCommand(App& app, const std::string& type, const nlohmann::json& j);
// The left column's keyboard for the text layer: {"tab", "items": [{"text", "chosen"}]} (what the
// chosen tab lists) and, for the focus, {"onTabs", "at"}.
nlohmann::json LeftItemsMirror(App& app);
nlohmann::json LeftFocusMirror(App& app);
// setView's "compare" (searches) and "perThousand": missing keys clear the comparison.
void SetViewComparison(App& app, const nlohmann::json& j);
