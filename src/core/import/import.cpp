// import: the importer's entry point (see import.h): format detection, readers for JSON, JSONL,
// CSV, text files with path patterns and page dumps, grouping of turn records, enrichment (dates,
// titles, entities, meetings, turns, language), site boilerplate, --map suggestions, junk files
// skipped, speaker spellings joined across documents, and the hand-over to the archive writer.
//
// [SECTION] names, map specs, the report
// [SECTION] format detection
// [SECTION] per-file context and record intake
// [SECTION] JSON and JSONL
// [SECTION] CSV
// [SECTION] text files and path patterns
// [SECTION] page dumps
// [SECTION] grouping turn records into documents
// [SECTION] placeholder dates and enrichment (also: --map suggestions, site boilerplate, speaker keys
//           across documents)
// [SECTION] ImportInputs
#include "core/import/import.h"

#include "core/import/input_limits.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/text/csv.h"
#include "core/text/dates.h"
#include "core/text/entities.h"
#include "core/import/records.h"
#include "core/text/turns.h"
#include "core/text/utf8_fold.h"
#include "core/import/writer.h"

namespace stenogram {

// ---- [SECTION] names, map specs, the report ----

const char* FormatName(InputFormat f) {
  switch (f) {
    case InputFormat::Auto: return "auto";
    case InputFormat::Json: return "json";
    case InputFormat::Jsonl: return "jsonl";
    case InputFormat::Csv: return "csv";
    case InputFormat::Text: return "text";
    case InputFormat::Dump: return "dump";
    case InputFormat::Folder: return "folder";
  }
  return "?";
}

bool ParseFormatName(const std::string& name, InputFormat* out) {
  for (InputFormat f : {InputFormat::Auto, InputFormat::Json, InputFormat::Jsonl, InputFormat::Csv, InputFormat::Text,
                        InputFormat::Dump, InputFormat::Folder}) {
    if (name == FormatName(f)) {
      *out = f;
      return true;
    }
  }
  if (name == "ndjson") {
    *out = InputFormat::Jsonl;
    return true;
  }
  if (name == "tsv") {
    *out = InputFormat::Csv;
    return true;
  }
  return false;
}

const char* DuplicatePolicyName(DuplicatePolicy p) {
  switch (p) {
    case DuplicatePolicy::KeepFirst: return "first";
    case DuplicatePolicy::KeepLast: return "last";
    case DuplicatePolicy::KeepAll: return "all";
    case DuplicatePolicy::Merge: return "merge";
  }
  return "?";
}

bool ParseDuplicatePolicy(const std::string& name, DuplicatePolicy* out) {
  for (DuplicatePolicy p :
       {DuplicatePolicy::KeepFirst, DuplicatePolicy::KeepLast, DuplicatePolicy::KeepAll, DuplicatePolicy::Merge}) {
    if (name == DuplicatePolicyName(p) || name == std::string("keep-") + DuplicatePolicyName(p)) {
      *out = p;
      return true;
    }
  }
  return false;
}

const std::vector<std::string>& MappableFields() {
  static const std::vector<std::string> kFields = [] {
    std::vector<std::string> v;
    for (int i = 0; i < static_cast<int>(Field::Count); ++i) v.push_back(FieldName(static_cast<Field>(i)));
    return v;
  }();
  return kFields;
}

bool ParseMapSpec(const std::string& spec, std::vector<std::pair<std::string, std::string>>* out, std::string* error) {
  const size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) {
    if (error) *error = "--map '" + spec + "': expected field=column (e.g. text=body or text=part_1+part_2)";
    return false;
  }
  const std::string field = Trim(spec.substr(0, eq));
  const auto f = FieldFromName(field);
  if (!f) {
    std::string names;
    for (const std::string& n : MappableFields()) names += (names.empty() ? "" : ", ") + n;
    if (error) *error = "--map '" + spec + "': unknown field '" + field + "' (fields: " + names + ")";
    return false;
  }
  out->emplace_back(FieldName(*f), Trim(spec.substr(eq + 1)));
  return true;
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

std::string Problem::Format() const {
  std::string out = file.empty() ? std::string("(input)") : file;
  if (line > 0) {
    out += ":" + std::to_string(line);
  } else if (record > 0) {
    out += ": record " + std::to_string(record);
  }
  out += ": ";
  out += SeverityName(severity);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  out += reason;
  if (!detail.empty()) out += " (" + detail + ")";
  return out;
}

void ImportReport::Add(Problem p, size_t cap) {
  ++problem_count;
  ++problems_by_reason[p.reason];
  if (p.severity == Severity::Warning) ++warnings;
  if (p.severity == Severity::Error) ++errors;
  if (problems.size() < cap) problems.push_back(std::move(p));
}

void ImportReport::Reject(Problem p, size_t cap) {
  ++rejected;
  ++rejected_by_reason[p.reason];
  p.severity = Severity::Error;
  Add(std::move(p), cap);
}

// ---- [SECTION] format detection ----

namespace {

std::string LowerExtension(const std::string& name) {
  const size_t slash = name.find_last_of("/\\");
  const size_t dot = name.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = name.substr(dot + 1);
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext;
}

std::string_view SkipBom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// '{' first: one object per line (JSONL) if the first line is a whole value and more follows.
bool LooksLikeJsonl(std::string_view s) {
  s = SkipBom(s);
  size_t b = 0;
  while (b < s.size() && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  const size_t nl = s.find('\n', b);
  if (nl == std::string_view::npos) return false;
  const std::string_view first = s.substr(b, nl - b);
  if (!Json::accept(first.begin(), first.end())) return false;
  for (size_t i = nl; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) > ' ') return true;
  return false;
}

}  // namespace

InputFormat DetectFormat(const InputFile& input) {
  const std::string ext = LowerExtension(input.name);
  const std::string_view head = SkipBom(std::string_view(input.bytes).substr(0, 1 << 16));
  size_t b = 0;
  while (b < head.size() && static_cast<unsigned char>(head[b]) <= ' ') ++b;
  const char first = b < head.size() ? head[b] : '\0';
  if (ext == "jsonl" || ext == "ndjson") return InputFormat::Jsonl;
  if (ext == "json") return first == '{' && LooksLikeJsonl(input.bytes) ? InputFormat::Jsonl : InputFormat::Json;
  if (ext == "csv" || ext == "tsv") return InputFormat::Csv;
  const bool in_folder = !input.relative_path.empty();
  if (ext == "txt" || ext == "text" || ext == "md") return in_folder ? InputFormat::Text : InputFormat::Dump;
  if (first == '[') return InputFormat::Json;
  if (first == '{') return LooksLikeJsonl(input.bytes) ? InputFormat::Jsonl : InputFormat::Json;
  // A first line with two or more delimiters and no sentence in sight: CSV.
  const size_t nl = head.find('\n');
  const std::string_view line = head.substr(0, nl);
  const char delim = SniffDelimiter(line);
  if (line.size() < 2000 && std::count(line.begin(), line.end(), delim) >= 2 && line.find(". ") == std::string_view::npos)
    return InputFormat::Csv;
  return in_folder ? InputFormat::Text : InputFormat::Dump;
}

// ---- [SECTION] per-file context and record intake ----

namespace {

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

