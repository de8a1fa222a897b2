// Tests of the timeline's compute side: buckets, viewport, tick labels, records loaded from an
// archive, lanes, culled and merged marks, the histogram and hover cards.
#include <doctest/doctest.h>

#include <algorithm>

#include "test_support.h"
#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/text/dates.h"
#include "core/archive/schema.h"
#include "core/view/timeline.h"
#include "core/archive/tokenizer.h"

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

// ---- ticks ----

namespace {
float CharWidth(const std::string& s) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return 7.5f * static_cast<float>(chars);
}
}  // namespace

TEST_CASE("timeline: tick labels never overlap, from decades to days, at desktop and phone widths") {
  for (double width : {360.0, 1280.0, 3840.0}) {
    const double centre = DaysFromCivil(2012, 2, 27) + 0.3;
    for (double span = kTimelineMaxSpanDays; span >= kTimelineMinSpanDays; span /= 1.37) {
      TimelineView v{centre - span / 2, centre + span / 2, width};
      auto ticks = TimelineTicks(v, CharWidth, 8.0f);
      int labelled = 0;
      double end = -1e9;
      for (size_t i = 0; i < ticks.size(); ++i) {
        if (i > 0) CHECK(ticks[i].x >= -1e-6);
        CHECK(ticks[i].x <= width + 1e-6);
        CHECK(ticks[i].label_x >= 0);
        CHECK(ticks[i].label_x >= ticks[i].x - 1e-6);
        if (i) CHECK(ticks[i].day > ticks[i - 1].day);
        if (ticks[i].label.empty()) continue;
        ++labelled;
        INFO("span " << span << " width " << width << " label " << ticks[i].label);
        CHECK(ticks[i].label_x >= end + 8.0 - 1e-6);
        CHECK(ticks[i].label_x + CharWidth(ticks[i].label) <= width + 1e-6);
        end = ticks[i].label_x + CharWidth(ticks[i].label);
      }
      INFO("span " << span << " width " << width);
      CHECK(labelled >= 1);
      if (width >= 1280) CHECK(labelled >= 3);  // readable: more than a single label on a desktop strip
    }
  }
}

TEST_CASE("timeline: tick labels are years, months or days by zoom") {
  TimelineView decades{static_cast<double>(DaysFromCivil(1990, 1, 1)), static_cast<double>(DaysFromCivil(2030, 1, 1)), 1200};
  auto t = TimelineTicks(decades, CharWidth, 8.0f);
  REQUIRE(!t.empty());
  CHECK(t[0].label.size() == 4);  // "1990"
  CHECK(t[0].x >= 0);
  TimelineView year{static_cast<double>(DaysFromCivil(2018, 1, 1)), static_cast<double>(DaysFromCivil(2019, 1, 1)), 1200};
  t = TimelineTicks(year, CharWidth, 8.0f);
  REQUIRE(t.size() >= 10);
  CHECK(t[9].label == "Oct 2018");
  CHECK(t[0].label_x == 0);
  CHECK(t[0].day == DaysFromCivil(2018, 1, 1));
  TimelineView week{static_cast<double>(DaysFromCivil(2018, 10, 10)), static_cast<double>(DaysFromCivil(2018, 10, 17)), 1200};
  t = TimelineTicks(week, CharWidth, 8.0f);
  REQUIRE(t.size() >= 7);
  CHECK(t[0].label == "10 Oct 2018");
  CHECK(t[1].day - t[0].day == 1);
  // Mid-month: the month in view is named at the left edge before the first tick.
  TimelineView mid{DaysFromCivil(2018, 10, 12) + 0.5, DaysFromCivil(2018, 11, 20) + 0.5, 1200};
  t = TimelineTicks(mid, CharWidth, 8.0f);
  REQUIRE(!t.empty());
  CHECK(t[0].x < 0);
  CHECK(t[0].label_x == 0);
  CHECK(!t[0].label.empty());
  CHECK(FormatDay(DaysFromCivil(2016, 2, 29), BucketUnit::Day) == "29 Feb 2016");
}

// ---- records, lanes, marks ----

