// Tests of textlayout: wrapping at a width (Latin and Cyrillic, long words, newlines), hit boxes
// across wrapped lines, and finding lines and bytes from positions. Glyphs are one unit wide.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/textlayout.h"

using namespace stenogram;

namespace {

const AdvanceFn kMono = [](int style, uint32_t) { return style == 1 ? 2.0f : 1.0f; };

std::vector<std::string> Lines(std::string_view src, const TextLayout& layout) {
  std::vector<std::string> out;
  for (const auto& l : layout.lines) out.emplace_back(src.substr(static_cast<size_t>(l.start), static_cast<size_t>(l.end - l.start)));
  return out;
}

TextLayout One(std::string_view text, float width) {
  return LayOutBlocks({text}, {{0, 0, static_cast<int>(text.size()), 0, 0}}, width, {10.0f}, kMono);
}

}  // namespace

TEST_CASE("wrapping breaks after spaces, never wider than the width") {
  const std::string_view t = "the talks were useful and detailed";
  const auto layout = One(t, 10);
  CHECK(Lines(t, layout) == std::vector<std::string>{"the talks", "were", "useful and", "detailed"});
  CHECK(layout.height == 40.0f);
  CHECK(layout.lines[2].y == 20.0f);
  CHECK(Lines(t, One(t, 100)) == std::vector<std::string>{"the talks were useful and detailed"});
}

TEST_CASE("wrapping counts code points, so Cyrillic wraps like Latin") {
  const std::string_view t = "мирный процесс идёт";
  CHECK(Lines(t, One(t, 14)) == std::vector<std::string>{"мирный процесс", "идёт"});
}

TEST_CASE("a word wider than the line is broken; newlines end lines; empty blocks take a line") {
  const std::string_view t = "abcdefghij xy\nz";
  CHECK(Lines(t, One(t, 4)) == std::vector<std::string>{"abcd", "efgh", "ij", "xy", "z"});
  const auto empty = One("", 10);
  CHECK(empty.lines.size() == 1);
  CHECK(Lines("a  \n  b", One("a  \n  b", 10)) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("blocks stack with their gaps and styles") {
  const std::vector<std::string_view> sources = {"Sergey Lavrov", "Useful and detailed."};
  const std::vector<LayoutBlock> blocks = {{0, 0, 13, 1, 0}, {1, 0, 20, 0, 5}};
  const auto layout = LayOutBlocks(sources, blocks, 12, {10.0f, 12.0f}, kMono);
  REQUIRE(layout.lines.size() == 4);
  CHECK(layout.lines[0].style == 1);
  CHECK(layout.lines[0].end == 6);  // "Sergey" (12 units at 2 per glyph)
  CHECK(layout.lines[1].y == 12.0f);
  CHECK(layout.lines[2].source == 1);
  CHECK(layout.lines[2].y == 12.0f * 2 + 5);
  CHECK(layout.height == 12.0f * 2 + 5 + 20);
}

TEST_CASE("hit boxes follow the wrapped lines and are numbered in reading order") {
  const std::vector<std::string_view> sources = {"peace talks began", "more talks"};
  const std::vector<LayoutBlock> blocks = {{0, 0, 17, 0, 0}, {1, 0, 10, 0, 0}};
  const auto layout = LayOutBlocks(sources, blocks, 8, {10.0f}, kMono);
  // "peace", "talks", "began", "more", "talks"
  REQUIRE(layout.lines.size() == 5);
  const std::vector<std::vector<HitRange>> hits = {{{0, 11}}, {{5, 10}}};  // "peace talks" wraps
  const auto boxes = LayOutHits(layout, sources, hits, kMono);
  REQUIRE(boxes.size() == 3);
  CHECK(boxes[0].hit == 0);
  CHECK(boxes[0].line == 0);
  CHECK(boxes[0].x1 == 5.0f);
  CHECK(boxes[1].hit == 0);
  CHECK(boxes[1].line == 1);
  CHECK(boxes[2].hit == 1);
  CHECK(boxes[2].line == 4);
  CHECK(boxes[2].x0 == 0.0f);
  CHECK(boxes[2].x1 == 5.0f);
}

TEST_CASE("positions map back to lines and bytes") {
  const std::string_view t = "the talks were useful and detailed";
  const auto layout = One(t, 10);
  CHECK(FirstLineBelow(layout, 0) == 0);
  CHECK(FirstLineBelow(layout, 9.5f) == 0);
  CHECK(FirstLineBelow(layout, 10) == 1);
  CHECK(FirstLineBelow(layout, 35) == 3);
  CHECK(FirstLineBelow(layout, 400) == layout.lines.size());
  CHECK(ByteAtOffset(t, layout.lines[0], 4.2f, kMono) == 4);
  CHECK(ByteAtOffset(t, layout.lines[0], 99, kMono) == 9);
  CHECK(OffsetInLine(t, layout.lines[0], 4, kMono) == 4.0f);
  const std::string_view ru = "идёт";
  const auto l = One(ru, 10);
  CHECK(ByteAtOffset(ru, l.lines[0], 2.1f, kMono) == 4);  // two 2-byte letters in
}
