// platform_web: the browser implementation of platform.h (Emscripten EM_JS bridges to web/stenogram.js).
#include "app/platform.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>

// clang-format off
EM_JS(double, stn_js_dpr, (), { return window.devicePixelRatio || 1; });
// What the context really has (the page asks for it; a browser may refuse it).
EM_JS(bool, stn_js_preserved, (), {
  var a = typeof GLctx !== 'undefined' && GLctx && GLctx.getContextAttributes();
  return !!(a && a.preserveDrawingBuffer);
});
EM_JS(void, stn_js_set_clipboard, (const char* text), { Module.stenogramHost.setClipboard(UTF8ToString(text)); });
EM_JS(const char*, stn_js_get_clipboard, (), { return Module.stenogramHost.clipboardPtr(); });
EM_JS(void, stn_js_open_link, (const char* url), {
  var u = UTF8ToString(url);
  var lower = u.toLowerCase();
  if (lower.indexOf('https:') == 0 || lower.indexOf('http:') == 0) window.open(u, '_blank', 'noopener,noreferrer');
});
EM_JS(void, stn_js_post_event, (const char* type, const char* detail), {
  Module.stenogramHost.emit(UTF8ToString(type), JSON.parse(UTF8ToString(detail)));
});
EM_JS(void, stn_js_frame, (int archive_shown, int settled), { Module.stenogramHost.frameDrawn(!!archive_shown, !!settled); });
EM_JS(void, stn_js_download, (const char* name, const char* mime, const char* data, double size), {
  var bytes = HEAPU8.slice(data, data + size);
  var url = URL.createObjectURL(new Blob([bytes], {type: UTF8ToString(mime)}));
  var a = document.createElement('a');
  a.href = url;
  a.download = UTF8ToString(name);
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
});
EM_JS(void, stn_js_pick_file, (), { Module.stenogramHost.pickFile(); });
EM_JS(void, stn_js_copy_link, (), { Module.stenogramHost.copyLink(); });
EM_JS(char*, stn_js_load_settings, (), {
  var text = "";
  try { text = window.localStorage.getItem("stenogram.settings") || ""; } catch (e) { text = ""; }
  var n = lengthBytesUTF8(text) + 1;
  var ptr = Module._malloc(n);
  stringToUTF8(text, ptr, n);
  return ptr;
});
EM_JS(void, stn_js_save_settings, (const char* json), {
  try { window.localStorage.setItem("stenogram.settings", UTF8ToString(json)); } catch (e) { }
});
EM_JS(double, stn_js_take_pinch, (float* centre), {
  var p = Module.stenogramHost.takePinch();
  HEAPF32[centre >> 2] = p.x;
  HEAPF32[(centre >> 2) + 1] = p.y;
  return p.scale;
});
EM_JS(int, stn_js_pointer_touch, (), { return Module.stenogramHost.pointerIsTouch() ? 1 : 0; });
EM_JS(int, stn_js_click_count, (), { return Module.stenogramHost.clickCount() | 0; });
EM_JS(void, stn_js_send_request, (double seq, const char* slot, const char* data, double size), {
  Module.stenogramHost.sendRequest(seq, UTF8ToString(slot), HEAPU8.slice(data, data + size).buffer);
});
EM_JS(char*, stn_js_turn_link, (double id, int turn), {
  var text = Module.stenogramHost.turnLink(id, turn);
  var n = lengthBytesUTF8(text) + 1;
  var ptr = Module._malloc(n);
  stringToUTF8(text, ptr, n);
  return ptr;
});
EM_JS(void, stn_js_load_script_fonts, (), {
  if (Module.stenogramHost.loadScriptFonts) Module.stenogramHost.loadScriptFonts();
});
EM_JS(void, stn_js_mirror, (const char* json), {
  if (Module.stenogramHost.mirror) Module.stenogramHost.mirror(UTF8ToString(json));
});
EM_JS(void, stn_js_mark_span, (const char* name, double start), {
  var n = 'stenogram:' + UTF8ToString(name);
  try { performance.mark(n + '-start', { startTime: start }); performance.mark(n); } catch (e) { }
});
// clang-format on

