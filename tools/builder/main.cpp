// stenogram-build: builds a Stenogram archive from JSON, JSONL, CSV, text folders or page dumps.
// Reads the inputs into memory (the only filesystem access of the import path), hands them to
// ImportInputs, writes OUT atomically (a temporary file renamed on success) and prints a summary.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "core/import/import.h"
#include "command_line.h"
#include "core/archive/textcodec.h"
#include "core/archive/tokenizer.h"

namespace fs = std::filesystem;
using namespace stenogram;

namespace {

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

// Imports one file: whole, or a JSONL file larger than kPartBytes (32 MB) in parts cut after a newline
// (each part says the line it starts at, so messages name the file's own lines).
constexpr size_t kPartBytes = size_t{32} << 20;

bool IsJsonl(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".jsonl" || ext == ".ndjson";
}

bool ImportFile(ImportSession* session, const fs::path& path, const std::string& relative, std::string* error) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size <= kPartBytes || !IsJsonl(path)) {
    InputFile file;
    file.name = path.string();
    file.relative_path = relative;
    if (!ReadFile(path, &file.bytes, error)) return false;
    return session->Add(file, error);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path.string() + ": cannot open";
    return false;
  }
  InputFile part;
  part.name = path.string();
  part.relative_path = relative;
  std::string carry;  // the unfinished last line of the previous read
  int64_t line = 1, record = 1;
  while (in) {
    // Read straight after the carried line into part.bytes, whose memory is reused part after part
    // (a fresh 32 MB string per part cost its page faults); a line longer than a part grows as it is.
    if (carry.size() > kPartBytes / 2) {
      part.bytes = std::move(carry);
    } else {
      part.bytes.assign(carry);
    }
    carry.clear();
    const size_t kept = part.bytes.size();
    part.bytes.resize(kept + kPartBytes);
    in.read(part.bytes.data() + kept, static_cast<std::streamsize>(kPartBytes));
    const size_t got = static_cast<size_t>(in.gcount());
    if (in.bad()) {
      *error = path.string() + ": read error";
      return false;
    }
    part.bytes.resize(kept + got);
    if (got == 0) {
      carry = std::move(part.bytes);
      part.bytes.clear();
      break;
    }
    if (!in.eof()) {
      const size_t cut = part.bytes.rfind('\n');
      if (cut == std::string::npos) {
        carry = std::move(part.bytes);  // one line longer than a part: read on
        part.bytes.clear();
        continue;
      }
      carry.assign(part.bytes, cut + 1, std::string::npos);
      part.bytes.resize(cut + 1);
    }
    part.first_line = line;
    part.first_record = record;
    line += static_cast<int64_t>(std::count(part.bytes.begin(), part.bytes.end(), '\n'));
    // Records: non-blank lines (as ReadJsonl counts them).
    int64_t records = 0;
    for (size_t b = 0; b < part.bytes.size();) {
      size_t e = part.bytes.find('\n', b);
      if (e == std::string::npos) e = part.bytes.size();
      for (size_t k = b; k < e; ++k)
        if (static_cast<unsigned char>(part.bytes[k]) > ' ') {
          ++records;
          break;
        }
      b = e + 1;
    }
    if (!session->Add(part, error)) return false;
    record += records;
  }
  if (!carry.empty()) {
    part.bytes = std::move(carry);
    part.first_line = line;
    part.first_record = record;
    if (!session->Add(part, error)) return false;
  }
  return true;
}

// The process's peak resident set (VmHWM) in MB, 0 where /proc is not there.
double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return 0;
}

