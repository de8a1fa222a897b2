// export: results and documents as CSV, JSON, text and Markdown; citations (see export.h).
#include "core/view/export.h"

#include <sqlite3.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "core/text/dates.h"
#include "core/text/json.h"

namespace stenogram {
namespace {

struct Row {
  int64_t id = 0;
  std::string date, title, kind, place, section, language, url;
};

// Rows for ids, in the order of ids (one prepared statement, reset per id).
std::vector<Row> ReadRows(const Archive& archive, const std::vector<int64_t>& ids) {
  std::vector<Row> rows;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(archive.Db(),
                         "SELECT coalesce(date,''), title, coalesce(kind,''), coalesce(place,''), "
                         "coalesce(section,''), coalesce(language,''), coalesce(url,'') FROM documents WHERE id = ?1",
                         -1, &s, nullptr) != SQLITE_OK)
    return rows;
  auto text = [&](int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s, i)))
             : std::string();
  };
  rows.reserve(ids.size());
  for (int64_t id : ids) {
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_ROW) continue;
    rows.push_back({id, text(0), text(1), text(2), text(3), text(4), text(5), text(6)});
  }
  sqlite3_finalize(s);
  return rows;
}

// A CSV cell. A value a spreadsheet would run as a formula (starting with = + - @, a tab or a
// carriage return) gets a leading apostrophe, so it is shown as text (formula injection).
std::string CsvField(const std::string& v) {
  std::string cell = v;
  if (!cell.empty() && std::strchr("=+-@\t\r", cell.front()) != nullptr) cell.insert(0, 1, '\'');
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Facts(const Document& d) {
  std::string facts = HumanDate(d.date, d.date_precision);
  for (const std::string* part : {&d.place, &d.kind})
    if (!part->empty()) facts += (facts.empty() ? "" : ", ") + *part;
  return facts;
}

}  // namespace

std::string HumanDate(const std::string& iso, const std::string& precision) {
  if (iso.size() < 4) return iso;
  const std::string year = iso.substr(0, 4);
  if (precision == "year" || iso.size() < 7) return year;
  const int month = std::atoi(iso.substr(5, 2).c_str());
  if (month < 1 || month > 12) return iso;
  if (precision == "month" || iso.size() < 10) return MonthWord(month) + " " + year;
  return std::to_string(std::atoi(iso.substr(8, 2).c_str())) + " " + MonthWord(month) + " " + year;
}

namespace {
// "Title. Place, 5 December 2014." (the citation without its URL).
std::string CitationHead(const Document& d) {
  std::string out = d.title;
  if (!out.empty() && out.back() != '.' && out.back() != '?' && out.back() != '!') out += '.';
  std::string where = d.place;
  const std::string when = HumanDate(d.date, d.date_precision);
  if (!when.empty()) where += (where.empty() ? "" : ", ") + when;
  if (!where.empty()) out += " " + where + ".";
  return out;
}
}  // namespace

std::string Citation(const Document& d) {
  std::string out = CitationHead(d);
  if (IsWebUrl(d.url)) out += " " + d.url;
  return CleanForCitation(out);
}

bool IsWebUrl(const std::string& url) {
  auto starts = [&](const char* scheme) {
    const size_t n = std::strlen(scheme);
    if (url.size() <= n) return false;
    for (size_t i = 0; i < n; ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
    return true;
  };
  if (!starts("http://") && !starts("https://")) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"')
      return false;  // no space, control or bracket that could end the link early
  return true;
}

std::string CleanForCitation(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {  // NUL and other controls: a line break or tab becomes a space
      if ((c == '\n' || c == '\t' || c == '\r') && !out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    // Bidirectional controls: U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069.
    if (c == 0xD8 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x9C) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
      const bool bidi = (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
                        (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
      if (bidi) {
        i += 2;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string MarkdownEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  bool line_start = true;
  for (char c : text) {
    if (c == '\0') continue;
    if (std::strchr("\\`*_[]<>&|~", c) != nullptr || (line_start && std::strchr("#>+-=", c) != nullptr)) out += '\\';
    out += c;
    line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
  }
  return out;
}

std::string QuoteWithCitation(const Document& d, int turn, const std::string& passage, const std::string& link) {
  std::string out = passage;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  out += "\n\n\u2014 ";
  std::string cite;
  if (turn >= 0 && static_cast<size_t>(turn) < d.turns.size() && !d.turns[static_cast<size_t>(turn)].speaker.empty())
    cite = d.turns[static_cast<size_t>(turn)].speaker + ", ";
  cite += CitationHead(d);
  // The viewer's own deep link, else the document's URL when it is a web address.
  const std::string where = !link.empty() ? link : IsWebUrl(d.url) ? d.url : std::string();
  if (!where.empty()) cite += " " + where;
  return out + CleanForCitation(cite);
}

std::string ResultsCsv(const Archive& archive, const std::vector<int64_t>& ids) {
  std::string out = "id,date,title,kind,place,section,language,url\r\n";
  for (const Row& r : ReadRows(archive, ids)) {
    out += std::to_string(r.id);
    for (const std::string* f : {&r.date, &r.title, &r.kind, &r.place, &r.section, &r.language, &r.url})
      out += "," + CsvField(*f);
    out += "\r\n";
  }
  return out;
}

std::string ResultsJson(const Archive& archive, const std::vector<int64_t>& ids) {
  JsonValue out = JsonValue::Array();
  for (const Row& r : ReadRows(archive, ids))
    out.Push(JsonValue{{"id", r.id},
                           {"date", r.date},
                           {"title", r.title},
                           {"kind", r.kind},
                           {"place", r.place},
                           {"section", r.section},
                           {"language", r.language},
                           {"url", r.url}});
  return out.Dump(1, '\t') + "\n";
}

std::string DocumentText(const Document& d) {
  std::string out = d.title + "\n";
  const std::string facts = Facts(d);
  if (!facts.empty()) out += facts + "\n";
  if (!d.url.empty()) out += d.url + "\n";
  out += "\n";
  if (d.turns.empty()) return out + d.text + "\n";
  for (const Turn& t : d.turns) out += (t.speaker.empty() ? "" : t.speaker + ": ") + t.text + "\n\n";
  return out;
}

std::string DocumentMarkdown(const Document& d) {
  std::string out = "# " + MarkdownEscape(d.title) + "\n\n";
  const std::string facts = Facts(d);
  if (!facts.empty()) out += "*" + MarkdownEscape(facts) + "*\n\n";
  if (IsWebUrl(d.url))
    out += "Source: <" + d.url + ">\n\n";
  else if (!d.url.empty())
    out += "Source: " + MarkdownEscape(d.url) + "\n\n";  // not a web link: plain text, never a link
  if (d.turns.empty()) return out + MarkdownEscape(d.text) + "\n";
  for (const Turn& t : d.turns)
    out += (t.speaker.empty() ? "" : "**" + MarkdownEscape(t.speaker) + ":** ") + MarkdownEscape(t.text) + "\n\n";
  return out;
}

std::string ExportFileName(const std::string& title, const std::string& extension) {
  std::string out;
  int words = 0;
  bool gap = false;
  for (char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (gap && !out.empty()) {
        if (++words >= 6) break;
        out += '-';
      }
      out += static_cast<char>(std::tolower(u));
      gap = false;
    } else {
      gap = true;
    }
  }
  return (out.empty() ? "document" : out) + "." + extension;
}

}  // namespace stenogram
