// turns: splitting a transcript into speaker turns by the labels that open its lines.
//
// [SECTION] Word lists (roles, connectors, words that open non-speaker lines)
// [SECTION] Reading one line's label
// [SECTION] SpeakerKey
// [SECTION] ParseTurns
//
// A label is a short run at the start of a line, after any decoration (emoji, bullets, Markdown
// bold), that ends in ':' followed by a space or the end of the line, and is either a role word
// ("Question", "Q", "Вопрос", "Moderator", ... optionally followed by a parenthesis or a
// "from ..." phrase) or a name: capitalised words, initials ("S.", "С.В.Лавров"), and connectors
// ("of", "the", "de", "и"), at most 8 words and 60 characters. Lower-case words are allowed only
// next to initials ("Министр иностранных дел России С.В.Лавров"). Lines that open with address
// or note words ("Ladies and Gentlemen:", "Dear Colleagues:", "Note:", "Примечание:") are never
// labels. A single capitalised word ("Lavrov:", "Summary:") is a weak label: it counts only if the
// text has other labels or the same word labels at least two lines.
#include "core/turns.h"

#include <optional>
#include <string_view>

#include "core/utf8_fold.h"

namespace stenogram {

namespace {

// [SECTION] Word lists ----------------------------------------------------------------------------

// Compared with the folded (lower case, ё→е) word.
constexpr std::string_view kQuestionWords[] = {"q", "question", "questions", "вопрос", "питання", "запитання"};
constexpr std::string_view kAnswerWords[] = {"a", "answer", "ответ", "відповідь"};
constexpr std::string_view kModeratorWords[] = {"moderator", "host", "presenter", "anchor", "ведущий", "ведущая",
                                                "модератор", "ведучий", "ведуча"};
constexpr std::string_view kOtherRoles[] = {
    "interviewer", "journalist", "correspondent", "reporter", "chairman", "chairperson", "chair",
    "participant", "audience", "voice", "remark", "интервьюер", "журналист", "журналистка", "корреспондент",
    "председательствующий", "председатель", "участник", "реплика", "голос", "слушатель", "журналіст",
    "кореспондент", "репліка"};
// Words that may follow a role word: "Question from the audience", "Вопрос из зала".
constexpr std::string_view kRolePrepositions[] = {"from", "of", "to", "by", "in", "at", "из", "от", "с", "со",
                                                  "к", "на", "від", "з"};
constexpr std::string_view kConnectors[] = {
    "of", "the", "and", "for", "de", "da", "di", "do", "dos", "das", "del", "della", "van", "von", "der",
    "den", "ter", "le", "la", "du", "des", "al", "el", "bin", "ibn", "ben", "bint", "y", "und", "и", "по",
    "де", "фон", "ван", "дер", "ибн", "бен", "бин", "аль", "ель", "та", "і", "з", "у", "в"};
// Words that open a line addressed to the audience or a note, never a speaker label.
constexpr std::string_view kNotLabels[] = {
    "note", "nb", "n.b", "ps", "p.s", "update", "updated", "source", "sources", "example", "warning",
    "important", "attention", "subject", "date", "time", "place", "location", "venue", "tags", "tag", "topic",
    "topics", "summary", "background", "read", "see", "also", "photo", "photos", "video", "watch", "listen",
    "link", "links", "reference", "references", "dear", "ladies", "gentlemen", "colleagues", "friends",
    "excellencies", "excellency", "please", "quote", "unquote", "translation", "transcript", "editor's",
    "editor", "glory", "примечание", "справка", "внимание", "источник", "фото", "видео", "дата", "место", "тема",
    "уважаемый", "уважаемая", "уважаемые", "дорогие", "дорогой", "дорогая", "дамы", "господа", "коллеги",
    "друзья", "цитата", "перевод", "важно", "итак", "шановні", "шановний", "дорогі", "друзі", "пані", "слава"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view w) {
  for (std::string_view x : list)
    if (x == w) return true;
  return false;
}

bool IsRoleWord(std::string_view folded) {
  return In(kQuestionWords, folded) || In(kAnswerWords, folded) || In(kModeratorWords, folded) ||
         In(kOtherRoles, folded);
}

// Inline whitespace only; line breaks end a line before we get here.
bool IsBlank(char32_t c) { return c != '\n' && IsSpaceCodepoint(c); }

// Decoration before a label: emoji and symbols, bullets, Markdown emphasis, quote and heading marks.
bool IsLeadingDecoration(char32_t c) {
  return IsDecorationCodepoint(c) || IsBlank(c) || c == '*' || c == '_' || c == '#' || c == '>' || c == '-' ||
         c == 0x2013 || c == 0x2014 || c == '~' || c == '|';
}

size_t CountCodepoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string_view TrimBlank(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    size_t j = b;
    const char32_t c = Utf8Decode(s, &j);
    if (!IsSpaceCodepoint(c)) break;
    b = j;
  }
  while (e > b) {
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    size_t j = k;
    if (!IsSpaceCodepoint(Utf8Decode(s, &j))) break;
    e = k;
  }
  return s.substr(b, e - b);
}

// Splits on inline whitespace.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    size_t j = i;
    const char32_t c = Utf8Decode(s, &j);
    if (IsSpaceCodepoint(c)) {
      if (start != std::string_view::npos) out.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
    } else if (start == std::string_view::npos) {
      start = i;
    }
    i = j;
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
  return out;
}

