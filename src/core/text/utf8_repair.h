// utf8_repair: making input bytes valid UTF-8 before anything parses them: validation, invalid
// sequences replaced with U+FFFD, UTF-16 with a byte-order mark converted. Validity is Utf8Decode's
// (utf8_fold.h): no overlong forms, no surrogates, nothing beyond U+10FFFF; NUL counts as invalid.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace stenogram {

// Replaces invalid UTF-8 (and NUL bytes) with U+FFFD, one per bad byte. Returns the number of bad
// bytes and the 1-based line of the first one. Leaves valid input untouched (no copy).
struct Utf8Repair {
  int64_t bad = 0;
  int64_t first_line = 0;
};
Utf8Repair RepairUtf8(std::string* s);
bool IsValidUtf8(std::string_view s);  // no invalid sequence and no NUL byte

// Converts UTF-16 (with a byte-order mark) to UTF-8 in place; returns false if s has no UTF-16 BOM.
// Unpaired surrogates become U+FFFD.
bool ConvertUtf16WithBom(std::string* s);

}  // namespace stenogram
