// json: a small JSON value with a parser and a writer, for what the archive engine reads (an
// archive's meta, a document's extra, a worker request) and writes (its replies, the results
// export). The engine's download is over its size budget and nlohmann/json's templates cost it
// ~20 KB brotli; this is one non-template class (the importer, the native tools and the page still
// use nlohmann/json). Objects keep their members in order; numbers are integers (int64) or doubles.
// Untrusted input: parsing is bounded in depth (no recursion deeper than kMaxDepth), rejects
// invalid UTF-8 and anything JSON does not allow, and writing replaces invalid UTF-8 with U+FFFD.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stenogram {

// What Json's typed getters throw for a value of another kind ("JSON type error: ...").
class JsonTypeError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class Json {
 public:
  enum class Kind : unsigned char { kNull, kBool, kInt, kDouble, kString, kArray, kObject, kInvalid };
  static constexpr int kMaxDepth = 256;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool v) : kind_(Kind::kBool), int_(v) {}
  Json(int v) : kind_(Kind::kInt), int_(v) {}
  Json(long v) : kind_(Kind::kInt), int_(v) {}
  Json(long long v) : kind_(Kind::kInt), int_(v) {}
  Json(unsigned v) : kind_(Kind::kInt), int_(v) {}
  Json(unsigned long v) { SetUnsigned(v); }
  Json(unsigned long long v) { SetUnsigned(v); }
  Json(double v) : kind_(Kind::kDouble), double_(v) {}
  Json(const char* s) : kind_(Kind::kString), string_(s ? s : "") {}
  Json(std::string s) : kind_(Kind::kString), string_(std::move(s)) {}
  Json(std::string_view s) : kind_(Kind::kString), string_(s) {}

  static Json Array() { return Json(Kind::kArray); }
  static Json Object() { return Json(Kind::kObject); }
  // {{"key", value}, ...} in that order.
  static Json Object(std::initializer_list<std::pair<std::string_view, Json>> members);
  // The value of text, or a value of kind kInvalid (IsInvalid) when text is not exactly one JSON
  // value (whitespace around it allowed), is nested deeper than kMaxDepth or is not valid UTF-8.
  static Json Parse(std::string_view text);

  Kind kind() const { return kind_; }
  bool IsNull() const { return kind_ == Kind::kNull; }
  bool IsInvalid() const { return kind_ == Kind::kInvalid; }
  bool IsBool() const { return kind_ == Kind::kBool; }
  bool IsInt() const { return kind_ == Kind::kInt; }
  bool IsNumber() const { return kind_ == Kind::kInt || kind_ == Kind::kDouble; }
  bool IsString() const { return kind_ == Kind::kString; }
  bool IsArray() const { return kind_ == Kind::kArray; }
  bool IsObject() const { return kind_ == Kind::kObject; }

  // Typed values; each throws JsonTypeError for a value of another kind.
  bool Bool() const;
  int64_t Int() const;
  double Number() const;  // an integer or a double
  const std::string& Str() const;
  const std::vector<Json>& Items() const;                               // an array's values
  const std::vector<std::pair<std::string, Json>>& Members() const;     // an object's members
  size_t Size() const;  // an array's or object's count; 0 for anything else

  // An object's member (the last of that name, as JSON parsers do), or nullptr (also for a non-object).
  const Json* Find(std::string_view key) const;
  // The member's string, or fallback when there is none or it is not a string.
  std::string StringOr(std::string_view key, std::string_view fallback = {}) const;

  // Builds: Set replaces a member of that name or appends one (this becomes an object if null);
  // Push appends to an array (this becomes an array if null). Both return the value stored.
  Json& Set(std::string_view key, Json value);
  Json& Push(Json value);

  // Compact JSON (indent < 0), or one value a line indented by indent copies of indent_char.
  std::string Dump(int indent = -1, char indent_char = ' ') const;

 private:
  explicit Json(Kind k) : kind_(k) {}
  void SetUnsigned(unsigned long long v);
  void DumpTo(std::string* out, int indent, char indent_char, int depth) const;
  friend class JsonParser;

  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;
};

}  // namespace stenogram
