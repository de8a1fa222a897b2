// utf8_fold: UTF-8 decoding, lower case and diacritic folding for the scripts of our corpora.
#include "core/text/utf8_fold.h"

namespace stenogram {

char32_t Utf8Decode(std::string_view s, size_t* i) {
  const size_t n = s.size();
  const unsigned char c0 = static_cast<unsigned char>(s[*i]);
  if (c0 < 0x80) {
    ++*i;
    return c0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((c0 & 0xE0) == 0xC0) {
    len = 2;
    cp = c0 & 0x1F;
  } else if ((c0 & 0xF0) == 0xE0) {
    len = 3;
    cp = c0 & 0x0F;
  } else if ((c0 & 0xF8) == 0xF0) {
    len = 4;
    cp = c0 & 0x07;
  } else {
    ++*i;
    return 0xFFFD;
  }
  if (*i + static_cast<size_t>(len) > n) {
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const unsigned char c = static_cast<unsigned char>(s[*i + static_cast<size_t>(k)]);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  // Reject overlong forms, surrogates and values beyond Unicode.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return 0xFFFD;
  }
  *i += static_cast<size_t>(len);
  return cp;
}

void Utf8Append(std::string* out, char32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t LowerCodepoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x130) return 'i';
    if (cp == 0x178) return 0xFF;
    if (cp <= 0x137 || (cp >= 0x14A && cp <= 0x177)) return (cp % 2 == 0) ? cp + 1 : cp;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp % 2 == 1) ? cp + 1 : cp;
    return cp;
  }
  if (cp >= 0x218 && cp <= 0x21B) return (cp % 2 == 0) ? cp + 1 : cp;  // Ș Ț
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;       // Greek
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;                       // Ѐ..Џ
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                       // А..Я
  if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) || (cp >= 0x4D0 && cp <= 0x52F))
    return (cp % 2 == 0) ? cp + 1 : cp;
  if (cp >= 0x4C1 && cp <= 0x4CE) return (cp % 2 == 1) ? cp + 1 : cp;
  return cp;
}

bool IsUpperCodepoint(char32_t cp) { return LowerCodepoint(cp) != cp; }

bool IsSpaceCodepoint(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool IsDecorationCodepoint(char32_t cp) {
  return (cp >= 0x2190 && cp <= 0x21FF) ||    // arrows
         (cp >= 0x2300 && cp <= 0x23FF) ||    // technical (⌚, ⏩)
         (cp >= 0x25A0 && cp <= 0x27BF) ||    // geometric shapes, misc symbols, dingbats
         (cp >= 0x2900 && cp <= 0x297F) ||    // supplemental arrows
         (cp >= 0x2B00 && cp <= 0x2BFF) ||    // misc symbols and arrows
         (cp >= 0x1F000 && cp <= 0x1FAFF) ||  // emoji and pictographs
         cp == 0x2022 || cp == 0x2023 || cp == 0x2043 || cp == 0x00B7 || cp == 0x200D || cp == 0x20E3 ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0020 && cp <= 0xE007F);
}

bool IsLetterCodepoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return true;
  if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;
  if (cp >= 0x250 && cp <= 0x2AF) return true;   // IPA extensions
  if (cp >= 0x300 && cp <= 0x36F) return true;   // combining marks belong to their letter
  if (cp >= 0x370 && cp <= 0x3FF) return cp != 0x37E && cp != 0x387;
  if (cp >= 0x400 && cp <= 0x52F) return cp < 0x482 || cp > 0x489;
  if (cp >= 0x530 && cp <= 0x1FFF) return true;  // Armenian, Hebrew, Arabic, Indic, Georgian, ...
  if (cp >= 0x3040 && cp <= 0x9FFF) return true;  // kana, CJK
  if (cp >= 0xAC00 && cp <= 0xD7AF) return true;  // Hangul
  return false;
}

namespace {

// Base letters of U+0100..U+017F after folding; '1' marks ĳ and '2' marks œ (two letters).
constexpr char kLatinExtA[] =
    "aaaaaacccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "11" "jj" "kkk" "llllllllll"
    "nnnnnnnnn" "oooooo" "22" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
static_assert(sizeof(kLatinExtA) == 128 + 1, "one base letter per code point of Latin Extended-A");

}  // namespace

void AppendFolded(std::string* out, char32_t cp) {
  cp = LowerCodepoint(cp);
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  if (cp >= 0x300 && cp <= 0x36F) return;  // combining diacritics
  if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) {
    switch (cp) {
      case 0xDF: out->append("ss"); return;
      case 0xE6: out->append("ae"); return;
      case 0xE7: out->push_back('c'); return;
      case 0xF0: out->push_back('d'); return;
      case 0xF1: out->push_back('n'); return;
      case 0xF8: out->push_back('o'); return;
      case 0xFE: out->append("th"); return;
      default: break;
    }
    if (cp <= 0xE5) out->push_back('a');
    else if (cp <= 0xEB) out->push_back('e');
    else if (cp <= 0xEF) out->push_back('i');
    else if (cp <= 0xF6) out->push_back('o');
    else if (cp <= 0xFC) out->push_back('u');
    else out->push_back('y');
    return;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    const char c = kLatinExtA[cp - 0x100];
    if (c == '1') out->append("ij");
    else if (c == '2') out->append("oe");
    else out->push_back(c);
    return;
  }
  if (cp == 0x219) { out->push_back('s'); return; }
  if (cp == 0x21B) { out->push_back('t'); return; }
  if (cp == 0x451) cp = 0x435;  // ё → е
  Utf8Append(out, cp);
}

std::string Utf8Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {  // ASCII (field names, most keys): no decoding
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
      continue;
    }
    Utf8Append(&out, LowerCodepoint(Utf8Decode(s, &i)));
  }
  return out;
}

std::string Utf8Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) AppendFolded(&out, Utf8Decode(s, &i));
  return out;
}

std::string DisplayCut(std::string_view s, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < s.size()) {
    if (chars == max_chars) return std::string(s.substr(0, i)) + "…";
    Utf8Decode(s, &i);
    ++chars;
  }
  return std::string(s);
}


std::string_view Utf8Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

}  // namespace stenogram