namespace {
// n synthetic documents over 2004..2023: kind k%5, one counterpart country of 30 (Zipf-ish: low
// indices frequent), a person for every third; every 50th undated.
TimelineData Synthetic(int n) {
  TimelineData d;
  const int64_t first = DaysFromCivil(2004, 1, 1), last = DaysFromCivil(2023, 12, 31);
  static const char* const kKinds[] = {"talks", "interview", "speech", "statement", "article"};
  for (int i = 1; i <= n; ++i) {
    std::optional<int64_t> day;
    if (i % 50 != 0) day = first + (last - first) * (i - 1) / n + (i * 7919) % 3;
    const int c = static_cast<int>((static_cast<uint64_t>(i) * 2654435761u) % 1000);
    const int country = c < 400 ? 0 : c < 600 ? 1 : c < 700 ? 2 : 3 + c % 27;
    std::vector<std::string> persons;
    if (i % 3 == 0) persons.push_back("Person " + std::to_string(country * 2 + i % 2));
    d.Add(i, day, kKinds[i % 5], {"Country " + std::to_string(country)}, persons);
  }
  d.Finish();
  return d;
}
}  // namespace

TEST_CASE("timeline: records sorted by day, undated left out, ids found") {
  TimelineData d;
  d.Add(3, DaysFromCivil(2015, 1, 1), "talks", {"Serbia"}, {"Ivica Dacic"});
  d.Add(1, DaysFromCivil(2014, 6, 1), "speech", {}, {});
  d.Add(2, std::nullopt, "article", {}, {});
  d.Add(4, DaysFromCivil(2014, 6, 1), "", {"Serbia", "China"}, {});
  d.Finish();
  REQUIRE(d.records.size() == 3);
  CHECK(d.undated == 1);
  CHECK(d.records[0].id == 1);
  CHECK(d.records[1].id == 4);
  CHECK(d.records[2].id == 3);
  CHECK(d.IndexOf(2) == -1);
  CHECK(d.IndexOf(3) == 2);
  CHECK(d.IndexOf(99) == -1);
  CHECK(DaysOfIds(d, {3, 2, 1}) == std::vector<int64_t>{DaysFromCivil(2014, 6, 1), DaysFromCivil(2015, 1, 1)});
}

TEST_CASE("timeline: lanes: most frequent first, Other for the rest, every record in its best lane") {
  TimelineData d = Synthetic(5000);
  TimelineLanes l = AssignLanes(d, LaneBy::Country, 5);
  REQUIRE(l.names.size() == 5);
  CHECK(l.names[0] == "Country 0");
  CHECK(l.names[1] == "Country 1");
  CHECK(l.names[2] == "Country 2");
  CHECK(l.names[4] == "Other");
  CHECK(l.has_other);
  int64_t sum = 0;
  for (size_t i = 0; i < l.names.size(); ++i) {
    CHECK(l.counts[i] == static_cast<int64_t>(l.members[i].size()));
    sum += l.counts[i];
    for (size_t k = 1; k < l.members[i].size(); ++k) CHECK(d.records[l.members[i][k - 1]].day <= d.records[l.members[i][k]].day);
  }
  CHECK(sum == static_cast<int64_t>(d.records.size()));  // every dated document has a country here
  for (size_t i = 0; i + 2 < l.names.size(); ++i) CHECK(l.counts[i] >= l.counts[i + 1]);
  // A record is in the lane of its country.
  for (uint32_t r : l.members[1]) CHECK(d.names[d.links[d.records[r].countries]] == "Country 1");
  // Stable: the same data gives the same lanes; a different view or query does not enter.
  TimelineLanes again = AssignLanes(Synthetic(5000), LaneBy::Country, 5);
  CHECK(again.names == l.names);
  CHECK(again.counts == l.counts);

  // Everything fits: no Other.
  TimelineLanes kinds = AssignLanes(d, LaneBy::Kind, 8);
  CHECK(kinds.names.size() == 5);
  CHECK(!kinds.has_other);
  // Persons: only documents with one are placed.
  TimelineLanes persons = AssignLanes(d, LaneBy::Person, 4);
  int64_t placed = 0;
  for (auto c : persons.counts) placed += c;
  CHECK(placed > 0);
  CHECK(placed < static_cast<int64_t>(d.records.size()));
  CHECK(persons.names.back() == "Other");
}

