// panel_contexts: keyword in context (see panel_contexts.h).
#include "app/panel_contexts.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/app_state.h"
#include "app/panel_left.h"
#include "app/platform.h"
#include "app/ui.h"
#include "core/engine/reading_protocol.h"
#include "imgui.h"
#include "core/text/json.h"

stenogram::ContextsRequest ContextsRequestOf(const ContextsPanel& panel, const AppState& app) {
  stenogram::ContextsRequest r;
  r.query = app.query;  // lines in the results' order ("Document" sort)
  r.sort = stenogram::ContextSortName(panel.sort);
  r.offset = panel.page * kContextsPage;
  r.limit = kContextsPage;
  return r;
}

void NoteContexts(ContextsPanel& panel, const stenogram::ContextsAnswer& a) {
  panel.count = a.error.empty() ? a.total : 0;
  panel.shown = static_cast<int64_t>(a.lines.size());
  panel.docs_scanned = a.docs_scanned;
  panel.docs_total = a.docs_total;
  panel.error = a.error;
  panel.first.assign(a.lines.begin(), a.lines.begin() + std::min<size_t>(a.lines.size(), 10));
}

namespace {

std::string Thousands(int64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

float Width(const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; }

void DrawSortAndPager(ContextsPanel& panel, AppState& app, const stenogram::ContextsAnswer* a) {
  static const stenogram::ContextSort kSorts[] = {stenogram::ContextSort::Document, stenogram::ContextSort::Date,
                                                  stenogram::ContextSort::Left, stenogram::ContextSort::Right};
  static const char* const kTitles[] = {"Document", "Date", "Left word", "Right word"};
  ImGui::AlignTextToFramePadding();
  ui::MutedText("Sort");
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  for (int i = 0; i < 4; ++i) {
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
    if (ImGui::GetCursorScreenPos().x + Width(kTitles[i]) + ImGui::GetStyle().FramePadding.x * 2 > right) ImGui::NewLine();
    if (TabButton(app, kTitles[i], panel.sort == kSorts[i],
                  std::string("contexts-sort-") + stenogram::ContextSortName(kSorts[i]))) {
      panel.sort = kSorts[i];
      panel.page = 0;
    }
  }
  if (!a || a->total == 0) return;
  const int64_t pages = (a->total + kContextsPage - 1) / kContextsPage;
  const int64_t first = a->offset + 1, last = a->offset + static_cast<int64_t>(a->lines.size());
  std::string what = Thousands(first) + "–" + Thousands(last) + " of " + Thousands(a->total) + " occurrence" +
                     (a->total == 1 ? "" : "s");
  if (a->docs_scanned < a->docs_total)
    what += " in the first " + Thousands(a->docs_scanned) + " of " + Thousands(a->docs_total) + " documents";
  ImGui::BeginDisabled(panel.page == 0);
  if (ImGui::SmallButton("‹")) --panel.page;
  ui::Mark(app, "contexts-prev");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(panel.page + 1 >= pages);
  if (ImGui::SmallButton("›")) ++panel.page;
  ui::Mark(app, "contexts-next");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize("CSV").x * 2.0f);
  ui::MutedText(what.c_str());
  ImGui::PopTextWrapPos();
  ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize("CSV").x - ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::SmallButton("CSV")) panel.exporting = true;
  ui::Mark(app, "contexts-csv");
  ImGui::SetItemTooltip("Save every line as CSV");
}

void PollCsv(ContextsPanel& panel, AppState& app) {
  if (!panel.exporting) return;
  stenogram::ContextsRequest r = ContextsRequestOf(panel, app);
  r.offset = 0;
  r.limit = 0;
  r.csv = true;
  const auto* a = app.client.Ask(r);
  if (!a) return;
  panel.exporting = false;
  if (!a->error.empty()) {
    app.SetError(a->error);
    return;
  }
  platform::DownloadFile("stenogram-contexts.csv", "text/csv;charset=utf-8", a->csv);
  app.client.Forget(r);  // the whole CSV is not kept in the cache
}

// The end of text that fits in width, starting at a word with "…" before it when words were cut
// (a context never starts or ends in the middle of a letter); text itself when it fits.
std::string FitTail(const std::string& text, float width) {
  if (Width(text) <= width) return text;
  for (size_t at = text.find(' '); at != std::string::npos; at = text.find(' ', at + 1)) {
    std::string tail = "…" + text.substr(at + 1);
    if (Width(tail) <= width) return tail;
  }
  return text;  // one long word: clipped where it meets the edge
}

// The start of text that fits in width, ending after a word with "…" when words were cut.
std::string FitHead(const std::string& text, float width) {
  if (Width(text) <= width) return text;
  for (size_t at = text.rfind(' '); at != std::string::npos && at > 0; at = text.rfind(' ', at - 1)) {
    std::string head = text.substr(0, at) + "…";
    if (Width(head) <= width) return head;
  }
  return text;
}

// Draws text so that it ends at right_x, clipped at left_x (the start of long left contexts goes).
void TextEndingAt(ImDrawList* dl, float left_x, float right_x, float y, float h, ImU32 ink, const std::string& whole) {
  const std::string text = FitTail(whole, right_x - left_x);
  const float w = ImGui::CalcTextSize(text.c_str()).x;
  dl->PushClipRect(ImVec2(left_x, y), ImVec2(right_x, y + h), true);
  ui::AddTextVisual(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(right_x - w, y), ink, text.c_str());
  dl->PopClipRect();
}

