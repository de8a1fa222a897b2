// turns: splitting a transcript into speaker turns by the labels that open its lines or follow a
// sentence end inside a flattened paragraph.
//
// [SECTION] Word lists (roles, positions, connectors, words that open or close non-speaker phrases)
// [SECTION] Words and their classes
// [SECTION] Classifying a label's text
// [SECTION] The name inside a label (positions and countries stripped)
// [SECTION] Finding label candidates (line starts, sentence starts)
// [SECTION] SpeakerKey
// [SECTION] ParseTurns: belief and one key per speaker
//
// A label is a short run that ends in ':' followed by a space or the end of the line, and starts
// either a line (after any decoration: emoji, bullets, Markdown bold) or a sentence inside a line
// ("…hear me. Press Secretary Dmitry Peskov: Let us begin."). Its text must look like a speaker:
// a role word ("Question", "Q", "Вопрос", "Moderator", optionally followed by a parenthesis or a
// "from ..." phrase), a position alone ("Foreign Minister"), or a name: capitalised words and
// initials ("S.", "С.В.Лавров") with connectors ("of", "the", "de", "и", "–"), optionally after a
// position ("President of Russia Vladimir Putin", "Министр иностранных дел России С.В.Лавров").
// Lower-case words are allowed only next to initials or in a position phrase. Quotation lead-ins
// and headings are not speakers: a first word from kNotLabels ("As a poet once wrote:", "Article 2
// of the Charter:", "Briefing by ...:"), a last word from kNotNames ("Multiple Rocket Launch
// Systems:", "the Caribbean Community (CARICOM):"), a digit, a comma, or a name part that is a
// known country or organisation ("Ukraine and Russia:").
//
// Belief: role labels are believed. A name label is believed when its speaker (same surname, no
// conflicting first initial) labels two or more places in the text, or matches a known speaker
// (the document's speaker/person fields), or — at a line start — when the text opens with it or has
// other believed labels. A single capitalised word ("Lavrov:") is weak: at a line start it needs a
// repeat or other believed labels; inside a line it must name a believed or known speaker.
// Every believed label of one speaker gets one key, from the fullest spelling ("President of
// Russia Vladimir Putin", "Vladimir Putin" and "V.Putin" → "vladimir putin").
#include "core/text/turns.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/text/entities.h"
#include "core/text/strings.h"
#include "core/text/utf8_fold.h"

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
    "де", "фон", "ван", "дер", "ибн", "бен", "бин", "аль", "ель", "та", "і", "з", "у", "в", "-", "–", "—"};
// Position words: before a name they are stripped from the speaker key ("Foreign Minister Sergey
// Lavrov" → "sergey lavrov"); a label of positions only is a role ("Foreign Minister:").
constexpr std::string_view kPositions[] = {
    "president", "vice", "vice-president", "prime", "minister", "foreign", "deputy", "secretary", "general",
    "secretary-general", "press", "head", "chairman", "chairwoman", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "director", "director-general", "governor", "mayor", "senator", "chancellor", "king", "queen",
    "prince", "emir", "sheikh", "sultan", "pope", "patriarch", "commissioner", "envoy", "representative",
    "permanent", "special", "executive", "chief", "adviser", "advisor", "aide", "assistant", "mr", "mrs", "ms",
    "dr", "sir", "madam", "mister", "excellency", "h.e", "professor", "prof", "colonel", "admiral", "lieutenant",
    "captain", "senior", "state", "acting", "vice-chair", "co-chair", "rapporteur", "defence", "defense", "affairs", "interior", "office", "ministry", "spokesperson",
    "президент", "председатель", "министр", "заместитель", "помощник", "советник", "пресс-секретарь", "посол",
    "глава", "руководитель", "директор", "губернатор", "мэр", "генеральный", "генсек", "секретарь",
    "официальный", "представитель", "первый", "спикер", "депутат", "премьер-министр", "вице-премьер",
    "госсекретарь", "канцлер", "король", "принц", "эмир", "шейх", "постоянный", "специальный", "спецпредставитель",
    "господин", "г-н", "г-жа", "госпожа", "президента", "міністр", "голова", "посол", "речник", "радник",
    "керівник", "заступник", "прем'єр-міністр", "пан", "пані"};
