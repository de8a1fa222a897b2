// stenogram-build: builds a Stenogram archive from JSON, JSONL, CSV, text folders or page dumps.
// Reads the inputs into memory (the only filesystem access of the import path), hands them to
// ImportInputs, writes OUT atomically (a temporary file renamed on success) and prints a summary.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "core/import.h"
#include "core/tokenizer.h"

namespace fs = std::filesystem;
using namespace stenogram;

namespace {

constexpr const char* kUsage =
    "usage: stenogram-build -o OUT.sqlite [options] INPUT...\n"
    "  INPUT                 a .json, .jsonl, .csv/.tsv or .txt file, or a folder (read recursively)\n"
    "  -o, --output FILE     the archive to write (replaced only when the build succeeds)\n"
    "  --format F            auto|json|jsonl|csv|text|dump|folder (default auto: by extension, then content)\n"
    "  --map FIELD=COLS      take FIELD from COLS: 'text=body', 'text=part_1+part_2', 'text=article_*';\n"
    "                        'tags=' disables a field. Fields: id title date date_precision text url place\n"
    "                        tags speaker persons countries organisations counterparts kind section language summary\n"
    "                        places meeting\n"
    "  --pattern P           metadata from paths of text files: '{date}_{title}.txt', '{year}/{kind}/{id}.txt'\n"
    "  --group-by KEY        records sharing KEY become one document, one turn per record (auto: conversationId;\n"
    "                        'none' turns grouping off)\n"
    "  --duplicates P        first|last|all|merge: what a repeated id does (default first)\n"
    "  --title T             archive title      --description D   archive description\n"
    "  --built-at ISO        fixed build time (reproducible archives)\n"
    "  --no-fts              leave the full-text index empty (to measure its size)\n"
    "  --no-vacuum           skip the final VACUUM (faster, needs no temporary copy; slightly larger file)\n"
    "  --strict              exit 1 when any warning or error was reported\n"
    "  --problems N          problems to print (default 20)   --quiet   print nothing on success\n";

bool ReadFile(const fs::path& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path.string() + ": cannot open";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    *error = path.string() + ": read error";
    return false;
  }
  *out = std::move(ss).str();
  return true;
}

bool IsImportable(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".csv" || ext == ".tsv" || ext == ".txt" ||
         ext == ".md" || ext == ".text";
}

