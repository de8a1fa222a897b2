// timeline: the timeline's compute side (see timeline.h): viewport, buckets, ticks, records,
// lanes, marks, histogram and hover cards. No drawing here.
#include "core/view/timeline.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "core/archive/archive.h"
#include "core/text/dates.h"
#include "core/text/enum_names.h"
#include "core/view/textlayout.h"
#include "core/archive/wire.h"

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
  static constexpr EnumName<BucketUnit> kNames[] = {
      {BucketUnit::Year, "year"}, {BucketUnit::Month, "month"}, {BucketUnit::Week, "week"}, {BucketUnit::Day, "day"}};
  return NameOf(kNames, u, "year");
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

// ---- tick labels ----

namespace {


enum class TickUnit { Day, Month, Year };
struct TickStep {
  TickUnit unit;
  int k;
};
// Finest first. Day steps restart each month (1, 6, 11, ... for 5) so labels read naturally.
const TickStep kTickSteps[] = {{TickUnit::Day, 1},    {TickUnit::Day, 2},    {TickUnit::Day, 5},   {TickUnit::Day, 10},
                               {TickUnit::Day, 15},   {TickUnit::Month, 1},  {TickUnit::Month, 2}, {TickUnit::Month, 3},
                               {TickUnit::Month, 6},  {TickUnit::Year, 1},   {TickUnit::Year, 2},  {TickUnit::Year, 5},
                               {TickUnit::Year, 10},  {TickUnit::Year, 20},  {TickUnit::Year, 50}, {TickUnit::Year, 100}};

double ApproxDays(const TickStep& s) {
  switch (s.unit) {
    case TickUnit::Day: return s.k;
    case TickUnit::Month: return 30.44 * s.k;
    case TickUnit::Year: return 365.25 * s.k;
  }
  return 1;
}

// Tick days of step s in [from, to].
std::vector<int64_t> TickDays(const TickStep& s, int64_t from, int64_t to) {
  std::vector<int64_t> out;
  int y, m, d;
  CivilFromDays(from, &y, &m, &d);
  switch (s.unit) {
    case TickUnit::Day: {
      // Days 1, 1+k, 1+2k, ... of each month, the last at least k days before the next month.
      for (int64_t month = DaysFromCivil(y, m, 1); month <= to; month = BucketNext(BucketUnit::Month, month)) {
        const int64_t len = BucketNext(BucketUnit::Month, month) - month;
        for (int64_t dd = 1; dd + s.k - 1 <= len || dd == 1; dd += s.k) {
          const int64_t day = month + dd - 1;
          if (day > to) break;
          if (day >= from) out.push_back(day);
        }
      }
      break;
    }
    case TickUnit::Month: {
      int mm = ((m - 1) / s.k) * s.k + 1;
      for (int yy = y;;) {
        const int64_t day = DaysFromCivil(yy, mm, 1);
        if (day > to) break;
        if (day >= from) out.push_back(day);
        mm += s.k;
        while (mm > 12) mm -= 12, ++yy;
      }
      break;
    }
    case TickUnit::Year: {
      int yy = static_cast<int>(std::floor(static_cast<double>(y) / s.k)) * s.k;
      for (;; yy += s.k) {
        const int64_t day = DaysFromCivil(yy, 1, 1);
        if (day > to) break;
        if (day >= from) out.push_back(day);
      }
      break;
    }
  }
  return out;
}

std::string TickLabel(const TickStep& s, int64_t day) {
  return FormatDay(day, s.unit == TickUnit::Day ? BucketUnit::Day : s.unit == TickUnit::Month ? BucketUnit::Month
                                                                                              : BucketUnit::Year);
}

}  // namespace

std::string FormatDay(int64_t day, BucketUnit precision) {
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  switch (precision) {
    case BucketUnit::Year: return std::to_string(y);
    case BucketUnit::Month: return MonthWord(m, MonthForm::Short) + " " + std::to_string(y);
    case BucketUnit::Week:
    case BucketUnit::Day: return std::to_string(d) + " " + MonthWord(m, MonthForm::Short) + " " + std::to_string(y);
  }
  return std::to_string(y);
}

