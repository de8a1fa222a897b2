// csv: an RFC 4180 reader that never gives up: quoted fields over several lines, "" escapes, CRLF,
// a byte-order mark, delimiter sniffing (, ; tab), and clear reports for broken quotes, with the
// line where the quoted field started. Input must already be UTF-8.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stenogram {

struct CsvIssue {
  int64_t line = 0;      // 1-based
  std::string reason;    // "unterminated quote", "text after closing quote"
  std::string detail;
};

class CsvReader {
 public:
  // data must outlive the reader. A leading UTF-8 BOM is skipped.
  CsvReader(std::string_view data, char delimiter);

  // Reads the next record into *fields; *line is the line where it starts, *lines_spanned how many
  // lines it covers. Blank lines are skipped. Returns false at the end of the input.
  bool Next(std::vector<std::string>* fields, int64_t* line, int64_t* lines_spanned);

  // Issues found since the last call (the caller attaches them to the record just read).
  std::vector<CsvIssue> TakeIssues();

 private:
  void ReadUnquoted(std::string* out);
  std::string_view data_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  char delim_;
  std::vector<CsvIssue> issues_;
};

// Picks the delimiter (',', ';' or '\t') that splits the first record into the most fields
// (quotes respected); ',' when in doubt.
char SniffDelimiter(std::string_view data);

}  // namespace stenogram