// Words that open a line addressed to the audience, a note, a heading or a quotation lead-in,
// never a speaker label.
constexpr std::string_view kNotLabels[] = {
    "note", "nb", "n.b", "ps", "p.s", "update", "updated", "source", "sources", "example", "warning",
    "important", "attention", "subject", "date", "time", "place", "location", "venue", "tags", "tag", "topic",
    "topics", "summary", "background", "read", "see", "also", "photo", "photos", "video", "watch", "listen",
    "link", "links", "reference", "references", "dear", "ladies", "gentlemen", "colleagues", "friends",
    "excellencies", "excellency", "please", "quote", "unquote", "translation", "transcript", "editor's",
    "editor", "glory", "примечание", "справка", "внимание", "источник", "фото", "видео", "дата", "место", "тема",
    "уважаемый", "уважаемая", "уважаемые", "дорогие", "дорогой", "дорогая", "дамы", "господа", "коллеги",
    "друзья", "цитата", "перевод", "важно", "итак", "шановні", "шановний", "дорогі", "друзі", "слава",
    // Quotation lead-ins and sentence openers.
    "as", "like", "according", "in", "on", "at", "for", "with", "by", "from", "after", "before", "during", "here",
    "there", "this", "that", "these", "those", "it", "we", "i", "he", "she", "they", "you", "my", "our", "his",
    "her", "their", "your", "its", "so", "but", "or", "if", "when", "then", "now", "today", "yesterday",
    "tomorrow", "again", "once", "all", "every", "each", "some", "many", "most", "one", "two", "three", "first",
    "second", "third", "finally", "next", "last", "another", "other", "following", "below", "above", "remember",
    "imagine", "think", "look", "consider", "recall", "what", "why", "how", "who", "where", "which", "thus",
    "therefore", "hence", "meanwhile", "moreover", "however", "yes", "no", "well", "thanks", "thank",
    // Headings.
    "article", "articles", "chapter", "section", "part", "paragraph", "annex", "appendix", "item", "items",
    "point", "points", "clause", "briefing", "interview", "statement", "address", "speech", "remarks", "excerpts",
    "excerpt", "comment", "comments", "headline", "title", "caption", "category", "rubric", "published",
    "geography", "people", "countries", "persons", "keywords", "share", "print", "contents", "agenda",
    "programme", "program", "schedule", "participants", "results", "conclusion", "conclusions", "resolution",
    "declaration", "joint", "full", "text", "official", "breaking", "live", "main",
    "как", "в", "на", "по", "с", "и", "но", "а", "я", "мы", "он", "она", "они", "вы", "ты", "это", "этот", "эта",
    "эти", "так", "вот", "здесь", "там", "сегодня", "вчера", "завтра", "теперь", "сейчас", "во-первых",
    "во-вторых", "наконец", "статья", "глава", "раздел", "пункт", "часть", "приложение", "брифинг", "интервью",
    "заявление", "обращение", "выступление", "стенограмма", "комментарий", "рубрика", "опубликовано",
    "география", "люди", "темы", "страны", "персоны", "участники", "повестка", "программа", "итоги", "вывод",
    "выводы", "все", "каждый", "один", "второй", "третий", "следующий", "последний", "другой", "ниже", "выше",
    "цитирую", "напомню", "представьте", "подчеркну", "да", "нет", "спасибо", "поэтому", "однако", "кстати",
    "як", "у", "з", "і", "але", "ми", "він", "вона", "вони", "ви", "це", "цей", "ця", "ці", "ось", "тут",
    "сьогодні", "вчора", "тепер", "зараз", "отже", "стаття", "розділ", "частина", "брифінг", "інтерв'ю",
    "інтерв’ю", "заява", "звернення", "виступ", "опубліковано", "географія", "теми", "країни", "учасники",
    "програма", "підсумки", "всі", "кожен", "перший", "другий", "наступний", "останній", "інший", "нижче",
    "вище", "погляньте", "уявіть", "дякую", "тому", "тобто"};
