// Tests of emphasis: Markdown **bold** and __bold__ runs found in stored text, masked at the same
// length (offsets stay valid) and stripped for copies; unpaired markers, stars in search syntax,
// snake_case and paragraph breaks are left alone.
#include <doctest/doctest.h>

#include <string>

#include "core/text/emphasis.h"

using namespace stenogram;

TEST_CASE("**bold** and __bold__ are found with their markers") {
  const std::string t = "We said **very clearly** that __talks__ matter.";
  const auto spans = FindEmphasis(t);
  REQUIRE(spans.size() == 2);
  CHECK(t.substr(static_cast<size_t>(spans[0].inner), static_cast<size_t>(spans[0].inner_end - spans[0].inner)) == "very clearly");
  CHECK(spans[0].open == 8);
  CHECK(spans[0].close_end == spans[0].inner_end + 2);
  CHECK(t.substr(static_cast<size_t>(spans[1].inner), static_cast<size_t>(spans[1].inner_end - spans[1].inner)) == "talks");
  CHECK(StripEmphasis(t) == "We said very clearly that talks matter.");
}

TEST_CASE("masking keeps the length and every offset") {
  const std::string t = "A **b** c";
  const std::string m = MaskEmphasis(t, FindEmphasis(t));
  REQUIRE(m.size() == t.size());
  CHECK(m == std::string("A \x01\x01" "b\x01\x01 c"));
  CHECK(MaskEmphasis("plain", FindEmphasis("plain")) == "plain");
}

TEST_CASE("what is not emphasis stays text") {
  CHECK(FindEmphasis("negotiat* and 2 * 3 ** 4").empty());           // a prefix, arithmetic
  CHECK(FindEmphasis("** not bold **").empty());                      // spaces inside the markers
  CHECK(FindEmphasis("an unpaired **marker here").empty());
  CHECK(FindEmphasis("snake__case__name").empty());                   // __ inside words
  CHECK(FindEmphasis("**first paragraph\n\nsecond** one").empty());   // no span across a blank line
  CHECK(FindEmphasis("****").empty());
  CHECK(StripEmphasis("keep 5 ** 2 as is") == "keep 5 ** 2 as is");
}

TEST_CASE("emphasis across a line break, in Cyrillic and next to punctuation") {
  CHECK(StripEmphasis("**Переговоры**, как\n**всегда**.") == "Переговоры, как\nвсегда.");
  CHECK(StripEmphasis("(**note**)") == "(note)");
  CHECK(StripEmphasis("un**frigging**believable") == "unfriggingbelievable");
}
