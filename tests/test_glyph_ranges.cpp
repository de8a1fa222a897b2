// The viewer's first font atlas and the wide one (core/text/glyph_ranges).
#include <doctest/doctest.h>

#include <string>

#include "core/text/glyph_ranges.h"

using stenogram::NeedsWideGlyph;
using stenogram::NeedsWideGlyphs;

TEST_CASE("glyph ranges: Latin, Russian and Ukrainian text and the viewer's own symbols stay in the first atlas") {
  CHECK_FALSE(NeedsWideGlyphs(""));
  CHECK_FALSE(NeedsWideGlyphs("Sergey Lavrov: Question: what about the talks?"));
  CHECK_FALSE(NeedsWideGlyphs("Thorbjørn Jagland, Ivica Dačić, Zbigniew Rau, Łódź, Ålesund, İstanbul, Gödöllő"));
  CHECK_FALSE(NeedsWideGlyphs("Сергей Лавров: ёлка, Ёж"));
  CHECK_FALSE(NeedsWideGlyphs("Ґрунтовно, їжак, єдність, і, пʼять; Беларусь: ў"));
  CHECK_FALSE(NeedsWideGlyphs("«quoted» “quoted” ‘single’ – — … • ‰ ‹ › № € ← → ↑ ↓ ▲ ▼ ·"));
  CHECK_FALSE(NeedsWideGlyphs("a\u00a0b\u202fc"));  // no-break spaces
}

TEST_CASE("glyph ranges: Latin Extended-B, combining marks and the rest of Cyrillic need the wide atlas") {
  CHECK(NeedsWideGlyphs("Ion Iliescu, Bucureș\u0219ti"));  // ș (Romanian comma below, U+0219)
  CHECK(NeedsWideGlyphs("ǅ"));
  CHECK(NeedsWideGlyphs("e\u0301"));  // a combining acute accent
  CHECK(NeedsWideGlyphs("Қазақстан"));  // Kazakh Қ (U+049A)
  CHECK(NeedsWideGlyphs("1\u20442"));     // a fraction slash (general punctuation past ›)
  CHECK(NeedsWideGlyph(0x0180));
  CHECK(NeedsWideGlyph(0x0460));
  CHECK_FALSE(NeedsWideGlyph(0x017F));
  CHECK_FALSE(NeedsWideGlyph(0x045F));
}

TEST_CASE("glyph ranges: what no atlas of ours holds, and bytes that are not UTF-8, never ask for the wide one") {
  CHECK_FALSE(NeedsWideGlyphs("שלום مرحبا"));  // Hebrew and Arabic have fonts of their own
  CHECK_FALSE(NeedsWideGlyphs("Ελλάδα \u02c8"));  // Greek and modifier letters: not in the font subset
  CHECK_FALSE(NeedsWideGlyphs("中文 😀"));
  CHECK_FALSE(NeedsWideGlyphs(std::string("\xff\xfe\xc8", 3)));  // invalid and truncated sequences
  CHECK_FALSE(NeedsWideGlyphs(std::string("\xc8\x41", 2)));      // a lead byte before ASCII
  CHECK(NeedsWideGlyphs(std::string("\xff\xc8\x99", 3)));        // ș after a stray byte
}
