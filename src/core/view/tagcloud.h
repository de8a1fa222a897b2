// Tag cloud layout: GUI-free. Sizes are log-scaled by frequency and quantised into a few
// steps; words are ordered by a stable key and flowed into lines, so the layout is
// deterministic and does not jitter when counts change a little. Text is measured through
// a callback so the app can use its font while tests use a fixed-width stand-in.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stenogram {

struct CloudWord {
  std::string value;   // filter value
  std::string label;   // what to show
  int64_t count = 0;
};

enum class CloudSort { Frequency, Name };

struct CloudOptions {
  CloudSort sort = CloudSort::Frequency;
  int steps = 5;              // number of size steps (>= 1)
  float min_size = 1.0f;      // relative font size of the smallest step
  float max_size = 2.2f;      // relative font size of the largest step
  float width = 300.0f;       // available line width
  float gap_x = 8.0f;         // horizontal gap between words
  float gap_y = 4.0f;         // vertical gap between lines
  std::string filter;         // substring filter on label, case and diacritics folded (Utf8Fold); empty = all
  double min_ratio = 10.0;    // the size steps span at least this ratio of counts, so near-equal
                              // counts stay near-equal in size (all equal: the smallest step)
  size_t max_words = 0;       // 0 = all; else only the most frequent words that pass the filter
  bool center = false;        // centre each line in width (otherwise lines start at x = 0)
};

struct CloudItem {
  size_t word = 0;            // index into the input words
  int step = 0;               // 0 .. steps-1
  float size = 1.0f;          // relative font size
  float x = 0, y = 0, w = 0, h = 0;
};

struct CloudLayout {
  std::vector<CloudItem> items;
  float height = 0;
  size_t matched = 0;         // words with a count that pass the filter
  size_t hidden = 0;          // of those, left out by max_words ("N more")
};

// Size step of count c between lo and hi (log-scaled, quantised into `steps`).
int CloudStep(int64_t c, int64_t lo, int64_t hi, int steps);

// measure(label, size) returns {width, height} of the label at a relative font size.
using CloudMeasure = std::function<std::pair<float, float>(const std::string&, float)>;

// Lays out the words with a positive count whose label contains opt.filter: the max_words most
// frequent of them (ties by label), sized by log-scaled count among those shown, ordered by
// opt.sort and flowed into lines no wider than opt.width (a single word wider than that gets a
// line of its own, made smaller to fit). Words of a line share a bottom edge. Deterministic for
// the same input.
CloudLayout LayoutCloud(const std::vector<CloudWord>& words, const CloudOptions& opt, const CloudMeasure& measure);

}  // namespace stenogram
