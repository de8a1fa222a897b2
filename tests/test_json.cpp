// Tests of core/text/json: the engine's small JSON (parsing untrusted text, writing replies).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/text/json.h"

using namespace stenogram;

TEST_CASE("json: parses every kind of value, keeps members in order, and finds the last of a name") {
  const JsonValue j = JsonValue::Parse(R"( {"b": [1, -2, 3.5, 1e3, true, false, null, "x"], "a": {"k": "v"}, "b2": 9007199254740993,
                                 "dup": 1, "dup": 2} )");
  REQUIRE(j.IsObject());
  REQUIRE(j.Size() == 5);
  CHECK(j.Members()[0].first == "b");
  CHECK(j.Members()[1].first == "a");
  const JsonValue& b = *j.Find("b");
  REQUIRE(b.IsArray());
  CHECK(b.Items()[0].Int() == 1);
  CHECK(b.Items()[1].Int() == -2);
  CHECK(b.Items()[2].Number() == 3.5);
  CHECK_FALSE(b.Items()[3].IsInt());  // an exponent makes a double
  CHECK(b.Items()[3].Number() == 1000);
  CHECK(b.Items()[4].Bool());
  CHECK_FALSE(b.Items()[5].Bool());
  CHECK(b.Items()[6].IsNull());
  CHECK(b.Items()[7].Str() == "x");
  CHECK(j.Find("a")->StringOr("k") == "v");
  CHECK(j.Find("a")->StringOr("missing", "none") == "none");
  CHECK(j.Find("b2")->Int() == 9007199254740993LL);  // exact beyond a double's 53 bits
  CHECK(j.Find("dup")->Int() == 2);
  CHECK(j.Find("nothing") == nullptr);
  CHECK(JsonValue::Parse("99999999999999999999").Number() == doctest::Approx(1e20));  // past int64: a double
}

TEST_CASE("json: string escapes, surrogate pairs and UTF-8") {
  const JsonValue j = JsonValue::Parse(R"(["a\"b\\c\/\b\f\n\r\t", "\u00e9\u041b", "\ud83d\ude00", "Лавров"])");
  REQUIRE(j.IsArray());
  CHECK(j.Items()[0].Str() == "a\"b\\c/\b\f\n\r\t");
  CHECK(j.Items()[1].Str() == "\xC3\xA9\xD0\x9B");
  CHECK(j.Items()[2].Str() == "\xF0\x9F\x98\x80");
  CHECK(j.Items()[3].Str() == "Лавров");
}

TEST_CASE("json: what is not JSON is refused as a whole") {
  for (const char* bad : {"", " ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1",
                          "tru", "nul", "\"open", "\"tab\there\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"",
                          "\"\\ud800\\u0041\"", "\"\\u12\"", "{} {}", "[1] x", "'single'", "NaN", "Infinity"}) {
    CAPTURE(bad);
    CHECK(JsonValue::Parse(bad).IsInvalid());
  }
  CHECK(JsonValue::Parse("\"\xFF\"").IsInvalid());          // invalid UTF-8
  CHECK(JsonValue::Parse("\"\xC0\xAF\"").IsInvalid());      // an overlong form
  CHECK(JsonValue::Parse("\"\xED\xA0\x80\"").IsInvalid());  // a surrogate in UTF-8
}

TEST_CASE("json: nesting is bounded (a hostile archive's meta or extra cannot exhaust the stack)") {
  const int ok = JsonValue::kMaxDepth;
  CHECK(JsonValue::Parse(std::string(ok, '[') + std::string(ok, ']')).IsArray());
  CHECK(JsonValue::Parse(std::string(ok + 1, '[') + std::string(ok + 1, ']')).IsInvalid());
  CHECK(JsonValue::Parse(std::string(1000000, '[')).IsInvalid());
  std::string objects;
  for (int i = 0; i <= ok; ++i) objects += "{\"a\":";
  objects += "1" + std::string(ok + 1, '}');
  CHECK(JsonValue::Parse(objects).IsInvalid());
}

TEST_CASE("json: a large object parses in linear time, duplicates included") {
  std::string text = "{";
  for (int i = 0; i < 200000; ++i) text += std::string(i ? "," : "") + "\"k\":" + std::to_string(i);
  text += "}";
  const JsonValue j = JsonValue::Parse(text);
  REQUIRE(j.IsObject());
  CHECK(j.Size() == 200000);
  CHECK(j.Find("k")->Int() == 199999);
}

