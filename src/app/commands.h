// commands: the scripting API's commands (window.stenogram.command) as a table, name → handler, and
// the replies every handler gives. api.cpp holds the viewer's commands and runs the table;
// api_reading.cpp adds the researcher's tools' commands to it.
#pragma once
#include <span>
#include <string>
#include "core/text/json.h"

struct App;

// One command: its "type" and the short function that runs it on the command's JSON object. A
// handler checks its arguments and answers {"ok": false, "error": "<what is wrong>"} for bad ones.
struct Command {
  const char* name;
  std::string (*run)(App& app, const stenogram::JsonValue& command);
};

// The replies: done ({"ok": true} plus extra's keys), failed with why, or done once the archive
// engine has answered: the page waits until the viewer has settled and then runs `then` (a command
// of its own, usually one whose name starts with "_") and answers what that says.
std::string Ok(stenogram::JsonValue extra = stenogram::JsonValue::Object());
std::string Fail(const std::string& why);
std::string Then(const stenogram::JsonValue& then);
std::string ThenResult();  // then: the current query's outcome (ok, error, resultCount)
// A command that asked the engine for something: the same command again, marked "_waited", once
// the viewer settled; if it was already waited for, the engine did not answer (what says what).
std::string AgainOnce(const stenogram::JsonValue& command, const std::string& what);

// The researcher's tools' commands (api_reading.cpp): glyphs, showContexts, hideContexts, compare,
// benchWords, translationMode and their second halves.
std::span<const Command> ReadingCommands();
