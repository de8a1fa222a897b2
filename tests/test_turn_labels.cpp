// Tests of turns on a labelled set of speaker labels and colon phrases that are not labels
// (English and Russian, in the shape of the shared corpora, the seed transcript and made-up
// press conferences): precision and recall of turn boundaries, printed; flattened transcripts
// with inline labels; false labels from real speeches; one key per speaker.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text/turns.h"

using namespace stenogram;

namespace {

using V = std::vector<std::string>;

// A text with its true label starts marked by "⟪" and its non-label colon phrases by "⟫" (the
// marks are removed; "⟫" only counts the case).
struct Case {
  std::string text;
  std::vector<size_t> labels;
  int negatives = 0;
  std::vector<std::string> known;
};

Case Mark(const std::string& marked, std::vector<std::string> known = {}) {
  Case c;
  c.known = std::move(known);
  const std::string open = "⟪", neg = "⟫";
  for (size_t i = 0; i < marked.size();) {
    if (marked.compare(i, open.size(), open) == 0) {
      c.labels.push_back(c.text.size());
      i += open.size();
    } else if (marked.compare(i, neg.size(), neg) == 0) {
      ++c.negatives;
      i += neg.size();
    } else {
      c.text.push_back(marked[i++]);
    }
  }
  return c;
}

// Speaker labels as written in transcripts: roles, names, initials, positions before names.
const V kLabelsEn = {
    "Question", "Q", "Answer", "Moderator", "Sergey Lavrov", "S.Lavrov", "Foreign Minister Sergey Lavrov",
    "President of Russia Vladimir Putin", "Vladimir Putin", "V.Putin", "Press Secretary Dmitry Peskov",
    "Deputy Head of the Executive Office – Press Secretary Dmitry Peskov", "Anna Smirnova", "Maria Zakharova",
    "John Kerry", "Secretary of State John Kerry", "Jean-Claude Juncker", "Federica Mogherini",
    "Question from the audience", "Question (retranslated from English)", "Dmitry Simes", "Fyodor Lukyanov",
    "Ivica Dacic", "Foreign Minister of Serbia Ivica Dacic", "Mr. Lavrov", "Chairman", "Interviewer",
    "Thorbjørn Jagland", "Secretary General of the Council of Europe Thorbjørn Jagland", "Barack Obama",
    "President of the United States Barack Obama", "Angela Merkel", "Federal Chancellor of Germany Angela Merkel",
    "Emmanuel Macron", "Recep Tayyip Erdogan", "Xi Jinping", "Abdel Fattah al-Sisi", "Kassym-Jomart Tokayev",
    "Volodymyr Zelenskyy", "Foreign Minister", "LAVROV", "Dmitry Peskov", "H.E. Mr. John Smith", "The President",
    "The Acting President", "Mr. Nebenzia (Russian Federation)", "Mrs. Thomas-Greenfield (United States of America)",
    "Anna Smirnova (Channel One)", "Vladimir Putin (retranslated)"};
const V kLabelsRu = {
    "Вопрос", "Ответ", "Ведущий", "С.В.Лавров", "В.Путин", "С.Лавров", "Сергей Лавров",
    "Министр иностранных дел России С.В.Лавров", "Президент России Владимир Путин", "В.В.Путин", "Д.С.Песков",
    "Пресс-секретарь Президента Дмитрий Песков", "М.В.Захарова", "Мария Захарова", "Вопрос из зала",
    "Вопрос (перевод с английского)", "Председательствующий", "Анна Смирнова", "Ф.А.Лукьянов", "А.Г.Лукашенко",
    "Президент Республики Беларусь А.Г.Лукашенко", "Генеральный секретарь ООН Антониу Гутерреш", "Питання",
    "Володимир Зеленський", "Андрій Єрмак", "Віталій Кличко"};

// Colon phrases that are not speakers: quotation lead-ins, headings, list lead-ins, footers.
const V kNotLabelsEn = {
    "As a poet once wrote", "Article 2 of the Charter", "The Caribbean Community (CARICOM)",
    "Multiple Rocket Launch Systems", "I want to emphasize", "I emphasize once again", "You say", "We heard",
    "Just think about it", "Please pay attention to one illustrative fact", "My answer is very simple",
    "Here is what I want to say", "Let me remind you", "The Secretary-General said", "The resolution reads",
    "Our position is clear", "Three things matter", "In Conclusion", "In conclusion", "To sum up",
    "The facts are these", "Remember", "Imagine", "Ladies and Gentlemen", "Dear Colleagues", "Note", "Tags",
    "Topics", "People", "Geography", "Published in section", "Date of publication", "Link to this page",
    "Security Council", "United Nations General Assembly", "Ukraine and Russia", "Russia", "European Union",
    "Paragraph 4 of Resolution 2202", "Chapter VII of the Charter", "Minsk Agreements", "Key Priorities",
    "Main Results", "Our Goals", "Humanitarian Aid", "Air Defense Systems", "Glory to Ukraine",
    "Everything was taken away from them", "And here is my second question to you", "My next question to you is",
    "But forgot the main thing", "Let his son Vladyslav know", "The conversation was very emotional",
    "It cannot say today", "When the screens sounded", "Summary", "Background", "Source", "Update",
    "Joint Statement", "Full Text", "Breaking News", "Main Topics", "Related Documents", "Photo Gallery",
    "See also", "Read more", "Watch the video", "Quote", "Transcript", "Excerpts", "Briefing by Maria Zakharova",
    "Statement by the Ministry", "Why", "What matters", "Thus", "However", "Yes", "Thank you",
    "The representative of France said", "The Security Council", "The following", "The President said",
    "The Group of Friends", "Operative paragraph 3", "Draft resolution A/78/L.1"};
const V kNotLabelsRu = {
    "Хочу подчеркнуть", "Как сказал поэт", "Статья 2 Устава ООН", "Карибское сообщество (КАРИКОМ)",
    "Реактивные системы залпового огня", "Я повторяю ещё раз", "Тем, кто меня слышит, я говорю", "Погляньте",
    "Уявіть", "Брифінг Ірини Верещук", "Моя відповідь дуже проста", "Рубрика", "Опубликовано в разделе",
    "Дата публикации", "Ссылка на страницу", "География", "Темы", "Люди", "Сергей Лавров заявил",
    "Итоги встречи", "Совет Безопасности ООН", "Минские соглашения", "Важно", "Напомню", "Итак", "Во-первых",
    "Кстати", "Хочу підкреслити", "Я підкреслюю це", "Ви кажете", "Ми почули", "Але забув про головне",
    "Таку ж відзнаку отримали", "Ордени отримали Герої України", "Містами-героями стануть",
    "Нагороджуються орденом Богдана Хмельницького", "Примечание", "Справка", "Цитата", "Перевод",
    "Заявление МИД России", "Стенограмма", "Повестка дня", "Основные итоги", "Главные темы", "Совместное заявление",
    "Российская Федерация", "Україна", "Совет Европы", "Спасибо", "Да", "Поэтому"};

std::vector<Case> LabelledSet() {
  std::vector<Case> set;
  // 1. Line-start dialogues, each label twice with questions between.
  for (const std::string& l : kLabelsEn)
    set.push_back(Mark("⟪Question: What are the results of the year?\n\n⟪" + l +
                       ": We have managed a great deal. Thank you.\n\n⟪Q: And next year?\n\n⟪" + l +
                       ": We will see.\n"));
  for (const std::string& l : kLabelsRu)
    set.push_back(Mark("⟪Вопрос: Каковы итоги года?\n\n⟪" + l + ": Мы многого добились. Спасибо.\n\n⟪Вопрос: А в следующем году?\n⟪" +
                       l + ": Посмотрим.\n"));
  // 2. Flattened transcripts: the same labels inline after a sentence end, twice.
  for (const std::string& l : kLabelsEn)
    set.push_back(Mark("Good afternoon, everyone. I hope you can all hear me. ⟪" + l +
                       ": Let us begin. We have a lot of questions today. ⟪Question: Good afternoon, Mr President. "
                       "How do you see the year ahead? ⟪" + l + ": It will be a hard year, but a good one."));
  for (const std::string& l : kLabelsRu)
    set.push_back(Mark("Добрый день. Надеюсь, всем меня слышно. ⟪" + l +
                       ": Начнём. Вопросов сегодня много. ⟪Вопрос: Добрый день. Как вы видите будущий год? ⟪" + l +
                       ": Год будет трудным, но хорошим."));
  // 3. A name written once inline, believed because it is the document's known speaker.
  for (const std::string& l : V{"Sergey Lavrov", "Foreign Minister Sergey Lavrov", "S.Lavrov"})
    set.push_back(Mark("The talks are over. ⟪" + l + ": Our talks were useful and detailed.", {"Sergey Lavrov"}));
  for (const std::string& l : V{"С.В.Лавров", "Министр иностранных дел России С.В.Лавров"})
    set.push_back(Mark("Переговоры завершены. ⟪" + l + ": Переговоры были полезными.", {"Сергей Лавров"}));
  // 4. Non-labels in speeches: at a line start and after a sentence end.
  for (const std::string& n : kNotLabelsEn)
    set.push_back(Mark("We met today in Geneva.\n\n⟫" + n + ": the rest of it follows here, one and two.\n\nWe went on. ⟫" + n +
                       ": and so on, as always.\n\nThat is all."));
  for (const std::string& n : kNotLabelsRu)
    set.push_back(Mark("Сегодня мы встретились в Женеве.\n\n⟫" + n + ": и так далее, одно и другое.\n\nМы продолжили. ⟫" + n +
                       ": и так далее, как всегда.\n\nВот и всё."));
  // 5. Non-labels inside dialogues that have real labels.
  for (const std::string& n : kNotLabelsEn)
    set.push_back(Mark("⟪Question: What did you agree on?\n\n⟪Sergey Lavrov: A lot. ⟫" + n +
                       ": one, two and three.\n⟫" + n + ": four.\n\n⟪Question: Anything else?\n⟪Sergey Lavrov: No."));
  for (const std::string& n : kNotLabelsRu)
    set.push_back(Mark("⟪Вопрос: О чём договорились?\n\n⟪С.В.Лавров: О многом. ⟫" + n + ": одно, другое.\n⟫" + n +
                       ": третье.\n\n⟪Вопрос: Что-то ещё?\n⟪С.В.Лавров: Нет."));
  // 6. The seed transcript's shape (navigation, addresses, Q/A) and made-up press conferences.
  set.push_back(Mark(
      "Minister Sergey Lavrov\nEditor's Column\nAll Tags\n\n⟪Question: The year is drawing to a close. What are our main "
      "achievements?\n\n⟪Sergey Lavrov: Speaking about achievements – though we usually assess our work in terms of "
      "effectiveness – I would single out one thing.\n\nLadies and gentlemen,\n\nI'm sincerely pleased to welcome to Moscow "
      "my Serbian colleague.\n\n⟪Q: Mr. Lavrov, let's begin with the crisis in Ukraine.\n\n⟪Sergey Lavrov: Well, there is "
      "reason for some cautious optimism.\n\n⟫Ladies and Gentlemen:\n\nThis ministerial meeting is drawing to an end."));
  set.push_back(Mark(
      "Vladimir Putin held his annual news conference. ⟪President of Russia Vladimir Putin: Good afternoon. I hope you can "
      "all hear me. ⟪Deputy Head of the Executive Office – Press Secretary Dmitry Peskov: Let us begin. We have many "
      "questions. ⟪Anna Smirnova: Good afternoon, Mr President. ⟫My question is simple: what next? ⟪Vladimir Putin: Thank "
      "you. ⟫As a poet once wrote: everything passes. ⟪Dmitry Peskov: Next question. ⟪Anna Smirnova: Thank you. "
      "⟪V.Putin: Thank you all."));
  set.push_back(Mark(
      "Владимир Путин провёл пресс-конференцию. ⟪В.Путин: Добрый день. ⟪Д.Песков: Начнём. ⟪Вопрос: Добрый день, "
      "Владимир Владимирович. ⟫Как говорится: лучше поздно. ⟪В.Путин: Спасибо. ⟫Статья 2 Устава ООН: равенство. "
      "⟪Д.Песков: Следующий вопрос."));
  return set;
}

}  // namespace

