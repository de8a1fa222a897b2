// dates: parsing the many ways sources write a date into ISO 8601 with a precision.
//
// [SECTION] Calendar arithmetic
// [SECTION] Lexer: numbers, words (lower case), punctuation, with byte ranges
// [SECTION] Month and weekday names (English, Russian, Ukrainian)
// [SECTION] Patterns: ISO, numeric day-first, day-month-year, month-day-year, month-year, year
// [SECTION] ParseDate, FindDateInText
#include "core/text/dates.h"

#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

#include "core/text/utf8_fold.h"

namespace stenogram {

// [SECTION] Calendar arithmetic ---------------------------------------------------------------

const char* PrecisionName(DatePrecision p) {
  switch (p) {
    case DatePrecision::Year: return "year";
    case DatePrecision::Month: return "month";
    case DatePrecision::Day: return "day";
    case DatePrecision::Time: return "time";
  }
  return "day";
}

// Counts days through 400-year eras (146097 days each) with March as the first month, so the
// leap day falls at the end of the counted year.
int64_t DaysFromCivil(int y, int m, int d) {
  const int64_t yy = static_cast<int64_t>(y) - (m <= 2 ? 1 : 0);
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const int64_t year_of_era = yy - era * 400;                              // [0, 399]
  const int64_t month_from_march = m > 2 ? m - 3 : m + 9;                  // [0, 11]
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + d - 1;    // [0, 365]
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

void CivilFromDays(int64_t days, int* y, int* m, int* d) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  if (y) *y = static_cast<int>(year);
  if (m) *m = month;
  if (d) *d = day;
}

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

constexpr int kMinYear = 1000, kMaxYear = 2999;

struct Fields {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;
  std::string zone;  // "", "Z" or "+03:00"
  DatePrecision precision = DatePrecision::Day;
};

std::optional<ParsedDate> Build(const Fields& f) {
  if (f.year < kMinYear || f.year > kMaxYear) return std::nullopt;
  ParsedDate out;
  out.precision = f.precision;
  char buf[96];
  switch (f.precision) {
    case DatePrecision::Year:
      std::snprintf(buf, sizeof buf, "%04d", f.year);
      out.day = DaysFromCivil(f.year, 1, 1);
      break;
    case DatePrecision::Month:
      if (f.month < 1 || f.month > 12) return std::nullopt;
      std::snprintf(buf, sizeof buf, "%04d-%02d", f.year, f.month);
      out.day = DaysFromCivil(f.year, f.month, 1);
      break;
    case DatePrecision::Day:
    case DatePrecision::Time:
      if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > DaysInMonth(f.year, f.month)) return std::nullopt;
      if (f.precision == DatePrecision::Time) {
        if (f.hour < 0 || f.hour > 23 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60)
          return std::nullopt;
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", f.year, f.month, f.day, f.hour, f.minute,
                      f.second);
      } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", f.year, f.month, f.day);
      }
      out.day = DaysFromCivil(f.year, f.month, f.day);
      break;
  }
  out.iso = buf;
  if (f.precision == DatePrecision::Time) out.iso += f.zone;
  return out;
}

// [SECTION] Lexer --------------------------------------------------------------------------------

enum class Tk { Num, Word, Punct };

struct Token {
  Tk type;
  size_t start, end;  // byte range in the input
  std::string text;   // lower-cased word, digits, or the punctuation (dashes as "-")
  int value = 0;      // numbers: value (capped), digits: count of digits
  int digits = 0;
};

