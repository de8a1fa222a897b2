// Tests of dates: ISO and written forms in English and Russian, precisions, sentinels, invalid
// days, leap years, and the last date in a mid.ru title.
#include <doctest/doctest.h>

#include <string>

#include "core/text/dates.h"

using namespace stenogram;

namespace {

std::string Iso(const std::string& s) {
  auto d = ParseDate(s);
  return d ? d->iso : std::string("<none>");
}

DatePrecision Precision(const std::string& s) { return ParseDate(s).value().precision; }

std::string Found(const std::string& s) {
  auto d = FindDateInText(s);
  return d ? d->date.iso + " @" + std::to_string(d->start) : std::string("<none>");
}

}  // namespace

TEST_CASE("dates: civil day arithmetic round-trips") {
  CHECK(DaysFromCivil(1970, 1, 1) == 0);
  CHECK(DaysFromCivil(1969, 12, 31) == -1);
  CHECK(DaysFromCivil(2000, 3, 1) == 11017);
  CHECK(DaysFromCivil(2014, 12, 4) == 16408);
  for (int64_t day = -800000; day <= 800000; day += 997) {
    int y = 0, m = 0, d = 0;
    CivilFromDays(day, &y, &m, &d);
    REQUIRE(DaysFromCivil(y, m, d) == day);
  }
  int y = 0, m = 0, d = 0;
  CivilFromDays(DaysFromCivil(2024, 2, 29), &y, &m, &d);
  CHECK((y == 2024 && m == 2 && d == 29));
}

TEST_CASE("dates: ISO forms") {
  CHECK(Iso("2014-12-04") == "2014-12-04");
  CHECK(Precision("2014-12-04") == DatePrecision::Day);
  CHECK(Iso("2014-12-04T16:10:00Z") == "2014-12-04T16:10:00Z");
  CHECK(Precision("2014-12-04T16:10:00Z") == DatePrecision::Time);
  CHECK(Iso("2014-12-04 16:10") == "2014-12-04T16:10:00");
  CHECK(Iso("2013-05-21 09:51:00") == "2013-05-21T09:51:00");  // mid.ru datetime column
  CHECK(Iso("2022-05-17T23:48:46") == "2022-05-17T23:48:46");  // resistinua
  CHECK(Iso("2014-12-04T16:10:00+03:00") == "2014-12-04T16:10:00+03:00");
  CHECK(Iso("2014-12-04T16:10:00.123+0300") == "2014-12-04T16:10:00+03:00");
  CHECK(Iso("2014-12-04T16:10:00-05:00") == "2014-12-04T16:10:00-05:00");
  CHECK(Iso("2014-12-04T16:10:00+00:00") == "2014-12-04T16:10:00Z");
  CHECK(Iso("2014/12/04") == "2014-12-04");
  CHECK(Iso("2014-12") == "2014-12");
  CHECK(Precision("2014-12") == DatePrecision::Month);
  CHECK(Iso("  2014-12-04\r\n") == "2014-12-04");
  CHECK(ParseDate("2014-12-04T16:10:00Z")->day == DaysFromCivil(2014, 12, 4));
}

TEST_CASE("dates: written forms") {
  CHECK(Iso("04.12.2014") == "2014-12-04");
  CHECK(Iso("4.12.2014") == "2014-12-04");
  CHECK(Iso("04-12-2014") == "2014-12-04");
  CHECK(Iso("04.12.2014 16:10") == "2014-12-04T16:10:00");
  CHECK(Iso("4 December 2014") == "2014-12-04");
  CHECK(Iso("December 4, 2014") == "2014-12-04");
  CHECK(Iso("December 4th, 2014") == "2014-12-04");
  CHECK(Iso("4th of December 2014") == "2014-12-04");
  CHECK(Iso("4 Dec 2014") == "2014-12-04");
  CHECK(Iso("4 Dec. 2014") == "2014-12-04");
  CHECK(Iso("Sept. 9, 2014") == "2014-09-09");
  CHECK(Iso("Thursday, 4 December 2014") == "2014-12-04");
  CHECK(Iso("4 DECEMBER 2014") == "2014-12-04");
  CHECK(Iso("December 2014") == "2014-12");
  CHECK(Precision("December 2014") == DatePrecision::Month);
  CHECK(Iso("2014") == "2014");
  CHECK(Precision("2014") == DatePrecision::Year);
  CHECK(ParseDate("2014")->day == DaysFromCivil(2014, 1, 1));
  CHECK(ParseDate("December 2014")->day == DaysFromCivil(2014, 12, 1));
  CHECK(Iso("4 December 2014, 16:10") == "2014-12-04T16:10:00");
}

