// rank: bm25 over the archive's own table of document lengths. FTS5's bm25() reads the index's
// docsize row of every match (the row's token count); over HTTP ranges that is most of the docsize
// table for any query with a few hundred matches scattered over the years (1.3 MB at 100k
// documents). stats_doclen packs the same counts into one small row, read once; stn_bm25 computes
// exactly FTS5's bm25 (same k1, b, idf, weights, order of operations) from it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct fts5_api;

namespace stenogram {

// Token counts (all indexed columns together: FTS5's xColumnSize(-1)) of documents first ..
// first + size - 1.
struct DocLengths {
  int64_t first = 1;
  std::vector<uint32_t> tokens;
  bool Get(int64_t id, uint32_t* out) const {
    if (id < first || id - first >= static_cast<int64_t>(tokens.size())) return false;
    *out = tokens[static_cast<size_t>(id - first)];
    return true;
  }
};

// The stats_doclen row's data for lengths of ids first.. (LEB128 varints, one per document).
std::string EncodeDocLengths(const std::vector<uint32_t>& tokens);

// Reads stats_doclen (one row per chunk: first_doc, data) into *out. Returns false, with *out
// empty, when the table is absent, a chunk does not decode, chunks overlap or leave gaps, or the
// count is not expected_count (damage: ranking then uses bm25 and the index's sizes).
bool LoadDocLengths(sqlite3* db, int64_t expected_count, DocLengths* out);

// Fills stats_doclen from the full-text index's docsize table (documents_fts_docsize: one FTS5
// varint per column and row), in id order. The index must be built. Returns false on a SQLite
// error or a malformed docsize row (*error says which).
bool WriteDocLengths(sqlite3* db, std::string* error);

// Registers stn_bm25(documents_fts, weight...) on db: FTS5's bm25 with the row's length from
// *lengths (when it holds the row; else from the index, as bm25 does). lengths must outlive db's
// statements; it may be filled later (an empty table means "ask the index").
bool RegisterRankFunction(sqlite3* db, const DocLengths* lengths, std::string* error);

}  // namespace stenogram
