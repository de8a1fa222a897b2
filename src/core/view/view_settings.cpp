// view_settings: JSON form of the remembered view settings (see view_settings.h).
#include "core/view/view_settings.h"
#include "core/text/enum_names.h"

#include <algorithm>
#include <cmath>

#include "core/text/json.h"

namespace stenogram {

namespace {

constexpr EnumName<Theme> kThemeNames[] = {{Theme::Light, "light"}, {Theme::Dark, "dark"}};

}  // namespace

const char* ThemeName(Theme t) { return NameOf(kThemeNames, t, "light"); }

bool ParseTheme(const std::string& name, Theme* out) { return ParseName(kThemeNames, name, out); }

std::string SettingsToJson(const ViewSettings& s) {
  const JsonValue j = {{"version", 1},
                       {"theme", ThemeName(s.theme)},
                       {"fontSize", s.font_size},
                       {"leftWidth", s.left_width},
                       {"resultsWidth", s.results_width},
                       {"timelineHeight", s.timeline_height},
                       {"leftTab", s.left_tab},
                       {"timelineLanes", s.timeline_lanes}};
  return j.DumpSorted();
}

namespace {

// A size in CSS pixels: 0 (automatic) or within [lo, hi].
bool ReadSize(const JsonValue& j, const char* key, float lo, float hi, float* out,
              std::vector<std::string>* warnings) {
  const JsonValue* it = j.Find(key);
  if (!it) return false;
  if (!it->IsNumber() || !std::isfinite(it->Number())) {
    if (warnings) warnings->push_back(std::string(key) + ": not a number");
    return false;
  }
  const double v = it->Number();
  if (v == 0) *out = 0;
  else *out = static_cast<float>(std::clamp(v, static_cast<double>(lo), static_cast<double>(hi)));
  if (v != 0 && *out != static_cast<float>(v) && warnings) warnings->push_back(std::string(key) + ": out of range, clamped");
  return true;
}

void ReadWord(const JsonValue& j, const char* key, std::string* out, std::vector<std::string>* warnings) {
  const JsonValue* it = j.Find(key);
  if (!it) return;
  if (!it->IsString() || it->Str().size() > 40) {
    if (warnings) warnings->push_back(std::string(key) + ": not a short string");
    return;
  }
  *out = it->Str();
}

}  // namespace

ViewSettings SettingsFromJson(const std::string& json, std::vector<std::string>* warnings) {
  ViewSettings s;
  if (json.empty()) return s;
  const JsonValue j = JsonValue::Parse(json);
  if (!j.IsObject()) {
    if (warnings) warnings->push_back("the stored settings are not a JSON object; defaults used");
    return s;
  }
  if (const JsonValue* it = j.Find("theme")) {
    if (!it->IsString() || !ParseTheme(it->Str(), &s.theme))
      if (warnings) warnings->push_back("theme: neither \"light\" nor \"dark\"");
  }
  if (ReadSize(j, "fontSize", kMinFontSize, kMaxFontSize, &s.font_size, warnings) && s.font_size == 0)
    s.font_size = ViewSettings{}.font_size;
  ReadSize(j, "leftWidth", 120.0f, 1200.0f, &s.left_width, warnings);
  ReadSize(j, "resultsWidth", 200.0f, 2000.0f, &s.results_width, warnings);
  ReadSize(j, "timelineHeight", 60.0f, 1000.0f, &s.timeline_height, warnings);
  ReadWord(j, "leftTab", &s.left_tab, warnings);
  ReadWord(j, "timelineLanes", &s.timeline_lanes, warnings);
  return s;
}

}  // namespace stenogram
