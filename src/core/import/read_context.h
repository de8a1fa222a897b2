// read_context: what the readers (read_*.cpp), the record intake, enrichment and the driver share
// inside the importer: the per-file context and the steps each input goes through. Not for use
// outside src/core/import.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/import/import.h"
#include "core/import/records.h"

struct sqlite3;

namespace stenogram {

class ArchiveWriter;

namespace import_detail {

struct PendingRecord {
  Json rec;
  int64_t line = 0, record = 0;
};

struct FileContext {
  const InputFile& input;
  const ImportOptions& options;
  ImportReport* report;
  const FieldMapper& mapper;
  std::vector<std::pair<std::string, std::string>>* meta;
  std::vector<DocRecord> docs;  // mapped, not yet written
  int64_t records = 0;
  ArchiveWriter* writer = nullptr;
  std::string* error = nullptr;
  int64_t line_base = 0, record_base = 0;  // a later part of a file split at line boundaries: where it starts
  bool failed = false;           // a database error: stop
  int64_t made = 0, no_text = 0; // documents handed to the writer, of which without text
  // Field dates seen (for placeholder detection): how many, the first, whether they differ.
  int64_t dated_records = 0;
  std::string first_date;
  bool dates_differ = false;
  void SawDate(const DocRecord& d) {
    if (!d.date || d.date_source.empty()) return;
    if (d.date->precision != DatePrecision::Time) dates_differ = true;
    if (dated_records++ == 0) {
      first_date = d.date->iso;
    } else if (d.date->iso != first_date) {
      dates_differ = true;
    }
  }
  std::set<std::string> reported_once;  // MapIssue::once reasons already reported for this file
  // Site boilerplate: line shapes that open or close at least half of the file's documents
  // (learned from the first batch), and what was cut.
  bool boiler_learned = false;
  std::set<std::string> opening, closing;
  const std::pair<std::set<std::string>, std::set<std::string>>* folder_boiler = nullptr;  // learned over the folder
  bool IsOpening(const std::string& shape) const {
    return opening.count(shape) > 0 || (folder_boiler && folder_boiler->first.count(shape) > 0);
  }
  bool IsClosing(const std::string& shape) const {
    return closing.count(shape) > 0 || (folder_boiler && folder_boiler->second.count(shape) > 0);
  }
  int64_t boiler_docs = 0, boiler_lines = 0, boiler_structured = 0;
  std::vector<std::string> boiler_examples;
  // Columns left in extra: text they hold and values that read as dates (for --map suggestions).
  struct ColumnStat {
    int64_t chars = 0, values = 0, dates = 0, prose = 0;  // prose: values of three or more words
  };
  std::vector<std::pair<std::string, ColumnStat>> columns;
  int64_t missing_title = 0, missing_date = 0;
  void SawColumns(const DocRecord& d) {
    if (d.title.empty()) ++missing_title;
    if (!d.date) ++missing_date;
    for (const auto& item : d.extra.items()) {
      if (!item.value().is_string()) continue;
      const std::string& v = item.value().get_ref<const std::string&>();
      auto it = std::find_if(columns.begin(), columns.end(), [&](const auto& col) { return col.first == item.key(); });
      if (it == columns.end()) {
        if (columns.size() >= 256) continue;
        columns.push_back({item.key(), {}});
        it = columns.end() - 1;
      }
      it->second.chars += static_cast<int64_t>(v.size());
      ++it->second.values;
      if (v.size() <= 40 && ParseDate(v)) ++it->second.dates;
      if (std::count(v.begin(), v.end(), ' ') >= 2) ++it->second.prose;
    }
  }
  // Grouping.
  bool group_decided = false;
  std::string group_key;
  std::vector<std::string> group_order;
  std::unordered_map<std::string, std::vector<PendingRecord>> groups;

