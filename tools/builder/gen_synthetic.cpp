// stenogram-gen: writes a synthetic speech archive as JSONL for scale tests and benchmarks.
// Deterministic by seed on every platform: a splitmix64 generator and integer arithmetic only
// (no <random> distributions, no libm), so the same --docs/--seed(/--model) give the same bytes anywhere.
// Frame: dates 2004-2023 with bursts of meetings (visits), kinds, Zipf-distributed countries and
// counterparts. Text, lengths, turns, titles, speakers, places and tags come from models learned
// from real corpora (`stenogram-gen learn`, --model DIR; en, uk, ru each where the corpora have
// it: gen_model.h; Russian, which the corpora have no text in, from the English model with Russian
// words: StandInModel); without a model a language falls back to the built-in ~90-word vocabulary
// (mid.ru-style titles, "Question:"/"Sergey Lavrov:" turns) and the generator says so.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/text/dates.h"
#include "command_line.h"
#include "gen_model.h"

namespace {

using stenogram::CivilFromDays;
using stenogram::DaysFromCivil;

using stenogram_gen::Rng;

// Zipf (s = 1) over n items through integer cumulative weights (scaled 1/k).
struct Zipf {
  std::vector<uint64_t> cumulative;
  explicit Zipf(size_t n) {
    uint64_t total = 0;
    for (size_t k = 0; k < n; ++k) {
      total += 1000000000ull / (k + 1);
      cumulative.push_back(total);
    }
  }
  size_t Sample(Rng& rng) const {
    const uint64_t x = rng.Next() % cumulative.back();
    size_t lo = 0, hi = cumulative.size() - 1;
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (cumulative[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
};

struct Country {
  const char* en;
  const char* ru_gen;   // genitive: "Сербии"
  const char* capital_en;
  const char* capital_ru;
};
constexpr Country kCountries[] = {
    {"China", "Китая", "Beijing", "Пекин"},           {"India", "Индии", "New Delhi", "Нью-Дели"},
    {"Serbia", "Сербии", "Belgrade", "Белград"},       {"Turkey", "Турции", "Ankara", "Анкара"},
    {"Iran", "Ирана", "Tehran", "Тегеран"},           {"Germany", "Германии", "Berlin", "Берлин"},
    {"France", "Франции", "Paris", "Париж"},           {"Kazakhstan", "Казахстана", "Astana", "Астана"},
    {"Belarus", "Белоруссии", "Minsk", "Минск"},       {"Egypt", "Египта", "Cairo", "Каир"},
    {"Brazil", "Бразилии", "Brasilia", "Бразилиа"},    {"Japan", "Японии", "Tokyo", "Токио"},
    {"Syria", "Сирии", "Damascus", "Дамаск"},          {"Italy", "Италии", "Rome", "Рим"},
    {"Armenia", "Армении", "Yerevan", "Ереван"},       {"Azerbaijan", "Азербайджана", "Baku", "Баку"},
    {"Vietnam", "Вьетнама", "Hanoi", "Ханой"},         {"Indonesia", "Индонезии", "Jakarta", "Джакарта"},
    {"South Africa", "ЮАР", "Pretoria", "Претория"},   {"Finland", "Финляндии", "Helsinki", "Хельсинки"},
    {"Mongolia", "Монголии", "Ulaanbaatar", "Улан-Батор"}, {"Cuba", "Кубы", "Havana", "Гавана"},
    {"Venezuela", "Венесуэлы", "Caracas", "Каракас"},  {"Algeria", "Алжира", "Algiers", "Алжир"},
    {"Greece", "Греции", "Athens", "Афины"},           {"Austria", "Австрии", "Vienna", "Вена"},
    {"Norway", "Норвегии", "Oslo", "Осло"},            {"Jordan", "Иордании", "Amman", "Амман"},
    {"Uzbekistan", "Узбекистана", "Tashkent", "Ташкент"}, {"Laos", "Лаоса", "Vientiane", "Вьентьян"},
};
constexpr size_t kCountryCount = sizeof(kCountries) / sizeof(kCountries[0]);

constexpr const char* kTagsEn[] = {
    "Ukraine", "Syria", "UN Security Council", "OSCE", "BRICS", "SCO", "strategic stability", "sanctions",
    "European security", "Middle East settlement", "Iran nuclear programme", "Arctic", "energy cooperation",
    "bilateral relations", "terrorism", "humanitarian cooperation", "Afghanistan", "Korean Peninsula", "CSTO",
    "Eurasian integration", "Council of Europe", "human rights", "visa regime", "multipolar world", "G20",
    "Caspian Sea", "Nagorno-Karabakh", "Libya", "information security", "climate", "outer space", "Balkans",
    "Black Sea", "compatriots abroad", "trade and economic cooperation", "Minsk agreements", "NATO enlargement",
    "arms control", "chemical weapons", "migration"};
constexpr const char* kTagsRu[] = {
    "Украина", "Сирия", "Совет Безопасности ООН", "ОБСЕ", "БРИКС", "ШОС", "стратегическая стабильность", "санкции",
    "европейская безопасность", "ближневосточное урегулирование", "иранская ядерная программа", "Арктика",
    "энергетическое сотрудничество", "двусторонние отношения", "терроризм", "гуманитарное сотрудничество",
    "Афганистан", "Корейский полуостров", "ОДКБ", "евразийская интеграция"};

// Two counterparts per country (kCountries order): realistic, made-up names.
constexpr const char* kCounterparts[][2] = {
    {"Wang Jian", "Li Zhaoming"}, {"Rajesh Mehra", "Anil Sharma"}, {"Dragan Petrović", "Ivana Marković"},
    {"Mehmet Yılmaz", "Ahmet Demir"}, {"Ali Rezaei", "Hossein Karimi"}, {"Frank Becker", "Anna Hoffmann"},
    {"Jean-Marc Dubois", "Claire Moreau"}, {"Yerlan Abdrakhmanov", "Askar Nurlanov"}, {"Andrei Zhukau", "Siarhei Marozau"},
    {"Ahmed Hassan", "Sameh Mansour"}, {"Carlos Almeida", "Mauro Ferreira"}, {"Hiroshi Tanaka", "Kenji Watanabe"},
    {"Faisal Haddad", "Walid Khoury"}, {"Marco Rossi", "Giulia Bianchi"}, {"Armen Grigoryan", "Ara Sargsyan"},
    {"Elmar Huseynov", "Jeyhun Aliyev"}, {"Nguyen Van Minh", "Tran Duc Long"}, {"Budi Santoso", "Retno Wulandari"},
    {"Thabo Nkosi", "Naledi Dlamini"}, {"Mikko Virtanen", "Pekka Korhonen"}, {"Batbold Ganbaatar", "Enkhbayar Tsogt"},
    {"Jorge Rodríguez", "Bruno Pérez"}, {"Rafael Gómez", "Lucía Ramírez"}, {"Karim Benali", "Sabri Belkacem"},
    {"Nikos Papadopoulos", "Giorgos Georgiou"}, {"Karl Gruber", "Sebastian Huber"}, {"Erik Hansen", "Ine Johansen"},
    {"Ayman Khalil", "Nasser Qudah"}, {"Abdulaziz Karimov", "Bakhtiyor Rakhimov"}, {"Saleumxay Phommavong", "Thongsavanh Sisoulith"},
};
static_assert(sizeof(kCounterparts) / sizeof(kCounterparts[0]) == kCountryCount, "two counterparts per country");

constexpr const char* kWordsEn[] = {
    "the", "of", "and", "to", "in", "we", "our", "that", "is", "a", "with", "on", "for", "this", "have", "are",
    "negotiations", "negotiating", "negotiated", "partners", "partnership", "cooperation", "cooperate", "security",
    "settlement", "situation", "agreement", "agreements", "international", "interests", "relations", "dialogue",
    "colleagues", "discussed", "discussing", "issues", "region", "regional", "principles", "sovereignty",
    "stability", "conflict", "crisis", "peace", "economic", "political", "military", "humanitarian", "support",
    "supported", "efforts", "approach", "approaches", "proposal", "proposals", "initiative", "initiatives",
    "consultations", "meeting", "meetings", "talks", "process", "resolution", "Council", "countries", "states",
    "believe", "believes", "important", "necessary", "mutual", "respect", "respected", "law", "charter", "unilateral",
    "collective", "sanctions", "pressure", "future", "today", "years", "framework", "implementation", "implemented"};
constexpr const char* kWordsRu[] = {
    "и", "в", "на", "мы", "что", "с", "по", "это", "наши", "не", "для", "о", "переговоры", "переговорах",
    "переговоров", "партнёры", "партнёрами", "сотрудничество", "сотрудничества", "безопасность", "безопасности",
    "урегулирование", "урегулирования", "ситуация", "ситуации", "соглашение", "соглашения", "международного",
    "интересы", "интересов", "отношения", "отношений", "диалог", "диалога", "коллеги", "обсудили", "вопросы",
    "вопросов", "региона", "принципы", "суверенитета", "стабильности", "конфликта", "кризиса", "мира",
    "экономического", "политического", "гуманитарной", "поддержку", "усилия", "усилий", "подход", "предложения",
    "инициативы", "консультации", "встречи", "процесс", "резолюции", "Совета", "стран", "государств", "считаем",
    "важно", "необходимо", "взаимного", "уважения", "права", "устава", "односторонних", "коллективных", "давления",
    "будущего", "сегодня", "лет", "рамках", "выполнения"};


void AppendJsonString(std::string* out, const std::string& s) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\t': *out += "\\t"; break;
      default: out->push_back(c);
    }
  }
  out->push_back('"');
}

std::string Capitalised(const std::string& w) {
  if (w.empty() || w[0] < 'a' || w[0] > 'z') return w;
  std::string out = w;
  out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

struct Person {
  std::string name;  // "Dorvel Kamitan"
  size_t country;
};

std::string Sentence(Rng& rng, const Zipf& zipf, bool ru) {
  const uint32_t n = rng.Range(8, 24);
  std::string s;
  for (uint32_t i = 0; i < n; ++i) {
    const size_t k = zipf.Sample(rng);
    const std::string w = ru ? kWordsRu[k] : kWordsEn[k];
    if (i == 0) {
      s += ru ? w : Capitalised(w);
    } else {
      s += ' ';
      s += w;
    }
    if (i + 1 < n && rng.Chance(6)) s += ',';
  }
  s += rng.Chance(8) ? "?" : ".";
  return s;
}

std::string Paragraph(Rng& rng, const Zipf& zipf, bool ru) {
  std::string p;
  const uint32_t n = rng.Range(2, 7);
  for (uint32_t i = 0; i < n; ++i) {
    if (i) p += ' ';
    p += Sentence(rng, zipf, ru);
  }
  return p;
}


// Documents of one language drawn from a learned model: which templates fit which kinds.
struct Learned {
  stenogram_gen::Model model;
  std::vector<uint32_t> qa, mono;  // template indices
};

}  // namespace

int main(int argc, char** argv) {
  long docs = 1000;
  long max_text = 0;  // --max-text BYTES: cap each text (0: no cap), for archives small enough to open in a browser
  uint64_t seed = 1;
  std::string out_arg, model_arg, learn_out;
  std::vector<std::string> learn_inputs;
  CLI::App cli{"stenogram-gen: writes a synthetic speech archive as JSONL for scale tests and benchmarks "
               "(deterministic by seed).",
               "stenogram-gen"};
  cli.add_option("--docs", docs, "documents to write (default 1000)")->type_name("N")->check(stenogram_cli::WholeNumber(1));
  cli.add_option("--seed", seed, "the generator's seed (default 1)")
      ->type_name("S")
      ->check(stenogram_cli::WholeNumber(0));
  cli.add_option("--max-text", max_text, "cap each text at BYTES (default 0: no cap)")
      ->type_name("BYTES")
      ->check(stenogram_cli::WholeNumber(0));
  cli.add_option("--model", model_arg, "learned models (stenogram-gen learn); built-in vocabulary without")
      ->type_name("DIR");
  cli.add_option("-o,--output", out_arg, "the JSONL file to write")->type_name("OUT.jsonl");
  CLI::App* learn = cli.add_subcommand("learn", "learn text models from real corpora: writes DIR/model-LANG.txt");
  learn->add_option("-o,--output", learn_out, "the folder to write the models to")->required()->type_name("DIR");
  learn->add_option("corpora", learn_inputs, "corpus files or folders")->required()->type_name("CORPUS");
  if (const int rc = stenogram_cli::ParseCommandLine(cli, argc, argv); rc >= 0) return rc;
  if (*learn) return stenogram_gen::Learn(learn_out, learn_inputs);
  if (out_arg.empty()) {
    std::fputs("stenogram-gen: -o OUT.jsonl is required (--help lists the options)\n", stderr);
    return 2;
  }
  const char* out_path = out_arg.c_str();
  const char* model_dir = model_arg.empty() ? nullptr : model_arg.c_str();
  if (model_dir && !std::filesystem::is_directory(model_dir)) {
    std::fprintf(stderr, "stenogram-gen: --model %s: no such folder (stenogram-gen learn -o %s CORPORA... writes it)\n", model_dir, model_dir);
    return 1;
  }
  // Learned models (en, uk, ru) where present; the built-in vocabulary stands in for the rest.
  std::vector<Learned> learned(3);
  const char* kLang[] = {"en", "uk", "ru"};
  bool have[3] = {false, false, false};
  for (int l = 0; l < 3; ++l) {
    if (!model_dir) break;
    std::string error;
    if (stenogram_gen::LoadModel(model_dir, kLang[l], &learned[l].model, &error)) {
      have[l] = true;
      for (uint32_t k = 0; k < learned[l].model.docs.size(); ++k) (learned[l].model.docs[k].qa ? learned[l].qa : learned[l].mono).push_back(k);
    } else if (error.find(": absent") == std::string::npos) {
      std::fprintf(stderr, "stenogram-gen: %s\n", error.c_str());  // a broken model is an error, not a fallback
      return 1;
    } else if (l == 2 && have[0]) {
      // No Russian text to learn from: the English model with Russian words stands in (gen_model.h).
      learned[2].model = stenogram_gen::StandInModel(learned[0].model, "ru");
      learned[2].qa = learned[0].qa;
      learned[2].mono = learned[0].mono;
      have[2] = true;
      std::fprintf(stderr, "stenogram-gen: ru: no learned model (%s); a stand-in: the English model with Russian words "
                   "(frequencies, lengths and turns of the English corpora)\n", error.c_str());
    } else {
      std::fprintf(stderr, "stenogram-gen: %s: no learned model (%s); %s\n", kLang[l], error.c_str(),
                   l == 1 ? "no Ukrainian documents" : "using the built-in vocabulary of ~90 words");
    }
  }
  if (!model_dir)
    std::fprintf(stderr, "stenogram-gen: no --model: built-in vocabulary (~90 words a language), not realistic word frequencies\n");
  std::FILE* out = std::fopen(out_path, "wb");
  if (!out) {
    std::fprintf(stderr, "stenogram-gen: %s: cannot create\n", out_path);
    return 1;
  }
  Rng rng{seed * 0x2545F4914F6CDD1Dull + 1};
  const Zipf words_en(sizeof(kWordsEn) / sizeof(kWordsEn[0]));
  const Zipf words_ru(sizeof(kWordsRu) / sizeof(kWordsRu[0]));
  const Zipf tags_en(sizeof(kTagsEn) / sizeof(kTagsEn[0]));
  const Zipf tags_ru(sizeof(kTagsRu) / sizeof(kTagsRu[0]));
  const Zipf countries(kCountryCount);
  // Counterparts: two ministers per country; Zipf over them (frequent partners dominate).
  std::vector<Person> people;
  for (size_t c = 0; c < kCountryCount; ++c)
    for (int k = 0; k < 2; ++k) people.push_back({kCounterparts[c][k], c});
  const Zipf counterparts(people.size());

  const int64_t first_day = DaysFromCivil(2004, 3, 9), last_day = DaysFromCivil(2023, 12, 31);
  // Documents are spread evenly over the years; a visit (burst) puts 2-6 meetings on nearby days.
  int64_t burst_left = 0, burst_day = 0;
  size_t burst_country = 0;
  std::string line;
  for (long n = 1; n <= docs; ++n) {
    // Language: half English, a quarter each Ukrainian and Russian with a Ukrainian model;
    // else two thirds English, one third Russian (as the built-in generator always did).
    const uint32_t lr = rng.Below(100);
    const int lang = have[1] ? (lr < 50 ? 0 : lr < 75 ? 1 : 2) : (lr < 67 ? 0 : 2);
    const bool ru = lang == 2;
    Learned* model = have[lang] ? &learned[lang] : nullptr;
    int64_t day = first_day + static_cast<int64_t>((last_day - first_day) * (n - 1) / docs) + rng.Below(5);
    const bool in_burst = burst_left > 0;
    if (in_burst) {
      --burst_left;
      day = burst_day + rng.Below(3);
    } else if (rng.Chance(4)) {
      burst_left = rng.Range(2, 6);
      burst_day = day;
      burst_country = countries.Sample(rng);
    }
    int y = 0, m = 0, d = 0;
    CivilFromDays(day, &y, &m, &d);
    // Kind.
    const uint32_t k = rng.Below(100);
    std::string kind = in_burst || k < 30 ? "talks" : k < 45 ? "interview" : k < 60 ? "press conference" : k < 75 ? "speech" : k < 88 ? "statement" : "article";
    const size_t country = in_burst ? burst_country : countries.Sample(rng);
    const Person* partner = &people[counterparts.Sample(rng)];
    if (kind == "talks" && partner->country != country) partner = &people[country * 2 + rng.Below(2)];
    const Country& c = kCountries[country];
    const bool abroad = rng.Chance(50);
    // A learned document's template: any real document of the language (so lengths and the
    // share of Q&A follow the real corpora); its shape decides between Q&A and monologue kinds.
    const stenogram_gen::DocShape* shape = nullptr;
    if (model) {
      shape = &model->model.docs[rng.Below(static_cast<uint32_t>(model->model.docs.size()))];
      const bool is_qa = kind == "interview" || kind == "press conference";
      if (shape->qa && !is_qa) kind = in_burst || k < 60 ? "press conference" : "interview";
      if (!shape->qa && is_qa) kind = k < 38 ? "talks" : "speech";
    }
    const bool qa = kind == "interview" || kind == "press conference";
    std::string place = abroad ? (ru ? c.capital_ru : c.capital_en) : (ru ? "Москва" : "Moscow");
    if (model && !model->model.place_pick.Empty() && rng.Chance(50)) place = model->model.places[model->model.place_pick.Sample(rng)].name;
    char date_buf[32];
    std::snprintf(date_buf, sizeof date_buf, "%04d-%02d-%02d", y, m, d);
    const std::string date_en = std::to_string(d) + " " + stenogram::MonthWord(m) + " " + std::to_string(y);
    const std::string date_ru = std::to_string(d) + " " + stenogram::MonthWord(m, stenogram::MonthForm::Genitive, "ru") + " " + std::to_string(y) + " года";
    const std::string date_uk = std::to_string(d) + " " + stenogram::MonthWord(m, stenogram::MonthForm::Genitive, "uk") + " " + std::to_string(y) + " року";
    std::string title;
    if (model) {
      title = model->model.Title(rng, *shape) + ", " + place + ", " + (lang == 0 ? date_en : lang == 1 ? date_uk : date_ru);
    } else if (!ru) {
      if (kind == "talks") {
        title = "Foreign Minister Sergey Lavrov's talks with Foreign Minister of " + std::string(c.en) + " " + partner->name;
      } else if (kind == "interview") {
        title = "Foreign Minister Sergey Lavrov's interview to the media of " + std::string(c.en);
      } else if (kind == "press conference") {
        title = "Foreign Minister Sergey Lavrov's remarks and answers to media questions at a joint news conference with Foreign Minister of " +
                std::string(c.en) + " " + partner->name;
      } else if (kind == "speech") {
        title = "Foreign Minister Sergey Lavrov's speech at a meeting on " + std::string(kTagsEn[tags_en.Sample(rng)]);
      } else if (kind == "statement") {
        title = "Statement by Foreign Minister Sergey Lavrov on " + std::string(kTagsEn[tags_en.Sample(rng)]);
      } else {
        title = "Article by Foreign Minister Sergey Lavrov on " + std::string(kTagsEn[tags_en.Sample(rng)]);
      }
      title += ", " + place + ", " + date_en;
    } else {
      if (kind == "talks") {
        title = "Переговоры Министра иностранных дел России С.В.Лаврова с Министром иностранных дел " + std::string(c.ru_gen) + " " + partner->name;
      } else if (kind == "interview") {
        title = "Интервью Министра иностранных дел России С.В.Лаврова СМИ " + std::string(c.ru_gen);
      } else if (kind == "press conference") {
        title = "Выступление и ответы на вопросы СМИ Министра иностранных дел России С.В.Лаврова в ходе совместной пресс-конференции с Министром иностранных дел " +
                std::string(c.ru_gen) + " " + partner->name;
      } else if (kind == "speech") {
        title = "Выступление Министра иностранных дел России С.В.Лаврова на заседании по теме «" + std::string(kTagsRu[tags_ru.Sample(rng)]) + "»";
      } else if (kind == "statement") {
        title = "Заявление Министра иностранных дел России С.В.Лаврова";
      } else {
        title = "Статья Министра иностранных дел России С.В.Лаврова";
      }
      title += ", " + place + ", " + date_ru;
    }
    std::string text;
    std::string speaker;  // a learned monologue's speaker (the "speaker" field)
    if (model) {
      // Length and turns follow the template (scaled by 0.6-1.6); speakers and interviewers are
      // drawn from the learned lists in proportion to how often they speak in the real corpora.
      const stenogram_gen::Model& mm = model->model;
      const uint32_t scale = rng.Range(60, 160);
      if (shape->qa && !mm.answerer_pick.Empty()) speaker = mm.answerers[mm.answerer_pick.Sample(rng)].name;
      else if (!mm.speaker_pick.Empty()) speaker = mm.speakers[mm.speaker_pick.Sample(rng)].name;
      const std::string interviewer = mm.interviewer_pick.Empty() ? "Question" : mm.interviewers[mm.interviewer_pick.Sample(rng)].name;
      for (const auto& [role, words] : shape->turns) {
        if (max_text > 0 && text.size() >= static_cast<size_t>(max_text)) break;
        if (text.size() > 150000) break;
        if (!text.empty()) text += "\n\n";
        if (role == 1) text += interviewer + ": ";
        if (role == 2) text += (speaker.empty() ? "Speaker" : speaker) + ": ";
        const uint32_t target = std::max<uint32_t>(1, static_cast<uint32_t>(uint64_t{words} * scale / 100));
        mm.AppendText(rng, *shape, target, 30, max_text > 0 ? static_cast<size_t>(max_text) : 160000, &text);
      }
    } else {
      // Length: half short (1-3 paragraphs), 45% medium, 5% long (up to ~150 KB).
      const uint32_t size_class = rng.Below(100);
      uint32_t target = size_class < 50 ? rng.Range(300, 2500) : size_class < 95 ? rng.Range(3000, 20000) : rng.Range(30000, 150000);
      if (kind == "press conference" && target < 8000) target += 8000;
      if (max_text > 0 && target > static_cast<uint32_t>(max_text)) target = static_cast<uint32_t>(max_text);
      const Zipf& words = ru ? words_ru : words_en;
      const char* question = ru ? "Вопрос: " : "Question: ";
      const char* minister = ru ? "С.В.Лавров: " : "Sergey Lavrov: ";
      if (!qa && kind == "talks") text += ru ? "Уважаемые коллеги,\n\n" : "Ladies and gentlemen,\n\n";
      while (text.size() < target) {
        if (qa) {
          text += question;
          text += Sentence(rng, words, ru);
          text += "\n\n";
          text += minister;
        }
        text += Paragraph(rng, words, ru);
        text += "\n\n";
        if (text.size() > 150000) break;
        if (max_text > 0 && text.size() >= static_cast<size_t>(max_text)) break;
      }
    }
    while (!text.empty() && text.back() == '\n') text.pop_back();
    // Tags (1-4 distinct): learned ones in their real proportions, else Zipf over the built-in list.
    std::vector<std::string> tags;
    const uint32_t tag_count = rng.Range(1, 4);
    for (uint32_t t = 0; t < tag_count; ++t) {
      std::string tag;
      if (model && !model->model.tag_pick.Empty()) tag = model->model.tags[model->model.tag_pick.Sample(rng)].name;
      else tag = ru ? kTagsRu[tags_ru.Sample(rng)] : kTagsEn[tags_en.Sample(rng)];
      bool dup = false;
      for (const auto& x : tags) dup = dup || x == tag;
      if (!dup) tags.push_back(tag);
    }
    line.clear();
    char id[32];
    std::snprintf(id, sizeof id, "syn-%07ld", n);
    line += "{\"id\":";
    AppendJsonString(&line, id);
    line += ",\"title\":";
    AppendJsonString(&line, title);
    line += ",\"date\":";
    AppendJsonString(&line, date_buf);
    line += ",\"kind\":";
    AppendJsonString(&line, kind);
    line += ",\"place\":";
    AppendJsonString(&line, place);
    line += ",\"language\":";
    AppendJsonString(&line, kLang[lang]);
    line += ",\"tags\":[";
    for (size_t t = 0; t < tags.size(); ++t) {
      if (t) line += ',';
      AppendJsonString(&line, tags[t]);
    }
    line += "],\"countries\":[";
    AppendJsonString(&line, c.en);
    line += "]";
    if (kind == "talks" || kind == "press conference") {
      line += ",\"counterparts\":[";
      AppendJsonString(&line, partner->name);
      line += "]";
    }
    if (shape && !shape->qa && !speaker.empty()) {
      line += ",\"speaker\":[";
      AppendJsonString(&line, speaker);
      line += "]";
    }
    line += ",\"url\":";
    AppendJsonString(&line, std::string("https://example.org/") + kLang[lang] + "/" + id);
    line += ",\"text\":";
    AppendJsonString(&line, text);
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), out);
  }
  const bool ok = std::fclose(out) == 0;
  if (!ok) {
    std::fprintf(stderr, "stenogram-gen: %s: write error\n", out_path);
    return 1;
  }
  return 0;
}