// [SECTION] Reading one line's label ---------------------------------------------------------------

enum class WordClass { Role, Initials, Cap, Connector, Lower, Other };

// "S.", "S.Lavrov", "С.В.Лавров", "H.E.": one or more single upper-case letters each followed by a
// full stop, optionally followed by a name.
bool IsInitialsWord(std::string_view w) {
  size_t i = 0;
  int initials = 0;
  while (i < w.size()) {
    size_t j = i;
    const char32_t c = Utf8Decode(w, &j);
    if (!IsUpperCodepoint(c) || j >= w.size() || w[j] != '.') break;
    ++initials;
    i = j + 1;
  }
  if (initials == 0) return false;
  if (i == w.size()) return true;
  size_t j = i;
  return IsUpperCodepoint(Utf8Decode(w, &j));
}

WordClass Classify(std::string_view w, const std::string& folded) {
  if (In(kConnectors, folded)) return WordClass::Connector;
  bool letters = false;
  for (size_t i = 0; i < w.size();) {
    const char32_t c = Utf8Decode(w, &i);
    if (IsLetterCodepoint(c)) {
      letters = true;
      continue;
    }
    if (c == '.' || c == '-' || c == '\'' || c == 0x2019 || c == 0x2010) continue;
    return WordClass::Other;
  }
  if (!letters) return WordClass::Other;
  if (IsInitialsWord(w)) return WordClass::Initials;
  size_t i = 0;
  const char32_t first = Utf8Decode(w, &i);
  if (IsUpperCodepoint(first)) return WordClass::Cap;
  // "al-Assad", "ad-Din": a lower-case particle joined to a capitalised name.
  const size_t dash = w.find('-');
  if (dash != std::string_view::npos && dash <= 3 && dash + 1 < w.size()) {
    size_t k = dash + 1;
    if (IsUpperCodepoint(Utf8Decode(w, &k))) return WordClass::Cap;
  }
  return WordClass::Lower;
}

std::string FoldWord(std::string_view w) {
  std::string f = Utf8Fold(w);
  while (!f.empty() && (f.back() == '.' || f.back() == ',')) f.pop_back();
  return f;
}

struct Label {
  size_t start = 0;       // where the label (with its decoration) begins
  size_t text_start = 0;  // first byte after the label
  std::string speaker;
  bool strong = false;
};

