// Tests of the one text toolkit (issue 17): the behaviours that used to differ between the copies
// that were merged — the UTF-8 decoder (a lax copy accepted overlong forms and surrogates), trim
// (three versions with different blanks), the sentinel list (two lists), case folding of the tag
// cloud's filter (ASCII only before), month names (four tables), language names (two tables), enum
// names, the one Stmt and the one FTS5 API lookup.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/archive/statement.h"
#include "core/archive/tokenizer.h"
#include "core/import/import.h"
#include "core/text/bidi.h"
#include "core/text/dates.h"
#include "core/text/entities.h"
#include "core/text/enum_names.h"
#include "core/text/language.h"
#include "core/text/strings.h"
#include "core/text/utf8_fold.h"
#include "core/text/utf8_repair.h"
#include "core/view/kwic.h"
#include "core/view/query.h"
#include "core/view/tagcloud.h"
#include "core/view/textlayout.h"
#include "core/view/timeline.h"
#include "core/view/view_settings.h"

using namespace stenogram;

namespace {

// Every code point Utf8Decode yields for s, with the bytes each one took.
std::vector<std::pair<char32_t, size_t>> DecodeAll(std::string_view s) {
  std::vector<std::pair<char32_t, size_t>> out;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t cp = Utf8Decode(s, &i);
    out.push_back({cp, i - start});
  }
  return out;
}

}  // namespace

TEST_CASE("toolkit: one UTF-8 decoder, strict where the lax copy was not") {
  using V = std::vector<std::pair<char32_t, size_t>>;
  CHECK(DecodeAll("a\xD0\x96\xE2\x82\xAC\xF0\x9F\x98\x80") == V{{'a', 1}, {0x416, 2}, {0x20AC, 3}, {0x1F600, 4}});
  // The lax decoder (textlayout, bidi) took these whole; now each bad byte is one U+FFFD.
  CHECK(DecodeAll("\xC0\xAF") == V{{0xFFFD, 1}, {0xFFFD, 1}});                         // overlong '/'
  CHECK(DecodeAll("\xED\xA0\x80") == V{{0xFFFD, 1}, {0xFFFD, 1}, {0xFFFD, 1}});        // a surrogate
  CHECK(DecodeAll("\xF4\x90\x80\x80").size() == 4);                                   // beyond U+10FFFF
  CHECK(DecodeAll("\xE2\x82") == V{{0xFFFD, 1}, {0xFFFD, 1}});                         // truncated
  CHECK(DecodeAll("\xEF\xBF\xBD") == V{{0xFFFD, 3}});                                  // a real U+FFFD
  // Validation and repair agree with the decoder (and NUL is invalid input).
  CHECK(IsValidUtf8("plain ascii text, long enough for the eight-byte path"));
  CHECK(IsValidUtf8("\xEF\xBF\xBD ok"));
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));
  CHECK_FALSE(IsValidUtf8(std::string("abcdefgh\0ijk", 12)));
  std::string bad = "line 1\nsur\xED\xA0\x80 ok \xD0\x96";
  const Utf8Repair r = RepairUtf8(&bad);
  CHECK(r.bad == 3);
  CHECK(r.first_line == 2);
  CHECK(bad == "line 1\nsur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD ok \xD0\x96");
  // The reader's layout takes invalid bytes one at a time (a glyph each), and bidi keeps them as they were.
  CHECK(VisualOrder("a\xED\xA0\x80 b") == "a\xED\xA0\x80 b");
  CHECK(VisualOrder("x \xC0\xAF y") == "x \xC0\xAF y");
}

TEST_CASE("toolkit: one trim for import fields, dates and turns") {
  CHECK(Trim("  x  ") == "x");
  CHECK(Trim("\xC2\xA0 x \xC2\xA0") == "x");         // the import's trim stopped after one NBSP
  CHECK(Trim("\xE3\x80\x80x\xE2\x80\x83") == "x");   // ideographic and em spaces (only dates/turns trimmed them)
  CHECK(Trim("\x01x\x1F") == "x");                   // control bytes (only the import's trim took them)
  CHECK(Trim("\xEF\xBB\xBFtitle") == "title");       // a byte-order mark
  CHECK(TrimView("x \xC2") == "x \xC2");              // a broken sequence at the end is kept
  CHECK(TrimView(" \t\r\n") == "");
  CHECK(ParseDate(" \xC2\xA0" "2014-05-07\xE3\x80\x80")->iso == "2014-05-07");
}