  void Report(Severity severity, int64_t line, int64_t record, std::string field, std::string reason,
              std::string detail) {
    Problem p;
    p.severity = severity;
    p.file = input.name;
    p.line = line > 0 ? line + line_base : line;
    p.record = record > 0 ? record + record_base : record;
    p.field = std::move(field);
    p.reason = std::move(reason);
    p.detail = std::move(detail);
    report->Add(std::move(p), options.max_problems);
  }
  void Reject(int64_t line, int64_t record, std::string field, std::string reason, std::string detail) {
    Problem p;
    p.file = input.name;
    p.line = line > 0 ? line + line_base : line;
    p.record = record > 0 ? record + record_base : record;
    p.field = std::move(field);
    p.reason = std::move(reason);
    p.detail = std::move(detail);
    report->Reject(std::move(p), options.max_problems);
  }
};

std::string JsonTypeName(const Json& j) { return j.type_name(); }

void FlushDocs(FileContext& c);

// Documents can go to the writer as they come unless the file may still turn out to carry
// placeholder dates (every record so far dated, all alike) or is being grouped.
void MaybeFlush(FileContext& c) {
  if (c.docs.size() >= 256 && c.group_key.empty() && (c.dates_differ || c.dated_records < c.records)) FlushDocs(c);
}

// Maps one record to a document and queues it (or rejects it when it has nothing to show).
void MapOne(FileContext& c, const Json& rec, int64_t line, int64_t record) {
  DocRecord doc;
  doc.file = c.input.name;
  doc.line = line + c.line_base;
  doc.record = record + c.record_base;
  std::vector<MapIssue> issues;
  c.mapper.Map(rec, &doc, &issues);
  for (MapIssue& i : issues) {
    if (i.once && !c.reported_once.insert(i.reason).second) continue;
    c.Report(i.warning ? Severity::Warning : Severity::Note, line, record, i.field, i.reason, i.detail);
  }
  c.SawDate(doc);
  c.SawColumns(doc);
  if (doc.title.empty() && doc.text.empty() && doc.summary.empty()) {
    std::string fields;
    for (const auto& [key, value] : rec.items()) fields += (fields.empty() ? "" : ", ") + key;
    c.Reject(line, record, "", "empty record",
             "no title, text or summary" + (fields.empty() ? std::string() : " among fields: " + fields));
    return;
  }
  c.docs.push_back(std::move(doc));
  MaybeFlush(c);
}

std::string FindKeyCaseInsensitive(const Json& rec, const std::string& wanted) {
  auto lower = [](std::string s) {
    for (char& ch : s)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return s;
  };
  const std::string w = lower(wanted);
  for (const auto& [key, value] : rec.items())
    if (lower(key) == w) return key;
  return "";
}

// Takes one source record: grouped by the group key, or mapped straight away.
void TakeRecord(FileContext& c, Json&& rec, int64_t line, int64_t record) {
  ++c.report->read;
  ++c.records;
  if (!rec.is_object()) {
    c.Reject(line, record, "", "not an object",
             "a " + JsonTypeName(rec) + " where a record (JSON object) was expected");
    return;
  }
  if (const size_t bytes = RecordBytes(rec); bytes > kMaxRecordBytes) {
    c.Reject(line, record, "", "record too large",
             "over " + std::to_string(bytes >> 20) + " MB of text; at most " + std::to_string(kMaxRecordBytes >> 20) +
                 " MB per record");
    return;
  }
  if (!c.group_decided) {
    c.group_decided = true;
    const std::string& g = c.options.group_by;
    if (g == "none") {
      c.group_key.clear();
    } else if (!g.empty()) {
      c.group_key = FindKeyCaseInsensitive(rec, g);
      if (c.group_key.empty())
        c.Report(Severity::Warning, line, record, g, "group key not found",
                 "the first record has no field '" + g + "'; records are not grouped");
    } else {
      c.group_key = FieldMapper::FindGroupKey(rec);
    }
  }
  if (!c.group_key.empty()) {
    auto it = rec.find(c.group_key);
    const std::string key = it == rec.end() ? std::string() : Trim(ValueText(*it));
    if (!IsSentinel(key)) {
      auto& list = c.groups[key];
      if (list.empty()) c.group_order.push_back(key);
      list.push_back({std::move(rec), line, record});
      return;
    }
  }
  MapOne(c, rec, line, record);
}

// ---- [SECTION] JSON and JSONL ----

// Line and column (1-based) of a byte offset.
std::pair<int64_t, int64_t> LineColumn(std::string_view s, size_t offset) {
  offset = std::min(offset, s.size());
  int64_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (s[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int64_t>(offset - line_start) + 1};
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
std::string CleanJsonMessage(const std::string& what) {
  std::string m = what;
  const size_t colon = m.find(": ");
  if (m.rfind("[json.exception", 0) == 0 && colon != std::string::npos) m = m.substr(colon + 2);
  return m;
}

// SAX handler: streams the elements of a root array as records; collects a root object's members
// (decided after the parse: records in an array, or an object of records, plus metadata).
class RecordSax {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit RecordSax(FileContext* c) : c_(c) {}

  bool null() { return Scalar(Json(nullptr)); }
  bool boolean(bool v) { return Scalar(Json(v)); }
  bool number_integer(number_integer_t v) { return Scalar(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return Scalar(Json(v)); }
  bool number_float(number_float_t v, const string_t&) { return Scalar(Json(v)); }
  bool string(string_t& v) { return Scalar(Json(std::move(v))); }
  bool binary(binary_t&) { return Scalar(Json(nullptr)); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool key(string_t& k) {
    if (stack_.empty()) {
      root_key_ = k;
    } else {
      pending_ = &(*stack_.back())[k];
    }
    return true;
  }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t position, const std::string&, const Json::exception& ex) {
    error_position_ = position;
    error_message_ = CleanJsonMessage(ex.what());
    failed_ = true;
    return false;
  }

  bool failed_ = false;
  size_t error_position_ = 0;
  std::string error_message_;
  int root_ = 0;  // 0 none yet, 1 array, 2 object, 3 scalar
  std::vector<std::pair<std::string, Json>> members_;  // root object members
  int64_t index_ = 0;                                  // root array elements seen

 private:
  // Places v where the builder expects the next value; returns the address it now lives at.
  Json* Place(Json&& v) {
    if (stack_.empty()) {
      value_ = std::move(v);
      return &value_;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(std::move(v));
      return &top->back();
    }
    *pending_ = std::move(v);
    return pending_;
  }
  bool Scalar(Json&& v) {
    if (depth_ == 0) {
      root_ = 3;
      members_.emplace_back("", std::move(v));
      return true;
    }
    if (!building_) {
      Json tmp = std::move(v);
      Complete(std::move(tmp));
      return true;
    }
    Place(std::move(v));
    return true;
  }
  bool Open(Json&& container) {
    if (depth_ == 0) {
      root_ = container.is_array() ? 1 : 2;
      ++depth_;
      return true;
    }
    ++depth_;
    if (!building_) {
      building_ = true;
      value_ = std::move(container);
      stack_.push_back(&value_);
      return true;
    }
    stack_.push_back(Place(std::move(container)));
    return true;
  }
  bool Close() {
    --depth_;
    if (depth_ == 0) return true;  // the root closes
    stack_.pop_back();
    if (stack_.empty()) {
      building_ = false;
      Complete(std::move(value_));
      value_ = Json();
    }
    return true;
  }
  void Complete(Json&& v) {
    if (root_ == 1) {
      ++index_;
      TakeRecord(*c_, std::move(v), 0, index_);
    } else {
      members_.emplace_back(root_key_, std::move(v));
    }
  }

  FileContext* c_;
  int depth_ = 0;
  bool building_ = false;
  Json value_;
  std::vector<Json*> stack_;
  Json* pending_ = nullptr;
  std::string root_key_;
};

bool IsRecordArray(const Json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const auto& item : v)
    if (item.is_object()) return true;
  return false;
}

std::string MetaValue(const Json& v) {
  return v.is_string() ? v.get_ref<const std::string&>() : v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void ReadJson(FileContext& c, std::string_view data) {
  if (const size_t at = JsonTooDeepAt(data); at != std::string_view::npos) {
    const auto [line, column] = LineColumn(data, at);
    c.Reject(line, 0, "", "nested too deep",
             "column " + std::to_string(column) + ": more than " + std::to_string(kMaxJsonDepth) +
                 " levels of objects and arrays; the file was not read");
    return;
  }
  RecordSax sax(&c);
  Json::sax_parse(data.begin(), data.end(), &sax, Json::input_format_t::json, true);
  if (sax.failed_) {
    const auto [line, column] = LineColumn(data, sax.error_position_ > 0 ? sax.error_position_ - 1 : 0);
    std::string detail = "column " + std::to_string(column) + ": " + sax.error_message_;
    if (sax.root_ == 1)
      detail += "; " + std::to_string(sax.index_) + " records before it were read, the rest of the file was not";
    Problem p;
    p.file = c.input.name;
    p.line = line;
    p.reason = "malformed JSON";
    p.detail = detail;
    c.report->Reject(std::move(p), c.options.max_problems);
    if (sax.root_ != 2) return;  // a root object's complete members are still usable
  }
  if (sax.root_ == 3) {
    c.Reject(1, 0, "", "not a record", "the file holds a single " + JsonTypeName(sax.members_.front().second));
    return;
  }
  if (sax.root_ != 2) return;
  // Root object: records are the elements of its arrays of objects (preferring a conventional
  // name when there are several), else its object-valued members; the rest is metadata.
  static constexpr const char* kPreferred[] = {"documents", "records", "items", "data", "results", "entries",
                                               "rows", "speeches", "articles", "transcripts", "posts", "messages"};
  std::vector<size_t> arrays;
  size_t objects = 0;
  for (size_t i = 0; i < sax.members_.size(); ++i) {
    if (IsRecordArray(sax.members_[i].second)) arrays.push_back(i);
    if (sax.members_[i].second.is_object()) ++objects;
  }
  if (arrays.size() > 1) {
    for (const char* name : kPreferred) {
      auto hit = std::find_if(arrays.begin(), arrays.end(), [&](size_t i) { return sax.members_[i].first == name; });
      if (hit != arrays.end()) {
        arrays = {*hit};
        break;
      }
    }
    if (arrays.size() > 1) arrays.resize(1);
  }
  const bool single_record = arrays.empty() && objects == 0;
  if (single_record) {
    Json rec = Json::object();
    for (auto& [key, value] : sax.members_) rec[key] = std::move(value);
    TakeRecord(c, std::move(rec), 1, 1);
    return;
  }
  int64_t record = 0;
  for (size_t i = 0; i < sax.members_.size(); ++i) {
    auto& [key, value] = sax.members_[i];
    const bool is_records = arrays.empty() ? value.is_object()
                                           : std::find(arrays.begin(), arrays.end(), i) != arrays.end();
    if (!is_records) {
      if (value.is_null()) continue;
      c.meta->emplace_back(key, MetaValue(value));
      continue;
    }
    if (value.is_array()) {
      for (auto& item : value) TakeRecord(c, std::move(item), 0, ++record);
    } else {
      // An object of records: the member name is the id unless the record has its own.
      Json rec = std::move(value);
      bool has_id = false;
      for (const auto& [k, v] : rec.items()) {
        std::string lower = k;
        for (char& ch : lower)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (lower == "id") has_id = true;
      }
      if (!has_id) rec["id"] = key;
      TakeRecord(c, std::move(rec), 0, ++record);
    }
  }
}

void ReadJsonl(FileContext& c, std::string_view data) {
  data = SkipBom(data);
  size_t pos = 0;
  int64_t line = 0, record = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view text = data.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
    size_t b = 0;
    while (b < text.size() && static_cast<unsigned char>(text[b]) <= ' ') ++b;
    text.remove_prefix(b);
    if (text.empty()) continue;
    ++record;
    if (text.size() > kMaxRecordBytes) {
      ++c.report->read;
      c.Reject(line, record, "", "record too large",
               std::to_string(text.size() >> 20) + " MB on one line; at most " +
                   std::to_string(kMaxRecordBytes >> 20) + " MB per record");
      continue;
    }
    if (const size_t at = JsonTooDeepAt(text); at != std::string_view::npos) {
      ++c.report->read;
      c.Reject(line, record, "", "nested too deep",
               "column " + std::to_string(at + b + 1) + ": more than " + std::to_string(kMaxJsonDepth) +
                   " levels of objects and arrays");
      continue;
    }
    Json rec = Json::parse(text.begin(), text.end(), nullptr, false);
    if (rec.is_discarded()) {
      ++c.report->read;
      // Parse again only to learn where and why the line fails.
      struct ErrorSax : nlohmann::json_sax<Json> {
        size_t position = 0;
        std::string message;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override { return true; }
        bool key(string_t&) override { return true; }
        bool end_object() override { return true; }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t p, const std::string&, const nlohmann::detail::exception& ex) override {
          position = p;
          message = CleanJsonMessage(ex.what());
          return false;
        }
      } err;
      Json::sax_parse(text.begin(), text.end(), &err, Json::input_format_t::json, true);
      c.Reject(line, record, "", "malformed JSON",
               "column " + std::to_string(err.position + b) + ": " + err.message);
      continue;
    }
    TakeRecord(c, std::move(rec), line, record);
  }
}

// ---- [SECTION] CSV ----

void ReadCsv(FileContext& c, std::string_view data) {
  const char delim = LowerExtension(c.input.name) == "tsv" ? '\t' : SniffDelimiter(data);
  CsvReader reader(data, delim);
  std::vector<std::string> fields;
  int64_t line = 0, spanned = 0;
  auto report_issues = [&](int64_t record) {
    for (CsvIssue& issue : reader.TakeIssues())
      c.Report(Severity::Warning, issue.line, record, "", issue.reason, issue.detail);
  };
  if (!reader.Next(&fields, &line, &spanned)) {
    c.Report(Severity::Warning, 1, 0, "", "empty file", "no header row");
    return;
  }
  report_issues(0);
  const std::vector<std::string> header = UniqueHeaderNames(fields);  // linear: 100,000 columns stay fast
  int64_t record = 0;
  while (reader.Next(&fields, &line, &spanned)) {
    ++record;
    report_issues(record);
    if (fields.size() != header.size()) {
      std::string detail = "row has " + std::to_string(fields.size()) + " fields, the header " +
                           std::to_string(header.size());
      detail += fields.size() > header.size() ? "; extra fields kept in extra as column_N"
                                              : "; missing fields left empty";
      if (spanned > 1)
        detail += "; the record spans lines " + std::to_string(line) + "-" + std::to_string(line + spanned - 1) +
                  ", check for a broken quote";
      c.Report(Severity::Warning, line, record, "", "wrong number of fields", detail);
    }
    Json rec = Json::object();
    // Header names are unique: append without ordered_json's linear key search (quadratic for
    // 100,000 columns); only the extra column_N names are looked up.
    auto& members = rec.get_ref<Json::object_t&>();
    members.reserve(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i < header.size())
        members.emplace_back(header[i], Json(std::move(fields[i])));
      else
        rec["column_" + std::to_string(i + 1)] = std::move(fields[i]);
    }
    TakeRecord(c, std::move(rec), line, record);
  }
}

// ---- [SECTION] text files and path patterns ----

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Stem(const std::string& path) {
  std::string base = BaseName(path);
  const size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

// The name of the folder a file was given in: name "corpus/2014/a.txt" with relative path
// "2014/a.txt" → "corpus"; "" for a file given on its own.
// 1204 → "1,204".
std::string GroupDigits(int64_t n) {
  std::string d = std::to_string(n), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0 && d[i - 1] != '-') out += ',';
    out += d[i];
  }
  return out;
}

