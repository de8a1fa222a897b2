#include "core/timeline.h"

#include <algorithm>

#include "core/dates.h"

namespace stenogram {

TimelineView TimelineView::ZoomedAt(double x, double factor) const {
    TimelineView v = *this;
    if (factor <= 0.0) return v;
    double anchor = XToDay(x);
    double span = std::clamp(Span() / factor, kTimelineMinSpanDays, kTimelineMaxSpanDays);
    double frac = width_px > 0 ? x / width_px : 0.5;
    v.start = anchor - frac * span;
    v.end = v.start + span;
    return v;
}

TimelineView TimelineView::Panned(double dx_px) const {
    TimelineView v = *this;
    double d = dx_px / PixelsPerDay();
    v.start -= d;
    v.end -= d;
    return v;
}

const char* BucketUnitName(BucketUnit u) {
    switch (u) {
        case BucketUnit::Year: return "year";
        case BucketUnit::Month: return "month";
        case BucketUnit::Week: return "week";
        case BucketUnit::Day: return "day";
    }
    return "year";
}

BucketUnit ChooseBucketUnit(double ppd, double min_px) {
    if (ppd * 1.0 >= min_px) return BucketUnit::Day;
    if (ppd * 7.0 >= min_px) return BucketUnit::Week;
    if (ppd * 30.44 >= min_px) return BucketUnit::Month;
    return BucketUnit::Year;
}

int64_t BucketFloor(BucketUnit u, int64_t day) {
    int y, m, d;
    switch (u) {
        case BucketUnit::Day: return day;
        case BucketUnit::Week: {
            // 1970-01-01 was a Thursday; Monday-based weekday index.
            int64_t wd = ((day % 7) + 7 + 3) % 7;
            return day - wd;
        }
        case BucketUnit::Month: CivilFromDays(day, &y, &m, &d); return DaysFromCivil(y, m, 1);
        case BucketUnit::Year: CivilFromDays(day, &y, &m, &d); return DaysFromCivil(y, 1, 1);
    }
    return day;
}

int64_t BucketNext(BucketUnit u, int64_t start) {
    int y, m, d;
    switch (u) {
        case BucketUnit::Day: return start + 1;
        case BucketUnit::Week: return start + 7;
        case BucketUnit::Month:
            CivilFromDays(start, &y, &m, &d);
            return m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1);
        case BucketUnit::Year: CivilFromDays(start, &y, &m, &d); return DaysFromCivil(y + 1, 1, 1);
    }
    return start + 1;
}

std::vector<TimelineBucket> Bucketize(BucketUnit u, int64_t from, int64_t to,
                                      const std::vector<int64_t>& days) {
    std::vector<TimelineBucket> out;
    if (to <= from) return out;
    for (int64_t s = BucketFloor(u, from); s < to; s = BucketNext(u, s)) {
        TimelineBucket b;
        b.start = s;
        b.end = BucketNext(u, s);
        auto lo = std::lower_bound(days.begin(), days.end(), b.start);
        auto hi = std::lower_bound(lo, days.end(), b.end);
        b.count = static_cast<int>(hi - lo);
        out.push_back(b);
    }
    return out;
}

}  // namespace stenogram
