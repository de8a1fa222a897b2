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

#include "core/blockvfs.h"

struct sqlite3;

namespace stenogram {

// The block runs missing to look up rowids in the named rowid tables (their root pages from db's
// schema), merged and in file order; empty when everything those lookups read is cached. db must
// be the connection reading through cache (the schema it reads is cached by then).
std::vector<ByteRun> PlanRowReads(const BlockCache& cache, sqlite3* db, const std::vector<std::string>& tables,
                                  const std::vector<int64_t>& rowids);

}  // namespace stenogram