TEST_CASE("toolkit: one sentinel list") {
  // The import's list and the date parser's list, together.
  for (const char* s : {"", "  ", "NA", "n/a", "N.A.", "#N/A", "null", "NULL", "nil", "None", "NaN", "NaT", "-", "--",
                        "—", "–", "?", "unknown", "Undefined", " null "})
    CHECK_MESSAGE(IsSentinel(s), s);
  for (const char* s : {"0", "00", "n", "nothing", "none at all", "Nan Goldin", "-1", "x"}) CHECK_MESSAGE(!IsSentinel(s), s);
  // "0" is a value (an id, a count), but no date.
  CHECK_FALSE(ParseDate("0").has_value());
  CHECK_FALSE(ParseDate("unknown").has_value());
  CHECK_FALSE(ParseDate("#N/A").has_value());
}

TEST_CASE("toolkit: the tag cloud's filter folds case in every script") {
  const std::vector<CloudWord> words = {{"lavrov", "Лавров", 5}, {"putin", "ПУТИН", 4}, {"emile", "Émile Zola", 3},
                                        {"usa", "USA", 2}, {"ολυμπος", "Όλυμπος", 1}};
  auto shown = [&](const std::string& filter) {
    CloudOptions o;
    o.filter = filter;
    const CloudLayout l = LayoutCloud(words, o, [](const std::string& s, float z) {
      return std::pair<float, float>(float(s.size()) * 7.0f * z, 14.0f * z);
    });
    std::vector<std::string> out;
    for (const CloudItem& it : l.items) out.push_back(words[it.word].value);
    return out;
  };
  CHECK(shown("ЛАВ") == std::vector<std::string>{"lavrov"});
  CHECK(shown("лав") == std::vector<std::string>{"lavrov"});
  CHECK(shown("путин") == std::vector<std::string>{"putin"});
  CHECK(shown("emile") == std::vector<std::string>{"emile"});  // diacritics folded
  CHECK(shown("ÉMILE") == std::vector<std::string>{"emile"});
  CHECK(shown("usa") == std::vector<std::string>{"usa"});
  CHECK(shown("ΌΛΥ") == std::vector<std::string>{"ολυμπος"});
  CHECK(shown("xyz").empty());
}

TEST_CASE("toolkit: one month table, printed and parsed") {
  CHECK(MonthWord(1) == "January");
  CHECK(MonthWord(5, MonthForm::Short) == "May");  // no short form: the name
  CHECK(MonthWord(9, MonthForm::Short) == "Sep");
  CHECK(MonthWord(12, MonthForm::Genitive) == "December");
  CHECK(MonthWord(1, MonthForm::Genitive, "ru") == "января");
  CHECK(MonthWord(11, MonthForm::Genitive, "uk") == "листопада");
  CHECK(MonthWord(3, MonthForm::Name, "uk") == "березень");
  CHECK(MonthWord(0).empty());
  CHECK(MonthWord(13).empty());
  CHECK(MonthWord(1, MonthForm::Name, "de").empty());
  CHECK(MonthFromWord("ЯНВАРЯ") == 1);
  CHECK(MonthFromWord(" sept ") == 9);
  CHECK(MonthFromWord("Smarch") == 0);
  for (const char* lang : {"en", "ru", "uk"}) {
    for (int m = 1; m <= 12; ++m) {
      for (MonthForm f : {MonthForm::Name, MonthForm::Genitive, MonthForm::Short}) {
        const std::string w = MonthWord(m, f, lang);
        REQUIRE_MESSAGE(!w.empty(), lang, " ", m);
        CHECK_MESSAGE(MonthFromWord(w) == m, w);
      }
      // A date written with the printed genitive parses back to the same month.
      const std::string date = "7 " + MonthWord(m, MonthForm::Genitive, lang) + " 2014";
      const auto parsed = ParseDate(date);
      REQUIRE_MESSAGE(parsed.has_value(), date);
      CHECK_MESSAGE(std::stoi(parsed->iso.substr(5, 2)) == m, date);
    }
  }
  // The timeline's labels and the exports' dates use the same table.
  CHECK(FormatDay(DaysFromCivil(2014, 9, 1), BucketUnit::Month) == "Sep 2014");
  CHECK(FormatDay(DaysFromCivil(2014, 5, 7), BucketUnit::Day) == "7 May 2014");
}

