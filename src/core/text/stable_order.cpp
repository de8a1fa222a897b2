// stable_order: the one std::stable_sort instantiation behind StableSortBy (stable_order.h).
#include "core/text/stable_order.h"

#include <algorithm>

namespace stenogram {

std::vector<uint32_t> StableOrder(size_t n, bool (*less)(const void* context, uint32_t a, uint32_t b), const void* context) {
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return less(context, a, b); });
  return order;
}

}  // namespace stenogram