std::vector<Token> Lex(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      Token t{Tk::Num, start, start, {}, 0, 0};
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (t.value < 100000000) t.value = t.value * 10 + (s[i] - '0');
        ++t.digits;
        ++i;
      }
      t.end = i;
      t.text.assign(s.substr(start, i - start));
      out.push_back(std::move(t));
      continue;
    }
    const char32_t cp = Utf8Decode(s, &i);
    if (IsSpaceCodepoint(cp)) continue;
    if (IsLetterCodepoint(cp)) {
      Token t{Tk::Word, start, i, {}, 0, 0};
      Utf8Append(&t.text, LowerCodepoint(cp));
      while (i < s.size()) {
        size_t j = i;
        const char32_t next = Utf8Decode(s, &j);
        if (!IsLetterCodepoint(next)) break;
        Utf8Append(&t.text, LowerCodepoint(next));
        i = j;
      }
      t.end = i;
      out.push_back(std::move(t));
      continue;
    }
    Token t{Tk::Punct, start, i, {}, 0, 0};
    if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 || cp == 0x2212)
      t.text = "-";
    else
      Utf8Append(&t.text, cp);
    out.push_back(std::move(t));
  }
  return out;
}

// [SECTION] Month and weekday names ---------------------------------------------------------------

struct MonthName {
  std::string_view word;
  int month;
  bool abbreviation;
};

constexpr MonthName kMonths[] = {
    {"january", 1, false}, {"february", 2, false}, {"march", 3, false}, {"april", 4, false},
    {"may", 5, false}, {"june", 6, false}, {"july", 7, false}, {"august", 8, false},
    {"september", 9, false}, {"october", 10, false}, {"november", 11, false}, {"december", 12, false},
    {"jan", 1, true}, {"feb", 2, true}, {"mar", 3, true}, {"apr", 4, true}, {"jun", 6, true},
    {"jul", 7, true}, {"aug", 8, true}, {"sep", 9, true}, {"sept", 9, true}, {"oct", 10, true},
    {"nov", 11, true}, {"dec", 12, true},
    // Russian: nominative, genitive, prepositional, abbreviations.
    {"январь", 1, false}, {"января", 1, false}, {"январе", 1, false},
    {"февраль", 2, false}, {"февраля", 2, false}, {"феврале", 2, false},
    {"март", 3, false}, {"марта", 3, false}, {"марте", 3, false},
    {"апрель", 4, false}, {"апреля", 4, false}, {"апреле", 4, false},
    {"май", 5, false}, {"мая", 5, false}, {"мае", 5, false},
    {"июнь", 6, false}, {"июня", 6, false}, {"июне", 6, false},
    {"июль", 7, false}, {"июля", 7, false}, {"июле", 7, false},
    {"август", 8, false}, {"августа", 8, false}, {"августе", 8, false},
    {"сентябрь", 9, false}, {"сентября", 9, false}, {"сентябре", 9, false},
    {"октябрь", 10, false}, {"октября", 10, false}, {"октябре", 10, false},
    {"ноябрь", 11, false}, {"ноября", 11, false}, {"ноябре", 11, false},
    {"декабрь", 12, false}, {"декабря", 12, false}, {"декабре", 12, false},
    {"янв", 1, true}, {"фев", 2, true}, {"февр", 2, true}, {"мар", 3, true}, {"апр", 4, true},
    {"июн", 6, true}, {"июл", 7, true}, {"авг", 8, true}, {"сен", 9, true}, {"сент", 9, true},
    {"окт", 10, true}, {"ноя", 11, true}, {"нояб", 11, true}, {"дек", 12, true},
    // Ukrainian: nominative and genitive.
    {"січень", 1, false}, {"січня", 1, false}, {"лютий", 2, false}, {"лютого", 2, false},
    {"березень", 3, false}, {"березня", 3, false}, {"квітень", 4, false}, {"квітня", 4, false},
    {"травень", 5, false}, {"травня", 5, false}, {"червень", 6, false}, {"червня", 6, false},
    {"липень", 7, false}, {"липня", 7, false}, {"серпень", 8, false}, {"серпня", 8, false},
    {"вересень", 9, false}, {"вересня", 9, false}, {"жовтень", 10, false}, {"жовтня", 10, false},
    {"листопад", 11, false}, {"листопада", 11, false}, {"грудень", 12, false}, {"грудня", 12, false},
};

const MonthName* FindMonth(const Token& t) {
  if (t.type != Tk::Word) return nullptr;
  for (const MonthName& m : kMonths)
    if (m.word == t.text) return &m;
  return nullptr;
}

