// stenogram-shares: how many documents of each language match each benchmark query, through the
// same core as the viewer (RunQuery: stemming, phrases, prefixes, speaker turns). drift.mjs
// compares these shares between the synthetic corpus and the real ones.
// Usage: stenogram-shares ARCHIVE QUERIES.tsv
//   QUERIES.tsv: one query a line, "speaker_key<TAB>fts query" (speaker_key may be empty).
// Prints one JSON object: {"docs": {"en": n, ...}, "queries": [{"query", "speaker", "error",
// "byLanguage": {"en": matching documents, ...}}]}; a language-less document counts as "".
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/archive/archive.h"
#include "core/view/query.h"
#include "command_line.h"
#include "query_set.h"

int main(int argc, char** argv) {
  std::string archive_path, queries_path;
  CLI::App cli{"stenogram-shares: matching documents per language for each benchmark query (drift.mjs).",
               "stenogram-shares"};
  cli.add_option("archive", archive_path, "the archive")->required()->type_name("ARCHIVE");
  cli.add_option("queries", queries_path, "speaker_key<TAB>fts query, one a line")->required()->type_name("QUERIES.tsv");
  if (const int rc = stenogram_cli::ParseCommandLine(cli, argc, argv); rc >= 0) return rc;
  std::string error;
  auto archive = stenogram::Archive::OpenFile(archive_path, &error);
  if (!archive) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::vector<std::pair<std::string, std::string>> queries;  // speaker, text
  if (!ReadQuerySet(queries_path, &queries)) {
    std::fprintf(stderr, "%s: cannot read\n", queries_path.c_str());
    return 1;
  }
  // Every document's language, once.
  std::unordered_map<int64_t, std::string> language;
  std::map<std::string, int64_t> docs;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(archive->Db(), "SELECT id, coalesce(language, '') FROM documents", -1, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", archive_path.c_str(), sqlite3_errmsg(archive->Db()));
    return 1;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char* l = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    language[sqlite3_column_int64(st, 0)] = l ? l : "";
    ++docs[l ? l : ""];
  }
  sqlite3_finalize(st);
  nlohmann::json out = {{"docs", docs}, {"queries", nlohmann::json::array()}};
  for (const auto& [speaker, text] : queries) {
    stenogram::Query q;
    q.speaker = speaker;
    q.text = text;
    const stenogram::QueryResult result = stenogram::RunQuery(*archive, q);
    std::map<std::string, int64_t> by;
    for (const int64_t id : result.ids) {
      auto it = language.find(id);
      ++by[it == language.end() ? std::string() : it->second];
    }
    out["queries"].push_back({{"query", q.text}, {"speaker", q.speaker}, {"error", result.error}, {"byLanguage", by}});
  }
  std::cout << out.dump() << "\n";
  return 0;
}
