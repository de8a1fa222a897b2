// Tests of the tag cloud layout: log scaling, no overlaps, determinism, stability under
// small count changes, sort orders and the filter box.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/view/tagcloud.h"

using namespace stenogram;

namespace {
std::pair<float, float> Mono(const std::string& s, float size) { return {float(s.size()) * 7.0f * size, 14.0f * size}; }

std::vector<CloudWord> Sample() {
  return {{"usa", "USA", 400}, {"syria", "Syria", 120}, {"iran", "Iran", 40}, {"nato", "NATO", 300},
          {"un", "UN", 9},     {"china", "China", 2},   {"eu", "EU", 77},     {"cuba", "Cuba", 1},
          {"japan", "Japan", 15}, {"india", "India", 33}, {"zero", "Zero", 0}};
}

bool Overlap(const CloudItem& a, const CloudItem& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
}  // namespace

TEST_CASE("tagcloud: log scaling into steps") {
  CHECK(CloudStep(1, 1, 1000, 4) == 0);
  CHECK(CloudStep(1000, 1, 1000, 4) == 3);
  // 10 of 1..1000 is a third of the way on a log scale, not 1% as on a linear one.
  CHECK(CloudStep(10, 1, 1000, 4) == 1);
  CHECK(CloudStep(100, 1, 1000, 4) == 2);
  CHECK(CloudStep(5, 5, 5, 4) == 3);
}

TEST_CASE("tagcloud: no overlaps, within width, zero counts dropped") {
  CloudOptions o;
  o.width = 120;
  auto l = LayoutCloud(Sample(), o, Mono);
  REQUIRE(l.items.size() == 10);
  for (size_t i = 0; i < l.items.size(); ++i) {
    CHECK((l.items[i].x + l.items[i].w <= o.width || l.items[i].x == 0));
    for (size_t j = i + 1; j < l.items.size(); ++j) CHECK_FALSE(Overlap(l.items[i], l.items[j]));
  }
  CHECK(l.height > 0);
}

TEST_CASE("tagcloud: deterministic and stable under small count changes") {
  CloudOptions o;
  o.width = 200;
  auto a = LayoutCloud(Sample(), o, Mono);
  auto b = LayoutCloud(Sample(), o, Mono);
  auto w = Sample();
  w[2].count = 41;   // Iran +1
  w[6].count = 76;   // EU -1
  auto c = LayoutCloud(w, o, Mono);
  REQUIRE(a.items.size() == b.items.size());
  REQUIRE(a.items.size() == c.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) {
    CHECK(a.items[i].word == b.items[i].word);
    CHECK(a.items[i].x == b.items[i].x);
    CHECK(a.items[i].word == c.items[i].word);
    CHECK(a.items[i].x == c.items[i].x);
    CHECK(a.items[i].y == c.items[i].y);
  }
}

TEST_CASE("tagcloud: sort orders and filter") {
  auto words = Sample();
  CloudOptions o;
  o.width = 1000;
  o.sort = CloudSort::Name;
  auto l = LayoutCloud(words, o, Mono);
  REQUIRE(l.items.size() == 10);
  CHECK(words[l.items.front().word].label == "China");
  CHECK(words[l.items.back().word].label == "USA");
  o.sort = CloudSort::Frequency;
  l = LayoutCloud(words, o, Mono);
  CHECK(l.items.front().step >= l.items.back().step);
  CHECK(words[l.items.front().word].count >= 300);
  o.filter = "in";
  l = LayoutCloud(words, o, Mono);
  CHECK(l.items.size() == 2);  // China, India
}

TEST_CASE("tagcloud: max_words keeps the most frequent and counts the rest") {
  auto words = Sample();
  CloudOptions o;
  o.width = 1000;
  o.min_ratio = 1.0;
  o.max_words = 3;
  auto l = LayoutCloud(words, o, Mono);
  CHECK(l.matched == 10);
  CHECK(l.hidden == 7);
  REQUIRE(l.items.size() == 3);
  std::vector<std::string> shown;
  for (const auto& it : l.items) shown.push_back(words[it.word].value);
  std::sort(shown.begin(), shown.end());
  CHECK(shown == std::vector<std::string>{"nato", "syria", "usa"});
  // Sizes are relative to the words shown: the least frequent of them is the smallest step.
  int min_step = 99, max_step = -1;
  for (const auto& it : l.items) min_step = std::min(min_step, it.step), max_step = std::max(max_step, it.step);
  CHECK(min_step == 0);
  CHECK(max_step == o.steps - 1);
  // The filter applies first: "a" matches USA, Syria, Iran, NATO, China, Cuba, Japan, India.
  o.filter = "a";
  l = LayoutCloud(words, o, Mono);
  CHECK(l.matched == 8);
  CHECK(l.hidden == 5);
  o.max_words = 0;
  l = LayoutCloud(words, o, Mono);
  CHECK(l.hidden == 0);
  CHECK(l.items.size() == 8);
}

TEST_CASE("tagcloud: centred lines stay inside the width without overlaps") {
  CloudOptions o;
  o.width = 150;
  o.center = true;
  auto l = LayoutCloud(Sample(), o, Mono);
  REQUIRE(l.items.size() == 10);
  o.center = false;
  auto left = LayoutCloud(Sample(), o, Mono);
  bool moved = false;
  for (size_t i = 0; i < l.items.size(); ++i) {
    const CloudItem& it = l.items[i];
    CHECK(it.x >= 0);
    CHECK(it.x + it.w <= o.width);
    CHECK(it.y == left.items[i].y);
    moved = moved || it.x != left.items[i].x;
    for (size_t j = i + 1; j < l.items.size(); ++j) CHECK_FALSE(Overlap(it, l.items[j]));
  }
  CHECK(moved);
  // Each line (a shared bottom edge) is centred: equal space on the left and right.
  auto bottom = [&](size_t k) { return l.items[k].y + l.items[k].h; };
  for (size_t i = 0; i < l.items.size();) {
    size_t j = i;
    while (j + 1 < l.items.size() && std::abs(bottom(j + 1) - bottom(i)) < 0.01f) ++j;
    const float left_gap = l.items[i].x, right_gap = o.width - (l.items[j].x + l.items[j].w);
    CHECK(std::abs(left_gap - right_gap) <= 0.01f);
    i = j + 1;
  }
}

TEST_CASE("tagcloud: near-equal counts stay near-equal in size; equal counts are the smallest") {
  CloudOptions o;
  o.width = 1000;
  std::vector<CloudWord> same = {{"a", "A", 3}, {"b", "B", 3}, {"c", "C", 3}};
  auto l = LayoutCloud(same, o, Mono);
  REQUIRE(l.items.size() == 3);
  for (const auto& it : l.items) CHECK(it.step == 0);
  std::vector<CloudWord> close = {{"a", "A", 1}, {"b", "B", 2}};  // one more is not the largest size
  l = LayoutCloud(close, o, Mono);
  REQUIRE(l.items.size() == 2);
  for (const auto& it : l.items) CHECK(it.step <= 2);
  close.push_back({"c", "C", 1000});  // with 1000 in the cloud, 1 and 2 are both small
  l = LayoutCloud(close, o, Mono);
  for (const auto& it : l.items) CHECK(it.step == (close[it.word].count == 1000 ? o.steps - 1 : 0));
}

TEST_CASE("tagcloud: a word wider than the cloud is made smaller to fit") {
  CloudOptions o;
  o.width = 100;
  std::vector<CloudWord> words = {{"long", "Organization for Security", 50}, {"x", "X", 1}};
  auto l = LayoutCloud(words, o, Mono);
  REQUIRE(l.items.size() == 2);
  for (const auto& it : l.items) {
    CHECK(it.x + it.w <= o.width);
    if (words[it.word].value == "long") CHECK(it.size < o.max_size);
  }
}