std::string InputFolderName(const InputFile& input) {
  if (input.relative_path.empty()) return "";
  std::string name = input.name;
  for (char& ch : name)
    if (ch == '\\') ch = '/';
  if (name.size() <= input.relative_path.size() ||
      name.compare(name.size() - input.relative_path.size(), input.relative_path.size(), input.relative_path) != 0)
    return "";
  name.resize(name.size() - input.relative_path.size());
  while (!name.empty() && name.back() == '/') name.pop_back();
  const size_t slash = name.find_last_of('/');
  std::string folder = slash == std::string::npos ? name : name.substr(slash + 1);
  return folder == "." || folder == ".." ? std::string() : folder;
}

// Matches pattern ("{year}/{kind}/{id}.txt") against path; placeholders match one or more
// characters other than '/'. Fills *values in pattern order. Failed (pattern, path) suffix pairs
// are remembered, so a pattern with many placeholders runs in polynomial, not exponential, time.
bool MatchPatternAt(std::string_view pattern, std::string_view path,
                    std::vector<std::pair<std::string, std::string>>* values,
                    std::unordered_set<uint64_t>* failed) {
  const uint64_t key = uint64_t{pattern.size()} << 32 | path.size();
  if (failed->count(key)) return false;
  bool ok = false;
  if (pattern.empty()) {
    ok = path.empty();
  } else if (pattern.front() == '{') {
    const size_t close = pattern.find('}');
    if (close == std::string_view::npos) return pattern == path;
    const std::string name(pattern.substr(1, close - 1));
    const std::string_view rest = pattern.substr(close + 1);
    for (size_t len = 1; len <= path.size() && !ok; ++len) {
      if (path[len - 1] == '/') break;
      values->emplace_back(name, std::string(path.substr(0, len)));
      ok = MatchPatternAt(rest, path.substr(len), values, failed);
      if (!ok) values->pop_back();
    }
  } else {
    ok = !path.empty() && pattern.front() == path.front() &&
         MatchPatternAt(pattern.substr(1), path.substr(1), values, failed);
  }
  if (!ok) failed->insert(key);
  return ok;
}

bool MatchPattern(std::string_view pattern, std::string_view path, std::vector<std::pair<std::string, std::string>>* values) {
  std::unordered_set<uint64_t> failed;
  return MatchPatternAt(pattern, path, values, &failed);
}

std::string FirstLine(std::string_view text) {
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string line = Trim(text.substr(b, e - b));
    if (!line.empty()) return line;
    b = e + 1;
  }
  return "";
}

std::string Normalised(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\r') {
      if (i + 1 < data.size() && data[i + 1] == '\n') continue;
      out.push_back('\n');
    } else {
      out.push_back(data[i]);
    }
  }
  return out;
}

void ReadTextFile(FileContext& c, std::string_view data) {
  ++c.report->read;
  ++c.records;
  DocRecord doc;
  doc.file = c.input.name;
  doc.line = 1;
  doc.record = 1;
  doc.text = Trim(Normalised(SkipBom(data)));
  const std::string path = c.input.relative_path.empty() ? BaseName(c.input.name) : c.input.relative_path;
  std::string year, month, day;
  if (!c.options.pattern.empty()) {
    // Match against as many trailing path components as the pattern has.
    const size_t parts = static_cast<size_t>(std::count(c.options.pattern.begin(), c.options.pattern.end(), '/')) + 1;
    size_t cut = path.size();
    for (size_t k = 0; k < parts && cut != std::string::npos; ++k)
      cut = cut == 0 ? std::string::npos : path.find_last_of('/', cut - 1);
    const std::string tail = cut == std::string::npos ? path : path.substr(cut + 1);
    std::vector<std::pair<std::string, std::string>> values;
    if (MatchPattern(c.options.pattern, tail, &values)) {
      for (auto& [name, value] : values) {
        std::string v = value;
        if (name == "title") {
          for (char& ch : v)
            if (ch == '_') ch = ' ';
          doc.title = Trim(v);
        } else if (name == "date") {
          auto d = ParseDate(v);
          if (!d) {
            std::string spaced = v;
            for (char& ch : spaced)
              if (ch == '_') ch = ' ';
            d = ParseDate(spaced);
          }
          if (d) {
            doc.date = d;
            doc.date_source = "path";
          } else {
            c.Report(Severity::Warning, 0, 1, "date", "unparseable date", "'" + v + "' from the path kept in extra");
            doc.extra["date"] = v;
          }
        } else if (name == "year") {
          year = v;
        } else if (name == "month") {
          month = v;
        } else if (name == "day") {
          day = v;
        } else if (name == "id") {
          doc.external_id = v;
        } else if (name == "kind" || name == "type") {
          doc.kind = v;
        } else if (name == "section" || name == "category") {
          doc.section = v;
        } else if (name == "place" || name == "city") {
          doc.place = v;
          doc.places.push_back(v);
        } else if (name == "language" || name == "lang") {
          doc.language = NormaliseLanguage(v);
        } else if (name == "tag" || name == "tags") {
          doc.tags.push_back(v);
        } else if (name == "speaker" || name == "person") {
          doc.persons.push_back(v);
        } else if (name != "*" && name != "_" && !name.empty()) {
          doc.extra[name] = v;
        }
      }
      if (!doc.date && !year.empty()) {
        std::string iso = year;
        if (!month.empty()) iso += "-" + std::string(month.size() == 1 ? "0" : "") + month;
        if (!month.empty() && !day.empty()) iso += "-" + std::string(day.size() == 1 ? "0" : "") + day;
        doc.date = ParseDate(iso);
        if (doc.date) {
          doc.date_source = "path";
        } else {
          c.Report(Severity::Warning, 0, 1, "date", "unparseable date", "'" + iso + "' from the path");
        }
      }
    } else {
      c.Report(Severity::Warning, 0, 1, "", "path does not match pattern",
               "'" + tail + "' does not match '" + c.options.pattern + "'; title from the first line");
    }
  }
  if (doc.title.empty()) {
    const std::string first = FirstLine(doc.text);
    doc.title = !first.empty() && first.size() <= 200 ? first : Stem(path);
  }
  if (!doc.date) {
    if (auto d = FindDateInText(Stem(path))) {
      doc.date = d->date;
      doc.date_source = "file name";
    }
  }
  doc.extra["source_path"] = path;
  if (doc.text.empty()) c.Report(Severity::Warning, 0, 1, "text", "empty text", "the file has no text");
  c.docs.push_back(std::move(doc));
}

// ---- [SECTION] page dumps ----

struct Paragraph {
  std::string text;
  int64_t line = 0;
};

