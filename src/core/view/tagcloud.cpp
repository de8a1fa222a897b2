// tagcloud: the word cloud's sizes, filter and layout (see tagcloud.h).
#include "core/view/tagcloud.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/text/stable_order.h"
#include "core/text/utf8_fold.h"

namespace stenogram {

int CloudStep(int64_t c, int64_t lo, int64_t hi, int steps) {
  if (steps <= 1 || hi <= lo) return steps <= 1 ? 0 : steps - 1;
  c = std::clamp(c, lo, hi);
  const double t = (std::log(double(c)) - std::log(double(std::max<int64_t>(lo, 1)))) /
                   (std::log(double(hi)) - std::log(double(std::max<int64_t>(lo, 1))));
  int s = int(std::floor(t * steps));
  return std::clamp(s, 0, steps - 1);
}


CloudLayout LayoutCloud(const std::vector<CloudWord>& words, const CloudOptions& opt, const CloudMeasure& measure) {
  CloudLayout out;
  const std::string needle = Utf8Fold(opt.filter);  // Unicode: "ЛАВ" finds "Лавров", "e" finds "é"
  std::vector<size_t> idx;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].count <= 0) continue;
    if (!needle.empty() && Utf8Fold(words[i].label).find(needle) == std::string::npos) continue;
    idx.push_back(i);
  }
  out.matched = idx.size();
  if (opt.max_words > 0 && idx.size() > opt.max_words) {
    StableSortBy(&idx, [&](size_t a, size_t b) {
      if (words[a].count != words[b].count) return words[a].count > words[b].count;
      const std::string la = Utf8Lower(words[a].label), lb = Utf8Lower(words[b].label);
      if (la != lb) return la < lb;
      return words[a].value < words[b].value;
    });
    idx.resize(opt.max_words);
    out.hidden = out.matched - idx.size();
  }
  int64_t lo = idx.empty() ? 0 : words[idx[0]].count, hi = lo;
  for (size_t i : idx) {
    lo = std::min(lo, words[i].count);
    hi = std::max(hi, words[i].count);
  }
  const int steps = std::max(1, opt.steps);
  // Log scale from lo to at least lo * min_ratio: equal counts get the smallest step, not the largest.
  hi = std::max<int64_t>(hi, static_cast<int64_t>(std::ceil(double(std::max<int64_t>(lo, 1)) * std::max(1.0, opt.min_ratio))));
  // Frequency order uses the quantised step (not the raw count) so small changes do not reorder.
  std::vector<int> step(words.size(), 0);
  for (size_t i : idx) step[i] = CloudStep(words[i].count, lo, hi, steps);
  StableSortBy(&idx, [&](size_t a, size_t b) {
    if (opt.sort == CloudSort::Frequency && step[a] != step[b]) return step[a] > step[b];
    const std::string la = Utf8Lower(words[a].label), lb = Utf8Lower(words[b].label);
    if (la != lb) return la < lb;
    return words[a].value < words[b].value;
  });
  float x = 0, y = 0, line_h = 0;
  size_t line_start = 0;
  auto finish_line = [&]() {
    // Words of a line share its bottom edge; a centred line is shifted by half its slack.
    const float slack = opt.width - (x - opt.gap_x);
    const float shift = opt.center && slack > 0 ? slack * 0.5f : 0.0f;
    for (size_t k = line_start; k < out.items.size(); ++k) {
      out.items[k].y = y + (line_h - out.items[k].h);
      out.items[k].x += shift;
    }
    y += line_h + opt.gap_y;
    x = 0;
    line_h = 0;
    line_start = out.items.size();
  };
  for (size_t i : idx) {
    CloudItem it;
    it.word = i;
    it.step = step[i];
    it.size = steps <= 1 ? opt.max_size : opt.min_size + (opt.max_size - opt.min_size) * float(it.step) / float(steps - 1);
    auto [w, h] = measure(words[i].label, it.size);
    if (w > opt.width && opt.width > 0) {  // too wide for any line: smaller until it fits
      for (int k = 0; k < 4 && w > opt.width; ++k) {
        it.size *= opt.width / w * 0.999f;
        std::tie(w, h) = measure(words[i].label, it.size);
      }
    }
    it.w = w;
    it.h = h;
    if (x > 0 && x + w > opt.width) finish_line();
    it.x = x;
    x += w + opt.gap_x;
    line_h = std::max(line_h, h);
    out.items.push_back(it);
  }
  if (out.items.size() > line_start) finish_line();
  out.height = out.items.empty() ? 0 : y - opt.gap_y;
  return out;
}

}  // namespace stenogram
