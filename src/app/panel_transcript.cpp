// panel_transcript: the reader (see panel_transcript.h).
#include "app/panel_transcript.h"

#include <algorithm>
#include <string>

#include "app/app_state.h"
#include "app/platform.h"
#include "app/ui.h"
#include "core/turns.h"
#include "imgui.h"

namespace {

void DrawHeader(AppState& app, const stenogram::Document& d) {
  const ui::Palette& c = ui::Colors();
  ImGui::PushFont(app.fonts.heading);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(d.title.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  std::string meta = ui::FormatDate(d.date, d.date_precision);
  if (meta.empty()) meta = "Undated";
  if (d.date_precision == "month" || d.date_precision == "year") meta += " (" + d.date_precision + " only)";
  for (const std::string* part : {&d.place, &d.kind, &d.section})
    if (!part->empty()) meta += "   ·   " + *part;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(c.muted));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(meta.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();

  std::string with, tags;
  for (const auto& e : d.entities) {
    std::string& list = e.role == "counterpart" ? with : (e.role == "tag" ? tags : with);
    if (e.role != "counterpart" && e.role != "tag") continue;
    if (!list.empty()) list += ", ";
    list += e.name;
  }
  if (!with.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.accent), "With:");
    ImGui::SameLine();
    ImGui::TextUnformatted(with.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!tags.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.muted), "Tags:");
    ImGui::SameLine();
    ImGui::TextUnformatted(tags.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!d.url.empty()) {
    if (ImGui::SmallButton("Open source page")) platform::OpenLink(d.url.c_str());
    ui::Mark(app, "source-link");
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
}

}  // namespace

void DrawTranscriptPanel(TranscriptPanel& panel, AppState& app) {
  if (!app.open_document) {
    ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.3f));
    ui::MutedText(app.documents.empty() ? "Open an archive to read its documents."
                                        : "Choose a document on the left to read it here.");
    return;
  }
  const stenogram::Document& d = *app.open_document;
  const ui::Palette& c = ui::Colors();
  ImGui::BeginChild("##reader", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_None);
  if (panel.scroll_to_top) {
    ImGui::SetScrollY(0);
    panel.scroll_to_top = false;
  }
  DrawHeader(app, d);
  const float max_width = ImGui::GetFontSize() * 42.0f;  // a readable measure (~80 characters)
  const float wrap = ImGui::GetCursorPosX() + std::min(ImGui::GetContentRegionAvail().x, max_width);
  ImGui::PushTextWrapPos(wrap);
  for (const auto& turn : d.turns) {
    ImGui::PushID(turn.ord);
    if (!turn.speaker.empty()) {
      const bool question = stenogram::SpeakerKey(turn.speaker) == "question";
      ImGui::PushFont(app.fonts.bold);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(question ? c.question : c.accent), "%s", turn.speaker.c_str());
      ImGui::PopFont();
    }
    // Paragraphs of the turn, separated by blank lines in the source.
    size_t start = 0;
    const std::string& t = turn.text;
    while (start < t.size()) {
      size_t end = t.find("\n\n", start);
      if (end == std::string::npos) end = t.size();
      if (end > start) ImGui::TextUnformatted(t.data() + start, t.data() + end);
      start = end + 2;
      if (start < t.size()) ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.25f));
    }
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.5f));
    ImGui::PopID();
  }
  if (d.turns.empty()) ImGui::TextUnformatted(d.text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}