TEST_CASE("json: writing, compact and indented; invalid UTF-8 and control characters made safe") {
  JsonValue o = JsonValue{{"ok", true}, {"error", nullptr}, {"n", 3}, {"big", uint64_t{1} << 40}, {"x", 0.1},
                         {"neg", -7LL}, {"s", "q\"\\\n\x01"}};
  o["n"] = 4;  // replaces in place
  JsonValue& list = o["list"] = JsonValue::Array();
  list.Push(1);
  list.Push("two");
  CHECK(o.Dump() ==
        R"({"ok":true,"error":null,"n":4,"big":1099511627776,"x":0.1,"neg":-7,"s":"q\"\\\n\u0001","list":[1,"two"]})");
  CHECK(JsonValue::Array().Dump(1, '\t') == "[]");
  CHECK(JsonValue::Parse(R"([{"a":1,"b":[]}])").Dump(1, '\t') == "[\n\t{\n\t\t\"a\": 1,\n\t\t\"b\": []\n\t}\n]");
  CHECK(JsonValue(std::string("a\xFF" "b\xC3")).Dump() == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
  CHECK(JsonValue("Лавров \xF0\x9F\x98\x80").Dump() == "\"Лавров \xF0\x9F\x98\x80\"");
  CHECK(JsonValue(std::nan("")).Dump() == "null");
  CHECK(JsonValue(HUGE_VAL).Dump() == "null");
  CHECK(JsonValue(1.0 / 3).Dump() == "0.3333333333333333");
  for (double v : {0.1, 1.0 / 3, 1e300, -2.5e-300, 123456789.125, 0.0}) {
    CAPTURE(v);
    CHECK(JsonValue::Parse(JsonValue(v).Dump()).Number() == v);  // the shortest that reads back exactly
  }
  // What is written parses back to the same value.
  const std::string again = JsonValue::Parse(o.Dump()).Dump();
  CHECK(again == o.Dump());
}

TEST_CASE("json: a getter of the wrong kind throws a type error that says what was found") {
  const JsonValue n = 42;
  CHECK_THROWS_WITH_AS(n.Str(), "JSON type error: a string was expected, but this is a number", JsonTypeError);
  CHECK_THROWS_AS(JsonValue("x").Int(), JsonTypeError);
  CHECK_THROWS_AS(JsonValue().Items(), JsonTypeError);
  JsonValue s = "text";
  CHECK_THROWS_AS(s.Push(1), JsonTypeError);
  CHECK(JsonValue().Size() == 0);
  CHECK(JsonValue::Parse("[1,2]").Find("a") == nullptr);  // Find on a non-object is nothing
}

TEST_CASE("json: what the page's state and commands use: members made on write, strict getters, sorted keys") {
  JsonValue state;  // null: becomes an object on the first member
  state["reader"]["focus"] = "results";
  state["reader"]["phone"] = false;
  state["archive"] = {{"title", "Speeches"}, {"documentCount", 3}};
  state["filters"] = JsonValue::Array();
  state["filters"].Push(JsonValue::ArrayOf({"tag", "Syria", true}));
  CHECK(state.DumpSorted() ==
        R"({"archive":{"documentCount":3,"title":"Speeches"},"filters":[["tag","Syria",true]],"reader":{"focus":"results","phone":false}})");
  CHECK(state.Dump() ==
        R"({"reader":{"focus":"results","phone":false},"archive":{"title":"Speeches","documentCount":3},"filters":[["tag","Syria",true]]})");
  const JsonValue& read = state;
  CHECK(read["missing"].IsNull());  // reading never adds a member
  CHECK(read.Size() == 3);

  const JsonValue command = JsonValue::Parse(R"({"type":"setView","query":5,"id":"seven","embed":true})");
  CHECK(command.GetString("speaker", "none") == "none");  // missing: the fallback
  CHECK(command.GetBool("embed", false));
  CHECK_THROWS_WITH_AS(command.GetString("query", ""), "JSON type error: a string was expected, but this is a number",
                       JsonTypeError);  // present with another kind: an error, as a command's bad field must be
  CHECK_THROWS_WITH_AS(command.GetInt("id", 0), "JSON type error: an integer was expected, but this is a string",
                       JsonTypeError);
  JsonValue text = "x";
  CHECK_THROWS_AS(text["member"], JsonTypeError);
}
