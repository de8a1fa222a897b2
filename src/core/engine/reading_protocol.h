// reading_protocol: the engine requests of the researcher's tools (issue 18): the distinctive words
// of the current results, keyword-in-context lines of the current search, and a document's
// translations. Encoded like the rest of the protocol (protocol.h); served by engine_reading.cpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/view/keyness.h"
#include "core/view/kwic.h"
#include "core/engine/protocol.h"

namespace stenogram {

// The distinctive words of a query's results (the cloud's "Words" kind).
struct WordsAnswer {
  std::string error;            // the query's friendly error ("" when fine)
  std::vector<KeyWord> words;   // most distinctive first
  int64_t matched = 0;          // documents matching the query
  int64_t sampled = 0;          // of those, the documents whose words were counted
  bool against_archive = false; // scored against the archive (false: TF-IDF within the results)
  double ms = 0;                // time the engine took (tools/bench)
};

struct WordsRequest {
  static constexpr RequestKind kKind = RequestKind::Words;
  static constexpr const char* kSlot = "words";
  using Answer = WordsAnswer;
  Query query;
  int64_t limit = 0;
};

// One page of a search's keyword-in-context lines, in the asked order.
struct ContextsAnswer {
  std::string error;
  int64_t total = 0;            // lines (occurrences) found
  int64_t docs_scanned = 0;     // matching documents read for them (the first kMaxContextDocs in result order)
  int64_t docs_total = 0;       // matching documents
  int64_t offset = 0;           // the page's first line
  std::vector<ContextLine> lines;
  std::string csv;              // every line as CSV when the request asked for it
};

struct ContextsRequest {
  static constexpr RequestKind kKind = RequestKind::Contexts;
  static constexpr const char* kSlot = "contexts";
  using Answer = ContextsAnswer;
  Query query;
  std::string sort = "document";  // ContextSortName
  int64_t offset = 0;
  int64_t limit = 0;
  bool csv = false;
};

// The documents that are translations of one (the same external id in another language, or the
// ids/URLs its `translations` field names).
struct TranslationRef {
  int64_t id = 0;
  std::string language, title;
};
struct TranslationsAnswer {
  std::vector<TranslationRef> translations;
};

struct TranslationsRequest {
  static constexpr RequestKind kKind = RequestKind::Translations;
  static constexpr const char* kSlot = "";
  using Answer = TranslationsAnswer;
  int64_t id = 0;
};

void Put(wire::Writer& w, const WordsRequest& x);
void Put(wire::Writer& w, const ContextsRequest& x);
void Put(wire::Writer& w, const TranslationsRequest& x);
bool Get(wire::Reader& r, WordsRequest* x);
bool Get(wire::Reader& r, ContextsRequest* x);
bool Get(wire::Reader& r, TranslationsRequest* x);
void Put(wire::Writer& w, const WordsAnswer& x);
void Put(wire::Writer& w, const ContextsAnswer& x);
void Put(wire::Writer& w, const TranslationsAnswer& x);
bool Get(wire::Reader& r, WordsAnswer* x);
bool Get(wire::Reader& r, ContextsAnswer* x);
bool Get(wire::Reader& r, TranslationsAnswer* x);

}  // namespace stenogram
