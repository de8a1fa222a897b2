// report: what the panels' state() parts share (each panel writes its own part of window.stenogram's
// state(): ReportTimeline, ReportLeft, ReportTranscript, ...; api.cpp assembles them).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

// Days since 1970-01-01 as "YYYY-MM-DD", and back (nullopt for anything but a valid "YYYY-MM-DD").
std::string IsoOfDay(int64_t day);
std::optional<int64_t> DayOfIso(const std::string& iso);
