// json: see json.h.
#include "core/text/json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/text/stable_order.h"
#include "core/text/utf8_fold.h"

namespace stenogram {

namespace {

const char* KindName(JsonValue::Kind k) {
  switch (k) {
    case JsonValue::Kind::kNull: return "null";
    case JsonValue::Kind::kBool: return "a boolean";
    case JsonValue::Kind::kInt:
    case JsonValue::Kind::kDouble: return "a number";
    case JsonValue::Kind::kString: return "a string";
    case JsonValue::Kind::kArray: return "an array";
    case JsonValue::Kind::kObject: return "an object";
    case JsonValue::Kind::kInvalid: return "not JSON";
  }
  return "?";
}

[[noreturn]] void TypeError(const char* wanted, JsonValue::Kind got) {
  throw JsonTypeError(std::string("JSON type error: ") + wanted + " was expected, but this is " + KindName(got));
}

void AppendString(std::string* out, const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {  // copied when valid, else U+FFFD for each bad byte
      const size_t start = i;
      const char32_t cp = Utf8Decode(s, &i);
      if (cp == 0xFFFD && i - start == 1)
        out->append("\xEF\xBF\xBD");
      else
        out->append(s, start, i - start);
      continue;
    }
    ++i;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

// The shortest of %.15g, %.16g and %.17g that reads back as the same double; null if not finite.
void AppendDouble(std::string* out, double v) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  char buf[40];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (precision == 17 || std::strtod(buf, nullptr) == v) break;
  }
  out->append(buf);
}

bool Hex4(std::string_view s, size_t* i, uint32_t* v) {
  if (*i + 4 > s.size()) return false;
  *v = 0;
  for (int k = 0; k < 4; ++k) {
    const char c = s[(*i)++];
    uint32_t d;
    if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
    else return false;
    *v = *v << 4 | d;
  }
  return true;
}

}  // namespace

