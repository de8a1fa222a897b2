// panel_translation: a document and its translation side by side (see panel_translation.h).
#include "app/panel_translation.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "app/app_state.h"
#include "app/panel_left.h"
#include "app/ui.h"
#include "app/panel_transcript.h"
#include "core/text/emphasis.h"
#include "core/engine/reading_protocol.h"
#include "imgui.h"
#include "core/text/json.h"

namespace {

enum Style { kBody = 0, kSpeaker = 1, kQuestion = 2 };

// The aligned units: the paragraphs of each turn (the turn's speaker above its first one).
struct Unit {
  int source = 0, start = 0, end = 0;
  int speaker_source = -1;
  Style speaker_style = kSpeaker;
};

std::vector<Unit> Units(const stenogram::Document& d) {
  std::vector<Unit> units;
  if (d.turns.empty()) {
    for (const auto& [a, b] : stenogram::ParagraphSpans(d.text))
      units.push_back({0, static_cast<int>(a), static_cast<int>(b), -1, kSpeaker});
    return units;
  }
  for (size_t k = 0; k < d.turns.size(); ++k) {
    const auto& t = d.turns[k];
    const auto spans = stenogram::ParagraphSpans(t.text);
    for (size_t i = 0; i < spans.size(); ++i) {
      Unit u{static_cast<int>(2 * k), static_cast<int>(spans[i].first), static_cast<int>(spans[i].second), -1, kSpeaker};
      if (i == 0 && !t.speaker.empty()) {
        u.speaker_source = static_cast<int>(2 * k + 1);
        u.speaker_style = t.speaker_key == "question" ? kQuestion : kSpeaker;
      }
      units.push_back(u);
    }
  }
  return units;
}


std::vector<float> LineHeights(float font) { return {font * 1.5f, font * 1.45f, font * 1.45f}; }

// The blocks of units [begin, end), the first with gap_before = first_gap.
std::vector<stenogram::LayoutBlock> RowBlocks(const std::vector<Unit>& units, size_t begin, size_t end, float first_gap,
                                              float font) {
  std::vector<stenogram::LayoutBlock> blocks;
  for (size_t i = begin; i < end; ++i) {
    const Unit& u = units[i];
    float gap = blocks.empty() ? first_gap : font * 0.5f;
    if (u.speaker_source >= 0) {
      blocks.push_back({u.speaker_source, 0, -1, u.speaker_style, gap});  // end filled by the caller
      gap = font * 0.15f;
    }
    blocks.push_back({u.source, u.start, u.end, kBody, gap});
  }
  return blocks;
}

void FillSpeakerEnds(std::vector<stenogram::LayoutBlock>* blocks, const std::vector<std::string_view>& sources) {
  for (auto& b : *blocks)
    if (b.end < 0) b.end = static_cast<int>(sources[static_cast<size_t>(b.source)].size());
}

// Hits of the query in d, per source (null while the engine's answer is on its way).
bool SideHits(AppState& app, const stenogram::Document& d, size_t sources, std::vector<std::vector<stenogram::HitRange>>* out) {
  out->assign(sources, {});
  if (stenogram::MatchExpression(app.query.text).empty()) return true;
  const auto* a = app.client.Ask(stenogram::HitsRequest{d.id, app.query.text, app.query.speaker});
  if (!a) return false;
  if (d.turns.empty()) {
    if (!a->parts.empty()) (*out)[0] = a->parts[0];
  } else {
    for (size_t k = 0; k < d.turns.size() && k < a->parts.size(); ++k) (*out)[2 * k] = a->parts[k];
  }
  return true;
}

// A side's sources as shown (emphasis markers masked at the same offsets), kept for its document.
std::vector<std::string_view> SideSources(TranslationView::Side& s, const stenogram::Document& d) {
  const std::vector<std::string_view> stored = TranscriptSources(d);
  if (s.shown_id != d.id || s.shown.size() != stored.size()) {
    s.shown.clear();
    for (size_t i = 0; i < stored.size(); ++i) {
      const bool body = d.turns.empty() || i % 2 == 0;
      s.shown.push_back(body ? stenogram::MaskEmphasis(stored[i], stenogram::FindEmphasis(stored[i])) : std::string(stored[i]));
    }
    s.shown_id = d.id;
  }
  return std::vector<std::string_view>(s.shown.begin(), s.shown.end());
}

// Lays both sides out (one of them may be null: one language) so every aligned row starts at the
// same height on both.
void Layout(TranslationView& v, AppState& app, const stenogram::Document* l, const stenogram::Document* r, float width) {
  const float font = ImGui::GetFontSize();
  const auto adv = TranscriptAdvance(app);
  const auto heights = LineHeights(font);
  const std::vector<Unit> lu = l ? Units(*l) : std::vector<Unit>{}, ru = r ? Units(*r) : std::vector<Unit>{};
  std::vector<size_t> llen, rlen;
  for (const Unit& u : lu) llen.push_back(static_cast<size_t>(u.end - u.start));
  for (const Unit& u : ru) rlen.push_back(static_cast<size_t>(u.end - u.start));
  const auto rows = stenogram::AlignParts(llen, rlen);
  const std::vector<std::string_view> ls = l ? SideSources(v.left, *l) : std::vector<std::string_view>{};
  const std::vector<std::string_view> rs = r ? SideSources(v.right, *r) : std::vector<std::string_view>{};
  auto height = [&](const std::vector<Unit>& units, const std::vector<std::string_view>& sources, size_t a, size_t b) {
    if (a >= b) return 0.0f;
    auto blocks = RowBlocks(units, a, b, 0, font);
    FillSpeakerEnds(&blocks, sources);
    return stenogram::LayOutBlocks(sources, blocks, width, heights, adv).height;
  };
  v.row_tops.assign(rows.size() + 1, 0.0f);
  const float row_gap = std::round(font * 1.0f);
  std::vector<float> lh(rows.size()), rh(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) {
    lh[k] = height(lu, ls, rows[k].left_begin, rows[k].left_end);
    rh[k] = height(ru, rs, rows[k].right_begin, rows[k].right_end);
    v.row_tops[k + 1] = v.row_tops[k] + std::max(lh[k], rh[k]) + row_gap;
  }
  auto side = [&](TranslationView::Side& s, const std::vector<Unit>& units, const std::vector<std::string_view>& sources,
                  bool is_left, const std::vector<float>& h) {
    s.blocks.clear();
    float y = 0;
    for (size_t k = 0; k < rows.size(); ++k) {
      const size_t a = is_left ? rows[k].left_begin : rows[k].right_begin;
      const size_t b = is_left ? rows[k].left_end : rows[k].right_end;
      if (a >= b) continue;
      auto blocks = RowBlocks(units, a, b, v.row_tops[k] - y, font);
      s.blocks.insert(s.blocks.end(), blocks.begin(), blocks.end());
      y = v.row_tops[k] + h[k];
    }
    FillSpeakerEnds(&s.blocks, sources);
    s.layout = stenogram::LayOutBlocks(sources, s.blocks, width, heights, adv);
    s.boxes.clear();
    s.hits_in = false;
  };
  side(v.left, lu, ls, true, lh);
  side(v.right, ru, rs, false, rh);
  v.rows = static_cast<int>(rows.size());
}

void DrawSide(TranslationView::Side& s, AppState& app, const stenogram::Document& d, ImVec2 origin, float width, int* hits) {
  const ui::Palette& c = ui::Colors();
  const auto sources = SideSources(s, d);
  if (!s.hits_in) {
    std::vector<std::vector<stenogram::HitRange>> h;
    if (SideHits(app, d, sources.size(), &h)) {
      s.boxes = stenogram::LayOutHits(s.layout, sources, h, TranscriptAdvance(app));
      s.hits_in = true;
    }
  }
  int count = 0;
  for (const auto& b : s.boxes) count = std::max(count, b.hit + 1);
  *hits = count;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float top = ImGui::GetWindowPos().y - origin.y;
  const float bottom = top + ImGui::GetWindowHeight();
  const size_t first = stenogram::FirstLineBelow(s.layout, top);
  const float font = ImGui::GetFontSize();
  const float lift = font * 0.25f;
  auto box = std::lower_bound(s.boxes.begin(), s.boxes.end(), first,
                              [](const stenogram::HitBox& b, size_t line) { return b.line < line; });
  dl->PushClipRect(ImVec2(origin.x - 4, ImGui::GetWindowPos().y), ImVec2(origin.x + width + 4, ImGui::GetWindowPos().y + ImGui::GetWindowHeight()), true);
  for (size_t i = first; i < s.layout.lines.size(); ++i) {
    const stenogram::LayoutLine& l = s.layout.lines[i];
    if (l.y > bottom) break;
    const float y = origin.y + l.y + lift;
    for (; box != s.boxes.end() && box->line == i; ++box)
      dl->AddRectFilled(ImVec2(origin.x + box->x0 - 2, y - 1), ImVec2(origin.x + box->x1 + 2, y + font + 1), c.highlight, 3.0f);
    const std::string_view src = sources[static_cast<size_t>(l.source)];
    ImFont* f = l.style == kBody ? app.fonts.regular : app.fonts.bold;
    const ImU32 col = l.style == kBody ? c.ink : (l.style == kQuestion ? c.question : c.accent);
    ui::AddTextVisual(dl, f, f->FontSize, ImVec2(origin.x, y), col, src.data() + l.start, src.data() + l.end);
  }
  dl->PopClipRect();
}

void DrawColumnTitle(AppState& app, const stenogram::Document& d, float x, float width, float y) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ui::Palette& c = ui::Colors();
  const std::string lang = d.language.empty() ? std::string("?") : stenogram::LanguageName(d.language);
  dl->PushClipRect(ImVec2(x, y), ImVec2(x + width, y + ImGui::GetFontSize() * 3.0f), true);
  dl->AddText(ImVec2(x, y), c.muted, lang.c_str());
  ui::AddTextVisual(dl, app.fonts.bold, app.fonts.bold->FontSize, ImVec2(x, y + ImGui::GetFontSize() * 1.3f), c.ink,
                    d.title.c_str());
  dl->PopClipRect();
}

}  // namespace

