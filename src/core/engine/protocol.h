// protocol: the requests the viewer sends to the archive engine and the answers it gets back, as
// plain structs with a binary encoding (wire.h). The engine (engine.h) serves them next to SQLite —
// in a Web Worker in the browser, in-process in doctest — and the client (client.h) caches their
// answers for the panels. Nothing here knows which side of a worker it runs on.
//
// A request is its kind (one varint) then its fields; an answer is a status (0 ok, 1 failed + a
// message) then its fields. Each request type names its Answer type and a slot: a newer request in
// the same slot supersedes a queued older one (typing a query drops the searches not yet run).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/view/query.h"
#include "core/view/timeline.h"
#include "core/archive/wire.h"

namespace stenogram {

enum class RequestKind : uint8_t {
  Info = 1,      // archive title, counts, dates
  Search = 2,    // all matching ids of a query, ranked
  Rows = 3,      // one page of result rows with snippets
  Facets = 4,    // counts per value of one facet
  Months = 5,    // matching documents per month
  Document = 6,  // one document with its turns and entities
  Hits = 7,      // where a query hits in one document's turns
  Timeline = 8,  // the timeline's per-document records
  Cards = 9,     // hover cards for timeline marks
  Export = 10,   // results as CSV or JSON
  Bench = 11,    // one search timed inside the engine (tools/bench)
  Words = 40,         // distinctive words of the results (reading_protocol.h)
  Contexts = 41,      // keyword-in-context lines of a search (reading_protocol.h)
  Translations = 42,  // a document's translations (reading_protocol.h)
};

// Archive-wide facts and the name the archive was opened as.
struct InfoAnswer {
  ArchiveInfo info;
  std::string name;
};

struct InfoRequest {
  static constexpr RequestKind kKind = RequestKind::Info;
  static constexpr const char* kSlot = "";
  using Answer = InfoAnswer;
};

struct SearchRequest {
  static constexpr RequestKind kKind = RequestKind::Search;
  static constexpr const char* kSlot = "search";
  using Answer = QueryResult;
  Query query;
};

struct RowsRequest {
  static constexpr RequestKind kKind = RequestKind::Rows;
  static constexpr const char* kSlot = "rows";
  using Answer = std::vector<ResultRow>;
  Query query;
  int64_t offset = 0;
  int64_t limit = 0;
};
// The slot a request goes in (a newer request of a slot supersedes a queued older one). Rows: the
// first page of a result is the reader's (a new query's first page supersedes the old one's); the
// other pages a long or scrolled list asks for together are never superseded by each other.
template <class R>
const char* SlotOf(const R&) {
  return R::kSlot;
}
inline const char* SlotOf(const RowsRequest& r) { return r.offset == 0 ? RowsRequest::kSlot : ""; }


struct FacetsRequest {
  static constexpr RequestKind kKind = RequestKind::Facets;
  static constexpr const char* kSlot = "";  // several facets are asked for at once: never superseded
  using Answer = std::vector<FacetValue>;
  Query query;
  std::string facet;
  int64_t limit = 0;
  bool own_filters = false;
};

struct MonthsRequest {
  static constexpr RequestKind kKind = RequestKind::Months;
  static constexpr const char* kSlot = "months";
  using Answer = std::vector<MonthCount>;
  Query query;
};

// A document, or none when the id is unknown.
struct DocumentAnswer {
  std::optional<Document> document;
};

struct DocumentRequest {
  static constexpr RequestKind kKind = RequestKind::Document;
  static constexpr const char* kSlot = "document";
  using Answer = DocumentAnswer;
  int64_t id = 0;
};

// Hit ranges of a query in one document: with turns, parts[k] are the hits in turn k (turns of
// another speaker than the query's get none); without turns, parts[0] are the hits in the text.
struct HitsAnswer {
  std::vector<std::vector<HitRange>> parts;
};

struct HitsRequest {
  static constexpr RequestKind kKind = RequestKind::Hits;
  static constexpr const char* kSlot = "hits";
  using Answer = HitsAnswer;
  int64_t id = 0;
  std::string text;     // the query's text (FTS5 syntax, as typed)
  std::string speaker;  // the query's speaker limit ("" = every turn)
};

struct TimelineRequest {
  static constexpr RequestKind kKind = RequestKind::Timeline;
  static constexpr const char* kSlot = "";
  using Answer = TimelineData;  // Finish()ed by the decoder
  bool with_kinds = false;      // also read each document's kind (lanes by kind)
};

struct CardsRequest {
  static constexpr RequestKind kKind = RequestKind::Cards;
  static constexpr const char* kSlot = "cards";
  using Answer = std::vector<TimelineCard>;
  std::vector<int64_t> ids;
};

struct ExportAnswer {
  std::string bytes;
};

struct ExportRequest {
  static constexpr RequestKind kKind = RequestKind::Export;
  static constexpr const char* kSlot = "";
  using Answer = ExportAnswer;
  Query query;
  std::string format;  // "csv" or "json"
};

struct BenchAnswer {
  std::string error;     // the query's friendly error, "" when fine
  double ms = 0;         // inside the engine: all matching ids, then the top 20 rows with snippets
  int64_t total = 0;
  int64_t rows = 0;
};

struct BenchRequest {
  static constexpr RequestKind kKind = RequestKind::Bench;
  static constexpr const char* kSlot = "";
  using Answer = BenchAnswer;
  Query query;
};

// ---- encoding (protocol.cpp) ----
// Put writes a value; Get reads one into *out and returns false on malformed input.

void Put(wire::Writer& w, const Query& q);
bool Get(wire::Reader& r, Query* q);

void Put(wire::Writer& w, const InfoRequest&);
void Put(wire::Writer& w, const SearchRequest& x);
void Put(wire::Writer& w, const RowsRequest& x);
void Put(wire::Writer& w, const FacetsRequest& x);
void Put(wire::Writer& w, const MonthsRequest& x);
void Put(wire::Writer& w, const DocumentRequest& x);
void Put(wire::Writer& w, const HitsRequest& x);
void Put(wire::Writer& w, const TimelineRequest& x);
void Put(wire::Writer& w, const CardsRequest& x);
void Put(wire::Writer& w, const ExportRequest& x);
void Put(wire::Writer& w, const BenchRequest& x);
bool Get(wire::Reader& r, InfoRequest* x);
bool Get(wire::Reader& r, SearchRequest* x);
bool Get(wire::Reader& r, RowsRequest* x);
bool Get(wire::Reader& r, FacetsRequest* x);
bool Get(wire::Reader& r, MonthsRequest* x);
bool Get(wire::Reader& r, DocumentRequest* x);
bool Get(wire::Reader& r, HitsRequest* x);
bool Get(wire::Reader& r, TimelineRequest* x);
bool Get(wire::Reader& r, CardsRequest* x);
bool Get(wire::Reader& r, ExportRequest* x);
bool Get(wire::Reader& r, BenchRequest* x);

void Put(wire::Writer& w, const InfoAnswer& x);
void Put(wire::Writer& w, const QueryResult& x);
void Put(wire::Writer& w, const std::vector<ResultRow>& x);
void Put(wire::Writer& w, const std::vector<FacetValue>& x);
void Put(wire::Writer& w, const std::vector<MonthCount>& x);
void Put(wire::Writer& w, const DocumentAnswer& x);
void Put(wire::Writer& w, const HitsAnswer& x);
void Put(wire::Writer& w, const TimelineData& x);
void Put(wire::Writer& w, const std::vector<TimelineCard>& x);
void Put(wire::Writer& w, const ExportAnswer& x);
void Put(wire::Writer& w, const BenchAnswer& x);
bool Get(wire::Reader& r, InfoAnswer* x);
bool Get(wire::Reader& r, QueryResult* x);
bool Get(wire::Reader& r, std::vector<ResultRow>* x);
bool Get(wire::Reader& r, std::vector<FacetValue>* x);
bool Get(wire::Reader& r, std::vector<MonthCount>* x);
bool Get(wire::Reader& r, DocumentAnswer* x);
bool Get(wire::Reader& r, HitsAnswer* x);
bool Get(wire::Reader& r, TimelineData* x);
bool Get(wire::Reader& r, std::vector<TimelineCard>* x);
bool Get(wire::Reader& r, ExportAnswer* x);
bool Get(wire::Reader& r, BenchAnswer* x);

// A whole request message: its kind, then its fields.
template <class R>
std::string EncodeRequest(const R& request) {
  wire::Writer w;
  w.U(static_cast<uint64_t>(R::kKind));
  Put(w, request);
  return w.Take();
}

// A whole answer message: ok + fields, or failed + message.
template <class A>
std::string EncodeAnswer(const A& answer) {
  wire::Writer w;
  w.U(0);
  Put(w, answer);
  return w.Take();
}
std::string EncodeFailure(const std::string& message);

// Reads an answer message into *out; false with *error for a failure message or malformed bytes.
template <class A>
bool DecodeAnswer(const std::string& bytes, A* out, std::string* error) {
  wire::Reader r(bytes);
  const uint64_t status = r.U();
  if (r.ok() && status != 0) {
    *error = r.S();
    if (!r.ok()) *error = "malformed answer from the archive engine";
    return false;
  }
  if (!r.ok() || !Get(r, out) || !r.ok()) {
    *error = "malformed answer from the archive engine";
    return false;
  }
  return true;
}

}  // namespace stenogram
