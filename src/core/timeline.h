// Timeline core (GUI-free): viewport over days since 1970-01-01, zoom/pan,
// calendar-correct bucketing (year/month/week/day) and per-bucket counts.
#pragma once
#include <cstdint>
#include <vector>

namespace stenogram {

constexpr double kTimelineMinSpanDays = 3.0;
constexpr double kTimelineMaxSpanDays = 60.0 * 365.25;

struct TimelineView {
    double start = 0.0;   // visible [start, end) in days since 1970-01-01
    double end = 365.0;
    double width_px = 1000.0;

    double Span() const { return end - start; }
    double PixelsPerDay() const { return width_px / Span(); }
    double DayToX(double day) const { return (day - start) * PixelsPerDay(); }
    double XToDay(double x) const { return start + x / PixelsPerDay(); }
    // Zoom by factor (>1 zooms in) keeping the day under x fixed; span clamped.
    TimelineView ZoomedAt(double x, double factor) const;
    TimelineView Panned(double dx_px) const;
};

enum class BucketUnit { Year, Month, Week, Day };
const char* BucketUnitName(BucketUnit u);  // "year", "month", "week", "day"

// Finest unit whose average bucket is at least min_px wide (Year if none).
BucketUnit ChooseBucketUnit(double pixels_per_day, double min_px);

// Start day of the bucket containing day; next bucket start. Weeks start Monday.
int64_t BucketFloor(BucketUnit u, int64_t day);
int64_t BucketNext(BucketUnit u, int64_t bucket_start);

struct TimelineBucket {
    int64_t start = 0;  // first day (inclusive)
    int64_t end = 0;    // first day of the next bucket (exclusive)
    int count = 0;
};

// Buckets covering [from, to); counts from sorted_days (ascending).
std::vector<TimelineBucket> Bucketize(BucketUnit u, int64_t from, int64_t to,
                                      const std::vector<int64_t>& sorted_days);

}  // namespace stenogram
