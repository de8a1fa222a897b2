// panel_contexts: the "Contexts" view of the search column (keyword in context): one line per
// occurrence of the search in the matching documents — left context | hit | right context, aligned
// on the hit — with date, speaker and title; sorted by document, date, left or right word; paged,
// the total shown; a click opens the document at that occurrence; "CSV" saves every line. The
// lines come from the engine (ContextsRequest, core/view/kwic).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/view/kwic.h"
#include "core/engine/reading_protocol.h"
#include "core/text/json.h"

struct AppState;

struct ContextsPanel {
  bool on = false;                                  // the column shows contexts instead of results
  stenogram::ContextSort sort = stenogram::ContextSort::Document;
  int64_t page = 0;
  uint64_t page_version = ~0ull;                    // query_version the page belongs to
  bool exporting = false;                           // "CSV" clicked, the lines not yet saved
  // What the last drawn answer said (state().contexts).
  int64_t count = -1;                               // lines in all (-1: not yet known)
  int64_t shown = 0;                                // lines on the page drawn
  int64_t docs_scanned = 0, docs_total = 0;
  std::string error;
  std::vector<stenogram::ContextLine> first;        // the page's first lines (state().contexts.lines)
};

constexpr int64_t kContextsPage = 100;              // lines per page

// The request for the panel's current page (the query, the order, the page).
stenogram::ContextsRequest ContextsRequestOf(const ContextsPanel& panel, const AppState& app);
// Takes what an answer says into the panel's counts (state().contexts).
void NoteContexts(ContextsPanel& panel, const stenogram::ContextsAnswer& a);

// Shows the Contexts view of the current search (the scripting API's showContexts): another sort
// starts again at page 0; the page's lines are asked for at once.
void ShowContexts(ContextsPanel& panel, AppState& app, std::optional<stenogram::ContextSort> sort,
                  std::optional<int64_t> page);

// What the Contexts view reports: {count, shown, sort, page, visible, docsScanned, docsTotal, error,
// lines (the first 10)}; ReportContexts puts it in state().contexts.
stenogram::JsonValue ContextsJson(const ContextsPanel& panel);
void ReportContexts(const ContextsPanel& panel, stenogram::JsonValue& state);

// The "Results | Contexts" switch under the count line; when contexts are on, draws them and
// returns true (the results list is then not drawn).
bool DrawResultsOrContexts(ContextsPanel& panel, AppState& app);
