// stable_order: a stable sort compiled once. std::stable_sort is instantiated anew for each element
// type and comparator, 3-4 KB of wasm each (its merge, buffer and insertion steps); StableSortBy
// sorts the elements' indices with one shared instantiation that calls the comparator through a
// pointer, then moves the elements into that order. The order is exactly std::stable_sort's. For
// lists of tens of thousands at most (facet values, context lines, key words, object members): the
// comparator is an indirect call and the elements move once more.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace stenogram {

// The permutation that orders 0..n-1 stably by less(context, a, b).
std::vector<uint32_t> StableOrder(size_t n, bool (*less)(const void* context, uint32_t a, uint32_t b), const void* context);

// std::stable_sort(items->begin(), items->end(), less), through StableOrder.
template <typename T, typename Less>
void StableSortBy(std::vector<T>* items, const Less& less) {
  struct Context {
    const std::vector<T>* items;
    const Less* less;
  } context{items, &less};
  const std::vector<uint32_t> order = StableOrder(
      items->size(),
      [](const void* c, uint32_t a, uint32_t b) {
        const auto* x = static_cast<const Context*>(c);
        return (*x->less)((*x->items)[a], (*x->items)[b]);
      },
      &context);
  std::vector<T> sorted;
  sorted.reserve(items->size());
  for (uint32_t i : order) sorted.push_back(std::move((*items)[i]));
  *items = std::move(sorted);
}

}  // namespace stenogram