std::vector<Paragraph> SplitParagraphs(const std::string& text) {
  std::vector<Paragraph> out;
  size_t pos = 0;
  int64_t line = 0;
  Paragraph current;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    ++line;
    const std::string trimmed = Trim(std::string_view(text).substr(pos, end - pos));
    if (trimmed.empty()) {
      if (!current.text.empty()) out.push_back(std::move(current));
      current = Paragraph();
    } else {
      if (current.text.empty()) current.line = line;
      if (!current.text.empty()) current.text += '\n';
      current.text += trimmed;
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (!current.text.empty()) out.push_back(std::move(current));
  return out;
}

bool EndsWithAny(const std::string& s, const char* chars) {
  return !s.empty() && std::strchr(chars, s.back()) != nullptr;
}

// A block of three or more short lines without sentence punctuation: site navigation.
bool IsNavigation(const std::string& p) {
  size_t lines = 0, start = 0;
  while (start <= p.size()) {
    size_t end = p.find('\n', start);
    if (end == std::string::npos) end = p.size();
    const std::string line = p.substr(start, end - start);
    if (line.size() > 60 || EndsWithAny(line, ".!?:;,")) return false;
    ++lines;
    if (end == p.size()) break;
    start = end + 1;
  }
  return lines >= 3;
}

bool IsGreeting(const std::string& p) {
  if (p.size() > 60 || p.find('\n') != std::string::npos) return false;
  if (p.back() == ',') return true;
  const std::string lower = Utf8Lower(p);
  for (const char* opener : {"good afternoon", "good morning", "good evening", "добрый день", "добрый вечер",
                             "доброе утро", "дамы и господа", "уважаемые коллеги", "добрий день"}) {
    if (lower.rfind(opener, 0) == 0 && lower.size() <= std::strlen(opener) + 2) return true;
  }
  return false;
}

bool StartsWithQuestionLabel(const std::string& p) {
  for (const char* label : {"Question:", "Q:", "Вопрос:", "В:", "Питання:"})
    if (p.rfind(label, 0) == 0) return true;
  return false;
}

bool IsDateLine(const std::string& p) {
  return p.size() <= 40 && p.find('\n') == std::string::npos && ParseDate(p).has_value();
}

bool IsTitleLike(const std::string& p) {
  return p.size() <= 250 && p.find('\n') == std::string::npos && !EndsWithAny(p, ".,;:!?") && !IsGreeting(p);
}

std::string TitleFromText(const std::string& text) {
  std::string first = FirstLine(text);
  const auto turns = ParseTurns(first);
  if (!turns.empty() && !turns.front().speaker.empty() && !turns.front().text.empty()) first = turns.front().text;
  // The first sentence, at most ~120 bytes, cut at a word boundary.
  size_t end = first.size();
  for (size_t i = 20; i + 1 < first.size(); ++i) {
    if ((first[i] == '.' || first[i] == '?' || first[i] == '!') && first[i + 1] == ' ') {
      end = i + 1;
      break;
    }
  }
  std::string title = first.substr(0, end);
  if (title.size() > 120) {
    std::string_view cut = Utf8Prefix(title, 120);
    const size_t space = cut.find_last_of(' ');
    if (space != std::string_view::npos && space > 40) cut = cut.substr(0, space);
    title = std::string(cut) + "…";
  }
  return title;
}

bool HasLabel(const std::string& p) {
  const auto turns = ParseTurns(p);
  return !turns.empty() && !turns.front().speaker.empty() && turns.front().offset == 0;
}

void ReadDump(FileContext& c, std::string_view data) {
  const std::string text = Normalised(SkipBom(data));
  std::vector<Paragraph> paragraphs = SplitParagraphs(text);
  size_t first = 0;
  std::vector<std::string> navigation;
  while (first < paragraphs.size() && IsNavigation(paragraphs[first].text)) {
    size_t start = 0;
    const std::string& p = paragraphs[first].text;
    while (start <= p.size()) {
      size_t end = p.find('\n', start);
      if (end == std::string::npos) end = p.size();
      navigation.push_back(p.substr(start, end - start));
      if (end == p.size()) break;
      start = end + 1;
    }
    c.Report(Severity::Note, paragraphs[first].line, 0, "", "site navigation",
             "the block of short lines at line " + std::to_string(paragraphs[first].line) +
                 " looks like site navigation; kept in meta 'navigation', not as a document");
    ++first;
  }
  if (!navigation.empty()) {
    Json nav = Json::array();
    for (const auto& n : navigation) nav.push_back(n);
    c.meta->emplace_back("navigation", nav.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  // Explicit separator lines ("----", "* * *", "====") win over heuristics.
  auto is_separator = [](const std::string& p) {
    if (p.size() < 3 || p.find('\n') != std::string::npos) return false;
    for (char ch : p)
      if (ch != '-' && ch != '=' && ch != '*' && ch != '_' && ch != '~' && ch != '#' && ch != ' ') return false;
    return true;
  };
  bool explicit_separators = false;
  for (size_t i = first; i < paragraphs.size(); ++i)
    if (is_separator(paragraphs[i].text) || paragraphs[i].text.find('\f') != std::string::npos) explicit_separators = true;

  struct Doc {
    std::vector<size_t> paras;
    std::string title, date;
    bool labelled = false;
  };
  std::vector<Doc> docs;
  auto start_doc = [&]() { docs.emplace_back(); };
  start_doc();
  for (size_t i = first; i < paragraphs.size(); ++i) {
    const std::string& p = paragraphs[i].text;
    Doc* cur = &docs.back();
    if (explicit_separators) {
      if (is_separator(p) || p.find('\f') != std::string::npos) {
        if (!cur->paras.empty()) start_doc();
        continue;
      }
    } else if (!cur->paras.empty()) {
      const std::string& prev = paragraphs[cur->paras.back()].text;
      bool boundary = false;
      if (IsDateLine(p)) {
        // "Title\n\n4 December 2014": the title starts the new document.
        if (IsTitleLike(prev) && cur->paras.size() > 1) {
          cur->paras.pop_back();
          start_doc();
          docs.back().paras.push_back(i - 1);
          docs.back().title = paragraphs[i - 1].text;
        } else if (IsTitleLike(prev) && cur->paras.size() == 1) {
          cur->title = prev;
        } else {
          start_doc();
        }
        docs.back().date = p;
        docs.back().paras.push_back(i);
        continue;
      }
      if (IsGreeting(p) && !IsGreeting(prev)) boundary = true;
      if (StartsWithQuestionLabel(p) && !cur->labelled) boundary = true;
      if (boundary) start_doc();
    }
    cur = &docs.back();
    cur->paras.push_back(i);
    if (!cur->labelled && HasLabel(p)) cur->labelled = true;
  }
  int64_t made = 0;
  for (Doc& d : docs) {
    if (d.paras.empty()) continue;
    ++c.report->read;
    ++c.records;
    DocRecord doc;
    doc.file = c.input.name;
    doc.line = paragraphs[d.paras.front()].line;
    doc.record = ++made;
    for (size_t k : d.paras) {
      if (!doc.text.empty()) doc.text += "\n\n";
      doc.text += paragraphs[k].text;
    }
    if (!d.title.empty()) {
      doc.title = d.title;
    } else {
      // First sentence of the first paragraph that is not a greeting.
      size_t k = 0;
      while (k + 1 < d.paras.size() && IsGreeting(paragraphs[d.paras[k]].text)) ++k;
      doc.title = TitleFromText(paragraphs[d.paras[k]].text);
      doc.extra["title_source"] = "first sentence";
    }
    if (!d.date.empty()) {
      doc.date = ParseDate(d.date);
      doc.date_source = "date line";
    }
    c.docs.push_back(std::move(doc));
  }
  if (made > 1)
    c.Report(Severity::Note, 0, 0, "", "page dump split",
             "split into " + std::to_string(made) + " documents at " +
                 (explicit_separators ? std::string("separator lines") : std::string("greetings, questions and date lines")) +
                 "; titles without a title line are first sentences (extra.title_source)");
}

// ---- [SECTION] grouping turn records into documents ----

// "cnn.com", "abcnews.go.com": a host name, not a person.
bool IsWebDomain(const std::string& s) {
  const size_t dot = s.rfind('.');
  if (s.empty() || dot == std::string::npos || dot == 0 || s.size() - dot < 3 || s.size() - dot > 7) return false;
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-')) return false;
  for (size_t i = dot + 1; i < s.size(); ++i)
    if (s[i] < 'a' || s[i] > 'z') return false;
  return true;
}

void FlushGroups(FileContext& c) {
  std::set<std::string> outlets;  // speakers that are web sites
  for (const std::string& key : c.group_order) {
    std::vector<PendingRecord>& recs = c.groups[key];
    if (recs.size() == 1) {
      // A group of one is an ordinary record.
      MapOne(c, recs.front().rec, recs.front().line, recs.front().record);
      continue;
    }
    DocRecord doc;
    doc.file = c.input.name;
    doc.line = recs.front().line + c.line_base;
    doc.record = recs.front().record + c.record_base;
    doc.external_id = key;
    doc.turns_given = true;
    std::vector<std::string> speakers;
    std::vector<std::pair<std::string, std::vector<Json>>> extras;  // field → per-turn values
    for (size_t t = 0; t < recs.size(); ++t) {
      DocRecord part;
      std::vector<MapIssue> issues;
      c.mapper.Map(recs[t].rec, &part, &issues);
      for (MapIssue& i : issues) {
        if (i.once && !c.reported_once.insert(i.reason).second) continue;
        c.Report(i.warning ? Severity::Warning : Severity::Note, recs[t].line, recs[t].record, i.field, i.reason,
                 i.detail);
      }
      part.extra.erase(c.group_key);
      c.SawDate(part);
      if (t > 0) ++c.report->grouped;
      DocTurn turn;
      turn.speaker = part.speakers.empty() ? std::string() : part.speakers.front();
      turn.speaker_key = turn.speaker.empty() ? std::string() : SpeakerKey(turn.speaker);
      if (!turn.speaker.empty() && std::find(speakers.begin(), speakers.end(), turn.speaker) == speakers.end())
        speakers.push_back(turn.speaker);  // as written, for the title
      if (IsWebDomain(turn.speaker)) {
        // The interviews corpus names the interviewer by the outlet's site: "cnn.com".
        outlets.insert(turn.speaker);
        turn.speaker = "Interviewer (" + turn.speaker + ")";
        turn.speaker_key = "interviewer";
      }
      turn.text = part.text;
      doc.turns.push_back(std::move(turn));
      auto fill = [](std::string* a, const std::string& b) {
        if (a->empty()) *a = b;
      };
      fill(&doc.title, part.title);
      fill(&doc.kind, part.kind);
      fill(&doc.section, part.section);
      fill(&doc.place, part.place);
      fill(&doc.language, part.language);
      fill(&doc.url, part.url);
      fill(&doc.summary, part.summary);
      if (!doc.date && part.date) {
        doc.date = part.date;
        doc.date_source = part.date_source;
      }
      auto merge = [](std::vector<std::string>* a, const std::vector<std::string>& b) {
        for (const auto& s : b)
          if (std::find(a->begin(), a->end(), s) == a->end()) a->push_back(s);
      };
      merge(&doc.tags, part.tags);
      merge(&doc.persons, part.persons);
      merge(&doc.countries, part.countries);
      merge(&doc.organisations, part.organisations);
      merge(&doc.places, part.places);
      merge(&doc.counterparts, part.counterparts);
      if (!part.external_id.empty()) part.extra["id"] = part.external_id;
      for (const auto& item : part.extra.items()) {
        const std::string& field = item.key();
        auto it = std::find_if(extras.begin(), extras.end(), [&](const auto& e) { return e.first == field; });
        if (it == extras.end()) {
          extras.emplace_back(field, std::vector<Json>(recs.size()));
          it = extras.end() - 1;
        }
        it->second[t] = item.value();
      }
    }
    // Extra: a field with one value across the turns is kept once, others as a per-turn array.
    for (auto& [field, values] : extras) {
      bool same = true;
      for (const Json& v : values) same = same && v == values.front();
      if (same) {
        doc.extra[field] = values.front();
      } else {
        Json arr = Json::array();
        for (Json& v : values) arr.push_back(std::move(v));
        doc.extra[field] = std::move(arr);
      }
    }
    for (const DocTurn& t : doc.turns) {
      if (t.text.empty()) continue;
      if (!doc.text.empty()) doc.text += "\n\n";
      if (!t.speaker.empty()) doc.text += t.speaker + ": ";
      doc.text += t.text;
    }
    if (doc.title.empty()) {
      std::string names;
      for (const auto& s : speakers) names += (names.empty() ? "" : ", ") + s;
      doc.title = names.empty() ? "Conversation " + key : names;
      doc.extra["title_source"] = "speakers";
    }
    c.docs.push_back(std::move(doc));
  }
  if (!outlets.empty()) {
    std::string names;
    for (const auto& o : outlets) names += (names.empty() ? "" : ", ") + o;
    c.Report(Severity::Note, 0, 0, "speaker", "outlet as speaker",
             "speakers named by a web site (" + names +
                 ") are the interviewers: turns \"Interviewer (site)\", one speaker key 'interviewer'");
  }
  if (!c.group_order.empty() && c.docs.size() < static_cast<size_t>(c.records))
    c.Report(Severity::Note, 0, 0, c.group_key, "records grouped",
             std::to_string(c.records) + " records grouped by '" + c.group_key + "' into " +
                 std::to_string(c.group_order.size()) + " documents with one turn per record");
  c.groups.clear();
  c.group_order.clear();
}

// ---- [SECTION] placeholder dates and enrichment ----

// When five or more documents of a file all carry the very same timestamp from a field, it is a
// placeholder (the interviews corpus: every timestamp is 2020-01-01T01:00): drop it, keep it in extra.
void DropPlaceholderDates(FileContext& c) {
  if (c.dates_differ || c.dated_records < 5 || c.dated_records < c.records) return;
  std::string field;
  for (DocRecord& d : c.docs) {
    if (!d.date || d.date_source.empty() || d.date_source == "title" || d.date_source == "path") continue;
    if (field.empty()) field = d.date_source;
    d.extra[d.date_source] = d.date->iso;
    d.date.reset();
    d.date_source.clear();
  }
  c.Report(Severity::Note, 0, 0, field, "placeholder date",
           "all " + std::to_string(c.dated_records) + " records share " + c.first_date +
               "; treated as a placeholder, dates left empty (kept in extra)");
}

// Fills title, kind, place, date, language, entities, meetings and turns from what the record
// says and what its title and text reveal.
void Enrich(FileContext& c, DocRecord* doc) {
  if (doc->title.empty()) {
    doc->title = TitleFromText(doc->text.empty() ? doc->summary : doc->text);
    doc->extra["title_source"] = "first sentence";
  }
  if (doc->title.size() > 1000) {
    doc->extra["title_full"] = doc->title;
    doc->title = std::string(Utf8Prefix(doc->title, 1000)) + "…";
    c.Report(Severity::Warning, doc->line, doc->record, "title", "title too long",
             "cut to 1000 bytes; the full title is kept in extra.title_full");
  }
  const std::string title_head(Utf8Prefix(doc->title, 600));
  const MeetingInfo mi = ParseTitle(title_head);
  if (doc->kind.empty() && !mi.kind.empty()) doc->kind = mi.kind;
  if (doc->place.empty() && !mi.place.empty()) doc->place = mi.place;
  if (!doc->date && mi.date) {
    doc->date = mi.date;
    doc->date_source = "title";
  }
  if (!doc->date) {
    if (auto d = FindDateInText(title_head)) {
      doc->date = d->date;
      doc->date_source = "title";
    }
  }
  if (doc->language.empty()) {
    std::string sample = doc->title;
    sample += '\n';
    sample += Utf8Prefix(doc->text, 4000);
    doc->language = DetectLanguage(sample);
  }
  // Entities: structured fields first, then what the title and the start of the text name.
  auto link = [&](EntityKind kind, const std::string& name, const char* role) {
    if (!name.empty()) doc->links.push_back({kind, name, role});
  };
  for (const auto& s : doc->tags) link(EntityKind::Tag, s, "tag");
  for (const auto& s : doc->persons) link(EntityKind::Person, s, "mention");
  if (!doc->turns_given)
    for (const auto& s : doc->speakers) link(EntityKind::Person, s, "mention");
  for (const auto& s : doc->countries) link(EntityKind::Country, s, "mention");
  for (const auto& s : doc->organisations) link(EntityKind::Organisation, s, "mention");
  for (const auto& s : doc->places) link(EntityKind::Place, s, "place");
  if (!doc->place.empty() && std::find(doc->places.begin(), doc->places.end(), doc->place) == doc->places.end())
    link(EntityKind::Place, doc->place, "place");
  for (const auto& s : doc->counterparts) {
    // A structured counterpart is a country or organisation when we know its name, else a person.
    const auto known = FindKnownEntities(s);
    EntityKind kind = EntityKind::Person;
    if (known.size() == 1 && EntityKey(known.front().name) == EntityKey(s)) kind = known.front().kind;
    link(kind, s, "counterpart");
  }
  for (const auto& e : mi.counterparts) link(e.kind, e.name, "counterpart");
  std::string scan = title_head;
  scan += '\n';
  scan += Utf8Prefix(doc->text, 4000);
  for (const auto& e : FindKnownEntities(scan)) link(e.kind, e.name, "mention");
  doc->is_meeting = doc->meeting >= 0 ? doc->meeting == 1 : (mi.is_meeting || !doc->counterparts.empty());
  if (!doc->turns_given) {
    std::vector<std::string> known = doc->speakers;
    known.insert(known.end(), doc->persons.begin(), doc->persons.end());
    for (ParsedTurn& t : ParseTurns(doc->text, known)) {
      DocTurn turn;
      turn.speaker = std::move(t.speaker);
      turn.speaker_key = std::move(t.speaker_key);
      turn.text = std::move(t.text);
      doc->turns.push_back(std::move(turn));
    }
  }
}

// "; candidates by text held: summary (12,340 chars), notes (800 chars); try --map text=summary"
// for a field the file's documents lack, naming the columns left in extra (dates: by values that
// read as dates; title: short texts). "" when no column is a candidate.
std::string SuggestMap(const FileContext& c, const std::string& field) {
  std::vector<std::pair<std::string, FileContext::ColumnStat>> cands;
  for (const auto& col : c.columns) {
    if (col.first == "title_source" || col.first == "source_path") continue;
    if (field == "date" && col.second.dates * 2 < col.second.values) continue;
    if (field != "date" && col.second.dates * 2 >= col.second.values) continue;
    if (field != "date" && col.second.prose * 2 < col.second.values) continue;  // ids, codes, links
    if (field == "title" && (col.second.values == 0 || col.second.chars / col.second.values > 300)) continue;
    if (col.second.chars == 0) continue;
    cands.push_back(col);
  }
  if (cands.empty()) return field == "text" ? "; no other column holds running text" : "";
  std::stable_sort(cands.begin(), cands.end(), [&](const auto& a, const auto& b) {
    return field == "date" ? a.second.dates > b.second.dates : a.second.chars > b.second.chars;
  });
  if (cands.size() > 4) cands.resize(4);
  std::string out = field == "date" ? "; candidates by values that read as dates: " : "; candidates by text held: ";
  for (size_t k = 0; k < cands.size(); ++k) {
    if (k) out += ", ";
    out += cands[k].first + " (" +
           (field == "date" ? std::to_string(cands[k].second.dates) + " dates"
                            : std::to_string(cands[k].second.chars) + " chars") +
           ")";
  }
  std::string spec = cands[0].first;
  if (field == "text") {
    // A numbered family left in extra: suggest the pattern.
    std::string stem = spec;
    while (!stem.empty() && stem.back() >= '0' && stem.back() <= '9') stem.pop_back();
    if (stem.size() < spec.size() && !stem.empty()) {
      int members = 0;
      for (const auto& col : c.columns) members += col.first.rfind(stem, 0) == 0 ? 1 : 0;
      if (members >= 2) spec = stem + "*";
    }
  }
  return out + "; try --map " + field + "=" + spec;
}

// ---- site boilerplate ----

// A line's shape for counting repeats: trimmed, digit runs → "0", links → "<link>".
std::string ShapeKey(std::string_view line) {
  const std::string t = Trim(line);
  std::string out;
  for (size_t i = 0; i < t.size();) {
    if ((t[i] == 'h' || t[i] == 'w') && (t.compare(i, 4, "http") == 0 || t.compare(i, 4, "www.") == 0)) {
      while (i < t.size() && t[i] != ' ') ++i;
      out += "<link>";
      continue;
    }
    if (t[i] >= '0' && t[i] <= '9') {
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      out += '0';
      continue;
    }
    out += t[i++];
  }
  return out;
}

enum class BoilerKind { Tags, Persons, Countries, Section, Skip };

struct BoilerLabel {
  const char* label;  // lower case, as written before the colon
  BoilerKind kind;
};
constexpr BoilerLabel kBoilerLabels[] = {
    {"published in sections", BoilerKind::Section}, {"published in section", BoilerKind::Section},
    {"date of publication", BoilerKind::Skip}, {"publication date", BoilerKind::Skip},
    {"link to this page", BoilerKind::Skip}, {"permalink", BoilerKind::Skip}, {"topics", BoilerKind::Tags},
    {"tags", BoilerKind::Tags}, {"keywords", BoilerKind::Tags}, {"people", BoilerKind::Persons},
    {"persons", BoilerKind::Persons}, {"geography", BoilerKind::Countries}, {"countries", BoilerKind::Countries},
    {"опубликован в разделах", BoilerKind::Section}, {"опубликовано в разделе", BoilerKind::Section},
    {"опубликован в разделе", BoilerKind::Section}, {"дата публикации", BoilerKind::Skip},
    {"ссылка на материал", BoilerKind::Skip}, {"ссылка на страницу", BoilerKind::Skip},
    {"постоянный адрес страницы", BoilerKind::Skip}, {"темы", BoilerKind::Tags}, {"теги", BoilerKind::Tags},
    {"ключевые слова", BoilerKind::Tags}, {"персоны", BoilerKind::Persons}, {"люди", BoilerKind::Persons},
    {"география", BoilerKind::Countries}, {"страны", BoilerKind::Countries}, {"теми", BoilerKind::Tags},
    {"географія", BoilerKind::Countries}, {"персони", BoilerKind::Persons}};

// Reads a footer or header of "Label: value" parts ("Published in section: News · Date of
// publication: 5 May 2014 · Link to this page: http://…", "Темы: Сирия · Персоны: …") that starts at
// the beginning of line. Returns false unless the line is made of known labels only.
bool ParseStructured(std::string_view line, std::vector<std::pair<BoilerKind, std::string>>* parts) {
  // Quick refusal: the line must open with a known label.
  {
    const std::string head = Utf8Lower(Utf8Prefix(line, 64));
    bool opens = false;
    for (const BoilerLabel& l : kBoilerLabels)
      opens = opens || head.compare(0, std::strlen(l.label), l.label) == 0;
    if (!opens) return false;
  }
  const std::string lower = Utf8Lower(line);
  if (lower.size() != line.size()) return false;
  struct Hit {
    size_t at, value;
    BoilerKind kind;
  };
  std::vector<Hit> hits;
  for (size_t i = 0; i < lower.size(); ++i) {
    if (i > 0 && lower[i - 1] != ' ' && lower[i - 1] != '\n' && lower[i - 1] != '|' && lower[i - 1] != '>') continue;
    for (const BoilerLabel& l : kBoilerLabels) {
      const size_t n = std::strlen(l.label);
      if (lower.compare(i, n, l.label) != 0) continue;
      size_t j = i + n;
      while (j < lower.size() && lower[j] == ' ') ++j;
      if (j >= lower.size() || lower[j] != ':') continue;
      hits.push_back({i, j + 1, l.kind});
      i = j;
      break;
    }
  }
  if (hits.empty() || !Trim(line.substr(0, hits.front().at)).empty()) return false;
  for (size_t k = 0; k < hits.size(); ++k) {
    const size_t end = k + 1 < hits.size() ? hits[k + 1].at : line.size();
    std::string value = Trim(line.substr(hits[k].value, end - hits[k].value));
    for (const char* sep : {"·", "|", "•"}) {
      const std::string sp(sep);
      while (value.size() >= sp.size() && value.compare(value.size() - sp.size(), sp.size(), sp) == 0)
        value = Trim(std::string_view(value).substr(0, value.size() - sp.size()));
    }
    parts->emplace_back(hits[k].kind, std::move(value));
  }
  return true;
}

bool IsBoilerCandidate(const std::string& line) {
  return !line.empty() && line.size() <= 300 && line.back() != ',' && line.back() != '!' && line.back() != '?';
}

std::vector<std::string> NonEmptyLines(const std::string& text) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string::npos) e = text.size();
    std::string line = Trim(std::string_view(text).substr(b, e - b));
    if (!line.empty()) out.push_back(std::move(line));
    b = e + 1;
  }
  return out;
}