// Words that end a heading or a list lead-in, never a speaker's name.
constexpr std::string_view kNotNames[] = {
    "systems", "system", "community", "charter", "council", "assembly", "organization", "organisation",
    "nations", "union", "states", "republic", "federation", "committee", "department", "agency", "service",
    "forces", "group", "summary", "conclusion", "conclusions", "agenda", "resolution", "declaration", "statement",
    "topics", "people", "geography", "tags", "contents", "participants", "programme", "program", "schedule",
    "chapter", "section", "part", "annex", "appendix", "items", "results", "points", "facts", "news", "update",
    "sources", "references", "rules", "requirements", "recommendations", "measures", "steps", "tasks",
    "priorities", "objectives", "goals", "principles", "article", "articles", "paragraph", "clause", "protocol",
    "agreement", "agreements", "accords", "treaty", "convention", "act", "law", "code", "decree", "report", "launch", "weapons",
    "equipment", "vehicles", "tanks", "aircraft", "missiles", "supplies", "aid", "assistance", "sanctions",
    "documents", "publications", "materials", "photos", "video", "links", "date", "time", "place", "location",
    "venue", "phone", "email", "website", "source", "translation", "transcript", "speech", "remarks", "comments",
    "interview", "briefing", "conference", "meeting", "talks", "visit", "session", "day", "week", "year",
    "today", "example", "examples", "reasons", "issues", "problems", "countries", "regions", "cities", "areas",
    "(caricom)", "caricom", "asean", "nato", "osce", "brics", "un", "eu", "europe", "africa", "asia",
    "america", "world", "parliament", "government", "administration", "kremlin", "house", "duma", "court",
    "система", "системы", "сообщество", "устав", "совет", "ассамблея", "организация", "организации", "нации",
    "союз", "штаты", "республика", "федерация", "комитет", "министерство", "ведомство", "служба", "группа",
    "итоги", "итог", "повестка", "резолюция", "декларация", "заявление", "темы", "тема", "люди", "география",
    "теги", "содержание", "участники", "программа", "расписание", "раздел", "часть", "приложение", "пункты",
    "результаты", "факты", "новости", "источники", "правила", "требования", "рекомендации", "меры", "шаги",
    "задачи", "приоритеты", "цели", "принципы", "статья", "статьи", "пункт", "протокол", "соглашение",
    "договор", "конвенция", "закон", "указ", "отчет", "брифинг", "интервью", "выступление", "стенограмма",
    "конференция", "встреча", "переговоры", "визит", "сессия", "день", "год", "сегодня", "пример", "причины",
    "системи", "систем", "організація", "рада", "штати", "республіка", "комітет", "міністерство", "група",
    "підсумки", "заява", "теми", "географія", "учасники", "програма", "розділ", "частина", "стаття", "угода",
    "брифінг", "звернення", "виступ", "зустріч", "переговори", "візит", "рік", "європи", "европы", "оон", "нато"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view w) {
  for (std::string_view x : list)
    if (x == w) return true;
  return false;
}

// The long lists as hash sets (looked up for every word of every label candidate).
class WordSet {
 public:
  template <size_t N>
  explicit WordSet(const std::string_view (&list)[N]) : set_(list, list + N) {}
  bool Has(std::string_view w) const { return set_.count(w) > 0; }

 private:
  std::unordered_set<std::string_view> set_;
};