bool AppendJsonEscape(std::string_view s, size_t* i, std::string* out) {
  if (*i >= s.size()) return false;
  switch (s[(*i)++]) {
    case '"': out->push_back('"'); return true;
    case '\\': out->push_back('\\'); return true;
    case '/': out->push_back('/'); return true;
    case 'b': out->push_back('\b'); return true;
    case 'f': out->push_back('\f'); return true;
    case 'n': out->push_back('\n'); return true;
    case 'r': out->push_back('\r'); return true;
    case 't': out->push_back('\t'); return true;
    case 'u': {
      uint32_t u = 0;
      if (!Hex4(s, i, &u)) return false;
      if (u >= 0xDC00 && u <= 0xDFFF) return false;  // a low surrogate first
      if (u >= 0xD800 && u <= 0xDBFF) {              // a high surrogate: its low half must follow
        uint32_t lo = 0;
        if (s.substr(*i, 2) != "\\u") return false;
        *i += 2;
        if (!Hex4(s, i, &lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      }
      Utf8Append(out, static_cast<char32_t>(u));
      return true;
    }
    default: return false;
  }
}

// A recursive-descent parser over text; depth is bounded by JsonValue::kMaxDepth.
class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : s_(text) {}

  bool ParseAll(JsonValue* out) {
    if (!Value(out, 0)) return false;
    SkipSpace();
    return i_ == s_.size();
  }

 private:
  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool Value(JsonValue* out, int depth) {
    SkipSpace();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '{' || c == '[') {
      if (depth >= JsonValue::kMaxDepth) return false;
      return c == '{' ? ObjectValue(out, depth + 1) : ArrayValue(out, depth + 1);
    }
    if (c == '"') {
      out->kind_ = JsonValue::Kind::kString;
      return String(&out->string_);
    }
    if (c == 't') return Literal("true") && (*out = JsonValue(true), true);
    if (c == 'f') return Literal("false") && (*out = JsonValue(false), true);
    if (c == 'n') return Literal("null") && (*out = JsonValue(), true);
    return Number(out);
  }

  bool ArrayValue(JsonValue* out, int depth) {
    *out = JsonValue::Array();
    ++i_;
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      out->items_.emplace_back();
      if (!Value(&out->items_.back(), depth)) return false;
      SkipSpace();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == ']') {
        ++i_;
        return true;
      }
      if (s_[i_++] != ',') return false;
    }
  }

  bool ObjectValue(JsonValue* out, int depth) {
    *out = JsonValue::Object();
    ++i_;
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      SkipSpace();
      if (i_ >= s_.size() || s_[i_] != '"') return false;
      // Appended as read (duplicates too: Find takes the last); no search per member, so a huge
      // object costs linear time.
      out->members_.emplace_back();
      if (!String(&out->members_.back().first)) return false;
      SkipSpace();
      if (i_ >= s_.size() || s_[i_++] != ':') return false;
      if (!Value(&out->members_.back().second, depth)) return false;
      SkipSpace();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == '}') {
        ++i_;
        return true;
      }
      if (s_[i_++] != ',') return false;
    }
  }

  bool String(std::string* out) {
    ++i_;  // the opening quote
    for (;;) {
      if (i_ >= s_.size()) return false;
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        const size_t start = i_;
        const char32_t cp = Utf8Decode(s_, &i_);
        if (cp == 0xFFFD && i_ - start == 1) return false;  // invalid UTF-8
        out->append(s_.data() + start, i_ - start);
        continue;
      }
      ++i_;
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        continue;
      }
      if (!AppendJsonEscape(s_, &i_, out)) return false;
    }
  }

  // JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; an integer when it has
  // no fraction or exponent and fits int64, else a double.
  bool Number(JsonValue* out) {
    const size_t start = i_;
    auto digits = [&] {
      const size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ > from;
    };
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    bool integral = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digits()) return false;
      integral = false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return false;
      integral = false;
    }
    const std::string text(s_.substr(start, i_ - start));
    if (integral) {
      errno = 0;
      char* end = nullptr;
      const long long v = std::strtoll(text.c_str(), &end, 10);
      if (errno == 0 && end && *end == '\0') {
        *out = JsonValue(v);
        return true;
      }
    }
    *out = JsonValue(std::strtod(text.c_str(), nullptr));
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

JsonValue::JsonValue(std::initializer_list<std::pair<std::string_view, JsonValue>> members) : kind_(Kind::kObject) {
  members_.reserve(members.size());
  for (const auto& [key, value] : members) members_.emplace_back(std::string(key), value);
}

JsonValue JsonValue::Parse(std::string_view text) {
  JsonValue out;
  JsonParser parser(text);
  if (!parser.ParseAll(&out)) return JsonValue(Kind::kInvalid);
  return out;
}

void JsonValue::SetUnsigned(unsigned long long v) {
  if (v <= static_cast<unsigned long long>(INT64_MAX)) {
    kind_ = Kind::kInt;
    int_ = static_cast<int64_t>(v);
  } else {
    kind_ = Kind::kDouble;
    double_ = static_cast<double>(v);
  }
}

bool JsonValue::Bool() const {
  if (kind_ != Kind::kBool) TypeError("a boolean", kind_);
  return int_ != 0;
}

int64_t JsonValue::Int() const {
  if (kind_ != Kind::kInt) TypeError("an integer", kind_);
  return int_;
}

double JsonValue::Number() const {
  if (kind_ == Kind::kInt) return static_cast<double>(int_);
  if (kind_ != Kind::kDouble) TypeError("a number", kind_);
  return double_;
}

const std::string& JsonValue::Str() const {
  if (kind_ != Kind::kString) TypeError("a string", kind_);
  return string_;
}

const std::vector<JsonValue>& JsonValue::Items() const {
  if (kind_ != Kind::kArray) TypeError("an array", kind_);
  return items_;
}

const std::vector<std::pair<std::string, JsonValue>>& JsonValue::Members() const {
  if (kind_ != Kind::kObject) TypeError("an object", kind_);
  return members_;
}