std::vector<TimelineTick> TimelineTicks(const TimelineView& view, const std::function<float(const std::string&)>& text_width,
                                        float gap_px) {
  std::vector<TimelineTick> ticks;
  if (view.width_px <= 0 || view.Span() <= 0) return ticks;
  const double ppd = view.PixelsPerDay();
  const double min_label = text_width("2000") + gap_px;
  const int64_t from = static_cast<int64_t>(std::ceil(view.start));
  const int64_t to = static_cast<int64_t>(std::floor(view.end));
  const size_t n_steps = sizeof(kTickSteps) / sizeof(kTickSteps[0]);
  for (size_t i = 0; i < n_steps; ++i) {
    const TickStep& s = kTickSteps[i];
    const bool last = i + 1 == n_steps;
    if (!last && ApproxDays(s) * ppd < min_label) continue;  // cannot fit: skip without generating
    ticks.clear();
    bool fits = true;
    double label_end = -1e300;
    const int64_t lookback = static_cast<int64_t>(std::ceil(ApproxDays(s) * 1.1)) + 2;
    std::optional<int64_t> before;  // the last tick left of the view: its label sticks to the left edge
    for (int64_t day : TickDays(s, from - lookback, to)) {
      if (day < from) {
        before = day;
        continue;
      }
      TimelineTick t;
      t.day = day;
      t.x = view.DayToX(static_cast<double>(day));
      t.label_x = t.x;
      std::string label = TickLabel(s, day);
      const double w = text_width(label);
      if (t.x < label_end + gap_px) {
        if (!last) {
          fits = false;
          break;
        }
        label.clear();  // the coarsest step on a tiny strip: drop what does not fit
      } else if (t.x + w > view.width_px) {
        label.clear();  // would be cut at the right edge
      } else {
        label_end = t.x + w;
      }
      t.label = std::move(label);
      ticks.push_back(std::move(t));
    }
    if (!fits) continue;
    if (before) {
      TimelineTick t;
      t.day = *before;
      t.x = view.DayToX(static_cast<double>(*before));
      t.label_x = 0;
      t.label = TickLabel(s, *before);
      const double w = text_width(t.label);
      double next = view.width_px + gap_px;
      for (const TimelineTick& k : ticks)
        if (!k.label.empty()) {
          next = k.label_x;
          break;
        }
      if (w + gap_px <= next) ticks.insert(ticks.begin(), std::move(t));
    }
    return ticks;
  }
  return ticks;
}

// ---- records ----

namespace {

constexpr EnumName<LaneBy> kLaneByNames[] = {
    {LaneBy::Country, "country"}, {LaneBy::Kind, "kind"}, {LaneBy::Person, "person"}};

}  // namespace

const char* LaneByName(LaneBy by) { return NameOf(kLaneByNames, by, "kind"); }

bool ParseLaneBy(const std::string& name, LaneBy* out) { return ParseName(kLaneByNames, name, out); }

void TimelineData::Add(int64_t id, std::optional<int64_t> day, const std::string& kind,
                       const std::vector<std::string>& countries, const std::vector<std::string>& persons) {
  if (!day) {
    ++undated;
    return;
  }
  TimelineRecord r;
  r.id = id;
  r.day = *day;
  auto k = kind_index.find(kind);
  if (k == kind_index.end()) {
    k = kind_index.emplace(kind, static_cast<uint32_t>(kinds.size())).first;
    kinds.push_back(kind);
  }
  r.kind = k->second;
  auto add_names = [&](const std::vector<std::string>& list, uint32_t* begin, uint16_t* n) {
    *begin = static_cast<uint32_t>(links.size());
    for (const std::string& name : list) {
      if (*n == UINT16_MAX) break;
      auto it = name_index.find(name);
      if (it == name_index.end()) {
        it = name_index.emplace(name, static_cast<uint32_t>(names.size())).first;
        names.push_back(name);
      }
      links.push_back(it->second);
      ++*n;
    }
  };
  add_names(countries, &r.countries, &r.n_countries);
  add_names(persons, &r.persons, &r.n_persons);
  records.push_back(r);
}

