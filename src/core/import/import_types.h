// import_types: what the importer takes and gives (inputs, options, the problem report) and their
// names, apart from the entry points (import.h) so the writer can take them without including the
// importer (writer.h needs ImportOptions and ImportReport; import.cpp needs the writer).
//
// [SECTION] inputs and options
// [SECTION] the report
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/archive/textcodec.h"

namespace stenogram {

// ---- [SECTION] inputs and options ----

// One input: a file's name (used in messages and for the path pattern) and its bytes.
struct InputFile {
  std::string name;           // as shown to the user: "corpora/messages.jsonl"
  std::string bytes;          // the file's content, any encoding (UTF-8 expected; UTF-16 with BOM converted)
  std::string relative_path;  // path inside a dropped/given folder ("2014/speech/12.txt"), "" = not in a folder
  // A JSONL file may come in parts cut at line boundaries (the builder streams big files so): a
  // later part has the same name and says where it starts, so messages keep the file's own lines.
  int64_t first_line = 1;
  int64_t first_record = 1;
};

enum class InputFormat { Auto, Json, Jsonl, Csv, Text, Dump, Folder };
// "auto", "json", "jsonl", "csv", "text" (one document per file), "dump" (a page dump split into
// documents), "folder" (text files with metadata from the path pattern; same as text per file).
const char* FormatName(InputFormat f);
bool ParseFormatName(const std::string& name, InputFormat* out);

enum class DuplicatePolicy {
  KeepFirst,  // later records with an already seen id are reported and skipped (default)
  KeepLast,   // a later record replaces the earlier one (reported)
  KeepAll,    // every record becomes a document; ids repeat (reported)
  Merge,      // a later record fills the earlier one's empty fields, adds its tags and entities, and
              // appends its text when it differs (reported)
};
const char* DuplicatePolicyName(DuplicatePolicy p);
bool ParseDuplicatePolicy(const std::string& name, DuplicatePolicy* out);  // first|last|all|merge

struct ImportOptions {
  InputFormat format = InputFormat::Auto;           // Auto: by extension, then by content
  std::vector<std::pair<std::string, std::string>> map;  // {"text", "body+notes"}: field ← columns; "" disables a field
  std::string pattern;                              // path pattern for text files: "{date}_{title}.txt", "{year}/{kind}/{id}.txt"
  std::string group_by;                             // records sharing this key form one document; "" = auto (conversationId, ...), "none" = off
  DuplicatePolicy duplicates = DuplicatePolicy::KeepFirst;
  std::string title;                                // archive title ("" = from the input's metadata, else the first file name)
  std::string description;
  std::string built_at;                             // meta built_at ("" = now, UTC); set it for reproducible archives
  size_t max_problems = 1000;                       // problems kept in ImportReport::problems (counts stay exact)
  bool build_fts = true;                            // false: leave the FTS tables empty (for measuring the index)
  int vacuum = -1;                                  // -1: VACUUM an in-memory database or a file up to 256 MB; 0 never; 1 always
                                                    // (stenogram-build passes 0 and writes the file with VACUUM INTO)
  int page_size = 4096;                             // the archive's page size (512..65536, a power of two)
  int threads = 1;                                  // 2: tokenize and write on a second thread while the caller parses
                                                    // (stenogram-build); 1 in the browser (no pthreads)
  TextCompressor compress_text = nullptr;           // stores texts as zstd frames where shorter (stenogram-build:
                                                    // CompressStoredText); nullptr: plain (the browser: no compressor)
  int text_level = kDefaultTextLevel;               // the compressor's level
  bool compress_summary = true;                     // summaries too (each alone, where shorter)
};

// Parses "field=col", "field=a+b", "field=prefix_*" into *out (appending). Returns false with *error for
// an unknown field name or a missing '='.
bool ParseMapSpec(const std::string& spec, std::vector<std::pair<std::string, std::string>>* out, std::string* error);

// The document fields a map may name ("id", "title", "date", "text", ...).
const std::vector<std::string>& MappableFields();

// ---- [SECTION] the report ----

enum class Severity {
  Note,     // information: navigation lines kept in meta, placeholder dates ignored, ...
  Warning,  // the record was imported but something was repaired, guessed or left out of a column
  Error,    // the record (or the whole input) could not be imported
};
const char* SeverityName(Severity s);

struct Problem {
  Severity severity = Severity::Warning;
  std::string file;
  int64_t line = 0;         // 1-based line in the file, 0 when unknown (records of a JSON array)
  int64_t record = 0;       // 1-based record number in the file, 0 when the problem concerns the file
  std::string field;        // the source field or column, "" if none
  std::string reason;       // short and stable, used for counting: "invalid UTF-8", "duplicate id", ...
  std::string detail;       // the specifics: "replaced 3 bytes with U+FFFD", "id 'x' first seen at line 4"
  std::string Format() const;  // "file:line: field: reason (detail)"
};

struct ImportReport {
  int64_t files = 0;
  int64_t bytes = 0;                         // input bytes read
  int64_t read = 0;                          // records read (turn records of grouped inputs count one each)
  int64_t imported = 0;                      // documents written
  int64_t grouped = 0;                       // records folded into a grouped document as turns
  int64_t duplicates = 0;                    // records whose id was already seen
  int64_t merged = 0;                        // duplicates merged into (or replacing) the earlier document
  int64_t rejected = 0;                      // records not imported (duplicates skipped under keep-first count here too)
  std::map<std::string, int64_t> rejected_by_reason;
  std::map<std::string, int64_t> problems_by_reason;  // every problem, exact count
  int64_t problem_count = 0;                 // all problems (also those beyond max_problems)
  int64_t warnings = 0, errors = 0;          // by severity (notes are not counted here)
  std::vector<Problem> problems;             // the first max_problems
  int64_t turns = 0, entities = 0, meetings = 0;
  int64_t text_bytes = 0;                    // title + summary + text bytes as read, not as stored (what archive / text divides by)
  double parse_seconds = 0;   // reading, mapping, enrichment and row inserts (streamed together)
  double write_seconds = 0;   // entity names, statistics, meta, ANALYZE, VACUUM
  double index_seconds = 0;   // FTS rebuild and optimize
  double writer_cpu_seconds = 0;  // CPU time of the writer's second thread (tokenizing, row inserts), 0 without one
  double stream_cpu_seconds = 0;  // CPU time of the caller's thread until every document was handed over (native)
  double index_cpu_seconds = 0;   // CPU time of the thread that built the FTS index during Finish, 0 without one
  std::vector<std::string> sources;          // "name (format, N records)"

  // Records a problem (counts always; stores up to cap).
  void Add(Problem p, size_t cap);
  // Records a rejected record: an Error problem plus the rejected counters.
  void Reject(Problem p, size_t cap);
};

}  // namespace stenogram
