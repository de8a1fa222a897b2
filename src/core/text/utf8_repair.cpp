// utf8_repair: validation and repair of UTF-8 input, UTF-16 conversion (see utf8_repair.h).
#include "core/text/utf8_repair.h"

#include <algorithm>
#include <cstring>

#include "core/text/utf8_fold.h"

namespace stenogram {

namespace {

// Length of the valid sequence at s[i], or 0 when it is invalid or NUL.
size_t ValidLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return c == 0 ? 0 : 1;
  size_t j = i;
  const char32_t cp = Utf8Decode(s, &j);
  return cp == 0xFFFD && j == i + 1 ? 0 : j - i;  // Utf8Decode steps one byte past an invalid sequence
}

// The first position at or after i that is not plain ASCII (eight bytes at a time).
size_t SkipAscii(std::string_view s, size_t i) {
  const size_t n = s.size();
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & 0x8080808080808080ull) != 0 || ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0) break;
    i += 8;
  }
  return i;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = SkipAscii(s, 0); i < s.size(); i = SkipAscii(s, i)) {
    const size_t len = ValidLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

Utf8Repair RepairUtf8(std::string* s) {
  Utf8Repair result;
  const std::string_view in(*s);
  size_t i = SkipAscii(in, 0);
  while (i < in.size()) {  // the first bad byte
    const size_t len = ValidLength(in, i);
    if (len == 0) break;
    i = SkipAscii(in, i + len);
  }
  if (i >= in.size()) return result;
  result.first_line = 1 + std::count(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(i), '\n');
  std::string out;
  out.reserve(in.size() + 16);
  out.append(in.data(), i);
  while (i < in.size()) {
    const size_t len = ValidLength(in, i);
    if (len == 0) {
      out.append("\xEF\xBF\xBD");
      ++result.bad;
      ++i;
    } else {
      out.append(in.data() + i, len);
      i += len;
    }
  }
  s->swap(out);
  return result;
}

bool ConvertUtf16WithBom(std::string* s) {
  if (s->size() < 2) return false;
  const auto b0 = static_cast<unsigned char>((*s)[0]), b1 = static_cast<unsigned char>((*s)[1]);
  bool le;
  if (b0 == 0xFF && b1 == 0xFE) {
    le = true;
  } else if (b0 == 0xFE && b1 == 0xFF) {
    le = false;
  } else {
    return false;
  }
  std::string out;
  out.reserve(s->size());
  const size_t n = s->size() & ~static_cast<size_t>(1);
  auto unit = [&](size_t i) -> char32_t {
    const auto x = static_cast<unsigned char>((*s)[i]), y = static_cast<unsigned char>((*s)[i + 1]);
    return le ? static_cast<char32_t>(x | (y << 8)) : static_cast<char32_t>((x << 8) | y);
  };
  for (size_t i = 2; i < n; i += 2) {
    char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
      const char32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      } else {
        u = 0xFFFD;
      }
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      u = 0xFFFD;
    }
    Utf8Append(&out, u);
  }
  s->swap(out);
  return true;
}

}  // namespace stenogram
