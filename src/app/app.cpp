// app: frame layout (see app.h).
#include "app/app.h"

#include <algorithm>
#include <string>

#include "app/api.h"
#include "app/file_actions.h"
#include "app/keyboard.h"
#include "app/ui.h"
#include "core/view/textlayout.h"
#include "imgui.h"
#include "imgui_internal.h"  // RenderTextEllipsis

void AppState::ArchiveOpened() {
  client.Reset();
  archive_open = true;
  ++archive_gen;
  loading = false;
  query = {};
  ++query_version;
  result = {};
  result_version = ~0ull;
  open_document.reset();
  opening = 0;
  error.clear();
  intents.Take();  // what was asked of the previous archive's panels is moot
}

void AppState::OpenDocument(int64_t id) {
  if (!archive_open) {
    SetError("No archive is open.");
    return;
  }
  opening = id;
  PollDocument();
}

void AppState::PollDocument() {
  if (opening == 0) return;
  const stenogram::DocumentAnswer* a = client.Ask(stenogram::DocumentRequest{opening});
  if (!a) return;
  if (a->document) {
    open_document = a->document;
    open_title = stenogram::DisplayCut(open_document->title, stenogram::kDisplayTitleChars);
    opened_now = true;
  } else {
    SetError("There is no document " + std::to_string(opening) + " in this archive.");
  }
  opening = 0;
}

void AppState::SetError(const std::string& message) { error = message; }

void AppState::SetQuery(const stenogram::Query& q) {
  if (q == query) return;
  query = q;
  ++query_version;
}

void AppState::TakeEngineError() {
  // A request the engine could not serve (a damaged or too slow archive) says so in the banner.
  if (client.LastError().empty()) return;
  SetError(client.LastError());
  client.ClearError();
}

void AppState::RefreshResult() {
  if (!archive_open || result_version == query_version) return;
  const stenogram::QueryResult* answer = client.Ask(stenogram::SearchRequest{query});
  if (!answer) {
    stenogram::RowsRequest first;  // the engine ranks once: the rows come right after the ids
    first.query = query;
    first.limit = static_cast<int64_t>(kRowsPage);
    client.Ask(first);
    return;
  }
  result = *answer;
  result_query = query;
  result_version = query_version;
}

// ---- intents (intents.h): each handed to the panel that owns what it changes ----
void Post(App& app, Intent i) { app.state.intents.Post(std::move(i)); }

namespace {

// The panels the keyboard can move to, and what each does on taking it. filters_open and
// timeline_open are the layout's own (this file's).
void FocusPanel(Panels& p, const std::string& panel) {
  FocusTimeline(p.timeline, panel == "timeline");  // the timeline's keys act while it is focused
  if (panel == "search") FocusSearchBox(p.search);
  if (panel == "filters") p.filters_open = true;  // compact layouts: shown instead of the results
  if (panel == "search" || panel == "results") p.filters_open = false;
  if (panel == "reader") FocusReader(p.transcript);
}

struct IntentHandler {
  App& app;
  AppState& s = app.state;
  Panels& p = app.panels;
  void operator()(const intent::OpenDocument& i) { s.OpenDocument(i.id); }
  void operator()(const intent::CloseDocument&) { s.CloseDocument(); }
  void operator()(const intent::ScrollToTurn& i) { ScrollToTurn(p.transcript, i.turn); }
  void operator()(const intent::StepHit& i) { RequestHitStep(p.transcript, i.step); }
  void operator()(const intent::StepResult& i) { StepResult(p.search, s, i.step); }
  void operator()(const intent::StepMark& i) { StepMark(p.timeline, s, i.step); }
  void operator()(const intent::Search& i) { SearchNow(p.search, s, i.text); }
  void operator()(const intent::SetRange& i) {
    stenogram::Query q = s.query;
    q.day_from = i.from;
    q.day_to = i.to;
    s.SetQuery(q);
    AskAhead(app);  // asked for at once (a command's reply waits for it)
  }
  void operator()(const intent::Focus& i) { FocusPanel(p, i.panel); }
  void operator()(const intent::FocusSearchBox& i) {
    FocusSearchBox(p.search, i.typed);
    p.filters_open = false;  // compact layouts: the box is on the results side
  }
  void operator()(const intent::OpenFind&) { OpenFindInDocument(p.transcript); }
  void operator()(const intent::ShowLeftTab& i) {
    ShowLeftTab(p.left, i.tab, i.kind);
    if (i.show) p.filters_open = true;  // compact layouts show it instead of the results
  }
  void operator()(const intent::SetLanes& i) { p.timeline.lane_by = i.by; }
  void operator()(const intent::HideContexts&) { p.search.contexts.on = false; }
  void operator()(const intent::SetTranslationMode& i) { p.transcript.translation.mode = i.mode; }
  // Another archive: every panel starts afresh (and takes the remembered tab and lanes again).
  void operator()(const intent::Reset&) { p = Panels{}; }
};

}  // namespace

