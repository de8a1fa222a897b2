// writer: writes DocRecords into a new Stenogram archive (format 4): documents, texts, turns as
// spans of the texts, speakers, entities merged by (kind, EntityKey) with every spelling kept as an
// alias, meetings, precomputed statistics, meta, and the one FTS index. Documents are streamed into
// staging tables (import order) and copied into the final tables in date order by Finish. All
// inserts run in one transaction through prepared statements.
//
// Two threads (ImportOptions::threads = 2, native builds): Add decides duplicates and queues the
// document; a second thread owns SQLite while streaming: it tokenizes and stems each document
// (index terms and the texts into a temporary file, in import order; the texts are written into
// the archive once, by Finish, in date order) and inserts its other rows, while the caller
// parses and enriches the next ones. Finish (the worker stopped) indexes the prepared terms in date
// order (ReplayTerms) on a second thread, in a database of its own (in memory, or a file beside the
// archive past 256 MB of spilled terms and texts), while the caller's thread writes the texts and
// the statistics; the index tables are then copied in: the index equals a rebuild from the texts. With
// a compressor (ImportOptions::compress_text: stenogram-build) texts and summaries are stored as zstd
// frames where that is shorter (core/archive/textcodec.h). With
// one thread (the browser: no pthreads and no file system) Add runs the same job code inline, the
// turns' positions come from a word count and Finish rebuilds the index from the texts (no
// temporary file, no second copy of the terms in memory).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/import/import_types.h"
#include "core/import/records.h"
#include "core/archive/tokenizer.h"

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
  // another language is a translation, not a duplicate). Returns false only on a database error
  // (with two threads: the first error of the writing thread, reported by a later Add or Drain).
  bool Add(DocRecord&& doc, std::string* error);

  // Waits until every added document is written and stops the second thread, so the caller may use
  // the database. Returns false with the writing thread's error. Idempotent; Finish calls it.
  bool Drain(std::string* error);

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
    std::string where;  // "file:line" of the first record
  };
  // What the writing side does with one document.
  struct Job {
    enum Kind { Insert, Replace, Merge } kind = Insert;
    int64_t id = 0;
    DocRecord doc;
  };
  bool Exec(const char* sql, std::string* error);
  bool Submit(Job&& job, std::string* error);  // runs it inline, or queues it for the second thread
  bool Run(Job& job, std::string* error);      // the writing side: rows, terms, turns
  void WorkerLoop();
  // Inserts or replaces the document's rows and, with two threads, writes its index terms (text,
  // title, summary) to the spill file and leaves the text's term offsets in starts_.
  bool InsertDocument(int64_t id, const DocRecord& doc, std::string* error);
  // Turns (as spans of stored_text, searched from text_from), entity links and the meeting row.
  // stored_text is the text InsertDocument has just written.
  bool InsertParts(int64_t id, const DocRecord& doc, const std::string& stored_text, size_t text_from, int first_ord,
                   std::string* error);
  int64_t SpeakerId(const DocTurn& turn, std::string* error);  // 0: no speaker, -1: database error
  bool CopyInDateOrder(std::string* error);
  // Two threads: texts (summary, extra, text) are spilled to the temporary file instead of a
  // staging table, and written into texts once, in date order (order[i]: stage id of final id i + 1).
  bool CopyTextsInDateOrder(const std::vector<int64_t>& order, std::string* error);
  bool SpillWrite(const std::string& bytes, std::pair<int64_t, int64_t>* at, std::string* error);
  bool SpillRead(std::pair<int64_t, int64_t> at, std::string* out) const;
  bool WriteFacetStats(std::string* error);  // stats_facets: every facet of the empty query
  bool WriteLinkStats(std::string* error);   // stats_links: the counterparts, packed
  // The FTS index from the prepared terms, in date order, into db (the archive, or BuildIndexAside's).
  bool IndexPreparedTerms(sqlite3* db, const std::vector<int64_t>& order, std::string* error) const;
  bool BuildIndexAside(const std::vector<int64_t>& order, const std::string& create_sql, const std::string& path,
                       sqlite3** side, std::string* error) const;
  bool CopyIndexIn(sqlite3* side, std::string* error);
  bool MergeInto(int64_t id, DocRecord* doc, std::string* error);
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
  // The writing side's own state (the second thread's while it runs).
  TermWriter terms_;         // two threads: the terms prepared for the index (and the positions)
  PositionCounter positions_;  // one thread: the positions only (Finish rebuilds the index)
  std::vector<int> starts_;  // index positions' byte offsets in the text InsertDocument wrote last
  std::string record_;       // scratch: one document's terms
  std::string text_frame_, summary_frame_;  // scratch: the document's compressed text and summary
  int64_t text_bytes_ = 0, summary_bytes_ = 0;  // two threads: the texts' and summaries' bytes (decompressed)
  std::FILE* spill_ = nullptr;                              // index terms of every document, import order
  int64_t spill_size_ = 0;
  std::vector<std::pair<int64_t, int64_t>> spill_at_;       // stage id → (offset, bytes) of its latest terms
  std::vector<std::pair<int64_t, int64_t>> text_at_;        // stage id → (offset, bytes) of its latest texts
  std::vector<int> turns_of_;                               // stage id → turns written (merge continues the order)
  int64_t turns_written_ = 0;
  // The queue between Add and the second thread.
  bool threaded_ = false;
  std::thread worker_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Job> jobs_;
  size_t queued_bytes_ = 0;
  bool closing_ = false, failed_ = false;
  std::string worker_error_;
  double worker_cpu_seconds_ = 0;  // set by the second thread when it ends
  double caller_cpu_seconds_ = -1;  // the caller's thread CPU time when Drain was first called
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
