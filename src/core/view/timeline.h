// Timeline core (GUI-free): viewport over days since 1970-01-01, zoom/pan, calendar-correct
// bucketing (year/month/week/day) and per-bucket counts, tick labels that never overlap, the
// per-document records loaded once at open, lanes (by counterpart country, kind or person), and
// the marks of one view: culled to the view and merged per pixel column, so the output is bounded
// by the screen, not by the number of documents. The panel (src/app/panel_timeline) only draws.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace stenogram {
class Archive;
}

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

// ---- tick labels ----

struct TimelineTick {
  int64_t day = 0;     // the tick's day (start of its year, month or day)
  double x = 0;        // its position in the view (pixels from the left edge; < 0 for the first, see below)
  double label_x = 0;  // where its label starts: x, or 0 for the tick left of the view
  std::string label;   // "2018", "Oct 2018" or "12 Oct 2018"; "" when it would be cut at the right edge
};

// Ticks for the view: the finest step (days, months, quarters, years, decades...) whose labels,
// drawn left-aligned at their tick, keep at least gap_px between them as measured by text_width.
// Labels never overlap; a label that would run past the right edge is left empty. The tick just
// left of the view comes first, its label pinned to the left edge (when it fits), so the period
// in view is always named.
std::vector<TimelineTick> TimelineTicks(const TimelineView& view, const std::function<float(const std::string&)>& text_width,
                                        float gap_px);

// ---- records: one per dated document, loaded once at open ----

enum class LaneBy { Country, Kind, Person };
const char* LaneByName(LaneBy by);  // "country", "kind", "person"
bool ParseLaneBy(const std::string& name, LaneBy* out);  // false for any other name

struct TimelineRecord {
  int64_t id = 0;
  int64_t day = 0;            // first day its date covers (a month or year sits at its start)
  uint32_t kind = 0;          // index into TimelineData::kinds
  uint32_t countries = 0;     // [countries, countries + n_countries) in TimelineData::links
  uint32_t persons = 0;       // [persons, persons + n_persons) in TimelineData::links
  uint16_t n_countries = 0;   // counterpart countries
  uint16_t n_persons = 0;     // counterpart persons
};

struct TimelineData {
  std::vector<TimelineRecord> records;  // dated documents, by day then id
  std::vector<int64_t> days;            // records' days (ascending), for the histogram
  std::vector<uint32_t> links;          // indices into names (countries and persons of each record)
  std::vector<std::string> names;       // counterpart entity names
  std::vector<std::string> kinds;       // kind names; "" for documents without one
  std::vector<int32_t> by_id;           // record index by document id (−1: undated or none) when ids are dense
  std::vector<std::pair<int64_t, int32_t>> sparse_ids;  // (id, record index) sorted, when they are not
  size_t undated = 0;                   // documents without a day (not drawn)
  bool kinds_loaded = true;             // false after LoadTimeline until LoadTimelineKinds

  // Appends a document (any order); Finish() sorts and indexes. Names are merged by value.
  void Add(int64_t id, std::optional<int64_t> day, const std::string& kind, const std::vector<std::string>& countries,
           const std::vector<std::string>& persons);
  void Finish();
  int64_t FirstDay() const { return days.empty() ? 0 : days.front(); }
  int64_t LastDay() const { return days.empty() ? 0 : days.back(); }
  // Index in records of a document, or −1 when it is undated or unknown.
  int32_t IndexOf(int64_t id) const;

  std::unordered_map<std::string, uint32_t> name_index;  // build-time: names → index (cleared by Finish)
  std::unordered_map<std::string, uint32_t> kind_index;  // build-time: kinds → index (cleared by Finish)
};

// Reads every document's id and day (from the day index, without touching the rows, which hold
// the texts) and the counterparts (countries and persons, role 'counterpart', through the entity
// index). Kinds are not read (every record has kind 0, ""; kinds_loaded is false): call
// LoadTimelineKinds when they are needed. Never throws; an archive it cannot read gives empty data.
TimelineData LoadTimeline(const Archive& archive);

// Reads the kind of every dated document (one pass over the documents table).
void LoadTimelineKinds(const Archive& archive, TimelineData* data);

// ---- lanes ----

struct TimelineLanes {
  LaneBy by = LaneBy::Kind;
  std::vector<std::string> names;                 // lane titles, most frequent first; "Other" last if any
  std::vector<int64_t> counts;                    // documents per lane
  std::vector<std::vector<uint32_t>> members;     // record indices per lane, by day
  std::vector<std::vector<int32_t>> days;         // their days and document ids, parallel to members
  std::vector<std::vector<int64_t>> ids;          // (contiguous: TimelineMarks reads these, not the records)
  bool has_other = false;
};

// The max_lanes − 1 most frequent values (ties by name) get a lane each and the rest share
// "Other" (when everything fits, max_lanes lanes and no Other). A record goes to the lane of its
// most frequent value; documents with no counterpart of the chosen kind are in no lane. Depends on
// the whole archive only, so lanes stay put while the view and the query change.
TimelineLanes AssignLanes(const TimelineData& data, LaneBy by, size_t max_lanes);

// ---- marks ----

struct TimelineMark {
  int lane = 0;
  float x0 = 0, x1 = 0;      // pixel extent in the view (at least merge_px wide)
  int count = 0;             // documents merged into this mark
  int64_t first_id = 0;      // the earliest of them
  uint32_t first = 0;        // [first, first + count) in the lane's members
  int matching = -1;         // of them, documents matching the query (−1: no query given)
};

// Per lane, how many of its first k members match (k = 0..size), for the documents ids; lets a
// merged mark count its matching documents in O(1).
std::vector<std::vector<uint32_t>> LaneMatchPrefix(const TimelineData& data, const TimelineLanes& lanes,
                                                   const std::vector<int64_t>& ids);

// Marks of the visible records: each lane's records inside the view, merged when they fall in the
// same merge_px-wide pixel column. Work is O(lanes × columns × log N); the output has at most
// lanes × (width_px / merge_px + 2) marks whatever the number of records.
std::vector<TimelineMark> TimelineMarks(const TimelineData& data, const TimelineLanes& lanes, const TimelineView& view,
                                        double merge_px,
                                        const std::vector<std::vector<uint32_t>>* match_prefix = nullptr);

// ---- histogram ----

struct TimelineHistogram {
  BucketUnit unit = BucketUnit::Year;
  std::vector<TimelineBucket> total;     // every dated document per bucket
  std::vector<TimelineBucket> matching;  // documents matching the query (same buckets; empty if none given)
  int max_total = 0;                     // largest total count among the buckets (for the scale)
};

// Buckets covering the view, each at least min_bar_px wide, with all documents and (when given)
// the matching ones. Both day lists are ascending.
TimelineHistogram MakeHistogram(const TimelineView& view, double min_bar_px, const std::vector<int64_t>& all_days,
                                const std::vector<int64_t>* matching_days);

// Days of the given documents (ascending; undated ones skipped).
std::vector<int64_t> DaysOfIds(const TimelineData& data, const std::vector<int64_t>& ids);

// ---- hover cards ----

struct TimelineCard {
  int64_t id = 0;
  std::string title, date, date_precision, place;
  std::vector<std::string> counterparts;
};

// Title, date, place and counterparts of each id (in the given order; unknown ids skipped).
std::vector<TimelineCard> TimelineCards(const Archive& archive, const std::vector<int64_t>& ids);

// "12 Oct 2018", "Oct 2018" or "2018".
std::string FormatDay(int64_t day, BucketUnit precision);

}  // namespace stenogram
