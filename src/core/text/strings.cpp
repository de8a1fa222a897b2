// strings: one trim and one sentinel list (see strings.h).
#include "core/text/strings.h"

#include "core/text/utf8_fold.h"

namespace stenogram {

namespace {

bool IsBlank(char32_t cp) { return cp <= ' ' || IsSpaceCodepoint(cp); }

}  // namespace

std::string_view TrimView(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    size_t j = b;
    if (!IsBlank(Utf8Decode(s, &j))) break;
    b = j;
  }
  while (e > b) {
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    size_t j = k;
    if (!IsBlank(Utf8Decode(s, &j)) || j != e) break;  // j != e: a broken sequence, kept
    e = k;
  }
  return s.substr(b, e - b);
}

std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

bool IsSentinel(std::string_view s) {
  static constexpr std::string_view kSentinels[] = {"",     "na",  "n/a", "n.a.", "#n/a", "null", "nil",
                                                    "none", "nan", "nat", "-",    "--",   "—",    "–",
                                                    "?",    "unknown", "undefined"};
  s = TrimView(s);
  if (s.size() > 9) return false;
  std::string lower;
  for (char c : s) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  for (std::string_view x : kSentinels)
    if (x == lower) return true;
  return false;
}

}  // namespace stenogram
