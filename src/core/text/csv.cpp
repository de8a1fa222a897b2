// csv: the RFC 4180 reader (see csv.h).
#include "core/text/csv.h"

#include <algorithm>
#include <cstring>

namespace stenogram {

CsvReader::CsvReader(std::string_view data, char delimiter) : data_(data), delim_(delimiter) {
  if (data_.size() >= 3 && data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

std::vector<CsvIssue> CsvReader::TakeIssues() {
  std::vector<CsvIssue> out;
  out.swap(issues_);
  return out;
}

// Reads an unquoted field up to the delimiter or end of line; quotes inside are literal.
void CsvReader::ReadUnquoted(std::string* out) {
  const size_t n = data_.size();
  size_t end = pos_;
  while (end < n) {
    const char c = data_[end];
    if (c == delim_ || c == '\n' || c == '\r') break;
    ++end;
  }
  out->append(data_.data() + pos_, end - pos_);
  pos_ = end;
}

bool CsvReader::Next(std::vector<std::string>* fields, int64_t* line, int64_t* lines_spanned) {
  const size_t n = data_.size();
  for (;;) {
    fields->clear();
    if (pos_ >= n) return false;
    const int64_t start_line = line_;
    bool any_content = false;
    for (;;) {
      fields->emplace_back();
      std::string& field = fields->back();
      if (pos_ < n && data_[pos_] == '"') {
        any_content = true;
        const size_t quote_pos = pos_;
        const int64_t quote_line = line_;
        size_t p = pos_ + 1;
        bool closed = false;
        int64_t newlines = 0;
        for (;;) {
          const void* hit = std::memchr(data_.data() + p, '"', n - p);
          if (!hit) break;
          const size_t q = static_cast<size_t>(static_cast<const char*>(hit) - data_.data());
          newlines += std::count(data_.begin() + static_cast<std::ptrdiff_t>(p),
                                 data_.begin() + static_cast<std::ptrdiff_t>(q), '\n');
          field.append(data_.data() + p, q - p);
          if (q + 1 < n && data_[q + 1] == '"') {
            field.push_back('"');
            p = q + 2;
            continue;
          }
          p = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          // The quote never closes: report where it opened and read the field as unquoted text to
          // the end of that line, so the rest of the file still parses.
          issues_.push_back({quote_line, "unterminated quote",
                             "the quoted field starting at line " + std::to_string(quote_line) +
                                 " never closes; read as plain text to the end of that line"});
          field.clear();
          pos_ = quote_pos;
          line_ = quote_line;
          ReadUnquoted(&field);
        } else {
          line_ += newlines;
          pos_ = p;
          if (pos_ < n && data_[pos_] != delim_ && data_[pos_] != '\n' && data_[pos_] != '\r') {
            const size_t before = field.size();
            ReadUnquoted(&field);
            issues_.push_back({line_, "text after closing quote",
                               "kept '" + field.substr(before, 40) + "' after the quoted value"});
          }
        }
      } else {
        const size_t before = pos_;
        ReadUnquoted(&field);
        if (pos_ > before) any_content = true;
      }
      if (pos_ < n && data_[pos_] == delim_) {
        ++pos_;
        any_content = true;
        continue;
      }
      // End of record: \r\n, \n, lone \r, or end of input.
      if (pos_ < n && data_[pos_] == '\r') ++pos_;
      if (pos_ < n && data_[pos_] == '\n') ++pos_;
      ++line_;
      break;
    }
    if (!any_content) continue;  // blank line
    *line = start_line;
    *lines_spanned = line_ - start_line;
    return true;
  }
}

char SniffDelimiter(std::string_view data) {
  const char candidates[] = {',', ';', '\t'};
  size_t counts[3] = {0, 0, 0};
  bool in_quote = false;
  size_t i = (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") ? 3 : 0;
  for (; i < data.size() && i < (1u << 20); ++i) {
    const char c = data[i];
    if (c == '"') in_quote = !in_quote;
    if (in_quote) continue;
    if (c == '\n') break;
    for (int k = 0; k < 3; ++k)
      if (c == candidates[k]) ++counts[k];
  }
  int best = 0;
  for (int k = 1; k < 3; ++k)
    if (counts[k] > counts[best]) best = k;
  return counts[best] == 0 ? ',' : candidates[best];
}

}  // namespace stenogram
