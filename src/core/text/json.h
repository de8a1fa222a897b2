// json: a small JSON value with a parser and a writer, for what the browser's two modules read and
// write: the engine (an archive's meta, a document's extra, a worker request; its replies, the
// results export) and the viewer (window.stenogram's commands, state() and events, the remembered
// view settings). Their downloads are over the size budget and nlohmann/json's templates cost them
// ~34 KB brotli (engine.wasm 360.0 -> 345.1 KB, index.wasm 263.9 -> 244.9 KB without them); this is
// one non-template class. The importer (its JSONL reader's errors keep nlohmann's messages) and the
// native tools keep nlohmann/json. Objects keep their members in order (DumpSorted writes them in
// name order, as nlohmann::json does); numbers are integers (int64) or doubles.
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

// What JsonValue's typed getters throw for a value of another kind ("JSON type error: ...").
class JsonTypeError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Decodes the escape sequence that follows a backslash (s[*i] is the character after it) into out as
// UTF-8 and moves *i past it; false for what JSON does not allow (an unknown escape, a bad \u, a
// lone or reversed surrogate). Shared by JsonValue::Parse and the importer's JSONL reader.
bool AppendJsonEscape(std::string_view s, size_t* i, std::string* out);

class JsonValue {
 public:
  enum class Kind : unsigned char { kNull, kBool, kInt, kDouble, kString, kArray, kObject, kInvalid };
  static constexpr int kMaxDepth = 256;

  JsonValue() = default;
  JsonValue(std::nullptr_t) {}
  JsonValue(bool v) : kind_(Kind::kBool), int_(v) {}
  JsonValue(int v) : kind_(Kind::kInt), int_(v) {}
  JsonValue(long v) : kind_(Kind::kInt), int_(v) {}
  JsonValue(long long v) : kind_(Kind::kInt), int_(v) {}
  JsonValue(unsigned v) : kind_(Kind::kInt), int_(v) {}
  JsonValue(unsigned long v) { SetUnsigned(v); }
  JsonValue(unsigned long long v) { SetUnsigned(v); }
  JsonValue(double v) : kind_(Kind::kDouble), double_(v) {}
  JsonValue(const char* s) : kind_(Kind::kString), string_(s ? s : "") {}
  JsonValue(std::string s) : kind_(Kind::kString), string_(std::move(s)) {}
  JsonValue(std::string_view s) : kind_(Kind::kString), string_(s) {}

  // An object literal: {{"key", value}, ...}, members in that order (also what a braced list of
  // such pairs converts to: return {{"ok", true}}).
  JsonValue(std::initializer_list<std::pair<std::string_view, JsonValue>> members);

  static JsonValue Array() { return JsonValue(Kind::kArray); }
  static JsonValue ArrayOf(std::initializer_list<JsonValue> items) {
    JsonValue a(Kind::kArray);
    a.items_.assign(items.begin(), items.end());
    return a;
  }
  static JsonValue Object() { return JsonValue(Kind::kObject); }
  // The value of text, or a value of kind kInvalid (IsInvalid) when text is not exactly one JSON
  // value (whitespace around it allowed), is nested deeper than kMaxDepth or is not valid UTF-8.
  static JsonValue Parse(std::string_view text);

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
  const std::vector<JsonValue>& Items() const;                               // an array's values
  const std::vector<std::pair<std::string, JsonValue>>& Members() const;     // an object's members
  size_t Size() const;  // an array's or object's count; 0 for anything else

  // An object's member (the last of that name, as JSON parsers do), or nullptr (also for a non-object).
  const JsonValue* Find(std::string_view key) const;
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  // The member's string, or fallback when there is none or it is not a string.
  std::string StringOr(std::string_view key, std::string_view fallback = {}) const;
  // A member's value, fallback when there is no such member; JsonTypeError when there is one of
  // another kind (a command's wrongly typed field is an error, not a default).
  std::string GetString(std::string_view key, std::string fallback) const;
  int64_t GetInt(std::string_view key, int64_t fallback) const;
  bool GetBool(std::string_view key, bool fallback) const;
  // An object's member: made (null) when missing, and a null value becomes an object first.
  // The reference is valid until this object gains its next member.
  JsonValue& operator[](std::string_view key);
  // An object's member, or null when there is none.
  const JsonValue& operator[](std::string_view key) const;

  // Appends to an array (this becomes an array if null); returns the value stored. Objects are
  // built with operator[] below.
  JsonValue& Push(JsonValue value);

  // Compact JSON (indent < 0), or one value a line indented by indent copies of indent_char.
  std::string Dump(int indent = -1, char indent_char = ' ') const;
  // Compact JSON with each object's members in byte order of their names, as nlohmann::json (a
  // std::map) writes them: the page's state() and replies, which tests compare as text.
  std::string DumpSorted() const;

 private:
  explicit JsonValue(Kind k) : kind_(k) {}
  void SetUnsigned(unsigned long long v);
  void DumpTo(std::string* out, int indent, char indent_char, int depth, bool sorted) const;
  friend class JsonParser;

  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

}  // namespace stenogram
