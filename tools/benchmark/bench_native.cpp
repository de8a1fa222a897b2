// stenogram-bench-native: the benchmark's native reference. Runs the same queries as the viewer's
// benchQuery command (RunQuery for all matching ids + ResultRows for the top 20 with snippets)
// through the same core, compiled natively, on an archive image held in memory (as in the browser;
// a file of 1 GiB or more is opened as a file).
// Usage: stenogram-bench-native ARCHIVE QUERIES.tsv REPEAT
//   QUERIES.tsv: one query a line, "speaker_key<TAB>fts query" (speaker_key may be empty).
// Prints one JSON object: {"openMs": x, "openedFrom": "memory"|"file", "queries": [{"query", "speaker", "total", "error", "ms": [...],
// "idsMs": [...] (the RunQuery part of each run)}]}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/view/query.h"
#include "command_line.h"
#include "query_set.h"

namespace {

double NowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string archive_path, queries_path;
  int repeat = 1;
  CLI::App cli{"stenogram-bench-native: the native reference for tools/bench: opens ARCHIVE and runs each query "
               "of QUERIES.tsv REPEAT times; prints JSON.",
               "stenogram-bench-native"};
  cli.add_option("archive", archive_path, "the archive")->required()->type_name("ARCHIVE");
  cli.add_option("queries", queries_path, "speaker_key<TAB>fts query, one a line")->required()->type_name("QUERIES.tsv");
  cli.add_option("repeat", repeat, "runs of each query (each run's time is printed)")
      ->required()
      ->type_name("REPEAT")
      ->check(stenogram_cli::WholeNumber(1));
  if (const int rc = stenogram_cli::ParseCommandLine(cli, argc, argv); rc >= 0) return rc;
  std::ifstream in(archive_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read\n", archive_path.c_str());
    return 1;
  }
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::pair<std::string, std::string>> queries;  // speaker, text
  if (!ReadQuerySet(queries_path, &queries)) {
    std::fprintf(stderr, "%s: cannot read\n", queries_path.c_str());
    return 1;
  }
  // In memory like the browser, except past SQLite's in-memory image limit (1 GiB by default:
  // SQLITE_MEMDB_DEFAULT_MAXSIZE), where the file is opened instead (then warm in the OS cache).
  const bool from_file = bytes.size() >= (size_t{1} << 30);
  if (from_file) std::vector<unsigned char>().swap(bytes);
  const double t0 = NowMs();
  std::string error;
  auto archive = from_file ? stenogram::Archive::OpenFile(archive_path, &error)
                           : stenogram::Archive::OpenImage(std::move(bytes), archive_path, &error);
  const double open_ms = NowMs() - t0;
  if (!archive) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  nlohmann::json out = {{"openMs", open_ms}, {"openedFrom", from_file ? "file" : "memory"}, {"queries", nlohmann::json::array()}};
  for (const auto& [speaker, text] : queries) {
    stenogram::Query q;
    q.text = text;
    q.speaker = speaker;
    nlohmann::json times = nlohmann::json::array(), ids_times = nlohmann::json::array();
    int64_t total = 0;
    std::string qerror;
    for (int r = 0; r < repeat; ++r) {
      const double start = NowMs();
      const stenogram::QueryResult result = stenogram::RunQuery(*archive, q);
      ids_times.push_back(NowMs() - start);
      const auto rows = stenogram::ResultRows(*archive, q, result.ids, 0, 20, &result.scores);
      times.push_back(NowMs() - start);
      total = result.total;
      qerror = result.error;
      if (rows.size() > 20) return 3;  // keeps the rows alive until timed
    }
    out["queries"].push_back({{"query", text}, {"speaker", speaker}, {"total", total}, {"error", qerror}, {"ms", times}, {"idsMs", ids_times}});
  }
  std::cout << out.dump() << "\n";
  return 0;
}