void TimelineData::Finish() {
  std::sort(records.begin(), records.end(),
            [](const TimelineRecord& a, const TimelineRecord& b) { return a.day != b.day ? a.day < b.day : a.id < b.id; });
  days.resize(records.size());
  int64_t max_id = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    days[i] = records[i].day;
    max_id = std::max(max_id, records[i].id);
  }
  by_id.clear();
  sparse_ids.clear();
  if (max_id <= static_cast<int64_t>(8 * (records.size() + undated) + 1024)) {
    by_id.assign(static_cast<size_t>(max_id) + 1, -1);
    for (size_t i = 0; i < records.size(); ++i)
      if (records[i].id >= 0) by_id[static_cast<size_t>(records[i].id)] = static_cast<int32_t>(i);
  } else {  // ids far apart: a sorted list instead of a table
    for (size_t i = 0; i < records.size(); ++i) sparse_ids.emplace_back(records[i].id, static_cast<int32_t>(i));
    std::sort(sparse_ids.begin(), sparse_ids.end());
  }
  name_index.clear();
  kind_index.clear();
}

int32_t TimelineData::IndexOf(int64_t id) const {
  if (!sparse_ids.empty()) {
    auto it = std::lower_bound(sparse_ids.begin(), sparse_ids.end(), std::make_pair(id, INT32_MIN));
    return it != sparse_ids.end() && it->first == id ? it->second : -1;
  }
  if (id < 0 || static_cast<size_t>(id) >= by_id.size()) return -1;
  return by_id[static_cast<size_t>(id)];
}

