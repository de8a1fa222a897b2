// import: the importer's driver (see import.h): each input repaired (UTF-16, invalid UTF-8), its
// format detected and handed to its reader (read_*.cpp), then the per-file notes and the archive's
// meta; ImportInputs and the streaming ImportSession.
#include "core/import/read_context.h"

#include <chrono>

#include "core/import/input_limits.h"
#include "core/import/writer.h"
#include "core/import/junk.h"
#include "core/text/utf8_fold.h"
#include "core/text/utf8_repair.h"

namespace stenogram {

using namespace import_detail;  // the readers and the per-file context (read_context.h)

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