// Opening and closing line shapes of the text files given in one folder (one document per file):
// the shapes that open or close at least half of the folder's files (five or more files). Reads
// only the first and last lines of each file. Keyed by the folder (InputFolderName).
std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> LearnFolderBoilerplate(
    const std::vector<InputFile>& inputs, const ImportOptions& options) {
  struct Counts {
    int64_t files = 0;
    std::map<std::string, int64_t> opens, closes;
  };
  std::map<std::string, Counts> by_folder;
  for (const InputFile& in : inputs) {
    if (in.relative_path.empty() || !JunkKind(in.relative_path, in.bytes).empty()) continue;
    InputFormat f = options.format;
    if (f == InputFormat::Auto || f == InputFormat::Folder) f = DetectFormat(in);
    if (f != InputFormat::Text) continue;
    Counts& cnt = by_folder[InputFolderName(in)];
    ++cnt.files;
    const std::string_view data = SkipBom(in.bytes);
    const std::vector<std::string> head = NonEmptyLines(Normalised(Utf8Prefix(data, 4096)));
    std::set<std::string> o, cl;
    for (size_t k = 0; k < head.size() && k < 2; ++k)
      if (IsBoilerCandidate(head[k])) o.insert(ShapeKey(head[k]));
    size_t from = data.size() > 4096 ? data.size() - 4096 : 0;
    while (from < data.size() && from > 0 && data[from - 1] != '\n') ++from;  // a whole line
    const std::vector<std::string> tail = NonEmptyLines(Normalised(data.substr(from)));
    for (size_t k = 0; k < tail.size() && k < 2; ++k)
      if (IsBoilerCandidate(tail[tail.size() - 1 - k])) cl.insert(ShapeKey(tail[tail.size() - 1 - k]));
    for (const auto& x : o) ++cnt.opens[x];
    for (const auto& x : cl) ++cnt.closes[x];
  }
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> out;
  for (const auto& [folder, cnt] : by_folder) {
    if (cnt.files < 5) continue;
    auto& sets = out[folder];
    for (const auto& [k, v] : cnt.opens)
      if (v * 2 >= cnt.files && v >= 3) sets.first.insert(k);
    for (const auto& [k, v] : cnt.closes)
      if (v * 2 >= cnt.files && v >= 3) sets.second.insert(k);
  }
  return out;
}

