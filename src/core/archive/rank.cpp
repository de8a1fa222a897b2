// rank: stn_bm25 and the stats_doclen table it reads (see rank.h).
#include "core/archive/rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <cstring>
#include <vector>

#include "core/archive/sqlite_varint.h"
#include "core/archive/tokenizer.h"
#include "core/archive/wire.h"

namespace stenogram {
namespace {

// What one query's ranking computes once (FTS5 keeps the same in bm25's aux data).
struct Bm25Data {
  double avgdl = 0;
  std::vector<double> idf, freq;
};

int CountRow(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  ++*static_cast<sqlite3_int64*>(user);
  return SQLITE_OK;
}

void FreeData(void* p) { delete static_cast<Bm25Data*>(p); }

// FTS5's fts5Bm25GetData: the average row length and each phrase's idf, once per query.
int GetData(const Fts5ExtensionApi* api, Fts5Context* fts, Bm25Data** out) {
  auto* p = static_cast<Bm25Data*>(api->xGetAuxdata(fts, 0));
  if (p) {
    *out = p;
    return SQLITE_OK;
  }
  auto data = new Bm25Data();
  const int phrases = api->xPhraseCount(fts);
  data->idf.assign(static_cast<size_t>(phrases), 0.0);
  data->freq.assign(static_cast<size_t>(phrases), 0.0);
  sqlite3_int64 rows = 0, tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc == SQLITE_OK) data->avgdl = static_cast<double>(tokens) / static_cast<double>(rows);
  for (int i = 0; rc == SQLITE_OK && i < phrases; ++i) {
    sqlite3_int64 hits = 0;
    rc = api->xQueryPhrase(fts, i, &hits, CountRow);
    if (rc == SQLITE_OK) {
      double idf = std::log((rows - hits + 0.5) / (hits + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      data->idf[static_cast<size_t>(i)] = idf;
    }
  }
  if (rc != SQLITE_OK) {
    delete data;
    return rc;
  }
  rc = api->xSetAuxdata(fts, data, FreeData);  // frees data itself on failure
  if (rc == SQLITE_OK) *out = data;
  return rc;
}

// stn_bm25(fts, w...): FTS5's bm25() step for step, the row's length from the DocLengths.
void Bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_val, sqlite3_value** vals) {
  const double k1 = 1.2, b = 0.75;
  const auto* lengths = static_cast<const DocLengths*>(api->xUserData(fts));
  Bm25Data* data = nullptr;
  int rc = GetData(api, fts, &data);
  int inst = 0;
  if (rc == SQLITE_OK) {
    std::fill(data->freq.begin(), data->freq.end(), 0.0);
    rc = api->xInstCount(fts, &inst);
  }
  for (int i = 0; rc == SQLITE_OK && i < inst; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK) data->freq[static_cast<size_t>(phrase)] += n_val > column ? sqlite3_value_double(vals[column]) : 1.0;
  }
  double d = 0.0;
  if (rc == SQLITE_OK) {
    uint32_t known = 0;
    if (lengths && lengths->Get(api->xRowid(fts), &known)) {
      d = static_cast<double>(known);
    } else {
      int n = 0;
      rc = api->xColumnSize(fts, -1, &n);
      d = static_cast<double>(n);
    }
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double score = 0.0;
  for (size_t i = 0; i < data->idf.size(); ++i) {
    score += data->idf[i] * ((data->freq[i] * (k1 + 1.0)) / (data->freq[i] + k1 * (1 - b + b * d / data->avgdl)));
  }
  sqlite3_result_double(ctx, -1.0 * score);
}

}  // namespace

std::string EncodeDocLengths(const std::vector<uint32_t>& tokens) {
  wire::Writer w;
  for (uint32_t t : tokens) w.U(t);
  return w.Bytes();
}

bool LoadDocLengths(sqlite3* db, int64_t expected_count, DocLengths* out) {
  *out = DocLengths();
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT first_doc, data FROM stats_doclen ORDER BY first_doc", -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return false;
  }
  DocLengths got;
  bool ok = true;
  int rc = SQLITE_ROW;
  while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const int64_t first = sqlite3_column_int64(s, 0);
    // Chunks follow each other from id 1 without gaps or overlaps.
    ok = first == got.first + static_cast<int64_t>(got.tokens.size()) && sqlite3_column_type(s, 1) == SQLITE_BLOB;
    const auto* data = static_cast<const char*>(sqlite3_column_blob(s, 1));
    wire::Reader r(std::string_view(data ? data : "", static_cast<size_t>(sqlite3_column_bytes(s, 1))));
    while (ok && !r.AtEnd()) {
      const uint64_t v = r.U();
      ok = r.ok() && v <= UINT32_MAX && static_cast<int64_t>(got.tokens.size()) < expected_count;
      got.tokens.push_back(static_cast<uint32_t>(v));
    }
  }
  sqlite3_finalize(s);
  if (!ok || rc != SQLITE_DONE || static_cast<int64_t>(got.tokens.size()) != expected_count || expected_count == 0) return false;
  *out = std::move(got);
  return true;
}

