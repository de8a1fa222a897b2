// query_set: the benchmark's query set (queries.tsv: "speaker_key<TAB>fts query" a line, or just the
// query), read the same way by every native runner.
#pragma once
#include <fstream>
#include <string>
#include <utility>
#include <vector>

// The (speaker, text) pairs of path, empty lines skipped; false when the file cannot be read.
inline bool ReadQuerySet(const std::string& path, std::vector<std::pair<std::string, std::string>>* out) {
  std::ifstream qf(path);
  if (!qf) return false;
  for (std::string line; std::getline(qf, line);) {
    if (line.empty()) continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) out->emplace_back("", line);
    else out->emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return true;
}
