// renderer: draws ImGui's draw data with WebGL2 (GLES 3.0), in place of ImGui's OpenGL3 backend.
//
// Only what changed is drawn. ImGui rebuilds the whole picture every frame; the renderer compares
// it with the picture the canvas shows, draw list by draw list (a window keeps its list), and
// redraws the rectangle covering the lists that changed, appeared, went or moved in the drawing
// order: everything under that rectangle is drawn again in order, clipped to it, so the pixels end
// as a full redraw would leave them (tests/browser/render.test.mjs checks it). A frame that
// repeats the picture makes no WebGL call at all. The canvas keeps its pixels between frames
// (preserveDrawingBuffer, asked for by the page); without it every changed frame is drawn whole.
// With software GL (SwiftShader) a full redraw of the viewer cost the GPU process ~50 ms of CPU a
// frame on top of compositing, and on a two-core machine that CPU is taken from the page.
//
// The viewer is the context's only user, so the GL state (program, vertex array, blending,
// scissor test) is set once at start-up, never saved and restored around a frame. A frame is one
// upload of every draw list's vertices and indices (indices rebased into one 32-bit buffer) and one
// draw call per run of commands that share a clip rectangle and a texture, across draw lists; the
// scissor and the texture are set only when they change (ImGui's backend made ~40 state calls a
// frame, two uploads per draw list and a scissor, a texture bind and a draw per command).
//
// The font atlas is a one-channel (R8) texture: ImGui's glyphs, its white pixel and its baked
// lines are coverage only (the viewer adds no coloured custom rectangles), so the upload is a
// quarter of RGBA's and ImGui never converts the atlas to RGBA.
#pragma once

struct ImDrawData;

namespace renderer {

// What the last frame sent to WebGL (main.cpp keeps it in AppState::drawn: state().drawn).
struct FrameStats {
  int lists = 0;      // ImGui draw lists
  int commands = 0;   // their draw commands
  int draws = 0;      // draw calls made (commands merged by clip rectangle and texture)
  int vertices = 0;
  bool skipped = false;  // the same picture as the last frame drawn: no WebGL call made
  float redrawn = 0;     // share of the framebuffer redrawn (0 when skipped, 1 for a full redraw)
};

// Compiles the shaders and sets the fixed state; false (with a message on stderr) when WebGL2
// refuses. Sets ImGui's backend flags (large meshes: RendererHasVtxOffset).
bool Init();
// (Re)builds the font atlas' texture from ImGui's current atlas.
void UploadFonts();
// Draws `data` over a background of `clear_rgb` into a framebuffer of fb_width × fb_height
// pixels: the rectangle that changed since the last frame drawn, or nothing.
void Render(const ImDrawData* data, int fb_width, int fb_height, const float clear_rgb[3]);
const FrameStats& LastFrame();

}  // namespace renderer
