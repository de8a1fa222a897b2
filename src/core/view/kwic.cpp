// kwic: keyword-in-context lines (see kwic.h).
#include "core/view/kwic.h"
#include "core/text/enum_names.h"
#include "core/text/stable_order.h"

#include <algorithm>

#include "core/text/utf8_fold.h"

namespace stenogram {

namespace {

bool IsSpaceByte(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

// s with every white-space run (ASCII and Unicode spaces) as one space, trimmed.
std::string OneLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  size_t i = 0;
  while (i < s.size()) {
    const size_t at = i;
    const char32_t cp = Utf8Decode(s, &i);
    if ((cp < 0x80 && IsSpaceByte(static_cast<unsigned char>(cp))) || IsSpaceCodepoint(cp)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out.append(s.substr(at, i - at));
  }
  return out;
}

// Start of the UTF-8 character at or before byte i.
size_t CharStart(const std::string& s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// The byte where about `width` characters before `end` begin, moved forward to a word start.
size_t LeftCut(const std::string& s, size_t end, size_t width) {
  size_t i = end, n = 0;
  while (i > 0 && n < width) {
    --i;
    i = CharStart(s, i);
    ++n;
  }
  if (i == 0) return 0;
  const size_t first = i;
  while (i < end && !IsSpaceByte(static_cast<unsigned char>(s[i]))) ++i;  // the cut word is dropped
  return i < end ? i : first;
}

// The byte where about `width` characters after `start` end, moved back to a word end.
size_t RightCut(const std::string& s, size_t start, size_t width) {
  size_t i = start, n = 0;
  while (i < s.size() && n < width) {
    Utf8Decode(s, &i);
    ++n;
  }
  if (i >= s.size()) return s.size();
  const size_t last = i;
  while (i > start && !IsSpaceByte(static_cast<unsigned char>(s[i - 1]))) --i;
  return i > start ? i : last;
}

// Folded words of s: nearest the hit first when reversed.
std::vector<std::string> Words(const std::string& s, bool reversed) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : Utf8Fold(s)) {
    if (IsSpaceByte(static_cast<unsigned char>(c))) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else if (!(c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' || c == '(' ||
                 c == ')' || c == '\'')) {
      cur += c;
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  if (reversed) std::reverse(words.begin(), words.end());
  return words;
}

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

namespace {

constexpr EnumName<ContextSort> kContextSortNames[] = {{ContextSort::Document, "document"},
                                                       {ContextSort::Date, "date"},
                                                       {ContextSort::Left, "left"},
                                                       {ContextSort::Right, "right"}};

}  // namespace

bool ParseContextSort(const std::string& name, ContextSort* sort) { return ParseName(kContextSortNames, name, sort); }

const char* ContextSortName(ContextSort sort) { return NameOf(kContextSortNames, sort, "document"); }

void AppendContexts(const std::string& text, const std::vector<HitRange>& hits, size_t width, const ContextLine& proto,
                    int first_hit, std::vector<ContextLine>* out) {
  int n = first_hit;
  for (const HitRange& h : hits) {
    if (h.start < 0 || h.end < h.start || static_cast<size_t>(h.end) > text.size()) continue;
    const size_t s = static_cast<size_t>(h.start), e = static_cast<size_t>(h.end);
    ContextLine line = proto;
    line.start = h.start;
    line.end = h.end;
    line.hit = n++;
    const size_t l = LeftCut(text, s, width), r = RightCut(text, e, width);
    line.left = OneLine(std::string_view(text).substr(l, s - l));
    line.match = OneLine(std::string_view(text).substr(s, e - s));
    line.right = OneLine(std::string_view(text).substr(e, r - e));
    if (l > 0) line.left = "… " + line.left;
    if (r < text.size()) line.right += " …";
    // The hit is glued to its neighbours when the text is ("Lavrov's"): keep no space then.
    if (s > 0 && !IsSpaceByte(static_cast<unsigned char>(text[s - 1])) && !line.left.empty()) line.left += "\x01";
    if (e < text.size() && !IsSpaceByte(static_cast<unsigned char>(text[e]))) line.right = "\x01" + line.right;
    // \x01 marks "no space": drop it, and put a space where the text had one.
    if (!line.left.empty() && line.left.back() == '\x01') line.left.pop_back();
    else if (!line.left.empty()) line.left += ' ';
    if (!line.right.empty() && line.right.front() == '\x01') line.right.erase(0, 1);
    else if (!line.right.empty()) line.right = ' ' + line.right;
    out->push_back(std::move(line));
  }
}

void SortContexts(std::vector<ContextLine>* lines, ContextSort sort) {
  auto by_place = [](const ContextLine& a, const ContextLine& b) {
    if (a.order != b.order) return a.order < b.order;
    return a.hit < b.hit;
  };
  if (sort == ContextSort::Document) {
    StableSortBy(lines, by_place);
    return;
  }
  if (sort == ContextSort::Date) {
    StableSortBy(lines, [&](const ContextLine& a, const ContextLine& b) {
      if (a.date != b.date) {
        if (a.date.empty() || b.date.empty()) return !a.date.empty();  // undated last
        return a.date < b.date;
      }
      return by_place(a, b);
    });
    return;
  }
  // Keys computed once: the words nearest the hit first.
  struct Keyed {
    std::vector<std::string> first, second;
    size_t index;
  };
  std::vector<Keyed> keys(lines->size());
  for (size_t i = 0; i < lines->size(); ++i) {
    const ContextLine& l = (*lines)[i];
    if (sort == ContextSort::Left) {
      keys[i].first = Words(l.left, true);
      keys[i].second = Words(l.match + " " + l.right, false);
    } else {
      keys[i].first = Words(l.match + " " + l.right, false);
      keys[i].second = Words(l.left, true);
    }
    for (auto* v : {&keys[i].first, &keys[i].second})
      if (!v->empty() && ((*v).back() == "…")) v->pop_back();
    if (sort == ContextSort::Left && !keys[i].first.empty() && keys[i].first.back() == "…") keys[i].first.pop_back();
    keys[i].index = i;
  }
  StableSortBy(&keys, [&](const Keyed& a, const Keyed& b) {
    if (a.first != b.first) {
      // A line with no word on that side sorts first.
      return a.first < b.first;
    }
    if (a.second != b.second) return a.second < b.second;
    return by_place((*lines)[a.index], (*lines)[b.index]);
  });
  std::vector<ContextLine> sorted;
  sorted.reserve(lines->size());
  for (const Keyed& k : keys) sorted.push_back(std::move((*lines)[k.index]));
  *lines = std::move(sorted);
}

std::string ContextsCsv(const std::vector<ContextLine>& lines) {
  std::string out = "date,speaker,title,left,hit,right,document\r\n";
  for (const ContextLine& l : lines) {
    for (const std::string* f : {&l.date, &l.speaker, &l.title, &l.left, &l.match, &l.right}) out += CsvField(*f) + ",";
    out += std::to_string(l.doc) + "\r\n";
  }
  return out;
}

}  // namespace stenogram
