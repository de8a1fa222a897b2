// writer: the archive writer (see writer.h).
//
// [SECTION] helpers
// [SECTION] the second thread
// [SECTION] documents
// [SECTION] entities
// [SECTION] finish: statistics, meta, FTS
#include "core/import/writer.h"

#include "core/archive/docfacets.h"
#include "core/archive/rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <time.h>
#include <unistd.h>
#include <system_error>

#include "core/text/entities.h"
#include "core/view/query.h"
#include "core/archive/rank.h"
#include "core/archive/schema.h"
#include "core/archive/wire.h"

namespace stenogram {

// ---- [SECTION] helpers ----

namespace {

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void BindOptText(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty()) {
    sqlite3_bind_null(s, i);
  } else {
    BindText(s, i, v);
  }
}

std::string ColumnText(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

std::string NowUtc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
#if defined(_WIN32)
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void AppendVarint(std::string* out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out->push_back(static_cast<char>((v & 0x7F) | 0x80));
  out->push_back(static_cast<char>(v));
}
bool TakeVarint(std::string_view* in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    const unsigned char c = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    *v |= static_cast<uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}
// A spilled texts record: a flags byte (kSummaryFrame, kTextFrame: that value is a zstd frame, as
// texts stores it) and, for each frame, the length of its text (text, then summary); summary and
// extra (each its length first), then the text to the end.
constexpr unsigned char kSummaryFrame = 1, kTextFrame = 2;
struct SpilledTexts {
  unsigned char flags = 0;
  uint64_t text_bytes = 0, summary_bytes = 0;  // their lengths (decompressed)
  std::string_view summary, extra, text;
};
bool ParseSpilledTexts(std::string_view in, SpilledTexts* out) {
  uint64_t n = 0;
  if (in.empty()) return false;
  out->flags = static_cast<unsigned char>(in.front());
  in.remove_prefix(1);
  if ((out->flags & kTextFrame) && !TakeVarint(&in, &out->text_bytes)) return false;
  if ((out->flags & kSummaryFrame) && !TakeVarint(&in, &out->summary_bytes)) return false;
  if (!TakeVarint(&in, &n) || n > in.size()) return false;
  out->summary = in.substr(0, n);
  in.remove_prefix(n);
  if (!TakeVarint(&in, &n) || n > in.size()) return false;
  out->extra = in.substr(0, n);
  in.remove_prefix(n);
  out->text = in;
  if (!(out->flags & kTextFrame)) out->text_bytes = in.size();
  if (!(out->flags & kSummaryFrame)) out->summary_bytes = out->summary.size();
  return true;
}
// Binds a texts value: a BLOB (one zstd frame) or TEXT; NULL for an empty optional one.
void BindStored(sqlite3_stmt* s, int i, std::string_view v, bool frame, bool optional) {
  if (frame) {
    sqlite3_bind_blob(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  } else if (optional && v.empty()) {
    sqlite3_bind_null(s, i);
  } else {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

ArchiveWriter::ArchiveWriter(sqlite3* db, const ImportOptions& options, ImportReport* report)
    : db_(db), options_(options), report_(report) {}

ArchiveWriter::~ArchiveWriter() {
  std::string ignored;
  Drain(&ignored);
  if (spill_) std::fclose(spill_);
  for (sqlite3_stmt* s : {insert_doc_, insert_text_, insert_turn_, insert_speaker_, insert_link_, insert_meeting_,
                          insert_entity_, insert_alias_})
    sqlite3_finalize(s);
  if (in_transaction_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool ArchiveWriter::Fail(std::string* error, const std::string& what) {
  if (error) *error = what + ": " + sqlite3_errmsg(db_);
  return false;
}

bool ArchiveWriter::Exec(const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    if (error) *error = std::string("archive write failed (") + sql + "): " + (message ? message : "?");
    sqlite3_free(message);
    return false;
  }
  return true;
}

bool ArchiveWriter::Begin(std::string* error) {
  const int page_size = options_.page_size > 0 ? options_.page_size : 4096;
  const std::string pragmas = "PRAGMA page_size=" + std::to_string(page_size) +
                              "; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;"
                              " PRAGMA temp_store=FILE";
  if (!Exec(pragmas.c_str(), error)) return false;
  if (!CreateSchema(db_, error)) return false;
  if (!Exec("BEGIN", error)) return false;
  in_transaction_ = true;
  // Documents arrive in import order; they are staged under import-order ids and copied into the
  // final tables in date order by Finish (stage_* are dropped there).
  if (!Exec(R"SQL(
    CREATE TABLE stage_documents(id INTEGER PRIMARY KEY, day INTEGER, date TEXT, date_precision TEXT, title TEXT NOT NULL,
      kind TEXT, place TEXT, section TEXT, language TEXT, external_id TEXT, url TEXT);
    CREATE TABLE stage_texts(id INTEGER PRIMARY KEY, summary TEXT, extra TEXT, text TEXT NOT NULL DEFAULT '');
    CREATE TABLE stage_turns(doc_id INTEGER NOT NULL, ord INTEGER NOT NULL, speaker_id INTEGER, start INTEGER NOT NULL,
      len INTEGER NOT NULL, tok INTEGER NOT NULL, tok_end INTEGER NOT NULL, text TEXT, PRIMARY KEY (doc_id, ord)) WITHOUT ROWID;
    CREATE TABLE stage_links(doc_id INTEGER NOT NULL, entity_id INTEGER NOT NULL, role TEXT NOT NULL,
      PRIMARY KEY (doc_id, entity_id, role)) WITHOUT ROWID;
    CREATE TABLE stage_meetings(doc_id INTEGER PRIMARY KEY, day INTEGER, place TEXT);
  )SQL", error))
    return false;
  struct {
    sqlite3_stmt** stmt;
    const char* sql;
  } const statements[] = {
      {&insert_doc_,
       "INSERT OR REPLACE INTO stage_documents(id, day, date, date_precision, title, kind, place, section, language, "
       "external_id, url) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"},
      {&insert_text_, "INSERT OR REPLACE INTO stage_texts(id, summary, extra, text) VALUES (?1,?2,?3,?4)"},
      {&insert_turn_,
       "INSERT INTO stage_turns(doc_id, ord, speaker_id, start, len, tok, tok_end, text) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"},
      {&insert_speaker_, "INSERT INTO speakers(id, name, key) VALUES (?1,?2,?3)"},
      {&insert_link_, "INSERT OR IGNORE INTO stage_links(doc_id, entity_id, role) VALUES (?1,?2,?3)"},
      {&insert_meeting_, "INSERT OR REPLACE INTO stage_meetings(doc_id, day, place) VALUES (?1,?2,?3)"},
      {&insert_entity_, "INSERT INTO entities(id, kind, name, key, doc_count) VALUES (?1,?2,?3,?4,0)"},
      {&insert_alias_, "INSERT OR IGNORE INTO entity_aliases(entity_id, alias) VALUES (?1,?2)"},
  };
  for (const auto& st : statements)
    if (sqlite3_prepare_v2(db_, st.sql, -1, st.stmt, nullptr) != SQLITE_OK) return Fail(error, "prepare");
  if (!terms_.Ok() || !positions_.Ok()) {
    if (error) *error = "cannot start the tokenizer (out of memory?)";
    return false;
  }
#if !defined(__EMSCRIPTEN__)
  // Two threads need a temporary file for the prepared terms; without one, one thread does it all.
  if (options_.threads > 1 && (spill_ = std::tmpfile()) != nullptr) {
    try {
      worker_ = std::thread([this] { WorkerLoop(); });
      threaded_ = true;
    } catch (const std::system_error&) {
      std::fclose(spill_);
      spill_ = nullptr;
    }
  }
#endif
  return true;
}

// ---- [SECTION] the second thread ----

namespace {
constexpr size_t kMaxQueuedBytes = size_t{32} << 20;  // text waiting for the writing thread
constexpr size_t kMaxQueuedJobs = 256;
size_t JobBytes(const DocRecord& d) { return d.text.size() + d.title.size() + d.summary.size() + 512; }
// This thread's CPU time in seconds (0 where there is no per-thread clock).
double ThreadCpuSeconds() {
#if !defined(__EMSCRIPTEN__)
  timespec cpu{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0)
    return static_cast<double>(cpu.tv_sec) + static_cast<double>(cpu.tv_nsec) / 1e9;
#endif
  return 0;
}
}  // namespace

bool ArchiveWriter::Submit(Job&& job, std::string* error) {
  if (!threaded_) return Run(job, error);
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [&] { return failed_ || (queued_bytes_ < kMaxQueuedBytes && jobs_.size() < kMaxQueuedJobs); });
  if (failed_) {
    if (error) *error = worker_error_;
    return false;
  }
  queued_bytes_ += JobBytes(job.doc);
  jobs_.push_back(std::move(job));
  not_empty_.notify_one();
  return true;
}

void ArchiveWriter::WorkerLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [&] { return closing_ || !jobs_.empty(); });
      if (jobs_.empty()) {  // closing, all written
        worker_cpu_seconds_ = ThreadCpuSeconds();
        return;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
      queued_bytes_ -= JobBytes(job.doc);
      not_full_.notify_one();
    }
    std::string error;
    bool ok = false;
    try {
      ok = Run(job, &error);
    } catch (const std::bad_alloc&) {
      error = "out of memory writing a document from " + job.doc.file;
    }
    if (!ok) {
      std::lock_guard<std::mutex> lock(mu_);
      failed_ = true;
      worker_error_ = error;
      jobs_.clear();
      not_full_.notify_all();
      return;
    }
  }
}

bool ArchiveWriter::Drain(std::string* error) {
  if (caller_cpu_seconds_ < 0) caller_cpu_seconds_ = ThreadCpuSeconds();
  if (threaded_) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    not_empty_.notify_all();
    worker_.join();
    threaded_ = false;
  }
  if (failed_) {
    if (error) *error = worker_error_;
    return false;
  }
  return true;
}

bool ArchiveWriter::Run(Job& job, std::string* error) {
  const int64_t id = job.id;
  if (static_cast<size_t>(id) >= turns_of_.size()) turns_of_.resize(static_cast<size_t>(id) + 1, 0);
  DocRecord& doc = job.doc;
  switch (job.kind) {
    case Job::Insert:
      if (!InsertDocument(id, doc, error) || !InsertParts(id, doc, doc.text, 0, 0, error)) return false;
      turns_of_[static_cast<size_t>(id)] = static_cast<int>(doc.turns.size());
      return true;
    case Job::Replace:
      for (const char* sql : {"DELETE FROM stage_turns WHERE doc_id = ?1", "DELETE FROM stage_links WHERE doc_id = ?1",
                              "DELETE FROM stage_meetings WHERE doc_id = ?1"}) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) return Fail(error, "replace");
        sqlite3_bind_int64(s, 1, id);
        const int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) return Fail(error, "replace");
      }
      if (!InsertDocument(id, doc, error) || !InsertParts(id, doc, doc.text, 0, 0, error)) return false;
      turns_of_[static_cast<size_t>(id)] = static_cast<int>(doc.turns.size());
      return true;
    case Job::Merge:
      if (!MergeInto(id, &doc, error)) return false;
      turns_of_[static_cast<size_t>(id)] += static_cast<int>(doc.turns.size());
      return true;
  }
  return false;
}

