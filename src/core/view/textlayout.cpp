// textlayout: wrapping, hit boxes and hit testing for the reader (see textlayout.h).
#include "core/view/textlayout.h"

#include "core/text/utf8_fold.h"

#include <algorithm>

namespace stenogram {
namespace {

// The code point at s[i] (Utf8Decode: invalid bytes decode one at a time as U+FFFD); returns its
// length in bytes.
int Decode(std::string_view s, size_t i, uint32_t* cp) {
  size_t j = i;
  *cp = Utf8Decode(s, &j);
  return static_cast<int>(j - i);
}

bool IsBreakSpace(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\r'; }

}  // namespace

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


size_t LineOfPos(const TextLayout& layout, TextPos pos) {
  size_t found = layout.lines.size();
  for (size_t i = 0; i < layout.lines.size(); ++i) {
    const LayoutLine& l = layout.lines[i];
    if (l.source != pos.source) continue;
    if (found == layout.lines.size() || l.start <= pos.byte) found = i;  // the first line of the source at least
    if (l.start > pos.byte) break;
  }
  return found;
}

int ComparePos(const TextLayout& layout, TextPos a, TextPos b) {
  const size_t la = LineOfPos(layout, a), lb = LineOfPos(layout, b);
  if (la != lb) return la < lb ? -1 : 1;
  return a.byte < b.byte ? -1 : a.byte > b.byte ? 1 : 0;
}

TextPos PosAtPoint(const TextLayout& layout, const std::vector<std::string_view>& sources, float x, float y,
                   const AdvanceFn& advance) {
  if (layout.lines.empty()) return {};
  const size_t i = FirstLineBelow(layout, y);
  if (i >= layout.lines.size()) return {layout.lines.back().source, layout.lines.back().end};
  const LayoutLine& l = layout.lines[i];
  if (i == 0 && y < l.y) return {l.source, l.start};
  if (l.source < 0 || static_cast<size_t>(l.source) >= sources.size()) return {l.source, l.start};
  return {l.source, ByteAtOffset(sources[static_cast<size_t>(l.source)], l, x, advance)};
}

namespace {
// a and b in reading order, with their lines.
struct Ordered {
  TextPos a, b;
  size_t la = 0, lb = 0;
};
Ordered Order(const TextLayout& layout, TextPos a, TextPos b) {
  Ordered o{a, b, LineOfPos(layout, a), LineOfPos(layout, b)};
  if (o.lb < o.la || (o.la == o.lb && b.byte < a.byte)) {
    std::swap(o.a, o.b);
    std::swap(o.la, o.lb);
  }
  return o;
}
}  // namespace

std::vector<HitBox> SelectionBoxes(const TextLayout& layout, const std::vector<std::string_view>& sources, TextPos a,
                                   TextPos b, const AdvanceFn& advance) {
  std::vector<HitBox> boxes;
  const Ordered o = Order(layout, a, b);
  if (o.la >= layout.lines.size() || o.lb >= layout.lines.size() || o.a == o.b) return boxes;
  for (size_t li = o.la; li <= o.lb; ++li) {
    const LayoutLine& l = layout.lines[li];
    if (l.source < 0 || static_cast<size_t>(l.source) >= sources.size()) continue;
    const std::string_view src = sources[static_cast<size_t>(l.source)];
    const float x0 = li == o.la ? OffsetInLine(src, l, o.a.byte, advance) : 0.0f;
    float x1 = 0;
    if (li == o.lb) {
      x1 = OffsetInLine(src, l, o.b.byte, advance);
    } else {
      x1 = OffsetInLine(src, l, l.end, advance) + advance(l.style, ' ');
    }
    if (x1 > x0) boxes.push_back({0, li, x0, x1});
  }
  return boxes;
}

std::string SelectedText(const TextLayout& layout, const std::vector<std::string_view>& sources, TextPos a, TextPos b) {
  std::string out;
  const Ordered o = Order(layout, a, b);
  if (o.la >= layout.lines.size() || o.lb >= layout.lines.size() || o.a == o.b) return out;
  int block = -1, source = -1, start = 0, end = 0;
  bool any = false;
  int last_source = -1;
  auto flush = [&] {
    if (block < 0 || source < 0 || static_cast<size_t>(source) >= sources.size() || end <= start) return;
    if (any) out += source == last_source ? "\n\n" : "\n";
    out.append(sources[static_cast<size_t>(source)].substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
    any = true;
    last_source = source;
  };
  for (size_t li = o.la; li <= o.lb; ++li) {
    const LayoutLine& l = layout.lines[li];
    const int s = li == o.la ? std::max(o.a.byte, l.start) : l.start;
    const int e = li == o.lb ? std::min(std::max(o.b.byte, l.start), l.end) : l.end;
    if (l.block != block) {
      flush();
      block = l.block;
      source = l.source;
      start = s;
    }
    end = std::max(start, e);
  }
  flush();
  return out;
}

namespace {
bool IsWordCodepoint(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
  if (IsSpaceCodepoint(cp)) return false;
  if (cp == 0xAB || cp == 0xBB || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3001 || cp == 0x3002 ||
      cp == 0x060C || cp == 0x061F || cp == 0x05BE || cp == 0x05C3)
    return false;
  return true;
}
bool IsJoiner(char32_t cp) { return cp == '\'' || cp == '-' || cp == 0x2019; }
// Start of the code point that ends before byte i.
size_t PrevStart(std::string_view s, size_t i) {
  size_t k = i - 1;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80 && i - k < 4) --k;
  return k;
}
char32_t CodepointAt(std::string_view s, size_t i, size_t* next) {
  size_t k = i;
  const char32_t cp = Utf8Decode(s, &k);
  *next = k;
  return cp;
}
}  // namespace

std::pair<int, int> WordAt(std::string_view source, int at) {
  const size_t n = source.size();
  if (at < 0 || static_cast<size_t>(at) >= n) {
    const int end = static_cast<int>(n);
    return {std::clamp(at, 0, end), std::clamp(at, 0, end)};
  }
  size_t i = static_cast<size_t>(at);
  while (i > 0 && (static_cast<unsigned char>(source[i]) & 0xC0) == 0x80) --i;  // the code point's start
  size_t next = 0;
  const char32_t cp = CodepointAt(source, i, &next);
  if (!IsWordCodepoint(cp)) return {static_cast<int>(i), static_cast<int>(next)};
  size_t start = i, end = next;
  while (start > 0) {  // leftwards: word characters, joiners between two of them
    size_t p = PrevStart(source, start), after = 0;
    const char32_t c = CodepointAt(source, p, &after);
    if (IsWordCodepoint(c)) { start = p; continue; }
    if (IsJoiner(c) && p > 0) {
      size_t pp = PrevStart(source, p), a2 = 0;
      if (IsWordCodepoint(CodepointAt(source, pp, &a2))) { start = pp; continue; }
    }
    break;
  }
  while (end < n) {
    size_t after = 0;
    const char32_t c = CodepointAt(source, end, &after);
    if (IsWordCodepoint(c)) { end = after; continue; }
    if (IsJoiner(c) && after < n) {
      size_t a2 = 0;
      if (IsWordCodepoint(CodepointAt(source, after, &a2))) { end = a2; continue; }
    }
    break;
  }
  return {static_cast<int>(start), static_cast<int>(end)};
}

std::pair<TextPos, TextPos> BlockAt(const TextLayout& layout, TextPos pos) {
  const size_t li = LineOfPos(layout, pos);
  if (li >= layout.lines.size()) return {pos, pos};
  const int block = layout.lines[li].block;
  size_t first = li, last = li;
  while (first > 0 && layout.lines[first - 1].block == block) --first;
  while (last + 1 < layout.lines.size() && layout.lines[last + 1].block == block) ++last;
  return {{layout.lines[first].source, layout.lines[first].start}, {layout.lines[last].source, layout.lines[last].end}};
}

std::vector<std::vector<HitRange>> FindInSources(const std::vector<std::string_view>& sources, std::string_view needle) {
  std::vector<std::vector<HitRange>> out(sources.size());
  std::u32string want;
  for (size_t i = 0; i < needle.size();) want.push_back(LowerCodepoint(Utf8Decode(needle, &i)));
  if (want.empty()) return out;
  for (size_t s = 0; s < sources.size(); ++s) {
    const std::string_view src = sources[s];
    size_t i = 0;
    while (i < src.size()) {
      size_t k = i, m = 0;
      while (m < want.size() && k < src.size() && LowerCodepoint(Utf8Decode(src, &k)) == want[m]) ++m;
      if (m == want.size()) {
        out[s].push_back({static_cast<int>(i), static_cast<int>(k)});
        i = k;
        continue;
      }
      Utf8Decode(src, &i);
    }
  }
  return out;
}

}  // namespace stenogram
