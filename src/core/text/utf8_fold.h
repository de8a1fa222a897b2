// utf8_fold: the small piece of Unicode that the text parsers need: decoding UTF-8, lower case
// and diacritic folding for Latin (Basic, Latin-1, Extended-A, Romanian comma letters), Greek and
// Cyrillic, and character classes (letter, upper case, space, decoration such as emoji).
// Shared by dates, turns and entities; no tables beyond what these ranges need.
#pragma once
#include <cstddef>
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

// Bounded strings: nothing drawn is unbounded (an archive is untrusted input).
// Display lengths, in code points, of what the core hands out for drawing: titles (document list,
// results, timeline cards, the archive title), short labels (kind, place, speaker, tag, facet
// labels) and snippets. Exports read the full values from the archive.
inline constexpr size_t kDisplayTitleChars = 500;
inline constexpr size_t kDisplayLabelChars = 200;
inline constexpr size_t kDisplaySnippetBytes = 2000;

// s cut to max_chars code points at a character boundary, with "…" appended when cut; s itself
// when short enough. Invalid UTF-8 is left as is (the cut never splits a valid sequence).
std::string DisplayCut(std::string_view s, size_t max_chars);

// s truncated to at most max bytes at a UTF-8 boundary (no "…").
std::string_view Utf8Prefix(std::string_view s, size_t max);

}  // namespace stenogram