// ---- [SECTION] documents ----

bool ArchiveWriter::InsertDocument(int64_t id, const DocRecord& doc, std::string* error) {
  sqlite3_stmt* s = insert_doc_;
  sqlite3_reset(s);
  sqlite3_bind_int64(s, 1, id);
  if (doc.date) {
    sqlite3_bind_int64(s, 2, doc.date->day);
    BindText(s, 3, doc.date->iso);
    sqlite3_bind_text(s, 4, PrecisionName(doc.date->precision), -1, SQLITE_STATIC);
  } else {
    sqlite3_bind_null(s, 2);
    sqlite3_bind_null(s, 3);
    sqlite3_bind_null(s, 4);
  }
  BindText(s, 5, doc.title);
  BindOptText(s, 6, doc.kind);
  BindOptText(s, 7, doc.place);
  BindOptText(s, 8, doc.section);
  BindOptText(s, 9, doc.language);
  BindOptText(s, 10, doc.external_id);
  BindOptText(s, 11, doc.url);
  if (sqlite3_step(s) != SQLITE_DONE) return Fail(error, "insert document from " + doc.file);
  const std::string extra =
      doc.extra.empty() ? std::string() : doc.extra.dump(-1, ' ', false, Json::error_handler_t::replace);
  // The text and summary as texts stores them: one zstd frame each when the builder has a compressor
  // and the frame is shorter (core/archive/textcodec.h), else plain. Compressed here, on the writing
  // thread, which waits for the parser most of the time.
  const TextCompressor compress = options_.compress_text;
  const bool summary_frame =
      compress && options_.compress_summary && !doc.summary.empty() &&  // an empty summary is NULL
      compress(doc.summary, options_.text_level, &summary_frame_);
  const bool text_frame = compress && compress(doc.text, options_.text_level, &text_frame_);
  const std::string_view summary = summary_frame ? std::string_view(summary_frame_) : std::string_view(doc.summary);
  const std::string_view text = text_frame ? std::string_view(text_frame_) : std::string_view(doc.text);
  if (!spill_) {  // one thread: the texts staged; InsertParts counts positions, Finish rebuilds the index
    s = insert_text_;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, id);
    BindStored(s, 2, summary, summary_frame, true);
    BindOptText(s, 3, extra);
    BindStored(s, 4, text, text_frame, false);
    if (sqlite3_step(s) != SQLITE_DONE) return Fail(error, "insert text from " + doc.file);
    return true;
  }
  // The texts to the temporary file (the latest record of an id wins, as INSERT OR REPLACE did).
  record_.clear();
  record_.push_back(static_cast<char>((summary_frame ? kSummaryFrame : 0) | (text_frame ? kTextFrame : 0)));
  if (text_frame) AppendVarint(&record_, doc.text.size());
  if (summary_frame) AppendVarint(&record_, doc.summary.size());
  AppendVarint(&record_, summary.size());
  record_ += summary;
  AppendVarint(&record_, extra.size());
  record_ += extra;
  record_ += text;
  if (static_cast<size_t>(id) >= text_at_.size()) text_at_.resize(static_cast<size_t>(id) + 1, {0, -1});
  if (!SpillWrite(record_, &text_at_[static_cast<size_t>(id)], error)) return false;
  // The index terms, column by column as documents_fts has them: text, title, summary.
  record_.clear();
  if (!terms_.Append(doc.text, &record_, &starts_) || !terms_.Append(doc.title, &record_, nullptr) ||
      !terms_.Append(doc.summary, &record_, nullptr)) {
    if (error) *error = "out of memory tokenizing a document from " + doc.file;
    return false;
  }
  if (static_cast<size_t>(id) >= spill_at_.size()) spill_at_.resize(static_cast<size_t>(id) + 1, {0, 0});
  return SpillWrite(record_, &spill_at_[static_cast<size_t>(id)], error);
}

