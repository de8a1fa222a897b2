// app_state: everything the viewer knows, passed down to every panel as AppState&. Three kinds of
// state are kept apart: the archive (immutable data), view settings a user would expect to be
// remembered, and throwaway per-frame UI state (inside each panel's own struct).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/intents.h"
#include "core/archive/archive.h"
#include "core/engine/client.h"
#include "core/view/query.h"
#include "core/view/view_settings.h"
#include "imgui.h"

struct ImFont;

// Where each labelled widget was drawn in the last frame, so scripts and tests can click it for
// real (window.stenogram.locate). Coordinates are ImGui's: device pixels.
struct LocatedRect {
  ImVec2 min, max;
};
struct LocateRegistry {
  std::unordered_map<std::string, LocatedRect> rects;
  void Clear() { rects.clear(); }
  void Record(const std::string& label, ImVec2 min, ImVec2 max) { rects[label] = {min, max}; }
};

struct Fonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
  ImFont* heading = nullptr;
  ImFont* display = nullptr;               // regular at kDisplayScale × the text size (tag cloud words)
  static constexpr float kDisplayScale = 1.9f;
  std::vector<unsigned char> regular_ttf;  // owned here; the atlas does not own font data
  std::vector<unsigned char> bold_ttf;
  std::vector<unsigned char> hebrew_ttf;   // fetched only when drawn text needs them (ui::Visual)
  std::vector<unsigned char> arabic_ttf;
  float built_scale = 0.0f;               // device pixel ratio the atlas was built for
  bool built_wide = false;                // ... and with the wide glyph ranges (ui::WideGlyphs)
};

// ?embed=1 (web/embed.js → the setLayout command): which panels an embedding page asked for.
struct EmbedLayout {
  bool on = false;          // embedded: compact layout, only the panels below
  bool facets = false;      // the filters column (otherwise reachable through the Filters tab)
  bool search = true;
  bool transcript = true;
  bool timeline = true;     // for the timeline panel, when the layout has one
};

struct AppState {
  // ---- archive: held by the engine (a Web Worker in the browser); read through requests ----
  stenogram::Client client;            // answers of the engine, cached by request
  bool archive_open = false;           // the engine holds an open archive
  uint64_t archive_gen = 0;            // bumped by every archive opened: answers and caches key on it
  bool loading = true;                 // until the first archive (or error) arrives
  std::string loading_what = "Loading…";
  // The open archive's title, counts and name (null while none is open or its answer is on the way).
  const stenogram::InfoAnswer* Info() {
    return archive_open ? client.Ask(stenogram::InfoRequest{}) : nullptr;
  }

  // ---- what the user asks: shared by search, facets, timeline, tag cloud, month archive ----
  stenogram::Query query;
  uint64_t query_version = 0;          // bumped by SetQuery; panels cache their answers by it
  stenogram::QueryResult result;       // the latest answer (all matching ids in order)
  stenogram::Query result_query;       // the query result answers (query itself while it is current)
  uint64_t result_version = ~0ull;     // query_version the result was computed for

  // ---- selection ----
  std::optional<stenogram::Document> open_document;
  std::string open_title;              // its title cut for display (the full one stays for exports)
  int64_t opening = 0;                 // a document asked for and not yet arrived (0: none)
  bool opened_now = false;             // the document arrived this frame: panels bring it into view
  struct OpenAt {                      // a context line was clicked: its hit becomes the reader's current one
    int64_t doc = 0;
    int hit = -1;
  } open_at;

  IntentQueue intents;                 // what the parts of the viewer ask of each other (intents.h)

  // ---- keyboard focus between panels (Tab / Shift+Tab, see keyboard.h) ----
  int focus_step = 0;             // Tab (+1) / Shift+Tab (-1) from the page, taken next frame
  std::string focus_request;      // the panel to take the keyboard this frame ("" none)
  std::string focused_panel;      // the panel holding the keyboard ("timeline", "filters", "search", "results", "reader")
  bool focus_ring = false;        // the keyboard moved the focus: the focused panel is outlined until a click
  bool keys_help = false;         // "?" was typed: the "Keys" help opens
  bool keys_help_shown = false;   // the "Keys" help is on screen
  bool phone = false;             // the narrow layout: one column at a time

  // ---- messages ----
  std::string error;  // last error, shown in a banner until dismissed

  // ---- view ----
  stenogram::ViewSettings settings;  // remembered in localStorage (not when embedded)
  EmbedLayout embed;
  float ui_scale = 1.0f;  // device pixel ratio: ImGui works in device pixels
  Fonts fonts;
  LocateRegistry locate;
  std::string api_buffer;  // backing store for strings returned to JavaScript
  bool animating = false;  // something moves on its own this frame (momentum, a timed press): keep drawing
  struct Drawn {
    int lists = 0, commands = 0, draws = 0, vertices = 0;  // of the last frame drawn
    float redrawn = 0;          // the last frame's share of the canvas redrawn (0: the same picture, no WebGL call)
    double screens = 0;         // the shares redrawn since the page opened, summed
    float ms = 0;               // the frame's time in the renderer (its WebGL calls)
    int64_t frames_drawn = 0;   // frames sent to WebGL since the page opened
    int64_t frames_skipped = 0; // frames that repeated the picture shown: no WebGL call
  } drawn;                      // what frames sent to WebGL (renderer.h)
  std::vector<float> frame_ms;  // CPU ms of recent frames (main.cpp appends, keeps ≤ 600; stenogram.frameTimes() drains)

  // The engine opened an archive: forget every answer of the previous one.
  void ArchiveOpened();
  // Asks for a document; it replaces open_document when it arrives (see PollDocument).
  void OpenDocument(int64_t id);
  // No document open, none on its way.
  void CloseDocument() {
    open_document.reset();
    opening = 0;
  }
  // Takes the asked-for document once it has arrived (or reports that there is none).
  void PollDocument();
  // Replaces the query (no-op when equal); panels notice through query_version.
  void SetQuery(const stenogram::Query& q);
  // Takes the answer to the current query once it has arrived (called every frame before panels
  // draw); until then result holds the previous query's answer and result_version says so. The
  // first page of its rows is asked for along with it (the results list draws them the frame the
  // ids arrive, not a round trip later).
  void RefreshResult();
  // Rows of a result come in pages of this many (the results list asks for the pages it shows). A
  // screenful or so: each row with a snippet costs a read of its text, which at 100k documents
  // from a local file or over HTTP is what a search waits for (32 cost twice the first screen).
  static constexpr size_t kRowsPage = 16;
  // Shows the last failure the engine reported (once).
  void TakeEngineError();
  // Nothing asked for is still on its way (the page's command() waits for this).
  bool Settled() const { return !client.Busy() && opening == 0; }
  void SetError(const std::string& message);
};