TEST_CASE("timeline: a record with two counterparts goes to the more frequent one's lane; no kind goes to Other") {
  TimelineData d;
  for (int i = 1; i <= 5; ++i) d.Add(i, 100 + i, "talks", {"China"}, {});
  d.Add(6, 200, "talks", {"Serbia", "China"}, {});
  d.Add(7, 201, "talks", {"Serbia"}, {});
  d.Add(8, 202, "", {}, {});
  d.Finish();
  TimelineLanes l = AssignLanes(d, LaneBy::Country, 3);
  REQUIRE(l.names == std::vector<std::string>{"China", "Serbia"});
  CHECK(l.counts == std::vector<int64_t>{6, 1});
  TimelineLanes k = AssignLanes(d, LaneBy::Kind, 3);
  CHECK(k.names == std::vector<std::string>{"talks", "Other"});
  CHECK(k.counts == std::vector<int64_t>{7, 1});
}

TEST_CASE("timeline: marks are culled to the view and merged per pixel column, bounded for 100k records") {
  TimelineData d = Synthetic(100000);
  TimelineLanes l = AssignLanes(d, LaneBy::Country, 8);
  const double width = 1200;
  TimelineView all{static_cast<double>(d.FirstDay()) - 10, static_cast<double>(d.LastDay()) + 10, width};
  auto marks = TimelineMarks(d, l, all, 2.0);
  CHECK(marks.size() <= l.names.size() * static_cast<size_t>(width / 2.0 + 2));
  int64_t total = 0;
  for (const auto& m : marks) total += m.count;
  CHECK(total == static_cast<int64_t>(d.records.size()));  // merged, not dropped
  // Marks of a lane don't overlap, and the merged ones carry their first document.
  for (size_t i = 1; i < marks.size(); ++i)
    if (marks[i].lane == marks[i - 1].lane) CHECK(marks[i].x0 >= marks[i - 1].x1 - 1e-3);
  for (const auto& m : marks) CHECK(m.x1 - m.x0 >= 2.0 - 1e-3);
  for (const auto& m : marks) CHECK(d.records[l.members[static_cast<size_t>(m.lane)][m.first]].id == m.first_id);

  // A week: only the records of that week, and each its own mark when days are wide.
  const int64_t from = DaysFromCivil(2012, 3, 5);
  TimelineView week{static_cast<double>(from), static_cast<double>(from + 7), width};
  auto wm = TimelineMarks(d, l, week, 2.0);
  int64_t in_view = 0;
  for (int64_t day : d.days) in_view += day >= from && day < from + 7;
  int64_t counted = 0;
  for (const auto& m : wm) {
    counted += m.count;
    CHECK(m.x1 > 0);
    CHECK(m.x0 < width);
    const auto& r = d.records[l.members[static_cast<size_t>(m.lane)][m.first]];
    CHECK(r.day >= from);
    CHECK(r.day < from + 7);
  }
  CHECK(counted == in_view);
  CHECK(in_view > 0);

  // Matching counts per merged mark add up to the matching documents in the view.
  std::vector<int64_t> even;
  for (int64_t id = 2; id <= 100000; id += 2) even.push_back(id);
  const auto prefix = LaneMatchPrefix(d, l, even);
  int64_t matching = 0;
  for (const auto& m : TimelineMarks(d, l, all, 2.0, &prefix)) {
    CHECK(m.matching >= 0);
    CHECK(m.matching <= m.count);
    matching += m.matching;
  }
  CHECK(matching == static_cast<int64_t>(DaysOfIds(d, even).size()));

  // Off-screen: nothing.
  TimelineView before{static_cast<double>(DaysFromCivil(1980, 1, 1)), static_cast<double>(DaysFromCivil(1990, 1, 1)), width};
  CHECK(TimelineMarks(d, l, before, 2.0).empty());
}

TEST_CASE("timeline: days of a small and of a large result, in ascending order, each day as often as its documents") {
  const TimelineData d = Synthetic(20000);
  for (const int64_t step : {int64_t{1}, int64_t{7}, int64_t{50}, int64_t{4999}}) {  // large ... small results
    INFO("every " << step << "th document");
    std::vector<int64_t> ids, want;
    for (int64_t id = 20000; id >= 1; id -= step) ids.push_back(id);  // in rank order, not id order
    for (int64_t id : ids) {
      const int32_t i = d.IndexOf(id);
      if (i >= 0) want.push_back(d.records[static_cast<size_t>(i)].day);
    }
    std::sort(want.begin(), want.end());
    CHECK(DaysOfIds(d, ids) == want);
  }
}

