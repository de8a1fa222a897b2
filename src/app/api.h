// api: the scripting API the page exposes as window.stenogram (state, command, locate, the events),
// implemented in C++ as exported functions that web/stenogram.js calls; web/embed.js builds the
// embed (postMessage) API on it.
#pragma once
#include <string>

struct App;

// The application instance the exported functions act on (set once by main).
void SetApiApp(App* app);

// JSON of what a user sees: archive, query, filters, result count, open document, last error.
std::string StateJson(App& app);

// Runs one command given as JSON ({"type": "open", "id": 3}); returns {"ok": true} or
// {"ok": false, "error": "..."} (commands.cpp: the command table).
std::string RunCommand(App& app, const std::string& json);

// After each frame: when what the canvas shows changed (the archive, the results, the open
// document, the keyboard's focus, the timeline's range), hands the changed parts to the page's
// text layer (web/a11y.js) as JSON; nothing is sent while nothing changed.
void SyncTextLayer(App& app);

// After each frame: tells the page what changed, as events to window.stenogram's listeners
// (through platform::PostEvent): "documentOpened" {id, title, date} when another document is
// shown, "stateChanged" (the whole state()) when the view changed (query, filters, range, sort,
// comparison, open document or its turn, result count, theme, error, the archive). Nothing is
// sent while nothing changed, so the page never needs to poll state().
void NotifyPage(App& app);