// Appends bytes to the temporary file; *at = (offset, size).
bool ArchiveWriter::SpillWrite(const std::string& bytes, std::pair<int64_t, int64_t>* at, std::string* error) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), spill_) != bytes.size()) {
    if (error) *error = "cannot write the temporary file of index terms and texts (disk full?)";
    return false;
  }
  *at = {spill_size_, static_cast<int64_t>(bytes.size())};
  spill_size_ += static_cast<int64_t>(bytes.size());
  return true;
}

// Reads a record back from the temporary file (pread: safe from two threads once the file is
// flushed; the caller flushes what it wrote).
bool ArchiveWriter::SpillRead(std::pair<int64_t, int64_t> at, std::string* out) const {
  if (at.second < 0 || !spill_) return false;
  out->resize(static_cast<size_t>(at.second));
  const int fd = fileno(spill_);
  for (size_t done = 0; done < out->size();) {
    const ssize_t got = pread(fd, out->data() + done, out->size() - done, static_cast<off_t>(at.first) + static_cast<off_t>(done));
    if (got <= 0) return false;
    done += static_cast<size_t>(got);
  }
  return true;
}

int64_t ArchiveWriter::SpeakerId(const DocTurn& t, std::string* error) {
  if (t.speaker.empty()) return 0;
  auto it = speakers_.find(t.speaker);
  if (it != speakers_.end()) return it->second;
  const int64_t id = static_cast<int64_t>(speakers_.size()) + 1;
  sqlite3_reset(insert_speaker_);
  sqlite3_bind_int64(insert_speaker_, 1, id);
  BindText(insert_speaker_, 2, t.speaker);
  BindText(insert_speaker_, 3, t.speaker_key.empty() ? t.speaker : t.speaker_key);
  if (sqlite3_step(insert_speaker_) != SQLITE_DONE) {
    Fail(error, "insert speaker");
    return -1;
  }
  speakers_.emplace(t.speaker, id);
  return id;
}

bool ArchiveWriter::InsertParts(int64_t id, const DocRecord& doc, const std::string& stored_text, size_t text_from,
                                int first_ord, std::string* error) {
  int ord = first_ord;
  // Turns are spans of the stored text: each turn's text is found from where the previous one
  // ended (ParseTurns and grouping both produce the turns in text order). A turn that is not a
  // span (never expected, but a parser change must not lose text) keeps its own copy. starts_
  // holds the index positions' byte offsets in stored_text (from InsertDocument's terms, or
  // counted here).
  if (!spill_ && !doc.turns.empty() && !positions_.Starts(stored_text, &starts_)) {
    if (error) *error = "out of memory counting the words of a document from " + doc.file;
    return false;
  }
  size_t cursor = text_from;
  for (const DocTurn& t : doc.turns) {
    size_t at = t.text.empty() ? cursor : stored_text.find(t.text, cursor);
    const bool span = at != std::string::npos;
    if (!span) at = cursor;
    const size_t len = span ? t.text.size() : 0;
    const auto tok = std::lower_bound(starts_.begin(), starts_.end(), static_cast<int>(at)) - starts_.begin();
    const auto tok_end = std::lower_bound(starts_.begin(), starts_.end(), static_cast<int>(at + len)) - starts_.begin();
    const int64_t speaker = SpeakerId(t, error);
    if (speaker < 0) return false;
    sqlite3_reset(insert_turn_);
    sqlite3_bind_int64(insert_turn_, 1, id);
    sqlite3_bind_int(insert_turn_, 2, ord++);
    if (speaker == 0) {
      sqlite3_bind_null(insert_turn_, 3);
    } else {
      sqlite3_bind_int64(insert_turn_, 3, speaker);
    }
    sqlite3_bind_int64(insert_turn_, 4, static_cast<int64_t>(at));
    sqlite3_bind_int64(insert_turn_, 5, static_cast<int64_t>(len));
    sqlite3_bind_int64(insert_turn_, 6, tok);
    sqlite3_bind_int64(insert_turn_, 7, tok_end);
    if (span) {
      sqlite3_bind_null(insert_turn_, 8);
      cursor = at + len;
    } else {
      BindText(insert_turn_, 8, t.text);
    }
    if (sqlite3_step(insert_turn_) != SQLITE_DONE) return Fail(error, "insert turn");
    ++turns_written_;
  }
  for (const DocLink& link : doc.links) {
    const int64_t entity = EntityId(link.kind, link.name, error);
    if (entity < 0) return false;
    if (entity == 0) continue;
    sqlite3_reset(insert_link_);
    sqlite3_bind_int64(insert_link_, 1, id);
    sqlite3_bind_int64(insert_link_, 2, entity);
    sqlite3_bind_text(insert_link_, 3, link.role, -1, SQLITE_STATIC);
    if (sqlite3_step(insert_link_) != SQLITE_DONE) return Fail(error, "insert entity link");
  }
  if (doc.is_meeting) {
    sqlite3_reset(insert_meeting_);
    sqlite3_bind_int64(insert_meeting_, 1, id);
    if (doc.date) {
      sqlite3_bind_int64(insert_meeting_, 2, doc.date->day);
    } else {
      sqlite3_bind_null(insert_meeting_, 2);
    }
    BindOptText(insert_meeting_, 3, doc.place);
    if (sqlite3_step(insert_meeting_) != SQLITE_DONE) return Fail(error, "insert meeting");
  }
  return true;
}

