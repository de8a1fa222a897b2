// Remembered view settings: round trip, and forgiving reads of damaged or foreign values.
#include <doctest/doctest.h>

#include "core/view/view_settings.h"

using stenogram::SettingsFromJson;
using stenogram::SettingsToJson;
using stenogram::Theme;
using stenogram::ViewSettings;

TEST_CASE("view settings survive a round trip through JSON") {
  ViewSettings s;
  s.theme = Theme::Dark;
  s.font_size = 18;
  s.left_width = 260;
  s.results_width = 480;
  s.timeline_height = 190;
  s.left_tab = "months";
  s.timeline_lanes = "person";
  std::vector<std::string> warnings;
  CHECK(SettingsFromJson(SettingsToJson(s), &warnings) == s);
  CHECK(warnings.empty());
  CHECK(SettingsFromJson(SettingsToJson(ViewSettings{}), nullptr) == ViewSettings{});
}

TEST_CASE("view settings: missing, damaged and hostile values fall back to defaults and are named") {
  std::vector<std::string> w;
  CHECK(SettingsFromJson("", &w) == ViewSettings{});
  CHECK(w.empty());
  CHECK(SettingsFromJson("{not json", &w) == ViewSettings{});
  REQUIRE(w.size() == 1);
  w.clear();
  CHECK(SettingsFromJson("[1,2]", &w) == ViewSettings{});
  CHECK(w.size() == 1);
  w.clear();
  const ViewSettings s = SettingsFromJson(
      R"({"theme":"purple","fontSize":400,"leftWidth":"wide","resultsWidth":-5,"leftTab":42,"future":true})", &w);
  CHECK(s.theme == Theme::Light);
  CHECK(s.font_size == stenogram::kMaxFontSize);  // clamped, not dropped
  CHECK(s.left_width == 0);                         // wrong type: automatic
  CHECK(s.results_width == 200);                    // clamped to the smallest column
  CHECK(s.left_tab.empty());
  CHECK(w.size() == 5);                             // theme, fontSize, leftWidth, resultsWidth, leftTab
  w.clear();
  CHECK(SettingsFromJson(R"({"fontSize":1e999})", &w).font_size == ViewSettings{}.font_size);
  CHECK(SettingsFromJson(R"({"leftTab":")" + std::string(1000, 'x') + R"("})", &w).left_tab.empty());
}

TEST_CASE("theme names") {
  Theme t = Theme::Light;
  CHECK(stenogram::ParseTheme("dark", &t));
  CHECK(t == Theme::Dark);
  CHECK_FALSE(stenogram::ParseTheme("Dark", &t));
  CHECK(std::string(stenogram::ThemeName(Theme::Light)) == "light");
}
