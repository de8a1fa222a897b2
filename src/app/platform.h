// platform: the one seam between the viewer and its host (the browser page). Everything web-only
// (clipboard, device pixel ratio, canvas size, events to the page, opening links) goes through
// here, and so does the frame loop (run, paused, resumed), the clock and the canvas' wheel;
// platform_web.cpp implements it with Emscripten, and nothing else in the app includes Emscripten
// headers or calls emscripten_*.
#pragma once
#include <cstdint>
#include <string>

namespace platform {

// The frame loop: the browser calls frame(arg) once per display frame until paused; resumed at once.
void RunFrameLoop(void (*frame)(void*), void* arg);
void PauseFrameLoop();
void ResumeFrameLoop();
double NowMs();                                     // a monotonic clock in milliseconds
void SetCanvasSize(int width, int height);          // the canvas' backing store in device pixels
// The canvas keeps its pixels between frames (WebGL's preserveDrawingBuffer, asked for by the
// page): a frame may then redraw only what changed.
bool DrawingBufferPreserved();
// Wheel turns over the canvas, as wheel steps (100 pixels, 3 lines or 1/80 page each), reach
// on_wheel; the page under the viewer does not scroll or zoom.
void RouteWheelToCanvas(void (*on_wheel)(float dx, float dy));

double DevicePixelRatio();
void CanvasCssSize(double* width, double* height);  // the canvas' size in CSS pixels
void SetClipboardText(const char* text);            // via navigator.clipboard (async; failures reported by the page)
const char* GetClipboardText();                     // last text pasted into the page (paste event)
void OpenLink(const char* url);                     // in a new tab, without opener
// An event to window.stenogram's listeners (stenogram.on(type, fn); fn runs after this frame).
void PostEvent(const char* type, const std::string& json_detail);
// After each frame: resolves stenogram.ready once the archive is shown, and the page's waits for
// answers (command() promises) once a frame drew with nothing left to ask for (settled).
void NotifyFrame(bool archive_shown, bool settled);
void PickArchiveFile();                             // the browser's file chooser; the page opens or imports the file
void CopyShareLink();                               // the current view's deep link to the clipboard (failure shown)
std::string LoadSettings();                          // the remembered view settings ("" if none or unavailable)
void SaveSettings(const std::string& json);          // remembered in localStorage; silently skipped if refused
void DownloadFile(const std::string& name, const char* mime, const std::string& bytes);  // saved by the browser
// Two-finger pinch on the canvas since the last call: the scale factor (1 = none) and its centre
// in CSS pixels from the canvas' top-left. One finger reaches ImGui as the mouse (GLFW).
float TakePinch(float* centre_x, float* centre_y);
bool PointerIsTouch();                               // the last pointer pressed on the canvas was a finger
int ClickCount();                                    // presses in a row of the last mouse press, as the browser counts them (1, 2, 3…)
// The deep link to turn `turn` (-1: none) of document id under the page's address.
std::string TurnLink(int64_t id, int turn);
// What the canvas shows changed: the page's text layer (web/a11y.js) takes the parts in json.
void MirrorChanged(const std::string& json);
// Fetches the Hebrew and Arabic fonts (kept out of the first frame); they arrive as stn_set_font 2 and 3.
void LoadScriptFonts();
// A request to the archive worker (see core/engine/client.h); its answer comes back through stn_answer.
void SendRequest(uint64_t seq, const char* slot, const std::string& bytes);
// A span of the start-up for tools/bench's timeline: performance marks "stenogram:NAME-start" at
// start_ms (NowMs) and "stenogram:NAME" now.
void MarkSpan(const char* name, double start_ms);

}  // namespace platform
