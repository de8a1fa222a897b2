// report: the import's names (formats, duplicate policies, severities), --map specs and the
// problem report (counts, the first max_problems kept).
#include "core/import/import.h"
#include "core/import/records.h"
#include "core/text/enum_names.h"

namespace stenogram {

namespace {

constexpr EnumName<InputFormat> kFormatNames[] = {
    {InputFormat::Auto, "auto"}, {InputFormat::Json, "json"}, {InputFormat::Jsonl, "jsonl"},
    {InputFormat::Csv, "csv"},   {InputFormat::Text, "text"}, {InputFormat::Dump, "dump"},
    {InputFormat::Folder, "folder"}, {InputFormat::Jsonl, "ndjson"}, {InputFormat::Csv, "tsv"}};

constexpr EnumName<DuplicatePolicy> kDuplicatePolicyNames[] = {
    {DuplicatePolicy::KeepFirst, "first"},      {DuplicatePolicy::KeepLast, "last"},
    {DuplicatePolicy::KeepAll, "all"},          {DuplicatePolicy::Merge, "merge"},
    {DuplicatePolicy::KeepFirst, "keep-first"}, {DuplicatePolicy::KeepLast, "keep-last"},
    {DuplicatePolicy::KeepAll, "keep-all"},     {DuplicatePolicy::Merge, "keep-merge"}};

constexpr EnumName<Severity> kSeverityNames[] = {
    {Severity::Note, "note"}, {Severity::Warning, "warning"}, {Severity::Error, "error"}};

}  // namespace

const char* FormatName(InputFormat f) { return NameOf(kFormatNames, f); }

bool ParseFormatName(const std::string& name, InputFormat* out) { return ParseName(kFormatNames, name, out); }

const char* DuplicatePolicyName(DuplicatePolicy p) { return NameOf(kDuplicatePolicyNames, p); }

bool ParseDuplicatePolicy(const std::string& name, DuplicatePolicy* out) {
  return ParseName(kDuplicatePolicyNames, name, out);
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

const char* SeverityName(Severity s) { return NameOf(kSeverityNames, s); }

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

}  // namespace stenogram
