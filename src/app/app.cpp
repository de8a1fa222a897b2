// app: frame layout (see app.h).
#include "app/app.h"

#include <algorithm>
#include <string>

#include "app/file_actions.h"
#include "app/ui.h"
#include "imgui.h"

bool AppState::OpenArchive(unsigned char* data, size_t size, const std::string& name) {
  std::string message;
  auto opened = stenogram::Archive::OpenOwnedImage(data, size, name, &message);
  loading = false;
  if (!opened) {
    SetError(message);
    return false;
  }
  archive = std::move(opened);
  documents = archive->ListDocuments();
  query = {};
  ++query_version;
  open_document.reset();
  error.clear();
  return true;
}

bool AppState::OpenDocument(int64_t id) {
  if (!archive) {
    SetError("No archive is open.");
    return false;
  }
  auto doc = archive->ReadDocument(id);
  if (!doc) {
    SetError("There is no document " + std::to_string(id) + " in this archive.");
    return false;
  }
  open_document = std::move(doc);
  return true;
}

void AppState::SetError(const std::string& message) { error = message; }

void AppState::SetQuery(const stenogram::Query& q) {
  if (q == query) return;
  query = q;
  ++query_version;
}

void AppState::RefreshResult() {
  if (!archive || result_version == query_version) return;
  result = stenogram::RunQuery(*archive, query);
  result_version = query_version;
}

void OpenDocumentEverywhere(App& app, int64_t id) {
  if (app.state.OpenDocument(id)) {
    app.panels.documents.scroll_to_open = true;
    app.panels.transcript.scroll_to_top = true;
  }
}

namespace {

void DrawTopBar(AppState& app, float height) {
  const ui::Palette& c = ui::Colors();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetWindowPos();
  const float w = ImGui::GetWindowWidth();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + height), c.panel);
  dl->AddLine(ImVec2(p.x, p.y + height - 1), ImVec2(p.x + w, p.y + height - 1), c.rule);
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float y = p.y + (height - ImGui::GetFontSize()) * 0.5f;
  const float actions_x = DrawFileActions(app, p.x + w - pad, p.y, height);
  ImFont* bold = app.fonts.bold;
  dl->AddText(bold, bold->FontSize, ImVec2(p.x + pad, y), c.accent, "Stenogram");
  float x = p.x + pad + bold->CalcTextSizeA(bold->FontSize, 1e9f, 0, "Stenogram").x + pad;
  if (app.archive) {
    const auto& info = app.archive->Info();
    dl->PushClipRect(ImVec2(x, p.y), ImVec2(std::max(x, actions_x - pad), p.y + height), true);  // not under the buttons
    dl->AddText(ImVec2(x, y), c.ink, info.title.c_str());
    dl->PopClipRect();
    x += ImGui::CalcTextSize(info.title.c_str()).x + pad;
    std::string facts = std::to_string(info.doc_count) + " documents";
    if (!info.first_date.empty())
      facts += "  ·  " + info.first_date.substr(0, 4) + (info.last_date.substr(0, 4) != info.first_date.substr(0, 4)
                                                               ? "–" + info.last_date.substr(0, 4)
                                                               : std::string());
    if (x + ImGui::CalcTextSize(facts.c_str()).x < actions_x - pad) dl->AddText(ImVec2(x, y), c.muted, facts.c_str());
  }
}

void DrawErrorBanner(AppState& app) {
  const ui::Palette& c = ui::Colors();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(c.error_bg));
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(c.error_ink));
  const float h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y;
  ImGui::BeginChild("##error", ImVec2(0, h), ImGuiChildFlags_Border, ImGuiWindowFlags_NoScrollbar);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.error_ink), "%s", app.error.c_str());
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - ImGui::CalcTextSize("Dismiss").x -
                                                       ImGui::GetStyle().FramePadding.x * 2));
  if (ImGui::Button("Dismiss")) app.error.clear();
  ui::Mark(app, "error-dismiss");
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
}