size_t JsonValue::Size() const {
  if (kind_ == Kind::kArray) return items_.size();
  if (kind_ == Kind::kObject) return members_.size();
  return 0;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (auto it = members_.rbegin(); it != members_.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

std::string JsonValue::StringOr(std::string_view key, std::string_view fallback) const {
  const JsonValue* v = Find(key);
  return v && v->IsString() ? v->string_ : std::string(fallback);
}

std::string JsonValue::GetString(std::string_view key, std::string fallback) const {
  const JsonValue* v = Find(key);
  return v ? v->Str() : fallback;
}

int64_t JsonValue::GetInt(std::string_view key, int64_t fallback) const {
  const JsonValue* v = Find(key);
  return v ? v->Int() : fallback;
}

bool JsonValue::GetBool(std::string_view key, bool fallback) const {
  const JsonValue* v = Find(key);
  return v ? v->Bool() : fallback;
}

JsonValue& JsonValue::operator[](std::string_view key) {
  if (kind_ == Kind::kNull) kind_ = Kind::kObject;
  if (kind_ != Kind::kObject) TypeError("an object", kind_);
  for (auto it = members_.rbegin(); it != members_.rend(); ++it)
    if (it->first == key) return it->second;
  members_.emplace_back(std::string(key), JsonValue());
  return members_.back().second;
}

const JsonValue& JsonValue::operator[](std::string_view key) const {
  static const JsonValue kNull;
  const JsonValue* v = Find(key);
  return v ? *v : kNull;
}

JsonValue& JsonValue::Push(JsonValue value) {
  if (kind_ == Kind::kNull) kind_ = Kind::kArray;
  if (kind_ != Kind::kArray) TypeError("an array", kind_);
  items_.push_back(std::move(value));
  return items_.back();
}

std::string JsonValue::Dump(int indent, char indent_char) const {
  std::string out;
  DumpTo(&out, indent, indent_char, 0, false);
  return out;
}

std::string JsonValue::DumpSorted() const {
  std::string out;
  DumpTo(&out, -1, ' ', 0, true);
  return out;
}

void JsonValue::DumpTo(std::string* out, int indent, char indent_char, int depth, bool sorted) const {
  const bool pretty = indent >= 0;
  auto newline = [&](int level) {
    out->push_back('\n');
    out->append(static_cast<size_t>(indent) * static_cast<size_t>(level), indent_char);
  };
  switch (kind_) {
    case Kind::kNull:
    case Kind::kInvalid: out->append("null"); return;
    case Kind::kBool: out->append(int_ ? "true" : "false"); return;
    case Kind::kInt: out->append(std::to_string(int_)); return;
    case Kind::kDouble: AppendDouble(out, double_); return;
    case Kind::kString: AppendString(out, string_); return;
    case Kind::kArray:
      out->push_back('[');
      for (size_t k = 0; k < items_.size(); ++k) {
        if (k) out->push_back(',');
        if (pretty) newline(depth + 1);
        items_[k].DumpTo(out, indent, indent_char, depth + 1, sorted);
      }
      if (pretty && !items_.empty()) newline(depth);
      out->push_back(']');
      return;
    case Kind::kObject: {
      std::vector<size_t> order(members_.size());
      for (size_t k = 0; k < order.size(); ++k) order[k] = k;
      if (sorted)
        StableSortBy(&order, [&](size_t a, size_t b) { return members_[a].first < members_[b].first; });
      out->push_back('{');
      for (size_t k = 0; k < order.size(); ++k) {
        if (k) out->push_back(',');
        if (pretty) newline(depth + 1);
        const auto& [key, value] = members_[order[k]];
        AppendString(out, key);
        out->append(pretty ? ": " : ":");
        value.DumpTo(out, indent, indent_char, depth + 1, sorted);
      }
      if (pretty && !members_.empty()) newline(depth);
      out->push_back('}');
      return;
    }
  }
}

}  // namespace stenogram
