// engine: serves the viewer's requests (protocol.h) from an open archive. In the browser it runs in
// a Web Worker next to SQLite and the lazy reader; natively (doctest, tools) it runs in-process. It
// keeps the answers that later requests build on: the last queries' ranked ids (a page of rows is
// cut from them) and the timeline records.
#pragma once
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "core/archive/archive.h"
#include "core/archive/blockvfs.h"
#include "core/engine/protocol.h"

namespace stenogram {

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Serves requests from this archive from now on (null: none open; requests then fail with
  // "no archive is open"). Forgets every kept answer.
  void SetArchive(std::unique_ptr<Archive> archive);
  const Archive* archive() const { return archive_.get(); }

  // Serves one request message and returns the answer message. Never throws: malformed bytes, an
  // unknown kind or an exception inside the core become a failure answer with a message.
  std::string Handle(const std::string& request);

  // The rowids that serving request will look up (a page of result rows, a document) and the
  // tables it looks them up in (docs; texts too when it reads texts: snippets, a document), for
  // planning the reads ahead (readplan.h); empty for other requests or on any failure. May run the
  // request's query (its ranked ids are kept for the request itself).
  std::vector<int64_t> RowsToRead(const std::string& request, std::vector<std::string>* tables);

  // The next step of reads serving request will make, planned through cache (readplan.h): first
  // ranking's document lengths when the request ranks a text query, then its rows. Call, fetch the
  // runs, call again until it returns none.
  std::vector<ByteRun> PlanReads(const BlockCache& cache, const std::string& request);

  // Run while the reader is idle (a local file, once its warm-up reads are done): the requests the
  // viewer makes for a search (ids by rank, the first page of rows with snippets, every facet, the
  // months) for a word frequent in the archive (WarmUpWord), so that the reader's first search finds
  // the index's structure loaded and, in wasm, the code of that path compiled and hot. The answers
  // are not kept. Returns false when there is no archive or no word to search.
  bool WarmUp();

 private:
  const QueryResult& Result(const Query& q);  // RunQuery, kept for the last few queries
  bool HasDayRuns() const;                    // the archive has checked day runs (ids in date order)
  std::string Serve(RequestKind kind, wire::Reader& r);
  std::string ServeReading(RequestKind kind, wire::Reader& r);  // words, contexts, translations (engine_reading.cpp)

  std::unique_ptr<Archive> archive_;
  std::list<std::pair<Query, QueryResult>> results_;  // most recent first
  std::unique_ptr<TimelineData> timeline_;
  int64_t hits_doc_ = 0;                        // the document whose turns hits_doc_turns_ holds
  std::unique_ptr<Document> hits_doc_turns_;
  struct ReadingCache;                           // engine_reading.cpp: word counts, context lines
  std::shared_ptr<ReadingCache> reading_;
};

}  // namespace stenogram