TEST_CASE("turn labels: precision and recall of turn boundaries on the labelled set") {
  const std::vector<Case> set = LabelledSet();
  int64_t tp = 0, fp = 0, fn = 0, positives = 0, negatives = 0;
  for (const Case& c : set) {
    positives += static_cast<int64_t>(c.labels.size());
    negatives += c.negatives;
    std::vector<size_t> found;
    for (const ParsedTurn& t : ParseTurns(c.text, c.known))
      if (!t.speaker.empty()) found.push_back(t.offset);
    for (size_t f : found) {
      if (std::find(c.labels.begin(), c.labels.end(), f) != c.labels.end()) {
        ++tp;
      } else {
        ++fp;
        MESSAGE("false label at " << f << ": " << c.text.substr(f, 60));
      }
    }
    for (size_t l : c.labels)
      if (std::find(found.begin(), found.end(), l) == found.end()) {
        ++fn;
        MESSAGE("missed label: " << c.text.substr(l, 60));
      }
  }
  const double precision = tp + fp > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0;
  const double recall = tp + fn > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0;
  std::printf("turn labels: %lld cases (%lld labels, %lld non-labels; %zu distinct labels, %zu distinct non-labels) "
              "in %zu texts: precision %.3f, recall %.3f (tp %lld, fp %lld, fn %lld)\n",
              static_cast<long long>(positives + negatives), static_cast<long long>(positives),
              static_cast<long long>(negatives), kLabelsEn.size() + kLabelsRu.size(),
              kNotLabelsEn.size() + kNotLabelsRu.size(), set.size(), precision, recall, static_cast<long long>(tp),
              static_cast<long long>(fp), static_cast<long long>(fn));
  CHECK(positives + negatives >= 300);
  CHECK(negatives >= 100);
  CHECK(precision >= 0.95);
  CHECK(recall >= 0.95);
}

