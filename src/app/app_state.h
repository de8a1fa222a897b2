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

#include "core/archive.h"
#include "core/query.h"
#include "core/view_settings.h"
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
  float built_scale = 0.0f;               // device pixel ratio the atlas was built for
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
  // ---- archive (immutable once opened) ----
  std::unique_ptr<stenogram::Archive> archive;
  std::vector<stenogram::DocumentSummary> documents;  // list order (by date), loaded once at open
  bool loading = true;                                 // until the first archive (or error) arrives
  std::string loading_what = "Loading…";

  // ---- what the user asks: shared by search, facets, timeline, tag cloud, month archive ----
  stenogram::Query query;
  uint64_t query_version = 0;          // bumped by SetQuery; panels cache their answers by it
  stenogram::QueryResult result;       // answer to query (all matching ids in order)
  uint64_t result_version = ~0ull;     // query_version the result was computed for

  // ---- selection ----
  std::optional<stenogram::Document> open_document;

  // ---- messages ----
  std::string error;  // last error, shown in a banner until dismissed

  // ---- view ----
  stenogram::ViewSettings settings;  // remembered in localStorage (not when embedded)
  EmbedLayout embed;
  float ui_scale = 1.0f;  // device pixel ratio: ImGui works in device pixels
  Fonts fonts;
  LocateRegistry locate;
  std::string api_buffer;  // backing store for strings returned to JavaScript
  std::vector<float> frame_ms;  // CPU ms of recent frames (main.cpp appends, keeps ≤ 600; stenogram.frameTimes() drains)

  // Opens an archive image (takes ownership of an sqlite3_malloc64 buffer). Keeps the previous
  // archive and sets error when the new one cannot be opened.
  bool OpenArchive(unsigned char* data, size_t size, const std::string& name);
  bool OpenDocument(int64_t id);
  // Replaces the query (no-op when equal); panels notice through query_version.
  void SetQuery(const stenogram::Query& q);
  // Recomputes result if the query changed since (called once per frame before panels draw).
  void RefreshResult();
  void SetError(const std::string& message);
};