TimelineData LoadTimeline(const Archive& archive) {
  TimelineData data;
  sqlite3* db = archive.Db();
  if (!db) return data;
  auto text = [](sqlite3_stmt* st, int col) {
    const char* t = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
    return t ? t : "";
  };
  // Counterpart entities (countries and persons) → their name's index.
  std::unordered_map<int64_t, std::pair<uint32_t, bool>> entity;  // id → (name index, is a country)
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT id, kind, name FROM entities WHERE kind IN ('country', 'person')", -1, &st, nullptr) ==
      SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const std::string name = text(st, 2);
      auto it = data.name_index.find(name);
      if (it == data.name_index.end()) {
        it = data.name_index.emplace(name, static_cast<uint32_t>(data.names.size())).first;
        data.names.push_back(name);
      }
      entity[sqlite3_column_int64(st, 0)] = {it->second, text(st, 1)[0] == 'c'};
    }
  }
  sqlite3_finalize(st);
  // Meetings' counterparts through the entity index (only those entities' rows are read).
  struct Link {
    int64_t doc;
    uint32_t name;
    bool country;
  };
  std::vector<Link> links;
  // The counterparts, packed (stats_links); an archive without them (or with a damaged chunk) is
  // read through the entity index.
  // stats.counterpart_links is how many the builder packed: a count that does not match is damage.
  int64_t expected = -1, count = 0;
  if (archive.Has("stats_links") &&
      sqlite3_prepare_v2(db, "SELECT value FROM stats WHERE key = 'counterpart_links'", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    expected = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  st = nullptr;
  bool packed = expected >= 0;
  if (packed && sqlite3_prepare_v2(db, "SELECT first_doc, data FROM stats_links ORDER BY first_doc", -1, &st, nullptr) ==
                    SQLITE_OK) {
    while (packed && sqlite3_step(st) == SQLITE_ROW) {
      const char* bytes = static_cast<const char*>(sqlite3_column_blob(st, 1));
      wire::Reader r(std::string_view(bytes ? bytes : "", static_cast<size_t>(sqlite3_column_bytes(st, 1))));
      int64_t doc = sqlite3_column_int64(st, 0);
      while (r.ok() && !r.AtEnd()) {
        doc += static_cast<int64_t>(r.U() & 0xffffffffu);
        const int64_t id = static_cast<int64_t>(r.U());
        if (!r.ok()) break;
        ++count;
        auto it = entity.find(id);
        if (it != entity.end()) links.push_back({doc, it->second.first, it->second.second});
      }
      packed = r.ok();
    }
    packed = packed && count == expected;
  } else {
    packed = false;
  }
  sqlite3_finalize(st);
  st = nullptr;
  if (!packed) {
    links.clear();
    if (sqlite3_prepare_v2(db,
                           "SELECT doc_id, entity_id FROM doc_entities WHERE role = 'counterpart' AND entity_id IN "
                           "(SELECT id FROM entities WHERE kind IN ('country', 'person'))",
                           -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        auto it = entity.find(sqlite3_column_int64(st, 1));
        if (it != entity.end()) links.push_back({sqlite3_column_int64(st, 0), it->second.first, it->second.second});
      }
    }
    sqlite3_finalize(st);
    st = nullptr;
  }
  std::stable_sort(links.begin(), links.end(), [](const Link& a, const Link& b) { return a.doc < b.doc; });
  // Documents in day order (the day runs, else the day index: no table scan, the rows hold the
  // texts); each finds its links by binary search. Kinds come later (LoadTimelineKinds), when lanes by kind are asked for.
  data.kinds.assign(1, std::string());
  data.kinds_loaded = false;
  auto add = [&](int64_t id, int64_t day) {
    TimelineRecord r;
    r.id = id;
    r.day = day;
    auto lo = std::lower_bound(links.begin(), links.end(), id, [](const Link& l, int64_t d) { return l.doc < d; });
    auto hi = lo;
    while (hi != links.end() && hi->doc == id) ++hi;
    r.countries = static_cast<uint32_t>(data.links.size());
    for (auto k = lo; k != hi; ++k)
      if (k->country && r.n_countries < UINT16_MAX) data.links.push_back(k->name), ++r.n_countries;
    r.persons = static_cast<uint32_t>(data.links.size());
    for (auto k = lo; k != hi; ++k)
      if (!k->country && r.n_persons < UINT16_MAX) data.links.push_back(k->name), ++r.n_persons;
    data.records.push_back(r);
  };
  if (archive.IdsInDateOrder() && !archive.DayRuns().empty()) {
    // Format 2's day runs (checked at open) are every dated document's id and day: no row is read.
    for (const DayRun& run : archive.DayRuns())
      for (int64_t id = run.first_id; id < run.first_id + run.n; ++id) add(id, run.day);
    data.undated = static_cast<size_t>(std::max<int64_t>(0, archive.Info().doc_count - archive.DatedCount()));
  } else if (sqlite3_prepare_v2(db, "SELECT id, day FROM documents ORDER BY day, id", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
        ++data.undated;
        continue;
      }
      add(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
  }
  data.Finish();
  return data;
}

void LoadTimelineKinds(const Archive& archive, TimelineData* data) {
  if (data->kinds_loaded) return;
  data->kinds_loaded = true;
  sqlite3* db = archive.Db();
  sqlite3_stmt* st = nullptr;
  if (!db || sqlite3_prepare_v2(db, "SELECT id, kind FROM documents WHERE day IS NOT NULL", -1, &st, nullptr) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  std::unordered_map<std::string, uint32_t> index;
  for (uint32_t i = 0; i < data->kinds.size(); ++i) index.emplace(data->kinds[i], i);
  std::string last;
  uint32_t last_index = 0;
  bool have_last = false;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const int32_t r = data->IndexOf(sqlite3_column_int64(st, 0));
    if (r < 0) continue;
    const char* k = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    if (!have_last || last != (k ? k : "")) {
      last = k ? k : "";
      auto it = index.find(last);
      if (it == index.end()) {
        it = index.emplace(last, static_cast<uint32_t>(data->kinds.size())).first;
        data->kinds.push_back(last);
      }
      last_index = it->second;
      have_last = true;
    }
    data->records[static_cast<size_t>(r)].kind = last_index;
  }
  sqlite3_finalize(st);
}

// ---- lanes ----

TimelineLanes AssignLanes(const TimelineData& data, LaneBy by, size_t max_lanes) {
  TimelineLanes lanes;
  lanes.by = by;
  if (max_lanes == 0) return lanes;
  const std::vector<std::string>& values = by == LaneBy::Kind ? data.kinds : data.names;
  // Documents per value over the whole archive.
  std::vector<int64_t> freq(values.size(), 0);
  auto each_value = [&](const TimelineRecord& r, auto&& fn) {
    if (by == LaneBy::Kind) {
      fn(r.kind);
      return;
    }
    const uint32_t begin = by == LaneBy::Country ? r.countries : r.persons;
    const uint16_t n = by == LaneBy::Country ? r.n_countries : r.n_persons;
    for (uint32_t i = begin; i < begin + n; ++i) fn(data.links[i]);
  };
  for (const TimelineRecord& r : data.records) each_value(r, [&](uint32_t v) { ++freq[v]; });
  std::vector<uint32_t> order;
  for (uint32_t v = 0; v < values.size(); ++v)
    if (freq[v] > 0 && !(by == LaneBy::Kind && values[v].empty())) order.push_back(v);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return freq[a] != freq[b] ? freq[a] > freq[b] : values[a] < values[b];
  });
  // Documents without a kind go to Other.
  bool unkinded = false;
  for (uint32_t v = 0; v < values.size(); ++v) unkinded = unkinded || (by == LaneBy::Kind && values[v].empty() && freq[v] > 0);
  const bool need_other = order.size() > max_lanes || unkinded;
  const size_t named = need_other ? std::min(order.size(), max_lanes - 1) : order.size();
  std::vector<int> lane_of(values.size(), -1);
  for (size_t i = 0; i < named; ++i) {
    lane_of[order[i]] = static_cast<int>(i);
    lanes.names.push_back(values[order[i]]);
  }
  const int other = static_cast<int>(named);
  lanes.has_other = need_other;
  if (lanes.has_other) {
    for (size_t i = named; i < order.size(); ++i) lane_of[order[i]] = other;
    if (by == LaneBy::Kind)
      for (uint32_t v = 0; v < values.size(); ++v)
        if (values[v].empty()) lane_of[v] = other;
    lanes.names.push_back("Other");
  }
  lanes.members.assign(lanes.names.size(), {});
  lanes.days.assign(lanes.names.size(), {});
  lanes.ids.assign(lanes.names.size(), {});
  lanes.counts.assign(lanes.names.size(), 0);
  for (uint32_t i = 0; i < data.records.size(); ++i) {
    int best = -1;
    each_value(data.records[i], [&](uint32_t v) {
      const int l = lane_of[v];
      if (l >= 0 && (best < 0 || l < best)) best = l;
    });
    if (best < 0) continue;
    lanes.members[static_cast<size_t>(best)].push_back(i);  // records are by day: members stay by day
    lanes.days[static_cast<size_t>(best)].push_back(static_cast<int32_t>(data.records[i].day));
    lanes.ids[static_cast<size_t>(best)].push_back(data.records[i].id);
    ++lanes.counts[static_cast<size_t>(best)];
  }
  return lanes;
}

