// read_text: one document per text file, with metadata from the path pattern ("{date}_{title}.txt"),
// and the path helpers the driver shares (base name, stem, folder name).
#include "core/import/read_context.h"

#include <algorithm>
#include <unordered_set>

#include "core/text/dates.h"
#include "core/text/utf8_fold.h"
#include "core/text/language.h"

namespace stenogram::import_detail {

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

// 1204 → "1,204".
std::string GroupDigits(int64_t n) {
  std::string d = std::to_string(n), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0 && d[i - 1] != '-') out += ',';
    out += d[i];
  }
  return out;
}

// The name of the folder a file was given in: name "corpus/2014/a.txt" with relative path
// "2014/a.txt" → "corpus"; "" for a file given on its own.
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

namespace {

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

}  // namespace

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

}  // namespace stenogram::import_detail