void HandleIntents(App& app) {
  for (int round = 0; round < 4 && !app.state.intents.Empty(); ++round)  // what a handler posts is handled too
    for (const Intent& i : app.state.intents.Take()) std::visit(IntentHandler{app}, i);
}

namespace {

// A document asked for has arrived: the reader shows it from its top (the list follows it itself).
void TakeOpenedDocument(App& app) {
  app.state.PollDocument();
  if (!app.state.opened_now) return;
  app.state.opened_now = false;
  ShowFromTop(app.panels.transcript);
}


// The light/dark switch, right-aligned at right_x; returns its left edge.
float DrawThemeSwitch(AppState& app, float right_x, float bar_top, float bar_height) {
  const bool dark = app.settings.theme == stenogram::Theme::Dark;
  const char* label = dark ? "Light###theme" : "Dark###theme";
  const float w = ImGui::CalcTextSize(dark ? "Light" : "Dark").x + ImGui::GetStyle().FramePadding.x * 2;
  const ImVec2 saved = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(right_x - w, bar_top + (bar_height - ImGui::GetFrameHeight()) * 0.5f));
  if (ImGui::Button(label, ImVec2(w, 0))) app.settings.theme = dark ? stenogram::Theme::Light : stenogram::Theme::Dark;
  ui::Mark(app, "theme-switch");
  ImGui::SetItemTooltip(dark ? "Switch to the light theme" : "Switch to the dark theme");
  ImGui::SetCursorScreenPos(saved);
  return right_x - w;
}

