// bidi: right-to-left text (Hebrew, Arabic) made drawable by a renderer that only places glyphs
// left to right (Dear ImGui): Arabic letters take their joining forms (Unicode Presentation
// Forms-B) and each run of right-to-left text is reversed into visual order inside a left-to-right
// line. A small subset of the Unicode Bidirectional Algorithm: enough for Hebrew and Arabic words,
// phrases and numbers quoted in English, Russian or Ukrainian text. Display only: the stored text,
// the selection, copies and exports keep the logical order.
#pragma once
#include <string>
#include <string_view>

namespace stenogram {

// True when text holds a Hebrew or Arabic letter (U+0590–U+08FF, U+FB1D–U+FDFF, U+FE70–U+FEFF).
bool HasRightToLeft(std::string_view text);

// text as a left-to-right renderer must draw it: Arabic letters (U+0621–U+064A) replaced by their
// isolated, final, initial or medial presentation forms as their neighbours join them (lam + alef
// as one ligature; harakat are transparent), then every right-to-left run reversed in place. A run
// starts and ends with a right-to-left letter and takes in the spaces, punctuation and numbers
// between such letters; numbers inside it keep their own left-to-right order and combining marks
// stay after their letter. Text without a right-to-left letter is returned unchanged; invalid UTF-8
// bytes are kept as they are (each counts as a neutral character).
std::string VisualOrder(std::string_view text);

}  // namespace stenogram
