// detect: which reader an input goes to (by extension, then by its first bytes).
#include "core/import/read_context.h"

#include <algorithm>

#include "core/text/csv.h"
#include "core/text/utf8_fold.h"

namespace stenogram {

namespace import_detail {

std::string LowerExtension(const std::string& name) {
  const size_t slash = name.find_last_of("/\\");
  const size_t dot = name.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return Utf8Lower(std::string_view(name).substr(dot + 1));
}

std::string_view SkipBom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// '{' first: one object per line (JSONL) if the first line is a whole value and more follows.
bool LooksLikeJsonl(std::string_view s) {
  s = SkipBom(s);
  size_t b = 0;
  while (b < s.size() && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  const size_t nl = s.find('\n', b);
  if (nl == std::string_view::npos) return false;
  const std::string_view first = s.substr(b, nl - b);
  if (!Json::accept(first.begin(), first.end())) return false;
  for (size_t i = nl; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) > ' ') return true;
  return false;
}

}  // namespace import_detail

using import_detail::LooksLikeJsonl;
using import_detail::LowerExtension;
using import_detail::SkipBom;

InputFormat DetectFormat(const InputFile& input) {
  const std::string ext = LowerExtension(input.name);
  const std::string_view head = SkipBom(std::string_view(input.bytes).substr(0, 1 << 16));
  size_t b = 0;
  while (b < head.size() && static_cast<unsigned char>(head[b]) <= ' ') ++b;
  const char first = b < head.size() ? head[b] : '\0';
  if (ext == "jsonl" || ext == "ndjson") return InputFormat::Jsonl;
  if (ext == "json") return first == '{' && LooksLikeJsonl(input.bytes) ? InputFormat::Jsonl : InputFormat::Json;
  if (ext == "csv" || ext == "tsv") return InputFormat::Csv;
  const bool in_folder = !input.relative_path.empty();
  if (ext == "txt" || ext == "text" || ext == "md") return in_folder ? InputFormat::Text : InputFormat::Dump;
  if (first == '[') return InputFormat::Json;
  if (first == '{') return LooksLikeJsonl(input.bytes) ? InputFormat::Jsonl : InputFormat::Json;
  // A first line with two or more delimiters and no sentence in sight: CSV.
  const size_t nl = head.find('\n');
  const std::string_view line = head.substr(0, nl);
  const char delim = SniffDelimiter(line);
  if (line.size() < 2000 && std::count(line.begin(), line.end(), delim) >= 2 && line.find(". ") == std::string_view::npos)
    return InputFormat::Csv;
  return in_folder ? InputFormat::Text : InputFormat::Dump;
}

}  // namespace stenogram
