// docfacets: stats_docfacets, written and read (see docfacets.h).
#include "core/archive/docfacets.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "core/archive/wire.h"

namespace stenogram {
namespace {

// Each packed facet's (doc_id, value, label) rows, in document order: the pairs ScanFacets groups.
std::string PairsSql(const std::string& facet) {
  if (facet == "section" || facet == "kind" || facet == "language")
    return "SELECT id, " + facet + ", " + facet + " FROM docs WHERE " + facet + " <> '' ORDER BY id";
  if (facet == "speaker")
    return "SELECT DISTINCT ft.doc_id, fs.key, fs.name FROM turn_spans ft JOIN speakers fs ON fs.id = ft.speaker_id "
           "WHERE fs.key <> '' ORDER BY 1, 2, 3";
  const std::string cond = facet == "counterpart" ? "fde.role = 'counterpart'" : "fe.kind = '" + facet + "'";
  return "SELECT DISTINCT fde.doc_id, fe.name, fe.name FROM doc_entities fde JOIN entities fe ON fe.id = fde.entity_id "
         "WHERE " + cond + " ORDER BY 1, 2, 3";
}

std::string ColumnText(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

}  // namespace

const std::vector<std::string>& PackedFacets() {
  static const std::vector<std::string> kFacets = {"section", "kind",    "language",     "speaker", "tag",
                                                   "person",  "country", "organisation", "place",   "counterpart"};
  return kFacets;
}

int64_t PackedFacetRow(const std::string& facet) {
  const auto& all = PackedFacets();
  const auto it = std::find(all.begin(), all.end(), facet);
  return it == all.end() ? 0 : static_cast<int64_t>(it - all.begin()) + 1;
}

bool LoadDocFacet(sqlite3* db, const std::string& facet, int64_t doc_count, DocFacet* out) {
  *out = DocFacet();
  const int64_t row = PackedFacetRow(facet);
  if (!row || doc_count <= 0 || doc_count > (int64_t{1} << 31)) return false;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT data FROM stats_docfacets WHERE id = ?1 AND facet = ?2", -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return false;
  }
  sqlite3_bind_int64(s, 1, row);
  sqlite3_bind_text(s, 2, facet.c_str(), -1, SQLITE_TRANSIENT);
  DocFacet got;
  bool ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_BLOB;
  if (ok) {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(s, 0));
    wire::Reader r(std::string_view(data ? data : "", static_cast<size_t>(sqlite3_column_bytes(s, 0))));
    const uint64_t n = r.U();
    ok = r.ok() && n <= (uint64_t{1} << 24);
    for (uint64_t i = 0; ok && i < n; ++i) {
      std::string value = r.S(), label = r.S();
      ok = r.ok();
      got.pairs.emplace_back(std::move(value), std::move(label));
    }
    got.offsets.reserve(static_cast<size_t>(doc_count) + 1);
    got.offsets.push_back(0);
    for (int64_t id = 1; ok && id <= doc_count; ++id) {
      const uint64_t count = r.U();
      ok = r.ok() && count <= n;
      uint64_t code = 0;
      for (uint64_t k = 0; ok && k < count; ++k) {
        const uint64_t delta = r.U();
        code = k == 0 ? delta : code + delta + 1;  // ascending and distinct
        ok = r.ok() && code < n;
        got.codes.push_back(static_cast<uint32_t>(code));
      }
      got.offsets.push_back(static_cast<uint32_t>(got.codes.size()));
    }
    ok = ok && r.AtEnd();
  }
  sqlite3_finalize(s);
  if (!ok) return false;
  for (const auto& p : got.pairs) got.values.push_back(p.first);
  std::sort(got.values.begin(), got.values.end());
  got.values.erase(std::unique(got.values.begin(), got.values.end()), got.values.end());
  for (const auto& p : got.pairs)
    got.value_of.push_back(static_cast<uint32_t>(std::lower_bound(got.values.begin(), got.values.end(), p.first) - got.values.begin()));
  *out = std::move(got);
  return true;
}

bool WriteDocFacets(sqlite3* db, int64_t doc_count, std::string* error) {
  sqlite3_stmt* out = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO stats_docfacets(id, facet, data) VALUES (?1, ?2, ?3)", -1, &out, nullptr) != SQLITE_OK) {
    if (error) *error = std::string("stats_docfacets: ") + sqlite3_errmsg(db);
    sqlite3_finalize(out);
    return false;
  }
  bool ok = true;
  for (const std::string& facet : PackedFacets()) {
    sqlite3_stmt* in = nullptr;
    if (sqlite3_prepare_v2(db, PairsSql(facet).c_str(), -1, &in, nullptr) != SQLITE_OK) {
      ok = false;
      break;
    }
    std::map<std::pair<std::string, std::string>, uint32_t> dict;  // pair → code, in first-met order
    std::vector<const std::pair<std::string, std::string>*> order;
    std::vector<std::vector<uint32_t>> per_doc(static_cast<size_t>(std::max<int64_t>(doc_count, 0)));
    int rc;
    while ((rc = sqlite3_step(in)) == SQLITE_ROW) {
      const int64_t id = sqlite3_column_int64(in, 0);
      if (id < 1 || id > doc_count) continue;  // not a document (the reader checks ids 1..N)
      auto [it, added] = dict.emplace(std::make_pair(ColumnText(in, 1), ColumnText(in, 2)), static_cast<uint32_t>(dict.size()));
      if (added) order.push_back(&it->first);
      per_doc[static_cast<size_t>(id - 1)].push_back(it->second);
    }
    sqlite3_finalize(in);
    if (rc != SQLITE_DONE) {
      ok = false;
      break;
    }
    wire::Writer w;
    w.U(order.size());
    for (const auto* p : order) {
      w.S(p->first);
      w.S(p->second);
    }
    for (auto& codes : per_doc) {
      std::sort(codes.begin(), codes.end());
      codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
      w.U(codes.size());
      for (size_t k = 0; k < codes.size(); ++k) w.U(k == 0 ? codes[k] : codes[k] - codes[k - 1] - 1);
    }
    sqlite3_reset(out);
    sqlite3_bind_int64(out, 1, PackedFacetRow(facet));
    sqlite3_bind_text(out, 2, facet.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob64(out, 3, w.Bytes().data(), w.Bytes().size(), SQLITE_TRANSIENT);
    if (sqlite3_step(out) != SQLITE_DONE) {
      ok = false;
      break;
    }
  }
  if (!ok && error) *error = std::string("stats_docfacets: ") + sqlite3_errmsg(db);
  sqlite3_finalize(out);
  return ok;
}

}  // namespace stenogram
