// turns: splitting a transcript into speaker turns ("Question:", "Sergey Lavrov:", "В.Путин :",
// "❓ Question:", "💬 Sergey Lavrov:"), without mistaking "Ladies and gentlemen," or "12:30" or
// an ordinary sentence containing a colon for a speaker label.
#pragma once
#include <string>
#include <vector>

namespace stenogram {

struct ParsedTurn {
  std::string speaker;      // as written, trimmed, without decoration ("Sergey Lavrov"); "" if none
  std::string speaker_key;  // normalised for grouping: folded case, single spaces ("sergey lavrov")
  std::string text;         // the turn's text without the label, trimmed
  size_t offset = 0;        // byte offset in the input where the turn (its label) starts
};

// Splits text into turns. Text before the first label becomes a turn with an empty speaker; a
// text with no labels at all is one turn with an empty speaker. Never drops text.
std::vector<ParsedTurn> ParseTurns(const std::string& text);

// Normalises a speaker name or label for grouping: "Q" and "Question" → "question",
// "S.Lavrov"/"Sergey Lavrov"/"С.В.Лавров" keep their own keys (folded case, collapsed spaces).
std::string SpeakerKey(const std::string& speaker);

}  // namespace stenogram
