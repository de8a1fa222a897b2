// glyph_ranges: which characters the viewer's font atlas holds. The first atlas is built in the
// first frame, so it holds only what nearly every archive needs: Latin-1 and Latin Extended-A,
// Russian, Ukrainian (with ʼ) and Belarusian Cyrillic, the common punctuation and the viewer's own
// symbols. The wide one adds Latin Extended-B, combining marks, all of Cyrillic and the rest of the
// general punctuation (the rest of what tools/setup's font subset holds); it replaces the first
// once text that needs it reaches the viewer. The ranges are ImGui's: pairs of first and last code
// point, ended by 0.
#pragma once
#include <cstdint>
#include <string_view>

namespace stenogram {

extern const uint16_t kCoreGlyphRanges[];
extern const uint16_t kWideGlyphRanges[];

// cp is in the wide ranges but not in the core ones.
bool NeedsWideGlyph(char32_t cp);
// Some character of the UTF-8 text needs the wide atlas (any bytes: invalid sequences never do).
bool NeedsWideGlyphs(std::string_view utf8);

}  // namespace stenogram