bool ArchiveWriter::MergeInto(int64_t id, DocRecord* doc, std::string* error) {
  // Read the earlier document, fill its empty fields from doc, append doc's text if it is new.
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_,
                         "SELECT d.external_id, d.title, d.date, d.date_precision, d.day, d.kind, d.section, d.place, "
                         "d.language, d.url, stn_text(t.summary, t.id), stn_text(t.text, t.id), t.extra FROM stage_documents d JOIN stage_texts t "
                         "ON t.id = d.id WHERE d.id = ?1",
                         -1, &s, nullptr) != SQLITE_OK)
    return Fail(error, "merge");
  sqlite3_bind_int64(s, 1, id);
  DocRecord old;
  if (spill_) {  // the texts are in the temporary file: the same row from stage_documents alone
    sqlite3_finalize(s);
    s = nullptr;
    if (sqlite3_prepare_v2(db_,
                           "SELECT d.external_id, d.title, d.date, d.date_precision, d.day, d.kind, d.section, d.place, "
                           "d.language, d.url, '', '', '' FROM stage_documents d WHERE d.id = ?1",
                           -1, &s, nullptr) != SQLITE_OK)
      return Fail(error, "merge");
    sqlite3_bind_int64(s, 1, id);
  }
  std::string spilled;
  SpilledTexts texts;
  const bool have_texts = !spill_ || (static_cast<size_t>(id) < text_at_.size() && std::fflush(spill_) == 0 &&
                                      SpillRead(text_at_[static_cast<size_t>(id)], &spilled) &&
                                      ParseSpilledTexts(spilled, &texts));
  if (!have_texts) {
    sqlite3_finalize(s);
    if (error) *error = "cannot read the temporary file of texts back (merging a document from " + doc->file + ")";
    return false;
  }
  if (sqlite3_step(s) == SQLITE_ROW) {
    old.external_id = ColumnText(s, 0);
    old.title = ColumnText(s, 1);
    if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
      ParsedDate d;
      d.iso = ColumnText(s, 2);
      const std::string p = ColumnText(s, 3);
      d.precision = p == "year" ? DatePrecision::Year
                    : p == "month" ? DatePrecision::Month
                    : p == "time"  ? DatePrecision::Time
                                   : DatePrecision::Day;
      d.day = sqlite3_column_int64(s, 4);
      old.date = d;
    }
    old.kind = ColumnText(s, 5);
    old.section = ColumnText(s, 6);
    old.place = ColumnText(s, 7);
    old.language = ColumnText(s, 8);
    old.url = ColumnText(s, 9);
    old.summary = spill_ ? std::string(texts.summary) : ColumnText(s, 10);
    old.text = spill_ ? std::string(texts.text) : ColumnText(s, 11);
    // The spilled texts as texts stores them: frames are decompressed (limit: what the builder compresses).
    std::string why;
    if (spill_ && (texts.flags & kSummaryFrame) &&
        !DecompressStoredText(texts.summary, kMaxCompressedTextBytes, &old.summary, &why)) {
      sqlite3_finalize(s);
      if (error) *error = "cannot read the temporary file of texts back (" + why + ")";
      return false;
    }
    if (spill_ && (texts.flags & kTextFrame) &&
        !DecompressStoredText(texts.text, kMaxCompressedTextBytes, &old.text, &why)) {
      sqlite3_finalize(s);
      if (error) *error = "cannot read the temporary file of texts back (" + why + ")";
      return false;
    }
    const std::string extra = spill_ ? std::string(texts.extra) : ColumnText(s, 12);
    if (!extra.empty()) {
      Json j = Json::parse(extra, nullptr, false);
      if (!j.is_discarded() && j.is_object()) old.extra = std::move(j);
    }
  }
  sqlite3_finalize(s);
  auto fill = [](std::string* a, const std::string& b) {
    if (a->empty()) *a = b;
  };
  fill(&old.title, doc->title);
  fill(&old.kind, doc->kind);
  fill(&old.section, doc->section);
  fill(&old.place, doc->place);
  fill(&old.language, doc->language);
  fill(&old.url, doc->url);
  fill(&old.summary, doc->summary);
  if (!old.date) old.date = doc->date;
  for (const auto& [key, value] : doc->extra.items())
    if (!old.extra.contains(key)) old.extra[key] = value;
  bool append = !doc->text.empty() && old.text.find(doc->text) == std::string::npos;
  size_t appended_at = old.text.size();
  if (append) {
    if (!old.text.empty()) old.text += "\n\n";
    appended_at = old.text.size();
    old.text += doc->text;
  }
  old.is_meeting = false;
  if (!InsertDocument(id, old, error)) return false;
  if (!append) doc->turns.clear();
  return InsertParts(id, *doc, old.text, appended_at, turns_of_[static_cast<size_t>(id)], error);
}

