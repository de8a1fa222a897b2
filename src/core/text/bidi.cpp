// bidi: Arabic joining forms and right-to-left runs in visual order for a left-to-right renderer
// (see bidi.h).
#include "core/text/bidi.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/text/utf8_fold.h"

namespace stenogram {
namespace {

// A decoded character; an invalid byte is kept as kRawByte + the byte and drawn back as it was.
constexpr uint32_t kRawByte = 0x110000;

std::vector<uint32_t> Decode(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const char32_t cp = Utf8Decode(s, &i);
    if (cp == 0xFFFD && i == start + 1) out.push_back(kRawByte + static_cast<unsigned char>(s[start]));  // not UTF-8
    else out.push_back(cp);
  }
  return out;
}

void Encode(uint32_t cp, std::string* out) {
  if (cp >= kRawByte) out->push_back(static_cast<char>(cp - kRawByte));  // a byte that was not UTF-8, as it was
  else Utf8Append(out, static_cast<char32_t>(cp));
}

// ---- Arabic joining ----

// Presentation forms of U+0621..U+064A: the first form (isolated) and how many there are (1: does
// not join, 2: joins its previous letter only, 4: joins both sides; 0: no forms, not a letter).
struct ArabicForms {
  uint16_t first;
  uint8_t count;
};

ArabicForms FormsOf(uint32_t cp) {
  // In Unicode's order, from U+0621; the forms follow each other from U+FE80 in the same order.
  static const uint8_t kCounts[] = {1, 2, 2, 2, 2, 4, 2, 4, 2, 4, 4, 4, 4, 4, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4,  // 0621-063A
                                    0, 0, 0, 0, 0, 0,                                                              // 063B-0640
                                    4, 4, 4, 4, 4, 4, 4, 2, 2, 4};                                                 // 0641-064A
  if (cp < 0x0621 || cp > 0x064A) return {0, 0};
  uint16_t first = 0xFE80;
  for (uint32_t c = 0x0621; c < cp; ++c) first = static_cast<uint16_t>(first + kCounts[c - 0x0621]);
  return {first, kCounts[cp - 0x0621]};
}

bool Transparent(uint32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x0591 && cp <= 0x05C7 && cp != 0x05BE &&
                                                            cp != 0x05C0 && cp != 0x05C3 && cp != 0x05C6);
}

// Whether cp connects to the letter after it / before it.
bool JoinsNext(uint32_t cp) { return cp == 0x0640 || FormsOf(cp).count == 4; }
bool JoinsPrevious(uint32_t cp) { return cp == 0x0640 || FormsOf(cp).count >= 2; }

bool IsAlef(uint32_t cp) { return cp == 0x0622 || cp == 0x0623 || cp == 0x0625 || cp == 0x0627; }

std::vector<uint32_t> Shape(const std::vector<uint32_t>& in) {
  std::vector<uint32_t> out;
  out.reserve(in.size());
  auto neighbour = [&](size_t i, int dir) -> uint32_t {  // the nearest non-transparent character
    for (long k = static_cast<long>(i) + dir; k >= 0 && k < static_cast<long>(in.size()); k += dir)
      if (!Transparent(in[static_cast<size_t>(k)])) return in[static_cast<size_t>(k)];
    return 0;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    const uint32_t cp = in[i];
    const ArabicForms f = FormsOf(cp);
    if (f.count == 0) {
      out.push_back(cp);
      continue;
    }
    const bool prev = JoinsNext(neighbour(i, -1)) && f.count >= 2;
    if (cp == 0x0644) {  // lam + alef: one ligature (the marks between them follow it)
      size_t k = i + 1;
      while (k < in.size() && Transparent(in[k])) ++k;
      if (k < in.size() && IsAlef(in[k])) {
        const uint32_t which = in[k] == 0x0622 ? 0 : in[k] == 0x0623 ? 1 : in[k] == 0x0625 ? 2 : 3;
        out.push_back(0xFEF5 + which * 2 + (prev ? 1 : 0));
        for (size_t m = i + 1; m < k; ++m) out.push_back(in[m]);
        i = k;
        continue;
      }
    }
    const bool next = f.count == 4 && JoinsPrevious(neighbour(i, +1));
    int form = 0;  // isolated, final, initial, medial
    if (prev && next) form = 3;
    else if (prev) form = 1;
    else if (next) form = 2;
    out.push_back(static_cast<uint32_t>(f.first) + static_cast<uint32_t>(form));
  }
  return out;
}

