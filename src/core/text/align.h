// align: pairs the parts (turns or paragraphs) of a document with those of its translation, for
// the reader's side-by-side view. Equal counts pair by order; otherwise parts pair by their
// position along the text (cumulative length), so a paragraph split in two on one side sits
// beside the one it came from, and every part of either side appears exactly once, in order.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace stenogram {

// The paragraphs of a text: runs of lines separated by blank lines, trimmed; none empty.
// ParagraphSpans gives their byte ranges [first, second) in text.
std::vector<std::string> SplitParagraphs(const std::string& text);
std::vector<std::pair<size_t, size_t>> ParagraphSpans(const std::string& text);

// One row of the side-by-side view: parts [left_begin, left_end) beside [right_begin, right_end).
// A side's range may be empty (nothing there beside the other side's part).
struct AlignedRow {
  size_t left_begin = 0, left_end = 0;
  size_t right_begin = 0, right_end = 0;
  bool operator==(const AlignedRow&) const = default;
};

// Rows covering both sides in order, given each part's length (bytes or characters). Equal
// counts: one part each per row. Otherwise each part goes to the row of the other side's part
// whose span along the text (its share of the total length) overlaps its middle; parts meeting
// the same row share it. Empty sides give rows with the other side alone.
std::vector<AlignedRow> AlignParts(const std::vector<size_t>& left, const std::vector<size_t>& right);

}  // namespace stenogram