// Learns the file's opening and closing phrases from the documents queued so far (five or more).
void LearnBoilerplate(FileContext& c) {
  if (c.boiler_learned || c.docs.size() < 5) return;
  c.boiler_learned = true;
  std::map<std::string, int64_t> opens, closes;
  for (const DocRecord& d : c.docs) {
    const std::vector<std::string> lines = NonEmptyLines(d.text);
    std::set<std::string> o, cl;
    for (size_t k = 0; k < lines.size() && k < 2; ++k)
      if (IsBoilerCandidate(lines[k])) o.insert(ShapeKey(lines[k]));
    for (size_t k = 0; k < lines.size() && k < 2; ++k)
      if (IsBoilerCandidate(lines[lines.size() - 1 - k])) cl.insert(ShapeKey(lines[lines.size() - 1 - k]));
    for (const auto& x : o) ++opens[x];
    for (const auto& x : cl) ++closes[x];
  }
  const auto n = static_cast<int64_t>(c.docs.size());
  for (const auto& [k, v] : opens)
    if (v * 2 >= n && v >= 3) c.opening.insert(k);
  for (const auto& [k, v] : closes)
    if (v * 2 >= n && v >= 3) c.closing.insert(k);
}

// Cuts learned phrases and structured headers/footers from d's text into extra.boilerplate, and
// takes what the structured parts hold (topics → tags, people → persons, geography → countries,
// section).
void CutBoilerplate(FileContext& c, DocRecord* d) {
  if (d->text.empty() || d->turns_given) return;
  std::vector<std::string> lines;
  std::vector<std::pair<size_t, size_t>> spans;  // byte spans of non-empty lines
  {
    size_t b = 0;
    while (b <= d->text.size()) {
      size_t e = d->text.find('\n', b);
      if (e == std::string::npos) e = d->text.size();
      if (!Trim(std::string_view(d->text).substr(b, e - b)).empty()) spans.emplace_back(b, e);
      b = e + 1;
    }
  }
  size_t first = 0, last = spans.size();  // kept: [first, last)
  std::vector<std::string> cut;
  std::vector<std::pair<BoilerKind, std::string>> parts;
  auto line_at = [&](size_t k) { return Trim(std::string_view(d->text).substr(spans[k].first, spans[k].second - spans[k].first)); };
  while (first < last) {
    const std::string l = line_at(first);
    std::vector<std::pair<BoilerKind, std::string>> p;
    const bool structured = ParseStructured(l, &p);
    if (!structured && (l.size() > 300 || !c.IsOpening(ShapeKey(l)))) break;
    parts.insert(parts.end(), p.begin(), p.end());
    cut.push_back(l);
    ++first;
  }
  std::string tail_cut;  // a footer glued to the last kept line
  while (last > first) {
    const std::string l = line_at(last - 1);
    std::vector<std::pair<BoilerKind, std::string>> p;
    const bool structured = ParseStructured(l, &p);
    if (!structured && (l.size() > 300 || !c.IsClosing(ShapeKey(l)))) {
      // "… Thank you. Published in section: News · Date of publication: …" in one paragraph. Such a
      // footer sits at the paragraph's end: only its last 16 KB are searched (a flattened text is
      // one long line; lowercasing and searching all of it cost a tenth of the import).
      constexpr size_t kFooterWindow = 16384;
      size_t from = l.size() > kFooterWindow ? l.size() - kFooterWindow : 0;
      while (from < l.size() && (static_cast<unsigned char>(l[from]) & 0xC0) == 0x80) ++from;
      const std::string lower = std::string(from, ' ') + Utf8Lower(std::string_view(l).substr(from));
      size_t best = std::string::npos;
      if (lower.size() == l.size()) {
        // The first sentence start (after ". ", "! ", "? " or "\" ") where a label opens a structured
        // footer; at one start the first label in kBoilerLabels order wins.
        for (size_t at = std::max<size_t>(from, 2); at < l.size() && best == std::string::npos; ++at) {
          if (l[at - 1] != ' ') continue;
          const char prev = l[at - 2];
          if (prev != '.' && prev != '!' && prev != '?' && prev != '"') continue;
          for (const BoilerLabel& bl : kBoilerLabels) {
            if (std::string_view(lower).substr(at).starts_with(bl.label)) {
              std::vector<std::pair<BoilerKind, std::string>> q;
              if (ParseStructured(std::string_view(l).substr(at), &q)) {
                best = at;
                p = std::move(q);
                break;
              }
            }
          }
        }
      }
      if (best != std::string::npos) {
        parts.insert(parts.end(), p.begin(), p.end());
        tail_cut = l.substr(best);
        cut.push_back(tail_cut);
      }
      break;
    }
    parts.insert(parts.end(), p.begin(), p.end());
    cut.push_back(l);
    --last;
  }
  if (cut.empty()) return;
  if (first >= last && tail_cut.empty()) return;  // nothing but boilerplate: leave the text alone
  std::string text;
  if (first < last) {
    text = d->text.substr(spans[first].first, spans[last - 1].second - spans[first].first);
    if (!tail_cut.empty()) text = Trim(std::string_view(text).substr(0, text.size() - tail_cut.size()));
  }
  if (Trim(text).empty()) return;
  d->text = Trim(text);
  // A title taken from the first line that was boilerplate: the first kept line instead.
  if (first > 0 && std::find(cut.begin(), cut.begin() + static_cast<std::ptrdiff_t>(first), d->title) !=
                       cut.begin() + static_cast<std::ptrdiff_t>(first)) {
    const std::string line = FirstLine(d->text);
    d->title = !line.empty() && line.size() <= 200 ? line : TitleFromText(d->text);
  }
  Json kept = Json::array();
  for (auto& x : cut) kept.push_back(x);
  d->extra["boilerplate"] = kept;
  ++c.boiler_docs;
  c.boiler_lines += static_cast<int64_t>(cut.size());
  if (c.boiler_examples.size() < 3)
    for (const auto& x : cut)
      if (c.boiler_examples.size() < 3 &&
          std::find(c.boiler_examples.begin(), c.boiler_examples.end(), ShapeKey(x)) == c.boiler_examples.end())
        c.boiler_examples.push_back(ShapeKey(x));
  auto add = [](std::vector<std::string>* to, const std::string& v) {
    if (std::find(to->begin(), to->end(), v) == to->end()) to->push_back(v);
  };
  for (auto& [kind, value] : parts) {
    if (value.empty()) continue;
    ++c.boiler_structured;
    std::vector<std::string> items = SplitList(value);
    switch (kind) {
      case BoilerKind::Tags:
        for (const auto& v : items) add(&d->tags, v);
        break;
      case BoilerKind::Persons:
        for (const auto& v : items) {
          std::string position;
          const std::string name = NameFromOfficialForm(v, &position);
          add(&d->persons, name.empty() ? v : name);
          if (!name.empty()) {
            if (!d->extra.contains("positions")) d->extra["positions"] = Json::object();
            d->extra["positions"][name] = position.empty() ? v : position;
          }
        }
        break;
      case BoilerKind::Countries:
        for (const auto& v : items) add(&d->countries, v);
        break;
      case BoilerKind::Section:
        if (d->section.empty()) d->section = value;
        break;
      case BoilerKind::Skip: break;
    }
  }
}