TEST_CASE("toolkit: one language table") {
  CHECK(NormaliseLanguage("English") == "en");
  CHECK(NormaliseLanguage(" ru-RU ") == "ru");
  CHECK(NormaliseLanguage("Українська") == "uk");
  CHECK(NormaliseLanguage("Portuguese") == "pt");  // only the display table knew it
  CHECK(NormaliseLanguage("Klingon") == "klingon");
  CHECK(LanguageName("uk") == "Ukrainian");
  CHECK(LanguageName("xx") == "xx");
  for (const char* code : {"en", "ru", "uk", "fr", "de", "es", "ar", "zh", "pt"})
    CHECK_MESSAGE(NormaliseLanguage(LanguageName(code)) == code, code);
}

TEST_CASE("toolkit: enum names from tables, aliases parse") {
  for (InputFormat f : {InputFormat::Auto, InputFormat::Json, InputFormat::Jsonl, InputFormat::Csv, InputFormat::Text,
                        InputFormat::Dump, InputFormat::Folder}) {
    InputFormat back = InputFormat::Auto;
    CHECK(ParseFormatName(FormatName(f), &back));
    CHECK(back == f);
  }
  InputFormat f = InputFormat::Auto;
  CHECK((ParseFormatName("ndjson", &f) && f == InputFormat::Jsonl));
  CHECK((ParseFormatName("tsv", &f) && f == InputFormat::Csv));
  CHECK_FALSE(ParseFormatName("xml", &f));
  CHECK(f == InputFormat::Csv);  // untouched
  CHECK(std::string(FormatName(InputFormat::Jsonl)) == "jsonl");  // the name, not the alias
  DuplicatePolicy p = DuplicatePolicy::KeepFirst;
  CHECK((ParseDuplicatePolicy("keep-last", &p) && p == DuplicatePolicy::KeepLast));
  CHECK(std::string(DuplicatePolicyName(DuplicatePolicy::Merge)) == "merge");
  CHECK(std::string(SeverityName(Severity::Warning)) == "warning");
  CHECK(std::string(PrecisionName(DatePrecision::Month)) == "month");
  CHECK(std::string(EntityKindName(EntityKind::Organisation)) == "organisation");
  for (SortOrder s : {SortOrder::Relevance, SortOrder::DateAscending, SortOrder::DateDescending}) {
    SortOrder back = SortOrder::Relevance;
    CHECK(ParseSortOrder(SortOrderName(s), &back));
    CHECK(back == s);
  }
  CHECK(std::string(SortOrderName(SortOrder::DateDescending)) == "date-desc");
  ContextSort c = ContextSort::Document;
  CHECK((ParseContextSort("right", &c) && c == ContextSort::Right));
  LaneBy lane = LaneBy::Kind;
  CHECK((ParseLaneBy("person", &lane) && lane == LaneBy::Person));
  CHECK_FALSE(ParseLaneBy("Person", &lane));  // exact names
  Theme t = Theme::Light;
  CHECK((ParseTheme("dark", &t) && t == Theme::Dark));
  CHECK(std::string(BucketUnitName(BucketUnit::Week)) == "week");
}

TEST_CASE("toolkit: one Stmt and one FTS5 API lookup") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  CHECK(GetFts5Api(db) != nullptr);
  {
    Stmt bad(db, "SELEC nonsense");
    CHECK(bad.Failed());
    CHECK_FALSE(bad.Ok());
    CHECK_FALSE(bad.Error().empty());
    CHECK_FALSE(bad.Step());
    CHECK(bad.Text(0).empty());
  }
  {
    Stmt s(db, "SELECT ?1 + 1, ?2, NULL");
    s.BindAll({SqlParam{true, 41, {}}, SqlParam{false, 0, "ok"}});
    REQUIRE(s.Step());
    CHECK(s.Int(0) == 42);
    CHECK(s.Text(1) == "ok");
    CHECK(s.IsNull(2));
    CHECK_FALSE(s.Step());
    CHECK_FALSE(s.Failed());
    s.Reset();
    s.BindInt(1, 1);
    REQUIRE(s.Step());
    CHECK(s.Int(0) == 2);
    CHECK(s.IsNull(1));  // bindings cleared by Reset
  }
  sqlite3_close(db);
}
