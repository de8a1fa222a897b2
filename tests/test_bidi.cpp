// Tests of bidi: Hebrew and Arabic runs reversed into visual order inside left-to-right text,
// numbers and brackets inside them, Arabic joining forms (lam-alef included), text without
// right-to-left letters untouched and invalid bytes kept.
#include <doctest/doctest.h>

#include <string>

#include "core/text/bidi.h"

using namespace stenogram;

namespace {

// UTF-8 of a list of code points.
std::string U(std::initializer_list<uint32_t> cps) {
  std::string s;
  for (uint32_t cp : cps) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return s;
}

const std::string kShalom = U({0x05E9, 0x05DC, 0x05D5, 0x05DD});     // שלום
const std::string kShalomVisual = U({0x05DD, 0x05D5, 0x05DC, 0x05E9});

}  // namespace

TEST_CASE("text without right-to-left letters is unchanged") {
  CHECK_FALSE(HasRightToLeft("The talks were useful. Переговоры были полезными — 2014"));
  CHECK(VisualOrder("The talks were useful. Переговоры были полезными") ==
        "The talks were useful. Переговоры были полезными");
  CHECK(VisualOrder("") == "");
  CHECK(HasRightToLeft("peace: " + kShalom));
}

TEST_CASE("a Hebrew word inside English is reversed in place; the punctuation around it stays") {
  CHECK(VisualOrder(kShalom) == kShalomVisual);
  CHECK(VisualOrder("about peace: " + kShalom + ", and more") == "about peace: " + kShalomVisual + ", and more");
}

TEST_CASE("several right-to-left words are one run: their order is reversed too") {
  const std::string ab = U({0x05D0, 0x05D1}), gd = U({0x05D2, 0x05D3});
  const std::string ba = U({0x05D1, 0x05D0}), dg = U({0x05D3, 0x05D2});
  CHECK(VisualOrder("x " + ab + " " + gd + " y") == "x " + dg + " " + ba + " y");
  SUBCASE("numbers inside a run keep their own order, and one after it joins it") {
    CHECK(VisualOrder(ab + " 123 " + gd) == dg + " 123 " + ba);
    CHECK(VisualOrder("in " + ab + " 2014.") == "in 2014 " + ba + ".");
    CHECK(VisualOrder(ab + " 3.14") == "3.14 " + ba);
  }
  SUBCASE("a number before the run, after a Latin word, stays outside it") {
    CHECK(VisualOrder("in 2014 " + ab) == "in 2014 " + ba);
  }
  SUBCASE("brackets inside a run are mirrored") {
    CHECK(VisualOrder(ab + " (" + gd + ")") == dg + ") " + ba + ")");
  }
}

TEST_CASE("combining marks stay after their letter") {
  const std::string pointed = U({0x05E9, 0x05C1, 0x05B8, 0x05DC});  // shin with dots, then lamed
  CHECK(VisualOrder(pointed) == U({0x05DC, 0x05E9, 0x05C1, 0x05B8}));
}

TEST_CASE("Arabic letters take their joining forms before the run is reversed") {
  // سلام: seen initial, lam-alef final ligature, meem isolated (alef does not join the next letter).
  CHECK(VisualOrder(U({0x0633, 0x0644, 0x0627, 0x0645})) == U({0xFEE1, 0xFEFC, 0xFEB3}));
  // القدس: alef isolated, lam initial, qaf medial, dal final, seen isolated (dal joins only back).
  CHECK(VisualOrder(U({0x0627, 0x0644, 0x0642, 0x062F, 0x0633})) == U({0xFEB1, 0xFEAA, 0xFED8, 0xFEDF, 0xFE8D}));
  // A lone lam-alef at the start of a word: the isolated ligature.
  CHECK(VisualOrder(U({0x0644, 0x0627})) == U({0xFEFB}));
  // Harakat are transparent: the letters around a fatha still join.
  CHECK(VisualOrder(U({0x0628, 0x064E, 0x0628})) == U({0xFE90, 0xFE91, 0x064E}));
}

TEST_CASE("invalid bytes are kept as they are") {
  const std::string bad = std::string("\xff ") + kShalom;
  CHECK(VisualOrder(bad) == std::string("\xff ") + kShalomVisual);
  const std::string cut = kShalom + "\xd7";  // a cut sequence at the end
  CHECK(VisualOrder(cut) == kShalomVisual + "\xd7");
}
