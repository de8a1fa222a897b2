// field_mapper: source records to DocRecords (see records.h): field aliases, numbered column
// families, #hashtags of message dumps, official name forms, list values and scalar value text.
//
// [SECTION] values
// [SECTION] field aliases
// [SECTION] FieldMapper
#include "core/import/records.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/import/input_limits.h"
#include "core/text/hashtags.h"
#include "core/text/language.h"
#include "core/text/strings.h"
#include "core/text/utf8_fold.h"

namespace stenogram {

// ---- [SECTION] values ----

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  const std::string t = Trim(s);
  if (t.size() >= 2 && t.front() == '[' && t.back() == ']') {
    Json j = Json::parse(t, nullptr, false);
    if (!j.is_discarded() && j.is_array()) {
      for (const auto& item : j) {
        std::string v = Trim(ValueText(item));
        if (!IsSentinel(v)) out.push_back(std::move(v));
      }
      return out;
    }
  }
  char sep = ',';
  if (t.find(';') != std::string::npos) {
    sep = ';';
  } else if (t.find('|') != std::string::npos) {
    sep = '|';
  }
  size_t start = 0;
  while (start <= t.size()) {
    size_t end = t.find(sep, start);
    if (end == std::string::npos) end = t.size();
    std::string item = Trim(std::string_view(t).substr(start, end - start));
    if (!IsSentinel(item)) out.push_back(std::move(item));
    start = end + 1;
  }
  return out;
}

