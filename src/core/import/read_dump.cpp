// read_dump: a plain-text page dump split into documents (titles, dates, navigation kept in meta).
#include "core/import/read_context.h"

#include <algorithm>
#include <cstring>

#include "core/text/dates.h"
#include "core/text/turns.h"
#include "core/text/utf8_fold.h"

namespace stenogram::import_detail {

namespace {

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

}  // namespace

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

namespace {

bool HasLabel(const std::string& p) {
  const auto turns = ParseTurns(p);
  return !turns.empty() && !turns.front().speaker.empty() && turns.front().offset == 0;
}

}  // namespace

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

}  // namespace stenogram::import_detail