bool ArchiveWriter::Add(DocRecord&& doc, std::string* error) {
  std::string dup_key;
  if (!doc.external_id.empty()) {
    dup_key = doc.external_id + '\x1f' + doc.language;
    auto it = seen_.find(dup_key);
    if (it != seen_.end()) {
      ++report_->duplicates;
      Problem p;
      p.severity = Severity::Warning;
      p.file = doc.file;
      p.line = doc.line;
      p.record = doc.record;
      p.field = "id";
      p.reason = "duplicate id";
      const std::string first = "id '" + doc.external_id + "' first seen at " + it->second.where;
      switch (options_.duplicates) {
        case DuplicatePolicy::KeepFirst:
          p.detail = first + "; this record skipped (--duplicates first)";
          ++report_->rejected;
          ++report_->rejected_by_reason["duplicate id"];
          report_->Add(std::move(p), options_.max_problems);
          return true;
        case DuplicatePolicy::KeepLast: {
          p.detail = first + "; replaced by this record (--duplicates last)";
          report_->Add(std::move(p), options_.max_problems);
          ++report_->merged;
          return Submit(Job{Job::Replace, it->second.id, std::move(doc)}, error);
        }
        case DuplicatePolicy::Merge: {
          p.detail = first + "; merged into it (--duplicates merge)";
          report_->Add(std::move(p), options_.max_problems);
          ++report_->merged;
          return Submit(Job{Job::Merge, it->second.id, std::move(doc)}, error);
        }
        case DuplicatePolicy::KeepAll:
          p.detail = first + "; both kept (--duplicates all)";
          report_->Add(std::move(p), options_.max_problems);
          break;
      }
    }
  }
  const int64_t id = next_id_++;
  ++report_->imported;
  if (!dup_key.empty() && !seen_.count(dup_key)) {
    Seen s;
    s.id = id;
    s.where = doc.file + ":" + (doc.line > 0 ? std::to_string(doc.line) : "#" + std::to_string(doc.record));
    seen_.emplace(std::move(dup_key), std::move(s));
  }
  return Submit(Job{Job::Insert, id, std::move(doc)}, error);
}

// ---- [SECTION] entities ----

int64_t ArchiveWriter::EntityId(EntityKind kind, const std::string& name, std::string* error) {
  const std::string key = EntityKey(name);
  if (key.empty()) return 0;
  const char* kind_name = EntityKindName(kind);
  std::string map_key = std::string(kind_name) + '\x1f' + key;
  auto it = entities_.find(map_key);
  if (it == entities_.end()) {
    Entity e;
    e.id = next_entity_id_++;
    e.first_spelling = name;
    sqlite3_reset(insert_entity_);
    sqlite3_bind_int64(insert_entity_, 1, e.id);
    sqlite3_bind_text(insert_entity_, 2, kind_name, -1, SQLITE_STATIC);
    BindText(insert_entity_, 3, name);
    BindText(insert_entity_, 4, key);
    if (sqlite3_step(insert_entity_) != SQLITE_DONE) {
      Fail(error, "insert entity");
      return -1;
    }
    it = entities_.emplace(std::move(map_key), std::move(e)).first;
  }
  int64_t& count = it->second.spellings[name];
  if (count++ == 0) {
    sqlite3_reset(insert_alias_);
    sqlite3_bind_int64(insert_alias_, 1, it->second.id);
    BindText(insert_alias_, 2, name);
    if (sqlite3_step(insert_alias_) != SQLITE_DONE) {
      Fail(error, "insert alias");
      return -1;
    }
  }
  return it->second.id;
}

// ---- [SECTION] finish: statistics, meta, FTS ----

// Copies the staged documents into the final tables with ids 1..N in date order (undated last,
// then import order), each table written in id order, and drops the staging tables. The order
// table is walked first (CROSS JOIN) so rows arrive in order and nothing is sorted in memory.
bool ArchiveWriter::CopyInDateOrder(std::string* error) {
  return Exec(R"SQL(
    CREATE TABLE stage_order(new INTEGER PRIMARY KEY, old INTEGER NOT NULL);
    INSERT INTO stage_order(new, old)
      SELECT row_number() OVER (ORDER BY day IS NULL, day, date, id), id FROM stage_documents;
    INSERT INTO docs(id, day, date, date_precision, title, kind, place, section, language, external_id, url)
      SELECT o.new, d.day, d.date, d.date_precision, d.title, d.kind, d.place, d.section, d.language, d.external_id, d.url
      FROM stage_order o CROSS JOIN stage_documents d ON d.id = o.old ORDER BY o.new;
    INSERT INTO meetings(doc_id, day, place)
      SELECT o.new, m.day, m.place FROM stage_order o CROSS JOIN stage_meetings m ON m.doc_id = o.old ORDER BY o.new;
    INSERT INTO doc_entities(doc_id, entity_id, role)
      SELECT o.new, l.entity_id, l.role FROM stage_order o CROSS JOIN stage_links l ON l.doc_id = o.old;
    INSERT INTO turn_spans(doc_id, ord, speaker_id, start, len, tok, tok_end, text)
      SELECT o.new, t.ord, t.speaker_id, t.start, t.len, t.tok, t.tok_end, t.text
      FROM stage_order o CROSS JOIN stage_turns t ON t.doc_id = o.old;
    DROP TABLE stage_turns; DROP TABLE stage_links; DROP TABLE stage_meetings; DROP TABLE stage_documents;
  )SQL", error) && (spill_ || Exec(R"SQL(
    INSERT INTO texts(id, summary, extra, text)
      SELECT o.new, t.summary, t.extra, t.text FROM stage_order o CROSS JOIN stage_texts t ON t.id = o.old ORDER BY o.new;
  )SQL", error)) && Exec("DROP TABLE stage_texts", error);
}

// The spilled texts into texts, in final id order: the rows the SQL copy above writes with one
// thread (empty summary and extra are NULL, the text never is).
bool ArchiveWriter::CopyTextsInDateOrder(const std::vector<int64_t>& order, std::string* error) {
  if (std::fflush(spill_) != 0) {
    if (error) *error = "cannot write the temporary file of index terms and texts (disk full?)";
    return false;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT INTO texts(id, summary, extra, text) VALUES (?1,?2,?3,?4)", -1, &s, nullptr) !=
      SQLITE_OK)
    return Fail(error, "texts");
  std::string buffer;
  bool ok = true;
  for (size_t i = 0; ok && i < order.size(); ++i) {
    const size_t old = static_cast<size_t>(order[i]);
    SpilledTexts t;
    if (old >= text_at_.size() || !SpillRead(text_at_[old], &buffer) || !ParseSpilledTexts(buffer, &t)) {
      if (error) *error = "cannot read the temporary file of texts back";
      ok = false;
      break;
    }
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(i + 1));
    BindStored(s, 2, t.summary, t.flags & kSummaryFrame, true);
    BindStored(s, 3, t.extra, false, true);
    BindStored(s, 4, t.text, t.flags & kTextFrame, false);
    text_bytes_ += static_cast<int64_t>(t.text_bytes);
    summary_bytes_ += static_cast<int64_t>(t.summary_bytes);
    if (sqlite3_step(s) != SQLITE_DONE) ok = Fail(error, "texts");
  }
  sqlite3_finalize(s);
  return ok;
}

