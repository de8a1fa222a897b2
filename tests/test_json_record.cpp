// Tests of the fast JSONL record reader (core/import/json_record.h): wherever it accepts a text
// it gives exactly nlohmann's value (types, key order, duplicate keys), and it declines (leaving
// the text to nlohmann and its error message) everything nlohmann rejects: bad UTF-8, bad escapes,
// control characters, nesting past the limit, broken syntax. Hostile and randomly damaged input.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/import/json_record.h"

using namespace stenogram;

namespace {

// Same value and the same type at every level (== alone calls 1 and 1u and 1.0 equal).
bool SameTyped(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    auto i = a.begin();
    auto j = b.begin();
    for (; i != a.end(); ++i, ++j)
      if (i.key() != j.key() || !SameTyped(i.value(), j.value())) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k)
      if (!SameTyped(a[k], b[k])) return false;
    return true;
  }
  return a == b;
}

// The reader's promise for one text: accepted → nlohmann accepts it too, with the same value.
// Returns whether the fast reader took it.
bool Agrees(const std::string& text, size_t max_depth = 256) {
  Json fast;
  const bool took = ParseJsonRecordFast(text, &fast, max_depth);
  const Json slow = Json::parse(text.begin(), text.end(), nullptr, false);
  if (took) {
    CHECK_MESSAGE(!slow.is_discarded(), "fast reader accepted what nlohmann rejects: " << text.substr(0, 200));
    if (!slow.is_discarded()) {
      CHECK_MESSAGE(SameTyped(fast, slow), "values differ for: " << text.substr(0, 200));
      CHECK(fast.dump() == slow.dump());
    }
  }
  return took;
}

}  // namespace

TEST_CASE("json_record: ordinary records are read as nlohmann reads them") {
  const std::vector<std::string> records = {
      R"({"id":"syn-1","title":"Talks with Jagland, Sochi, 20 May 2013","date":"2013-05-20","tags":["a","b"],"n":3})",
      R"(  {"id": 12, "neg": -7, "zero": 0, "negzero": -0, "big": 999999999999999999, "t": true, "f": false, "z": null}  )",
      R"({"text":"Line one\nLine \"two\"\t\\ \/ \b\f\r","u":"\u00e9\u0416\u20ac\ud83d\ude00","nul":"a\u0000b"})",
      R"({"ru":"Министр иностранных дел Сергей Лавров","uk":"Зеленський ґ є ї","emoji":"😀","cjk":"中文"})",
      R"({"nested":{"a":[1,[2,[3,{"b":[]}]],{}],"c":{"d":{"e":"f"}}},"empty":{},"list":[]})",
      R"({"b":1,"a":2,"c":3})",                // key order kept
      R"({"k":1,"x":2,"k":"last"})",           // a repeated key: first position, last value
      R"(["top", "level", "array"])", R"("just a string")", "42", "-5", "true", "null", "{}",
  };
  for (const std::string& r : records) CHECK_MESSAGE(Agrees(r), "declined: " << r);
  Json v;
  REQUIRE(ParseJsonRecordFast(R"({"k":1,"x":2,"k":"last"})", &v));
  CHECK(v.dump() == R"({"k":"last","x":2})");
  REQUIRE(ParseJsonRecordFast(R"({"u":5,"i":-5})", &v));
  CHECK(v["u"].is_number_unsigned());
  CHECK(v["i"].is_number_integer());
  CHECK_FALSE(v["i"].is_number_unsigned());
}