std::string ValueText(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string: return v.get_ref<const std::string&>();
    case Json::value_t::null: return "";
    case Json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return v.dump();
    case Json::value_t::array: {
      std::string out;
      for (const auto& item : v) {
        std::string t = ValueText(item);
        if (IsSentinel(t)) continue;
        if (!out.empty()) out += "; ";
        out += t;
      }
      return out;
    }
    default: return v.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

// ---- [SECTION] field aliases ----

namespace {

constexpr const char* kFieldNames[] = {"id",        "title",         "date",         "date_precision", "text",
                                       "url",       "place",         "tags",         "speaker",        "persons",
                                       "countries", "organisations", "counterparts", "kind",           "section",
                                       "language",  "summary",       "places",       "meeting"};
static_assert(sizeof(kFieldNames) / sizeof(kFieldNames[0]) == static_cast<size_t>(Field::Count));

struct Alias {
  const char* key;  // lower case, without '_', '-', ' ', '.'
  Field field;
};
// Order matters: for scalar fields the first alias present with a value wins.
constexpr Alias kAliases[] = {
    {"id", Field::Id}, {"externalid", Field::Id}, {"docid", Field::Id}, {"documentid", Field::Id},
    {"uid", Field::Id}, {"guid", Field::Id}, {"recordid", Field::Id}, {"articleid", Field::Id},
    {"messageid", Field::Id}, {"postid", Field::Id}, {"itemid", Field::Id}, {"newsid", Field::Id},
    {"entryid", Field::Id}, {"storyid", Field::Id}, {"pageid", Field::Id}, {"tweetid", Field::Id},
    {"statusid", Field::Id}, {"msgid", Field::Id},
    {"title", Field::Title}, {"headline", Field::Title}, {"name", Field::Title}, {"heading", Field::Title},
    {"subject", Field::Title}, {"заголовок", Field::Title}, {"название", Field::Title},
    {"date", Field::Date}, {"datetime", Field::Date}, {"published", Field::Date}, {"publishedat", Field::Date},
    {"publicationdate", Field::Date}, {"pubdate", Field::Date}, {"publishdate", Field::Date},
    {"timestamp", Field::Date}, {"russiantimestamp", Field::Date}, {"time", Field::Date},
    {"created", Field::Date}, {"createdat", Field::Date}, {"dateline", Field::Date}, {"дата", Field::Date},
    {"dateprecision", Field::DatePrecision},
    {"text", Field::Text}, {"body", Field::Text}, {"content", Field::Text}, {"article", Field::Text},
    {"fulltext", Field::Text}, {"articletext", Field::Text}, {"transcript", Field::Text}, {"message", Field::Text},
    {"текст", Field::Text},
    {"url", Field::Url}, {"link", Field::Url}, {"href", Field::Url}, {"sourceurl", Field::Url},
    {"permalink", Field::Url}, {"uri", Field::Url},
    {"place", Field::Place}, {"location", Field::Place}, {"city", Field::Place}, {"venue", Field::Place},
    {"cities", Field::Places}, {"places", Field::Places}, {"locations", Field::Places},
    {"meeting", Field::Meeting}, {"ismeeting", Field::Meeting},
    {"tags", Field::Tags}, {"tag", Field::Tags}, {"topics", Field::Tags}, {"topic", Field::Tags},
    {"keywords", Field::Tags}, {"keyword", Field::Tags}, {"hashtags", Field::Tags}, {"subjects", Field::Tags},
    {"themes", Field::Tags},
    {"speaker", Field::Speaker}, {"speakers", Field::Speaker}, {"sendername", Field::Speaker},
    {"sender", Field::Speaker}, {"author", Field::Speaker}, {"authors", Field::Speaker},
    {"participants", Field::Persons}, {"persons", Field::Persons}, {"people", Field::Persons},
    {"person", Field::Persons},
    {"countries", Field::Countries}, {"country", Field::Countries},
    {"organisations", Field::Organisations}, {"organizations", Field::Organisations},
    {"organisation", Field::Organisations}, {"organization", Field::Organisations}, {"orgs", Field::Organisations},
    {"counterparts", Field::Counterparts}, {"counterpart", Field::Counterparts}, {"metwith", Field::Counterparts},
    {"kind", Field::Kind}, {"type", Field::Kind}, {"doctype", Field::Kind}, {"documenttype", Field::Kind},
    {"genre", Field::Kind},
    {"section", Field::Section}, {"category", Field::Section}, {"categories", Field::Section},
    {"rubric", Field::Section},
    {"language", Field::Language}, {"lang", Field::Language}, {"locale", Field::Language},
    {"summary", Field::Summary}, {"description", Field::Summary}, {"abstract", Field::Summary},
    {"lead", Field::Summary}, {"subtitle", Field::Summary}, {"teaser", Field::Summary}, {"excerpt", Field::Summary},
};

constexpr const char* kGroupKeys[] = {"conversationid", "threadid", "dialogid", "dialogueid",
                                      "interviewid",    "transcriptid", "sessionid"};

std::string NormaliseKey(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '_' || c == '-' || c == ' ' || c == '.') continue;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  if (static_cast<unsigned char>(out.empty() ? 0 : out[0]) >= 0x80) out = Utf8Lower(out);
  return out;
}

int AliasRank(const std::string& normalised, Field* field) {
  int rank = 0;
  for (const Alias& a : kAliases) {
    if (normalised == a.key) {
      *field = a.field;
      return rank;
    }
    ++rank;
  }
  return -1;
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// "text_2" < "text_10".
bool NaturalLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = a[i] >= '0' && a[i] <= '9', db = b[j] >= '0' && b[j] <= '9';
    if (da && db) {
      size_t ie = i, je = j;
      while (ie < a.size() && a[ie] >= '0' && a[ie] <= '9') ++ie;
      while (je < b.size() && b[je] >= '0' && b[je] <= '9') ++je;
      std::string_view na(a.data() + i, ie - i), nb(b.data() + j, je - j);
      while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

bool IsListField(Field f) {
  return f == Field::Tags || f == Field::Persons || f == Field::Countries || f == Field::Organisations ||
         f == Field::Counterparts || f == Field::Speaker || f == Field::Places;
}

void AppendList(const Json& v, std::vector<std::string>* out) {
  if (v.is_array()) {
    for (const auto& item : v) AppendList(item, out);
    return;
  }
  if (v.is_string()) {
    for (std::string& s : SplitList(v.get_ref<const std::string&>())) {
      if (std::find(out->begin(), out->end(), s) == out->end()) out->push_back(std::move(s));
    }
    return;
  }
  if (v.is_null()) return;
  std::string t = Trim(ValueText(v));
  if (!IsSentinel(t) && std::find(out->begin(), out->end(), t) == out->end()) out->push_back(std::move(t));
}

// Text of a value used as document text: arrays of paragraphs joined by blank lines.
std::string TextValue(const Json& v) {
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v) {
      std::string t = TextValue(item);
      if (IsSentinel(t)) continue;
      if (!out.empty()) out += "\n\n";
      out += t;
    }
    return out;
  }
  return ValueText(v);
}

std::optional<ParsedDate> DateFromEpoch(double seconds) {
  if (!std::isfinite(seconds)) return std::nullopt;
  if (std::fabs(seconds) > 1e11) seconds /= 1000.0;  // milliseconds
  if (seconds < -1e10 || seconds > 1e10) return std::nullopt;
  const auto whole = static_cast<int64_t>(std::floor(seconds));
  int64_t days = whole / 86400;
  int64_t rem = whole % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int y = 0, m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  ParsedDate p;
  p.iso = buf;
  p.precision = DatePrecision::Time;
  p.day = days;
  return p;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "article_full_text_10" → stem "article_full_text", number 10; false without a trailing number.
bool SplitNumbered(const std::string& key, std::string* stem) {
  size_t e = key.size();
  while (e > 0 && key[e - 1] >= '0' && key[e - 1] <= '9') --e;
  if (e == key.size() || e == 0) return false;
  size_t b = e;
  while (b > 0 && (key[b - 1] == '_' || key[b - 1] == '-' || key[b - 1] == ' ' || key[b - 1] == '.')) --b;
  *stem = NormaliseKey(key.substr(0, b));
  return !stem->empty();
}

bool IsTextStem(const std::string& stem) {
  for (const char* w : {"text", "body", "content", "article", "part", "paragraph", "para", "chunk", "segment",
                        "page", "transcript", "текст", "часть"})
    if (stem.find(w) != std::string::npos) return true;
  return false;
}

bool IsPersonStem(const std::string& stem) {
  for (const char* w : {"name", "person", "persons", "people", "participant", "speaker", "names", "имя", "персона",
                        "участник"})
    if (stem == w) return true;
  return false;
}

// The unused columns of the largest numbered family whose stem passes want, in natural order.
template <typename Want>
std::vector<size_t> FindFamily(const std::vector<std::pair<std::string, const Json*>>& items,
                               const std::vector<bool>& used, Want want) {
  std::vector<std::pair<std::string, std::vector<size_t>>> families;
  for (size_t k = 0; k < items.size(); ++k) {
    std::string stem;
    if (used[k] || !SplitNumbered(items[k].first, &stem) || !want(stem)) continue;
    auto it = std::find_if(families.begin(), families.end(), [&](const auto& f) { return f.first == stem; });
    if (it == families.end()) {
      families.push_back({stem, {}});
      it = families.end() - 1;
    }
    it->second.push_back(k);
  }
  std::vector<size_t> best;
  for (auto& f : families)
    if (f.second.size() > best.size()) best = f.second;
  std::sort(best.begin(), best.end(), [&](size_t a, size_t b) { return NaturalLess(items[a].first, items[b].first); });
  return best;
}

}  // namespace

namespace {

// "LAVROV Sergey Viktorovich – Minister of Foreign Affairs" in a person list → "Sergey Lavrov",
// with the position kept in extra.positions.
void OfficialNames(std::vector<std::string>* persons, DocRecord* out) {
  for (std::string& p : *persons) {
    std::string position;
    std::string name = NameFromOfficialForm(p, &position);
    if (name.empty()) continue;
    if (!out->extra.contains("positions")) out->extra["positions"] = Json::object();
    out->extra["positions"][name] = position.empty() ? p : position;
    p = std::move(name);
  }
}

}  // namespace

const char* FieldName(Field f) { return kFieldNames[static_cast<int>(f)]; }

std::optional<Field> FieldFromName(std::string_view name) {
  const std::string n = Utf8Lower(name);
  for (int i = 0; i < static_cast<int>(Field::Count); ++i)
    if (n == kFieldNames[i]) return static_cast<Field>(i);
  if (n == "organizations") return Field::Organisations;
  if (n == "speakers") return Field::Speaker;
  if (n == "cities") return Field::Places;
  if (n == "city") return Field::Place;
  return std::nullopt;
}

// ---- [SECTION] FieldMapper ----

FieldMapper::FieldMapper(const std::vector<std::pair<std::string, std::string>>& overrides) {
  for (const auto& [name, spec] : overrides) {
    const auto f = FieldFromName(name);
    if (!f) continue;
    Override& o = overrides_[static_cast<int>(*f)];
    o.set = true;
    o.sources.clear();
    size_t start = 0;
    while (start < spec.size()) {
      size_t end = spec.find('+', start);
      if (end == std::string::npos) end = spec.size();
      std::string part = Trim(std::string_view(spec).substr(start, end - start));
      if (!part.empty()) o.sources.push_back(Utf8Lower(part));
      start = end + 1;
    }
  }
}

std::string FieldMapper::FindGroupKey(const Json& rec) {
  if (!rec.is_object()) return "";
  for (const auto& [key, value] : rec.items()) {
    const std::string n = NormaliseKey(key);
    for (const char* g : kGroupKeys)
      if (n == g) return key;
  }
  return "";
}

void FieldMapper::Map(const Json& rec, DocRecord* out, std::vector<MapIssue>* issues) const {
  constexpr int kCount = static_cast<int>(Field::Count);
  // The source keys feeding each field, in order.
  std::vector<const Json*> values[kCount];
  std::vector<std::string> names[kCount];
  std::vector<bool> used(rec.size(), false);
  std::vector<std::pair<std::string, const Json*>> items;
  items.reserve(rec.size());
  for (const auto& [key, value] : rec.items()) items.emplace_back(key, &value);

  // 1. User overrides: named columns in the given order; patterns in natural order.
  for (int f = 0; f < kCount; ++f) {
    const Override& o = overrides_[f];
    if (!o.set) continue;
    for (const std::string& src : o.sources) {
      std::vector<size_t> hits;
      const bool glob = src.find_first_of("*?") != std::string::npos;
      for (size_t k = 0; k < items.size(); ++k) {
        const std::string lower = Utf8Lower(items[k].first);
        if (glob ? GlobMatch(src, lower) : lower == src) hits.push_back(k);
      }
      if (glob)
        std::sort(hits.begin(), hits.end(),
                  [&](size_t a, size_t b) { return NaturalLess(items[a].first, items[b].first); });
      for (size_t k : hits) {
        if (used[k]) continue;
        used[k] = true;
        values[f].push_back(items[k].second);
        names[f].push_back(items[k].first);
      }
    }
  }
  // 2. Aliases for the other fields: lists take every alias present, scalars the best ranked one
  // with a value (the others stay in extra).
  int best_rank[kCount];
  size_t best_item[kCount] = {};
  for (int f = 0; f < kCount; ++f) best_rank[f] = -1;
  std::vector<std::pair<int, size_t>> date_ranked;
  for (size_t k = 0; k < items.size(); ++k) {
    if (used[k]) continue;
    Field field = Field::Count;
    const int rank = AliasRank(NormaliseKey(items[k].first), &field);
    if (rank < 0) continue;
    const int f = static_cast<int>(field);
    if (overrides_[f].set) continue;
    const Json& v = *items[k].second;
    if (v.is_null() || (v.is_string() && IsSentinel(v.get_ref<const std::string&>()))) continue;
    if (v.is_array() && v.empty()) {
      used[k] = true;  // an empty list is no value; nothing to keep
      continue;
    }
    if (IsListField(field)) {
      used[k] = true;
      values[f].push_back(&v);
      names[f].push_back(items[k].first);
    } else if (field == Field::Date) {
      used[k] = true;  // every date field is tried in rank order; the unused ones go back to extra
      date_ranked.push_back({rank, k});
    } else if (best_rank[f] < 0 || rank < best_rank[f]) {
      best_rank[f] = rank;
      best_item[f] = k;
    }
  }
  std::sort(date_ranked.begin(), date_ranked.end());
  for (const auto& [rank, k] : date_ranked) {
    values[static_cast<int>(Field::Date)].push_back(items[k].second);
    names[static_cast<int>(Field::Date)].push_back(items[k].first);
  }
  for (int f = 0; f < kCount; ++f) {
    if (best_rank[f] < 0) continue;
    used[best_item[f]] = true;
    values[f].push_back(items[best_item[f]].second);
    names[f].push_back(items[best_item[f]].first);
  }

  // 2b. Numbered column families when no column says what it is: text split over
  // "article_full_text_1..N" / "body_part_N", persons listed as "Name_1..N" / "person_N".
  if (!overrides_[static_cast<int>(Field::Text)].set && values[static_cast<int>(Field::Text)].empty()) {
    auto family = FindFamily(items, used, IsTextStem);
    if (family.size() >= 2) {
      for (size_t k : family) {
        used[k] = true;
        values[static_cast<int>(Field::Text)].push_back(items[k].second);
        names[static_cast<int>(Field::Text)].push_back(items[k].first);
      }
      issues->push_back({"text", "text from a column family",
                         "no text column; text joined from " + items[family.front()].first + " … " +
                             items[family.back()].first + " (" + std::to_string(family.size()) +
                             " columns) in natural order",
                         false, true});
    }
  }
  if (!overrides_[static_cast<int>(Field::Persons)].set) {
    auto family = FindFamily(items, used, IsPersonStem);
    if (family.size() >= 2) {
      for (size_t k : family) {
        used[k] = true;
        values[static_cast<int>(Field::Persons)].push_back(items[k].second);
        names[static_cast<int>(Field::Persons)].push_back(items[k].first);
      }
      issues->push_back({"persons", "persons from a column family",
                         "persons taken from " + items[family.front()].first + " … " + items[family.back()].first +
                             " (" + std::to_string(family.size()) + " columns)",
                         false, true});
    }
  }

  auto scalar = [&](Field field, const char* joiner) {
    std::string out_text;
    for (const Json* v : values[static_cast<int>(field)]) {
      std::string t = Trim(field == Field::Text ? TextValue(*v) : ValueText(*v));
      if (IsSentinel(t)) continue;
      if (!out_text.empty()) out_text += joiner;
      out_text += t;
    }
    return out_text;
  };
  out->external_id = scalar(Field::Id, " ");
  out->title = scalar(Field::Title, " ");
  out->text = scalar(Field::Text, "\n\n");
  out->url = scalar(Field::Url, " ");
  out->kind = scalar(Field::Kind, "; ");
  out->section = scalar(Field::Section, "; ");
  out->summary = scalar(Field::Summary, "\n\n");
  {
    const std::string lang = scalar(Field::Language, " ");
    if (!lang.empty()) out->language = NormaliseLanguage(lang);
  }
  for (const Json* v : values[static_cast<int>(Field::Tags)]) AppendList(*v, &out->tags);
  for (const Json* v : values[static_cast<int>(Field::Persons)]) AppendList(*v, &out->persons);
  OfficialNames(&out->persons, out);
  for (const Json* v : values[static_cast<int>(Field::Speaker)]) AppendList(*v, &out->speakers);
  for (const Json* v : values[static_cast<int>(Field::Countries)]) AppendList(*v, &out->countries);
  for (const Json* v : values[static_cast<int>(Field::Organisations)]) AppendList(*v, &out->organisations);
  for (const Json* v : values[static_cast<int>(Field::Counterparts)]) AppendList(*v, &out->counterparts);
  for (const Json* v : values[static_cast<int>(Field::Places)]) AppendList(*v, &out->places);
  {
    // The place where it happened: the first of a list, if a list was given.
    std::vector<std::string> place;
    for (const Json* v : values[static_cast<int>(Field::Place)]) AppendList(*v, &place);
    if (!place.empty()) out->place = place.front();
    for (size_t k = 1; k < place.size(); ++k) out->places.push_back(place[k]);
  }
  if (!values[static_cast<int>(Field::Meeting)].empty()) {
    const Json& v = *values[static_cast<int>(Field::Meeting)].front();
    const std::string t = Utf8Lower(Trim(ValueText(v)));
    if (t == "true" || t == "yes" || t == "1" || t == "y") {
      out->meeting = 1;
    } else if (t == "false" || t == "no" || t == "0" || t == "n") {
      out->meeting = 0;
    } else {
      out->extra[names[static_cast<int>(Field::Meeting)].front()] = v;
    }
  }

  // Date: the first mapped value that parses; numbers and digit strings are Unix times.
  const auto& date_values = values[static_cast<int>(Field::Date)];
  const auto& date_names = names[static_cast<int>(Field::Date)];
  std::string first_bad, first_bad_field;
  for (size_t k = 0; k < date_values.size(); ++k) {
    const Json& v = *date_values[k];
    if (out->date) {
      out->extra[date_names[k]] = v;  // a further date field: kept as it is
      continue;
    }
    std::optional<ParsedDate> parsed;
    std::string raw;
    if (v.is_number()) {
      parsed = DateFromEpoch(v.get<double>());
      raw = v.dump();
    } else {
      raw = Trim(ValueText(v));
      if (IsSentinel(raw)) continue;
      parsed = ParseDate(raw);
      if (!parsed && (raw.size() == 10 || raw.size() == 13) && AllDigits(raw))
        parsed = DateFromEpoch(std::strtod(raw.c_str(), nullptr));
      if (!parsed && raw.size() > 10 && (raw[10] == 'T' || raw[10] == ' ')) {
        // "2022-03-11T24:04:30": keep the valid day when only the time is impossible.
        parsed = ParseDate(raw.substr(0, 10));
        if (parsed && parsed->precision == DatePrecision::Day)
          issues->push_back({date_names[k], "invalid time in date",
                             "'" + std::string(Utf8Prefix(raw, 60)) + "': day kept, time dropped (raw value in extra)"});
        if (parsed) out->extra[date_names[k]] = v;
      }
    }
    if (parsed) {
      out->date = std::move(parsed);
      out->date_source = date_names[k];
    } else {
      if (first_bad.empty()) {
        first_bad = raw;
        first_bad_field = date_names[k];
      }
      out->extra[date_names[k]] = v;
    }
  }
  if (!out->date && !first_bad.empty())
    issues->push_back({first_bad_field, "unparseable date", "'" + std::string(Utf8Prefix(first_bad, 60)) + "' kept in extra"});
  const std::string precision = Utf8Lower(scalar(Field::DatePrecision, " "));
  if (out->date && !precision.empty()) {
    ParsedDate& d = *out->date;
    if (precision == "year" && d.iso.size() >= 4) {
      d.iso.resize(4);
      d.precision = DatePrecision::Year;
    } else if (precision == "month" && d.iso.size() >= 7 && d.precision != DatePrecision::Year) {
      d.iso.resize(7);
      d.precision = DatePrecision::Month;
    } else if (precision == "day" && d.iso.size() >= 10 && d.precision == DatePrecision::Time) {
      d.iso.resize(10);
      d.precision = DatePrecision::Day;
    } else if (precision != "year" && precision != "month" && precision != "day" && precision != "time") {
      issues->push_back({names[static_cast<int>(Field::DatePrecision)].front(), "unknown date precision",
                         "'" + precision + "' ignored"});
    }
  }

  // Message dumps (Telegram-style: message_id, views, forwards, ...): #hashtags are tags.
  {
    bool message_like = false;
    for (const auto& [key, value] : items) {
      const std::string n = NormaliseKey(key);
      for (const char* m : {"messageid", "msgid", "postid", "views", "forwards", "reactions", "channel", "chat",
                            "chatid", "fromid", "replyto", "replytomessageid", "forwardedfrom", "sendername"})
        if (n == m) message_like = true;
    }
    if (message_like && !overrides_[static_cast<int>(Field::Tags)].set)
      for (std::string& tag : FindHashtags(out->text))
        if (std::find(out->tags.begin(), out->tags.end(), tag) == out->tags.end()) out->tags.push_back(std::move(tag));
  }

  // 3. Everything not used goes to extra (sentinels carry nothing and are left out). Source keys
  // are unique, so they are appended without ordered_json's linear key search (quadratic for a
  // CSV with 100,000 columns); only the few keys the steps above put in extra are looked up.
  if (!out->extra.is_object()) out->extra = Json::object();
  std::vector<std::string> already;
  for (const auto& [key, value] : out->extra.items()) already.push_back(key);
  auto& members = out->extra.get_ref<Json::object_t&>();
  for (size_t k = 0; k < items.size(); ++k) {
    if (used[k]) continue;
    const Json& v = *items[k].second;
    if (v.is_null() || (v.is_string() && IsSentinel(v.get_ref<const std::string&>()))) continue;
    if (std::find(already.begin(), already.end(), items[k].first) != already.end())
      out->extra[items[k].first] = v;
    else
      members.emplace_back(items[k].first, v);
  }
}

}  // namespace stenogram
