// view_settings: what a reader expects the viewer to remember between visits (theme, text size,
// panel sizes, the left column's tab, the timeline's lanes). Plain data with a JSON form; the app
// keeps it in localStorage through its platform seam. Parsing is forgiving: a stored value from an
// older or newer version, or one edited by hand, never breaks start-up; bad fields fall back to
// their defaults and are named in the warnings.
#pragma once
#include <string>
#include <vector>

namespace stenogram {

enum class Theme { Light, Dark };
const char* ThemeName(Theme t);                      // "light", "dark"
bool ParseTheme(const std::string& name, Theme* out);  // false for anything else

constexpr float kMinFontSize = 12.0f, kMaxFontSize = 24.0f;

struct ViewSettings {
  Theme theme = Theme::Light;
  float font_size = 15.0f;       // CSS pixels, kMinFontSize..kMaxFontSize
  float left_width = 0.0f;       // CSS pixels of the filters column; 0 = automatic
  float results_width = 0.0f;    // CSS pixels of the results column; 0 = automatic
  float timeline_height = 0.0f;  // CSS pixels of the timeline strip; 0 = automatic
  std::string left_tab;          // the left column's tab ("" = the first)
  std::string timeline_lanes;    // what the timeline's lanes group by ("" = default)
  bool operator==(const ViewSettings&) const = default;
};

std::string SettingsToJson(const ViewSettings& s);
// Reads what SettingsToJson wrote; unknown keys are ignored, wrong types and out-of-range values
// fall back to defaults (sizes are clamped) and are listed in warnings (may be null).
ViewSettings SettingsFromJson(const std::string& json, std::vector<std::string>* warnings);

}  // namespace stenogram
