// json_record: a fast reader for one JSONL record, equal to nlohmann's Json::parse wherever it
// accepts the text; whatever it is not sure of (any error, floats, huge integers) it leaves to
// nlohmann, so errors keep nlohmann's position and message.
#pragma once
#include <cstddef>
#include <string_view>

#include "core/import/records.h"

namespace stenogram {

// Parses text (one whole JSON value, whitespace around it allowed) into *out, exactly as
// Json::parse(text) would: the same values, types (a non-negative integer is number_unsigned, a
// negative one number_integer), key order and duplicate keys (the first position, the last value).
// Returns false, *out unspecified, when the text is left to nlohmann: any syntax error, invalid
// UTF-8 or control character in a string, a \u escape of a lone surrogate, a number with a
// fraction or exponent or of more than 18 digits, a byte-order mark or comment, more than
// max_depth nested objects and arrays. Never throws but std::bad_alloc.
bool ParseJsonRecordFast(std::string_view text, Json* out, size_t max_depth = 256);

}  // namespace stenogram