bool ArchiveWriter::WriteFacetStats(std::string* error) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT INTO stats_facets(facet, ord, value, label, n) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &s,
                         nullptr) != SQLITE_OK)
    return Fail(error, "stats_facets");
  for (const std::string& facet : KnownFacets()) {
    const std::vector<FacetValue> values = ScanFacetCounts(db_, Query{}, facet, static_cast<size_t>(-1), false);
    for (size_t i = 0; i < values.size(); ++i) {
      sqlite3_reset(s);
      BindText(s, 1, facet);
      sqlite3_bind_int64(s, 2, static_cast<int64_t>(i));
      BindText(s, 3, values[i].value);
      BindText(s, 4, values[i].label);
      sqlite3_bind_int64(s, 5, values[i].count);
      if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_finalize(s);
        return Fail(error, "stats_facets");
      }
    }
  }
  sqlite3_finalize(s);
  return true;
}

bool ArchiveWriter::WriteLinkStats(std::string* error) {
  sqlite3_stmt* in = nullptr;
  sqlite3_stmt* out = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT doc_id, entity_id FROM doc_entities WHERE role = 'counterpart' ORDER BY doc_id, entity_id",
                         -1, &in, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, "INSERT INTO stats_links(first_doc, data) VALUES (?1, ?2)", -1, &out, nullptr) != SQLITE_OK) {
    sqlite3_finalize(in);
    sqlite3_finalize(out);
    return Fail(error, "stats_links");
  }
  wire::Writer chunk;
  int64_t first = 0, prev = 0;
  bool ok = true;
  auto flush = [&] {
    if (chunk.Bytes().empty()) return;
    sqlite3_reset(out);
    sqlite3_bind_int64(out, 1, first);
    sqlite3_bind_blob(out, 2, chunk.Bytes().data(), static_cast<int>(chunk.Bytes().size()), SQLITE_TRANSIENT);
    ok = ok && sqlite3_step(out) == SQLITE_DONE;
    chunk = wire::Writer();
  };
  while (ok && sqlite3_step(in) == SQLITE_ROW) {
    const int64_t doc = sqlite3_column_int64(in, 0), entity = sqlite3_column_int64(in, 1);
    // A chunk ends between documents, under a page, so a reader gets it from one page.
    if (doc != prev && chunk.Bytes().size() >= 3000) flush();
    if (chunk.Bytes().empty()) first = prev = doc;
    chunk.U(static_cast<uint64_t>(doc - prev));
    chunk.U(static_cast<uint64_t>(entity));
    prev = doc;
  }
  flush();
  sqlite3_finalize(in);
  sqlite3_finalize(out);
  if (!ok) return Fail(error, "stats_links");
  // How many were packed: the reader checks it (a chunk that decodes to another count is damage).
  return Exec("INSERT OR REPLACE INTO stats(key, value) SELECT 'counterpart_links', count(*) FROM doc_entities "
              "WHERE role = 'counterpart'", error);
}

// Indexes every document's prepared terms (the spill file) under its final id, in id order, so
// FTS5 appends to its doclists (ids ascending) as a rebuild would. order[i] is the stage id of
// final id i + 1.
bool ArchiveWriter::IndexPreparedTerms(sqlite3* db, const std::vector<int64_t>& order, std::string* error) const {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO documents_fts(rowid, text, title, summary) VALUES (?1, ?2, ?2, ?2)", -1, &s,
                         nullptr) != SQLITE_OK) {
    if (error) *error = std::string("full-text index: ") + sqlite3_errmsg(db);
    return false;
  }
  sqlite3_bind_text(s, 2, kReplayMarker.data(), static_cast<int>(kReplayMarker.size()), SQLITE_STATIC);
  std::string buffer;
  bool ok = true;
  for (size_t i = 0; ok && i < order.size(); ++i) {
    const size_t old = static_cast<size_t>(order[i]);
    if (old >= spill_at_.size() || !SpillRead(spill_at_[old], &buffer)) {
      if (error) *error = "cannot read the temporary file of index terms back";
      ok = false;
      break;
    }
    ReplayTerms replay(buffer);
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(i + 1));
    if (sqlite3_step(s) != SQLITE_DONE) {
      if (error) *error = std::string("full-text index: ") + sqlite3_errmsg(db);
      ok = false;
    } else if (!replay.Done()) {
      if (error) *error = "full-text index: the prepared terms of document " + std::to_string(i + 1) + " do not fit";
      ok = false;
    }
  }
  sqlite3_finalize(s);
  return ok;
}

// The FTS settings of the build: a large in-memory hash (fewer, larger segments to merge), no
// incremental merging while the index is built; then one optimize (one segment) and the settings
// removed again.
constexpr const char* kIndexSettings =
    "INSERT INTO documents_fts(documents_fts, rank) VALUES('hashsize', 67108864);"
    "INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', 0);";
constexpr const char* kIndexOptimize =
    "INSERT INTO documents_fts(documents_fts) VALUES('optimize');"
    "DELETE FROM documents_fts_config WHERE k IN ('hashsize', 'automerge');";
constexpr const char* kIndexTables[] = {"documents_fts_data", "documents_fts_idx", "documents_fts_docsize",
                                        "documents_fts_config"};

// On the second thread: the index built from the prepared terms in a database of its own (*side
// at path, the caller closes and removes it), declared by create_sql (documents_fts as the archive
// has it). Two connections run at once, one per thread: the native build's SQLite is in
// multi-thread mode (SQLITE_THREADSAFE=2, cmake/ThirdParty.cmake), which allows exactly that; the
// browser's importer has one thread and never comes here.
bool ArchiveWriter::BuildIndexAside(const std::vector<int64_t>& order, const std::string& create_sql,
                                    const std::string& path, sqlite3** side, std::string* error) const {
  if (sqlite3_open_v2(path.c_str(), side, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    if (error) *error = "full-text index: cannot create " + path;
    return false;
  }
  sqlite3* db = *side;
  auto exec = [&](const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return true;
    if (error) *error = "full-text index (temporary database): " + std::string(message ? message : "?");
    sqlite3_free(message);
    return false;
  };
  const int page_size = options_.page_size > 0 ? options_.page_size : 4096;
  return RegisterTokenizer(db, error) &&
         exec("PRAGMA page_size=" + std::to_string(page_size) +
              "; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-32768; PRAGMA temp_store=FILE") &&
         exec("BEGIN") && exec(create_sql) && exec(kIndexSettings) && IndexPreparedTerms(db, order, error) &&
         exec(kIndexOptimize) && exec("COMMIT");
}

// Replaces the archive's (empty) index tables by those of side, row by row in key order.
bool ArchiveWriter::CopyIndexIn(sqlite3* side, std::string* error) {
  for (const char* table : kIndexTables) {
    const std::string name = table;
    if (!Exec(("DELETE FROM " + name).c_str(), error)) return false;
    sqlite3_stmt* in = nullptr;
    sqlite3_stmt* out = nullptr;
    if (sqlite3_prepare_v2(side, ("SELECT * FROM " + name).c_str(), -1, &in, nullptr) != SQLITE_OK) {
      if (error) *error = "full-text index: " + name + ": " + sqlite3_errmsg(side);
      return false;
    }
    const int columns = sqlite3_column_count(in);
    std::string insert = "INSERT INTO " + name + " VALUES (";
    for (int c = 0; c < columns; ++c) insert += c ? ",?" : "?";
    insert += ")";
    if (sqlite3_prepare_v2(db_, insert.c_str(), -1, &out, nullptr) != SQLITE_OK) {
      sqlite3_finalize(in);
      return Fail(error, "full-text index: " + name);
    }
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(in)) == SQLITE_ROW) {
      sqlite3_reset(out);
      for (int c = 0; c < columns; ++c) sqlite3_bind_value(out, c + 1, sqlite3_column_value(in, c));
      if (sqlite3_step(out) != SQLITE_DONE) {
        sqlite3_finalize(in);
        sqlite3_finalize(out);
        return Fail(error, "full-text index: " + name);
      }
    }
    sqlite3_finalize(in);
    sqlite3_finalize(out);
    if (rc != SQLITE_DONE) {
      if (error) *error = "full-text index: " + name + ": " + sqlite3_errmsg(side);
      return false;
    }
  }
  return true;
}

