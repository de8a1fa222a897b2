// view_settings: JSON form of the remembered view settings (see view_settings.h).
#include "core/view/view_settings.h"
#include "core/text/enum_names.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace stenogram {

namespace {

constexpr EnumName<Theme> kThemeNames[] = {{Theme::Light, "light"}, {Theme::Dark, "dark"}};

}  // namespace

const char* ThemeName(Theme t) { return NameOf(kThemeNames, t, "light"); }

bool ParseTheme(const std::string& name, Theme* out) { return ParseName(kThemeNames, name, out); }

std::string SettingsToJson(const ViewSettings& s) {
  nlohmann::json j = {{"version", 1},
                      {"theme", ThemeName(s.theme)},
                      {"fontSize", s.font_size},
                      {"leftWidth", s.left_width},
                      {"resultsWidth", s.results_width},
                      {"timelineHeight", s.timeline_height},
                      {"leftTab", s.left_tab},
                      {"timelineLanes", s.timeline_lanes}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// A size in CSS pixels: 0 (automatic) or within [lo, hi].
bool ReadSize(const nlohmann::json& j, const char* key, float lo, float hi, float* out,
              std::vector<std::string>* warnings) {
  const auto it = j.find(key);
  if (it == j.end()) return false;
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    if (warnings) warnings->push_back(std::string(key) + ": not a number");
    return false;
  }
  const double v = it->get<double>();
  if (v == 0) *out = 0;
  else *out = static_cast<float>(std::clamp(v, static_cast<double>(lo), static_cast<double>(hi)));
  if (v != 0 && *out != static_cast<float>(v) && warnings) warnings->push_back(std::string(key) + ": out of range, clamped");
  return true;
}

void ReadWord(const nlohmann::json& j, const char* key, std::string* out, std::vector<std::string>* warnings) {
  const auto it = j.find(key);
  if (it == j.end()) return;
  if (!it->is_string() || it->get<std::string>().size() > 40) {
    if (warnings) warnings->push_back(std::string(key) + ": not a short string");
    return;
  }
  *out = it->get<std::string>();
}

}  // namespace

ViewSettings SettingsFromJson(const std::string& json, std::vector<std::string>* warnings) {
  ViewSettings s;
  if (json.empty()) return s;
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    if (warnings) warnings->push_back("the stored settings are not a JSON object; defaults used");
    return s;
  }
  if (const auto it = j.find("theme"); it != j.end()) {
    if (!it->is_string() || !ParseTheme(it->get<std::string>(), &s.theme))
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
