// panel_translation: a document and its translation side by side in the reader. Translations are
// the documents the engine names for the open one (TranslationsRequest: the same source id in
// another language, or a translations field). Paragraphs (within turns) are aligned by core/text/align
// — by order, or by position along the text when the counts differ — and laid out so that each row
// starts at the same height on both sides; one scroll moves both. A switch shows one language;
// the search's hits are highlighted on each side.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/text/align.h"
#include "core/view/textlayout.h"
#include "core/text/json.h"

struct AppState;

enum class TranslationMode { SideBySide, Original, Translation };
// "side-by-side", "original", "translation" (state() and the translationMode command).
const char* TranslationModeName(TranslationMode mode);
bool ParseTranslationMode(const std::string& name, TranslationMode* mode);

struct TranslationView {
  int64_t doc = 0;                      // the open document the choices below belong to
  int choice = 0;                       // which of its translations (index in the engine's list)
  TranslationMode mode = TranslationMode::SideBySide;
  // What is shown (state().openDocument.translation), for the document `doc`.
  int64_t shown_id = 0;                 // the translation drawn (0: none)
  std::string shown_language;
  int available = 0;                    // translations the engine named
  int row_in_view = -1;                 // the aligned row at the top of the view
  int rows = 0;
  float scroll_y = 0;
  int hits_left = 0, hits_right = 0;    // hits highlighted on each side
  // Layout, cached by (ids, width, font, query_version, mode).
  struct Side {
    std::vector<stenogram::LayoutBlock> blocks;
    stenogram::TextLayout layout;
    std::vector<stenogram::HitBox> boxes;
    bool hits_in = false;
    // The document's sources as shown: Markdown emphasis markers masked (core/text/emphasis).
    int64_t shown_id = 0;
    std::vector<std::string> shown;
  } left, right;
  std::vector<float> row_tops;          // each aligned row's top (both sides)
  int64_t key_left = 0, key_right = 0;
  float key_width = 0, key_font = 0;
  uint64_t key_query = ~0ull;
  TranslationMode key_mode = TranslationMode::SideBySide;
};

// Draws the translation switch under the reader's toolbar when the open document has translations,
// and — unless the original alone is chosen — the aligned view; true when it drew the text (the
// reader then draws nothing more).
bool DrawTranslation(TranslationView& view, AppState& app);

// What the translation view reports in state().openDocument: translations (how many) and
// translation ({id, language, mode, rows, rowInView, scroll, hitsLeft, hitsRight}, null when none
// is shown).
void ReportTranslation(const TranslationView& view, const AppState& app, stenogram::JsonValue& open_document);
