// snippet: stn_snippet(), an FTS5 auxiliary function for result rows: like FTS5's snippet() but it
// tokenizes a column only up to the end of the window it shows (snippet() tokenizes the whole column
// twice and scores every hit against every other, which costs ~10 ms for a 150 KB transcript with
// the Snowball tokenizer). SQL: stn_snippet(fts_table, column, open, close, ellipsis, max_tokens).
// The window starts a few tokens before the hit whose window holds the most hits (earliest wins,
// among the first 32 hits of the column), earlier when it would run past the column's end; without
// hits it is the column's first max_tokens tokens.
// stn_snippet(fts_table, column, open, close, ellipsis, max_tokens, spans) with spans
// 'tok tok_end start end ...' (a speaker's turns: positions and bytes in the column) takes the
// snippet from the first span that holds a hit, from that span's hits only, inside the span.
// stn_in_ranges(fts_table, column, 'tok tok_end ...') is 1 when a hit in column starts inside one of
// the position ranges (speaker-limited search), else 0.
#pragma once
#include <string>

struct sqlite3;

namespace stenogram {

// Registers stn_snippet and stn_in_ranges on db (needs FTS5). Returns false and sets *error when it cannot.
bool RegisterSnippetFunction(sqlite3* db, std::string* error);

}  // namespace stenogram
