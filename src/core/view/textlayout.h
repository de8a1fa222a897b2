// textlayout: the reader's pure layout math: wrapping blocks of text into lines at a width, the
// boxes of highlighted hits on those lines, and finding lines and bytes from positions. Glyph
// widths come from a callback, so the app passes its font and the tests a fixed-width one; no
// ImGui here. Computed once per (document, width, font size) and kept by the reader panel.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "core/text/utf8_fold.h"
#include "core/view/query.h"

namespace stenogram {

// ---- bounded strings: nothing drawn is unbounded (an archive is untrusted input) ----
// (kDisplay* lengths and DisplayCut are in core/text/utf8_fold.h)

// At most one line's worth of bytes: a line of the layout ends after this many bytes even when its
// characters have no width (zero-width joiners, combining marks), so no single draw call builds a
// multi-megabyte vertex buffer (ImGui reserves 4 vertices per byte it is given).
inline constexpr int kMaxLineBytes = 4096;

// Cuts a snippet to at most max_bytes (at a character boundary, "…" appended) and drops or clips
// the hit ranges beyond the cut.
void BoundSnippet(std::string* snippet, std::vector<HitRange>* hits, size_t max_bytes = kDisplaySnippetBytes);

// Width of one code point drawn in a style (styles are the caller's: body, speaker name, ...).
using AdvanceFn = std::function<float(int style, uint32_t codepoint)>;

// A run of text laid out as its own paragraph.
struct LayoutBlock {
  int source = 0;          // index into the sources the bytes belong to
  int start = 0, end = 0;  // byte range [start, end) in that source
  int style = 0;           // passed to AdvanceFn; indexes line_heights
  float gap_before = 0;    // vertical space above the block
};

struct LayoutLine {
  int block = 0, source = 0, style = 0;
  int start = 0, end = 0;  // bytes of the source on this line (trailing spaces left out)
  float y = 0;             // top of the line, from the top of the layout
  float height = 0;
};

struct TextLayout {
  std::vector<LayoutLine> lines;  // in reading order, y ascending
  float height = 0;               // total height
};

// Lays blocks out top to bottom. Lines break after spaces so that no line is wider than width; a
// word wider than width is broken between characters; '\n' ends a line; no line holds more than
// kMaxLineBytes bytes (a run of zero-width characters is broken too). An empty block still
// takes one line. line_heights[style] is the height of a line in that style.
TextLayout LayOutBlocks(const std::vector<std::string_view>& sources, const std::vector<LayoutBlock>& blocks,
                        float width, const std::vector<float>& line_heights, const AdvanceFn& advance);

// x of byte `at` of source within line (0 at the line's start; clamped to the line).
float OffsetInLine(std::string_view source, const LayoutLine& line, int at, const AdvanceFn& advance);

// The byte of line nearest to x (for turning a mouse position into a text position).
int ByteAtOffset(std::string_view source, const LayoutLine& line, float x, const AdvanceFn& advance);

// Index of the first line whose bottom is below y (lines.size() if none): where drawing starts
// when the view's top is at y.
size_t FirstLineBelow(const TextLayout& layout, float y);

// One highlighted box: hit number `hit` (reading order across sources), on line `line`, [x0, x1).
struct HitBox {
  int hit = 0;
  size_t line = 0;
  float x0 = 0, x1 = 0;
};

// Boxes for hits[source] (sorted, non-overlapping ranges per source). Hits are numbered in reading
// order; a hit that wraps onto the next line gets one box per line. Sorted by line.
std::vector<HitBox> LayOutHits(const TextLayout& layout, const std::vector<std::string_view>& sources,
                               const std::vector<std::vector<HitRange>>& hits, const AdvanceFn& advance);

}  // namespace stenogram

namespace stenogram {

// ---- selection: positions, boxes and text of a range of the laid-out text ----

// A place in the text: before byte `byte` of source `source` (-1: nowhere).
struct TextPos {
  int source = -1;
  int byte = 0;
  bool Valid() const { return source >= 0; }
  bool operator==(const TextPos&) const = default;
};

// The line holding pos: the first line of its source whose [start, end] reaches it (a position
// in the spaces after a wrapped line belongs to that line); lines.size() if none.
size_t LineOfPos(const TextLayout& layout, TextPos pos);

// Reading order of two positions: negative when a comes first, 0 when equal, positive after.
// Positions on no line sort last.
int ComparePos(const TextLayout& layout, TextPos a, TextPos b);

// The position nearest to (x, y) in layout coordinates: above the first line → the start of the
// first line, below the last → the end of the last, between lines (a gap) → the next line.
// Invalid for an empty layout.
TextPos PosAtPoint(const TextLayout& layout, const std::vector<std::string_view>& sources, float x, float y,
                   const AdvanceFn& advance);

// Boxes that highlight the range between a and b (either order), one per line it touches; a line
// selected past its end gets a little extra width (a space's worth) so a selected line break shows.
std::vector<HitBox> SelectionBoxes(const TextLayout& layout, const std::vector<std::string_view>& sources, TextPos a,
                                   TextPos b, const AdvanceFn& advance);

// The text between a and b (either order) as it is stored: the bytes of each block's part, blocks
// (paragraphs, speaker names) joined by "\n"; wrapped lines keep the spaces they broke at.
std::string SelectedText(const TextLayout& layout, const std::vector<std::string_view>& sources, TextPos a, TextPos b);

// The word around byte `at` of source: a run of letters, digits, apostrophes and hyphens inside a
// word (any non-ASCII code point that is not a space or punctuation counts as a letter). When at
// is on a space or punctuation, that one character. Returns [start, end) bytes.
std::pair<int, int> WordAt(std::string_view source, int at);

// The block (paragraph or speaker name) holding pos, as [first, last) positions.
std::pair<TextPos, TextPos> BlockAt(const TextLayout& layout, TextPos pos);

// Every occurrence of needle in each source, ignoring case (one-to-one lower case of Latin, Greek
// and Cyrillic letters), as byte ranges per source in order, not overlapping. An empty needle
// finds nothing.
std::vector<std::vector<HitRange>> FindInSources(const std::vector<std::string_view>& sources, std::string_view needle);

}  // namespace stenogram