void DrawLines(AppState& app, const stenogram::ContextsAnswer& a) {
  const ui::Palette& c = ui::Colors();
  const float font = ImGui::GetFontSize();
  const float row_h = std::round(font * 2.7f);
  ImGui::BeginChild("##contexts", ImVec2(0, 0), ImGuiChildFlags_None);
  const float width = ImGui::GetContentRegionAvail().x;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(a.lines.size()), row_h);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const stenogram::ContextLine& l = a.lines[static_cast<size_t>(i)];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::PushID(i);
      const bool clicked = ImGui::InvisibleButton("##line", ImVec2(width, row_h - 2));
      ImGui::PopID();
      ui::Mark(app, "contexts-line-" + std::to_string(a.offset + i));
      const bool hovered = ImGui::IsItemHovered();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      if (hovered) dl->AddRectFilled(p, ImVec2(p.x + width, p.y + row_h - 2), c.faint, 4.0f);
      const float hit_w = ImGui::CalcTextSize(l.match.c_str()).x;
      // The hit a little left of the middle (the right context reads on); further left on a phone.
      const float centre = std::round(p.x + width * (width < font * 26.0f ? 0.36f : 0.42f));
      const float y = p.y + font * 0.2f;
      TextEndingAt(dl, p.x + 2, centre, y, font * 1.2f, c.ink, l.left);
      dl->AddRectFilled(ImVec2(centre - 2, y - 1), ImVec2(centre + hit_w + 2, y + font + 1), c.highlight, 3.0f);
      ui::AddTextVisual(dl, app.fonts.bold, app.fonts.bold->FontSize, ImVec2(centre, y), c.ink, l.match.c_str());
      dl->PushClipRect(ImVec2(centre + hit_w, y), ImVec2(p.x + width - 2, y + font * 1.2f), true);
      const std::string right = FitHead(l.right, p.x + width - 2 - (centre + hit_w));
      ui::AddTextVisual(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(centre + hit_w, y), c.ink, right.c_str());
      dl->PopClipRect();
      std::string facts = l.date.substr(0, 10);
      if (!l.speaker.empty()) facts += (facts.empty() ? "" : " · ") + l.speaker;
      facts = FitHead(facts + (facts.empty() ? "" : " · ") + l.title, width - 4);
      dl->PushClipRect(ImVec2(p.x, y + font * 1.2f), ImVec2(p.x + width - 2, p.y + row_h), true);
      ui::AddTextVisual(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + 2, y + font * 1.3f), c.muted, facts.c_str());
      dl->PopClipRect();
      if (hovered) ImGui::SetTooltip("Open the document at this occurrence");
      if (clicked) {
        app.OpenDocument(l.doc);
        app.open_at = {l.doc, l.hit};
      }
    }
  }
  ImGui::EndChild();
}

}  // namespace

bool DrawResultsOrContexts(ContextsPanel& panel, AppState& app) {
  // "Documents", not "Results": on compact layouts a "Results" tab sits just above.
  if (TabButton(app, "Documents", !panel.on, "view-results")) panel.on = false;
  ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 0.5f);
  if (TabButton(app, "Contexts", panel.on, "view-contexts")) panel.on = true;
  if (!panel.on) return false;
  if (panel.page_version != app.query_version) {
    panel.page = 0;
    panel.page_version = app.query_version;
  }
  PollCsv(panel, app);
  const auto* a = app.client.Ask(ContextsRequestOf(panel, app));
  DrawSortAndPager(panel, app, a);
  if (!a) {
    ui::MutedText("Finding every occurrence…");
    return true;
  }
  NoteContexts(panel, *a);
  if (!a->error.empty() || a->total == 0) {
    ImGui::PushTextWrapPos(0.0f);
    ui::MutedText(!a->error.empty() ? a->error.c_str() : "The search does not occur in the text of the matching documents.");
    ImGui::PopTextWrapPos();
    return true;
  }
  DrawLines(app, *a);
  return true;
}

void ShowContexts(ContextsPanel& panel, AppState& app, std::optional<stenogram::ContextSort> sort,
                  std::optional<int64_t> page) {
  if (sort) {
    if (*sort != panel.sort) panel.page = 0;
    panel.sort = *sort;
  }
  if (page) panel.page = *page;
  panel.on = true;
  panel.page_version = app.query_version;
  app.client.Ask(ContextsRequestOf(panel, app));
}

stenogram::JsonValue ContextsJson(const ContextsPanel& c) {
  stenogram::JsonValue lines = stenogram::JsonValue::Array();
  for (const auto& l : c.first)
    lines.Push({{"doc", l.doc}, {"turn", l.turn}, {"hit", l.hit}, {"left", l.left}, {"match", l.match},
                     {"right", l.right}, {"date", l.date}, {"speaker", l.speaker}, {"title", l.title}});
  return {{"shown", c.on ? c.shown : 0},
          {"count", c.on ? c.count : -1},
          {"sort", stenogram::ContextSortName(c.sort)},
          {"page", c.page},
          {"visible", c.on},
          {"docsScanned", c.docs_scanned},
          {"docsTotal", c.docs_total},
          {"error", c.error.empty() ? stenogram::JsonValue(nullptr) : stenogram::JsonValue(c.error)},
          {"lines", lines}};
}

void ReportContexts(const ContextsPanel& panel, stenogram::JsonValue& state) { state["contexts"] = ContextsJson(panel); }
