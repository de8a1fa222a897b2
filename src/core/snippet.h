// snippet: stn_snippet(), an FTS5 auxiliary function for result rows: like FTS5's snippet() but it
// tokenizes a column only up to the end of the window it shows (snippet() tokenizes the whole column
// twice and scores every hit against every other, which costs ~10 ms for a 150 KB transcript with
// the Snowball tokenizer). SQL: stn_snippet(fts_table, column, open, close, ellipsis, max_tokens).
// The window starts a few tokens before the hit whose window holds the most hits (earliest wins,
// among the first 32 hits of the column), earlier when it would run past the column's end; without
// hits it is the column's first max_tokens tokens.
#pragma once
#include <string>

struct sqlite3;

namespace stenogram {

// Registers stn_snippet on db (needs FTS5). Returns false and sets *error when it cannot.
bool RegisterSnippetFunction(sqlite3* db, std::string* error);

}  // namespace stenogram
