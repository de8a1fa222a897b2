// turns: splitting a transcript into speaker turns ("Question:", "Sergey Lavrov:", "В.Путин :",
// "❓ Question:", "💬 Sergey Lavrov:", and labels inline in a flattened paragraph: "… hear me.
// Press Secretary Dmitry Peskov: Let us begin."), without mistaking "Ladies and gentlemen,",
// "12:30", quotation lead-ins ("As a poet once wrote:") or headings ("Article 2 of the Charter:")
// for a speaker label.
#pragma once
#include <string>
#include <vector>

namespace stenogram {

struct ParsedTurn {
  std::string speaker;      // as written, trimmed, without decoration ("Sergey Lavrov"); "" if none
  std::string speaker_key;  // one per speaker in the text: "Foreign Minister Sergey Lavrov", "S.Lavrov"
                            // and "Lavrov" → "sergey lavrov" (the fullest name written or known)
  std::string text;         // the turn's text without the label, trimmed
  size_t offset = 0;        // byte offset in the input where the turn (its label) starts
};

// Splits text into turns. Text before the first label becomes a turn with an empty speaker; a
// text with no labels at all is one turn with an empty speaker. Never drops text. A name label
// inside a line is believed only when the speaker labels the text twice or is one of
// known_speakers (the document's speaker and person fields); their spelling sets the key.
std::vector<ParsedTurn> ParseTurns(const std::string& text, const std::vector<std::string>& known_speakers = {});

// Normalises a speaker name or label for grouping, without context: "Q" and "Question" →
// "question"; positions before a name are dropped ("President of Russia Vladimir Putin" →
// "vladimir putin", "Министр иностранных дел России С.В.Лавров" → "с.в.лавров"); "S.Lavrov" and
// "Sergey Lavrov" keep their own keys here (ParseTurns joins them within one text).
std::string SpeakerKey(const std::string& speaker);

}  // namespace stenogram
