// tokenizer: the "stenogram" FTS5 tokenizer: unicode61 word splitting with case and diacritics
// folded, then Snowball stemming (Russian for Cyrillic tokens, English for Latin ones), so that
// "переговоры" matches "переговорах" and "negotiations" matches "negotiating".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct fts5_api;

namespace stenogram {

// Registers the "stenogram" tokenizer on db (must be called on every connection before an
// archive's FTS tables are read or written), and the stored texts' stn_text() (textcodec.h), which
// the documents view the index reads goes through. Returns false and fills *error on failure.
bool RegisterTokenizer(sqlite3* db, std::string* error);

// The connection's fts5_api (the one lookup: "SELECT fts5(?1)"), or nullptr if FTS5 is not compiled
// in. The pointer stays valid for the lifetime of db.
fts5_api* GetFts5Api(sqlite3* db);

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

// The index terms of texts, tokenized exactly as the stenogram tokenizer indexes a document, so a
// row can be prepared ahead (the archive writer does it on its second thread) and indexed later
// by ReplayTerms. Construct it on the thread that owns SQLite (it opens a private in-memory
// connection); Append calls no SQLite API that touches shared state and may run on another thread.
class TermWriter {
 public:
  TermWriter();
  ~TermWriter();
  TermWriter(const TermWriter&) = delete;
  TermWriter& operator=(const TermWriter&) = delete;
  bool Ok() const { return instance_ != nullptr; }
  // Appends one column to *out: the term count, then each term's length and bytes (varints), and
  // fills *starts (when not null; cleared first) with each term's byte offset in text. Returns
  // false if the tokenizer fails (out of memory).
  bool Append(const std::string& text, std::string* out, std::vector<int>* starts);

 private:
  sqlite3* db_ = nullptr;
  void* methods_ = nullptr;   // fts5_tokenizer of stenogram
  void* instance_ = nullptr;  // Fts5Tokenizer
};

// The column value that makes the stenogram tokenizer replay prepared terms instead of tokenizing.
inline constexpr std::string_view kReplayMarker = "\x01stenogram-replay\x01";

// While alive on a thread, the stenogram tokenizer indexing a document on that thread whose column
// value is exactly kReplayMarker emits the next column of columns (TermWriter::Append output, one
// column after the other) instead of tokenizing the value. So "INSERT INTO fts(rowid, a, b) VALUES
// (?, marker, marker)" indexes the prepared terms of a and b, and the index is the one the text
// itself gives. One scope per row; scopes do not nest.
class ReplayTerms {
 public:
  explicit ReplayTerms(std::string_view columns);
  ~ReplayTerms();
  ReplayTerms(const ReplayTerms&) = delete;
  ReplayTerms& operator=(const ReplayTerms&) = delete;
  // Whether every column was consumed and none was malformed.
  bool Done() const { return ok_ && rest_.empty(); }

  // Used by the tokenizer: the next column's terms (count and the view past it); false when
  // none is left or it is malformed.
  bool NextColumn(uint64_t* count, std::string_view* terms);

 private:
  std::string_view rest_;
  bool ok_ = true;
};

}  // namespace stenogram