bool WriteDocLengths(sqlite3* db, std::string* error) {
  sqlite3_stmt* in = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT id, sz FROM documents_fts_docsize ORDER BY id", -1, &in, nullptr) != SQLITE_OK) {
    sqlite3_finalize(in);
    if (error) *error = std::string("stats_doclen: ") + sqlite3_errmsg(db);
    return false;
  }
  std::vector<uint32_t> tokens;
  int rc;
  while ((rc = sqlite3_step(in)) == SQLITE_ROW) {
    const int64_t id = sqlite3_column_int64(in, 0);
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(in, 1));
    const size_t n = static_cast<size_t>(sqlite3_column_bytes(in, 1));
    uint64_t sum = 0;
    for (size_t at = 0; at < n;) {
      uint64_t v = 0;
      const size_t used = SqliteVarint(p + at, p + n, &v);
      at += used;
      if (!used) {
        sqlite3_finalize(in);
        if (error) *error = "stats_doclen: the index's size row of document " + std::to_string(id) + " is malformed";
        return false;
      }
      sum += v;
    }
    if (id < 1 || sum > UINT32_MAX || id > (int64_t{1} << 31)) {
      sqlite3_finalize(in);
      if (error) *error = "stats_doclen: document " + std::to_string(id) + " is out of range";
      return false;
    }
    if (static_cast<int64_t>(tokens.size()) < id) tokens.resize(static_cast<size_t>(id), 0);  // gaps: no row, no tokens
    tokens[static_cast<size_t>(id - 1)] = static_cast<uint32_t>(sum);
  }
  sqlite3_finalize(in);
  if (rc != SQLITE_DONE) {
    if (error) *error = std::string("stats_doclen: ") + sqlite3_errmsg(db);
    return false;
  }
  if (tokens.empty()) return true;
  const std::string data = EncodeDocLengths(tokens);
  sqlite3_stmt* out = nullptr;
  bool ok = sqlite3_prepare_v2(db, "INSERT INTO stats_doclen(first_doc, data) VALUES (1, ?1)", -1, &out, nullptr) == SQLITE_OK;
  if (ok) {
    sqlite3_bind_blob(out, 1, data.data(), static_cast<int>(data.size()), SQLITE_TRANSIENT);
    ok = sqlite3_step(out) == SQLITE_DONE;
  }
  sqlite3_finalize(out);
  if (!ok && error) *error = std::string("stats_doclen: ") + sqlite3_errmsg(db);
  return ok;
}

bool RegisterRankFunction(sqlite3* db, const DocLengths* lengths, std::string* error) {
  fts5_api* api = GetFts5Api(db);
  if (!api || api->xCreateFunction(api, "stn_bm25", const_cast<DocLengths*>(lengths), Bm25, nullptr) != SQLITE_OK) {
    if (error) *error = "cannot register stn_bm25 (FTS5 missing)";
    return false;
  }
  return true;
}

}  // namespace stenogram
