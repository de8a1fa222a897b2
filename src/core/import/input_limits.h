// input_limits: the importer's bounds against input that would freeze or exhaust the page: the
// largest record and field, the deepest JSON nesting, and linear-time unique CSV header names.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/import/records.h"

namespace stenogram {

// A record (all its string values together) or a CSV field larger than this is reported and
// skipped: generous for any real transcript, small enough that the page survives.
inline constexpr size_t kMaxRecordBytes = size_t{64} << 20;

// JSON nested deeper than this (objects and arrays) is refused before it is parsed.
inline constexpr size_t kMaxJsonDepth = 256;

// The byte offset in json where nesting first goes deeper than max_depth (strings and escapes
// respected), or npos when it never does. Linear time, no allocation.
size_t JsonTooDeepAt(std::string_view json, size_t max_depth = kMaxJsonDepth);

// The total bytes of rec's keys and string values (numbers count a few bytes), walking nested
// values without recursion; stops counting once over limit.
size_t RecordBytes(const Json& rec, size_t limit = kMaxRecordBytes);

// Header names made unique in linear time: blanks become "column_N", a repeated name gets "_2",
// "_3", ... (the first free suffix). names are trimmed first.
std::vector<std::string> UniqueHeaderNames(const std::vector<std::string>& names);

// True when bytes without a byte-order mark look like UTF-16 text: in the first 4 KB, most code
// units have one zero byte on the same side (ASCII-range text). *little_endian says which side.
bool LooksLikeUtf16WithoutBom(std::string_view bytes, bool* little_endian);

}  // namespace stenogram
