// enum_names: one way to name an enum's values and read them back: a table of {value, name} pairs
// per enum instead of a switch and a parser written by hand for each. A value may appear more than
// once: the first pair is its name, later ones are aliases that parse ("ndjson" → Jsonl).
#pragma once
#include <cstddef>
#include <string_view>

namespace stenogram {

template <typename E>
struct EnumName {
  E value;
  const char* name;
};

// The name of value in table (its first pair), or fallback when the table has no pair for it.
template <typename E, size_t N>
constexpr const char* NameOf(const EnumName<E> (&table)[N], E value, const char* fallback = "?") {
  for (const EnumName<E>& e : table)
    if (e.value == value) return e.name;
  return fallback;
}

// Sets *out to the value named name (exact, case-sensitive; aliases too); false, *out untouched,
// for a name the table does not have.
template <typename E, size_t N>
constexpr bool ParseName(const EnumName<E> (&table)[N], std::string_view name, E* out) {
  for (const EnumName<E>& e : table) {
    if (name != e.name) continue;
    *out = e.value;
    return true;
  }
  return false;
}

}  // namespace stenogram