bool IsWeekday(const Token& t) {
  constexpr std::string_view kDays[] = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues",
      "wed", "thu", "thurs", "fri", "sat", "sun", "понедельник", "вторник", "среда", "четверг", "пятница",
      "суббота", "воскресенье", "пн", "вт", "ср", "чт", "пт", "сб", "вс"};
  if (t.type != Tk::Word) return false;
  for (std::string_view d : kDays)
    if (d == t.text) return true;
  return false;
}

// [SECTION] Patterns -------------------------------------------------------------------------------

struct Match {
  Fields fields;
  size_t end = 0;  // token index one past the match
};

class Matcher {
 public:
  explicit Matcher(const std::vector<Token>& t) : t_(t) {}

  bool Num(size_t i, int min_digits, int max_digits) const {
    return i < t_.size() && t_[i].type == Tk::Num && t_[i].digits >= min_digits && t_[i].digits <= max_digits;
  }
  bool Punct(size_t i, std::string_view p) const { return i < t_.size() && t_[i].type == Tk::Punct && t_[i].text == p; }
  bool Word(size_t i, std::string_view w) const { return i < t_.size() && t_[i].type == Tk::Word && t_[i].text == w; }
  bool Adjacent(size_t i) const { return i + 1 < t_.size() && t_[i].end == t_[i + 1].start; }
  int Value(size_t i) const { return t_[i].value; }

  // Skips an ordinal suffix written against the number ("4th", "1st").
  size_t SkipOrdinal(size_t i) const {
    if (i < t_.size() && i > 0 && Adjacent(i - 1) &&
        (Word(i, "st") || Word(i, "nd") || Word(i, "rd") || Word(i, "th") || Word(i, "е") || Word(i, "го")))
      return i + 1;
    return i;
  }

  // Skips the words Russian and English append to a year: "года", "г.", "год", "году", "year".
  size_t SkipYearWord(size_t i) const {
    if (Word(i, "года") || Word(i, "год") || Word(i, "году") || Word(i, "року") || Word(i, "рік")) return i + 1;
    if (Word(i, "г") || Word(i, "р")) return Punct(i + 1, ".") ? i + 2 : i + 1;
    return i;
  }

  // An optional time after a date: "16:10", "16:10:05", ", 16:10", "at 16:10", "в 16:10".
  size_t Time(size_t i, Fields* f) const {
    size_t j = i;
    if (Punct(j, ",") || Word(j, "at") || Word(j, "в")) ++j;
    if (!Num(j, 1, 2) || !Punct(j + 1, ":") || !Num(j + 2, 2, 2) || !Adjacent(j) || !Adjacent(j + 1)) return i;
    f->hour = Value(j);
    f->minute = Value(j + 2);
    f->second = 0;
    j += 3;
    if (Adjacent(j - 1) && Punct(j, ":") && Num(j + 1, 2, 2) && Adjacent(j)) {
      f->second = Value(j + 1);
      j += 2;
    }
    if (Adjacent(j - 1) && Punct(j, ".") && Num(j + 1, 1, 9) && Adjacent(j)) j += 2;  // fraction, dropped
    j = Zone(j, f);
    f->precision = DatePrecision::Time;
    return j;
  }