bool IsPosition(std::string_view w) {
  static const WordSet set(kPositions);
  return set.Has(w);
}
bool IsNotLabel(std::string_view w) {
  static const WordSet set(kNotLabels);
  return set.Has(w);
}
bool IsNotName(std::string_view w) {
  static const WordSet set(kNotNames);
  return set.Has(w);
}
bool IsConnector(std::string_view w) {
  static const WordSet set(kConnectors);
  return set.Has(w);
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

// [SECTION] Words and their classes -----------------------------------------------------------------

enum class WordClass { Initials, Cap, Connector, Lower, Other };

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
  if (w.find('.') != std::string_view::npos && IsInitialsWord(w)) return WordClass::Initials;  // "В." is no "в"
  if (IsConnector(folded)) return WordClass::Connector;
  bool letters = false;
  for (size_t i = 0; i < w.size();) {
    const char32_t c = Utf8Decode(w, &i);
    if (IsLetterCodepoint(c)) {
      letters = true;
      continue;
    }
    if (c == '.' || c == '-' || c == '\'' || c == 0x2019 || c == 0x2010 || c == 0x02BC) continue;
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

// [SECTION] Classifying a label's text ----------------------------------------------------------------

enum class LabelKind { Role, Name, Weak };

struct LabelWords {
  std::vector<std::string_view> words;
  std::vector<std::string> folded;
  std::vector<WordClass> classes;
};

LabelWords Analyse(std::string_view name) {
  LabelWords lw;
  lw.words = Words(name);
  for (std::string_view w : lw.words) {
    lw.folded.push_back(FoldWord(w));
    lw.classes.push_back(Classify(w, lw.folded.back()));
  }
  return lw;
}

// The part of a label before a closing parenthesis ("Question (retranslated)" → "Question");
// the whole label when it has none; "" when a ')' has no '('.
std::string_view BeforeParenthesis(std::string_view raw) {
  if (raw.empty() || raw.back() != ')') return raw;
  const size_t open = raw.rfind('(');
  if (open == std::string_view::npos) return {};
  return TrimView(raw.substr(0, open));
}

// The words of the name inside a label: positions, connectors and a country after "of" are
// stripped ("President of Russia Vladimir Putin" → Vladimir Putin, "Министр иностранных дел
// России С.В.Лавров" → С.В.Лавров). Empty for a label of positions only.
std::vector<size_t> NamePart(const LabelWords& lw) {
  const size_t n = lw.words.size();
  size_t idx = 0;
  bool after_position = false;
  for (size_t k = 0; k < n; ++k) {
    const WordClass c = lw.classes[k];
    if (c == WordClass::Connector || c == WordClass::Lower || IsPosition(lw.folded[k])) {
      idx = k + 1;
      after_position = true;
    }
  }
  std::vector<size_t> rem;
  for (size_t k = idx; k < n; ++k) rem.push_back(k);
  // From the first initials word: "России С.В.Лавров" → С.В.Лавров.
  for (size_t k = 0; k < rem.size(); ++k) {
    if (lw.classes[rem[k]] == WordClass::Initials) {
      rem.erase(rem.begin(), rem.begin() + static_cast<std::ptrdiff_t>(k));
      return rem;
    }
  }
  // A country or organisation between a position and the name: "of the United States Barack Obama",
  // "of Europe Thorbjørn Jagland".
  if (after_position && rem.size() > 2) {
    const size_t before = rem.size();
    for (size_t take = rem.size() - 2; take >= 1; --take) {
      std::string phrase;
      for (size_t k = 0; k < take; ++k) {
        if (k) phrase += ' ';
        phrase.append(lw.words[rem[k]]);
      }
      const auto known = FindKnownEntities(phrase);
      if (!known.empty()) {
        rem.erase(rem.begin(), rem.begin() + static_cast<std::ptrdiff_t>(take));
        break;
      }
    }
    if (rem.size() == before && idx > 0 && lw.classes[idx - 1] == WordClass::Connector)
      rem.erase(rem.begin(), rem.end() - 2);
  }
  return rem;
}

// True when the words name a known country or organisation as a whole ("Russia", "United Nations").
bool IsKnownPlaceOrBody(std::string_view phrase) {
  const auto known = FindKnownEntities(std::string(phrase));
  if (known.empty()) return false;
  const std::string key = EntityKey(std::string(phrase));
  for (const FoundEntity& e : known)
    if (EntityKey(e.name) == key) return true;
  // Every word a known name on its own ("Україна", "Ukraine and Russia" after stripping).
  for (std::string_view w : Words(phrase))
    if (FindKnownEntities(std::string(w)).empty()) return false;
  return true;
}

// What kind of speaker label raw is (the text between decoration and the colon), if any.
std::optional<LabelKind> ClassifyLabel(std::string_view raw) {
  constexpr size_t kMaxNameChars = 60, kMaxWords = 8, kMaxPositionChars = 110, kMaxPositionWords = 14;
  std::string_view name = BeforeParenthesis(raw);
  if (name.empty()) return std::nullopt;
  const LabelWords lw = Analyse(name);
  const auto& words = lw.words;
  const auto& folded = lw.folded;
  const auto& classes = lw.classes;
  if (words.empty() || words.size() > kMaxPositionWords || CountCodepoints(name) > kMaxPositionChars)
    return std::nullopt;
  if (IsNotLabel(folded[0])) return std::nullopt;

  // Role words: "Question", "Q", "Вопрос из зала", "Moderator (Dmitry Simes)". Single letters
  // only as capitals ("A:" is an answer, "a:" is nothing).
  const bool single_letter_role = words[0] == "Q" || words[0] == "A" || words[0] == "Q." || words[0] == "A.";
  if ((folded[0].size() > 1 && IsRoleWord(folded[0])) || single_letter_role) {
    if (words.size() == 1 || classes[1] == WordClass::Cap || classes[1] == WordClass::Initials ||
        In(kRolePrepositions, folded[1]))
      return LabelKind::Role;
    return std::nullopt;
  }

  size_t lower = 0, initials = 0, names = 0, positions = 0;
  for (size_t k = 0; k < words.size(); ++k) {
    const WordClass c = classes[k];
    if (c == WordClass::Other) return std::nullopt;
    // A sentence end inside: "Переговоры завершены. С.В.Лавров" (but "Mr. Lavrov", "H.E.", "S.").
    if (k + 1 < words.size() && c != WordClass::Initials && words[k].back() == '.' && !IsPosition(folded[k]))
      return std::nullopt;
    if (IsPosition(folded[k])) ++positions;
    if (c == WordClass::Lower && !IsPosition(folded[k])) ++lower;
    if (c == WordClass::Initials) ++initials;
    if (c == WordClass::Initials || c == WordClass::Cap) ++names;
  }
  if (positions == 0 && (words.size() > kMaxWords || CountCodepoints(name) > kMaxNameChars)) return std::nullopt;
  const WordClass first = classes.front(), last = classes.back();
  // "The President", "The Acting President" (UN verbatim records): an article before positions only.
  if ((folded[0] == "the" || folded[0] == "le" || folded[0] == "la") && words.size() > 1) {
    bool all_positions = true;
    for (size_t k = 1; k < words.size(); ++k) all_positions = all_positions && IsPosition(folded[k]);
    if (all_positions && classes[1] == WordClass::Cap) return LabelKind::Role;
  }
  if (first != WordClass::Cap && first != WordClass::Initials) return std::nullopt;
  if (last != WordClass::Cap && last != WordClass::Initials) return std::nullopt;
  if (IsNotName(folded.back())) return std::nullopt;
  // Lower-case words belong to positions ("Министр иностранных дел России С.В.Лавров").
  if (lower > 0 && (initials == 0 && positions == 0)) return std::nullopt;
  if (lower > 3) return std::nullopt;
  const std::vector<size_t> part = NamePart(lw);
  if (part.empty()) {
    // Positions only: "Foreign Minister", "Председатель".
    return positions > 0 ? std::optional<LabelKind>(LabelKind::Role) : std::nullopt;
  }
  std::string name_part;
  for (size_t k : part) {
    if (!name_part.empty()) name_part += ' ';
    name_part.append(words[k]);
  }
  if (IsKnownPlaceOrBody(name_part)) return std::nullopt;
  if (initials > 0 || names >= 2) return LabelKind::Name;
  return LabelKind::Weak;
}

// [SECTION] Finding label candidates -------------------------------------------------------------------

struct Label {
  size_t start = 0;       // where the label (with its decoration) begins
  size_t text_start = 0;  // first byte after the label
  std::string speaker;    // as written, trimmed, without decoration
  LabelKind kind = LabelKind::Name;
  bool inline_label = false;  // starts a sentence inside a line
};

// After the colon at [colon, colon_end): optional Markdown closers, then a blank or the line end.
// Returns where the turn's text starts, or npos when the colon does not end a label ("12:30").
size_t AfterColon(std::string_view text, size_t colon_end, size_t e) {
  size_t q = colon_end;
  while (q < e && (text[q] == '*' || text[q] == '_')) ++q;
  if (q < e) {
    size_t j = q;
    if (!IsBlank(Utf8Decode(text, &j))) return std::string_view::npos;
  }
  while (q < e) {
    size_t j = q;
    if (!IsBlank(Utf8Decode(text, &j))) break;
    q = j;
  }
  return q;
}

// The speaker text of [b, colon): Markdown closers and blanks trimmed.
std::string_view RawLabel(std::string_view text, size_t b, size_t colon) {
  std::string_view raw = text.substr(b, colon - b);
  while (!raw.empty() && (raw.back() == '*' || raw.back() == '_')) raw.remove_suffix(1);
  return TrimView(raw);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// True when the text just before `at` (the start of a word, after blanks) ends a sentence:
// '.', '?', '!' or '…', possibly followed by closing quotes or brackets — but not an initial or an
// abbreviation ("V. Putin", "Mr. Lavrov").
bool SentenceEndsBefore(std::string_view text, size_t line_begin, size_t at) {
  size_t k = at;
  while (k > line_begin && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
  if (k == at) return false;  // no blank before the word
  std::string_view before = text.substr(line_begin, k - line_begin);
  for (;;) {
    bool stripped = false;
    for (std::string_view q : {"\"", "'", ")", "]", "»", "”", "’", "*", "_"}) {
      if (EndsWith(before, q)) {
        before.remove_suffix(q.size());
        stripped = true;
      }
    }
    if (!stripped) break;
  }
  if (EndsWith(before, "…") || EndsWith(before, "?") || EndsWith(before, "!")) return true;
  if (!EndsWith(before, ".")) return false;
  before.remove_suffix(1);
  // The word before the full stop.
  size_t w = before.size();
  while (w > 0 && before[w - 1] != ' ' && before[w - 1] != '\t' && before[w - 1] != '.') --w;
  const std::string_view word = before.substr(w);
  if (word.empty()) return true;  // "..."
  if (CountCodepoints(word) == 1) {
    size_t j = 0;
    if (IsUpperCodepoint(Utf8Decode(word, &j))) return false;  // an initial
  }
  static constexpr std::string_view kAbbreviations[] = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen",
                                                        "col", "lt", "vs", "no", "h.e", "e", "i.e", "e.g", "г",
                                                        "гг", "им", "ул", "т", "т.е", "см", "пан", "г-н", "тов"};
  return !In(kAbbreviations, Utf8Fold(word));
}

// Label candidates of line [b, e): the one that opens it, and those that open a sentence in it.
void LineCandidates(std::string_view text, size_t b, size_t e, std::vector<Label>* out) {
  constexpr size_t kMaxLabelBytes = 400;
  size_t p = b;
  while (p < e) {
    size_t j = p;
    if (!IsBlank(Utf8Decode(text, &j))) break;
    p = j;
  }
  const size_t line_start = p;
  while (p < e) {
    size_t j = p;
    if (!IsLeadingDecoration(Utf8Decode(text, &j))) break;
    p = j;
  }
  const size_t name_start = p;
  bool first_colon = true;
  for (size_t i = name_start; i < e;) {
    const size_t at = i;
    const char32_t c = Utf8Decode(text, &i);
    if (c != ':' && c != 0xFF1A) continue;
    const size_t text_start = AfterColon(text, i, e);
    if (text_start == std::string_view::npos) continue;
    const bool was_first = first_colon;
    first_colon = false;
    // At the line start.
    if (was_first && at - name_start <= kMaxLabelBytes) {
      const std::string_view raw = RawLabel(text, name_start, at);
      if (!raw.empty()) {
        if (auto kind = ClassifyLabel(raw)) {
          out->push_back({line_start, text_start, std::string(raw), *kind, false});
          continue;
        }
      }
    }
    // At the nearest sentence start before the colon.
    const size_t lo = at > name_start + kMaxLabelBytes ? at - kMaxLabelBytes : name_start;
    for (size_t s = at; s > lo; --s) {
      if ((static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) continue;
      if (s == at || text[s - 1] != ' ' || s < 2) continue;
      // Quick filter on the byte before the blank: the last byte of . ? ! … " ' ) ] » ” ’ * _
      const auto prev = static_cast<unsigned char>(text[s - 2]);
      if (std::string_view(".?!\"')]*_").find(static_cast<char>(prev)) == std::string_view::npos && prev != 0xA6 &&
          prev != 0xBB && prev != 0x9D && prev != 0x99)
        continue;
      if (!SentenceEndsBefore(text, name_start, s)) continue;
      // Decoration after the sentence end ("… me. **Sergey Lavrov:**").
      size_t d = s;
      while (d < at && (text[d] == '*' || text[d] == '_')) ++d;
      const std::string_view raw = RawLabel(text, d, at);
      if (!raw.empty())
        if (auto kind = ClassifyLabel(raw)) out->push_back({s, text_start, std::string(raw), *kind, true});
      break;  // only the nearest sentence start
    }
  }
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

// Folds words into a key: single spaces, an initial joined to what follows ("S. Lavrov" → "s.lavrov").
std::string JoinKey(const std::vector<std::string_view>& words) {
  std::string key;
  for (std::string_view w : words) {
    const std::string f = Utf8Fold(w);
    if (!key.empty() && !EndsWithInitial(key)) key.push_back(' ');
    key += f;
  }
  return key;
}

// Strips decoration and trailing punctuation or a parenthesis from a speaker as written.
std::string_view CleanSpeaker(std::string_view s) {
  for (;;) {
    if (s.empty()) break;
    size_t j = 0;
    const char32_t c = Utf8Decode(s, &j);
    if (!IsLeadingDecoration(c) && !IsSpaceCodepoint(c)) break;
    s.remove_prefix(j);
  }
  for (;;) {
    s = TrimView(s);
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
  return s;
}

// Surname (folded, initials removed) and first initial of a speaker's name part.
struct Identity {
  std::string surname, initial;
  size_t name_words = 0;  // words in the name part; 0 for roles
};

Identity IdentityOf(const std::string& speaker) {
  Identity id;
  const LabelWords lw = Analyse(CleanSpeaker(speaker));
  if (lw.words.empty()) return id;
  const std::vector<size_t> part = NamePart(lw);
  if (part.empty()) return id;
  std::string last = lw.folded[part.back()];
  // "с.в.лавров" → "лавров" with initial "с".
  const size_t dot = last.find_last_of('.');
  std::string first_letter_source = lw.folded[part.front()];
  if (dot != std::string::npos) {
    if (part.size() == 1) first_letter_source = last;
    last = last.substr(dot + 1);
  } else if (part.size() == 1) {
    first_letter_source.clear();
  }
  id.surname = last;
  if (!first_letter_source.empty()) {
    size_t j = 0;
    Utf8Decode(first_letter_source, &j);
    id.initial = first_letter_source.substr(0, j);
  }
  id.name_words = part.size();
  return id;
}

}  // namespace

// [SECTION] SpeakerKey -----------------------------------------------------------------------------

std::string SpeakerKey(const std::string& speaker) {
  const std::string_view s = CleanSpeaker(speaker);
  const std::vector<std::string_view> all = Words(s);
  if (all.empty()) return "";
  // Roles share one key in every language: "Q", "Question", "Вопрос из зала" → "question".
  {
    std::string first = Utf8Fold(all[0]);
    while (!first.empty() && IsTrailingPunct(first.back())) first.pop_back();
    const bool role_only = all.size() == 1 || In(kRolePrepositions, Utf8Fold(all[1]));
    if (role_only && In(kQuestionWords, first)) return "question";
    if (role_only && In(kAnswerWords, first)) return "answer";
    if (role_only && In(kModeratorWords, first)) return "moderator";
  }
  // A name after positions: the name alone ("Foreign Minister Sergey Lavrov" → "sergey lavrov").
  const LabelWords lw = Analyse(s);
  const std::vector<size_t> part = NamePart(lw);
  if (!part.empty() && part.size() < lw.words.size()) {
    std::vector<std::string_view> name;
    for (size_t k : part) name.push_back(lw.words[k]);
    return JoinKey(name);
  }
  return JoinKey(all);
}

// [SECTION] ParseTurns -----------------------------------------------------------------------------

std::vector<ParsedTurn> ParseTurns(const std::string& text, const std::vector<std::string>& known_speakers) {
  const std::string_view s = text;
  struct Candidate {
    Label label;
    std::string key;
    Identity id;
    bool accepted = false;
  };
  std::vector<Candidate> candidates;
  size_t first_text = 0;  // the first visible byte of the text
  while (first_text < s.size() && static_cast<unsigned char>(s[first_text]) <= ' ') ++first_text;
  for (size_t b = 0; b < s.size();) {
    size_t e = s.find('\n', b);
    if (e == std::string_view::npos) e = s.size();
    size_t line_end = e;
    if (line_end > b && s[line_end - 1] == '\r') --line_end;
    std::vector<Label> found;
    LineCandidates(s, b, line_end, &found);
    for (Label& l : found) {
      Candidate c{std::move(l), {}, {}, false};
      c.key = SpeakerKey(c.label.speaker);
      if (c.label.kind != LabelKind::Role) c.id = IdentityOf(c.label.speaker);
      candidates.push_back(std::move(c));
    }
    b = e + 1;
  }
  std::vector<Identity> known;
  std::vector<std::string> known_keys;
  for (const std::string& k : known_speakers) {
    Identity id = IdentityOf(k);
    if (id.surname.empty()) continue;
    known.push_back(std::move(id));
    known_keys.push_back(SpeakerKey(k));
  }
  auto compatible = [](const Identity& a, const Identity& b) {
    return !a.surname.empty() && a.surname == b.surname &&
           (a.initial.empty() || b.initial.empty() || a.initial == b.initial);
  };
  auto is_known = [&](const Identity& id) {
    for (const Identity& k : known)
      if (compatible(id, k)) return true;
    return false;
  };
  // Counts by key and by surname (with first initials), so that belief is linear in the labels.
  struct SurnameStats {
    int total = 0, no_initial = 0;
    std::unordered_map<std::string, int> by_initial;
    int Compatible(const Identity& id) const {
      if (id.initial.empty()) return total;
      auto it = by_initial.find(id.initial);
      return (it == by_initial.end() ? 0 : it->second) + no_initial;
    }
    void Add(const Identity& id) {
      ++total;
      if (id.initial.empty()) {
        ++no_initial;
      } else {
        ++by_initial[id.initial];
      }
    }
  };
  std::unordered_map<std::string, int> key_count;
  std::unordered_map<std::string, SurnameStats> by_surname;
  for (const Candidate& c : candidates) {
    ++key_count[c.key];
    if (c.label.kind != LabelKind::Role && !c.id.surname.empty()) by_surname[c.id.surname].Add(c.id);
  }
  auto repeats = [&](const Candidate& c) {
    if (c.label.kind == LabelKind::Role || c.id.surname.empty()) return key_count[c.key] >= 2;
    return by_surname[c.id.surname].Compatible(c.id) >= 2;
  };
  // 1. Roles, repeated names and known names.
  bool any = false;
  for (Candidate& c : candidates) {
    const bool single_letter = c.key.size() <= 8 && CountCodepoints(c.label.speaker) <= 2;
    if (c.label.kind == LabelKind::Role) {
      c.accepted = !c.label.inline_label || !single_letter || repeats(c);
    } else if (c.label.kind == LabelKind::Name) {
      c.accepted = repeats(c) || is_known(c.id) || (!c.label.inline_label && c.label.start <= first_text);
    }
    any = any || c.accepted;
  }
  // 2. Line-start names in a text with other labels; weak labels with support.
  for (Candidate& c : candidates) {
    if (c.accepted || c.label.inline_label) continue;
    if (c.label.kind == LabelKind::Name) c.accepted = any;
  }
  std::unordered_map<std::string, SurnameStats> believed;  // believed names by surname
  for (const Candidate& c : candidates)
    if (c.accepted && c.label.kind == LabelKind::Name && !c.id.surname.empty()) believed[c.id.surname].Add(c.id);
  for (Candidate& c : candidates) {
    if (c.accepted || c.label.kind != LabelKind::Weak) continue;
    auto it = believed.find(c.id.surname);
    const bool names_believed = is_known(c.id) || (it != believed.end() && it->second.Compatible(c.id) > 0);
    c.accepted = c.label.inline_label ? names_believed || (any && repeats(c)) : (names_believed || any || repeats(c));
  }
  // 3. One key per speaker: the known speaker's, else the fullest spelling among the believed
  // labels of the surname — of the same first initial when two initials share the surname.
  struct Group {
    std::set<std::string> initials;
    const Candidate* best_all = nullptr;
    std::unordered_map<std::string, const Candidate*> best_by_initial;
  };
  auto fuller = [](const Candidate* a, const Candidate* b) {  // a fuller than b
    return !b || a->id.name_words > b->id.name_words ||
           (a->id.name_words == b->id.name_words && a->key.size() > b->key.size());
  };
  std::unordered_map<std::string, Group> groups;
  for (const Candidate& c : candidates) {
    if (!c.accepted || c.label.kind == LabelKind::Role || c.id.surname.empty()) continue;
    Group& g = groups[c.id.surname];
    if (fuller(&c, g.best_all)) g.best_all = &c;
    if (!c.id.initial.empty()) {
      g.initials.insert(c.id.initial);
      const Candidate*& b = g.best_by_initial[c.id.initial];
      if (fuller(&c, b)) b = &c;
    }
  }
  for (Candidate& c : candidates) {
    if (!c.accepted || c.label.kind == LabelKind::Role || c.id.surname.empty()) continue;
    const Group& g = groups[c.id.surname];
    const bool conflict = g.initials.size() > 1;
    std::string key;
    for (size_t k = 0; k < known.size() && key.empty(); ++k)
      if (compatible(c.id, known[k]) && (!conflict || !c.id.initial.empty())) key = known_keys[k];
    if (key.empty()) {
      if (!conflict) {
        key = g.best_all->key;
      } else if (!c.id.initial.empty()) {
        key = g.best_by_initial.at(c.id.initial)->key;
      } else {
        key = c.key;
      }
    }
    c.key = std::move(key);
  }

  std::vector<ParsedTurn> turns;
  auto add = [&](std::string speaker, std::string key, size_t offset, size_t text_begin, size_t text_end) {
    ParsedTurn t;
    t.speaker = std::move(speaker);
    t.speaker_key = std::move(key);
    const std::string_view body = TrimView(s.substr(text_begin, text_end - text_begin));
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
  if (!TrimView(s.substr(0, first_label)).empty()) add({}, {}, 0, 0, first_label);
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