// Enriches the queued documents and hands them to the writer.
void FlushDocs(FileContext& c) {
  if (c.failed) {
    c.docs.clear();
    return;
  }
  LearnBoilerplate(c);
  for (DocRecord& d : c.docs) CutBoilerplate(c, &d);
  for (DocRecord& d : c.docs) {
    Enrich(c, &d);
    if (d.text.empty()) ++c.no_text;
    ++c.made;
    if (!c.writer->Add(std::move(d), c.error)) {
      c.failed = true;
      break;
    }
  }
  c.docs.clear();
}

// ---- speaker keys across documents ----

// Within a document ParseTurns gives one speaker one key; across documents "V.Putin" in one and
// "Vladimir Putin" in another would be two speakers in the facet. Keys written with an initial
// ("v.putin", "в.в.путин") or as a surname alone ("lavrov") are joined to the one full key
// ("vladimir putin") that shares the surname (and initial) in the archive; left alone when there is
// none or more than one. Rewrites turns.speaker_key in the open transaction; a note lists the joins.
void JoinSpeakerKeys(sqlite3* db, ImportReport* report, size_t cap) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT p.key, count(*) FROM stage_turns s JOIN speakers p ON p.id = s.speaker_id WHERE p.key <> '' GROUP BY 1", -1, &st,
                         nullptr) != SQLITE_OK)
    return;
  struct Key {
    std::string key, surname, initial;
    int64_t turns = 0;
    bool full = false;  // "first last"
  };
  std::vector<Key> keys;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Key k;
    k.key = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    k.turns = sqlite3_column_int64(st, 1);
    if (k.key == "question" || k.key == "answer" || k.key == "moderator" || k.key == "interviewer") continue;
    std::vector<std::string> words;
    for (size_t b = 0; b <= k.key.size();) {
      size_t e = k.key.find(' ', b);
      if (e == std::string::npos) e = k.key.size();
      if (e > b) words.push_back(k.key.substr(b, e - b));
      b = e + 1;
    }
    if (words.empty() || words.size() > 4) continue;
    std::string last = words.back();
    const size_t dot = last.find_last_of('.');
    if (dot != std::string::npos) {  // "v.putin", "с.в.лавров"
      if (words.size() != 1 || dot + 1 >= last.size()) continue;
      size_t j = 0;
      Utf8Decode(last, &j);
      k.initial = last.substr(0, j);
      k.surname = last.substr(dot + 1);
    } else if (words.size() == 1) {
      k.surname = last;
    } else {
      size_t j = 0;
      Utf8Decode(words.front(), &j);
      k.initial = words.front().substr(0, j);
      k.surname = last;
      k.full = words.front().find('.') == std::string::npos && words.size() == 2;
    }
    keys.push_back(std::move(k));
  }
  sqlite3_finalize(st);
  std::vector<std::pair<const Key*, const Key*>> joins;
  for (const Key& k : keys) {
    if (k.full) continue;
    const Key* target = nullptr;
    int matches = 0;
    for (const Key& f : keys) {
      if (!f.full || f.surname != k.surname || (!k.initial.empty() && f.initial != k.initial)) continue;
      target = &f;
      ++matches;
    }
    if (matches == 1) joins.emplace_back(&k, target);
  }
  if (joins.empty()) return;
  if (sqlite3_prepare_v2(db, "UPDATE speakers SET key = ?1 WHERE key = ?2", -1, &st, nullptr) != SQLITE_OK)
    return;
  std::string detail;
  int64_t turns = 0;
  for (const auto& [from, to] : joins) {
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, to->key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, from->key.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) break;
    turns += from->turns;
    if (detail.size() < 300) detail += (detail.empty() ? "" : ", ") + from->key + " → " + to->key;
  }
  sqlite3_finalize(st);
  Problem p;
  p.severity = Severity::Note;
  p.field = "speaker";
  p.reason = "speaker spellings joined";
  p.detail = std::to_string(turns) + " turns of " + std::to_string(joins.size()) +
             " speaker spelling(s) joined to the full name written elsewhere in the archive: " + detail;
  report->Add(std::move(p), cap);
}

}  // namespace

// ---- [SECTION] ImportInputs and the streaming session ----

struct ImportSession::State {
  sqlite3* db;
  ImportOptions options;
  ImportReport local_report;
  ImportReport* report;
  ArchiveWriter writer;
  FieldMapper mapper;
  std::vector<std::pair<std::string, std::string>> source_meta;
  Json sources = Json::array();
  std::string first_name;
  std::string first_real_name, first_real_folder;  // the first input that is not junk
  std::map<std::string, int64_t> junk;             // kind → files skipped (hidden, system, backup, binary)
  int64_t junk_files = 0;
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> folder_boiler;
  bool begun = false, failed = false;
  State(sqlite3* d, const ImportOptions& o, ImportReport* r)
      : db(d), options(o), report(r ? r : &local_report), writer(d, options, report), mapper(options.map) {}
};

ImportSession::ImportSession(sqlite3* db, const ImportOptions& options, ImportReport* report)
    : state_(std::make_unique<State>(db, options, report)) {}

ImportSession::~ImportSession() = default;

void ImportSession::LearnFolders(const std::vector<InputFile>& heads) {
  state_->folder_boiler = LearnFolderBoilerplate(heads, state_->options);
}

bool ImportSession::Begin(std::string* error) {
  std::string local_error;
  if (!error) error = &local_error;
  state_->begun = state_->writer.Begin(error);
  state_->failed = !state_->begun;
  return state_->begun;
}