  // "Z", "+03:00", "+0300", "-05" written against the time.
  size_t Zone(size_t j, Fields* f) const {
    if (!Adjacent(j - 1)) return j;
    if (Word(j, "z")) {
      f->zone = "Z";
      return j + 1;
    }
    if ((Punct(j, "+") || Punct(j, "-")) && Adjacent(j)) {
      const char sign = t_[j].text[0];
      int hh = -1, mm = 0;
      size_t k = j + 1;
      if (Num(k, 4, 4)) {
        hh = Value(k) / 100;
        mm = Value(k) % 100;
        k += 1;
      } else if (Num(k, 2, 2)) {
        hh = Value(k);
        k += 1;
        if (Adjacent(k - 1) && Punct(k, ":") && Num(k + 1, 2, 2) && Adjacent(k)) {
          mm = Value(k + 1);
          k += 2;
        }
      }
      if (hh < 0 || hh > 14 || mm > 59) return j;
      char buf[24];
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, hh, mm);
      f->zone = (hh == 0 && mm == 0) ? "Z" : buf;
      return k;
    }
    return j;
  }

  // 2014-12-04, 2014/12/04, 2014-12-04T16:10:00Z, 2014-12-04 16:10; 2014-12 when allow_month.
  std::optional<Match> Iso(size_t i, bool allow_month) const {
    if (!Num(i, 4, 4) || !Adjacent(i) || !(Punct(i + 1, "-") || Punct(i + 1, "/")) || !Adjacent(i + 1) ||
        !Num(i + 2, 1, 2))
      return std::nullopt;
    const std::string& sep = t_[i + 1].text;
    Match m;
    m.fields.year = Value(i);
    m.fields.month = Value(i + 2);
    if (Adjacent(i + 2) && Punct(i + 3, sep) && Adjacent(i + 3) && Num(i + 4, 1, 2)) {
      m.fields.day = Value(i + 4);
      m.end = i + 5;
      if (Adjacent(i + 4) && Word(i + 5, "t") && Adjacent(i + 5)) {
        const size_t after = Time(i + 6, &m.fields);
        if (after == i + 6) return std::nullopt;  // a "T" must be followed by a time
        m.end = after;
      } else {
        m.end = Time(i + 5, &m.fields);
      }
      if (m.end < t_.size() && Adjacent(m.end - 1) && t_[m.end].type != Tk::Punct) return std::nullopt;
      return m;
    }
    if (!allow_month) return std::nullopt;
    m.fields.precision = DatePrecision::Month;
    m.end = i + 3;
    return m;
  }

  // 04.12.2014, 4.12.2014, 04-12-2014 (day first), with an optional time.
  std::optional<Match> Numeric(size_t i) const {
    if (!Num(i, 1, 2) || !(Punct(i + 1, ".") || Punct(i + 1, "-")) || !Num(i + 2, 1, 2) ||
        !Punct(i + 3, t_[i + 1].text) || !Num(i + 4, 4, 4))
      return std::nullopt;
    for (size_t k = i; k < i + 4; ++k)
      if (!Adjacent(k)) return std::nullopt;
    if (i > 0 && Adjacent(i - 1) && t_[i - 1].type != Tk::Punct) return std::nullopt;
    Match m;
    m.fields.day = Value(i);
    m.fields.month = Value(i + 2);
    m.fields.year = Value(i + 4);
    m.end = SkipYearWord(i + 5);
    m.end = Time(m.end, &m.fields);
    return m;
  }

  // 4 December 2014, 4 Dec. 2014, 4th of December, 2014, 24-25 октября 2006 года (first day).
  std::optional<Match> DayMonthYear(size_t i) const {
    if (!Num(i, 1, 2)) return std::nullopt;
    Match m;
    m.fields.day = Value(i);
    size_t j = SkipOrdinal(i + 1);
    if ((Punct(j, "-") || Punct(j, "/")) && Num(j + 1, 1, 2)) j = SkipOrdinal(j + 2);  // a range of days
    if (Word(j, "of")) ++j;
    const MonthName* month = j < t_.size() ? FindMonth(t_[j]) : nullptr;
    if (!month) return std::nullopt;
    m.fields.month = month->month;
    ++j;
    if (Punct(j, ".")) ++j;
    if (Punct(j, ",")) ++j;
    if (!Num(j, 4, 4)) return std::nullopt;
    m.fields.year = Value(j);
    m.end = SkipYearWord(j + 1);
    m.end = Time(m.end, &m.fields);
    return m;
  }

  // December 4, 2014; Dec. 4th 2014.
  std::optional<Match> MonthDayYear(size_t i) const {
    const MonthName* month = i < t_.size() ? FindMonth(t_[i]) : nullptr;
    if (!month) return std::nullopt;
    size_t j = i + 1;
    if (Punct(j, ".")) ++j;
    if (!Num(j, 1, 2)) return std::nullopt;
    Match m;
    m.fields.month = month->month;
    m.fields.day = Value(j);
    j = SkipOrdinal(j + 1);
    if (Punct(j, ",")) ++j;
    if (!Num(j, 4, 4)) return std::nullopt;
    m.fields.year = Value(j);
    m.end = SkipYearWord(j + 1);
    m.end = Time(m.end, &m.fields);
    return m;
  }

  // December 2014, май 2025, мая 2025 года.
  std::optional<Match> MonthYear(size_t i) const {
    const MonthName* month = i < t_.size() ? FindMonth(t_[i]) : nullptr;
    if (!month) return std::nullopt;
    size_t j = i + 1;
    if (Punct(j, ".")) ++j;
    if (Punct(j, ",")) ++j;
    if (!Num(j, 4, 4)) return std::nullopt;
    Match m;
    m.fields.month = month->month;
    m.fields.year = Value(j);
    m.fields.precision = DatePrecision::Month;
    m.end = SkipYearWord(j + 1);
    return m;
  }

  // 2014, 2014 год, 2014 г.
  std::optional<Match> Year(size_t i) const {
    if (!Num(i, 4, 4)) return std::nullopt;
    Match m;
    m.fields.year = Value(i);
    m.fields.precision = DatePrecision::Year;
    m.end = SkipYearWord(i + 1);
    return m;
  }

 private:
  const std::vector<Token>& t_;
};

