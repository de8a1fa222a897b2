// junk: files that folder copies carry beside the documents and that are no documents.
#pragma once
#include <string>
#include <string_view>

namespace stenogram {

// Hidden, system and binary files that folder copies carry beside the documents: AppleDouble
// "._NAME" files, ".DS_Store", "Thumbs.db", "desktop.ini", anything under a hidden folder or
// "__MACOSX", editor backups ("NAME~", "#NAME#", ".NAME.swp", "*.bak", ".~lock.*"), and binary
// files (a NUL byte in the first 4 KB without a UTF-16 byte-order mark, or more than a tenth of
// control bytes there). path is the file's path (any separators); bytes its content. Returns ""
// for a real input, else the kind for the import summary ("._*", ".DS_Store", "binary", ...).
// Text in a legacy 8-bit encoding (cp1251) is not junk: it has no control bytes.
std::string JunkKind(std::string_view path, std::string_view bytes);

}  // namespace stenogram