bool ImportSession::Add(const InputFile& input, std::string* error) {
  std::string local_error;
  if (!error) error = &local_error;
  State& st = *state_;
  if (!st.begun || st.failed) {
    *error = "the import was not started or has failed";
    return false;
  }
  const ImportOptions& options = st.options;
  ImportReport* report = st.report;
  const std::string junk_kind =
      JunkKind(input.relative_path.empty() ? std::string_view(input.name) : std::string_view(input.relative_path),
               input.bytes);
  if (!junk_kind.empty() && input.first_line <= 1) {  // hidden, system, backup or binary: not a document
    ++st.junk[junk_kind];
    ++st.junk_files;
    return true;
  }
  if (st.first_real_name.empty()) {
    st.first_real_name = input.name;
    st.first_real_folder = InputFolderName(input);
  }
  auto t0 = std::chrono::steady_clock::now();
  const bool continues = input.first_line > 1 && !st.sources.empty() && st.sources.back()["name"] == input.name;
  if (!continues) ++report->files;
  if (st.first_name.empty()) st.first_name = input.name;
  report->bytes += static_cast<int64_t>(input.bytes.size());
  const int64_t imported_before = report->imported;
  FileContext c{input, options, report, st.mapper, &st.source_meta};
  c.writer = &st.writer;
  c.error = error;
  c.line_base = input.first_line > 1 ? input.first_line - 1 : 0;
  c.record_base = input.first_record > 1 ? input.first_record - 1 : 0;
  if (auto fb = st.folder_boiler.find(InputFolderName(input)); fb != st.folder_boiler.end()) c.folder_boiler = &fb->second;
  // Repair a copy only when the bytes need it (UTF-16, invalid UTF-8); else read in place.
  std::string repaired;
  std::string_view data = input.bytes;
  const std::string_view bom = std::string_view(input.bytes).substr(0, 2);
  if (bom == "\xFF\xFE" || bom == "\xFE\xFF") {
    repaired = input.bytes;
    ConvertUtf16WithBom(&repaired);
    data = repaired;
    c.Report(Severity::Note, 0, 0, "", "UTF-16 input", "converted from UTF-16 to UTF-8");
  } else if (bool little_endian = false; !continues && LooksLikeUtf16WithoutBom(input.bytes, &little_endian)) {
    repaired = (little_endian ? "\xFF\xFE" : "\xFE\xFF") + input.bytes;
    ConvertUtf16WithBom(&repaired);
    data = repaired;
    c.Report(Severity::Note, 0, 0, "", "UTF-16 input",
             std::string("no byte-order mark, but the bytes are UTF-16 ") + (little_endian ? "LE" : "BE") +
                 "; converted to UTF-8");
  }
  if (!IsValidUtf8(data)) {
    if (repaired.empty()) repaired = input.bytes;
    const Utf8Repair repair = RepairUtf8(&repaired);
    data = repaired;
    c.Report(Severity::Warning, repair.first_line, 0, "", "invalid UTF-8",
             std::to_string(repair.bad) + " bad byte(s) replaced with U+FFFD, the first at line " +
                 std::to_string(repair.first_line));
  }
  InputFormat format = options.format;
  if (continues) {
    format = InputFormat::Jsonl;
  } else if (format == InputFormat::Auto || format == InputFormat::Folder) {
    InputFile probe{input.name, std::string(data.substr(0, 1 << 16)), input.relative_path};
    if (format == InputFormat::Folder && probe.relative_path.empty()) probe.relative_path = BaseName(input.name);
    format = DetectFormat(probe);
    if (format == InputFormat::Json && LooksLikeJsonl(data)) format = InputFormat::Jsonl;
  }
  switch (format) {
    case InputFormat::Json: ReadJson(c, data); break;
    case InputFormat::Jsonl: ReadJsonl(c, data); break;
    case InputFormat::Csv: ReadCsv(c, data); break;
    case InputFormat::Text: ReadTextFile(c, data); break;
    default: ReadDump(c, data); break;
  }
  FlushGroups(c);
  DropPlaceholderDates(c);
  FlushDocs(c);
  if (c.failed) {
    st.failed = true;
    return false;
  }
  if (c.boiler_docs > 0) {
    std::string examples;
    for (const auto& e : c.boiler_examples)
      examples += (examples.empty() ? "'" : ", '") + std::string(Utf8Prefix(e, 80)) + "'";
    c.Report(Severity::Note, 0, 0, "text", "site boilerplate cut",
             "cut " + std::to_string(c.boiler_lines) + " header/footer line(s) from " + std::to_string(c.boiler_docs) +
                 " documents (" + examples + "); kept in extra.boilerplate" +
                 (c.boiler_structured > 0 ? "; topics → tags, people → persons, geography → countries, section" : ""));
  }
  if (c.no_text > 0)
    c.Report(Severity::Note, 0, 0, "text", "no text",
             std::to_string(c.no_text) + " of " + std::to_string(c.made) +
                 " documents have a title but no text; imported, searchable by title" + SuggestMap(c, "text"));
  if (c.missing_date > 0 && c.missing_date == c.made && c.made > 0) {
    const std::string hint = SuggestMap(c, "date");
    if (!hint.empty())
      c.Report(Severity::Note, 0, 0, "date", "no date",
               "no date field was recognised for " + std::to_string(c.missing_date) + " documents" + hint);
  }
  if (c.missing_title > 0 && c.missing_title == c.made && c.made > 0) {
    const std::string hint = SuggestMap(c, "title");
    if (!hint.empty())
      c.Report(Severity::Note, 0, 0, "title", "no title",
               "no title field; titles are first sentences for " + std::to_string(c.missing_title) + " documents" +
                   hint);
  }
  report->parse_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int64_t made = report->imported - imported_before;
  if (continues) {
    Json& source = st.sources.back();
    source["bytes"] = source["bytes"].get<int64_t>() + static_cast<int64_t>(input.bytes.size());
    source["records"] = source["records"].get<int64_t>() + c.records;
    source["documents"] = source["documents"].get<int64_t>() + made;
    report->sources.back() = input.name + " (" + FormatName(format) + ", " +
                             std::to_string(source["records"].get<int64_t>()) + " records, " +
                             std::to_string(source["documents"].get<int64_t>()) + " documents)";
    return true;
  }
  Json source = Json::object();
  source["name"] = input.name;
  source["format"] = FormatName(format);
  source["bytes"] = static_cast<int64_t>(input.bytes.size());
  source["records"] = c.records;
  source["documents"] = made;
  st.sources.push_back(source);
  report->sources.push_back(input.name + " (" + FormatName(format) + ", " + std::to_string(c.records) +
                            " records, " + std::to_string(made) + " documents)");
  return true;
}

bool ImportSession::Finish(std::string* error) {
  std::string local_error;
  if (!error) error = &local_error;
  State& st = *state_;
  if (!st.begun || st.failed) {
    if (error->empty()) *error = "the import was not started or has failed";
    return false;
  }
  const ImportOptions& options = st.options;
  ImportReport* report = st.report;
  std::vector<std::pair<std::string, std::string>> meta;
  std::string junk_summary;
  if (st.junk_files > 0) {
    std::string kinds;
    for (const auto& [kind, n] : st.junk) kinds += (kinds.empty() ? "" : ", ") + kind + " (" + GroupDigits(n) + ")";
    junk_summary = "skipped " + GroupDigits(st.junk_files) + " hidden or binary file" + (st.junk_files == 1 ? "" : "s") +
                   ": " + kinds + "; not documents";
    Problem p;
    p.severity = Severity::Note;
    p.reason = "skipped hidden or binary files";
    p.detail = junk_summary;
    report->Add(std::move(p), options.max_problems);
  }
  // Archive title and description: options, then the inputs' own metadata, then the input folder's
  // name, then the first file.
  std::string title = options.title, description = options.description;
  for (auto& [key, value] : st.source_meta) {
    if (key == "title" && title.empty()) title = value;
    if (key == "description" && description.empty()) description = value;
  }
  if (title.empty()) title = st.first_real_folder;
  if (title.empty() && !st.first_real_name.empty()) title = Stem(st.first_real_name);
  meta.emplace_back("title", title);
  if (!description.empty()) meta.emplace_back("description", description);
  meta.emplace_back("sources", st.sources.dump(-1, ' ', false, Json::error_handler_t::replace));
  Json import = Json::object();
  import["format"] = FormatName(options.format);
  Json map = Json::object();
  for (const auto& [field, spec] : options.map) map[field] = spec;
  import["map"] = map;
  if (!options.pattern.empty()) import["pattern"] = options.pattern;
  if (!options.group_by.empty()) import["group_by"] = options.group_by;
  import["duplicates"] = DuplicatePolicyName(options.duplicates);
  import["read"] = report->read;
  import["imported"] = report->imported;
  import["rejected"] = report->rejected;
  import["duplicates_seen"] = report->duplicates;
  import["problems"] = report->problem_count;
  meta.emplace_back("import", import.dump(-1, ' ', false, Json::error_handler_t::replace));
  for (auto& kv : st.source_meta)
    if (kv.first != "title" && kv.first != "description") meta.push_back(kv);
  if (st.writer.Documents() == 0) {
    *error = st.first_name.empty() && st.junk_files == 0 ? "no input given" : "nothing could be imported from the input";
    if (st.first_real_name.empty() && st.junk_files > 0)
      *error = "every input is a hidden, system or binary file (" + junk_summary + ")";
    return false;
  }
  if (!st.writer.Drain(error)) return false;  // the writing thread's rows are all in; the database is ours
  JoinSpeakerKeys(st.db, report, options.max_problems);
  return st.writer.Finish(meta, error);
}

bool ImportInputs(sqlite3* db, const std::vector<InputFile>& inputs, const ImportOptions& options,
                  ImportReport* report, std::string* error) {
  std::string local_error;
  if (!error) error = &local_error;
  ImportSession session(db, options, report);
  session.LearnFolders(inputs);  // site boilerplate of text folders, from the files' first and last lines
  if (!session.Begin(error)) return false;
  for (const InputFile& input : inputs)
    if (!session.Add(input, error)) return false;
  return session.Finish(error);
}

}  // namespace stenogram