bool ArchiveWriter::Finish(const std::vector<std::pair<std::string, std::string>>& meta, std::string* error) {
  auto t0 = std::chrono::steady_clock::now();
  if (!Drain(error)) return false;
  report_->turns += turns_written_;
  turns_written_ = 0;
  report_->writer_cpu_seconds = worker_cpu_seconds_;
  report_->stream_cpu_seconds = caller_cpu_seconds_;
  // Display names: the most frequent spelling (the first one seen on a tie).
  {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "UPDATE entities SET name = ?2 WHERE id = ?1", -1, &s, nullptr) != SQLITE_OK)
      return Fail(error, "entities");
    for (const auto& [key, e] : entities_) {
      const std::string* best = &e.first_spelling;
      int64_t best_count = e.spellings.count(e.first_spelling) ? e.spellings.at(e.first_spelling) : 0;
      for (const auto& [spelling, n] : e.spellings) {
        if (n > best_count || (n == best_count && spelling < *best && *best != e.first_spelling)) {
          best = &spelling;
          best_count = n;
        }
      }
      if (*best == e.first_spelling) continue;
      sqlite3_reset(s);
      sqlite3_bind_int64(s, 1, e.id);
      BindText(s, 2, *best);
      if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_finalize(s);
        return Fail(error, "entities");
      }
    }
    sqlite3_finalize(s);
  }
  if (!CopyInDateOrder(error)) return false;
  std::vector<int64_t> order;  // final id - 1 → stage id
  {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT old FROM stage_order ORDER BY new", -1, &s, nullptr) != SQLITE_OK)
      return Fail(error, "order");
    while (sqlite3_step(s) == SQLITE_ROW) order.push_back(sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    if (!Exec("DROP TABLE stage_order", error)) return false;
  }
  // Two threads: the index is built on a second thread in a temporary database of its own while
  // this one writes the texts and the statistics; its tables are copied in below.
  // The index aside is in memory while the prepared terms and texts are under 256 MB (the index is
  // about a sixth of them: no file to write and read back, measured 0.1-0.3 s less CPU on the 20k
  // corpus); past that, beside an archive file, a file (in memory it would hold the whole index).
  sqlite3* side = nullptr;
  std::thread indexer;
  bool side_ok = true;
  std::string side_error, side_path = ":memory:";
  if (const char* main_file = sqlite3_db_filename(db_, "main");
      main_file && *main_file && spill_size_ >= (int64_t{256} << 20))
    side_path = std::string(main_file) + "-fts.tmp";
  struct Cleanup {  // on every return: the indexer joined first, then its database closed and removed
    std::thread& indexer;
    sqlite3*& side;
    const std::string& path;
    ~Cleanup() {
      if (indexer.joinable()) indexer.join();
      sqlite3_close(side);
      if (side && path != ":memory:") std::remove(path.c_str());
    }
  } cleanup{indexer, side, side_path};
  const bool aside = spill_ && options_.build_fts;
  if (spill_ && std::fflush(spill_) != 0) {
    if (error) *error = "cannot write the temporary file of index terms and texts (disk full?)";
    return false;
  }
  if (aside) {
    std::string create_sql;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT sql FROM sqlite_schema WHERE name = 'documents_fts'", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      create_sql = ColumnText(s, 0);
    sqlite3_finalize(s);
    if (create_sql.empty()) return Fail(error, "full-text index");
    if (side_path != ":memory:") std::remove(side_path.c_str());  // a leftover of a build that was killed
    auto build = [this, &order, create_sql, &side_path, &side, &side_ok, &side_error] {
      try {
        side_ok = BuildIndexAside(order, create_sql, side_path, &side, &side_error);
        report_->index_cpu_seconds = ThreadCpuSeconds();
      } catch (const std::bad_alloc&) {
        side_ok = false;
        side_error = "out of memory building the full-text index";
      }
    };
    try {
      indexer = std::thread(build);
    } catch (const std::system_error&) {
      build();  // no thread: the same work, now (its CPU time is this thread's)
      report_->index_cpu_seconds = 0;
    }
  }
  if (spill_ && !CopyTextsInDateOrder(order, error)) return false;
  const char* stats_sql = R"SQL(
    UPDATE entities SET doc_count = (SELECT count(DISTINCT de.doc_id) FROM doc_entities de WHERE de.entity_id = entities.id);
    DELETE FROM entity_aliases WHERE entity_id IN (SELECT id FROM entities WHERE doc_count = 0);
    DELETE FROM entities WHERE doc_count = 0;
    INSERT INTO stats_months(month, doc_count)
      SELECT substr(date, 1, 7), count(*) FROM docs
      WHERE date_precision IN ('month', 'day', 'time') GROUP BY 1;
    INSERT INTO stats(key, value) SELECT 'doc_count', count(*) FROM docs;
    INSERT INTO stats(key, value) VALUES ('id_order', 'date');
    INSERT INTO stats(key, value) SELECT 'dated_count', count(*) FROM docs WHERE day IS NOT NULL;
    INSERT INTO stats(key, value) SELECT 'first_day', min(day) FROM docs;
    INSERT INTO stats(key, value) SELECT 'last_day', max(day) FROM docs;
    INSERT INTO stats(key, value) SELECT 'first_date', coalesce((SELECT date FROM docs WHERE day IS NOT NULL ORDER BY day, id LIMIT 1), '');
    INSERT INTO stats(key, value) SELECT 'last_date', coalesce((SELECT date FROM docs WHERE day IS NOT NULL ORDER BY day DESC, id LIMIT 1), '');
    INSERT INTO stats(key, value) SELECT 'turn_count', count(*) FROM turn_spans;
    INSERT INTO stats(key, value) SELECT 'speaker_count', count(DISTINCT key) FROM speakers;
    INSERT INTO stats(key, value) SELECT 'meeting_count', count(*) FROM meetings;
    INSERT INTO stats(key, value) SELECT 'entity_count', count(*) FROM entities;
    INSERT INTO stats(key, value) SELECT kind || '_count', count(*) FROM entities GROUP BY kind;
  )SQL";
  if (!Exec(stats_sql, error)) return false;
  // The texts' and summaries' bytes as read (decompressed): counted while they were written with two
  // threads. summary_bytes lets tools without stn_text (the sqlite3 CLI: tools/bench) weigh the text.
  const std::string text_bytes_sql =
      spill_ ? "INSERT INTO stats(key, value) VALUES ('text_bytes', " + std::to_string(text_bytes_) +
                   "), ('summary_bytes', " + std::to_string(summary_bytes_) + ")"
             : "INSERT INTO stats(key, value) SELECT 'text_bytes', coalesce(sum(octet_length(stn_text(text, id))), 0) "
               "FROM texts; INSERT INTO stats(key, value) SELECT 'summary_bytes', "
               "coalesce(sum(octet_length(stn_text(summary, id))), 0) FROM texts";
  if (!Exec(text_bytes_sql.c_str(), error)) return false;
  if (!Exec(R"SQL(
    INSERT INTO stats_days(first_id, day, precision, n)
      SELECT min(id), day, coalesce(date_precision, 'day'), count(*) FROM
        (SELECT id, day, date_precision, id - row_number() OVER (PARTITION BY day, date_precision ORDER BY id) AS grp
         FROM docs WHERE day IS NOT NULL)
      GROUP BY day, date_precision, grp ORDER BY 1;
  )SQL", error))
    return false;
  if (!WriteFacetStats(error) || !WriteLinkStats(error)) return false;
  {
    int64_t docs = 0;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM docs", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      docs = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (!WriteDocFacets(db_, docs, error)) return false;  // a result's facet lists from its ids (docfacets.h)
  }
  // Languages and kinds as JSON objects {"en": 12, ...}.
  for (const char* column : {"language", "kind", "section"}) {
    Json counts = Json::object();
    sqlite3_stmt* s = nullptr;
    const std::string sql = std::string("SELECT coalesce(") + column + ", ''), count(*) FROM docs GROUP BY 1 ORDER BY 2 DESC";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return Fail(error, "stats");
    while (sqlite3_step(s) == SQLITE_ROW) counts[ColumnText(s, 0)] = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
    const std::string key = std::string(column) + "s";  // languages, kinds, sections
    const std::string value = counts.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO stats(key, value) VALUES (?1, ?2)", -1, &s, nullptr) != SQLITE_OK)
      return Fail(error, "stats");
    BindText(s, 1, key);
    BindText(s, 2, value);
    const int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return Fail(error, "stats");
  }
  // Meta: the builder's keys first, then what the inputs carried (never overriding the builder's).
  {
    std::vector<std::pair<std::string, std::string>> rows = {
        {"builder", "stenogram-build"},
        {"built_at", options_.built_at.empty() ? NowUtc() : options_.built_at},
        {"schema_version", std::to_string(kSchemaVersion)},
        {"page_size", std::to_string(options_.page_size > 0 ? options_.page_size : 4096)},
    };
    rows.insert(rows.end(), meta.begin(), meta.end());
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO meta(key, value) VALUES (?1, ?2)", -1, &s, nullptr) != SQLITE_OK)
      return Fail(error, "meta");
    for (const auto& [key, value] : rows) {
      sqlite3_reset(s);
      BindText(s, 1, key);
      BindText(s, 2, value);
      if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_finalize(s);
        return Fail(error, "meta");
      }
    }
    sqlite3_finalize(s);
  }
  {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_,
                           // The texts as read, not as stored (compressed): stats holds their bytes.
                           "SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM meetings), "
                           "(SELECT coalesce(sum(octet_length(title)), 0) FROM docs) + (SELECT coalesce(sum("
                           "value), 0) FROM stats WHERE key IN ('summary_bytes', 'text_bytes'))",
                           -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      report_->entities = sqlite3_column_int64(s, 0);
      report_->meetings = sqlite3_column_int64(s, 1);
      report_->text_bytes = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
  }
  report_->write_seconds += Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  if (options_.build_fts) {
    if (aside) {
      if (indexer.joinable()) indexer.join();
      if (!side_ok) {
        if (error) *error = side_error;
        return false;
      }
      if (!CopyIndexIn(side, error)) return false;
    } else if (!Exec(kIndexSettings, error) ||
               !(spill_ ? IndexPreparedTerms(db_, order, error)
                        : Exec("INSERT INTO documents_fts(documents_fts) VALUES('rebuild')", error)) ||
               !Exec(kIndexOptimize, error)) {
      return false;
    }
    if (!WriteDocLengths(db_, error)) return false;  // ranking's document lengths (core/archive/rank.h)
  }
  if (!Exec("COMMIT", error)) return false;
  in_transaction_ = false;
  report_->index_seconds += Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  if (!Exec("ANALYZE; PRAGMA optimize;", error)) return false;
  const char* file = sqlite3_db_filename(db_, "main");
  const bool is_file = file && *file;
  // Auto: VACUUM (the staging tables and the FTS merge leave free pages and interleaved tables) an
  // in-memory database, or a file small enough for the temporary copy (SQLITE_TEMP_STORE=3 keeps it
  // in memory), even without free pages: the layout is then the same however the rows were staged
  // (two threads spill the texts, and the FTS index may reuse every free page of the staging
  // tables). stenogram-build writes larger files with VACUUM INTO instead.
  int64_t pages = 0;
  {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT page_count FROM pragma_page_count", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      pages = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  const int64_t page_size = options_.page_size > 0 ? options_.page_size : 4096;
  const bool small = pages * page_size <= (int64_t{256} << 20);
  if (options_.vacuum == 1 || (options_.vacuum < 0 && (!is_file || small))) {
    if (!Exec("VACUUM", error)) return false;
  }
  report_->write_seconds += Seconds(t0);
  return true;
}

}  // namespace stenogram