void DrawTopBar(AppState& app, float height) {
  const ui::Palette& c = ui::Colors();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetWindowPos();
  const float w = ImGui::GetWindowWidth();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + height), c.panel);
  dl->AddLine(ImVec2(p.x, p.y + height - 1), ImVec2(p.x + w, p.y + height - 1), c.rule);
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float y = p.y + (height - ImGui::GetFontSize()) * 0.5f;
  float actions_x = DrawFileActions(app, p.x + w - pad, p.y, height);
  actions_x = DrawThemeSwitch(app, actions_x - ImGui::GetStyle().ItemSpacing.x, p.y, height);
  ImFont* bold = app.fonts.bold;
  dl->AddText(bold, bold->FontSize, ImVec2(p.x + pad, y), c.accent, "Stenogram");
  float x = p.x + pad + bold->CalcTextSizeA(bold->FontSize, 1e9f, 0, "Stenogram").x + pad;
  if (const stenogram::InfoAnswer* answer = app.Info()) {
    const auto& info = answer->info;
    // Not under the buttons: a title too long for the bar ends in "…".
    const float title_right = std::max(x, actions_x - pad);
    ImGui::RenderTextEllipsis(dl, ImVec2(x, y), ImVec2(title_right, y + ImGui::GetFontSize()), title_right, title_right,
                              info.title.c_str(), nullptr, nullptr);
    x += ImGui::CalcTextSize(info.title.c_str()).x + pad;
    std::string facts = std::to_string(info.doc_count) + (info.doc_count == 1 ? " document" : " documents");
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

// Compact layouts have no room for the left column beside the results: a switch shows one of them.
void DrawSearchColumn(App& app, bool compact) {
  if (compact && DrawCompactLeft(app.panels, app.state)) return;
  DrawSearchPanel(app.panels.search, app.state);
}

// Phones: one column at a time. The results (or filters) take the screen until a document is
// opened; the reader then takes it, with a Back control (Esc, and the browser's Back through the
// deep link's history) that returns to the results.
void DrawPhoneColumn(App& app, bool show_search, bool show_transcript) {
  AppState& s = app.state;
  const bool reading = show_transcript && (s.open_document || s.opening != 0);
  if (show_search && !reading) {
    ImGui::BeginChild("##search", ImVec2(0, 0), ImGuiChildFlags_Border,
                      app.panels.filters_open ? ImGuiWindowFlags_NoNavInputs : 0);  // the filters' keys: panel_left
    if (s.focus_request == "filters") ImGui::FocusWindow(ImGui::GetCurrentWindow());
    DrawSearchColumn(app, true);
    ImGui::EndChild();
    ui::Mark(s, "panel-search");
    ui::Mark(s, "panel-filters");
    return;
  }
  if (!show_transcript) return;
  ImGui::BeginChild("##transcript", ImVec2(0, 0), ImGuiChildFlags_Border);
  if (show_search) {
    if (ImGui::Button("\xe2\x80\xb9 Results")) Post(app, intent::CloseDocument{});
    ui::Mark(s, "phone-back");
    ImGui::SetItemTooltip("Back to the results (Esc)");
    ImGui::SameLine();  // the reader's toolbar goes on beside it
  }
  DrawTranscriptPanel(app.panels.transcript, s);
  ImGui::EndChild();
  ui::Mark(s, "panel-reader");
}

// The timeline across the top; on phones a thin strip that opens it on a tap (and closes it again).
void DrawTimelineOrStrip(App& app) {
  AppState& s = app.state;
  if (!s.archive_open || (s.embed.on && !s.embed.timeline)) return;
  const bool phone = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 40.0f;
  if (s.focus_request == "timeline") app.panels.timeline_open = true;
  if (phone) {
    std::string label = app.panels.timeline_open ? "Hide the timeline" : "Timeline";
    if (!app.panels.timeline_open)
      if (const stenogram::InfoAnswer* info = s.Info(); info && !info->info.first_date.empty())
        label += "  \xc2\xb7  " + info->info.first_date.substr(0, 4) + "\xe2\x80\x93" + info->info.last_date.substr(0, 4);
    label += "###timeline-strip";
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, ImGui::GetFontSize() * 0.2f));
    if (ImGui::Button(label.c_str(), ImVec2(-FLT_MIN, 0))) app.panels.timeline_open = !app.panels.timeline_open;
    ImGui::PopStyleVar();
    ui::Mark(s, "timeline-strip");
    if (!app.panels.timeline_open) {
      ui::Mark(s, "panel-timeline");
      return;
    }
  }
  DrawTimelineArea(app);
  ui::Mark(s, "panel-timeline");
}

// A vertical splitter between two columns (gap wide, h tall) that resizes the column on its left:
// *css_width is in CSS pixels (0 = automatic), current is the column's drawn width in device
// pixels. Drag to resize, double-click to return to the automatic width.
void Splitter(AppState& app, const char* id, float* css_width, float current, float min_w, float max_w, float h) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  ImGui::SameLine(0, 0);
  ImGui::InvisibleButton(id, ImVec2(gap, h));
  ui::Mark(app, id + 2);  // "##split-left" → "split-left"
  const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
  if (hot) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  if (ImGui::IsItemActive() && !ImGui::IsItemActivated() && ImGui::GetIO().MouseDelta.x != 0.0f) {
    const float w = std::clamp(current + ImGui::GetIO().MouseDelta.x, min_w, std::max(min_w, max_w));
    *css_width = w / app.ui_scale;
  }
  if (ui::ItemDoubleClicked()) *css_width = 0.0f;
  if (hot) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float x = (a.x + b.x) * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, a.y + h * 0.1f), ImVec2(x, b.y - h * 0.1f),
                                        ImGui::IsItemActive() ? ui::Colors().accent : ui::Colors().grab_hover,
                                        2.0f * app.ui_scale);
  }
  ImGui::SameLine(0, 0);
}

// A remembered width (CSS pixels, 0 = automatic) in device pixels, kept within [lo, hi].
float ColumnWidth(float css_width, float automatic, float scale, float lo, float hi) {
  const float w = css_width > 0.0f ? css_width * scale : automatic;
  return std::clamp(w, lo, std::max(lo, hi));
}

