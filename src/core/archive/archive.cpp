// archive: opening a Stenogram archive and reading documents from it (see archive.h).
#include "core/archive/archive.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <utility>

#include "core/archive/archive_guard.h"
#include "core/archive/schema.h"
#include "core/archive/snippet.h"
#include "core/archive/statement.h"
#include "core/text/utf8_fold.h"
#include "core/archive/tokenizer.h"

namespace stenogram {
namespace {

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Archive::Archive(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {}

Archive::~Archive() { sqlite3_close(db_); }

std::unique_ptr<Archive> Archive::OpenFile(const std::string& path, std::string* error) {
  const std::string name = BaseName(path);
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    if (error) *error = name + ": no such file";
    return nullptr;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    if (error) *error = name + ": cannot open (" + sqlite3_errmsg(db) + ")";
    sqlite3_close(db);
    return nullptr;
  }
  return Adopt(db, name, error);
}

std::unique_ptr<Archive> Archive::OpenImage(std::vector<unsigned char> bytes, const std::string& name,
                                            std::string* error) {
  auto* data = static_cast<unsigned char*>(sqlite3_malloc64(bytes.empty() ? 1 : bytes.size()));
  if (!data) {
    if (error) *error = name + ": out of memory";
    return nullptr;
  }
  std::copy(bytes.begin(), bytes.end(), data);
  return OpenOwnedImage(data, bytes.size(), name, error);
}

std::unique_ptr<Archive> Archive::OpenOwnedImage(unsigned char* data, size_t size, const std::string& name,
                                                 std::string* error) {
  static const char kMagic[] = "SQLite format 3";
  if (size < 100 || std::memcmp(data, kMagic, sizeof kMagic) != 0) {
    if (error) *error = name + ": not a SQLite database" + (size == 0 ? " (the file is empty)" : "");
    sqlite3_free(data);
    return nullptr;
  }
  // The header says how many pages the database has (offset 28) and their size (offset 16; 1 means
  // 65536): an image shorter than that was cut off in transfer.
  const uint32_t page_size = data[16] << 8 | data[17];
  const uint64_t pages = uint64_t{data[28]} << 24 | uint64_t{data[29]} << 16 | uint64_t{data[30]} << 8 | data[31];
  const uint64_t expected = pages * (page_size == 1 ? 65536u : page_size);
  if (pages > 0 && expected > size) {
    if (error)
      *error = name + ": the file is truncated (" + std::to_string(size) + " of " + std::to_string(expected) +
               " bytes)";
    sqlite3_free(data);
    return nullptr;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    if (error) *error = name + ": cannot open an in-memory database";
    sqlite3_close(db);
    sqlite3_free(data);
    return nullptr;
  }
  // Read in place and read-only; SQLite frees the buffer when the connection closes (and on error).
  const auto n = static_cast<sqlite3_int64>(size);
  int rc = sqlite3_deserialize(db, "main", data, n, n, SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE);
  if (rc != SQLITE_OK) {
    if (error) *error = name + ": cannot read the database image (" + sqlite3_errmsg(db) + ")";
    sqlite3_close(db);
    return nullptr;
  }
  return Adopt(db, name, error);
}

std::unique_ptr<Archive> Archive::Adopt(sqlite3* db, const std::string& name, std::string* error) {
  std::unique_ptr<Archive> archive(new Archive(db, name));
  try {
    if (!archive->Load(error)) return nullptr;
  } catch (const std::exception& e) {  // out of memory on a hostile archive: a message, never a throw
    if (error) *error = name + ": cannot be read (" + e.what() + ")";
    return nullptr;
  }
  return archive;
}

// Hardens the connection (archive_guard.h: an archive is untrusted input), registers the tokenizer
// and stn_snippet, checks the schema, and reads ArchiveInfo from meta and stats.
bool Archive::Load(std::string* error) {
  std::string reason;
  if (!HardenArchiveConnection(db_, &reason) || !RegisterTokenizer(db_, &reason) ||
      !RegisterSnippetFunction(db_, &reason) || !RegisterRankFunction(db_, &doc_lengths_, &reason) || !CheckSchema(db_, &reason, name_) || !CheckArchiveObjects(db_, &reason)) {
    // A SQLite file whose pages are broken is damaged, not "not a database".
    // Unless it holds what the engine's SQLite cannot parse: a trigger or a generated column.
    if (reason.find("malformed") != std::string::npos) {
      reason = ArchiveFailureMessage(SQLITE_CORRUPT, sqlite3_errmsg(db_));
      const std::string object = UnparsedSchemaObject(db_);
      if (!object.empty()) reason = "not a Stenogram archive: " + object;
    }
    if (error) *error = name_ + ": " + reason;
    return false;
  }
  info_.title = name_;
  {
    Stmt meta(db_, "SELECT key, value FROM meta WHERE key IN ('title','description')");
    while (meta.Step()) {
      if (meta.Text(0) == "title" && !meta.Text(1).empty()) info_.title = DisplayCut(meta.Text(1), kDisplayTitleChars);
      if (meta.Text(0) == "description") info_.description = DisplayCut(meta.Text(1), 4 * kDisplayTitleChars);
    }
  }
  {
    Stmt stats(db_, "SELECT key, value FROM stats WHERE key IN ('doc_count','first_date','last_date','id_order')");
    while (stats.Step()) {
      const std::string key = stats.Text(0);
      if (key == "doc_count") info_.doc_count = stats.Int(1);
      if (key == "first_date") info_.first_date = stats.Text(1);
      if (key == "last_date") info_.last_date = stats.Text(1);
      if (key == "id_order") ids_in_date_order_ = stats.Text(1) == "date";
    }
  }
  LoadDayRuns();
  if (std::string trouble = TakeArchiveTrouble(db_); !trouble.empty()) {
    if (error) *error = name_ + ": " + trouble;
    return false;
  }
  return true;
}

void Archive::LoadDayRuns() {
  day_runs_.clear();
  dated_count_ = 0;
  bool has_days = false;
  {
    Stmt s(db_, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('stats_days', 'stats_facets', 'stats_doclen', "
                "'stats_docfacets')");
    while (s.Step()) {
      if (s.Text(0) == "stats_docfacets") has_docfacets_ = true;
      if (s.Text(0) == "stats_days") has_days = true;
      if (s.Text(0) == "stats_facets") has_facet_stats_ = true;
      if (s.Text(0) == "stats_doclen") has_doclen_ = true;
    }
  }
  if (has_facet_stats_) {  // an archive made by other means may have the table but not its rows
    Stmt s(db_, "SELECT 1 FROM stats_facets LIMIT 1");
    has_facet_stats_ = s.Step();
  }
  if (!ids_in_date_order_ || !has_days || info_.doc_count <= 0) return;
  // Read at most one run per document: a hostile table cannot make this grow past the archive.
  Stmt s(db_, "SELECT first_id, day, precision, n FROM stats_days ORDER BY first_id LIMIT ?1");
  s.BindInt(1, info_.doc_count + 1);
  int64_t next = 1;
  bool ok = true;
  while (ok && s.Step()) {
    DayRun r;
    r.first_id = s.Int(0);
    r.day = s.Int(1);
    const std::string p = s.Text(2);
    r.precision = p == "year" ? 'y' : p == "month" ? 'm' : p == "time" ? 't' : 'd';
    r.n = s.Int(3);
    // Runs must tile 1..dated without gaps, in day order, within the archive's documents.
    ok = r.first_id == next && r.n > 0 && r.n <= info_.doc_count - (next - 1) &&
         (day_runs_.empty() || r.day >= day_runs_.back().day);
    next = r.first_id + r.n;
    if (ok) day_runs_.push_back(r);
  }
  if (!ok || s.Failed()) {
    day_runs_.clear();
    return;
  }
  dated_count_ = next - 1;
}

bool Archive::RankFromDocLengths() const {
  if (!doclen_tried_) {
    doclen_tried_ = true;
    if (has_doclen_) LoadDocLengths(db_, info_.doc_count, &doc_lengths_);
  }
  return !doc_lengths_.tokens.empty();
}

void Archive::LoadPackedFacets() const {
  if (docfacets_tried_) return;
  docfacets_tried_ = true;
  packed_facets_.assign(PackedFacets().size(), DocFacet());
  if (!has_docfacets_) return;
  for (size_t i = 0; i < PackedFacets().size(); ++i) LoadDocFacet(db_, PackedFacets()[i], info_.doc_count, &packed_facets_[i]);
}

const DocFacet* Archive::PackedFacet(const std::string& facet) const {
  const int64_t row = PackedFacetRow(facet);
  if (!row || !has_docfacets_) return nullptr;
  LoadPackedFacets();
  const DocFacet& f = packed_facets_[static_cast<size_t>(row - 1)];
  return f.offsets.empty() ? nullptr : &f;
}

bool Archive::Has(const std::string& name) const {
  Stmt s(db_, "SELECT 1 FROM sqlite_schema WHERE name = ?1");
  sqlite3_bind_text(s.Raw(), 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  return s.Step();
}

const DayRun* Archive::RunOf(int64_t id) const {
  if (day_runs_.empty() || id < 1 || id > dated_count_) return nullptr;
  auto it = std::upper_bound(day_runs_.begin(), day_runs_.end(), id,
                             [](int64_t v, const DayRun& r) { return v < r.first_id; });
  return it == day_runs_.begin() ? nullptr : &*(it - 1);
}

std::vector<DocumentSummary> Archive::ListDocuments(int64_t offset, int64_t limit) const {
  std::vector<DocumentSummary> out;
  // Format 2 numbers documents in date order (undated last), so id order is date order and a page
  // of the list is one contiguous run of the documents table (no sort, no texts).
  // (An archive made by other means, without stats.id_order = 'date', is sorted here.)
  Stmt q(db_, ids_in_date_order_
                  ? "SELECT id, substr(coalesce(date,''),1,40), coalesce(date_precision,''), substr(title,1,501), "
                    "substr(coalesce(kind,''),1,201), substr(coalesce(place,''),1,201) FROM docs ORDER BY id LIMIT ?1 OFFSET ?2"
                  : "SELECT id, substr(coalesce(date,''),1,40), coalesce(date_precision,''), substr(title,1,501), "
                    "substr(coalesce(kind,''),1,201), substr(coalesce(place,''),1,201) FROM docs "
                    "ORDER BY day IS NULL, day, date, id LIMIT ?1 OFFSET ?2");
  q.BindInt(1, limit);
  q.BindInt(2, offset);
  while (q.Step()) {
    // Cut for display (utf8_fold.h): a hostile 50 MB title must not reach the list.
    out.push_back({q.Int(0), q.Text(1), q.Text(2), DisplayCut(q.Text(3), kDisplayTitleChars),
                   DisplayCut(q.Text(4), kDisplayLabelChars), DisplayCut(q.Text(5), kDisplayLabelChars)});
  }
  return out;
}

std::optional<Document> Archive::ReadDocument(int64_t id) const {
  Stmt q(db_,
         "SELECT d.id, coalesce(d.external_id,''), d.title, coalesce(d.date,''), coalesce(d.date_precision,''), "
         "coalesce(d.kind,''), coalesce(d.section,''), coalesce(d.place,''), coalesce(d.language,''), coalesce(d.url,''), "
         "coalesce(stn_text(t.summary, t.id),''), coalesce(stn_text(t.text, t.id),''), coalesce(t.extra,'') "
         "FROM docs d LEFT JOIN texts t ON t.id = d.id WHERE d.id = ?1");
  q.BindInt(1, id);
  if (!q.Step()) return std::nullopt;
  Document d;
  d.id = q.Int(0);
  d.external_id = q.Text(1);
  d.title = q.Text(2);
  // Labels are cut for display (utf8_fold.h); title, url, summary and text stay whole (exports).
  d.date = DisplayCut(q.Text(3), 40);
  d.date_precision = q.Text(4);
  d.kind = DisplayCut(q.Text(5), kDisplayLabelChars);
  d.section = DisplayCut(q.Text(6), kDisplayLabelChars);
  d.place = DisplayCut(q.Text(7), kDisplayLabelChars);
  d.language = DisplayCut(q.Text(8), kDisplayLabelChars);
  d.url = q.Text(9);
  d.summary = q.Text(10);
  d.text = q.Text(11);
  d.extra = q.Text(12);
  // A turn is a span of the text (start, len), or carries its own text when it is not one.
  Stmt turns(db_,
             "SELECT t.ord, substr(coalesce(s.name,''),1,201), t.start, t.len, t.text, substr(coalesce(s.key,''),1,201) "
             "FROM turn_spans t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.doc_id = ?1 ORDER BY t.ord");
  turns.BindInt(1, id);
  while (turns.Step()) {
    Turn turn{static_cast<int>(turns.Int(0)), DisplayCut(turns.Text(1), kDisplayLabelChars), {}, turns.Text(5)};
    if (turns.IsNull(4)) {
      const int64_t start = std::clamp<int64_t>(turns.Int(2), 0, static_cast<int64_t>(d.text.size()));
      const int64_t len = std::clamp<int64_t>(turns.Int(3), 0, static_cast<int64_t>(d.text.size()) - start);
      turn.text = d.text.substr(static_cast<size_t>(start), static_cast<size_t>(len));
    } else {
      turn.text = turns.Text(4);
    }
    d.turns.push_back(std::move(turn));
  }
  Stmt ents(db_,
            "SELECT e.kind, substr(e.name,1,201), de.role FROM doc_entities de JOIN entities e ON e.id = de.entity_id "
            "WHERE de.doc_id = ?1 ORDER BY de.role, e.kind, e.doc_count DESC, e.name");
  ents.BindInt(1, id);
  while (ents.Step())
    d.entities.push_back({DisplayCut(ents.Text(0), kDisplayLabelChars), DisplayCut(ents.Text(1), kDisplayLabelChars),
                          DisplayCut(ents.Text(2), kDisplayLabelChars)});
  return d;
}

}  // namespace stenogram
