// query: what the user asks of an archive — full-text query, speaker limit, facet filters, date
// range, sort — and its answers: ranked results with snippets, facet counts, and documents per
// month. Every panel (search, facets, timeline, tag cloud, month archive) reads the same Query.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/text/language.h"  // LanguageName, for facet labels and the panels

namespace stenogram {

// One facet filter. facet is one of: "section", "kind", "year", "month" (YYYY-MM), "language",
// "speaker" (speaker_key), "tag", "person", "country", "organisation", "place" (entity names),
// "counterpart" (an entity met, any kind).
struct Filter {
  std::string facet;
  std::string value;
  bool exclude = false;  // shift-click: documents WITHOUT this value
  bool operator==(const Filter&) const = default;
};

enum class SortOrder { Relevance, DateAscending, DateDescending };
const char* SortOrderName(SortOrder s);                         // "relevance", "date-asc", "date-desc"
bool ParseSortOrder(const std::string& name, SortOrder* out);  // false for any other name

struct Query {
  std::string text;                 // FTS5 syntax: words, "phrases", prefix*, AND/OR/NOT, NEAR(...)
  std::string speaker;              // speaker_key: limit the text match to this speaker's turns ("" = anywhere)
  std::vector<Filter> filters;
  std::optional<int64_t> day_from;  // inclusive, days since 1970-01-01
  std::optional<int64_t> day_to;    // inclusive
  SortOrder sort = SortOrder::Relevance;
  bool operator==(const Query&) const = default;
  bool Empty() const { return text.empty() && speaker.empty() && filters.empty() && !day_from && !day_to; }
};

// A half-open byte range [start, end) to highlight in a string.
struct HitRange {
  int start = 0;
  int end = 0;
  bool operator==(const HitRange&) const = default;
};

struct ResultRow {
  int64_t id = 0;
  std::string title, date, date_precision, kind, place;
  double rank = 0;                  // bm25 (lower is better), 0 without a text query or scores
  std::string snippet;              // plain text around the hits ("…" at cut ends), "" if no text query
  std::vector<HitRange> snippet_hits;  // where the hits are in snippet
};

struct QueryResult {
  std::string error;                // a friendly message for a malformed query ("" when fine)
  int64_t total = 0;                // all matching documents
  std::vector<int64_t> ids;         // all matching ids in the requested order (for prev/next, timeline)
  std::vector<double> scores;       // bm25 of each id (same order) for a text query, else empty
};

struct FacetValue {
  std::string value;                // what Filter.value takes
  std::string label;                // what to show
  int64_t count = 0;                // matching documents under the current query and OTHER filters
};

struct MonthCount {
  std::string month;                // YYYY-MM
  int64_t count = 0;
};

// Runs q: all matching ids in order, or error. Never throws; a malformed FTS query yields a
// friendly error, never SQLite's message.
QueryResult RunQuery(const Archive& archive, const Query& q);

// A word for the idle warm-up search (Engine::WarmUp): the most frequent word of at least five
// letters in the texts of three documents from across the archive (a quarter, half and three
// quarters of the way through), as a reader would type it; "" when they have none. A word frequent
// in a few texts is a topical word that many documents share ("negotiations", "сотрудничества"),
// so searching it runs the code of a real search (ranking a long doclist, snippets, facets).
std::string WarmUpWord(const Archive& archive);

// Rows (with snippets for a text query) for ids[offset, offset+limit) of a QueryResult. A row's
// rank is taken from scores (the QueryResult's, parallel to ids) when given, else 0: ranking again
// per row would rescan the index for every row. A speaker-limited row's snippet comes from the
// speaker's first matching turn.
std::vector<ResultRow> ResultRows(const Archive& archive, const Query& q, const std::vector<int64_t>& ids,
                                  size_t offset, size_t limit, const std::vector<double>* scores = nullptr);

// Counts per value of facet under q (excluding q's own filters on that facet), most frequent first.
// Filters combine so: values of one single-valued facet (section, kind, year, month, language) are
// alternatives; values of the other facets (speaker, entities) must all hold; excludes always hold.
// With own_filters, q's filters on the facet hold too: the counts within every filter (the tag
// cloud's drill-down: the tags that occur together with the chosen ones).
std::vector<FacetValue> FacetCounts(const Archive& archive, const Query& q, const std::string& facet, size_t limit,
                                    bool own_filters = false);

// The facet counts of the whole archive (the empty query) come from stats_facets when the archive
// has it (also when q's only filters are the facet's own, which the counts leave out).

// Scans the facet counts of q on a raw connection (the builder writes stats_facets with it).
std::vector<FacetValue> ScanFacetCounts(sqlite3* db, const Query& q, const std::string& facet, size_t limit,
                                        bool own_filters = false);

// The query a facet's counts are computed under: q without its filters on facet, unless own_filters.
Query FacetBase(const Query& q, const std::string& facet, bool own_filters);

// The year or month facet of a query's matching ids, from the archive's day runs (no row read);
// ordered and limited as FacetCounts. Requires Archive::DayRuns().
// The counts of facet over the documents ids (each id once) from the archive's packed facets
// (Archive::PackedFacet): the values a scan of their rows gives, in its order (count, then label),
// at most limit. Empty when the archive has no packed facet for facet.
std::vector<FacetValue> FacetOfIds(const Archive& archive, const std::vector<int64_t>& ids, const std::string& facet,
                                   size_t limit);
std::vector<FacetValue> DateFacetOfIds(const Archive& archive, const std::vector<int64_t>& ids, const std::string& facet,
                                       size_t limit);

// Every facet FacetCounts knows, in a fixed order.
const std::vector<std::string>& KnownFacets();

// Matching documents per month, ascending; for an empty query read from stats_months (no scan).
std::vector<MonthCount> MonthHistogram(const Archive& archive, const Query& q);

// The same for a query's matching ids, counted from the archive's day runs without reading a row
// (requires Archive::DayRuns(); ids not in a run, and year-precise documents, are not counted).
std::vector<MonthCount> MonthHistogramOfIds(const Archive& archive, const std::vector<int64_t>& ids);

// Where the query's terms hit in text, using the same tokenizer as the index (stemmed, folded),
// for highlighting in the reader. Phrases and prefixes are honoured; NOT terms are not hits.
std::vector<HitRange> HitRanges(const std::string& text, const std::string& fts_query);

// Turns SQLite's message for a bad MATCH expression into words for a user.
std::string FriendlyQueryError(const std::string& sqlite_message, const std::string& query);

// The FTS5 expression run for what the user typed: the syntax is kept (words, "phrases", prefix*,
// AND/OR/NOT, NEAR, column:), but a word holding characters FTS5 rejects in a bareword (Lavrov's,
// U.S., co-operation, «мир») is quoted as a phrase, so it is searched instead of failing; runs of
// white space collapse. "" for an empty or blank query.
std::string MatchExpression(const std::string& text);

// The snippet FTS5 returns with \x01 before and \x02 after each hit, as plain one-line text
// (white space runs collapsed to one space) and the hits' ranges in it.
void AssembleSnippet(const std::string& marked, std::string* plain, std::vector<HitRange>* hits);

// Shortens a snippet whose first hit starts more than max_lead bytes in: the text before a word
// boundary near the hit is replaced by "…", and the hits are moved along, so a narrow row shows
// the hit. Unchanged when the first hit is near enough (or there is none).
void FocusSnippet(std::string* snippet, std::vector<HitRange>* hits, size_t max_lead);

}  // namespace stenogram