std::string Mb(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f MB", bytes / 1e6);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  ImportOptions options;
  std::string output;
  std::vector<std::string> inputs;
  bool strict = false, quiet = false;
  size_t show_problems = 20;
  auto need = [&](int& i, const char* flag) -> std::string {
    if (i + 1 >= argc) {
      std::cerr << "stenogram-build: " << flag << " needs a value\n" << kUsage;
      std::exit(2);
    }
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    std::string error;
    if (a == "-o" || a == "--output") {
      output = need(i, "-o");
    } else if (a == "--format") {
      const std::string v = need(i, "--format");
      if (!ParseFormatName(v, &options.format)) {
        std::cerr << "stenogram-build: unknown format '" << v << "'\n" << kUsage;
        return 2;
      }
    } else if (a == "--map") {
      if (!ParseMapSpec(need(i, "--map"), &options.map, &error)) {
        std::cerr << "stenogram-build: " << error << "\n";
        return 2;
      }
    } else if (a == "--pattern") {
      options.pattern = need(i, "--pattern");
    } else if (a == "--group-by") {
      options.group_by = need(i, "--group-by");
    } else if (a == "--duplicates") {
      const std::string v = need(i, "--duplicates");
      if (!ParseDuplicatePolicy(v, &options.duplicates)) {
        std::cerr << "stenogram-build: --duplicates takes first, last, all or merge, not '" << v << "'\n";
        return 2;
      }
    } else if (a == "--title") {
      options.title = need(i, "--title");
    } else if (a == "--description") {
      options.description = need(i, "--description");
    } else if (a == "--built-at") {
      options.built_at = need(i, "--built-at");
    } else if (a == "--no-vacuum") {
      options.vacuum = 0;
    } else if (a == "--no-fts") {
      options.build_fts = false;
    } else if (a == "--strict") {
      strict = true;
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--problems") {
      show_problems = static_cast<size_t>(std::stoul(need(i, "--problems")));
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "stenogram-build: unknown option '" << a << "'\n" << kUsage;
      return 2;
    } else {
      inputs.push_back(a);
    }
  }
  if (output.empty() || inputs.empty()) {
    std::cerr << "stenogram-build: " << (output.empty() ? "no output (-o OUT.sqlite)" : "no input") << "\n" << kUsage;
    return 2;
  }

  // Read every input into memory; folders recursively, in sorted order.
  const auto t_start = std::chrono::steady_clock::now();
  std::vector<InputFile> files;
  for (const std::string& in : inputs) {
    std::error_code ec;
    const fs::path path(in);
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && IsImportable(it->path())) found.push_back(it->path());
      }
      if (ec) {
        std::cerr << "stenogram-build: " << in << ": " << ec.message() << "\n";
        return 1;
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) std::cerr << "stenogram-build: " << in << ": no .json/.jsonl/.csv/.txt files in the folder\n";
      for (const fs::path& f : found) {
        InputFile file;
        file.name = f.string();
        file.relative_path = fs::relative(f, path, ec).generic_string();
        std::string error;
        if (!ReadFile(f, &file.bytes, &error)) {
          std::cerr << "stenogram-build: " << error << "\n";
          return 1;
        }
        files.push_back(std::move(file));
      }
    } else {
      if (!fs::exists(path, ec)) {
        std::cerr << "stenogram-build: " << in << ": no such file or folder\n";
        return 1;
      }
      InputFile file;
      file.name = in;
      std::string error;
      if (!ReadFile(path, &file.bytes, &error)) {
        std::cerr << "stenogram-build: " << error << "\n";
        return 1;
      }
      files.push_back(std::move(file));
    }
  }
  if (files.empty()) {
    std::cerr << "stenogram-build: nothing to import\n";
    return 1;
  }

  // Build into OUT.tmp, rename on success.
  const std::string tmp = output + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(tmp.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::cerr << "stenogram-build: " << output << ": cannot create (" << (db ? sqlite3_errmsg(db) : "?") << ")\n";
    sqlite3_close(db);
    return 1;
  }
  std::string error;
  if (!RegisterTokenizer(db, &error)) {
    std::cerr << "stenogram-build: " << error << "\n";
    sqlite3_close(db);
    return 1;
  }
  ImportReport report;
  options.max_problems = std::max<size_t>(show_problems, 1000);
  const bool ok = ImportInputs(db, files, options, &report, &error);
  sqlite3_close(db);
  if (!ok) {
    fs::remove(tmp, ec);
  } else {
    fs::rename(tmp, output, ec);
    if (ec) {
      std::cerr << "stenogram-build: " << output << ": cannot write (" << ec.message() << ")\n";
      return 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();

  if (!quiet || !ok || (strict && report.warnings + report.errors > 0)) {
    std::cout << "stenogram-build: " << report.files << " file(s), " << Mb(static_cast<double>(report.bytes)) << "\n";
    for (const std::string& s : report.sources) std::cout << "  " << s << "\n";
    std::cout << "  read " << report.read << ", imported " << report.imported << " documents";
    if (report.grouped) std::cout << " (" << report.grouped << " records folded in as turns)";
    std::cout << ", duplicates " << report.duplicates << ", merged/replaced " << report.merged << ", rejected "
              << report.rejected << "\n";
    for (const auto& [reason, n] : report.rejected_by_reason) std::cout << "    rejected: " << reason << ": " << n << "\n";
    std::cout << "  " << report.turns << " turns, " << report.entities << " entities, " << report.meetings
              << " meetings\n";
    if (report.problem_count > 0) {
      std::cout << "  problems: " << report.problem_count << " (" << report.errors << " errors, " << report.warnings
                << " warnings)\n";
      for (const auto& [reason, n] : report.problems_by_reason) std::cout << "    " << reason << ": " << n << "\n";
      const size_t shown = std::min(show_problems, report.problems.size());
      for (size_t i = 0; i < shown; ++i) std::cout << "  " << report.problems[i].Format() << "\n";
      if (static_cast<int64_t>(shown) < report.problem_count)
        std::cout << "  ... " << (report.problem_count - static_cast<int64_t>(shown)) << " more\n";
    }
    const double rate_s = seconds > 0 ? seconds : 1e-9;
    char line[256];
    std::snprintf(line, sizeof line,
                  "  %.2f s (read+insert %.2f, finish %.2f, FTS index %.2f): %.0f docs/s, %.1f MB/s\n", seconds,
                  report.parse_seconds, report.write_seconds, report.index_seconds,
                  static_cast<double>(report.imported) / rate_s, static_cast<double>(report.bytes) / 1e6 / rate_s);
    std::cout << line;
    if (ok) std::cout << "  wrote " << output << " (" << Mb(static_cast<double>(fs::file_size(output, ec))) << ")\n";
  }
  if (!ok) {
    std::cerr << "stenogram-build: " << error << "\n";
    return 1;
  }
  if (strict && report.warnings + report.errors > 0) {
    std::cerr << "stenogram-build: --strict: " << (report.warnings + report.errors) << " problem(s)\n";
    return 1;
  }
  return 0;
}
