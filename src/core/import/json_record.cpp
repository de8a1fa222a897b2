// json_record: the fast JSONL record reader (see json_record.h). A recursive-descent parser over
// the bytes that appends runs of plain string bytes at once (eight at a time) where nlohmann's
// lexer pushes each character; the 20k corpus spent a third of its reading thread in nlohmann.
#include "core/import/json_record.h"

#include "core/text/json.h"
#include "core/text/utf8_fold.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

namespace stenogram {

namespace {

class FastReader {
 public:
  FastReader(std::string_view text, size_t max_depth)
      : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

  bool Whole(Json* out) {
    Space();
    if (!Value(out)) return false;
    Space();
    return p_ == end_;
  }

 private:
  void Space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  bool Value(Json* out) {
    if (p_ >= end_) return false;
    switch (*p_) {
      case '{': return Object(out);
      case '[': return Array(out);
      case '"': {
        std::string s;
        if (!String(&s)) return false;
        *out = Json(std::move(s));
        return true;
      }
      case 't':
        if (!Literal("true")) return false;
        *out = Json(true);
        return true;
      case 'f':
        if (!Literal("false")) return false;
        *out = Json(false);
        return true;
      case 'n':
        if (!Literal("null")) return false;
        *out = Json(nullptr);
        return true;
      default: return Number(out);
    }
  }

  bool Object(Json* out) {
    if (++depth_ > max_depth_) return false;
    ++p_;  // {
    *out = Json::object();
    Space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      --depth_;
      return true;
    }
    for (;;) {
      if (p_ >= end_ || *p_ != '"') return false;
      std::string key;
      if (!String(&key)) return false;
      Space();
      if (p_ >= end_ || *p_ != ':') return false;
      ++p_;
      Space();
      Json value;
      if (!Value(&value)) return false;
      // As nlohmann's DOM parser: a repeated key keeps its first position and takes the last value.
      (*out)[std::move(key)] = std::move(value);
      const Next next = AfterItem('}');
      if (next != Next::kMore) return next == Next::kClosed;
    }
  }

  // After a member or element: "," (another follows) or close (the container ends, depth restored).
  enum class Next { kMore, kClosed, kBad };
  Next AfterItem(char close) {
    Space();
    if (p_ >= end_) return Next::kBad;
    if (*p_ == ',') {
      ++p_;
      Space();
      return Next::kMore;
    }
    if (*p_ != close) return Next::kBad;
    ++p_;
    --depth_;
    return Next::kClosed;
  }

  bool Array(Json* out) {
    if (++depth_ > max_depth_) return false;
    ++p_;  // [
    *out = Json::array();
    Space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      --depth_;
      return true;
    }
    for (;;) {
      Json value;
      if (!Value(&value)) return false;
      out->push_back(std::move(value));
      const Next next = AfterItem(']');
      if (next != Next::kMore) return next == Next::kClosed;
    }
  }

  // A non-negative integer is number_unsigned, a negative one number_integer (as nlohmann); at most
  // 18 digits (always within both types), no leading zero, no fraction or exponent.
  bool Number(Json* out) {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    uint64_t v = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') v = v * 10 + static_cast<uint64_t>(*p_++ - '0');
    const size_t n = static_cast<size_t>(p_ - digits);
    if (n == 0 || n > 18 || (n > 1 && *digits == '0')) return false;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;  // a float: nlohmann's strtod
    if (negative) {
      *out = Json(static_cast<Json::number_integer_t>(-static_cast<int64_t>(v)));
    } else {
      *out = Json(static_cast<Json::number_unsigned_t>(v));
    }
    return true;
  }

  // Length of the well-formed UTF-8 sequence at p (RFC 3629, as nlohmann checks it), 0 if none.
  size_t Utf8Sequence(const unsigned char* p) const {
    const size_t left = static_cast<size_t>(reinterpret_cast<const unsigned char*>(end_) - p);
    const unsigned char c = p[0];
    auto in = [&](size_t i, unsigned char lo, unsigned char hi) { return i < left && p[i] >= lo && p[i] <= hi; };
    if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
  }

  // p_ at the opening quote; leaves p_ after the closing one.
  bool String(std::string* out) {
    ++p_;
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    for (;;) {
      const char* run = p_;
      // Eight plain bytes at a time: none of '"', '\\', a control character or a non-ASCII byte.
      while (end_ - p_ >= 8) {
        uint64_t x;
        std::memcpy(&x, p_, 8);
        const uint64_t quote = x ^ (kOnes * '"'), slash = x ^ (kOnes * '\\');
        const uint64_t special = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | (x - kOnes * 0x20) | x;
        if (special & kHigh) break;
        p_ += 8;
      }
      while (p_ < end_) {
        const unsigned char c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      out->append(run, static_cast<size_t>(p_ - run));
      if (p_ >= end_) return false;
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;  // nlohmann: a control character must be escaped
      if (c >= 0x80) {
        const size_t n = Utf8Sequence(reinterpret_cast<const unsigned char*>(p_));
        if (n == 0) return false;
        out->append(p_, n);
        p_ += n;
        continue;
      }
      ++p_;  // backslash
      size_t at = 0;
      if (!stenogram::AppendJsonEscape(std::string_view(p_, static_cast<size_t>(end_ - p_)), &at, out)) return false;
      p_ += at;
    }
  }

  const char* p_;
  const char* end_;
  size_t max_depth_;
  size_t depth_ = 0;
};

}  // namespace

bool ParseJsonRecordFast(std::string_view text, Json* out, size_t max_depth) {
  FastReader reader(text, max_depth);
  return reader.Whole(out);
}

}  // namespace stenogram
