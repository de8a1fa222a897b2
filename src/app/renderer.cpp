// renderer: ImGui's draw data through WebGL2 with few calls (see renderer.h).
#include "app/renderer.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "app/platform.h"
#include "imgui.h"

namespace renderer {
namespace {

constexpr GLuint kPos = 0, kUv = 1, kColor = 2;  // attribute locations (fixed in the shader)

const char* const kVertexShader = R"(#version 300 es
layout(location = 0) in vec2 pos;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 color;
uniform vec4 to_clip;  // (2 / width, -2 / height, -1 - 2 x0 / width, 1 + 2 y0 / height)
out vec2 f_uv;
out vec4 f_color;
void main() {
  f_uv = uv;
  f_color = color;
  gl_Position = vec4(pos * to_clip.xy + to_clip.zw, 0.0, 1.0);
}
)";

// The atlas holds coverage in its red channel.
const char* const kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D atlas;
in vec2 f_uv;
in vec4 f_color;
out vec4 out_color;
void main() {
  out_color = vec4(f_color.rgb, f_color.a * texture(atlas, f_uv).r);
}
)";

struct Scissor {
  int x = 0, y = 0, w = -1, h = -1;  // GL's: from the bottom left
  bool operator==(const Scissor& o) const { return x == o.x && y == o.y && w == o.w && h == o.h; }
  bool operator!=(const Scissor& o) const { return !(*this == o); }
};

// A rectangle of the framebuffer in ImGui's orientation (from the top left), right/bottom exclusive.
struct Rect {
  int left = 0, top = 0, right = 0, bottom = 0;
  bool Empty() const { return right <= left || bottom <= top; }
  int64_t Area() const { return Empty() ? 0 : static_cast<int64_t>(right - left) * (bottom - top); }
  void Add(const Rect& o) {
    if (o.Empty()) return;
    if (Empty()) {
      *this = o;
      return;
    }
    left = std::min(left, o.left);
    top = std::min(top, o.top);
    right = std::max(right, o.right);
    bottom = std::max(bottom, o.bottom);
  }
  Rect Intersect(const Rect& o) const {
    return {std::max(left, o.left), std::max(top, o.top), std::min(right, o.right), std::min(bottom, o.bottom)};
  }
};

// A run of indices drawn with one call, or a user callback (none in the viewer; kept correct).
struct Batch {
  Rect clip;
  ImTextureID texture = nullptr;
  uint32_t first = 0, count = 0;
  const ImDrawList* list = nullptr;
  const ImDrawCmd* callback = nullptr;
};

// A draw command as far as its pixels go (user callbacks are never compared equal).
struct CmdKey {
  ImVec4 clip;
  ImTextureID texture = nullptr;
  unsigned vtx_offset = 0, idx_offset = 0, count = 0;
  bool callback = false;
  bool operator==(const CmdKey& o) const {
    return clip.x == o.clip.x && clip.y == o.clip.y && clip.z == o.clip.z && clip.w == o.clip.w &&
           texture == o.texture && vtx_offset == o.vtx_offset && idx_offset == o.idx_offset && count == o.count &&
           !callback && !o.callback;
  }
};

// One draw list of a frame: its ranges in the frame's arrays and the pixels it may touch.
struct ListSpan {
  const ImDrawList* owner = nullptr;  // a window's draw list lives as long as the window
  size_t vtx = 0, vtx_n = 0, idx = 0, idx_n = 0, cmd = 0, cmd_n = 0;
  Rect bounds;  // the union of its commands' clip rectangles within the framebuffer
};

// A frame's draw data, copied: what it draws (vertices, ImGui's own indices, commands per list),
// and how (32-bit indices rebased into one buffer, runs merged by clip rectangle and texture).
struct Frame {
  std::vector<ImDrawVert> vertices;
  std::vector<ImDrawIdx> raw_indices;
  std::vector<CmdKey> cmds;
  std::vector<ListSpan> lists;
  std::vector<uint32_t> indices;
  std::vector<Batch> batches;
  void Clear() {
    vertices.clear();
    raw_indices.clear();
    cmds.clear();
    lists.clear();
    indices.clear();
    batches.clear();
  }
};

template <typename T>
bool SameRange(const std::vector<T>& a, size_t a_at, const std::vector<T>& b, size_t b_at, size_t n) {
  return n == 0 || std::memcmp(a.data() + a_at, b.data() + b_at, n * sizeof(T)) == 0;
}

