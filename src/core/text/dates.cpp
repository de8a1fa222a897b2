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
#include <string>
#include <string_view>
#include <vector>

#include "core/text/enum_names.h"
#include "core/text/strings.h"
#include "core/text/utf8_fold.h"

namespace stenogram {

// [SECTION] Calendar arithmetic ---------------------------------------------------------------

const char* PrecisionName(DatePrecision p) {
  static constexpr EnumName<DatePrecision> kNames[] = {{DatePrecision::Year, "year"},
                                                       {DatePrecision::Month, "month"},
                                                       {DatePrecision::Day, "day"},
                                                       {DatePrecision::Time, "time"}};
  return NameOf(kNames, p, "day");
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

struct MonthEntry {
  std::string_view word;  // lower case
  int month;
  std::string_view language;
  MonthForm form;
};

// The one table of month names: every form the parser reads, and the forms MonthWord prints
// (English names serve as their own genitive; a missing short form prints the name).
constexpr MonthEntry kMonths[] = {
    {"january", 1, "en", MonthForm::Name},
    {"february", 2, "en", MonthForm::Name},
    {"march", 3, "en", MonthForm::Name},
    {"april", 4, "en", MonthForm::Name},
    {"may", 5, "en", MonthForm::Name},
    {"june", 6, "en", MonthForm::Name},
    {"july", 7, "en", MonthForm::Name},
    {"august", 8, "en", MonthForm::Name},
    {"september", 9, "en", MonthForm::Name},
    {"october", 10, "en", MonthForm::Name},
    {"november", 11, "en", MonthForm::Name},
    {"december", 12, "en", MonthForm::Name},
    {"jan", 1, "en", MonthForm::Short},
    {"feb", 2, "en", MonthForm::Short},
    {"mar", 3, "en", MonthForm::Short},
    {"apr", 4, "en", MonthForm::Short},
    {"jun", 6, "en", MonthForm::Short},
    {"jul", 7, "en", MonthForm::Short},
    {"aug", 8, "en", MonthForm::Short},
    {"sep", 9, "en", MonthForm::Short},
    {"sept", 9, "en", MonthForm::OtherShort},
    {"oct", 10, "en", MonthForm::Short},
    {"nov", 11, "en", MonthForm::Short},
    {"dec", 12, "en", MonthForm::Short},
    {"январь", 1, "ru", MonthForm::Name},
    {"января", 1, "ru", MonthForm::Genitive},
    {"январе", 1, "ru", MonthForm::Locative},
    {"февраль", 2, "ru", MonthForm::Name},
    {"февраля", 2, "ru", MonthForm::Genitive},
    {"феврале", 2, "ru", MonthForm::Locative},
    {"март", 3, "ru", MonthForm::Name},
    {"марта", 3, "ru", MonthForm::Genitive},
    {"марте", 3, "ru", MonthForm::Locative},
    {"апрель", 4, "ru", MonthForm::Name},
    {"апреля", 4, "ru", MonthForm::Genitive},
    {"апреле", 4, "ru", MonthForm::Locative},
    {"май", 5, "ru", MonthForm::Name},
    {"мая", 5, "ru", MonthForm::Genitive},
    {"мае", 5, "ru", MonthForm::Locative},
    {"июнь", 6, "ru", MonthForm::Name},
    {"июня", 6, "ru", MonthForm::Genitive},
    {"июне", 6, "ru", MonthForm::Locative},
    {"июль", 7, "ru", MonthForm::Name},
    {"июля", 7, "ru", MonthForm::Genitive},
    {"июле", 7, "ru", MonthForm::Locative},
    {"август", 8, "ru", MonthForm::Name},
    {"августа", 8, "ru", MonthForm::Genitive},
    {"августе", 8, "ru", MonthForm::Locative},
    {"сентябрь", 9, "ru", MonthForm::Name},
    {"сентября", 9, "ru", MonthForm::Genitive},
    {"сентябре", 9, "ru", MonthForm::Locative},
    {"октябрь", 10, "ru", MonthForm::Name},
    {"октября", 10, "ru", MonthForm::Genitive},
    {"октябре", 10, "ru", MonthForm::Locative},
    {"ноябрь", 11, "ru", MonthForm::Name},
    {"ноября", 11, "ru", MonthForm::Genitive},
    {"ноябре", 11, "ru", MonthForm::Locative},
    {"декабрь", 12, "ru", MonthForm::Name},
    {"декабря", 12, "ru", MonthForm::Genitive},
    {"декабре", 12, "ru", MonthForm::Locative},
    {"янв", 1, "ru", MonthForm::Short},
    {"фев", 2, "ru", MonthForm::Short},
    {"февр", 2, "ru", MonthForm::OtherShort},
    {"мар", 3, "ru", MonthForm::Short},
    {"апр", 4, "ru", MonthForm::Short},
    {"июн", 6, "ru", MonthForm::Short},
    {"июл", 7, "ru", MonthForm::Short},
    {"авг", 8, "ru", MonthForm::Short},
    {"сен", 9, "ru", MonthForm::Short},
    {"сент", 9, "ru", MonthForm::OtherShort},
    {"окт", 10, "ru", MonthForm::Short},
    {"ноя", 11, "ru", MonthForm::Short},
    {"нояб", 11, "ru", MonthForm::OtherShort},
    {"дек", 12, "ru", MonthForm::Short},
    {"січень", 1, "uk", MonthForm::Name},
    {"січня", 1, "uk", MonthForm::Genitive},
    {"лютий", 2, "uk", MonthForm::Name},
    {"лютого", 2, "uk", MonthForm::Genitive},
    {"березень", 3, "uk", MonthForm::Name},
    {"березня", 3, "uk", MonthForm::Genitive},
    {"квітень", 4, "uk", MonthForm::Name},
    {"квітня", 4, "uk", MonthForm::Genitive},
    {"травень", 5, "uk", MonthForm::Name},
    {"травня", 5, "uk", MonthForm::Genitive},
    {"червень", 6, "uk", MonthForm::Name},
    {"червня", 6, "uk", MonthForm::Genitive},
    {"липень", 7, "uk", MonthForm::Name},
    {"липня", 7, "uk", MonthForm::Genitive},
    {"серпень", 8, "uk", MonthForm::Name},
    {"серпня", 8, "uk", MonthForm::Genitive},
    {"вересень", 9, "uk", MonthForm::Name},
    {"вересня", 9, "uk", MonthForm::Genitive},
    {"жовтень", 10, "uk", MonthForm::Name},
    {"жовтня", 10, "uk", MonthForm::Genitive},
    {"листопад", 11, "uk", MonthForm::Name},
    {"листопада", 11, "uk", MonthForm::Genitive},
    {"грудень", 12, "uk", MonthForm::Name},
    {"грудня", 12, "uk", MonthForm::Genitive},
};

const MonthEntry* FindMonth(const Token& t) {
  if (t.type != Tk::Word) return nullptr;
  for (const MonthEntry& m : kMonths)
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
    const MonthEntry* month = j < t_.size() ? FindMonth(t_[j]) : nullptr;
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
    const MonthEntry* month = i < t_.size() ? FindMonth(t_[i]) : nullptr;
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
    const MonthEntry* month = i < t_.size() ? FindMonth(t_[i]) : nullptr;
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

}  // namespace

// [SECTION] Month names --------------------------------------------------------------------------

std::string MonthWord(int month, MonthForm form, std::string_view language) {
  const MonthEntry* name = nullptr;
  const MonthEntry* wanted = nullptr;
  const MonthForm want = form == MonthForm::Genitive && language == "en" ? MonthForm::Name : form;
  for (const MonthEntry& m : kMonths) {
    if (m.month != month || m.language != language) continue;
    if (m.form == MonthForm::Name && !name) name = &m;
    if (m.form == want && !wanted) wanted = &m;
  }
  if (!wanted) wanted = form == MonthForm::Short ? name : nullptr;
  if (!wanted) return "";
  std::string out(wanted->word);
  if (language == "en" && !out.empty()) out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

int MonthFromWord(std::string_view word) {
  const std::string lower = Utf8Lower(TrimView(word));
  for (const MonthEntry& m : kMonths)
    if (m.word == lower) return m.month;
  return 0;
}

// [SECTION] ParseDate, FindDateInText ------------------------------------------------------------

std::optional<ParsedDate> ParseDate(const std::string& text) {
  const std::string_view s = TrimView(text);
  if (IsSentinel(s) || s == "0") return std::nullopt;  // "0": an epoch or a count, never a date
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
