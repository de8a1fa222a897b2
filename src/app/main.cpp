// main: the viewer's entry point: GLFW window over the page's canvas, WebGL2 context, Dear ImGui,
// and the frame loop driven by the browser (platform::RunFrameLoop).
#include <GLFW/glfw3.h>

#include <cmath>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app/platform.h"
#include "app/renderer.h"
#include "app/ui.h"
#include "imgui.h"
#include "imgui_internal.h"  // the input queue: events still to be processed keep the viewer awake
#include "imgui_impl_glfw.h"

namespace {

struct Runtime {
  App app;
  GLFWwindow* window = nullptr;
  int fb_width = 0, fb_height = 0;
  float theme_scale = 0.0f;
  stenogram::Theme theme = stenogram::Theme::Light;  // the theme ImGui's style was built for
  stenogram::ViewSettings saved;                     // what localStorage holds
  double awake_until = 0;                            // draw every frame until then (ms, platform::NowMs)
  int awake_frames = 0;                              // ... and at least this many more frames
  bool paused = false;                               // the main loop sleeps until something wakes it
  bool atlas_marked = false;                         // the first font atlas' start-up marks were set
};

Runtime* g_runtime = nullptr;  // the page's one runtime, for stn_wake

// How long the viewer keeps drawing after the last thing that happened: long enough for hover
// states, tooltips (shown after ~0.5 s of stillness) and double-clicks to settle.
constexpr double kAwakeMs = 1200.0;
constexpr int kAwakeFrames = 6;  // on a slow machine 1.2 s may be only a frame or two

// At rest the main loop is paused: no frame is drawn while nothing changes. Input on the page,
// an answer from the archive worker, a command or a resize wakes it (stn_wake).
bool ShouldSleep(Runtime& rt, double now) {
  AppState& s = rt.app.state;
  if (now < rt.awake_until || rt.awake_frames > 0 || s.animating) return false;
  // ImGui takes queued key and character events a few per frame: typing fast leaves some behind.
  if (GImGui && GImGui->InputEventsQueue.Size > 0) return false;
  if (!s.fonts.regular || s.loading || !s.Settled()) return false;  // still arriving: keep drawing
  if (!s.intents.Empty()) return false;  // asked for in the last frame: handled in the next
  // An edit of the search box waiting out its debounce, or the box still taking the keyboard.
  const SearchPanel& search = rt.app.panels.search;
  if (search.edited_at >= 0 || SearchBoxArming(search)) return false;
  return true;
}

// Wheel steps from the canvas (platform::RouteWheelToCanvas; ImGui's GLFW backend would listen on
// the document, where Chromium makes wheel listeners passive).
void OnCanvasWheel(float dx, float dy) { ImGui::GetIO().AddMouseWheelEvent(dx, dy); }

void SetClipboard(void*, const char* text) { platform::SetClipboardText(text); }
const char* GetClipboard(void*) {
  const char* text = platform::GetClipboardText();
  if (text) ui::NoteText(text);
  return text;
}

// Keeps the canvas' backing store at CSS size × devicePixelRatio; ImGui works in device pixels
// and the whole UI (fonts, spacing) is scaled by the ratio, so text is crisp on HiDPI screens.
void CanvasPixels(int* w, int* h) {
  double css_w = 0, css_h = 0;
  platform::CanvasCssSize(&css_w, &css_h);
  const double dpr = platform::DevicePixelRatio();
  *w = std::max(1, static_cast<int>(std::lround(css_w * dpr)));
  *h = std::max(1, static_cast<int>(std::lround(css_h * dpr)));
}

void SyncCanvasSize(Runtime& rt) {
  const float dpr = static_cast<float>(platform::DevicePixelRatio());
  int w = 0, h = 0;
  CanvasPixels(&w, &h);
  if (w != rt.fb_width || h != rt.fb_height) {
    // Not glfwSetWindowSize: Emscripten's GLFW treats a size equal to the screen's as a request for
    // fullscreen (and otherwise calls exitFullscreen), which a page must not do on its own.
    platform::SetCanvasSize(w, h);
    rt.fb_width = w;
    rt.fb_height = h;
  }
  rt.app.state.ui_scale = dpr;
}

void Frame(void* arg) {
  const double frame_start = platform::NowMs();
  Runtime& rt = *static_cast<Runtime*>(arg);
  if (ShouldSleep(rt, frame_start)) {
    rt.paused = true;
    platform::PauseFrameLoop();
    return;
  }
  if (rt.awake_frames > 0) --rt.awake_frames;
  SyncCanvasSize(rt);
  AppState& s = rt.app.state;
  // Nothing is drawn before the page hands over the fonts (a task after the runtime starts): such a
  // frame would build and upload ImGui's default font only to replace it in the next one.
  if (s.fonts.regular_ttf.empty()) return;
  if (ui::EnsureFonts(s, s.ui_scale)) {
    // The first atlas is part of the first frame: its build and its upload are start-up phases.
    const double built = platform::NowMs();
    if (!rt.atlas_marked) platform::MarkSpan("atlas", frame_start);
    renderer::UploadFonts();
    if (!rt.atlas_marked) platform::MarkSpan("texture", built);
    rt.atlas_marked = true;
  }
  if (rt.theme_scale != s.ui_scale || rt.theme != s.settings.theme) {
    ui::SetTheme(s.settings.theme);
    ui::ApplyTheme(s.ui_scale);
    rt.theme_scale = s.ui_scale;
    rt.theme = s.settings.theme;
  }
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(rt.fb_width), static_cast<float>(rt.fb_height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  s.client.BeginFrame(platform::NowMs() / 1000.0);
  ImGui::NewFrame();
  ui::NoteTyped(io.InputQueueCharacters);  // this frame's typed characters (the next atlas holds them)
  if (s.fonts.regular) {
    s.animating = false;  // panels set it again while they animate
    // Nothing thrown while drawing leaves the module (built with -fwasm-exceptions): ImGui's stacks
    // are unwound to the frame's start and the error shown; the next frame draws afresh.
    try {
      DrawFrame(rt.app);
    } catch (const std::bad_alloc&) {
      ImGui::ErrorCheckEndFrameRecover(nullptr);
      s.SetError("This view could not be drawn: the viewer ran out of memory.");
    } catch (const std::exception& e) {
      ImGui::ErrorCheckEndFrameRecover(nullptr);
      s.SetError(std::string("This view could not be drawn (") + e.what() + ").");
    } catch (...) {
      ImGui::ErrorCheckEndFrameRecover(nullptr);
      s.SetError("This view could not be drawn.");
    }
  }
  ImGui::Render();
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(ui::Colors().paper);
  const float clear_rgb[3] = {bg.x, bg.y, bg.z};
  const double render_start = platform::NowMs();
  renderer::Render(ImGui::GetDrawData(), rt.fb_width, rt.fb_height, clear_rgb);
  const renderer::FrameStats& drawn = renderer::LastFrame();
  if (!drawn.skipped) {  // what the last frame drawn sent (a skipped frame sends nothing)
    s.drawn.lists = drawn.lists;
    s.drawn.commands = drawn.commands;
    s.drawn.draws = drawn.draws;
    s.drawn.vertices = drawn.vertices;
  }
  s.drawn.redrawn = drawn.redrawn;
  s.drawn.screens += drawn.redrawn;
  s.drawn.ms = static_cast<float>(platform::NowMs() - render_start);
  ++(drawn.skipped ? s.drawn.frames_skipped : s.drawn.frames_drawn);
  if (s.frame_ms.size() >= 600) s.frame_ms.erase(s.frame_ms.begin(), s.frame_ms.begin() + 100);
  s.frame_ms.push_back(static_cast<float>(platform::NowMs() - frame_start));
  // The archive is shown once its facts and the first answer to the query are drawn (or it failed).
  // ("Drawn" means every answer the frame asked for had arrived: the first page of results too.)
  const bool shown = !s.loading && (!s.archive_open || (s.Info() && s.result_version == s.query_version && s.Settled()));
  // Settled: every answer asked for arrived before this frame began (none arrive during one), so
  // this frame drew them all, and nothing it did asks for another frame.
  const bool settled = s.fonts.regular && !s.loading && s.Settled() && s.intents.Empty() && !s.animating;
  platform::NotifyFrame(s.fonts.regular && shown, settled);
  // An embedding page chooses the look itself: its choices are not remembered for the hosted page.
  if (s.settings != rt.saved && !s.embed.on) {
    platform::SaveSettings(stenogram::SettingsToJson(s.settings));
    rt.saved = s.settings;
  }
}

}  // namespace

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "stenogram: glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws with neither depth nor stencil: a canvas without them costs the browser less at
  // every frame (with software GL, two full-size buffers fewer to allocate and clear).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  auto* rt = new Runtime();  // lives for the page's lifetime
  g_runtime = rt;
  // At the canvas' size, so the drawing buffer is made once (the first frame's SyncCanvasSize finds
  // nothing to change; a 1280×800 buffer resized there was made twice).
  CanvasPixels(&rt->fb_width, &rt->fb_height);
  rt->window = glfwCreateWindow(rt->fb_width, rt->fb_height, "Stenogram", nullptr, nullptr);
  if (!rt->window) {
    std::fprintf(stderr, "stenogram: WebGL2 is not available\n");
    return 1;
  }
  glfwMakeContextCurrent(rt->window);
  SetApiApp(&rt->app);
  rt->app.state.client.SetTransport(platform::SendRequest);
  std::vector<std::string> warnings;
  rt->app.state.settings = stenogram::SettingsFromJson(platform::LoadSettings(), &warnings);
  for (const auto& w : warnings) std::fprintf(stderr, "stenogram: remembered settings: %s\n", w.c_str());
  rt->saved = rt->app.state.settings;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.MouseDoubleClickTime = 0.5f;  // as desktops default to; frames of a slow machine count against it
  io.IniFilename = nullptr;  // view settings go to localStorage, not a virtual file
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(rt->window, true);
  platform::RouteWheelToCanvas(OnCanvasWheel);
  if (!renderer::Init()) {
    std::fprintf(stderr, "stenogram: WebGL2 refused the viewer's shaders\n");
    return 1;
  }
  io.SetClipboardTextFn = SetClipboard;
  io.GetClipboardTextFn = GetClipboard;

  io.ConfigInputTextCursorBlink = false;  // a blinking caret would need a frame every half second
  rt->awake_until = platform::NowMs() + kAwakeMs;
  platform::RunFrameLoop(Frame, rt);
  return 0;
}

// Something happened (input, an answer, a command, a resize): draw for a while from now on.
extern "C" void stn_wake() {
  Runtime* rt = g_runtime;
  if (!rt) return;
  rt->awake_until = platform::NowMs() + kAwakeMs;
  rt->awake_frames = kAwakeFrames;
  if (rt->paused) {
    rt->paused = false;
    platform::ResumeFrameLoop();
  }
}
