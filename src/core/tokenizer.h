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
  std::string term;
  int start = 0;  // byte offset of the first byte in the input
  int end = 0;    // byte offset one past the last byte
};

// Tokenizes text exactly as the FTS index does (used for hit highlighting and tests).
std::vector<Token> Tokenize(const std::string& text);

}  // namespace stenogram
