// glyph_ranges: see glyph_ranges.h.
#include "core/text/glyph_ranges.h"

#include "core/text/utf8_fold.h"

namespace stenogram {

// clang-format off
const uint16_t kCoreGlyphRanges[] = {
  0x0020, 0x017F,  // Basic Latin, Latin-1, Latin Extended-A
  0x02BC, 0x02BC,  // ʼ, the Ukrainian apostrophe
  0x0400, 0x045F,  // Cyrillic: Russian, Ukrainian, Belarusian, Serbian, Macedonian letters
  0x0490, 0x0491,  // Ґ ґ
  0x2000, 0x203A,  // spaces, dashes, quotes, bullets, ellipsis, per mille, ‹ ›
  0x20AC, 0x20AC,  // €
  0x2116, 0x2116,  // №
  0x2190, 0x2193,  // arrows (the viewer's own)
  0x25B2, 0x25BC,  // triangles (the viewer's own)
  0};
const uint16_t kWideGlyphRanges[] = {
  0x0020, 0x024F,  // + Latin Extended-B
  0x02BC, 0x02BC,
  0x0300, 0x036F,  // combining diacritical marks
  0x0400, 0x04FF,  // all of Cyrillic
  0x2000, 0x206F,  // all of the general punctuation
  0x20AC, 0x20AC,
  0x2116, 0x2116,
  0x2190, 0x2193,
  0x25B2, 0x25BC,
  0};
// clang-format on

namespace {
bool InRanges(const uint16_t* ranges, char32_t cp) {
  for (; ranges[0]; ranges += 2)
    if (cp >= ranges[0] && cp <= ranges[1]) return true;
  return false;
}
}  // namespace

bool NeedsWideGlyph(char32_t cp) { return InRanges(kWideGlyphRanges, cp) && !InRanges(kCoreGlyphRanges, cp); }

bool NeedsWideGlyphs(std::string_view utf8) {
  const size_t n = utf8.size();
  for (size_t i = 0; i < n;) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    // ASCII, continuation bytes and the lead bytes of U+0080..U+017F: never wide.
    if (b < 0xC6) {
      ++i;
      continue;
    }
    const size_t at = i;
    const char32_t cp = Utf8Decode(utf8, &i);
    if (cp == 0xFFFD && i == at + 1) continue;  // not a valid sequence
    if (NeedsWideGlyph(cp)) return true;
  }
  return false;
}

}  // namespace stenogram