bool DrawTranslation(TranslationView& v, AppState& app) {
  const stenogram::Document& d = *app.open_document;
  if (v.doc != d.id) {
    const TranslationMode mode = v.mode;  // the chosen mode carries over to the next document
    v = TranslationView{};
    v.mode = mode;
    v.doc = d.id;
  }
  v.shown_id = 0;
  v.shown_language.clear();
  const auto* list = app.client.Ask(stenogram::TranslationsRequest{d.id});
  v.available = list ? static_cast<int>(list->translations.size()) : 0;
  if (!list || list->translations.empty()) return false;
  v.choice = std::clamp(v.choice, 0, v.available - 1);
  const stenogram::TranslationRef& ref = list->translations[static_cast<size_t>(v.choice)];
  // The switch: side by side, or one language.
  ImGui::AlignTextToFramePadding();
  ui::MutedText("Translation");
  ImGui::SameLine();
  const std::string own = d.language.empty() ? std::string("Original") : stenogram::LanguageName(d.language);
  const std::string other = ref.language.empty() ? std::string("Translation") : stenogram::LanguageName(ref.language);
  if (TabButton(app, "Side by side", v.mode == TranslationMode::SideBySide, "translation-both"))
    v.mode = TranslationMode::SideBySide;
  ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
  if (TabButton(app, (own + "##own").c_str(), v.mode == TranslationMode::Original, "translation-original"))
    v.mode = TranslationMode::Original;
  ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
  if (TabButton(app, (other + "##other").c_str(), v.mode == TranslationMode::Translation, "translation-other"))
    v.mode = TranslationMode::Translation;
  for (int i = 0; i < v.available && v.available > 1; ++i) {  // several translations: which one
    const auto& t = list->translations[static_cast<size_t>(i)];
    ImGui::SameLine();
    if (TabButton(app, (t.language + "##t" + std::to_string(i)).c_str(), v.choice == i, "translation-pick-" + t.language))
      v.choice = i;
  }
  if (v.mode == TranslationMode::Original) return false;
  const auto* other_doc = app.client.Ask(stenogram::DocumentRequest{ref.id});
  ImGui::Separator();
  if (!other_doc) {
    ui::MutedText("Opening the translation…");
    return true;
  }
  if (!other_doc->document) {
    ui::MutedText("The translation is not in this archive.");
    return true;
  }
  const stenogram::Document& t = *other_doc->document;
  v.shown_id = t.id;
  v.shown_language = t.language;
  const bool both = v.mode == TranslationMode::SideBySide;
  ImGui::BeginChild("##parallel", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  const float font = ImGui::GetFontSize();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = std::round(font * 1.5f);
  const float width = both ? std::max(font * 6.0f, (avail - gap) / 2) : std::min(avail, font * 42.0f);
  const stenogram::Document* left = both ? &d : &t;
  const stenogram::Document* right = both ? &t : nullptr;
  if (v.key_left != left->id || v.key_right != (right ? right->id : 0) || v.key_width != width || v.key_font != font ||
      v.key_mode != v.mode) {
    Layout(v, app, left, right, width);
    v.key_left = left->id;
    v.key_right = right ? right->id : 0;
    v.key_width = width;
    v.key_font = font;
    v.key_mode = v.mode;
    v.key_query = app.query_version;
  }
  if (v.key_query != app.query_version) {  // another search: new highlights on the same layout
    v.left.hits_in = v.right.hits_in = false;
    v.left.boxes.clear();
    v.right.boxes.clear();
    v.key_query = app.query_version;
  }
  const ImVec2 head = ImGui::GetCursorScreenPos();
  DrawColumnTitle(app, *left, head.x, width, head.y);
  if (right) DrawColumnTitle(app, *right, head.x + width + gap, width, head.y);
  ImGui::Dummy(ImVec2(avail, font * 3.2f));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float origin_y = ImGui::GetCursorPosY();
  const float h = std::max(v.left.layout.height, v.right.layout.height);
  ImGui::Dummy(ImVec2(avail, h + font));
  // Both columns are one scrolling region: they move together. Their visible parts are located
  // for tests (a wheel over either side scrolls both).
  const float win_top = ImGui::GetWindowPos().y, win_h = ImGui::GetWindowHeight();
  app.locate.Record("translation-left", ImVec2(origin.x, win_top), ImVec2(origin.x + width, win_top + win_h));
  if (right)
    app.locate.Record("translation-right", ImVec2(origin.x + width + gap, win_top),
                      ImVec2(origin.x + 2 * width + gap, win_top + win_h));
  DrawSide(v.left, app, *left, origin, width, &v.hits_left);
  v.hits_right = 0;
  if (right) {
    DrawSide(v.right, app, *right, ImVec2(origin.x + width + gap, origin.y), width, &v.hits_right);
    const float x = std::round(origin.x + width + gap * 0.5f);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, win_top), ImVec2(x, win_top + win_h), ui::Colors().rule, 1.0f);
  }
  v.scroll_y = ImGui::GetScrollY();
  const float at = v.scroll_y - origin_y + font;
  v.row_in_view = 0;
  for (size_t k = 0; k + 1 < v.row_tops.size(); ++k)
    if (v.row_tops[k] <= at) v.row_in_view = static_cast<int>(k);
  ImGui::EndChild();
  return true;
}

namespace {
constexpr const char* kModeNames[] = {"side-by-side", "original", "translation"};
}  // namespace

const char* TranslationModeName(TranslationMode mode) { return kModeNames[static_cast<int>(mode)]; }

bool ParseTranslationMode(const std::string& name, TranslationMode* mode) {
  for (int i = 0; i < 3; ++i) {
    if (name != kModeNames[i]) continue;
    *mode = static_cast<TranslationMode>(i);
    return true;
  }
  return false;
}

void ReportTranslation(const TranslationView& t, const AppState& app, stenogram::JsonValue& open_document) {
  const bool current = app.open_document && t.doc == app.open_document->id;
  open_document["translations"] = current ? t.available : 0;
  open_document["translation"] = nullptr;
  if (!current || t.shown_id == 0) return;
  open_document["translation"] = {{"id", t.shown_id},
                                  {"language", t.shown_language},
                                  {"mode", TranslationModeName(t.mode)},
                                  {"rows", t.rows},
                                  {"rowInView", t.row_in_view},
                                  {"scroll", t.scroll_y},
                                  {"hitsLeft", t.hits_left},
                                  {"hitsRight", t.hits_right}};
}
