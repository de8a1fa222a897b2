// Tests of turns: speaker labels in English, Russian and decorated forms, false positives from
// real speeches (addresses, times, sentences with a colon), speaker keys, and no text dropped.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/text/turns.h"

using namespace stenogram;

namespace {

std::vector<std::string> Speakers(const std::string& text) {
  std::vector<std::string> out;
  for (const ParsedTurn& t : ParseTurns(text)) out.push_back(t.speaker);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using V = std::vector<std::string>;

// Bytes that are not whitespace (ASCII space, tab, line breaks, NBSP).
size_t Visible(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') continue;
    if (s.compare(i, 2, "\xC2\xA0") == 0) {
      ++i;
      continue;
    }
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("turns: English interview labels") {
  const std::string text =
      "Question: The year is drawing to a close. What are our main achievements?\n\n"
      "Sergey Lavrov: Speaking about achievements, I would single out the fact that we have managed it.\n\n"
      "Q: Mr. Lavrov, let's begin with the crisis in Ukraine.\n\n"
      "S.Lavrov: Well, there is reason for some cautious optimism.\n"
      "A: And a second line.\n";
  const auto turns = ParseTurns(text);
  REQUIRE(turns.size() == 5);
  CHECK(turns[0].speaker == "Question");
  CHECK(turns[0].speaker_key == "question");
  CHECK(turns[0].text == "The year is drawing to a close. What are our main achievements?");
  CHECK(turns[0].offset == 0);
  CHECK(turns[1].speaker == "Sergey Lavrov");
  CHECK(turns[1].speaker_key == "sergey lavrov");
  CHECK(text.compare(turns[1].offset, 14, "Sergey Lavrov:") == 0);
  CHECK(turns[2].speaker_key == "question");
  CHECK(turns[2].text == "Mr. Lavrov, let's begin with the crisis in Ukraine.");
  CHECK(turns[3].speaker == "S.Lavrov");
  CHECK(turns[3].speaker_key == "sergey lavrov");  // one speaker: the fullest spelling in the text
  CHECK(turns[4].speaker_key == "answer");
  CHECK(turns[4].text == "And a second line.");
}

TEST_CASE("turns: Russian labels, titles and a space before the colon") {
  const std::string text =
      "Вопрос: Как прошли переговоры?\n"
      "С.В.Лавров: Переговоры были полезными.\n"
      "В.Путин : Согласен.\n"
      "President of Russia Vladimir Putin: Thank you.\n"
      "Министр иностранных дел России С.В.Лавров: Добрый день.\n"
      "Вопрос (перевод с английского): Ещё вопрос.\n"
      "Вопрос из зала: И последний.\n"
      "Ведущий: Спасибо.\n";
  CHECK(Speakers(text) == V{"Вопрос", "С.В.Лавров", "В.Путин", "President of Russia Vladimir Putin",
                            "Министр иностранных дел России С.В.Лавров", "Вопрос (перевод с английского)",
                            "Вопрос из зала", "Ведущий"});
  const auto turns = ParseTurns(text);
  CHECK(turns[0].speaker_key == "question");
  CHECK(turns[1].speaker_key == "с.в.лавров");
  CHECK(turns[2].speaker_key == "в.путин");
  CHECK(turns[2].text == "Согласен.");
  CHECK(turns[3].speaker_key == "vladimir putin");  // the position is not part of the key
  CHECK(turns[5].speaker_key == "question");
  CHECK(turns[6].speaker_key == "question");
  CHECK(turns[7].speaker_key == "moderator");
}

TEST_CASE("turns: decorated labels") {
  const std::string text =
      "❓ Question: Emoji question?\n"
      "💬 Sergey Lavrov: Emoji answer.\n"
      "**Question:** Bold question?\n"
      "**Sergey Lavrov**: Bold answer.\n"
      "• Q: Bullet question\n"
      "> __A:__ Quoted answer\n"
      "👉🏻 ❗️Question: Several symbols.\n";
  CHECK(Speakers(text) ==
        V{"Question", "Sergey Lavrov", "Question", "Sergey Lavrov", "Q", "A", "Question"});
  const auto turns = ParseTurns(text);
  CHECK(turns[1].text == "Emoji answer.");
  CHECK(turns[2].text == "Bold question?");
  CHECK(turns[3].speaker_key == "sergey lavrov");
  CHECK(turns[5].text == "Quoted answer");
  CHECK(text.compare(turns[1].offset, 4, "💬") == 0);
}

TEST_CASE("turns: a label alone on its line takes the following paragraph") {
  const std::string text = "Question:\n\nWhat next?\n\nSergey Lavrov:\r\n\r\nWe will see.\r\n";
  const auto turns = ParseTurns(text);
  REQUIRE(turns.size() == 2);
  CHECK(turns[0].text == "What next?");
  CHECK(turns[1].speaker == "Sergey Lavrov");
  CHECK(turns[1].text == "We will see.");
}

TEST_CASE("turns: addresses, times and sentences are not labels") {
  for (const char* line :
       {"Ladies and gentlemen,", "Ladies and Gentlemen:", "Dear Erlan Abilfaizovich,", "Dear Colleagues:",
        "Mr. Chairperson,", "12:30 the meeting resumed.", "At 12:30: lunch.",
        "We discussed three things: trade, energy and security.", "Once again: we are ready.",
        "Please note: this is important.", "I emphasize once again: we will not give up.",
        "Just think about it: every minute counts.", "Ще раз: ми готові.", "Зверніть увагу: це важливо.",
        "See https://mid.ru: the site.", "Note: the transcript is abridged.", "Примечание: текст сокращён.",
        "- реактивні системи залпового вогню: ще більше.", "**Ladies and Gentlemen!**",
        "Moscow, 5 December 2014: the talks.", "Question is: what next?",
        "The Russian Federation and the Kingdom of Belgium and the other states of Europe: many.",
        "Впевнений: ми переможемо."}) {
    const std::string text = std::string("Opening words.\n\n") + line + "\n\nMore text.";
    const auto turns = ParseTurns(text);
    CHECK_MESSAGE(turns.size() == 1, line);
    CHECK_MESSAGE(turns[0].speaker.empty(), line);
    CHECK_MESSAGE(turns[0].text == text.substr(0, text.size()), line);
  }
}

TEST_CASE("turns: no labels gives one turn, empty text gives none") {
  const std::string text = "  Good afternoon.\n\nToday we met.  ";
  const auto turns = ParseTurns(text);
  REQUIRE(turns.size() == 1);
  CHECK(turns[0].speaker.empty());
  CHECK(turns[0].speaker_key.empty());
  CHECK(turns[0].text == "Good afternoon.\n\nToday we met.");
  CHECK(turns[0].offset == 2);
  CHECK(ParseTurns("").empty());
  CHECK(ParseTurns(" \n\n ").empty());
}

TEST_CASE("turns: text before the first label is kept as its own turn") {
  const auto turns = ParseTurns("Transcript of the press conference.\n\nQuestion: Why?\nSergey Lavrov: Because.");
  REQUIRE(turns.size() == 3);
  CHECK(turns[0].speaker.empty());
  CHECK(turns[0].text == "Transcript of the press conference.");
  CHECK(turns[1].speaker_key == "question");
  CHECK(turns[2].text == "Because.");
}

TEST_CASE("turns: single capitalised words are labels only with support") {
  // Alone and once: an ordinary sentence.
  CHECK(Speakers("Intro.\nSummary: we agreed.\nEnd.") == V{""});
  CHECK(Speakers("Intro.\nConclusions: we agreed.\nEnd.") == V{""});
  // Repeated, or next to strong labels: speakers.
  CHECK(Speakers("LAVROV: One.\nKERRY: Two.\nLAVROV: Three.\nKERRY: Four.") == V{"LAVROV", "KERRY", "LAVROV", "KERRY"});
  CHECK(Speakers("Question: One?\nLavrov: Two.") == V{"Question", "Lavrov"});
}

TEST_CASE("turns: speaker keys") {
  CHECK(SpeakerKey("Q") == "question");
  CHECK(SpeakerKey("Q.") == "question");
  CHECK(SpeakerKey("Question") == "question");
  CHECK(SpeakerKey("QUESTION:") == "question");
  CHECK(SpeakerKey("Вопрос") == "question");
  CHECK(SpeakerKey("ВОПРОС") == "question");
  CHECK(SpeakerKey("Question (retranslated from English)") == "question");
  CHECK(SpeakerKey("A") == "answer");
  CHECK(SpeakerKey("Answer") == "answer");
  CHECK(SpeakerKey("Ответ") == "answer");
  CHECK(SpeakerKey("Ведущий") == "moderator");
  CHECK(SpeakerKey("Sergey  Lavrov:") == "sergey lavrov");
  CHECK(SpeakerKey("  Sergey\tLavrov ") == "sergey lavrov");
  CHECK(SpeakerKey("S.Lavrov") == "s.lavrov");
  CHECK(SpeakerKey("S. Lavrov") == "s.lavrov");
  CHECK(SpeakerKey("С.В.Лавров") == "с.в.лавров");
  CHECK(SpeakerKey("С. В. Лавров") == "с.в.лавров");
  CHECK(SpeakerKey("В.Путин ") == "в.путин");
  CHECK(SpeakerKey("Алексей Фёдоров") == "алексей федоров");
  CHECK(SpeakerKey("Thorbjørn Jagland") == "thorbjorn jagland");
  CHECK(SpeakerKey("💬 Sergey Lavrov") == "sergey lavrov");
  CHECK(SpeakerKey("**Sergey Lavrov**") == "sergey lavrov");
  CHECK(SpeakerKey("Sergey Lavrov") != SpeakerKey("S.Lavrov"));
  CHECK(SpeakerKey("Mr. Lavrov") == "lavrov");
  CHECK(SpeakerKey("President of Russia Vladimir Putin") == "vladimir putin");
  CHECK(SpeakerKey("Foreign Minister Sergey Lavrov") == "sergey lavrov");
  CHECK(SpeakerKey("Министр иностранных дел России С.В.Лавров") == "с.в.лавров");
  CHECK(SpeakerKey("Deputy Head of the Executive Office – Press Secretary Dmitry Peskov") == "dmitry peskov");
  CHECK(SpeakerKey("Secretary General of the Council of Europe Thorbjørn Jagland") == "thorbjorn jagland");
  CHECK(SpeakerKey("President of the United States Barack Obama") == "barack obama");
  CHECK(SpeakerKey("President Recep Tayyip Erdogan") == "recep tayyip erdogan");
  CHECK(SpeakerKey("Foreign Minister") == "foreign minister");
  CHECK(SpeakerKey("") == "");
}

TEST_CASE("turns: the seed transcript keeps every byte of text and finds its labels") {
  const std::string text = ReadFile(std::string(STENOGRAM_SOURCE_DIR) + "/../shared/seeds/000_f812aaa87b2870d0.txt");
  if (text.empty()) {
    MESSAGE("seed transcript not found; skipping");
    return;
  }
  const auto turns = ParseTurns(text);
  V speakers;
  for (const auto& t : turns) speakers.push_back(t.speaker_key);
  CHECK(speakers == V{"", "question", "sergey lavrov", "question", "sergey lavrov"});
  // Nothing dropped: every non-space character of the input is in a label or a turn's text.
  size_t out = 0;
  for (const auto& t : turns) {
    out += Visible(t.text) + Visible(t.speaker);
    if (!t.speaker.empty()) out += 1;  // the colon
  }
  const size_t in = Visible(text);
  CHECK(in == out);
  CHECK(turns[4].text.find("Ladies and gentlemen,") != std::string::npos);
}
