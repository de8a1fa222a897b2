// archive: opening a Stenogram archive (a file, or an image already in memory) and reading it.
// All reads go through here; the archive is immutable once opened.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/archive/docfacets.h"
#include "core/archive/rank.h"

struct sqlite3;

namespace stenogram {

// Archive-wide facts, read once at open time from meta and stats (no scan).
struct ArchiveInfo {
  std::string title;          // meta 'title', or the file name
  std::string description;    // meta 'description'
  int64_t doc_count = 0;
  std::string first_date;     // ISO date of the earliest document, "" if none is dated
  std::string last_date;
};

// A row of the document list.
struct DocumentSummary {
  int64_t id = 0;
  std::string date;           // as stored (ISO 8601, precision below)
  std::string date_precision; // "year", "month", "day", "time" or ""
  std::string title;
  std::string kind;
  std::string place;
};

struct Turn {
  int ord = 0;
  std::string speaker;        // "" when the turn has no speaker
  std::string text;
  std::string speaker_key;    // the stored key the speaker facet and speaker-limited search use
};

struct EntityRef {
  std::string kind;           // tag, person, country, organisation, place
  std::string name;
  std::string role;           // tag, mention, counterpart, place
};

// A run of documents that share a day and a date precision: ids [first_id, first_id + n). Format 2
// numbers documents in date order, so the dated documents are a sequence of such runs
// (stats_days); the timeline, the month histogram and date ranges read them instead of the rows.
struct DayRun {
  int64_t first_id = 0;
  int64_t day = 0;            // days since 1970-01-01
  int64_t n = 0;
  char precision = 'd';       // 'y' year, 'm' month, 'd' day, 't' time
};

struct Document {
  int64_t id = 0;
  std::string external_id, title, date, date_precision, kind, section, place, language, url, summary, text;
  std::string extra;          // JSON object text, "" if none
  std::vector<Turn> turns;
  std::vector<EntityRef> entities;
};

class Archive {
 public:
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Opens the archive file at path read-only. On failure returns null and *error names the file
  // and the reason ("missing.sqlite: no such file", "x.txt: not a SQLite database", ...).
  static std::unique_ptr<Archive> OpenFile(const std::string& path, std::string* error);

  // Opens an archive image held in memory (takes ownership of bytes; SQLite reads it in place
  // through sqlite3_deserialize, read-only). name is used in messages and as the default title.
  static std::unique_ptr<Archive> OpenImage(std::vector<unsigned char> bytes, const std::string& name,
                                            std::string* error);

  // Opens an image in a buffer from sqlite3_malloc64 (the browser streams a download straight
  // into one); SQLite takes ownership and frees it, also on failure. No copy is made.
  static std::unique_ptr<Archive> OpenOwnedImage(unsigned char* data, size_t size, const std::string& name,
                                                 std::string* error);

  // Wraps an already open connection (used by the importer and tests); takes ownership.
  static std::unique_ptr<Archive> Adopt(sqlite3* db, const std::string& name, std::string* error);

  const ArchiveInfo& Info() const { return info_; }
  const std::string& Name() const { return name_; }

  // Documents ordered by date (undated last), then id. offset/limit page through them. Titles and
  // labels are cut for display (DisplayCut, utf8_fold.h).
  std::vector<DocumentSummary> ListDocuments(int64_t offset = 0, int64_t limit = -1) const;

  // One document with its turns and entities; nullopt if no such id. Title, url, summary, text and
  // turn texts are whole (exports need them; the reader cuts the title with DisplayCut); the labels
  // (date, kind, section, place, language, speakers, entity names) are cut for display.
  std::optional<Document> ReadDocument(int64_t id) const;

  sqlite3* Db() const { return db_; }

  // True when ids are in date order (stats.id_order = 'date'): ids 1..dated are the dated
  // documents by (day, date, import order), the undated follow.
  bool IdsInDateOrder() const { return ids_in_date_order_; }
  // The dated documents as runs (stats_days), checked at open to tile ids 1..DatedCount() exactly;
  // empty when the archive has no such table or it does not add up (then callers read the rows).
  const std::vector<DayRun>& DayRuns() const { return day_runs_; }
  int64_t DatedCount() const { return dated_count_; }
  // The run holding id, or null (undated, unknown, or no runs).
  const DayRun* RunOf(int64_t id) const;
  // Whether the schema holds a table or an index of this name.
  bool Has(const std::string& name) const;
  // Whether stats_facets (the whole archive's facet counts) is present.
  bool HasFacetStats() const { return has_facet_stats_; }
  // Whether ranking reads the documents' lengths from stats_doclen (stn_bm25, core/archive/rank.h):
  // loads the table on the first call (the worker fetches its pages first: DocLengthsPending);
  // false when the archive has none or it does not add up (then bm25 reads the index's sizes).
  bool RankFromDocLengths() const;
  // True while stats_doclen exists and has not been loaded yet.
  bool DocLengthsPending() const { return has_doclen_ && !doclen_tried_; }
  // facet of every document (stats_docfacets, core/archive/docfacets.h), loaded on the first call;
  // null when the archive has none for facet or it does not add up (then facets are scanned).
  const DocFacet* PackedFacet(const std::string& facet) const;
  // True while stats_docfacets exists and has not been loaded yet (LoadPackedFacets loads it all).
  bool PackedFacetsPending() const { return has_docfacets_ && !docfacets_tried_; }
  void LoadPackedFacets() const;

 private:
  Archive(sqlite3* db, std::string name);
  bool Load(std::string* error);
  void LoadDayRuns();

  sqlite3* db_ = nullptr;
  std::string name_;
  ArchiveInfo info_;
  bool ids_in_date_order_ = false;  // stats.id_order = 'date' (every archive stenogram-build writes)
  std::vector<DayRun> day_runs_;
  int64_t dated_count_ = 0;
  bool has_facet_stats_ = false;
  bool has_doclen_ = false;
  mutable bool doclen_tried_ = false;
  mutable DocLengths doc_lengths_;  // stn_bm25 reads it (registered on db_ with its address)
  bool has_docfacets_ = false;
  mutable bool docfacets_tried_ = false;
  mutable std::vector<DocFacet> packed_facets_;  // PackedFacets() order; empty pairs+offsets: none
};

}  // namespace stenogram
