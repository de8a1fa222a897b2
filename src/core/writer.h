// writer: writes DocRecords into a new Stenogram archive (format 2): documents, texts, turns as
// spans of the texts, speakers, entities merged by (kind, EntityKey) with every spelling kept as an
// alias, meetings, precomputed statistics, meta, and the one FTS index. Documents are streamed into
// staging tables (import order) and copied into the final tables in date order by Finish. All
// inserts run in one transaction through prepared statements.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/import.h"
#include "core/records.h"
#include "core/tokenizer.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stenogram {

class ArchiveWriter {
 public:
  // db: empty, open, tokenizer registered. report receives duplicates and counters.
  ArchiveWriter(sqlite3* db, const ImportOptions& options, ImportReport* report);
  ~ArchiveWriter();  // finalises statements; rolls back an unfinished transaction
  ArchiveWriter(const ArchiveWriter&) = delete;
  ArchiveWriter& operator=(const ArchiveWriter&) = delete;

  // Sets the page size, creates the schema, begins the transaction, prepares statements.
  bool Begin(std::string* error);

  // Writes one enriched document, applying the duplicate policy to its external id (same id in
  // another language is a translation, not a duplicate). Returns false only on a database error.
  bool Add(DocRecord&& doc, std::string* error);

  // Entity names and counts, statistics, meta (meta pairs are written as given, after the
  // builder's own keys), commit, FTS rebuild and optimize, ANALYZE, and VACUUM when asked.
  bool Finish(const std::vector<std::pair<std::string, std::string>>& meta, std::string* error);

  int64_t Documents() const { return next_id_ - 1; }

 private:
  struct Entity {
    int64_t id = 0;
    std::unordered_map<std::string, int64_t> spellings;  // spelling → times seen
    std::string first_spelling;
  };
  struct Seen {
    int64_t id = 0;
    int turns = 0;
    std::string where;  // "file:line" of the first record
  };
  bool Exec(const char* sql, std::string* error);
  bool InsertDocument(int64_t id, const DocRecord& doc, std::string* error);  // insert or replace
  // Turns (as spans of stored_text, searched from text_from), entity links and the meeting row.
  bool InsertParts(int64_t id, const DocRecord& doc, const std::string& stored_text, size_t text_from, int first_ord,
                   std::string* error);
  int64_t SpeakerId(const DocTurn& turn, std::string* error);  // 0: no speaker, -1: database error
  bool CopyInDateOrder(std::string* error);
  bool WriteFacetStats(std::string* error);  // stats_facets: every facet of the empty query
  bool WriteLinkStats(std::string* error);   // stats_links: the counterparts, packed
  bool MergeInto(const Seen& seen, DocRecord* doc, std::string* error);
  int64_t EntityId(EntityKind kind, const std::string& name, std::string* error);
  bool Fail(std::string* error, const std::string& what);

  sqlite3* db_;
  const ImportOptions& options_;
  ImportReport* report_;
  bool in_transaction_ = false;
  int64_t next_id_ = 1;
  std::unordered_map<std::string, Entity> entities_;  // kind '\x1f' key → entity
  std::unordered_map<std::string, Seen> seen_;        // external id '\x1f' language → first document
  int64_t next_entity_id_ = 1;
  std::unordered_map<std::string, int64_t> speakers_;  // speaker as written → speakers.id
  PositionCounter positions_;
  std::vector<int> starts_;  // scratch: position starts of the current document
  sqlite3_stmt* insert_doc_ = nullptr;
  sqlite3_stmt* insert_text_ = nullptr;
  sqlite3_stmt* insert_speaker_ = nullptr;
  sqlite3_stmt* insert_turn_ = nullptr;
  sqlite3_stmt* insert_link_ = nullptr;
  sqlite3_stmt* insert_meeting_ = nullptr;
  sqlite3_stmt* insert_entity_ = nullptr;
  sqlite3_stmt* insert_alias_ = nullptr;
};

}  // namespace stenogram