struct State {
  GLuint program = 0, vao = 0, vbo = 0, ebo = 0, font_texture = 0;
  GLint to_clip = -1;
  int fb_width = -1, fb_height = -1;
  float clip_x0 = 0, clip_y0 = 0;
  float clear[3] = {-1, -1, -1};
  bool preserved = false;          // the canvas keeps its pixels between frames
  Scissor scissor;                 // the one set in GL
  ImTextureID texture = nullptr;   // the one bound in GL
  Frame frame;                     // being drawn
  Frame shown;                     // what the canvas shows
  bool shown_valid = false;
  std::vector<bool> seen;          // Changed(): lists of the frame shown matched so far
  FrameStats last;
};
State g;

GLuint Compile(GLenum type, const char* source) {
  const GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[512] = {0};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::fprintf(stderr, "stenogram: a WebGL shader did not compile: %s\n", log);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

void SetScissor(const Rect& r) {
  const Scissor s{r.left, g.fb_height - r.bottom, r.right - r.left, r.bottom - r.top};
  if (s == g.scissor) return;
  glScissor(s.x, s.y, s.w, s.h);
  g.scissor = s;
}

void BindTexture(ImTextureID t) {
  if (t == g.texture) return;
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(t)));
  g.texture = t;
}

}  // namespace