TEST_CASE("turn labels: a flattened press conference becomes turns with one key per speaker") {
  const std::string text =
      "Vladimir Putin held his annual news conference. President of Russia Vladimir Putin: Good afternoon. I hope "
      "you can all hear me. Deputy Head of the Executive Office – Press Secretary Dmitry Peskov: Let us begin. "
      "Anna Smirnova: Good afternoon, Mr President. My question is simple: what next? Vladimir Putin: Thank you. "
      "Dmitry Peskov: Next question. Anna Smirnova: Thank you. V.Putin: Thank you all.";
  const auto turns = ParseTurns(text);
  REQUIRE(turns.size() == 8);
  CHECK(turns[0].speaker.empty());
  CHECK(turns[0].text == "Vladimir Putin held his annual news conference.");
  V speakers, keys;
  for (const auto& t : turns) {
    speakers.push_back(t.speaker);
    keys.push_back(t.speaker_key);
  }
  CHECK(speakers == V{"", "President of Russia Vladimir Putin",
                      "Deputy Head of the Executive Office – Press Secretary Dmitry Peskov", "Anna Smirnova",
                      "Vladimir Putin", "Dmitry Peskov", "Anna Smirnova", "V.Putin"});
  CHECK(keys == V{"", "vladimir putin", "dmitry peskov", "anna smirnova", "vladimir putin", "dmitry peskov",
                  "anna smirnova", "vladimir putin"});
  CHECK(turns[1].text == "Good afternoon. I hope you can all hear me.");
  CHECK(turns[3].text == "Good afternoon, Mr President. My question is simple: what next?");
  CHECK(turns[7].text == "Thank you all.");
}

