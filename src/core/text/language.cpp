// language: one language table, language detection (see language.h).
#include "core/text/language.h"

#include <cstdint>
#include <initializer_list>

#include "core/text/strings.h"
#include "core/text/utf8_fold.h"

namespace stenogram {

namespace {

struct Language {
  const char* code;
  const char* name;                          // English, as shown ("Russian")
  std::initializer_list<const char*> other;  // further lower-case spellings sources use
};

const Language kLanguages[] = {
    {"en", "English", {"eng", "английский", "англійська"}},
    {"ru", "Russian", {"rus", "русский", "російська"}},
    {"uk", "Ukrainian", {"ukr", "украинский", "українська"}},
    {"fr", "French", {}},
    {"de", "German", {}},
    {"es", "Spanish", {}},
    {"ar", "Arabic", {}},
    {"zh", "Chinese", {}},
    {"pt", "Portuguese", {}},
};

}  // namespace

std::string DetectLanguage(std::string_view text) {
  text = Utf8Prefix(text, 8192);
  int64_t latin = 0, cyrillic = 0, ukrainian = 0, russian = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++latin;
      ++i;
      continue;
    }
    const char32_t cp = Utf8Decode(text, &i);
    if (cp >= 0x400 && cp <= 0x4FF) {
      ++cyrillic;
      if (cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x406 || cp == 0x407 || cp == 0x404 ||
          cp == 0x490)
        ++ukrainian;
      if (cp == 0x44B || cp == 0x44D || cp == 0x44A || cp == 0x451 || cp == 0x42B || cp == 0x42D) ++russian;
    } else if (cp >= 0xC0 && cp <= 0x24F && IsLetterCodepoint(cp)) {
      ++latin;
    }
  }
  if (cyrillic + latin == 0) return "";
  if (cyrillic * 10 > (cyrillic + latin) * 3) return ukrainian > russian ? "uk" : "ru";
  return "en";
}

std::string NormaliseLanguage(std::string_view value) {
  std::string v = Utf8Lower(TrimView(value));
  const size_t dash = v.find_first_of("-_");
  if (dash != std::string::npos && dash >= 2 && dash <= 3) v.resize(dash);
  for (const Language& l : kLanguages) {
    if (v == Utf8Lower(l.name)) return l.code;
    for (const char* o : l.other)
      if (v == o) return l.code;
  }
  return v;
}

std::string LanguageName(const std::string& code) {
  for (const Language& l : kLanguages)
    if (code == l.code) return l.name;
  return code;
}

}  // namespace stenogram
