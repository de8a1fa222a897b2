// intents: what one part of the viewer asks of the others (open a document, focus the search box,
// scroll the reader to a turn, set the date range, start afresh on another archive…). Clicks, keyboard
// shortcuts and the scripting API post the same intents; app.cpp's HandleIntents hands each to the
// panel that owns the state it changes, once per frame before the panels draw (and at the end of
// each API command, so the page reads the outcome at once). No panel writes another panel's fields.
// ImGui-free: the queue is plain data.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

enum class LeftTab;          // panel_left.h
enum class TranslationMode;  // panel_translation.h
namespace stenogram {
enum class LaneBy;  // core/view/timeline.h
}
struct App;

namespace intent {
struct OpenDocument { int64_t id = 0; };  // ask for it; the reader shows it from its top when it arrives
struct CloseDocument {};                  // no document open (the phone's "‹ Results", Esc there)
struct ScrollToTurn { int turn = 0; };    // the reader brings the turn to its top
struct StepHit { int step = 0; };         // the reader's next (+1) / previous (-1) hit of the search
struct StepResult { int step = 0; };      // the results' next/previous row, opened
struct StepMark { int step = 0; };        // the timeline's next/previous mark by date, opened
struct Search { std::string text; };      // the search box holds text and searches at once
struct SetRange {                         // the date range filter (inclusive days; nullopt: open end)
  std::optional<int64_t> from, to;
};
struct Focus { std::string panel; };      // Tab: "timeline", "filters", "search", "results" or "reader" takes the keyboard
struct FocusSearchBox {                   // "/", Ctrl+F without a document: typing goes to the search box
  std::u32string typed;                    // characters typed after the "/" in the same frame: they go in the box
};
struct OpenFind {};                       // Ctrl+F with a document: "Find in this document"
struct ShowLeftTab {                      // the left column's tab and the tag cloud's kind
  LeftTab tab;
  int kind = -1;                          // index in CloudKinds(), -1: unchanged
  bool show = false;                      // compact layouts: shown instead of the results
};
struct SetLanes { stenogram::LaneBy by; };             // the timeline's lanes: by country, kind or person
struct HideContexts {};                                // the search column shows the results again
struct SetTranslationMode { TranslationMode mode; };   // the reader: side by side, original or translation
struct Reset {};                          // another archive is open: every panel starts afresh
}  // namespace intent

using Intent = std::variant<intent::OpenDocument, intent::CloseDocument, intent::ScrollToTurn, intent::StepHit,
                            intent::StepResult, intent::StepMark, intent::Search, intent::SetRange, intent::Focus,
                            intent::FocusSearchBox, intent::OpenFind, intent::ShowLeftTab, intent::SetLanes,
                            intent::HideContexts, intent::SetTranslationMode, intent::Reset>;

// Intents in the order they were posted; Take empties the queue.
class IntentQueue {
 public:
  void Post(Intent i) { pending_.push_back(std::move(i)); }
  bool Empty() const { return pending_.empty(); }
  std::vector<Intent> Take() { return std::exchange(pending_, {}); }

 private:
  std::vector<Intent> pending_;
};

// Posts an intent (kept in AppState::intents).
void Post(App& app, Intent intent);

// Hands every queued intent to its panel (intents they post meanwhile are handled too).
void HandleIntents(App& app);