bool Init() {
  const GLuint vs = Compile(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fs = Compile(GL_FRAGMENT_SHADER, kFragmentShader);
  if (!vs || !fs) return false;
  g.program = glCreateProgram();
  glAttachShader(g.program, vs);
  glAttachShader(g.program, fs);
  glLinkProgram(g.program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(g.program, GL_LINK_STATUS, &ok);
  if (!ok) {
    std::fprintf(stderr, "stenogram: the WebGL program did not link\n");
    return false;
  }
  glUseProgram(g.program);
  g.to_clip = glGetUniformLocation(g.program, "to_clip");
  glUniform1i(glGetUniformLocation(g.program, "atlas"), 0);

  // The vertex array holds the attribute layout and the index buffer binding for good.
  glGenVertexArrays(1, &g.vao);
  glBindVertexArray(g.vao);
  glGenBuffers(1, &g.vbo);
  glGenBuffers(1, &g.ebo);
  glBindBuffer(GL_ARRAY_BUFFER, g.vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.ebo);
  glEnableVertexAttribArray(kPos);
  glEnableVertexAttribArray(kUv);
  glEnableVertexAttribArray(kColor);
  const auto offset = [](size_t bytes) { return reinterpret_cast<const void*>(bytes); };
  glVertexAttribPointer(kPos, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), offset(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(kUv, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), offset(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(kColor, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), offset(offsetof(ImDrawVert, col)));

  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glEnable(GL_SCISSOR_TEST);
  glActiveTexture(GL_TEXTURE0);

  g.preserved = platform::DrawingBufferPreserved();

  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "stenogram-webgl2";
  // Indices are rebased into one 32-bit buffer here, so a draw list may pass 64k vertices.
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
  return true;
}

void UploadFonts() {
  ImGuiIO& io = ImGui::GetIO();
  // The atlas ui::EnsureFonts has just built (read directly: GetTexDataAsAlpha8 would link
  // ImFontAtlas::Build and with it ImGui's default font).
  const unsigned char* pixels = io.Fonts->TexPixelsAlpha8;
  const int width = io.Fonts->TexWidth, height = io.Fonts->TexHeight;
  if (!pixels) return;
  if (g.font_texture) glDeleteTextures(1, &g.font_texture);
  glGenTextures(1, &g.font_texture);
  glBindTexture(GL_TEXTURE_2D, g.font_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  const ImTextureID id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(g.font_texture));
  io.Fonts->SetTexID(id);
  g.texture = id;
  g.shown_valid = false;  // the same vertices may now sample other glyphs
  // The CPU copy is not needed once uploaded (a new atlas is built from the fonts when needed).
  io.Fonts->ClearTexData();
}

namespace {

// Copies the draw data into g.frame: the vertices, ImGui's indices and commands per list (to
// compare with the frame shown) and the rebased indices and merged runs (to draw).
void Collect(const ImDrawData* data, int fb_width, int fb_height, FrameStats* stats) {
  Frame& f = g.frame;
  f.Clear();
  const ImVec2 origin = data->DisplayPos, scale = data->FramebufferScale;
  const Rect screen{0, 0, fb_width, fb_height};
  for (const ImDrawList* list : data->CmdLists) {
    ListSpan span;
    span.owner = list;
    span.vtx = f.vertices.size();
    span.vtx_n = static_cast<size_t>(list->VtxBuffer.Size);
    span.idx = f.raw_indices.size();
    span.idx_n = static_cast<size_t>(list->IdxBuffer.Size);
    span.cmd = f.cmds.size();
    f.vertices.insert(f.vertices.end(), list->VtxBuffer.Data, list->VtxBuffer.Data + list->VtxBuffer.Size);
    f.raw_indices.insert(f.raw_indices.end(), list->IdxBuffer.Data, list->IdxBuffer.Data + list->IdxBuffer.Size);
    const uint32_t base = static_cast<uint32_t>(span.vtx);
    ++stats->lists;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      ++stats->commands;
      CmdKey key;
      key.clip = cmd.ClipRect;
      key.texture = cmd.TextureId;
      key.vtx_offset = cmd.VtxOffset;
      key.idx_offset = cmd.IdxOffset;
      key.count = cmd.ElemCount;
      key.callback = cmd.UserCallback != nullptr;
      f.cmds.push_back(key);
      if (cmd.UserCallback) {
        if (cmd.UserCallback == ImDrawCallback_ResetRenderState) continue;  // the state never changes
        Batch b;
        b.list = list;
        b.callback = &cmd;
        f.batches.push_back(b);
        span.bounds = screen;  // it may draw anywhere
        continue;
      }
      // The clip rectangle in framebuffer pixels, clamped to it; nothing to draw when empty.
      const float x0 = (cmd.ClipRect.x - origin.x) * scale.x, y0 = (cmd.ClipRect.y - origin.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - origin.x) * scale.x, y1 = (cmd.ClipRect.w - origin.y) * scale.y;
      const Rect clip{x0 < 0 ? 0 : static_cast<int>(x0), y0 < 0 ? 0 : static_cast<int>(y0),
                      x1 > fb_width ? fb_width : static_cast<int>(x1), y1 > fb_height ? fb_height : static_cast<int>(y1)};
      if (clip.Empty() || cmd.ElemCount == 0) continue;
      const uint32_t first = static_cast<uint32_t>(f.indices.size());
      const uint32_t rebase = base + cmd.VtxOffset;
      const ImDrawIdx* src = list->IdxBuffer.Data + cmd.IdxOffset;
      f.indices.resize(first + cmd.ElemCount);
      uint32_t* dst = f.indices.data() + first;
      // The pixels it may touch: its triangles' bounding box (a window's background is clipped to
      // the whole screen, a tooltip's too), a pixel wider, within the clip rectangle.
      const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
      float min_x = vtx[src[0]].pos.x, max_x = min_x, min_y = vtx[src[0]].pos.y, max_y = min_y;
      for (unsigned i = 0; i < cmd.ElemCount; ++i) {
        dst[i] = rebase + src[i];
        const ImVec2 p = vtx[src[i]].pos;
        min_x = std::min(min_x, p.x);
        max_x = std::max(max_x, p.x);
        min_y = std::min(min_y, p.y);
        max_y = std::max(max_y, p.y);
      }
      const Rect drawn{static_cast<int>(std::floor((min_x - origin.x) * scale.x)) - 1,
                       static_cast<int>(std::floor((min_y - origin.y) * scale.y)) - 1,
                       static_cast<int>(std::ceil((max_x - origin.x) * scale.x)) + 1,
                       static_cast<int>(std::ceil((max_y - origin.y) * scale.y)) + 1};
      span.bounds.Add(clip.Intersect(drawn));
      Batch* last = f.batches.empty() ? nullptr : &f.batches.back();
      if (last && !last->callback && last->clip.left == clip.left && last->clip.top == clip.top &&
          last->clip.right == clip.right && last->clip.bottom == clip.bottom && last->texture == cmd.TextureId &&
          last->first + last->count == first) {
        last->count += cmd.ElemCount;
      } else {
        Batch b;
        b.clip = clip;
        b.texture = cmd.TextureId;
        b.first = first;
        b.count = cmd.ElemCount;
        f.batches.push_back(b);
      }
    }
    span.cmd_n = f.cmds.size() - span.cmd;
    f.lists.push_back(span);
  }
  stats->vertices = static_cast<int>(f.vertices.size());
}

// The pixels where g.frame differs from the frame shown. Draw lists are matched by identity (a
// window keeps its list), and a pixel outside the result is covered by the same unchanged lists
// in the same order in both frames, so it needs no redraw: the result holds the old and new bounds
// of every list that changed, appeared or went, and of every list drawn out of its old order (a
// window raised above others; one list of each swapped pair is enough, as their overlap lies in
// both).
Rect Changed(const Rect& screen) {
  const Frame &a = g.frame, &b = g.shown;
  Rect dirty;
  std::vector<bool>& seen = g.seen;
  seen.assign(b.lists.size(), false);
  size_t order = 0;  // the old index of the last list drawn in order
  bool any = false;
  for (const ListSpan& x : a.lists) {
    size_t j = 0;
    while (j < b.lists.size() && b.lists[j].owner != x.owner) ++j;
    if (j == b.lists.size() || seen[j]) {  // new (or, never in ImGui, a list drawn twice)
      dirty.Add(x.bounds);
      continue;
    }
    seen[j] = true;
    const ListSpan& y = b.lists[j];
    bool same = x.vtx_n == y.vtx_n && x.idx_n == y.idx_n && x.cmd_n == y.cmd_n &&
                SameRange(a.vertices, x.vtx, b.vertices, y.vtx, x.vtx_n) &&
                SameRange(a.raw_indices, x.idx, b.raw_indices, y.idx, x.idx_n);
    for (size_t k = 0; same && k < x.cmd_n; ++k) same = a.cmds[x.cmd + k] == b.cmds[y.cmd + k];
    if (same && (!any || j > order)) {
      order = j;
      any = true;
      continue;
    }
    dirty.Add(x.bounds);
    dirty.Add(y.bounds);
  }
  for (size_t j = 0; j < b.lists.size(); ++j)
    if (!seen[j]) dirty.Add(b.lists[j].bounds);  // gone
  return dirty.Intersect(screen);
}

}  // namespace

void Render(const ImDrawData* data, int fb_width, int fb_height, const float clear_rgb[3]) {
  FrameStats stats;
  g.last = stats;
  if (fb_width <= 0 || fb_height <= 0 || !data) return;
  Collect(data, fb_width, fb_height, &stats);
  const ImVec2 origin = data->DisplayPos;
  const Rect screen{0, 0, fb_width, fb_height};
  const bool resized = fb_width != g.fb_width || fb_height != g.fb_height || origin.x != g.clip_x0 ||
                       origin.y != g.clip_y0;
  const bool new_clear = clear_rgb[0] != g.clear[0] || clear_rgb[1] != g.clear[1] || clear_rgb[2] != g.clear[2];
  // What to redraw. Nothing, when the picture is the one the canvas shows: no WebGL call at all, so
  // the browser composites nothing new and the GPU (with SwiftShader, the CPU) rasterises nothing.
  // ImGui builds every frame it is asked for, and many repeat the last one (hover settling, an
  // answer that changed nothing on screen, frames kept awake after input). Otherwise, when the
  // canvas keeps its pixels, only the rectangle that changed: everything under it is drawn again
  // in order, clipped to it, so it ends as a full redraw would. With software GL a full redraw of
  // the viewer costs the GPU process ~50 ms of CPU on top of compositing; panning the timeline
  // changes a fifth of the screen.
  Rect dirty = screen;
  if (g.shown_valid && !resized && !new_clear) dirty = Changed(screen);
  if (!g.preserved && !dirty.Empty()) dirty = screen;  // a new drawing buffer each frame: all of it
  stats.redrawn = static_cast<float>(static_cast<double>(dirty.Area()) / static_cast<double>(screen.Area()));
  if (dirty.Empty()) {
    stats.skipped = true;
    g.last = stats;
    std::swap(g.frame, g.shown);  // the same picture (kept for the next comparison)
    return;
  }
  if (resized) {
    glViewport(0, 0, fb_width, fb_height);
    // ImGui's coordinates (DisplayPos at the top left, y down) to clip space, as in its backend.
    const float w = data->DisplaySize.x, h = data->DisplaySize.y;
    glUniform4f(g.to_clip, 2.0f / w, -2.0f / h, -1.0f - 2.0f * origin.x / w, 1.0f + 2.0f * origin.y / h);
    g.fb_width = fb_width;
    g.fb_height = fb_height;
    g.clip_x0 = origin.x;
    g.clip_y0 = origin.y;
    g.scissor = Scissor{};
  }
  if (new_clear) {
    glClearColor(clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f);
    for (int i = 0; i < 3; ++i) g.clear[i] = clear_rgb[i];
  }
  SetScissor(dirty);  // the scissor test stays on: the clear covers the rectangle redrawn
  glClear(GL_COLOR_BUFFER_BIT);
  const Frame& f = g.frame;
  if (!f.indices.empty()) {
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(f.vertices.size() * sizeof(ImDrawVert)),
                 f.vertices.data(), GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(f.indices.size() * sizeof(uint32_t)),
                 f.indices.data(), GL_STREAM_DRAW);
  }
  bool has_callback = false;
  for (const Batch& b : f.batches) {
    if (b.callback) {
      has_callback = true;
      SetScissor(dirty);
      b.callback->UserCallback(b.list, b.callback);
      continue;
    }
    const Rect clip = b.clip.Intersect(dirty);
    if (clip.Empty()) continue;
    SetScissor(clip);
    BindTexture(b.texture);
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(b.count), GL_UNSIGNED_INT,
                   reinterpret_cast<const void*>(static_cast<uintptr_t>(b.first) * sizeof(uint32_t)));
    ++stats.draws;
  }
  g.last = stats;
  std::swap(g.frame, g.shown);
  g.shown_valid = !has_callback;  // a callback's drawing cannot be compared
}

const FrameStats& LastFrame() { return g.last; }

}  // namespace renderer
