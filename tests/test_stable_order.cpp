// Tests of core/text/stable_order: StableSortBy gives exactly std::stable_sort's order.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/text/stable_order.h"

using namespace stenogram;

TEST_CASE("stable order: the same order as std::stable_sort, ties kept in input order") {
  std::mt19937 random(7);
  for (size_t n : {0u, 1u, 2u, 15u, 16u, 17u, 300u, 5000u}) {
    CAPTURE(n);
    struct Item {
      int key;
      std::string payload;  // moved, not copied
    };
    std::vector<Item> items;
    for (size_t i = 0; i < n; ++i) items.push_back({static_cast<int>(random() % 7), "item " + std::to_string(i)});
    auto less = [](const Item& a, const Item& b) { return a.key < b.key; };
    std::vector<Item> expected = items;
    std::stable_sort(expected.begin(), expected.end(), less);
    StableSortBy(&items, less);
    REQUIRE(items.size() == expected.size());
    for (size_t i = 0; i < n; ++i) {
      CHECK(items[i].key == expected[i].key);
      CHECK(items[i].payload == expected[i].payload);
    }
  }
}

TEST_CASE("stable order: a comparator with captures, over indices") {
  const std::vector<std::string> words = {"b", "a", "b", "c", "a"};
  std::vector<size_t> idx = {0, 1, 2, 3, 4};
  StableSortBy(&idx, [&](size_t a, size_t b) { return words[a] < words[b]; });
  CHECK(idx == std::vector<size_t>{1, 4, 0, 2, 3});
  StableSortBy(&idx, [&](size_t a, size_t b) { return words[a] > words[b]; });
  CHECK(idx == std::vector<size_t>{3, 0, 2, 1, 4});
}