// ---- marks ----

std::vector<std::vector<uint32_t>> LaneMatchPrefix(const TimelineData& data, const TimelineLanes& lanes,
                                                   const std::vector<int64_t>& ids) {
  std::vector<uint8_t> hit(data.records.size(), 0);
  for (int64_t id : ids) {
    const int32_t i = data.IndexOf(id);
    if (i >= 0) hit[static_cast<size_t>(i)] = 1;
  }
  std::vector<std::vector<uint32_t>> prefix(lanes.members.size());
  for (size_t l = 0; l < lanes.members.size(); ++l) {
    const auto& m = lanes.members[l];
    prefix[l].resize(m.size() + 1);
    prefix[l][0] = 0;
    for (size_t k = 0; k < m.size(); ++k) prefix[l][k + 1] = prefix[l][k] + hit[m[k]];
  }
  return prefix;
}

std::vector<TimelineMark> TimelineMarks(const TimelineData& data, const TimelineLanes& lanes, const TimelineView& view,
                                        double merge_px, const std::vector<std::vector<uint32_t>>* match_prefix) {
  std::vector<TimelineMark> marks;
  if (view.width_px <= 0 || view.Span() <= 0) return marks;
  merge_px = std::max(1.0, merge_px);
  const double ppd = view.PixelsPerDay();
  // A record at day d covers [d, d+1); it is visible when that overlaps the view.
  const int64_t first_day = static_cast<int64_t>(std::floor(view.start));
  const int64_t end_day = static_cast<int64_t>(std::ceil(view.end));
  std::vector<int32_t> local;
  size_t bound = 0;  // at most one mark per column and lane (+ the partial ones at both edges)
  for (const auto& m : lanes.members) bound += std::min(m.size(), static_cast<size_t>(view.width_px / merge_px) + 2);
  marks.reserve(bound);
  for (size_t lane = 0; lane < lanes.members.size(); ++lane) {
    const std::vector<uint32_t>& m = lanes.members[lane];
    // The lane's days, contiguous (AssignLanes keeps them; built here for lanes made by hand).
    const std::vector<int32_t>* lane_days = lane < lanes.days.size() && lanes.days[lane].size() == m.size() ? &lanes.days[lane] : nullptr;
    if (!lane_days) {
      local.clear();
      for (uint32_t idx : m) local.push_back(static_cast<int32_t>(data.records[idx].day));
      lane_days = &local;
    }
    const bool have_ids = lane < lanes.ids.size() && lanes.ids[lane].size() == m.size();
    const int32_t* days = lane_days->data();
    const size_t n = lane_days->size();
    auto day_at = [&](size_t k) { return static_cast<int64_t>(days[k]); };
    auto clamp32 = [](int64_t d) { return static_cast<int32_t>(std::clamp<int64_t>(d, INT32_MIN, INT32_MAX)); };
    // First k ≥ from with day ≥ d: galloping from `from` (the next column's records are near).
    auto lower = [&](size_t from, int64_t d) {
      const int32_t d32 = clamp32(d);
      size_t lo = from, probe = from, step = 1;
      while (probe < n && days[probe] < d32) {
        lo = probe + 1;
        probe += step;
        step <<= 1;
      }
      return static_cast<size_t>(std::lower_bound(days + lo, days + std::min(probe, n), d32) - days);
    };
    size_t i = static_cast<size_t>(std::lower_bound(days, days + n, clamp32(first_day)) - days);
    const size_t end = static_cast<size_t>(std::lower_bound(days + i, days + n, clamp32(end_day)) - days);
    while (i < end) {
      const int64_t day = day_at(i);
      const double x = view.DayToX(static_cast<double>(day));
      // The column this record falls in, and the first day past it.
      const double col = std::floor(std::max(x, -merge_px) / merge_px);
      const double col_end_x = (col + 1) * merge_px;
      const int64_t next_day = std::max(day + 1, static_cast<int64_t>(std::ceil(view.XToDay(col_end_x))));
      const size_t j = lower(i, next_day);
      TimelineMark mk;
      mk.lane = static_cast<int>(lane);
      mk.count = static_cast<int>(j - i);
      mk.first = static_cast<uint32_t>(i);
      mk.first_id = have_ids ? lanes.ids[lane][i] : data.records[m[i]].id;
      if (match_prefix && lane < match_prefix->size() && j < (*match_prefix)[lane].size())
        mk.matching = static_cast<int>((*match_prefix)[lane][j] - (*match_prefix)[lane][i]);
      if (ppd >= merge_px) {  // a day is wider than a column: the mark covers its day
        mk.x0 = static_cast<float>(x);
        mk.x1 = static_cast<float>(x + ppd);
      } else {  // on the column grid, so marks of a lane never overlap
        mk.x0 = static_cast<float>(col * merge_px);
        mk.x1 = static_cast<float>((col + 1) * merge_px);
      }
      marks.push_back(mk);
      i = j;
    }
  }
  return marks;
}

