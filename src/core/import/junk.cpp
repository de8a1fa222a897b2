// junk: hidden, system and binary files of a folder copy (see junk.h).
#include "core/import/junk.h"

#include <vector>

#include "core/import/input_limits.h"
#include "core/text/utf8_fold.h"

namespace stenogram {


std::string JunkKind(std::string_view path, std::string_view bytes) {
  // Path components: a hidden folder or __MACOSX anywhere makes the file junk.
  std::vector<std::string_view> parts;
  for (size_t b = 0; b <= path.size();) {
    size_t e = path.find_first_of("/\\", b);
    if (e == std::string_view::npos) e = path.size();
    if (e > b) parts.push_back(path.substr(b, e - b));
    b = e + 1;
  }
  if (parts.empty()) return "";
  const std::string base = Utf8Lower(parts.back());
  for (size_t k = 0; k + 1 < parts.size(); ++k) {
    if (parts[k] == "__MACOSX") return "__MACOSX/";
    if (parts[k].size() > 1 && parts[k][0] == '.' && parts[k] != "..") return "hidden folder";
  }
  if (base.rfind("._", 0) == 0) return "._*";
  if (base == ".ds_store") return ".DS_Store";
  if (base == "thumbs.db" || base == "ehthumbs.db") return "Thumbs.db";
  if (base == "desktop.ini") return "desktop.ini";
  auto ends = [&](std::string_view suffix) {
    return base.size() > suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (base.back() == '~' || (base.size() > 2 && base.front() == '#' && base.back() == '#') || ends(".swp") ||
      ends(".swo") || ends(".bak") || base.rfind(".~lock.", 0) == 0)
    return "editor backup";
  if (base.size() > 1 && base[0] == '.') return "hidden";
  // Binary content.
  const std::string_view head = bytes.substr(0, 4096);
  const bool utf16 = head.size() >= 2 && ((static_cast<unsigned char>(head[0]) == 0xFF &&
                                           static_cast<unsigned char>(head[1]) == 0xFE) ||
                                          (static_cast<unsigned char>(head[0]) == 0xFE &&
                                           static_cast<unsigned char>(head[1]) == 0xFF));
  bool little_endian = false;
  if (utf16 || LooksLikeUtf16WithoutBom(head, &little_endian)) return "";  // text, converted later
  size_t control = 0;
  for (char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return "binary";
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ++control;
  }
  if (!head.empty() && control * 10 > head.size()) return "binary";
  return "";
}

}  // namespace stenogram
