// boilerplate: site headers and footers (lines that open or close most documents of a file or a
// folder) cut from the text and kept in extra.boilerplate; structured footers read into fields.
#include "core/import/read_context.h"

#include <algorithm>

#include "core/text/utf8_fold.h"
#include "core/import/junk.h"

namespace stenogram::import_detail {

namespace {

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

}  // namespace

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

}  // namespace stenogram::import_detail