std::string Mb(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f MB", bytes / 1e6);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  ImportOptions options;
  options.threads = 2;
  std::string output;
  std::vector<std::string> inputs;
  bool strict = false, quiet = false;
  size_t show_problems = 20;
  CLI::App cli{"stenogram-build: builds a Stenogram archive from JSON, JSONL, CSV, text folders or page dumps.",
               "stenogram-build"};
  cli.add_option("inputs", inputs, "a .json, .jsonl, .csv/.tsv or .txt file, or a folder (read recursively)")
      ->required()
      ->type_name("INPUT");
  cli.add_option("-o,--output", output, "the archive to write (replaced only when the build succeeds)")
      ->required()
      ->type_name("FILE");
  cli.add_option_function<std::string>(
         "--format",
         [&](const std::string& v) {
           if (!ParseFormatName(v, &options.format)) throw CLI::ValidationError("--format", "unknown format '" + v + "'");
         },
         "auto|json|jsonl|csv|text|dump|folder (default auto: by extension, then content)")
      ->type_name("F");
  cli.add_option_function<std::vector<std::string>>(
         "--map",
         [&](const std::vector<std::string>& specs) {
           for (const std::string& spec : specs) {
             std::string error;
             if (!ParseMapSpec(spec, &options.map, &error)) throw CLI::ValidationError("--map", error);
           }
         },
         "take FIELD from COLS: 'text=body', 'text=part_1+part_2', 'text=article_*'; 'tags=' disables a field.\n"
         "Fields: id title date date_precision text url place tags speaker persons countries organisations\n"
         "counterparts kind section language summary places meeting (repeatable)")
      ->type_name("FIELD=COLS")
      ->allow_extra_args(false);
  cli.add_option("--pattern", options.pattern,
                 "metadata from paths of text files: '{date}_{title}.txt', '{year}/{kind}/{id}.txt'")
      ->type_name("P");
  cli.add_option("--group-by", options.group_by,
                 "records sharing KEY become one document, one turn per record (auto: conversationId; 'none' turns "
                 "grouping off)")
      ->type_name("KEY");
  cli.add_option_function<std::string>(
         "--duplicates",
         [&](const std::string& v) {
           if (!ParseDuplicatePolicy(v, &options.duplicates))
             throw CLI::ValidationError("--duplicates", "takes first, last, all or merge, not '" + v + "'");
         },
         "first|last|all|merge: what a repeated id does (default first)")
      ->type_name("P");
  cli.add_option("--title", options.title, "archive title")->type_name("T");
  cli.add_option("--description", options.description, "archive description")->type_name("D");
  cli.add_option("--built-at", options.built_at, "fixed build time (reproducible archives)")->type_name("ISO");
  cli.add_flag_callback("--no-fts", [&] { options.build_fts = false; },
                        "leave the full-text index empty (to measure its size)");
  cli.add_flag_callback("--no-vacuum", [&] { options.vacuum = 0; },
                        "skip the final VACUUM INTO (faster; the file keeps the staging tables' free pages)");
  cli.add_option("--page-size", options.page_size,
                 "the archive's page size in bytes: 4096 (default) .. 65536, a power of two")
      ->type_name("N")
      ->check(CLI::Validator(
          [](const std::string& v) -> std::string {
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || !end || *end || n < 512 || n > 65536 || (n & (n - 1)) != 0)
              return "takes a power of two from 512 to 65536, not '" + v + "'";
            return "";
          },
          "", "page size"));
  cli.add_option("--threads", options.threads,
                 "2 (default): parse on one thread while another tokenizes and writes; 1: one thread")
      ->type_name("N")
      ->check(CLI::IsMember({1, 2}));
  int text_level = kDefaultTextLevel;
  cli.add_option("--text-level", text_level,
                 "zstd level of the stored texts: 3 (default) .. 19; 0 stores them plain (the texts table then "
                 "reads without Stenogram's stn_text function; the views still use it)")
      ->type_name("N")
      ->check(CLI::Range(0, 19));
  cli.add_flag("--strict", strict, "exit 1 when any warning or error was reported");
  cli.add_option("--problems", show_problems, "problems to print (default 20)")
      ->type_name("N")
      ->check(stenogram_cli::WholeNumber(0));
  cli.add_flag("-q,--quiet", quiet, "print nothing on success");
  if (const int rc = stenogram_cli::ParseCommandLine(cli, argc, argv); rc >= 0) return rc;
  options.text_level = text_level;
  options.compress_text = text_level > 0 ? CompressStoredText : nullptr;

  // The inputs: files as given, folders recursively in sorted order. They are read one at a time
  // (and a big JSONL file in parts cut at line boundaries) and dropped once imported, so memory
  // holds one part, whatever the total size.
  const auto t_start = std::chrono::steady_clock::now();
  struct Source {
    fs::path path;
    std::string relative_path;
  };
  std::vector<Source> sources;
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
      for (const fs::path& f : found) sources.push_back({f, fs::relative(f, path, ec).generic_string()});
    } else {
      if (!fs::exists(path, ec)) {
        std::cerr << "stenogram-build: " << in << ": no such file or folder\n";
        return 1;
      }
      sources.push_back({path, ""});
    }
  }
  if (sources.empty()) {
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
  // The writer leaves free pages (its staging tables, the FTS merge); the file is then written
  // afresh by VACUUM INTO, table by table in schema order, with no free page and no in-memory copy.
  const bool vacuum = options.vacuum != 0;
  options.vacuum = 0;
  bool ok = true;
  {
    ImportSession session(db, options, &report);
    // Folders of text files: the session learns their site boilerplate from each file's first and
    // last 4 KB (read here; the files themselves are read one at a time below).
    std::vector<InputFile> heads;
    for (const auto& src : sources) {
      if (src.relative_path.empty()) continue;
      std::ifstream in(src.path, std::ios::binary);
      std::error_code size_ec;
      const auto size = fs::file_size(src.path, size_ec);
      if (!in || size_ec) continue;
      InputFile head;
      head.name = src.path.string();
      head.relative_path = src.relative_path;
      std::string buf(static_cast<size_t>(std::min<uintmax_t>(size, 4096)), '\0');
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      head.bytes = buf;
      if (size > 8192) {
        in.seekg(static_cast<std::streamoff>(size - 4096));
        std::string tail(4096, '\0');
        in.read(tail.data(), 4096);
        head.bytes += "\n" + tail;
      } else if (size > 4096) {
        std::string rest(static_cast<size_t>(size - 4096), '\0');
        in.read(rest.data(), static_cast<std::streamsize>(rest.size()));
        head.bytes += rest;
      }
      heads.push_back(std::move(head));
    }
    session.LearnFolders(heads);
    heads.clear();
    ok = session.Begin(&error);
    for (size_t i = 0; ok && i < sources.size(); ++i) ok = ImportFile(&session, sources[i].path, sources[i].relative_path, &error);
    if (ok) ok = session.Finish(&error);
  }
  const std::string compact = output + ".vacuum.tmp";
  double vacuum_seconds = 0;
  if (ok && vacuum) {
    const auto t0 = std::chrono::steady_clock::now();
    fs::remove(compact, ec);
    sqlite3_stmt* st = nullptr;
    ok = sqlite3_prepare_v2(db, "VACUUM INTO ?1", -1, &st, nullptr) == SQLITE_OK;
    if (ok) {
      sqlite3_bind_text(st, 1, compact.c_str(), -1, SQLITE_TRANSIENT);
      ok = sqlite3_step(st) == SQLITE_DONE;
    }
    if (!ok) error = std::string("VACUUM INTO ") + compact + ": " + sqlite3_errmsg(db);
    sqlite3_finalize(st);
    vacuum_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  sqlite3_close(db);
  if (ok && vacuum) {
    fs::rename(compact, tmp, ec);
    if (ec) {
      ok = false;
      error = compact + ": cannot rename (" + ec.message() + ")";
    }
  }
  if (!ok) {
    fs::remove(tmp, ec);
    fs::remove(compact, ec);
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
                  "  %.2f s (read+insert %.2f, finish %.2f, FTS index %.2f, VACUUM INTO %.2f): %.0f docs/s, %.1f MB/s; "
                  "peak RSS %.0f MB\n",
                  seconds, report.parse_seconds, report.write_seconds, report.index_seconds, vacuum_seconds,
                  static_cast<double>(report.imported) / rate_s, static_cast<double>(report.bytes) / 1e6 / rate_s,
                  PeakRssMb());
    std::cout << line;
    const double cpu = static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
    // Two threads: reading while the second thread writes, then the finish alone on the first.
    if (report.writer_cpu_seconds > 0)
      std::snprintf(line, sizeof line,
                    "  CPU %.2f s: read+parse %.2f s alongside tokenize+stem+insert %.2f s (second thread), then finish "
                    "%.2f s (texts, statistics, VACUUM INTO) alongside the FTS index %.2f s (second thread)\n",
                    cpu, report.stream_cpu_seconds, report.writer_cpu_seconds,
                    cpu - report.writer_cpu_seconds - report.stream_cpu_seconds - report.index_cpu_seconds,
                    report.index_cpu_seconds);
    else
      std::snprintf(line, sizeof line, "  CPU %.2f s (one thread; %.2f s until finish)\n", cpu, report.stream_cpu_seconds);
    std::cout << line;
    if (ok) {
      const double size = static_cast<double>(fs::file_size(output, ec));
      std::cout << "  wrote " << output << " (" << Mb(size) << ")";
      if (report.text_bytes > 0)
        std::printf(": archive / text %.2f (text %s)", size / static_cast<double>(report.text_bytes),
                    Mb(static_cast<double>(report.text_bytes)).c_str());
      std::cout << std::flush;
      std::fflush(stdout);
      std::cout << "\n";
    }
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
