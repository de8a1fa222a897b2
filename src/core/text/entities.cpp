// entities: names of people, countries, organisations and places; merge keys, a built-in table of
// countries and organisations in English and Russian, and reading meetings out of mid.ru titles.
//
// [SECTION] EntityKey
// [SECTION] Known countries and organisations (table)
// [SECTION] Words of a text with byte ranges and folded forms
// [SECTION] Compiled table and the scan for known entities
// [SECTION] Titles: kind, place, meeting counterparts
// [SECTION] Public functions
// [SECTION] Official name forms ("LAVROV Sergey Viktorovich – Minister" → "Sergey Lavrov")
//
// Table patterns: words separated by spaces. A word with no lower-case letter ("UN", "США",
// "G20") must match exactly as written; a capitalised Latin word ("Serbia") must be capitalised in
// the text; any other word matches case-insensitively. A trailing '*' marks a Russian stem that
// takes one of the usual case endings ("серби*" matches Сербия, Сербии, Сербию, Сербией).
// Entries with an empty name block a longer phrase ("Latin America" is not the United States).
#include "core/text/entities.h"
#include "core/text/enum_names.h"

#include <algorithm>
#include <string_view>

#include "core/text/utf8_fold.h"

namespace stenogram {

const char* EntityKindName(EntityKind k) {
  static constexpr EnumName<EntityKind> kNames[] = {{EntityKind::Tag, "tag"},
                                                    {EntityKind::Person, "person"},
                                                    {EntityKind::Country, "country"},
                                                    {EntityKind::Organisation, "organisation"},
                                                    {EntityKind::Place, "place"}};
  return NameOf(kNames, k, "tag");
}

// [SECTION] EntityKey ------------------------------------------------------------------------------

std::string EntityKey(const std::string& name) {
  std::string key;
  key.reserve(name.size());
  bool pending_space = false;
  for (size_t i = 0; i < name.size();) {
    const char32_t cp = Utf8Decode(name, &i);
    if (cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == '`') continue;  // O'Brien = OBrien
    if (IsLetterCodepoint(cp) || (cp >= '0' && cp <= '9')) {
      if (pending_space && !key.empty()) key.push_back(' ');
      pending_space = false;
      AppendFolded(&key, cp);
    } else {
      pending_space = true;  // spaces, hyphens, dots and other punctuation separate words
    }
  }
  return key;
}

namespace {

// [SECTION] Known countries and organisations --------------------------------------------------------

struct KnownEntity {
  EntityKind kind;
  std::string_view name;      // canonical English name; empty for a blocking phrase
  std::string_view patterns;  // '|'-separated
};

constexpr EntityKind C = EntityKind::Country, O = EntityKind::Organisation, P = EntityKind::Place;

constexpr KnownEntity kKnown[] = {
    // Russia and its neighbours
    {C, "Russia", "Russia|Russian Federation|Russian|Russians|РФ|росси*|российск*"},
    {C, "Ukraine", "Ukraine|Ukrainian|Ukrainians|украин*|украинск*|Україна|України|Україні|Україну|український|української"},
    {C, "Belarus", "Belarus|Byelorussia|Belarusian|Byelorussian|беларус*|белорусси*|белорусск*"},
    {C, "Kazakhstan", "Kazakhstan|Kazakh|Kazakhstani|казахстан*|казахстанск*|казахск*"},
    {C, "Uzbekistan", "Uzbekistan|Uzbek|узбекистан*|узбекск*"},
    {C, "Kyrgyzstan", "Kyrgyzstan|Kyrgyz|Kirghizia|кыргызстан*|киргизи*|киргизск*|кыргызск*"},
    {C, "Tajikistan", "Tajikistan|Tajik|таджикистан*|таджикск*"},
    {C, "Turkmenistan", "Turkmenistan|Turkmen|туркменистан*|туркмени*|туркменск*"},
    {C, "Armenia", "Armenia|Armenian|армени*|армянск*"},
    {C, "Azerbaijan", "Azerbaijan|Azerbaijani|азербайджан*|азербайджанск*"},
    {C, "Georgia", "Georgia|Georgian|грузи*|грузинск*"},
    {C, "Moldova", "Moldova|Moldovan|Moldavia|молдави*|молдов*|молдавск*"},
    {C, "Mongolia", "Mongolia|Mongolian|монголи*|монгольск*"},
    // European Union members
    {C, "Austria", "Austria|Austrian|австри*|австрийск*"},
    {C, "Belgium", "Belgium|Belgian|бельги*|бельгийск*"},
    {C, "Bulgaria", "Bulgaria|Bulgarian|болгари*|болгарск*"},
    {C, "Croatia", "Croatia|Croatian|хорвати*|хорватск*"},
    {C, "Cyprus", "Cyprus|Cypriot|кипр*|кипрск*"},
    {C, "Czech Republic", "Czech Republic|Czechia|Czech|чехи*|чешск*"},
    {C, "Denmark", "Denmark|Danish|дани*|датск*"},
    {C, "Estonia", "Estonia|Estonian|эстони*|эстонск*"},
    {C, "Finland", "Finland|Finnish|финлянди*|финск*|финляндск*"},
    {C, "France", "France|French|франци*|французск*"},
    {C, "Germany", "Germany|German|Federal Republic of Germany|FRG|германи*|германск*|немецк*|ФРГ"},
    {C, "Greece", "Greece|Greek|греци*|греческ*"},
    {C, "Hungary", "Hungary|Hungarian|венгри*|венгерск*"},
    {C, "Ireland", "Ireland|Irish|ирланди*|ирландск*"},
    {C, "Italy", "Italy|Italian|итали*|итальянск*"},
    {C, "Latvia", "Latvia|Latvian|латви*|латвийск*"},
    {C, "Lithuania", "Lithuania|Lithuanian|литв*|литовск*"},
    {C, "Luxembourg", "Luxembourg|люксембург*|люксембургск*"},
    {C, "Malta", "Malta|Maltese|мальт*|мальтийск*"},
    {C, "Netherlands", "Netherlands|Holland|Dutch|нидерланд*|нидерландск*|голланди*|голландск*"},
    {C, "Poland", "Poland|Polish|польш*|польск*"},
    {C, "Portugal", "Portugal|Portuguese|португали*|португальск*"},
    {C, "Romania", "Romania|Romanian|румыни*|румынск*"},
    {C, "Slovakia", "Slovakia|Slovak|словаки*|словацк*"},
    {C, "Slovenia", "Slovenia|Slovenian|словени*|словенск*"},
    {C, "Spain", "Spain|Spanish|испани*|испанск*"},
    {C, "Sweden", "Sweden|Swedish|швеци*|шведск*"},
    // Rest of Europe
    {C, "United Kingdom", "United Kingdom|UK|U K|Great Britain|Britain|British|Northern Ireland|великобритани*|британск*|соединенн* королевств*"},
    {C, "Switzerland", "Switzerland|Swiss|Swiss Confederation|швейцари*|швейцарск*"},
    {C, "Norway", "Norway|Norwegian|норвеги*|норвежск*"},
    {C, "Iceland", "Iceland|Icelandic|исланди*|исландск*"},
    {C, "Serbia", "Serbia|Serbian|Serbs|серби*|сербск*"},
    {C, "Montenegro", "Montenegro|Montenegrin|черногори*|черногорск*"},
    {C, "Bosnia and Herzegovina", "Bosnia and Herzegovina|Bosnia|босни* и герцеговин*|босни*"},
    {C, "North Macedonia", "North Macedonia|Macedonia|Macedonian|северн* македони*|македони*|македонск*"},
    {C, "Albania", "Albania|Albanian|албани*|албанск*"},
    {C, "Liechtenstein", "Liechtenstein|лихтенштейн*"},
    {C, "Monaco", "Monaco|монако"},
    {C, "Holy See", "Holy See|Vatican|святейш* престол*|ватикан*"},
    // Americas
    {C, "United States", "United States|United States of America|USA|US|U S|U S A|America|American|Americans|США|соединенн* штат*|америк*|американск*"},
    {C, "Canada", "Canada|Canadian|канад*|канадск*"},
    {C, "Mexico", "Mexico|Mexican|мексик*|мексиканск*"},
    {C, "Cuba", "Cuba|Cuban|куба|кубы|кубе|кубу|кубой|кубинск*"},
    {C, "Venezuela", "Venezuela|Venezuelan|венесуэл*|венесуэльск*"},
    {C, "Brazil", "Brazil|Brazilian|бразили*|бразильск*"},
    {C, "Argentina", "Argentina|Argentine|Argentinian|аргентин*|аргентинск*"},
    {C, "Chile", "Chile|Chilean|чили|чилийск*"},
    {C, "Nicaragua", "Nicaragua|Nicaraguan|никарагу*|никарагуанск*"},
    {C, "Bolivia", "Bolivia|Bolivian|боливи*|боливийск*"},
    {C, "Peru", "Peru|Peruvian|перу|перуанск*"},
    {C, "Colombia", "Colombia|Colombian|колумби*|колумбийск*"},
    {C, "Ecuador", "Ecuador|Ecuadorian|эквадор*|эквадорск*"},
    // Asia and the Pacific
    {C, "China", "China|Chinese|People's Republic of China|PRC|КНР|китай|китая|китаю|китае|китаем|китайск*"},
    {C, "India", "India|Indian|инди*|индийск*"},
    {C, "Japan", "Japan|Japanese|япони*|японск*"},
    {C, "North Korea", "North Korea|DPRK|Democratic People's Republic of Korea|North Korean|КНДР|северн* коре*|корейск* народно демократическ* республик*"},
    {C, "South Korea", "South Korea|Republic of Korea|ROK|South Korean|республик* коре*|южн* коре*"},
    {C, "Vietnam", "Vietnam|Viet Nam|Vietnamese|вьетнам*|вьетнамск*"},
    {C, "Laos", "Laos|Lao|лаос*|лаосск*"},
    {C, "Cambodia", "Cambodia|Cambodian|камбодж*|камбоджийск*"},
    {C, "Thailand", "Thailand|Thai|таиланд*|таиландск*"},
    {C, "Myanmar", "Myanmar|мьянм*|мьянманск*"},
    {C, "Malaysia", "Malaysia|Malaysian|малайзи*|малайзийск*"},
    {C, "Singapore", "Singapore|сингапур*|сингапурск*"},
    {C, "Indonesia", "Indonesia|Indonesian|индонези*|индонезийск*"},
    {C, "Philippines", "Philippines|Philippine|Filipino|филиппин*|филиппинск*"},
    {C, "Australia", "Australia|Australian|австрали*|австралийск*"},
    {C, "New Zealand", "New Zealand|нов* зеланди*|новозеландск*"},
    {C, "Afghanistan", "Afghanistan|Afghan|афганистан*|афганск*"},
    {C, "Pakistan", "Pakistan|Pakistani|пакистан*|пакистанск*"},
    {C, "Bangladesh", "Bangladesh|бангладеш"},
    {C, "Sri Lanka", "Sri Lanka|Sri Lankan|шри ланк*|шри ланкийск*"},
    {C, "Nepal", "Nepal|Nepalese|непал*|непальск*"},
    // Middle East and North Africa
    {C, "Turkey", "Turkey|Türkiye|Turkish|турци*|турецк*"},
    {C, "Iran", "Iran|Iranian|Islamic Republic of Iran|ИРИ|иран*|иранск*"},
    {C, "Iraq", "Iraq|Iraqi|ирак*|иракск*"},
    {C, "Syria", "Syria|Syrian|Syrian Arab Republic|САР|сири*|сирийск*"},
    {C, "Israel", "Israel|Israeli|израил*|израильск*"},
    {C, "Palestine", "Palestine|Palestinian|Palestinians|палестин*|палестинск*"},
    {C, "Lebanon", "Lebanon|Lebanese|ливан*|ливанск*"},
    {C, "Jordan", "Jordan|Jordanian|иордани*|иорданск*"},
    {C, "Egypt", "Egypt|Egyptian|египет|египт*|египетск*|АРЕ"},
    {C, "Saudi Arabia", "Saudi Arabia|Saudi|KSA|саудовск* арави*|саудовск*|КСА"},
    {C, "United Arab Emirates", "United Arab Emirates|UAE|Emirati|ОАЭ|объединенн* арабск* эмират*"},
    {C, "Qatar", "Qatar|Qatari|катар*|катарск*"},
    {C, "Kuwait", "Kuwait|Kuwaiti|кувейт*|кувейтск*"},
    {C, "Bahrain", "Bahrain|Bahraini|бахрейн*|бахрейнск*"},
    {C, "Oman", "Oman|Omani|оман*|оманск*"},
    {C, "Yemen", "Yemen|Yemeni|йемен*|йеменск*"},
    {C, "Libya", "Libya|Libyan|ливи*|ливийск*"},
    {C, "Tunisia", "Tunisia|Tunisian|тунис*|тунисск*"},
    {C, "Algeria", "Algeria|Algerian|алжир*|алжирск*"},
    {C, "Morocco", "Morocco|Moroccan|марокко|марокканск*"},
    {C, "Sudan", "Sudan|Sudanese|судан*|суданск*"},
    {C, "South Sudan", "South Sudan|южн* судан*"},
    // Sub-Saharan Africa
    {C, "Ethiopia", "Ethiopia|Ethiopian|эфиопи*|эфиопск*"},
    {C, "South Africa", "South Africa|South African|Republic of South Africa|ЮАР|южн* африк*|южно африканск* республик*|южноафриканск*"},
    {C, "Nigeria", "Nigeria|Nigerian|нигери*|нигерийск*"},
    {C, "Kenya", "Kenya|Kenyan|кени*|кенийск*"},
    {C, "Angola", "Angola|Angolan|ангол*|ангольск*"},
    {C, "Mozambique", "Mozambique|мозамбик*|мозамбикск*"},
    {C, "Tanzania", "Tanzania|Tanzanian|танзани*|танзанийск*"},
    {C, "Uganda", "Uganda|Ugandan|уганд*|угандийск*"},
    {C, "Ghana", "Ghana|Ghanaian|гана|ганы|гане|гану|ганой|ганск*"},
    {C, "Senegal", "Senegal|Senegalese|сенегал*|сенегальск*"},
    {C, "Zimbabwe", "Zimbabwe|зимбабве"},
    // Disputed or partially recognised territories, recorded as places
    {P, "Abkhazia", "Abkhazia|абхази*|абхазск*"},
    {P, "South Ossetia", "South Ossetia|южн* осети*|югоосетинск*"},
    {P, "Transnistria", "Transnistria|Transdniestria|Pridnestrovie|приднестровь*|приднестровск*"},
    {P, "Crimea", "Crimea|крым*|крымск*"},
    {P, "Donbass", "Donbass|Donbas|донбасс*"},
    // Organisations
    {O, "UN", "UN|U N|United Nations|ООН|организаци* объединенн* наци*"},
    {O, "UN Security Council", "UN Security Council|United Nations Security Council|Security Council|UNSC|совет* безопасност* ООН|СБ ООН|совбез* ООН"},
    {O, "UN General Assembly", "UN General Assembly|United Nations General Assembly|UNGA|генеральн* ассамбле* ООН|ГА ООН"},
    {O, "OSCE", "OSCE|Organization for Security and Co-operation in Europe|Organisation for Security and Co-operation in Europe|Organization for Security and Cooperation in Europe|Organisation for Security and Cooperation in Europe|ОБСЕ|организаци* по безопасност* и сотрудничеств* в европ*"},
    {O, "EU", "EU|European Union|ЕС|евросоюз*|европейск* союз*"},
    {O, "NATO", "NATO|North Atlantic Treaty Organization|North Atlantic Treaty Organisation|North Atlantic Alliance|НАТО|североатлантическ* альянс*"},
    {O, "BRICS", "BRICS|БРИКС"},
    {O, "SCO", "SCO|Shanghai Cooperation Organisation|Shanghai Cooperation Organization|ШОС|шанхайск* организаци* сотрудничеств*"},
    {O, "CSTO", "CSTO|Collective Security Treaty Organisation|Collective Security Treaty Organization|ОДКБ|организаци* договор* о коллективн* безопасност*"},
    {O, "CIS", "CIS|Commonwealth of Independent States|СНГ|содружеств* независим* государств*"},
    {O, "EAEU", "EAEU|EAEC|EEU|Eurasian Economic Union|ЕАЭС|евразийск* экономическ* союз*"},
    {O, "Council of Europe", "Council of Europe|совет* европ*"},
    {O, "ICRC", "ICRC|International Committee of the Red Cross|МККК|международн* комитет* красн* крест*"},
    {O, "ASEAN", "ASEAN|Association of Southeast Asian Nations|Association of South East Asian Nations|АСЕАН"},
    {O, "G20", "G20|G 20|Group of Twenty|Г20|групп* двадцати"},
    {O, "G7", "G7|G 7|Group of Seven|групп* семи|больш* семерк*"},
    {O, "OPEC", "OPEC|ОПЕК"},
    {O, "Arab League", "Arab League|League of Arab States|ЛАГ|лиг* арабск* государств*"},
    {O, "African Union", "African Union|африканск* союз*"},
    {O, "IAEA", "IAEA|International Atomic Energy Agency|МАГАТЭ"},
    {O, "OPCW", "OPCW|Organisation for the Prohibition of Chemical Weapons|Organization for the Prohibition of Chemical Weapons|ОЗХО"},
    {O, "UNESCO", "UNESCO|ЮНЕСКО"},
    {O, "WTO", "WTO|World Trade Organization|World Trade Organisation|ВТО|всемирн* торгов* организаци*"},
    {O, "APEC", "APEC|АТЭС"},
    {O, "Gulf Cooperation Council", "Gulf Cooperation Council|GCC|ССАГПЗ"},
    {O, "Organisation of Islamic Cooperation", "Organisation of Islamic Cooperation|Organization of Islamic Cooperation|OIC|ОИС|организаци* исламск* сотрудничеств*"},
    // Phrases that contain a name without meaning its country or organisation
    {C, "", "Latin America|Latin American|North America|North American|South America|South American|Central America|Central American|Pan American|Inter American|New Mexico|Indian Ocean|латинск* америк*|латинск* американск*|северн* америк*|южн* америк*|центральн* америк*|русск* америк*"},
    {O, "", "Security Council of the Russian Federation|Security Council of Russia|Russian Security Council"},
};

// Case endings a '*' stem may take (lower case, ё folded to е); the empty ending is included.
constexpr std::string_view kEndings[] = {
    "",    "а",   "я",   "ы",   "и",   "е",   "у",   "ю",   "о",   "ь",   "ой",  "ей",  "ий",  "ый",
    "ая",  "яя",  "ое",  "ее",  "ом",  "ем",  "ам",  "ям",  "ах",  "ях",  "ами", "ями", "ую",  "юю",
    "ого", "его", "ому", "ему", "ым",  "им",  "ых",  "их",  "ими", "ыми", "ию",  "ия",  "ии",  "ией",
    "ие",  "ые",  "ью",  "ья",  "ье",  "ьи"};

bool IsEnding(std::string_view e) {
  for (std::string_view x : kEndings)
    if (x == e) return true;
  return false;
}

// [SECTION] Words of a text ---------------------------------------------------------------------------

struct Word {
  size_t start = 0, end = 0;  // byte range in the text
  std::string folded;         // lower case, diacritics folded
  bool upper_first = false;   // first letter is upper case
  bool cyrillic = false;      // first letter is Cyrillic
};

bool IsWordChar(char32_t cp) { return IsLetterCodepoint(cp) || (cp >= '0' && cp <= '9'); }

// Words are runs of letters and digits; everything else separates them ("Co-operation",
// "Iran's" and "G-20" are two words each).
std::vector<Word> SplitWords(std::string_view s) {
  std::vector<Word> out;
  out.reserve(s.size() / 6 + 1);  // about a word per six bytes of prose: no regrowth on most texts
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    const char32_t cp = Utf8Decode(s, &j);
    if (!IsWordChar(cp)) {
      i = j;
      continue;
    }
    Word w;
    w.start = i;
    w.upper_first = IsUpperCodepoint(cp);
    w.cyrillic = cp >= 0x400 && cp <= 0x52F;
    AppendFolded(&w.folded, cp);
    i = j;
    while (i < s.size()) {
      // ASCII at once (what Utf8Decode, IsWordChar and AppendFolded do with it: letters lower-cased).
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
        if (!lower && !upper && !(c >= '0' && c <= '9')) break;
        w.folded.push_back(static_cast<char>(upper ? c + 32 : c));
        ++i;
        continue;
      }
      size_t k = i;
      const char32_t next = Utf8Decode(s, &k);
      if (!IsWordChar(next)) break;
      AppendFolded(&w.folded, next);
      i = k;
    }
    w.end = i;
    out.push_back(std::move(w));
  }
  return out;
}

