// align: side-by-side alignment of a document and its translation (see align.h).
#include "core/text/align.h"

#include <algorithm>

namespace stenogram {

std::vector<std::pair<size_t, size_t>> ParagraphSpans(const std::string& text) {
  std::vector<std::pair<size_t, size_t>> out;
  auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t para_start = std::string::npos, para_end = 0;  // the current paragraph's first and last+1 non-blank byte
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string::npos) nl = text.size();
    size_t a = i, b = nl;
    while (a < b && is_blank(text[a])) ++a;
    while (b > a && is_blank(text[b - 1])) --b;
    if (a == b) {  // a blank line ends the paragraph
      if (para_start != std::string::npos) out.push_back({para_start, para_end});
      para_start = std::string::npos;
    } else {
      if (para_start == std::string::npos) para_start = a;
      para_end = b;
    }
    i = nl + 1;
  }
  if (para_start != std::string::npos) out.push_back({para_start, para_end});
  return out;
}

std::vector<std::string> SplitParagraphs(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& [a, b] : ParagraphSpans(text)) out.push_back(text.substr(a, b - a));
  return out;
}

namespace {

// Rows for many ≥ few parts: each of many's parts goes to the few-part whose span holds its middle.
std::vector<AlignedRow> AlignFewMany(const std::vector<size_t>& few, const std::vector<size_t>& many, bool few_left) {
  auto cumulative = [](const std::vector<size_t>& v) {
    std::vector<double> c(v.size() + 1, 0.0);
    double total = 0;
    for (size_t x : v) total += static_cast<double>(std::max<size_t>(x, 1));
    for (size_t k = 0; k < v.size(); ++k) c[k + 1] = c[k] + static_cast<double>(std::max<size_t>(v[k], 1)) / total;
    return c;
  };
  const std::vector<double> cf = cumulative(few), cm = cumulative(many);
  std::vector<AlignedRow> rows(few.size());
  size_t j = 0;
  for (size_t i = 0; i < few.size(); ++i) {
    const size_t begin = j;
    const bool last = i + 1 == few.size();
    while (j < many.size() && (last || (cm[j] + cm[j + 1]) / 2 < cf[i + 1])) ++j;
    AlignedRow& r = rows[i];
    if (few_left) r = {i, i + 1, begin, j};
    else r = {begin, j, i, i + 1};
  }
  return rows;
}

}  // namespace

std::vector<AlignedRow> AlignParts(const std::vector<size_t>& left, const std::vector<size_t>& right) {
  std::vector<AlignedRow> rows;
  if (left.empty() || right.empty()) {
    for (size_t i = 0; i < left.size(); ++i) rows.push_back({i, i + 1, 0, 0});
    for (size_t j = 0; j < right.size(); ++j) rows.push_back({0, 0, j, j + 1});
    return rows;
  }
  if (left.size() == right.size()) {
    for (size_t i = 0; i < left.size(); ++i) rows.push_back({i, i + 1, i, i + 1});
    return rows;
  }
  return left.size() < right.size() ? AlignFewMany(left, right, true) : AlignFewMany(right, left, false);
}

}  // namespace stenogram
