#include <doctest/doctest.h>

#include <vector>

#include "core/dates.h"
#include "core/timeline.h"

using namespace stenogram;

TEST_CASE("timeline: month buckets follow the calendar (leap February)") {
    int64_t from = DaysFromCivil(2020, 1, 15), to = DaysFromCivil(2020, 4, 1);
    std::vector<int64_t> days = {DaysFromCivil(2020, 1, 31), DaysFromCivil(2020, 2, 1),
                                 DaysFromCivil(2020, 2, 29), DaysFromCivil(2020, 3, 1)};
    auto b = Bucketize(BucketUnit::Month, from, to, days);
    REQUIRE(b.size() == 3);
    CHECK(b[0].start == DaysFromCivil(2020, 1, 1));
    CHECK(b[1].end - b[1].start == 29);
    CHECK(b[2].end - b[2].start == 31);
    CHECK(b[0].count == 1);
    CHECK(b[1].count == 2);
    CHECK(b[2].count == 1);
    CHECK(BucketNext(BucketUnit::Month, DaysFromCivil(2019, 2, 1)) == DaysFromCivil(2019, 3, 1));
    CHECK(BucketNext(BucketUnit::Year, DaysFromCivil(2020, 1, 1)) - DaysFromCivil(2020, 1, 1) == 366);
}

TEST_CASE("timeline: weeks start on Monday and unit follows zoom") {
    // 2024-05-20 is a Monday.
    CHECK(BucketFloor(BucketUnit::Week, DaysFromCivil(2024, 5, 26)) == DaysFromCivil(2024, 5, 20));
    CHECK(BucketFloor(BucketUnit::Week, DaysFromCivil(2024, 5, 20)) == DaysFromCivil(2024, 5, 20));
    CHECK(ChooseBucketUnit(20.0, 8.0) == BucketUnit::Day);
    CHECK(ChooseBucketUnit(2.0, 8.0) == BucketUnit::Week);
    CHECK(ChooseBucketUnit(0.5, 8.0) == BucketUnit::Month);
    CHECK(ChooseBucketUnit(0.05, 8.0) == BucketUnit::Year);
}

TEST_CASE("timeline: zoom keeps the anchor day, clamps the span; pan shifts") {
    TimelineView v{0.0, 1000.0, 500.0};
    double anchor = v.XToDay(100.0);
    TimelineView z = v.ZoomedAt(100.0, 4.0);
    CHECK(z.Span() == doctest::Approx(250.0));
    CHECK(z.XToDay(100.0) == doctest::Approx(anchor));
    CHECK(v.ZoomedAt(0, 1e9).Span() == doctest::Approx(kTimelineMinSpanDays));
    CHECK(v.ZoomedAt(0, 1e-9).Span() == doctest::Approx(kTimelineMaxSpanDays));
    TimelineView p = v.Panned(50.0);
    CHECK(p.Span() == doctest::Approx(v.Span()));
    CHECK(p.start == doctest::Approx(-100.0));
}