// ---- runs ----

bool RightToLeft(uint32_t cp) {
  if (cp >= kRawByte || Transparent(cp)) return false;
  if (cp >= 0x0660 && cp <= 0x0669) return false;  // Arabic-Indic digits: numbers
  if (cp >= 0x06F0 && cp <= 0x06F9) return false;
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

bool Digit(uint32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9);
}

// A letter of a left-to-right script (Latin, Cyrillic, Greek, CJK...): ends a right-to-left run.
bool LeftToRight(uint32_t cp) {
  if (cp >= kRawByte || RightToLeft(cp) || Transparent(cp) || Digit(cp)) return false;
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;                    // Latin-1 punctuation
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x2000 && cp <= 0x2BFF)) return false;  // marks, punctuation, symbols
  if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20)) return false;
  return true;
}

uint32_t Mirror(uint32_t cp) {
  switch (cp) {
    case '(': return ')';
    case ')': return '(';
    case '[': return ']';
    case ']': return '[';
    case '{': return '}';
    case '}': return '{';
    case '<': return '>';
    case '>': return '<';
    case 0xAB: return 0xBB;
    case 0xBB: return 0xAB;
    default: return cp;
  }
}

// Reverses in[a, b) into out: numbers (digits with the separators between them) and letters with
// their combining marks are kept whole, brackets are mirrored.
void AppendReversed(const std::vector<uint32_t>& in, size_t a, size_t b, std::vector<uint32_t>* out) {
  std::vector<std::pair<size_t, size_t>> units;
  size_t i = a;
  while (i < b) {
    size_t j = i + 1;
    if (Digit(in[i])) {
      while (j < b && (Digit(in[j]) || ((in[j] == '.' || in[j] == ',' || in[j] == ':') && j + 1 < b && Digit(in[j + 1]))))
        ++j;
    }
    while (j < b && (Transparent(in[j]) || (in[j] >= 0x0300 && in[j] <= 0x036F))) ++j;
    units.emplace_back(i, j);
    i = j;
  }
  for (auto it = units.rbegin(); it != units.rend(); ++it)
    for (size_t k = it->first; k < it->second; ++k) out->push_back(it->second - it->first == 1 ? Mirror(in[k]) : in[k]);
}

}  // namespace

bool HasRightToLeft(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    // Lead bytes of U+0580..U+07FF (two bytes), U+0800..U+08FF and U+F000..U+FFFF (three bytes).
    if ((b >= 0xD6 && b <= 0xDF) || b == 0xE0 || b == 0xEF) {
      size_t j = i;
      if (RightToLeft(Utf8Decode(text, &j))) return true;
    }
  }
  return false;
}

std::string VisualOrder(std::string_view text) {
  if (!HasRightToLeft(text)) return std::string(text);
  const std::vector<uint32_t> shaped = Shape(Decode(text));
  std::vector<uint32_t> visual;
  visual.reserve(shaped.size());
  size_t i = 0;
  while (i < shaped.size()) {
    if (!RightToLeft(shaped[i])) {
      visual.push_back(shaped[i++]);
      continue;
    }
    // A run: from this letter to the last right-to-left letter (or a number after one) before the
    // next left-to-right letter.
    size_t end = i + 1, k = i + 1;
    while (k < shaped.size() && !LeftToRight(shaped[k])) {
      if (RightToLeft(shaped[k]) || Transparent(shaped[k])) {
        end = k + 1;
      } else if (Digit(shaped[k])) {
        while (k + 1 < shaped.size() && (Digit(shaped[k + 1]) ||
                                         ((shaped[k + 1] == '.' || shaped[k + 1] == ',' || shaped[k + 1] == ':') &&
                                          k + 2 < shaped.size() && Digit(shaped[k + 2]))))
          ++k;
        end = k + 1;
      }
      ++k;
    }
    AppendReversed(shaped, i, end, &visual);
    i = end;
  }
  std::string out;
  out.reserve(text.size() + 8);
  for (uint32_t cp : visual) Encode(cp, &out);
  return out;
}

}  // namespace stenogram
