// read_csv: the CSV/TSV reader (delimiter sniffed, header row, one record per row).
#include "core/import/read_context.h"

#include "core/import/input_limits.h"
#include "core/text/csv.h"

namespace stenogram::import_detail {

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

}  // namespace stenogram::import_detail