TEST_CASE("turn labels: Russian variants of one speaker share a key; a known person's spelling wins") {
  const std::string text =
      "Переговоры завершены. Министр иностранных дел России С.В.Лавров: Добрый день. Вопрос: Как прошли переговоры? "
      "С.Лавров: Хорошо.";
  const auto turns = ParseTurns(text, {"Сергей Лавров"});
  REQUIRE(turns.size() == 4);
  CHECK(turns[1].speaker == "Министр иностранных дел России С.В.Лавров");
  CHECK(turns[1].speaker_key == "сергей лавров");
  CHECK(turns[2].speaker_key == "question");
  CHECK(turns[3].speaker_key == "сергей лавров");
  // Without the known name: the fullest spelling in the text.
  const auto plain = ParseTurns(text);
  REQUIRE(plain.size() == 4);
  CHECK(plain[1].speaker_key == "с.в.лавров");
  CHECK(plain[3].speaker_key == "с.в.лавров");
}

TEST_CASE("turn labels: an inline name written once and unknown stays text") {
  const auto turns = ParseTurns("We talked for an hour. Sergey Lavrov: we agreed on everything. Then we left.");
  REQUIRE(turns.size() == 1);
  CHECK(turns[0].speaker.empty());
  // Two different people with one surname keep their own keys.
  const auto two = ParseTurns("Question: Hello.\nJohn Smith: One.\nAnna Smith: Two.\nJohn Smith: Three.");
  REQUIRE(two.size() == 4);
  CHECK(two[1].speaker_key == "john smith");
  CHECK(two[2].speaker_key == "anna smith");
}