// ---- histogram ----

TimelineHistogram MakeHistogram(const TimelineView& view, double min_bar_px, const std::vector<int64_t>& all_days,
                                const std::vector<int64_t>* matching_days) {
  TimelineHistogram h;
  h.unit = ChooseBucketUnit(view.PixelsPerDay(), min_bar_px);
  const int64_t from = static_cast<int64_t>(std::floor(view.start));
  const int64_t to = static_cast<int64_t>(std::ceil(view.end));
  h.total = Bucketize(h.unit, from, to, all_days);
  if (matching_days) h.matching = Bucketize(h.unit, from, to, *matching_days);
  for (const TimelineBucket& b : h.total) h.max_total = std::max(h.max_total, b.count);
  return h;
}

std::vector<int64_t> DaysOfIds(const TimelineData& data, const std::vector<int64_t>& ids) {
  std::vector<int64_t> days;
  days.reserve(ids.size());
  if (ids.size() >= data.records.size() / 16 + 1) {
    // A large result (a common word): its records marked, their days taken in the records' order,
    // which is the days' order (records are read by day), so no sort is needed (checked).
    std::vector<unsigned char> in(data.records.size(), 0);
    for (int64_t id : ids) {
      const int32_t i = data.IndexOf(id);
      if (i >= 0) in[static_cast<size_t>(i)] = 1;
    }
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i]) days.push_back(data.records[i].day);
    if (!std::is_sorted(days.begin(), days.end())) std::sort(days.begin(), days.end());
    return days;
  }
  for (int64_t id : ids) {
    const int32_t i = data.IndexOf(id);
    if (i >= 0) days.push_back(data.records[static_cast<size_t>(i)].day);
  }
  std::sort(days.begin(), days.end());
  return days;
}

