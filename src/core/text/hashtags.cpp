// hashtags: "#tags" in a text (see hashtags.h).
#include "core/text/hashtags.h"

#include <algorithm>

#include "core/text/utf8_fold.h"

namespace stenogram {


std::vector<std::string> FindHashtags(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '#') continue;
    if (i > 0) {
      size_t k = i - 1;
      while (k > 0 && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
      size_t j = k;
      const char32_t before = Utf8Decode(text, &j);
      if (IsLetterCodepoint(before) || (before >= '0' && before <= '9') || before == '/' || before == '_' ||
          before == '&' || before == '#')
        continue;
    }
    size_t j = i + 1, end = i + 1;
    bool letter = false;
    while (j < text.size()) {
      size_t n = j;
      const char32_t cp = Utf8Decode(text, &n);
      if (!(IsLetterCodepoint(cp) || (cp >= '0' && cp <= '9') || cp == '_')) break;
      letter = letter || IsLetterCodepoint(cp);
      j = n;
      end = n;
    }
    if (!letter) continue;
    std::string tag(text.substr(i + 1, end - i - 1));
    if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(std::move(tag));
    i = end - 1;
  }
  return out;
}

}  // namespace stenogram
