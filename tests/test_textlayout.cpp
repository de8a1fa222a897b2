// Tests of textlayout: wrapping at a width (Latin and Cyrillic, long words, newlines), hit boxes
// across wrapped lines, and finding lines and bytes from positions. Glyphs are one unit wide.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/view/textlayout.h"

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

// ---- selection ----

namespace {
// Two blocks of one source and a speaker block before them, as the reader lays out a turn.
struct Turned {
  std::string text = "alpha beta gamma\n\nsecond para here";
  std::string speaker = "Lavrov";
  std::vector<std::string_view> sources{text, speaker};
  TextLayout layout;
  Turned() {
    layout = LayOutBlocks(sources, {{1, 0, 6, 0, 0}, {0, 0, 16, 0, 0}, {0, 18, 34, 0, 5}}, 11.0f, {10.0f}, kMono);
  }
};
}  // namespace

TEST_CASE("positions: lines, reading order and points") {
  Turned t;
  // "Lavrov" | "alpha beta" | "gamma" | "second" | "para here"
  REQUIRE(t.layout.lines.size() == 5);
  CHECK(LineOfPos(t.layout, {1, 3}) == 0);
  CHECK(LineOfPos(t.layout, {0, 0}) == 1);
  CHECK(LineOfPos(t.layout, {0, 10}) == 1);  // the space after "beta" belongs to its line
  CHECK(LineOfPos(t.layout, {0, 11}) == 2);
  CHECK(LineOfPos(t.layout, {0, 20}) == 3);
  CHECK(LineOfPos(t.layout, {5, 0}) == t.layout.lines.size());
  // The speaker (source 1) comes before its turn's text (source 0) in reading order.
  CHECK(ComparePos(t.layout, {1, 5}, {0, 0}) < 0);
  CHECK(ComparePos(t.layout, {0, 2}, {0, 1}) > 0);
  CHECK(ComparePos(t.layout, {0, 2}, {0, 2}) == 0);
  // Points: line 2 ("gamma") is at y 20..30; x 2.4 is nearest to byte 2 of the line.
  CHECK(PosAtPoint(t.layout, t.sources, 2.4f, 25.0f, kMono) == TextPos{0, 13});
  CHECK(PosAtPoint(t.layout, t.sources, 2.0f, -5.0f, kMono) == TextPos{1, 0});     // above: the start
  CHECK(PosAtPoint(t.layout, t.sources, 0.0f, 500.0f, kMono) == TextPos{0, 34});   // below: the end
  CHECK(PosAtPoint(t.layout, t.sources, 99.0f, 5.0f, kMono) == TextPos{1, 6});     // past a line's end: its end
  CHECK_FALSE(PosAtPoint(TextLayout{}, {}, 0, 0, kMono).Valid());
}

TEST_CASE("selection boxes and text across lines, blocks and sources, in either direction") {
  Turned t;
  const TextPos a{1, 2}, b{0, 8};  // "vrov" … "alpha be"
  const auto boxes = SelectionBoxes(t.layout, t.sources, b, a, kMono);
  REQUIRE(boxes.size() == 2);
  CHECK(boxes[0].line == 0);
  CHECK(boxes[0].x0 == doctest::Approx(2.0f));
  CHECK(boxes[0].x1 == doctest::Approx(7.0f));  // "vrov" and a space's worth for the line break
  CHECK(boxes[1].line == 1);
  CHECK(boxes[1].x0 == doctest::Approx(0.0f));
  CHECK(boxes[1].x1 == doctest::Approx(8.0f));
  CHECK(SelectedText(t.layout, t.sources, a, b) == "vrov\nalpha be");
  CHECK(SelectedText(t.layout, t.sources, b, a) == "vrov\nalpha be");
  // Wrapped lines keep the space they broke at; paragraphs of one source are joined by a blank line.
  CHECK(SelectedText(t.layout, t.sources, {0, 6}, {0, 24}) == "beta gamma\n\nsecond");
  CHECK(SelectedText(t.layout, t.sources, {0, 6}, {0, 6}).empty());
  CHECK(SelectionBoxes(t.layout, t.sources, {0, 6}, {0, 6}, kMono).empty());
}

TEST_CASE("words and paragraphs around a position") {
  const std::string s = "The talks, don't-stop «Переговоры» well";
  CHECK(WordAt(s, 5) == std::pair<int, int>{4, 9});    // "talks"
  CHECK(WordAt(s, 9) == std::pair<int, int>{9, 10});   // the comma alone
  CHECK(WordAt(s, 12) == std::pair<int, int>{11, 21});  // "don't-stop": joiners inside a word
  const size_t ru = s.find("Переговоры");
  const auto w = WordAt(s, static_cast<int>(ru) + 3);   // inside a Cyrillic word, mid code point
  CHECK(s.substr(static_cast<size_t>(w.first), static_cast<size_t>(w.second - w.first)) == "Переговоры");
  CHECK(WordAt(s, 999) == std::pair<int, int>{static_cast<int>(s.size()), static_cast<int>(s.size())});
  Turned t;
  const auto para = BlockAt(t.layout, {0, 12});
  CHECK(para.first == TextPos{0, 0});
  CHECK(para.second == TextPos{0, 16});
  CHECK(SelectedText(t.layout, t.sources, para.first, para.second) == "alpha beta gamma");
}

TEST_CASE("find in the document ignores case, also in Cyrillic") {
  const std::string a = "Talks and more TALKS", b = "Переговоры и переговоры";
  const auto found = FindInSources({a, b}, "talks");
  REQUIRE(found.size() == 2);
  CHECK(found[0] == std::vector<HitRange>{{0, 5}, {15, 20}});
  CHECK(found[1].empty());
  const auto ru = FindInSources({a, b}, "ПЕРЕГОВОРЫ");
  REQUIRE(ru[1].size() == 2);
  CHECK(ru[1][0].start == 0);
  CHECK(b.substr(static_cast<size_t>(ru[1][1].start), static_cast<size_t>(ru[1][1].end - ru[1][1].start)) == "переговоры");
  CHECK(FindInSources({a}, "")[0].empty());
  CHECK(FindInSources({"aaa"}, "aa")[0] == std::vector<HitRange>{{0, 2}});  // not overlapping
}