namespace {

void (*g_on_wheel)(float, float) = nullptr;

// ImGui's GLFW backend listens on the document, where Chromium makes wheel listeners passive: its
// preventDefault then fails with a console error on every turn of the wheel. On the canvas the
// listener may cancel the event. DOM deltas become wheel steps: 100 pixels, 3 lines or 1/80 page.
EM_BOOL OnCanvasWheel(int, const EmscriptenWheelEvent* ev, void*) {
  double step = 1.0 / 100.0;
  if (ev->deltaMode == DOM_DELTA_LINE) step = 1.0 / 3.0;
  else if (ev->deltaMode == DOM_DELTA_PAGE) step = 80.0;
  if (g_on_wheel) g_on_wheel(static_cast<float>(-ev->deltaX * step), static_cast<float>(-ev->deltaY * step));
  return EM_TRUE;
}

}  // namespace

namespace platform {

void RunFrameLoop(void (*frame)(void*), void* arg) { emscripten_set_main_loop_arg(frame, arg, 0, false); }
void PauseFrameLoop() { emscripten_pause_main_loop(); }
void ResumeFrameLoop() { emscripten_resume_main_loop(); }
double NowMs() { return emscripten_get_now(); }
void SetCanvasSize(int width, int height) { emscripten_set_canvas_element_size("#canvas", width, height); }

void RouteWheelToCanvas(void (*on_wheel)(float dx, float dy)) {
  g_on_wheel = on_wheel;
  emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
  emscripten_set_wheel_callback("#canvas", nullptr, false, OnCanvasWheel);
}

double DevicePixelRatio() { return stn_js_dpr(); }

bool DrawingBufferPreserved() { return stn_js_preserved(); }

void CanvasCssSize(double* width, double* height) { emscripten_get_element_css_size("#canvas", width, height); }

void SetClipboardText(const char* text) { stn_js_set_clipboard(text); }

const char* GetClipboardText() { return stn_js_get_clipboard(); }

void OpenLink(const char* url) { stn_js_open_link(url); }

void PostEvent(const char* type, const std::string& json_detail) { stn_js_post_event(type, json_detail.c_str()); }

void NotifyFrame(bool archive_shown, bool settled) { stn_js_frame(archive_shown ? 1 : 0, settled ? 1 : 0); }

void PickArchiveFile() { stn_js_pick_file(); }

void CopyShareLink() { stn_js_copy_link(); }

std::string LoadSettings() {
  char* text = stn_js_load_settings();
  std::string out = text ? text : "";
  std::free(text);
  return out;
}

void SaveSettings(const std::string& json) { stn_js_save_settings(json.c_str()); }

void DownloadFile(const std::string& name, const char* mime, const std::string& bytes) {
  stn_js_download(name.c_str(), mime, bytes.data(), static_cast<double>(bytes.size()));
}

float TakePinch(float* centre_x, float* centre_y) {
  float centre[2] = {0, 0};
  const double scale = stn_js_take_pinch(centre);
  *centre_x = centre[0];
  *centre_y = centre[1];
  return static_cast<float>(scale);
}

bool PointerIsTouch() { return stn_js_pointer_touch() != 0; }

int ClickCount() { return stn_js_click_count(); }

std::string TurnLink(int64_t id, int turn) {
  char* text = stn_js_turn_link(static_cast<double>(id), turn);
  std::string out = text ? text : "";
  std::free(text);
  return out;
}

void MirrorChanged(const std::string& json) { stn_js_mirror(json.c_str()); }

void LoadScriptFonts() { stn_js_load_script_fonts(); }

void SendRequest(uint64_t seq, const char* slot, const std::string& bytes) {
  stn_js_send_request(static_cast<double>(seq), slot, bytes.data(), static_cast<double>(bytes.size()));
}

void MarkSpan(const char* name, double start_ms) { stn_js_mark_span(name, start_ms); }

}  // namespace platform