// [SECTION] Compiled table and the scan -------------------------------------------------------------

enum class Mode { Folded, Capitalised, Exact, Stem };

struct PatternWord {
  Mode mode = Mode::Folded;
  std::string text;  // folded form, or the exact bytes for Mode::Exact
};

struct Pattern {
  size_t entity = 0;
  std::vector<PatternWord> words;
};

// A 64-bit FNV-1a hash of a key of by_first (for Index::bloom).
uint64_t KeyHash(std::string_view key) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : key) h = (h ^ c) * 0x100000001B3ull;
  return h;
}

struct Index {
  std::vector<Pattern> patterns;
  std::vector<std::pair<std::string, size_t>> by_first;  // folded first word (or stem) → pattern
  // A Bloom filter of by_first's keys (two bits of 2^16 each): most words of a text start no
  // pattern, and the filter says so without the binary search over by_first's strings.
  static constexpr size_t kBloomBits = size_t{1} << 16;
  std::vector<uint64_t> bloom = std::vector<uint64_t>(kBloomBits / 64, 0);
  void AddKey(std::string_view key) {
    const uint64_t h = KeyHash(key);
    for (const uint64_t bit : {h % kBloomBits, (h >> 32) % kBloomBits}) bloom[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  // False only when no pattern starts with key.
  bool MayStart(std::string_view key) const {
    const uint64_t h = KeyHash(key);
    for (const uint64_t bit : {h % kBloomBits, (h >> 32) % kBloomBits})
      if (!(bloom[bit / 64] & (uint64_t{1} << (bit % 64)))) return false;
    return true;
  }
};

bool HasLowerLetter(std::string_view w) {
  for (size_t i = 0; i < w.size();) {
    const char32_t cp = Utf8Decode(w, &i);
    if (IsLetterCodepoint(cp) && !IsUpperCodepoint(cp) && LowerCodepoint(cp) == cp) {
      // A letter without a distinct upper-case form in our ranges counts as lower case only in
      // Latin and Cyrillic, where every letter has a pair.
      if (cp < 0x250 || (cp >= 0x400 && cp <= 0x52F)) return true;
    }
  }
  return false;
}

Index BuildIndex() {
  Index index;
  for (size_t e = 0; e < std::size(kKnown); ++e) {
    std::string_view rest = kKnown[e].patterns;
    while (!rest.empty()) {
      const size_t bar = rest.find('|');
      std::string_view pattern = rest.substr(0, bar);
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
      Pattern p;
      p.entity = e;
      // Split on spaces first so that '*' stays with its word, then split each part like text.
      size_t pos = 0;
      while (pos < pattern.size()) {
        size_t sp = pattern.find(' ', pos);
        if (sp == std::string_view::npos) sp = pattern.size();
        std::string_view part = pattern.substr(pos, sp - pos);
        pos = sp + 1;
        const bool stem = !part.empty() && part.back() == '*';
        if (stem) part.remove_suffix(1);
        for (const Word& w : SplitWords(part)) {
          std::string_view original = part.substr(w.start, w.end - w.start);
          PatternWord pw;
          if (stem) {
            pw.mode = Mode::Stem;
            pw.text = w.folded;
          } else if (!HasLowerLetter(original)) {
            pw.mode = Mode::Exact;
            pw.text.assign(original);
          } else if (w.upper_first && !w.cyrillic) {
            pw.mode = Mode::Capitalised;
            pw.text = w.folded;
          } else {
            pw.text = w.folded;
          }
          p.words.push_back(std::move(pw));
        }
      }
      if (p.words.empty()) continue;
      const std::string first = p.words[0].mode == Mode::Exact ? Utf8Fold(p.words[0].text) : p.words[0].text;
      index.by_first.emplace_back(first, index.patterns.size());
      index.patterns.push_back(std::move(p));
    }
  }
  std::sort(index.by_first.begin(), index.by_first.end());
  for (const auto& [key, pattern] : index.by_first) index.AddKey(key);
  return index;
}

const Index& GetIndex() {
  static const Index index = BuildIndex();  // immutable once built
  return index;
}

bool WordMatches(const PatternWord& pw, const Word& w, std::string_view text) {
  switch (pw.mode) {
    case Mode::Exact: return text.substr(w.start, w.end - w.start) == pw.text;
    case Mode::Capitalised: return w.upper_first && w.folded == pw.text;
    case Mode::Folded: return w.folded == pw.text;
    case Mode::Stem:
      return w.folded.size() >= pw.text.size() && w.folded.compare(0, pw.text.size(), pw.text) == 0 &&
             IsEnding(std::string_view(w.folded).substr(pw.text.size()));
  }
  return false;
}

struct Hit {
  size_t entity = 0;
  size_t first_word = 0, end_word = 0;  // word range
};

// Longest known phrase at each word, scanning left to right without overlaps.
std::vector<Hit> ScanWords(std::string_view text, const std::vector<Word>& words) {
  const Index& index = GetIndex();
  std::vector<Hit> hits;
  std::vector<size_t> candidates;
  for (size_t i = 0; i < words.size();) {
    candidates.clear();
    const std::string& f = words[i].folded;
    auto collect = [&](std::string_view key) {
      if (!index.MayStart(key)) return;
      auto lo = std::lower_bound(index.by_first.begin(), index.by_first.end(), key,
                                 [](const auto& a, std::string_view k) { return a.first < k; });
      for (; lo != index.by_first.end() && lo->first == key; ++lo) candidates.push_back(lo->second);
    };
    collect(f);
    if (words[i].cyrillic) {  // strip up to three Cyrillic letters of case ending to find a stem
      size_t cut = f.size();
      for (int k = 0; k < 3 && cut >= 2 * 3; ++k) {
        cut -= 2;
        collect(std::string_view(f).substr(0, cut));
      }
    }
    size_t best_len = 0, best_entity = 0;
    for (size_t pi : candidates) {
      const Pattern& p = index.patterns[pi];
      if (i + p.words.size() > words.size() || p.words.size() <= best_len) continue;
      bool ok = true;
      for (size_t k = 0; k < p.words.size() && ok; ++k) ok = WordMatches(p.words[k], words[i + k], text);
      if (ok) {
        best_len = p.words.size();
        best_entity = p.entity;
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    hits.push_back({best_entity, i, i + best_len});
    i += best_len;
  }
  return hits;
}

void AddKnown(std::vector<FoundEntity>* out, size_t entity, bool skip_russia) {
  const KnownEntity& k = kKnown[entity];
  if (k.name.empty() || (skip_russia && k.name == "Russia")) return;
  for (const FoundEntity& f : *out)
    if (f.kind == k.kind && f.name == k.name) return;
  out->push_back({k.kind, std::string(k.name)});
}

}  // namespace

std::vector<FoundEntity> FindKnownEntities(const std::string& text) {
  const std::vector<Word> words = SplitWords(text);
  std::vector<FoundEntity> out;
  for (const Hit& h : ScanWords(text, words)) AddKnown(&out, h.entity, false);
  return out;
}

// [SECTION] Titles: kind, place, meeting counterparts -------------------------------------------------

namespace {

// Offices, honorifics and institutions: never part of a person's name (compared folded).
constexpr std::string_view kTitleWords[] = {
    "minister", "ministers", "president", "prime", "foreign", "secretary", "general", "affairs", "ambassador",
    "chairman", "chairperson", "chair", "head", "deputy", "king", "queen", "emir", "sheikh", "crown", "prince",
    "princess", "special", "envoy", "representative", "director", "commissioner", "high", "federal",
    "chancellor", "vice", "premier", "leader", "speaker", "state", "senator", "mr", "mrs", "ms", "dr", "h",
    "e", "his", "her", "excellency", "majesty", "highness", "counterpart", "colleague", "sultan", "governor",
    "mayor", "cardinal", "patriarch", "pope", "archbishop", "cooperation", "trade", "development", "defence",
    "defense", "interior", "economy", "international", "relations", "european", "republic", "kingdom",
    "federation", "council", "organisation", "organization", "union", "commission", "committee", "assembly",
    "parliament", "national", "security", "united", "nations", "delegation", "ministry", "government",
    "office", "adviser", "advisor", "assistant", "spokesperson", "spokesman", "first", "executive",
    "permanent", "acting", "supreme", "grand", "duke", "lord", "sir", "people", "peoples", "democratic",
    "islamic", "arab", "chief", "officer", "secretariat", "president-elect", "bureau", "board", "members",
    "member", "participants", "heads", "ministers", "foreign-minister"};
// Russian and Ukrainian title stems (a folded word starting with one is a title word).
constexpr std::string_view kTitleStems[] = {
    "министр", "президент", "премьер", "председател", "генеральн", "генсек", "госсекретар", "секретар",
    "глав", "посол", "послом", "послу", "посла", "советник", "заместител", "руководител", "корол", "принц",
    "эмир", "султан", "шейх", "канцлер", "спикер", "директор", "комиссар", "представител", "спецпредставител",
    "спецпосланник", "посланник", "верховн", "федеральн", "вице", "господин", "наследн", "государственн",
    "правительств", "парламент", "республик", "королевств", "федераци", "совет", "организаци", "союз",
    "комитет", "комисси", "ассамбле", "иностранн", "международн", "сотрудничеств", "делегаци", "министерств",
    "коллег", "партнер", "народн", "демократическ", "исламск", "арабск", "первым", "первый", "исполнительн",
    "постоянн", "г", "гн", "міністр", "голов", "прем"};

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

bool IsTitleWord(const Word& w) {
  if (w.cyrillic) {
    if (w.folded == "дел") return true;  // "иностранных дел"
    for (std::string_view st : kTitleStems)
      if (st.size() <= 2 ? w.folded == st : StartsWith(w.folded, st)) return true;
    return false;
  }
  for (std::string_view t : kTitleWords)
    if (w.folded == t) return true;
  return false;
}

constexpr std::string_view kNameParticles[] = {"de", "da", "di", "del", "della", "van", "von", "der", "den",
                                               "le", "la", "du", "al", "el", "bin", "ibn", "ben", "bint", "abu",
                                               "ter", "dos", "das"};

bool IsParticle(const Word& w) {
  for (std::string_view p : kNameParticles)
    if (w.folded == p) return !w.upper_first;
  return false;
}

// The bytes between two words of a name may only be spaces, full stops, hyphens and apostrophes.
bool NameGap(std::string_view text, size_t from, size_t to) {
  for (size_t i = from; i < to;) {
    const char32_t cp = Utf8Decode(text, &i);
    if (!(IsSpaceCodepoint(cp) || cp == '.' || cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0x2010))
      return false;
  }
  return true;
}

bool GapHas(std::string_view text, size_t from, size_t to, std::string_view chars) {
  for (size_t i = from; i < to; ++i)
    if (chars.find(text[i]) != std::string_view::npos) return true;
  return false;
}

bool GapBreaksPhrase(std::string_view text, size_t from, size_t to) {
  if (GapHas(text, from, to, ",;()\"")) return true;
  const std::string_view gap = text.substr(from, to - from);
  return gap.find("\xC2\xAB") != std::string_view::npos || gap.find("\xC2\xBB") != std::string_view::npos ||
         gap.find("\xE2\x80\x9C") != std::string_view::npos || gap.find("\xE2\x80\x9D") != std::string_view::npos;
}

bool Any(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (w == x) return true;
  return false;
}

bool AnyPrefix(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (StartsWith(w, x)) return true;
  return false;
}

// Brings a Russian name in the instrumental case ("И.Дачичем", "Йенсом Столтенбергом",
// "Марией Захаровой") to the nominative ("И.Дачич", "Йенс Столтенберг", "Мария Захарова").
// A heuristic over common endings; names it does not recognise are left as they are.
std::string NominativeFromInstrumental(std::string_view name) {
  std::string out;
  size_t copied = 0;
  for (const Word& w : SplitWords(name)) {
    if (!w.cyrillic || w.folded.size() < 3 * 2) continue;
    const std::string& f = w.folded;
    auto ends = [&](std::string_view e) { return f.size() > e.size() && f.compare(f.size() - e.size(), e.size(), e) == 0; };
    size_t drop = 0;  // letters to remove
    std::string_view add_lower, add_upper;
    auto set = [&](size_t d, std::string_view lo, std::string_view up) {
      drop = d;
      add_lower = lo;
      add_upper = up;
    };
    if (ends("ским") || ends("цким")) set(2, "ий", "ИЙ");
    else if (ends("ской") || ends("цкой")) set(2, "ая", "АЯ");
    else if (ends("ым") && f.size() >= 5 * 2) set(2, "", "");
    else if (ends("ией")) set(2, "я", "Я");
    else if (ends("ой")) set(2, "а", "А");
    else if (ends("ом")) set(2, "", "");
    else if (ends("ем")) {
      const std::string_view before = std::string_view(f).substr(f.size() - 6, 2);
      if (Any(before, {"а", "е", "и", "о", "у", "ы", "э", "ю", "я"})) set(2, "й", "Й");
      else if (Any(before, {"ж", "ш", "ч", "щ", "ц"})) set(2, "", "");
      else set(2, "ь", "Ь");
    }
    if (drop == 0) continue;
    const size_t cut = w.end - drop * 2;  // Cyrillic letters are two bytes
    size_t last = cut - 2;
    const bool upper = IsUpperCodepoint(Utf8Decode(name, &last));
    out.append(name.substr(copied, cut - copied));
    out.append(upper ? add_upper : add_lower);
    copied = w.end;
  }
  out.append(name.substr(copied));
  return out;
}

struct KindRule {
  std::string_view kind;
  std::initializer_list<std::string_view> words;  // consecutive folded words; a trailing '*' is a prefix
  bool needs_with;                                // only when followed by "with" / "с"
};

bool WordIs(const Word& w, std::string_view pattern) {
  if (!pattern.empty() && pattern.back() == '*') return StartsWith(w.folded, pattern.substr(0, pattern.size() - 1));
  return w.folded == pattern;
}

// "with", "с", "со"; not the initial "С." of "С.В.Лавров".
bool IsWith(std::string_view text, const Word& w) {
  if (w.end < text.size() && text[w.end] == '.') return false;
  return w.folded == "with" || w.folded == "с" || w.folded == "со" || w.folded == "з";
}

// Index of the first "with" within reach after word i, or npos.
size_t WithAfter(std::string_view text, const std::vector<Word>& words, size_t i, size_t reach) {
  for (size_t k = i; k < words.size() && k <= i + reach; ++k)
    if (IsWith(text, words[k])) return k;
  return std::string_view::npos;
}

bool RuleAt(const std::vector<Word>& words, size_t i, const std::initializer_list<std::string_view>& pattern) {
  if (i + pattern.size() > words.size()) return false;
  size_t k = i;
  for (std::string_view p : pattern)
    if (!WordIs(words[k++], p)) return false;
  return true;
}

struct TitleWords {
  std::string_view text;
  std::vector<Word> words;
  std::vector<Hit> hits;
  std::vector<int> hit_of;  // per word: index into hits, or -1
};

// A short capitalised phrase without digits, quotes, offices or media names: "Sochi", "New York",
// "Rostov-on-Don", "г. Санкт-Петербург" (the "г." is dropped).
std::string PlaceFrom(std::string_view segment) {
  constexpr size_t kMaxChars = 40, kMaxWords = 4;
  std::string_view s = segment;
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '(' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  };
  s = trim(s);
  for (std::string_view prefix : {"г.", "г ", "city of ", "City of "})
    if (StartsWith(s, prefix)) s = trim(s.substr(prefix.size()));
  if (s.empty() || s.size() > kMaxChars * 2) return {};
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = Utf8Decode(s, &i);
    ++chars;
    if (!(IsLetterCodepoint(cp) || cp == ' ' || cp == '-' || cp == '.' || cp == '\'' || cp == 0x2019)) return {};
  }
  if (chars > kMaxChars) return {};
  const std::vector<Word> words = SplitWords(s);
  if (words.empty() || words.size() > kMaxWords || !words[0].upper_first) return {};
  for (const Word& w : words) {
    if (IsTitleWord(w)) return {};
    if (!w.upper_first && !Any(w.folded, {"on", "upon", "de", "la", "le", "am", "an", "der", "na", "на", "над", "sur", "del"}))
      return {};
    if (Any(w.folded, {"newspaper", "magazine", "journal", "agency", "channel", "tv", "radio", "mfa", "мид",
                       "радио", "tass", "ria", "тасс", "риа"}) ||
        AnyPrefix(w.folded, {"газет", "журнал", "агентств", "телеканал", "министерств"}))
      return {};
  }
  return std::string(s);
}

}  // namespace

MeetingInfo ParseTitle(const std::string& title) {
  MeetingInfo info;
  TitleWords t;
  t.text = title;
  t.words = SplitWords(title);
  t.hits = ScanWords(title, t.words);
  t.hit_of.assign(t.words.size(), -1);
  for (size_t h = 0; h < t.hits.size(); ++h)
    for (size_t k = t.hits[h].first_word; k < t.hits[h].end_word; ++k) t.hit_of[k] = static_cast<int>(h);

  // Date and place: "..., Sochi, 20 May 2013", "(МОСКВА, 5 ФЕВРАЛЯ 2003 ГОДА)".
  size_t head_end = title.size();  // where the part that names the event ends
  if (std::optional<DateInText> d = FindDateInText(title)) {
    info.date = d->date;
    head_end = d->start;
    size_t e = d->start;
    while (e > 0 && (title[e - 1] == ' ' || title[e - 1] == '\t')) --e;
    if (e > 0 && (title[e - 1] == ',' || title[e - 1] == '(')) {
      const size_t seg_end = e - 1;
      head_end = seg_end;
      const size_t comma = title.find_last_of(",(", seg_end == 0 ? 0 : seg_end - 1);
      if (seg_end > 0 && comma != std::string::npos && comma < seg_end) {
        info.place = PlaceFrom(std::string_view(title).substr(comma + 1, seg_end - comma - 1));
        if (!info.place.empty()) head_end = comma;
      }
    }
  }
  size_t head_words = 0;
  while (head_words < t.words.size() && t.words[head_words].end <= head_end) ++head_words;

  // Kind: the format words first (interview, press conference, briefing), then whichever of the
  // others comes first in the title ("remarks at talks" is a speech, "talks ... statement" talks).
  const std::initializer_list<KindRule> first_tier = {
      {"interview", {"interview"}, false},         {"interview", {"interviews"}, false},
      {"interview", {"интервью"}, false},          {"press conference", {"press", "conference*"}, false},
      {"press conference", {"news", "conference*"}, false}, {"press conference", {"пресс", "конференци*"}, false},
      {"briefing", {"briefing*"}, false},          {"briefing", {"брифинг*"}, false}};
  const std::initializer_list<KindRule> second_tier = {
      {"telephone conversation", {"telephone", "conversation*"}, false},
      {"telephone conversation", {"phone", "conversation*"}, false},
      {"telephone conversation", {"telephone", "call*"}, false},
      {"telephone conversation", {"phone", "call*"}, false},
      {"telephone conversation", {"телефонн*", "разговор*"}, false},
      {"article", {"article"}, false},
      {"article", {"op", "ed"}, false},
      {"article", {"статья"}, false},
      {"article", {"статьи"}, false},
      {"article", {"статью"}, false},
      {"talks", {"talks"}, false},
      {"talks", {"negotiations"}, false},
      {"talks", {"переговор*"}, false},
      {"consultations", {"consultations"}, false},
      {"consultations", {"консультаци*"}, false},
      {"meeting", {"meeting"}, true},
      {"meeting", {"meets"}, true},
      {"meeting", {"met"}, true},
      {"meeting", {"встреч*"}, true},
      {"meeting", {"беседа"}, true},
      {"speech", {"speech"}, false},
      {"speech", {"remarks"}, false},
      {"speech", {"address"}, false},
      {"speech", {"lecture"}, false},
      {"speech", {"выступлени*"}, false},
      {"speech", {"речь"}, false},
      {"speech", {"лекци*"}, false},
      {"statement", {"statement*"}, false},
      {"statement", {"declaration"}, false},
      {"statement", {"заявлени*"}, false},
      {"statement", {"декларац*"}, false},
      {"message", {"message*"}, false},
      {"message", {"greetings"}, false},
      {"message", {"congratulations"}, false},
      {"message", {"послани*"}, false},
      {"message", {"приветстви*"}, false},
      {"message", {"поздравлени*"}, false},
      {"message", {"обращени*"}, false},
      {"comment", {"comment"}, false},
      {"comment", {"commentary"}, false},
      {"comment", {"комментари*"}, false},
      {"report", {"report"}, false},
      {"report", {"доклад*"}, false},
      {"report", {"обзор*"}, false}};
  std::string_view kind;
  for (const KindRule& r : first_tier) {
    for (size_t i = 0; i < t.words.size() && kind.empty(); ++i)
      if (RuleAt(t.words, i, r.words)) kind = r.kind;
    if (!kind.empty()) break;
  }
  for (size_t i = 0; i < t.words.size() && kind.empty(); ++i)
    for (const KindRule& r : second_tier)
      if (RuleAt(t.words, i, r.words) &&
          (!r.needs_with ||
           WithAfter(title, t.words, i + r.words.size(), t.words[i].cyrillic ? 10 : 2) != std::string_view::npos)) {
        kind = r.kind;
        break;
      }
  info.kind.assign(kind);

  // Meeting: talks, negotiations, consultations anywhere; a meeting or a telephone conversation
  // "with" someone. The counterparts are read from the phrase after "with" / "с".
  size_t with = std::string_view::npos;
  for (size_t i = 0; i < head_words && with == std::string_view::npos; ++i) {
    const Word& w = t.words[i];
    const bool strong = Any(w.folded, {"talks", "negotiations", "consultations"}) ||
                        AnyPrefix(w.folded, {"переговор", "консультаци"});
    const bool weak = Any(w.folded, {"meeting", "meets", "met", "conversation", "call", "беседа"}) ||
                      AnyPrefix(w.folded, {"встреч", "разговор"});
    if (!strong && !weak) continue;
    const size_t found = WithAfter(title, t.words, i + 1, w.cyrillic ? 10 : (strong ? 8 : 3));
    if (found != std::string_view::npos && found < head_words) {
      info.is_meeting = true;
      with = found;
    } else if (strong) {
      info.is_meeting = true;
    }
  }
  if (!info.is_meeting) return info;

  std::vector<FoundEntity> people, known;
  if (with == std::string_view::npos) {
    // "Russian-Serbian talks": the countries and organisations named before the place and date.
    for (const Hit& h : t.hits)
      if (h.end_word <= head_words) AddKnown(&known, h.entity, true);
  } else {
    const bool russian = t.words[with].cyrillic;
    size_t end = with + 1;
    while (end < head_words) {
      const Word& w = t.words[end];
      if (end > with + 1 && GapBreaksPhrase(title, t.words[end - 1].end, w.start)) break;
      if (!w.upper_first && t.hit_of[end] < 0 &&
          Any(w.folded, {"at", "in", "on", "during", "within", "following", "after", "before", "ahead", "на", "в",
                         "во", "under", "via"}))
        break;
      ++end;
    }
    // Segments split at "and" / "и" (outside known names); each may end with a person's name.
    size_t seg_begin = with + 1;
    for (size_t k = with + 1; k <= end; ++k) {
      const bool split = k == end || (t.hit_of[k] < 0 && Any(t.words[k].folded, {"and", "и", "і", "та"}) &&
                                         !(t.words[k].end < title.size() && title[t.words[k].end] == '.'));
      if (!split) continue;
      // The name: capitalised words and initials running back from the end of the segment.
      size_t first = k, names = 0;
      while (first > seg_begin) {
        const Word& w = t.words[first - 1];
        if (t.hit_of[first - 1] >= 0 || IsTitleWord(w)) break;
        if (first < k && !NameGap(title, w.end, t.words[first].start)) break;
        if (w.upper_first) ++names;
        else if (!IsParticle(w)) break;
        --first;
        if (k - first >= 6) break;
      }
      while (first < k && !t.words[first].upper_first) ++first;  // no leading particle
      const bool after_title = first > seg_begin && IsTitleWord(t.words[first - 1]);
      if (names >= 2 || (names == 1 && after_title)) {
        std::string name = title.substr(t.words[first].start, t.words[k - 1].end - t.words[first].start);
        if (russian) name = NominativeFromInstrumental(name);
        const std::string key = EntityKey(name);
        bool seen = false;
        for (const FoundEntity& p : people) seen = seen || EntityKey(p.name) == key;
        if (!seen) people.push_back({EntityKind::Person, std::move(name)});
      }
      seg_begin = k + 1;
    }
    for (const Hit& h : t.hits)
      if (h.first_word > with && h.end_word <= end) AddKnown(&known, h.entity, true);
  }
  info.counterparts = std::move(people);
  for (FoundEntity& k : known) info.counterparts.push_back(std::move(k));
  return info;
}

// [SECTION] Official name forms --------------------------------------------------------------------

std::string NameFromOfficialForm(const std::string& written, std::string* position) {
  if (position) position->clear();
  std::string_view s = written;
  // Split off the position at a dash or comma.
  std::string_view name = s, pos;
  for (std::string_view sep : {" – ", " — ", " - ", ", "}) {
    const size_t at = s.find(sep);
    if (at != std::string_view::npos) {
      name = s.substr(0, at);
      pos = s.substr(at + sep.size());
      break;
    }
  }
  std::vector<std::string_view> words;
  for (size_t b = 0; b < name.size();) {
    size_t e = name.find(' ', b);
    if (e == std::string_view::npos) e = name.size();
    if (e > b) words.push_back(name.substr(b, e - b));
    b = e + 1;
  }
  if (words.size() < 2 || words.size() > 4) return "";
  // The surname in capitals (two letters or more, no lower case), then capitalised given names.
  auto all_upper = [](std::string_view w) {
    size_t letters = 0;
    for (size_t i = 0; i < w.size();) {
      const char32_t cp = Utf8Decode(w, &i);
      if (!IsLetterCodepoint(cp)) {
        if (cp != '-' && cp != '\'') return false;
        continue;
      }
      if (LowerCodepoint(cp) == cp) return false;
      ++letters;
    }
    return letters >= 2;
  };
  auto capitalised = [&](std::string_view w) {
    size_t i = 0;
    const char32_t first = Utf8Decode(w, &i);
    return IsUpperCodepoint(first) && !all_upper(w);
  };
  if (!all_upper(words[0])) return "";
  for (size_t k = 1; k < words.size(); ++k)
    if (!capitalised(words[k])) return "";
  if (!FindKnownEntities(std::string(name)).empty()) return "";  // "UN Security Council", "NATO Summit"
  // "LAVROV" → "Lavrov" (hyphenated parts each capitalised).
  std::string surname;
  bool start = true;
  for (size_t i = 0; i < words[0].size();) {
    const char32_t cp = Utf8Decode(words[0], &i);
    Utf8Append(&surname, start ? cp : LowerCodepoint(cp));
    start = cp == '-';
  }
  if (position) {
    size_t b = 0, e = pos.size();
    while (b < e && pos[b] == ' ') ++b;
    while (e > b && (pos[e - 1] == ' ' || pos[e - 1] == '.' || pos[e - 1] == ';')) --e;
    *position = std::string(pos.substr(b, e - b));
  }
  return std::string(words[1]) + " " + surname;
}

}  // namespace stenogram