TEST_CASE("json_record: hostile input is declined, never read differently") {
  const std::vector<std::string> hostile = {
      // bad UTF-8: overlong, encoded surrogate, past U+10FFFF, truncated, stray continuation, 0xFF
      "{\"a\":\"\xC0\x80\"}", "{\"a\":\"\xED\xA0\x80\"}", "{\"a\":\"\xF4\x90\x80\x80\"}", "{\"a\":\"\xF5\x80\x80\x80\"}",
      "{\"a\":\"\xE2\x82\"}", "{\"a\":\"x\x80y\"}", "{\"a\":\"\xFF\"}", "{\"\xC3\":1}", "{\"a\":\"\xE0\x80\xAF\"}",
      // escapes: unknown, short \u, lone surrogates, a high surrogate with a non-surrogate, end of text
      R"({"a":"\x"})", R"({"a":"\u12"})", R"({"a":"\u12G4"})", R"({"a":"\ud800"})", R"({"a":"\udc00"})",
      R"({"a":"\ud800\u0041"})", R"({"a":"\ud800x"})", "{\"a\":\"\\", "{\"a\":\"abc",
      // control characters inside a string
      "{\"a\":\"tab\there\"}", "{\"a\":\"new\nline\"}", std::string("{\"a\":\"nul\0\"}", 11),
      // numbers: leading zero, floats, exponent, past 18 digits, bare minus, plus sign, hex, NaN
      R"({"a":01})", R"({"a":1.5})", R"({"a":1e5})", R"({"a":-1E-2})", R"({"a":18446744073709551615})",
      R"({"a":99999999999999999999})", R"({"a":-9223372036854775808})", R"({"a":1234567890123456789})",
      R"({"a":-})", R"({"a":+1})", R"({"a":0x10})", R"({"a":NaN})", R"({"a":Infinity})", R"({"a":1.})",
      R"({"a":.5})", R"({"a":1e999})",
      // syntax: trailing comma, missing colon/comma/brace, single quotes, comments, garbage after,
      // unquoted key, literals misspelt, empty text, a byte-order mark, two values
      R"({"a":1,})", R"({"a" 1})", R"({"a":1 "b":2})", R"({"a":1)", R"({'a':1})", R"({"a":1}/*c*/)",
      R"({"a":1} x)", R"({a:1})", R"({"a":tru})", R"({"a":nul})", R"({"a":falsey})", "", "   ",
      "\xEF\xBB\xBF{\"a\":1}", R"({"a":1}{"b":2})", R"([1,2,])", R"([,1])", R"(})", R"(])", R"(:)",
  };
  for (const std::string& h : hostile) Agrees(h);
  // Each of these nlohmann rejects: the fast reader must decline all of them.
  for (const std::string& h : hostile) {
    const Json slow = Json::parse(h.begin(), h.end(), nullptr, false);
    if (slow.is_discarded()) {
      Json fast;
      CHECK_MESSAGE(!ParseJsonRecordFast(h, &fast), "accepted: " << h);
    }
  }
}

TEST_CASE("json_record: huge fields, deep nesting and wrong types") {
  // A 12 MB string of mixed ASCII, Cyrillic and escapes, read whole.
  std::string big = "{\"text\":\"";
  for (int i = 0; i < 250000; ++i) big += "Plain words, Лавров and \\\"quotes\\\" \\u00e9 ";
  big += "\",\"id\":\"x\"}";
  CHECK(big.size() > 10'000'000);
  CHECK(Agrees(big));
  // Nesting: within the limit read, past it declined (the import rejects it as "nested too deep").
  auto nest = [](int depth) { return std::string(static_cast<size_t>(depth), '[') + std::string(static_cast<size_t>(depth), ']'); };
  CHECK(Agrees(nest(200)));
  Json v;
  CHECK_FALSE(ParseJsonRecordFast(nest(257), &v, 256));
  CHECK(ParseJsonRecordFast(nest(256), &v, 256));
  CHECK_FALSE(ParseJsonRecordFast("{\"a\":" + nest(300) + "}", &v, 256));
  // Wrong types are values all the same (the import rejects a record that is not an object).
  for (const char* t : {"[{\"a\":1}]", "\"text\"", "12", "false", "null"}) {
    CHECK(Agrees(t));
    REQUIRE(ParseJsonRecordFast(t, &v));
    CHECK_FALSE(v.is_object());
  }
}

TEST_CASE("json_record: randomly damaged records never read differently from nlohmann") {
  const std::string base =
      R"({"id":"a-1","title":"Переговоры С.В.Лаврова, Москва","n":-12,"u":7,"tags":["x","\u0416"],)"
      R"("text":"A \"quoted\" line\nand Ѐ ё € 😀 \ud83d\ude00","o":{"k":[true,false,null,{}]}})";
  REQUIRE(Agrees(base));
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  const std::string alphabet = std::string("\"\\{}[]:,0123456789-+.eEtfnu \t\n") + "\x80\xBF\xC3\xD0\xED\xF0\xF4\xFF" +
                               std::string(1, '\0');
  int took = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s = base;
    const int edits = 1 + static_cast<int>(next() % 3);
    for (int e = 0; e < edits; ++e) {
      const size_t at = next() % s.size();
      switch (next() % 3) {
        case 0: s[at] = alphabet[next() % alphabet.size()]; break;       // replace
        case 1: s.erase(at, 1 + next() % 4); break;                         // delete
        default: s.insert(at, 1, alphabet[next() % alphabet.size()]); break;  // insert
      }
      if (s.empty()) s = "{";
    }
    took += Agrees(s) ? 1 : 0;
  }
  CHECK(took > 0);  // some damaged records are still valid JSON, and read alike
}
