// strings: the small string tools every parser shares: one trim and one list of values that mean
// "no value" (sentinels).
#pragma once
#include <string>
#include <string_view>

namespace stenogram {

// s without leading and trailing blanks: ASCII control bytes and spaces (anything <= ' ') and the
// Unicode spaces of IsSpaceCodepoint (NBSP, U+2000..U+200B, U+202F, U+205F, U+3000, BOM).
std::string_view TrimView(std::string_view s);
// The same as an owned string (for values that outlive their source).
std::string Trim(std::string_view s);

// True for values that mean "no value", compared trimmed and ASCII-case-insensitively: "", "NA",
// "N/A", "n.a.", "#N/A", "null", "nil", "None", "NaN", "NaT", "-", "--", "—", "–", "?", "unknown",
// "undefined". ("0" is no sentinel here: an id or a count may be 0; the date parser treats a bare
// "0" as no date on its own.)
bool IsSentinel(std::string_view s);

}  // namespace stenogram
