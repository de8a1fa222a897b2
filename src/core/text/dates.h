// dates: parsing the many ways sources write a date into ISO 8601 with a precision.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stenogram {

enum class DatePrecision { Year, Month, Day, Time };

struct ParsedDate {
  std::string iso;            // "2014", "2014-12", "2014-12-04", "2014-12-04T16:10:00Z"
  DatePrecision precision = DatePrecision::Day;
  int64_t day = 0;            // days since 1970-01-01 of the first day covered
};

// Parses "2014-12-04", "2014-12-04T16:10:00Z", "2014-12-04 16:10", "04.12.2014", "4 December 2014",
// "December 4, 2014", "7 мая 2025 года", "December 2014", "декабрь 2014", "2014", ... Returns
// nullopt for sentinels ("", "NA", "null", "N/A", "-") and for anything not a valid date
// (including impossible days such as 2014-02-30).
std::optional<ParsedDate> ParseDate(const std::string& text);

// Finds the last date written in free text such as a mid.ru title ("..., Sochi, 20 May 2013"),
// returning it with the byte offset where it starts; nullopt if none.
struct DateInText {
  ParsedDate date;
  size_t start = 0, end = 0;
};
std::optional<DateInText> FindDateInText(const std::string& text);

// Month names, from the one table the parser reads too (dates.cpp): English, Russian, Ukrainian.
enum class MonthForm {
  Name,        // as in a calendar: "January", "январь", "січень"
  Genitive,    // as in a date: "5 января", "5 січня" (English: the name)
  Locative,    // "в январе" (Russian only; read, not printed)
  Short,       // "Jan", "янв" (the name when the language has none: "May", "май")
  OtherShort,  // further abbreviations the parser reads: "sept", "февр"
};
// month (1..12) in language ("en", "ru", "uk") and form; English capitalised ("January", "Jan"),
// Russian and Ukrainian lower case as written inside a date. "" for a month or language not in the table.
std::string MonthWord(int month, MonthForm form = MonthForm::Name, std::string_view language = "en");
// The month a word names in any form and language above (case-insensitive: "JAN", "Января"), or 0.
int MonthFromWord(std::string_view word);

const char* PrecisionName(DatePrecision p);  // "year", "month", "day", "time"
int64_t DaysFromCivil(int y, int m, int d);  // days since 1970-01-01 (proleptic Gregorian)
void CivilFromDays(int64_t days, int* y, int* m, int* d);

}  // namespace stenogram
