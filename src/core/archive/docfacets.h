// docfacets: every document's facet values, packed (stats_docfacets), so the facet counts of any
// result are counted from its ids in memory. Without it a search's facet lists join docs,
// doc_entities and turn_spans for every match: over HTTP ranges at 100,000 documents that read
// tens of megabytes a block at a time (24 s for one search's eight lists on the reference link).
// One row per facet: a dictionary of (value, label) pairs, then for ids 1..N the codes of the
// document's pairs. Counting follows the SQL scan exactly (view/query.cpp ScanFacets): documents
// per value, the largest label among the pairs met, ordered by count, then label.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace stenogram {

// The facets packed, in row order (row id = index + 1): section, kind, language, speaker, tag,
// person, country, organisation, place, counterpart.
const std::vector<std::string>& PackedFacets();
// The row id of facet in stats_docfacets, 0 when it is not packed.
int64_t PackedFacetRow(const std::string& facet);

// One facet of every document: pairs[codes[offsets[id - 1]] .. codes[offsets[id]]) are document
// id's (value, label) pairs, codes ascending and distinct.
struct DocFacet {
  std::vector<std::pair<std::string, std::string>> pairs;  // (value, label), in the row's order
  std::vector<uint32_t> offsets;                            // N + 1
  std::vector<uint32_t> codes;
  // Computed at load: the distinct values in byte order, and each pair's index among them (a
  // value may come with several labels: a speaker's spellings).
  std::vector<std::string> values;
  std::vector<uint32_t> value_of;  // per pair
};

// Reads facet's row into *out. False (and *out empty) when there is none, or it does not decode to
// exactly doc_count documents with codes inside the dictionary (damage: the caller scans instead).
bool LoadDocFacet(sqlite3* db, const std::string& facet, int64_t doc_count, DocFacet* out);

// Writes stats_docfacets from docs, doc_entities, entities, turn_spans and speakers (the builder,
// after the final tables are in date order). Returns false with *error on a SQLite error.
bool WriteDocFacets(sqlite3* db, int64_t doc_count, std::string* error);

}  // namespace stenogram