TEST_CASE("turn labels: the resistinua speeches give no false labels") {
  const std::string dir = std::string(STENOGRAM_SOURCE_DIR) + "/../shared/corpora/resistinua/";
  int64_t docs = 0, colon_phrases = 0, labels = 0;
  V false_labels;
  for (const char* name : {"messages-en.jsonl", "messages.jsonl", "messages-2-en.jsonl", "messages-2.jsonl",
                           "messages-3-en.jsonl", "messages-3.jsonl"}) {
    std::ifstream in(dir + name);
    std::string line;
    while (std::getline(in, line)) {
      const auto rec = nlohmann::json::parse(line, nullptr, false);
      if (rec.is_discarded() || !rec.contains("text") || !rec["text"].is_string()) continue;
      ++docs;
      const std::string text = rec["text"].get<std::string>();
      V known;
      if (rec.contains("speaker") && rec["speaker"].is_array())
        for (const auto& s : rec["speaker"])
          if (s.is_string()) known.push_back(s.get<std::string>());
      for (size_t i = text.find(": "); i != std::string::npos; i = text.find(": ", i + 1)) ++colon_phrases;
      for (const ParsedTurn& t : ParseTurns(text, known)) {
        if (t.speaker.empty()) continue;
        ++labels;
        // The only true labels in this corpus open a short message with the speaker's own name.
        if (t.offset > 4) false_labels.push_back(t.speaker);
      }
    }
  }
  if (docs == 0) {
    MESSAGE("../shared/corpora/resistinua not found; skipping");
    return;
  }
  std::printf("turn labels: resistinua: %lld documents, %lld phrases before ': ', %lld labels, %zu false\n",
              static_cast<long long>(docs), static_cast<long long>(colon_phrases), static_cast<long long>(labels),
              false_labels.size());
  for (const auto& f : false_labels) MESSAGE("false label: " << f);
  CHECK(false_labels.empty());
}

TEST_CASE("turn labels: a long transcript parses in linear time; garbage never crashes") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += i % 2 ? "Sergey Lavrov: We agree. Question: And? V.Putin: Yes. " : "Question: Why?\nS.Lavrov: Because.\n";
  const auto turns = ParseTurns(text, {"Sergey Lavrov"});
  CHECK(turns.size() == 50000);  // 10,000 × 2 + 10,000 × 3
  CHECK(turns.back().speaker_key == "v.putin");
  CHECK(turns[1].speaker_key == "sergey lavrov");
  // Random bytes, colons and dots everywhere.
  uint32_t x = 12345;
  for (int round = 0; round < 50; ++round) {
    std::string junk;
    for (int i = 0; i < 2000; ++i) {
      x = x * 1664525u + 1013904223u;
      const char pool[] = ": .A\nQ\xD0\x92\xC2\xBB\xE2\x80\xA6)(*_abc";
      junk.push_back(pool[(x >> 24) % (sizeof(pool) - 1)]);
    }
    size_t visible = 0;
    for (const ParsedTurn& t : ParseTurns(junk)) visible += t.text.size() + t.speaker.size();
    CHECK(visible <= junk.size());
  }
}