TEST_CASE("timeline: histogram of all and of the matching documents over the view") {
  TimelineData d = Synthetic(20000);
  TimelineView v{static_cast<double>(DaysFromCivil(2010, 1, 1)), static_cast<double>(DaysFromCivil(2012, 1, 1)), 1000};
  std::vector<int64_t> ids;
  for (int64_t id = 2; id <= 20000; id += 2) ids.push_back(id);
  const std::vector<int64_t> matching = DaysOfIds(d, ids);
  TimelineHistogram h = MakeHistogram(v, 8.0, d.days, &matching);
  CHECK(h.unit == BucketUnit::Week);
  REQUIRE(h.total.size() == h.matching.size());
  REQUIRE(!h.total.empty());
  int64_t all = 0, some = 0;
  for (size_t i = 0; i < h.total.size(); ++i) {
    CHECK(h.matching[i].count <= h.total[i].count);
    CHECK(h.total[i].count <= h.max_total);
    all += h.total[i].count;
    some += h.matching[i].count;
  }
  CHECK(some > all / 3);
  CHECK(some < all * 2 / 3);
  TimelineHistogram years = MakeHistogram(TimelineView{0, 60 * 365.25, 1000}, 8.0, d.days, nullptr);
  CHECK(years.unit == BucketUnit::Year);
  CHECK(years.matching.empty());
}

TEST_CASE("timeline: records and hover cards are read from an archive") {
  sqlite3* db = test_support::NewArchiveDb();
  std::string error;
  const char* sql = R"SQL(
    INSERT INTO fixture_documents(id, title, date, date_precision, day, kind, place, text) VALUES
      (1, 'Talks with Serbia', '2014-12-05', 'day', 16409, 'talks', 'Moscow', ''),
      (2, 'An interview', '2014-08', 'month', 16283, 'interview', NULL, ''),
      (3, 'Undated', NULL, NULL, NULL, 'article', NULL, '');
    INSERT INTO entities(id, kind, name, key, doc_count) VALUES
      (1, 'country', 'Serbia', 'serbia', 1), (2, 'person', 'Ivica Dacic', 'ivica dacic', 1), (3, 'tag', 'OSCE', 'osce', 1);
    INSERT INTO doc_entities VALUES (1, 1, 'counterpart'), (1, 2, 'counterpart'), (1, 3, 'tag'), (2, 1, 'mention');
  )SQL";
  test_support::LoadFixture(db, sql);
  auto archive = Archive::Adopt(db, "fixture", &error);
  REQUIRE_MESSAGE(archive, error);
  TimelineData d = LoadTimeline(*archive);
  REQUIRE(d.records.size() == 2);
  CHECK(d.undated == 1);
  CHECK(d.records[0].id == 2);  // the month sits at its first day, before 5 December
  CHECK(d.records[0].day == DaysFromCivil(2014, 8, 1));
  CHECK(d.records[0].n_countries == 0);  // a mention is not a counterpart
  const TimelineRecord& talks = d.records[1];
  REQUIRE(talks.n_countries == 1);
  REQUIRE(talks.n_persons == 1);
  CHECK(d.names[d.links[talks.countries]] == "Serbia");
  CHECK(d.names[d.links[talks.persons]] == "Ivica Dacic");
  CHECK(!d.kinds_loaded);
  LoadTimelineKinds(*archive, &d);
  CHECK(d.kinds_loaded);
  CHECK(d.kinds[talks.kind] == "talks");
  CHECK(d.kinds[d.records[0].kind] == "interview");
  auto cards = TimelineCards(*archive, {1, 99, 2});
  REQUIRE(cards.size() == 2);
  CHECK(cards[0].title == "Talks with Serbia");
  CHECK(cards[0].place == "Moscow");
  CHECK(cards[0].counterparts == std::vector<std::string>{"Ivica Dacic", "Serbia"});
  CHECK(cards[1].date == "2014-08");
  CHECK(cards[1].date_precision == "month");
}

TEST_CASE("timeline: lane groupings by name") {
  for (LaneBy by : {LaneBy::Country, LaneBy::Kind, LaneBy::Person}) {
    LaneBy parsed = by == LaneBy::Kind ? LaneBy::Person : LaneBy::Kind;
    CHECK(stenogram::ParseLaneBy(stenogram::LaneByName(by), &parsed));
    CHECK(parsed == by);
  }
  LaneBy kept = LaneBy::Person;
  CHECK_FALSE(stenogram::ParseLaneBy("Country", &kept));
  CHECK_FALSE(stenogram::ParseLaneBy("", &kept));
  CHECK(kept == LaneBy::Person);
}
