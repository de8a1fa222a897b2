// tokenizer: the "stenogram" FTS5 tokenizer: unicode61 word splitting with case and diacritics
// folded, then Snowball stemming (Russian for Cyrillic tokens, English for Latin ones), so that
// "переговоры" matches "переговорах" and "negotiations" matches "negotiating".
#pragma once
#include <string>
#include <vector>

struct sqlite3;

namespace stenogram {

// Registers the "stenogram" tokenizer on db (must be called on every connection before an
// archive's FTS tables are read or written). Returns false and fills *error on failure.
bool RegisterTokenizer(sqlite3* db, std::string* error);

// One token as the FTS index sees it: the stemmed, folded term and its byte range in the input.
struct Token {
  std::string term;    // stemmed and folded: what the index holds, what a plain query word matches ("переговор")
  int start = 0;       // byte offset of the first byte in the input
  int end = 0;         // byte offset one past the last byte
  std::string folded;  // folded but unstemmed ("переговорах"): a query word's alternative and its prefix
  std::string base;    // the stem of term (Snowball is not idempotent: "лавров" -> "лавр"): an alternative
};

// Tokenizes text exactly as the FTS index does (used for hit highlighting and tests): one Token
// per position; the index holds term there. Query words tokenize the same way. Returns an empty
// list if SQLite fails (out of memory).
std::vector<Token> Tokenize(const std::string& text);

// Whether query token q (from Tokenize of a query word) matches document token d the way MATCH
// does. A plain query token matches if d's term is q's term, folded form or base ("Лавров" finds
// "Лаврова" and back). A prefix token (the last token of a word*) matches if d's term starts with
// the prefix cut back to the stem of the words it starts ("negotiat*" is "negoti*": negotiating,
// negotiated; see tokenizer.cpp), or with the prefix's own stem when that is not a prefix of it.
bool Matches(const Token& q, const Token& d, bool prefix);

// The byte offset where each index position of text starts (position i = the i-th word), counted
// as the stenogram tokenizer counts them (one position per unicode61 word) but without stemming, so it is cheap. The archive writer maps turns to
// position ranges with it. Reusable; one instance per thread.
class PositionCounter {
 public:
  PositionCounter();
  ~PositionCounter();
  PositionCounter(const PositionCounter&) = delete;
  PositionCounter& operator=(const PositionCounter&) = delete;
  bool Ok() const { return instance_ != nullptr; }
  // Fills *starts (cleared first). Returns false if the tokenizer fails (out of memory).
  bool Starts(const std::string& text, std::vector<int>* starts);

 private:
  sqlite3* db_ = nullptr;
  void* methods_ = nullptr;   // fts5_tokenizer of unicode61
  void* instance_ = nullptr;  // Fts5Tokenizer
};

}  // namespace stenogram
