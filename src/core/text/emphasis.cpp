// emphasis: finding, masking and stripping Markdown emphasis markers (see emphasis.h).
#include "core/text/emphasis.h"

namespace stenogram {
namespace {

bool Space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// A letter or digit (any byte of a multi-byte character counts as one).
bool Word(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z');
}

constexpr size_t kMaxSpanBytes = 2000;

}  // namespace

std::vector<EmphasisSpan> FindEmphasis(std::string_view text) {
  std::vector<EmphasisSpan> out;
  size_t i = 0;
  while (i + 1 < text.size()) {
    const char m = text[i];
    if ((m != '*' && m != '_') || text[i + 1] != m || i + 2 >= text.size() || Space(text[i + 2]) || text[i + 2] == m) {
      ++i;
      continue;
    }
    if (m == '_' && i > 0 && Word(text[i - 1])) {  // inside a word: snake__case
      i += 2;
      continue;
    }
    // The closing marker: the next pair of m preceded by a non-space, in the same paragraph.
    size_t j = i + 2;
    size_t close = std::string_view::npos;
    while (j + 1 < text.size() && j - i <= kMaxSpanBytes) {
      if (text[j] == '\n' && text[j + 1] == '\n') break;
      if (text[j] == m && text[j + 1] == m && !Space(text[j - 1]) &&
          (m == '*' || j + 2 >= text.size() || !Word(text[j + 2]))) {
        close = j;
        break;
      }
      ++j;
    }
    if (close == std::string_view::npos) {
      i += 2;
      continue;
    }
    out.push_back({static_cast<int>(i), static_cast<int>(i + 2), static_cast<int>(close), static_cast<int>(close + 2)});
    i = close + 2;
  }
  return out;
}

std::string MaskEmphasis(std::string_view text, const std::vector<EmphasisSpan>& spans) {
  std::string out(text);
  for (const EmphasisSpan& s : spans) {
    for (int k = s.open; k < s.inner; ++k) out[static_cast<size_t>(k)] = kHiddenByte;
    for (int k = s.inner_end; k < s.close_end; ++k) out[static_cast<size_t>(k)] = kHiddenByte;
  }
  return out;
}

std::string StripEmphasis(std::string_view text) {
  const std::string masked = MaskEmphasis(text, FindEmphasis(text));
  std::string out;
  out.reserve(masked.size());
  for (char c : masked)
    if (c != kHiddenByte) out.push_back(c);
  return out;
}

}  // namespace stenogram