// ---- hover cards ----

std::vector<TimelineCard> TimelineCards(const Archive& archive, const std::vector<int64_t>& ids) {
  std::vector<TimelineCard> cards;
  sqlite3* db = archive.Db();
  if (!db) return cards;
  sqlite3_stmt* doc = nullptr;
  sqlite3_stmt* who = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT substr(title,1,501), substr(date,1,40), substr(place,1,201), date_precision FROM documents WHERE id = ?1", -1, &doc, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT substr(e.name,1,201) FROM doc_entities de JOIN entities e ON e.id = de.entity_id "
                         "WHERE de.doc_id = ?1 AND de.role = 'counterpart' ORDER BY e.kind DESC, e.name LIMIT 50",
                         -1, &who, nullptr) == SQLITE_OK) {
    auto text = [](sqlite3_stmt* s, int col) {
      const char* t = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
      return std::string(t ? t : "");
    };
    for (int64_t id : ids) {
      sqlite3_bind_int64(doc, 1, id);
      if (sqlite3_step(doc) == SQLITE_ROW) {
        TimelineCard c;
        c.id = id;
        c.title = DisplayCut(text(doc, 0), kDisplayTitleChars);  // cut for display (textlayout.h)
        c.date = text(doc, 1);
        c.place = DisplayCut(text(doc, 2), kDisplayLabelChars);
        c.date_precision = text(doc, 3);
        sqlite3_bind_int64(who, 1, id);
        while (sqlite3_step(who) == SQLITE_ROW) c.counterparts.push_back(DisplayCut(text(who, 0), kDisplayLabelChars));
        sqlite3_reset(who);
        cards.push_back(std::move(c));
      }
      sqlite3_reset(doc);
    }
  }
  sqlite3_finalize(doc);
  sqlite3_finalize(who);
  return cards;
}

}  // namespace stenogram