bool IsSentinel(std::string_view s) {
  constexpr std::string_view kSentinels[] = {"", "na", "n/a", "n.a.", "null", "nil", "none", "nan", "nat",
                                             "-", "--", "—", "–", "?", "unknown", "undefined", "0"};
  std::string lower;
  for (char c : s) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  for (std::string_view x : kSentinels)
    if (x == lower) return true;
  return false;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    size_t j = b;
    if (!IsSpaceCodepoint(Utf8Decode(s, &j))) break;
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

}  // namespace

// [SECTION] ParseDate, FindDateInText ------------------------------------------------------------

std::optional<ParsedDate> ParseDate(const std::string& text) {
  const std::string_view s = Trim(text);
  if (IsSentinel(s)) return std::nullopt;
  const std::vector<Token> t = Lex(s);
  const Matcher mt(t);
  size_t i = 0;
  if (i < t.size() && IsWeekday(t[i])) {
    ++i;
    if (mt.Punct(i, ",")) ++i;
  }
  // The whole text must be the date, save one closing full stop.
  auto complete = [&](const std::optional<Match>& m) {
    return m && (m->end == t.size() || (m->end + 1 == t.size() && mt.Punct(m->end, ".")));
  };
  for (auto m : {mt.Iso(i, true), mt.Numeric(i), mt.DayMonthYear(i), mt.MonthDayYear(i), mt.MonthYear(i),
                 mt.Year(i)}) {
    if (complete(m)) return Build(m->fields);
  }
  return std::nullopt;
}

std::optional<DateInText> FindDateInText(const std::string& text) {
  const std::vector<Token> t = Lex(text);
  const Matcher mt(t);
  std::optional<DateInText> best;
  size_t best_end_tok = 0;
  size_t skip_until = 0;  // tokens inside an impossible date ("31 February 2014") start nothing
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].type == Tk::Punct || i < skip_until) continue;
    // At one start, the longest valid reading wins; across starts, the one ending last, and of
    // those the one starting first ("24-25 октября 2006" over "25 октября 2006").
    for (auto m : {mt.Iso(i, false), mt.Numeric(i), mt.DayMonthYear(i), mt.MonthDayYear(i), mt.MonthYear(i)}) {
      if (!m) continue;
      std::optional<ParsedDate> d = Build(m->fields);
      if (!d) {
        skip_until = m->end;
        break;
      }
      if (!best || m->end > best_end_tok) {
        best = DateInText{std::move(*d), t[i].start, t[m->end - 1].end};
        best_end_tok = m->end;
      }
      break;
    }
  }
  return best;
}

}  // namespace stenogram