// The label that opens line [b, e) of text, if any.
std::optional<Label> ReadLabel(std::string_view text, size_t b, size_t e) {
  constexpr size_t kMaxLabelChars = 90, kMaxNameChars = 60, kMaxWords = 8;
  Label label;
  size_t p = b;
  while (p < e) {
    size_t j = p;
    const char32_t c = Utf8Decode(text, &j);
    if (!IsBlank(c)) break;
    p = j;
  }
  label.start = p;
  while (p < e) {
    size_t j = p;
    const char32_t c = Utf8Decode(text, &j);
    if (!IsLeadingDecoration(c)) break;
    p = j;
  }
  const size_t name_start = p;
  // The colon, within reach.
  size_t colon = std::string_view::npos, colon_end = 0, chars = 0;
  for (size_t i = p; i < e && chars <= kMaxLabelChars; ++chars) {
    const size_t at = i;
    const char32_t c = Utf8Decode(text, &i);
    if (c == ':' || c == 0xFF1A) {
      colon = at;
      colon_end = i;
      break;
    }
  }
  if (colon == std::string_view::npos) return std::nullopt;
  // After the colon: optional Markdown closers, then a space or the end of the line ("12:30" and
  // "https://" are not labels).
  size_t q = colon_end;
  while (q < e && (text[q] == '*' || text[q] == '_')) ++q;
  if (q < e) {
    size_t j = q;
    if (!IsBlank(Utf8Decode(text, &j))) return std::nullopt;
  }
  while (q < e) {
    size_t j = q;
    if (!IsBlank(Utf8Decode(text, &j))) break;
    q = j;
  }
  label.text_start = q;

  std::string_view raw = text.substr(name_start, colon - name_start);
  while (!raw.empty() && (raw.back() == '*' || raw.back() == '_')) raw.remove_suffix(1);
  raw = TrimBlank(raw);
  if (raw.empty()) return std::nullopt;
  // A closing parenthesis: "Question (retranslated from English)", "Вопрос (на английском языке)".
  std::string_view name = raw;
  if (raw.back() == ')') {
    const size_t open = raw.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    name = TrimBlank(raw.substr(0, open));
  }
  if (name.empty() || CountCodepoints(name) > kMaxNameChars) return std::nullopt;
  const std::vector<std::string_view> words = Words(name);
  if (words.empty() || words.size() > kMaxWords) return std::nullopt;

  std::vector<std::string> folded;
  std::vector<WordClass> classes;
  for (std::string_view w : words) {
    folded.push_back(FoldWord(w));
    classes.push_back(Classify(w, folded.back()));
  }
  if (In(kNotLabels, folded[0])) return std::nullopt;
  label.speaker.assign(raw);

  // Role words: "Question", "Q", "Вопрос из зала", "Moderator (Dmitry Simes)". Single letters
  // only as capitals ("A:" is an answer, "a:" is nothing).
  const bool single_letter_role = words[0] == "Q" || words[0] == "A" || words[0] == "Q." || words[0] == "A.";
  if ((folded[0].size() > 1 && IsRoleWord(folded[0])) || single_letter_role) {
    if (words.size() == 1 || classes[1] == WordClass::Cap || classes[1] == WordClass::Initials ||
        In(kRolePrepositions, folded[1])) {
      label.strong = true;
      return label;
    }
    return std::nullopt;
  }

  size_t lower = 0, initials = 0, names = 0;
  for (WordClass c : classes) {
    if (c == WordClass::Other) return std::nullopt;
    if (c == WordClass::Lower) ++lower;
    if (c == WordClass::Initials) ++initials;
    if (c == WordClass::Initials || c == WordClass::Cap) ++names;
  }
  const WordClass first = classes.front(), last = classes.back();
  if (first != WordClass::Cap && first != WordClass::Initials) return std::nullopt;
  if (last != WordClass::Cap && last != WordClass::Initials) return std::nullopt;
  if (lower > 0 && (initials == 0 || lower > 3)) return std::nullopt;
  label.strong = initials > 0 || names >= 2;
  return label;
}

// [SECTION] SpeakerKey helpers ---------------------------------------------------------------------

bool IsTrailingPunct(char c) {
  return c == ':' || c == '.' || c == ',' || c == ';' || c == '*' || c == '_' || c == '-' || c == '!' || c == '?';
}

// True when s ends with an initial: one letter and a full stop after a space, a stop or nothing.
bool EndsWithInitial(std::string_view s) {
  if (s.size() < 2 || s.back() != '.') return false;
  size_t k = s.size() - 2;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  size_t j = k;
  if (!IsLetterCodepoint(Utf8Decode(s, &j)) || j != s.size() - 1) return false;
  return k == 0 || s[k - 1] == ' ' || s[k - 1] == '.';
}

}  // namespace

// [SECTION] SpeakerKey -----------------------------------------------------------------------------