  // A problem of this file: line and record numbers relative to this part of it become the file's own.
  Problem At(int64_t line, int64_t record, std::string field, std::string reason, std::string detail) const {
    Problem p;
    p.file = input.name;
    p.line = line > 0 ? line + line_base : line;
    p.record = record > 0 ? record + record_base : record;
    p.field = std::move(field);
    p.reason = std::move(reason);
    p.detail = std::move(detail);
    return p;
  }
  void Report(Severity severity, int64_t line, int64_t record, std::string field, std::string reason,
              std::string detail) {
    Problem p = At(line, record, std::move(field), std::move(reason), std::move(detail));
    p.severity = severity;
    report->Add(std::move(p), options.max_problems);
  }
  void Reject(int64_t line, int64_t record, std::string field, std::string reason, std::string detail) {
    report->Reject(At(line, record, std::move(field), std::move(reason), std::move(detail)), options.max_problems);
  }
};

// ---- detection (detect.cpp) ----
std::string LowerExtension(const std::string& name);  // "csv" for "a/B.CSV", "" without one
std::string_view SkipBom(std::string_view s);          // s without a leading UTF-8 byte-order mark
bool LooksLikeJsonl(std::string_view s);               // a whole JSON value on the first line, more after it

// ---- intake (intake.cpp) ----
std::string JsonTypeName(const Json& j);
// Documents go to the writer as they come unless the file may still carry placeholder dates or is grouped.
void MaybeFlush(FileContext& c);
// Maps one record to a document and queues it (or rejects it when it has nothing to show).
void MapOne(FileContext& c, const Json& rec, int64_t line, int64_t record);
// Takes one source record: grouped by the group key, or mapped straight away.
void TakeRecord(FileContext& c, Json&& rec, int64_t line, int64_t record);
// Turns the grouped records into one document per group key (turns in record order).
void FlushGroups(FileContext& c);
// Cuts boilerplate, enriches and hands the queued documents to the writer (c.failed on a database error).
void FlushDocs(FileContext& c);

// ---- the readers (read_json.cpp, read_csv.cpp, read_text.cpp, read_dump.cpp) ----
void ReadJson(FileContext& c, std::string_view data);
void ReadJsonl(FileContext& c, std::string_view data);
void ReadCsv(FileContext& c, std::string_view data);
void ReadTextFile(FileContext& c, std::string_view data);
void ReadDump(FileContext& c, std::string_view data);

// ---- paths and text shared by the readers (read_text.cpp, read_dump.cpp) ----
std::string BaseName(const std::string& path);    // after the last '/' or '\'
std::string Stem(const std::string& path);        // the base name without its extension
std::string GroupDigits(int64_t n);               // 1204 → "1,204"
// The folder a file was given in: name "corpus/2014/a.txt", relative path "2014/a.txt" → "corpus"; "" alone.
std::string InputFolderName(const InputFile& input);
std::string FirstLine(std::string_view text);     // the first non-empty line, trimmed
std::string Normalised(std::string_view data);    // CRLF and lone CR → LF
std::string TitleFromText(const std::string& text);  // a title from a text's first line (a speaker label dropped)

// ---- enrichment (enrich.cpp) ----
// Five or more documents of a file with the very same field timestamp: a placeholder, dropped.
void DropPlaceholderDates(FileContext& c);
// Dates, titles, entities, meetings, turns and language for one document before writing.
void Enrich(FileContext& c, DocRecord* doc);
// "; candidates by text held: summary (12,340 chars); try --map text=summary" for a field the
// file's documents lack, naming the columns left in extra; "" when none is a candidate.
std::string SuggestMap(const FileContext& c, const std::string& field);

// ---- site boilerplate (boilerplate.cpp) ----
std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> LearnFolderBoilerplate(
    const std::vector<InputFile>& heads, const ImportOptions& options);
void LearnBoilerplate(FileContext& c);
void CutBoilerplate(FileContext& c, DocRecord* d);

// ---- speaker keys across documents (speaker_keys.cpp) ----
void JoinSpeakerKeys(sqlite3* db, ImportReport* report, size_t cap);

}  // namespace import_detail
}  // namespace stenogram
