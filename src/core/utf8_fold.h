// utf8_fold: the small piece of Unicode that the text parsers need: decoding UTF-8, lower case
// and diacritic folding for Latin (Basic, Latin-1, Extended-A, Romanian comma letters), Greek and
// Cyrillic, and character classes (letter, upper case, space, decoration such as emoji).
// Shared by dates, turns and entities; no tables beyond what these ranges need.
#pragma once
#include <string>
#include <string_view>

namespace stenogram {

// Decodes the code point at s[*i] and advances *i past it. Invalid or truncated sequences
// yield U+FFFD and advance by one byte, so a loop over any input always terminates.
char32_t Utf8Decode(std::string_view s, size_t* i);
void Utf8Append(std::string* out, char32_t cp);

char32_t LowerCodepoint(char32_t cp);    // simple one-to-one lower case in the ranges above
bool IsUpperCodepoint(char32_t cp);      // has a distinct lower case form
bool IsLetterCodepoint(char32_t cp);     // letters of Latin, Greek, Cyrillic and other scripts
bool IsSpaceCodepoint(char32_t cp);      // ASCII space, NBSP, U+2000..U+200B, U+202F, U+3000, BOM
// Symbols that decorate a line without being text: emoji, pictographs, dingbats, arrows,
// geometric shapes, bullets, variation selectors and zero-width joiners.
bool IsDecorationCodepoint(char32_t cp);

// Lower case only ("С.В.Лавров" → "с.в.лавров").
std::string Utf8Lower(std::string_view s);
// Lower case, Latin diacritics folded to ASCII (ø→o, é→e, ß→ss, ș→s), combining marks dropped,
// ё→е. Punctuation and spaces are kept as they are.
std::string Utf8Fold(std::string_view s);
// Appends the folded form of one code point (as in Utf8Fold) to *out.
void AppendFolded(std::string* out, char32_t cp);

}  // namespace stenogram