void DrawLoading(AppState& app) {
  const ImVec2 size = ImGui::GetContentRegionAvail();
  ImGui::Dummy(ImVec2(0, size.y * 0.4f));
  const float w = ImGui::CalcTextSize(app.loading_what.c_str()).x;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - w) * 0.5f);
  ui::MutedText(app.loading_what.c_str());
}

// Compact layouts have no room for the filters beside the results: a switch shows one or the other.
void DrawSearchColumn(App& app, bool compact) {
  Panels& p = app.panels;
  AppState& s = app.state;
  if (compact) {
    const ui::Palette& c = ui::Colors();
    const std::string filters =
        "Filters" + (s.query.filters.empty() ? std::string() : " (" + std::to_string(s.query.filters.size()) + ")");
    const char* labels[] = {"Results", filters.c_str()};
    for (int i = 0; i < 2; ++i) {
      const bool on = p.filters_open == (i == 1);
      if (i > 0) ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(on ? c.accent_soft : c.faint));
      if (ImGui::SmallButton(labels[i])) p.filters_open = i == 1;
      ImGui::PopStyleColor();
      ui::Mark(s, i == 0 ? "tab-results" : "tab-filters");
    }
  }
  if (compact && p.filters_open)
    DrawFacetsPanel(p.facets, s);
  else
    DrawSearchPanel(p.search, s);
}

// Filters, results and the reader side by side; on phones the results (or filters) above the reader.
void DrawColumns(App& app, ImVec2 avail) {
  AppState& s = app.state;
  const float font = ImGui::GetFontSize();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const EmbedLayout& e = s.embed;
  const bool show_search = !e.on || e.search, show_transcript = !e.on || e.transcript || !e.search;
  if (avail.x < font * 40.0f) {
    const float list_h = show_transcript ? std::max(avail.y * 0.42f, font * 12.0f) : 0.0f;
    if (show_search) {
      ImGui::BeginChild("##search", ImVec2(0, list_h), ImGuiChildFlags_Border);
      DrawSearchColumn(app, true);
      ImGui::EndChild();
    }
    if (show_transcript) {
      ImGui::BeginChild("##transcript", ImVec2(0, 0), ImGuiChildFlags_Border);
      DrawTranscriptPanel(app.panels.transcript, s);
      ImGui::EndChild();
    }
    return;
  }
  const bool compact = avail.x < font * 62.0f || (e.on && !e.facets);
  if (!compact) {
    const float facets_w = std::clamp(avail.x * 0.19f, font * 13.0f, font * 17.0f);
    ImGui::BeginChild("##facets-column", ImVec2(facets_w, avail.y), ImGuiChildFlags_Border);
    DrawFacetsPanel(app.panels.facets, s);
    ImGui::EndChild();
    ImGui::SameLine(0, gap);
  }
  const float results_w =
      show_transcript ? std::clamp(avail.x * (compact ? 0.42f : 0.34f), font * 20.0f, font * 30.0f) : 0.0f;
  if (show_search) {
    ImGui::BeginChild("##search", ImVec2(results_w, avail.y), ImGuiChildFlags_Border);
    DrawSearchColumn(app, compact);
    ImGui::EndChild();
    ImGui::SameLine(0, gap);
  }
  if (show_transcript) {
    ImGui::BeginChild("##transcript", ImVec2(0, avail.y), ImGuiChildFlags_Border);
    DrawTranscriptPanel(app.panels.transcript, s);
    ImGui::EndChild();
  }
}

}  // namespace

void DrawFrame(App& app) {
  AppState& s = app.state;
  s.locate.Clear();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags root_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("##root", nullptr, root_flags);
  const float bar = ImGui::GetFontSize() * 2.6f;
  DrawTopBar(s, bar);
  ImGui::SetCursorPosY(bar + ImGui::GetStyle().ItemSpacing.y);
  if (!s.error.empty()) DrawErrorBanner(s);
  if (s.loading) {
    DrawLoading(s);
    ImGui::End();
    return;
  }
  s.RefreshResult();
  DrawColumns(app, ImGui::GetContentRegionAvail());
  ImGui::End();
}
