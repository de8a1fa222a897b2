// textlayout: wrapping, hit boxes and hit testing for the reader (see textlayout.h).
#include "core/textlayout.h"

#include <algorithm>

namespace stenogram {
namespace {

// Decodes the UTF-8 code point at s[i]; returns its length in bytes (1 for an invalid byte, which
// decodes as U+FFFD).
int Decode(std::string_view s, size_t i, uint32_t* cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + static_cast<size_t>(n) > s.size()) {
    *cp = 0xFFFD;
    return 1;
  }
  uint32_t c = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (int k = 1; k < n; ++k) {
    const auto cont = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if ((cont & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    c = (c << 6) | (cont & 0x3Fu);
  }
  *cp = c;
  return n;
}

bool IsBreakSpace(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\r'; }

}  // namespace

std::string DisplayCut(std::string_view s, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < s.size()) {
    if (chars == max_chars) return std::string(s.substr(0, i)) + "…";
    uint32_t cp = 0;
    i += static_cast<size_t>(Decode(s, i, &cp));
    ++chars;
  }
  return std::string(s);
}

void BoundSnippet(std::string* snippet, std::vector<HitRange>* hits, size_t max_bytes) {
  if (snippet->size() <= max_bytes) return;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>((*snippet)[cut]) & 0xC0) == 0x80) --cut;
  snippet->resize(cut);
  *snippet += "…";
  std::vector<HitRange> kept;
  for (HitRange h : *hits) {
    if (h.start >= static_cast<int>(cut)) continue;
    h.end = std::min(h.end, static_cast<int>(cut));
    kept.push_back(h);
  }
  *hits = std::move(kept);
}

TextLayout LayOutBlocks(const std::vector<std::string_view>& sources, const std::vector<LayoutBlock>& blocks,
                        float width, const std::vector<float>& line_heights, const AdvanceFn& advance) {
  TextLayout out;
  float y = 0;
  for (size_t bi = 0; bi < blocks.size(); ++bi) {
    const LayoutBlock& b = blocks[bi];
    if (b.source < 0 || static_cast<size_t>(b.source) >= sources.size()) continue;
    const std::string_view src = sources[static_cast<size_t>(b.source)];
    const int end = std::clamp(b.end, 0, static_cast<int>(src.size()));
    const int begin = std::clamp(b.start, 0, end);
    const float h = b.style >= 0 && static_cast<size_t>(b.style) < line_heights.size()
                        ? line_heights[static_cast<size_t>(b.style)]
                        : (line_heights.empty() ? 1.0f : line_heights[0]);
    y += b.gap_before;
    auto emit = [&](int s, int e) {
      while (e > s && (src[static_cast<size_t>(e) - 1] == ' ' || src[static_cast<size_t>(e) - 1] == '\t' ||
                       src[static_cast<size_t>(e) - 1] == '\r'))
        --e;
      out.lines.push_back({static_cast<int>(bi), b.source, b.style, s, e, y, h});
      y += h;
    };
    float x = 0, x_at_break = 0;
    int line_start = begin, brk = -1;
    int i = begin;
    while (i < end) {
      uint32_t cp = 0;
      const int n = Decode(src, static_cast<size_t>(i), &cp);
      if (cp == '\n') {
        emit(line_start, i);
        i += n;
        line_start = i;
        x = 0;
        brk = -1;
        continue;
      }
      const float w = advance(b.style, cp);
      if (IsBreakSpace(cp)) {  // spaces hang past the edge and never start a line
        i += n;
        if (i - n == line_start) {
          line_start = i;
          continue;
        }
        x += w;
        brk = i;
        x_at_break = x;
        continue;
      }
      if ((x + w > width || i + n - line_start > kMaxLineBytes) && i > line_start) {
        if (brk > line_start) {
          emit(line_start, brk);
          line_start = brk;
          x -= x_at_break;
        } else {
          emit(line_start, i);
          line_start = i;
          x = 0;
        }
        brk = -1;
      }
      x += w;
      i += n;
    }
    emit(line_start, end);
  }
  out.height = y;
  return out;
}

float OffsetInLine(std::string_view source, const LayoutLine& line, int at, const AdvanceFn& advance) {
  float x = 0;
  const int stop = std::clamp(at, line.start, line.end);
  for (int i = line.start; i < stop;) {
    uint32_t cp = 0;
    const int n = Decode(source, static_cast<size_t>(i), &cp);
    x += advance(line.style, cp);
    i += n;
  }
  return x;
}

int ByteAtOffset(std::string_view source, const LayoutLine& line, float x, const AdvanceFn& advance) {
  float at = 0;
  for (int i = line.start; i < line.end;) {
    uint32_t cp = 0;
    const int n = Decode(source, static_cast<size_t>(i), &cp);
    const float w = advance(line.style, cp);
    if (x < at + w * 0.5f) return i;
    at += w;
    i += n;
  }
  return line.end;
}

size_t FirstLineBelow(const TextLayout& layout, float y) {
  auto it = std::upper_bound(layout.lines.begin(), layout.lines.end(), y,
                             [](float v, const LayoutLine& l) { return v < l.y + l.height; });
  return static_cast<size_t>(it - layout.lines.begin());
}

std::vector<HitBox> LayOutHits(const TextLayout& layout, const std::vector<std::string_view>& sources,
                               const std::vector<std::vector<HitRange>>& hits, const AdvanceFn& advance) {
  std::vector<HitBox> boxes;
  std::vector<size_t> next(hits.size(), 0);
  std::vector<std::vector<int>> number(hits.size());
  for (size_t s = 0; s < hits.size(); ++s) number[s].assign(hits[s].size(), -1);
  int count = 0;
  for (size_t li = 0; li < layout.lines.size(); ++li) {
    const LayoutLine& line = layout.lines[li];
    const auto s = static_cast<size_t>(line.source);
    if (s >= hits.size() || s >= sources.size()) continue;
    const std::vector<HitRange>& hs = hits[s];
    while (next[s] < hs.size() && hs[next[s]].end <= line.start) ++next[s];
    for (size_t k = next[s]; k < hs.size() && hs[k].start < line.end; ++k) {
      if (hs[k].end <= line.start) continue;
      if (number[s][k] < 0) number[s][k] = count++;
      const float x0 = OffsetInLine(sources[s], line, std::max(hs[k].start, line.start), advance);
      const float x1 = OffsetInLine(sources[s], line, std::min(hs[k].end, line.end), advance);
      boxes.push_back({number[s][k], li, x0, x1});
    }
  }
  return boxes;
}

}  // namespace stenogram