// Filters, results and the reader side by side; on phones the results (or filters) above the reader.
void DrawColumns(App& app, ImVec2 avail) {
  AppState& s = app.state;
  const float font = ImGui::GetFontSize();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const EmbedLayout& e = s.embed;
  const bool show_search = !e.on || e.search, show_transcript = !e.on || e.transcript || !e.search;
  s.phone = avail.x < font * 40.0f;
  if (s.phone) {
    DrawPhoneColumn(app, show_search, show_transcript);
    return;
  }
  const bool compact = avail.x < font * 62.0f || (e.on && !e.facets);
  const float min_reader = font * 18.0f;  // the reader never gets narrower than this
  float left = avail.x;                   // width still free for the columns to the right
  if (!compact) {
    app.panels.filters_open = false;  // the filters have their own column here
    const float facets_w = ColumnWidth(s.settings.left_width, std::clamp(avail.x * 0.19f, font * 13.0f, font * 17.0f),
                                       s.ui_scale, font * 10.0f, avail.x * 0.4f);
    // Its keys are its own (panel_left), not ImGui's navigation.
    ImGui::BeginChild("##facets-column", ImVec2(facets_w, avail.y), ImGuiChildFlags_Border, ImGuiWindowFlags_NoNavInputs);
    if (s.focus_request == "filters") ImGui::FocusWindow(ImGui::GetCurrentWindow());
    DrawLeftColumn(app.panels, s);
    ImGui::EndChild();
    ui::Mark(s, "panel-filters");
    Splitter(s, "##split-left", &s.settings.left_width, facets_w, font * 10.0f, avail.x * 0.4f, avail.y);
    left -= facets_w + gap;
  }
  const float results_max = left - gap - min_reader;
  const float results_w =
      show_transcript ? ColumnWidth(s.settings.results_width,
                                    std::clamp(avail.x * (compact ? 0.42f : 0.34f), font * 20.0f, font * 30.0f),
                                    s.ui_scale, font * 14.0f, results_max)
                      : 0.0f;
  if (show_search) {
    ImGui::BeginChild("##search", ImVec2(results_w, avail.y), ImGuiChildFlags_Border,
                      compact && app.panels.filters_open ? ImGuiWindowFlags_NoNavInputs : 0);  // the filters' keys: panel_left
    if (compact && s.focus_request == "filters") ImGui::FocusWindow(ImGui::GetCurrentWindow());
    DrawSearchColumn(app, compact);
    ImGui::EndChild();
    ui::Mark(s, "panel-search");
    if (compact) ui::Mark(s, "panel-filters");
    if (show_transcript)
      Splitter(s, "##split-results", &s.settings.results_width, results_w, font * 14.0f, results_max, avail.y);
  }
  if (show_transcript) {
    ImGui::BeginChild("##transcript", ImVec2(0, avail.y), ImGuiChildFlags_Border);
    DrawTranscriptPanel(app.panels.transcript, s);
    ImGui::EndChild();
    ui::Mark(s, "panel-reader");
  }
}

// The panels' remembered choices (the left column's tab, the timeline's lanes) live in the view
// settings that main.cpp saves: given to the panels once, then copied back as the user changes them.
void SyncRememberedChoices(App& app) {
  stenogram::ViewSettings& st = app.state.settings;
  Panels& p = app.panels;
  if (!p.remembered_applied) {
    LeftTab tab = p.left.tab;
    if (ParseLeftTab(st.left_tab, &tab)) p.left.tab = tab;
    stenogram::ParseLaneBy(st.timeline_lanes, &p.timeline.lane_by);  // unknown: keeps the default
    p.remembered_applied = true;
  }
  st.left_tab = LeftTabName(p.left.tab);
  st.timeline_lanes = stenogram::LaneByName(p.timeline.lane_by);
}

}  // namespace

void AskAhead(App& app) {
  app.state.RefreshResult();
  RefreshLeftTab(app.panels, app.state);
}

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
  s.TakeEngineError();
  HandleGlobalKeys(app);
  HandleIntents(app);  // the keys', the page's and last frame's clicks' intents, before anything is drawn
  TakeOpenedDocument(app);
  SyncRememberedChoices(app);
  DrawTimelineOrStrip(app);
  app.panels.left.shown = false;  // DrawColumns says whether the left tab is on screen
  DrawColumns(app, ImGui::GetContentRegionAvail());
  DrawFocusAndHelp(app);
  AskAhead(app);  // a query changed while drawing: its answers are on their way before the next frame
  ImGui::End();
  SyncTextLayer(app);
  NotifyPage(app);
}