std::string SpeakerKey(const std::string& speaker) {
  std::string_view s = speaker;
  // Leading decoration and trailing punctuation, Markdown and whitespace.
  for (;;) {
    if (s.empty()) break;
    size_t j = 0;
    const char32_t c = Utf8Decode(s, &j);
    if (!IsLeadingDecoration(c) && !IsSpaceCodepoint(c)) break;
    s.remove_prefix(j);
  }
  for (;;) {
    s = TrimBlank(s);
    if (!s.empty() && IsTrailingPunct(s.back())) {
      s.remove_suffix(1);
      continue;
    }
    if (!s.empty() && s.back() == ')') {  // "Question (retranslated from English)"
      const size_t open = s.rfind('(');
      if (open != std::string_view::npos && open > 0) {
        s = s.substr(0, open);
        continue;
      }
    }
    break;
  }
  // Fold, collapse whitespace, and join an initial to what follows ("S. Lavrov" → "s.lavrov").
  std::string key;
  for (std::string_view w : Words(s)) {
    std::string f = Utf8Fold(w);
    if (!key.empty() && !EndsWithInitial(key)) key.push_back(' ');
    key += f;
  }
  // Roles share one key in every language: "Q", "Question", "Вопрос из зала" → "question".
  const std::vector<std::string_view> words = Words(key);
  if (!words.empty()) {
    std::string first(words[0]);
    while (!first.empty() && IsTrailingPunct(first.back())) first.pop_back();
    const bool role_only = words.size() == 1 || In(kRolePrepositions, words[1]);
    if (role_only && In(kQuestionWords, first)) return "question";
    if (role_only && In(kAnswerWords, first)) return "answer";
    if (role_only && In(kModeratorWords, first)) return "moderator";
  }
  return key;
}

// [SECTION] ParseTurns -----------------------------------------------------------------------------

std::vector<ParsedTurn> ParseTurns(const std::string& text) {
  const std::string_view s = text;
  struct Candidate {
    Label label;
    std::string key;
    bool accepted = false;
  };
  std::vector<Candidate> candidates;
  bool any_strong = false;
  for (size_t b = 0; b < s.size();) {
    size_t e = s.find('\n', b);
    if (e == std::string_view::npos) e = s.size();
    size_t line_end = e;
    if (line_end > b && s[line_end - 1] == '\r') --line_end;
    if (std::optional<Label> l = ReadLabel(s, b, line_end)) {
      Candidate c{std::move(*l), {}, false};
      c.key = SpeakerKey(c.label.speaker);
      any_strong = any_strong || c.label.strong;
      candidates.push_back(std::move(c));
    }
    b = e + 1;
  }
  // Weak labels (one capitalised word) count when the text has strong labels or repeats them.
  for (Candidate& c : candidates) {
    if (c.label.strong || any_strong) {
      c.accepted = true;
      continue;
    }
    int same = 0;
    for (const Candidate& other : candidates) same += other.key == c.key ? 1 : 0;
    c.accepted = same >= 2;
  }

  std::vector<ParsedTurn> turns;
  auto add = [&](std::string speaker, std::string key, size_t offset, size_t text_begin, size_t text_end) {
    ParsedTurn t;
    t.speaker = std::move(speaker);
    t.speaker_key = std::move(key);
    const std::string_view body = TrimBlank(s.substr(text_begin, text_end - text_begin));
    t.text.assign(body);
    t.offset = t.speaker.empty() ? static_cast<size_t>(body.data() - s.data()) : offset;
    turns.push_back(std::move(t));
  };
  size_t first_label = s.size();
  for (const Candidate& c : candidates)
    if (c.accepted) {
      first_label = c.label.start;
      break;
    }
  if (!TrimBlank(s.substr(0, first_label)).empty()) add({}, {}, 0, 0, first_label);
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (!candidates[k].accepted) continue;
    size_t next = s.size();
    for (size_t n = k + 1; n < candidates.size(); ++n)
      if (candidates[n].accepted) {
        next = candidates[n].label.start;
        break;
      }
    add(candidates[k].label.speaker, candidates[k].key, candidates[k].label.start, candidates[k].label.text_start,
        next);
  }
  return turns;
}

}  // namespace stenogram
