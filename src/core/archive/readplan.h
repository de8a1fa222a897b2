// readplan: which bytes a set of row lookups will read, found before SQLite reads them, so a lazy
// reader can fetch them together (in parallel) instead of one round trip after another. Rows of a
// result page sit on random pages of docs and texts: read one by one over HTTP that is ~2 round
// trips a row; planned, it is one round trip per level of the b-trees for all rows at once.
//
// The planner walks SQLite's table b-trees (rowid tables) with the bytes the block cache already
// holds and reports the blocks it is missing for the next step: call, fetch what it reports, call
// again, until it reports nothing. Overflow chains are guessed contiguous (as VACUUM lays them out)
// and checked on the next call. It is only a hint: a damaged page ends the walk quietly, and
// SQLite's own reads still do (and check) the real work.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/archive/blockvfs.h"

struct sqlite3;

namespace stenogram {

// The block runs missing to look up rowids in the named rowid tables (their root pages from db's
// schema), merged and in file order; empty when everything those lookups read is cached. db must
// be the connection reading through cache (the schema it reads is cached by then).
std::vector<ByteRun> PlanRowReads(const BlockCache& cache, sqlite3* db, const std::vector<std::string>& tables,
                                  const std::vector<int64_t>& rowids);

// The block runs missing to hold whole b-trees (every page of the tables or indexes named in
// whole) and the interior pages of others (interior_only: the levels above their leaves), at most
// max_pages pages in all: a background warm-up after the first view, so a later search descends
// those b-trees without a round trip per level and ranks without reading the index's sizes one
// block after another. Call, fetch, call again until it returns nothing (one level per step).
std::vector<ByteRun> PlanTreeReads(const BlockCache& cache, sqlite3* db, const std::vector<std::string>& whole,
                                   const std::vector<std::string>& interior_only, size_t max_pages);

// The warm-up after the first view: the index's term table (documents_fts_idx) whole and the
// interior pages of docs, texts and the index's data, at most 50,000 pages; and what ranking reads
// for every match: the documents' lengths (stats_doclen) and packed facets (stats_docfacets, what
// a result's facet lists count) whole, or in an archive without them the
// index's sizes (documents_fts_docsize) whole. Measured at 100k documents (sizes whole): 7.5 MB in
// 3 round trips; a cold search after it takes about 6 round trips instead of 19
// (stenogram-readcost --warm).
std::vector<ByteRun> PlanWarmUp(const BlockCache& cache, sqlite3* db);

// A local file too large to hold whole in the cache: the b-trees every search reads (the index's
// data and terms, the documents' rows) whole, as far as total_bytes go, a step of at most step_bytes
// at a time (call, fetch, call again until it returns nothing). A slice of a local file costs the
// browser about the same whether it is 4 KB or 64 KB, so reading these ahead in long runs saves a
// search tens of small reads (texts are left to the rows that show them).
std::vector<ByteRun> PlanHotReads(const BlockCache& cache, sqlite3* db, uint64_t total_bytes, uint64_t step_bytes);

// The tables a page of result rows reads for each id: docs; with snippets also texts (stn_snippet
// reads no index size row: snippet.cpp).
std::vector<std::string> ResultRowTables(bool snippets);

// What a ranked query reads, planned before it runs: the index's averages and structure records,
// ranking's document lengths (stats_doclen, core/archive/rank.h) until they are loaded, and for the
// words of match_expression (a MatchExpression; "" plans none) the index's term table whole (up to
// 512 KB), then — once it is cached, looked up as FTS5 does — the first leaves of each word's
// doclist and its doclist index (for one word or words joined by OR, which read their doclists
// whole, a long doclist to its end once its first leaf is cached), so a cold search descends the
// index's b-trees in a few planned steps instead of a round trip per page. The block runs still
// missing (merged, in file order), or none once all is cached; the lengths are loaded then (the query ranks without a round trip for
// them). A hint: FTS5's own reads do (and check) the real work.
std::vector<ByteRun> PlanRankReads(const BlockCache& cache, const Archive& archive,
                                   const std::string& match_expression = "");

}  // namespace stenogram