TEST_CASE("dates: Russian and Ukrainian forms") {
  CHECK(Iso("7 мая 2025 года") == "2025-05-07");
  CHECK(Iso("7 мая 2025 г.") == "2025-05-07");
  CHECK(Iso("7 мая 2025г.") == "2025-05-07");
  CHECK(Iso("5 ФЕВРАЛЯ 2003 ГОДА") == "2003-02-05");
  CHECK(Iso("20 мая 2013") == "2013-05-20");
  CHECK(Iso("май 2025") == "2025-05");
  CHECK(Iso("мая 2025") == "2025-05");
  CHECK(Iso("декабрь 2014") == "2014-12");
  CHECK(Iso("в декабре 2014 года") == "<none>");  // a phrase, not a date field
  CHECK(Iso("2010 год") == "2010");
  CHECK(Iso("2010 г.") == "2010");
  CHECK(Iso("17 травня 2022 року") == "2022-05-17");
  CHECK(Iso("1 сентября 2019 г") == "2019-09-01");
}

TEST_CASE("dates: sentinels and rubbish give nullopt") {
  for (const char* s : {"", "   ", "NA", "na", "N/A", "null", "NULL", "None", "-", "—", "nan", "unknown"})
    CHECK_MESSAGE(!ParseDate(s), s);
  for (const char* s : {"hello", "2014-13-01", "2014-00-10", "32 December 2014", "December 2014 and more",
                        "12:30", "1577840400.0", "99", "0000-00-00", "20 May", "Mayday 2014", "2014-12-04Tnope",
                        "2014-12-04T25:00", "May 4"})
    CHECK_MESSAGE(!ParseDate(s), s);
}

TEST_CASE("dates: impossible days and leap years") {
  CHECK(!ParseDate("2014-02-30"));
  CHECK(!ParseDate("2014-02-29"));
  CHECK(Iso("2016-02-29") == "2016-02-29");
  CHECK(Iso("2000-02-29") == "2000-02-29");  // divisible by 400
  CHECK(!ParseDate("1900-02-29"));           // divisible by 100, not 400
  CHECK(!ParseDate("29 февраля 2023 года"));
  CHECK(Iso("29 февраля 2024 года") == "2024-02-29");
  CHECK(!ParseDate("31.04.2014"));
  CHECK(Iso("30.04.2014") == "2014-04-30");
  CHECK(!ParseDate("September 31, 2014"));
}

TEST_CASE("dates: precision names") {
  CHECK(std::string(PrecisionName(DatePrecision::Year)) == "year");
  CHECK(std::string(PrecisionName(DatePrecision::Month)) == "month");
  CHECK(std::string(PrecisionName(DatePrecision::Day)) == "day");
  CHECK(std::string(PrecisionName(DatePrecision::Time)) == "time");
}

TEST_CASE("dates: the last date in a title") {
  const std::string en =
      "Foreign Minister Sergey Lavrov's talks with Secretary General of the Council of Europe Thorbjørn Jagland, "
      "Sochi, 20 May 2013";
  auto d = FindDateInText(en);
  REQUIRE(d);
  CHECK(d->date.iso == "2013-05-20");
  CHECK(en.substr(d->start, d->end - d->start) == "20 May 2013");

  const std::string ru = "Переговоры Министра иностранных дел России С.В.Лаврова, Москва, 20 мая 2013 года";
  d = FindDateInText(ru);
  REQUIRE(d);
  CHECK(d->date.iso == "2013-05-20");
  CHECK(ru.substr(d->start, d->end - d->start) == "20 мая 2013 года");

  // The range keeps its first day; the later of two dates wins.
  CHECK(Found("О порядке аккредитации (г. Санкт-Петербург, 24-25 октября 2006 года)").rfind("2006-10-24", 0) == 0);
  CHECK(Found("Conference of 2010, New York, 4 May 2009").rfind("2009-05-04", 0) == 0);
  CHECK(Found("Events of 7 April 2018 discussed on 27 April 2018").rfind("2018-04-27", 0) == 0);
  CHECK(Found("СОВМЕСТНОЕ ЗАЯВЛЕНИЕ (МОСКВА, 5 ФЕВРАЛЯ 2003 ГОДА)").rfind("2003-02-05", 0) == 0);
  CHECK(Found("Interview to the newspaper, published on December 4, 2014").rfind("2014-12-04", 0) == 0);
  CHECK(Found("Column, December 2014").rfind("2014-12", 0) == 0);
  CHECK(Found("Updated 2014-12-04T16:10:00Z") == "2014-12-04T16:10:00Z @8");

  // Bare years, invalid days and numbers that are not dates are not found.
  CHECK(Found("The 2010 Review Conference of the Parties") == "<none>");
  CHECK(Found("Talks, Moscow, 31 February 2014") == "<none>");
  CHECK(Found("At 12:30 we met; 2004 - 2005 years") == "<none>");
  CHECK(Found("") == "<none>");
}
