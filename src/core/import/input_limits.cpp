// input_limits: the importer's bounds (see input_limits.h).
#include "core/import/input_limits.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace stenogram {

size_t JsonTooDeepAt(std::string_view json, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[':
        if (++depth > max_depth) return i;
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return std::string_view::npos;
}

size_t RecordBytes(const Json& rec, size_t limit) {
  size_t total = 0;
  std::vector<const Json*> todo{&rec};
  while (!todo.empty() && total <= limit) {
    const Json* v = todo.back();
    todo.pop_back();
    if (v->is_string()) {
      total += v->get_ref<const std::string&>().size();
    } else if (v->is_object()) {
      for (const auto& [key, value] : v->items()) {
        total += key.size();
        todo.push_back(&value);
      }
    } else if (v->is_array()) {
      for (const Json& item : *v) todo.push_back(&item);
    } else {
      total += 8;
    }
  }
  return total;
}

std::vector<std::string> UniqueHeaderNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  std::unordered_set<std::string> taken;
  std::unordered_map<std::string, int> next_suffix;  // per base name: the first suffix worth trying
  taken.reserve(names.size() * 2);
  for (size_t i = 0; i < names.size(); ++i) {
    std::string name = Trim(names[i]);
    if (name.empty()) name = "column_" + std::to_string(i + 1);
    std::string unique = name;
    if (taken.count(unique)) {
      int& k = next_suffix[name];
      if (k < 2) k = 2;
      do unique = name + "_" + std::to_string(k++);
      while (taken.count(unique));
    }
    taken.insert(unique);
    out.push_back(std::move(unique));
  }
  return out;
}

bool LooksLikeUtf16WithoutBom(std::string_view bytes, bool* little_endian) {
  const size_t n = std::min<size_t>(bytes.size(), 4096) & ~size_t{1};
  if (n < 8) return false;
  size_t zero_even = 0, zero_odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    zero_even += bytes[i] == '\0';
    zero_odd += bytes[i + 1] == '\0';
  }
  const size_t units = n / 2;
  if (zero_odd * 10 >= units * 6 && zero_even * 10 < units) {
    *little_endian = true;  // 'a' 0 'b' 0
    return true;
  }
  if (zero_even * 10 >= units * 6 && zero_odd * 10 < units) {
    *little_endian = false;  // 0 'a' 0 'b'
    return true;
  }
  return false;
}

}  // namespace stenogram
