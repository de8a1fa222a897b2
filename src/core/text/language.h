// language: the one table of languages (code, English name, the spellings sources use) and the
// language of a text guessed from its letters.
#pragma once
#include <string>
#include <string_view>

namespace stenogram {

// "en", "ru" or "uk" from the share of Cyrillic letters (Ukrainian letters і ї є ґ decide uk),
// "" when the text has no letters.
std::string DetectLanguage(std::string_view text);
// Normalises a language value: "English" → "en", "ru-RU" → "ru", "русский" → "ru"; an unknown
// value comes back trimmed and lower-cased.
std::string NormaliseLanguage(std::string_view value);
// A language's English name for a BCP 47 primary tag ("ru" → "Russian"); the code itself when unknown.
std::string LanguageName(const std::string& code);

}  // namespace stenogram
