// query: running a Query against an archive (see query.h). Every answer is one SQL statement over
// the archive's FTS5 indexes and tables; nothing is cached here (the app caches by query version).
//
// [SECTION] expressions  - the lenient FTS5 expression and its lexer (shared with hit ranges)
// [SECTION] matching     - the FROM/WHERE of "documents matching q" used by every answer
// [SECTION] answers      - RunQuery, ResultRows, FacetCounts, MonthHistogram
// [SECTION] hits         - HitRanges, AssembleSnippet
// [SECTION] errors       - FriendlyQueryError
#include "core/view/query.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "core/archive/archive_guard.h"
#include "core/archive/statement.h"
#include "core/text/dates.h"
#include "core/text/enum_names.h"
#include "core/text/language.h"
#include "core/text/stable_order.h"
#include "core/view/textlayout.h"
#include "core/archive/tokenizer.h"

namespace stenogram {
namespace {

// ---- [SECTION] expressions ----

bool IsSyntaxChar(char c) {
  switch (c) {
    case '"': case '(': case ')': case '*': case ':': case '^': case '+': case ',': case '{': case '}':
      return true;
    default:
      return false;
  }
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
// Characters FTS5 accepts in a bareword: ASCII letters and digits, '_', 0x1A and every non-ASCII byte.
bool IsBarewordChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) || c == '_' || c == 0x1A;
}
bool IsOperator(const std::string& w) { return w == "AND" || w == "OR" || w == "NOT" || w == "NEAR"; }

enum class Lex { Phrase, And, Or, Not, Near, Punct };
struct LexToken {
  Lex kind = Lex::Phrase;
  std::string text;  // the phrase's text (unquoted) or the punctuation character
};

// Splits an FTS5 expression into phrases, operators and punctuation. An unterminated string runs
// to the end of the input.
std::vector<LexToken> LexExpression(const std::string& e) {
  std::vector<LexToken> out;
  size_t i = 0;
  while (i < e.size()) {
    const char c = e[i];
    if (IsSpace(c)) {
      ++i;
    } else if (c == '"') {
      std::string text;
      ++i;
      while (i < e.size()) {
        if (e[i] == '"') {
          if (i + 1 < e.size() && e[i + 1] == '"') {
            text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        text += e[i++];
      }
      out.push_back({Lex::Phrase, text});
    } else if (IsSyntaxChar(c)) {
      out.push_back({Lex::Punct, std::string(1, c)});
      ++i;
    } else {
      const size_t start = i;
      while (i < e.size() && !IsSpace(e[i]) && !IsSyntaxChar(e[i])) ++i;
      std::string w = e.substr(start, i - start);
      Lex kind = w == "AND" ? Lex::And : w == "OR" ? Lex::Or : w == "NOT" ? Lex::Not : w == "NEAR" ? Lex::Near : Lex::Phrase;
      out.push_back({kind, std::move(w)});
    }
  }
  return out;
}

// ---- [SECTION] matching ----

// FROM and WHERE of the documents matching a query; d is documents, score the relevance (lower is better).
struct MatchPlan {
  std::string from;
  std::string where;
  std::string score = "0";
  std::string id = "d.id";  // the matching document's id in from (d.id, or the index's rowid without docs)
  std::vector<SqlParam> binds;  // in the order of the ?s in from, then where
  bool text = false;
  bool docs = true;         // from joins docs as d (filters, facet columns, or no id order to sort by)
};

// "YYYY-MM" of a day number.
std::string MonthOfDay(int64_t day) {
  int y = 0, m = 0, d = 0;
  CivilFromDays(day, &y, &m, &d);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

// How many of ids fall in each day run (parallel to archive.DayRuns()); year-precise runs only
// when with_years (a month count leaves them out, as length(date) >= 7 does).
std::vector<int64_t> CountPerRun(const Archive& archive, const std::vector<int64_t>& ids, bool with_years) {
  const auto& runs = archive.DayRuns();
  std::vector<int64_t> per_run(runs.size(), 0);
  for (int64_t id : ids)
    if (const DayRun* r = archive.RunOf(id); r && (with_years || r->precision != 'y')) ++per_run[static_cast<size_t>(r - runs.data())];
  return per_run;
}

// Whether ids alone give date order for this archive (format 2: ids 1..dated by date, undated
// after; its day runs checked at open), so a plan needs docs only for filters.
bool IdOrdered(const Archive* a) { return a && a->IdsInDateOrder() && !a->DayRuns().empty(); }

// The ids [lo, hi] of the documents dated within [from, to] (lo > hi when none), from the day runs.
std::pair<int64_t, int64_t> IdRangeOfDays(const Archive& a, std::optional<int64_t> from, std::optional<int64_t> to) {
  const auto& runs = a.DayRuns();
  auto first = runs.begin();
  if (from) first = std::lower_bound(runs.begin(), runs.end(), *from, [](const DayRun& r, int64_t d) { return r.day < d; });
  auto last = runs.end();
  if (to) last = std::upper_bound(runs.begin(), runs.end(), *to, [](int64_t d, const DayRun& r) { return d < r.day; });
  if (first >= last) return {1, 0};
  return {first->first_id, (last - 1)->first_id + (last - 1)->n - 1};
}

bool SingleValued(const std::string& facet) {
  return facet == "section" || facet == "kind" || facet == "year" || facet == "month" || facet == "language";
}

// A condition on d that is true when the document has value for facet; adds its binds.
std::string FilterCondition(const Filter& f, std::vector<SqlParam>* binds) {
  auto text = [&](const std::string& v) { binds->push_back({false, 0, v}); };
  const std::string& k = f.facet;
  if (k == "section" || k == "kind" || k == "language") {
    text(f.value);
    return "coalesce(d." + k + ",'') = ?";
  }
  if (k == "year" || k == "month") {
    text(f.value);
    return std::string("substr(coalesce(d.date,''),1,") + (k == "year" ? "4" : "7") + ") = ?";
  }
  if (k == "speaker") {
    text(f.value);
    return "d.id IN (SELECT doc_id FROM turn_spans WHERE speaker_id IN (SELECT id FROM speakers WHERE key = ?))";
  }
  if (k == "tag" || k == "person" || k == "country" || k == "organisation") {
    text(f.value);
    return "d.id IN (SELECT de.doc_id FROM entities e JOIN doc_entities de ON de.entity_id = e.id "
           "WHERE e.kind = '" + k + "' AND e.name = ?)";
  }
  if (k == "place") {
    text(f.value);
    text(f.value);
    return "(coalesce(d.place,'') = ? OR d.id IN (SELECT de.doc_id FROM entities e JOIN doc_entities de ON "
           "de.entity_id = e.id WHERE e.kind = 'place' AND e.name = ?))";
  }
  if (k == "counterpart") {
    text(f.value);
    return "d.id IN (SELECT de.doc_id FROM entities e JOIN doc_entities de ON de.entity_id = e.id "
           "WHERE de.role = 'counterpart' AND e.name = ?)";
  }
  return "1";  // an unknown facet filters nothing
}

// Builds the plan for q, leaving out the filters on skip_facet (for facet counts). With an archive
// whose ids are in date order (IdOrdered) and no filter left, the plan reads neither docs nor any
// row: the index (or the speaker's turns) alone, a date range as a range of ids. force_docs joins
// docs anyway (facet counts of docs columns).
MatchPlan PlanMatch(const Query& q, const Archive* archive, const std::string& skip_facet = {}, bool force_docs = false) {
  MatchPlan p;
  const std::string expr = MatchExpression(q.text);
  const bool id_ordered = IdOrdered(archive);
  // bm25 with the lengths from stats_doclen when the archive has them (core/archive/rank.h): the
  // same scores without reading the index's size row of every match.
  const std::string bm25 = std::string(archive && !expr.empty() && archive->RankFromDocLengths() ? "stn_bm25" : "bm25") +
                           "(documents_fts, 1.0, 10.0, 4.0)";
  bool filtered = false;
  for (const Filter& f : q.filters) filtered = filtered || f.facet != skip_facet;
  p.docs = force_docs || filtered || !id_ordered;
  std::vector<std::string> conditions;
  const std::string speaker_docs = "SELECT doc_id FROM turn_spans WHERE speaker_id IN (SELECT id FROM speakers WHERE key = ?)";
  if (!expr.empty() && !q.speaker.empty()) {
    // One index serves both: the document matches in column text, and one of its hits lies in a
    // turn of the speaker (turns.tok..tok_end are the turns' positions in that column). bm25 cannot
    // sit in a WHERE next to the correlated turns: materialized first.
    p.text = true;
    p.from =
        "(WITH hits AS MATERIALIZED (SELECT documents_fts.rowid AS doc_id, " + bm25 + " AS score, "
        "stn_in_ranges(documents_fts, 0, (SELECT group_concat(t.tok || ' ' || t.tok_end, ' ') FROM turn_spans t WHERE "
        "t.doc_id = documents_fts.rowid AND t.speaker_id IN (SELECT id FROM speakers WHERE key = ?))) AS inside "
        "FROM documents_fts WHERE documents_fts MATCH ?) SELECT doc_id, score FROM hits WHERE inside) s";
    if (p.docs) p.from += " JOIN docs d ON d.id = s.doc_id";
    p.id = p.docs ? "d.id" : "s.doc_id";
    p.binds.push_back({false, 0, q.speaker});
    p.binds.push_back({false, 0, "text : (" + expr + ")"});
    p.score = "s.score";
  } else if (!expr.empty()) {
    p.text = true;
    p.from = p.docs ? "documents_fts JOIN docs d ON d.id = documents_fts.rowid" : "documents_fts";
    p.id = p.docs ? "d.id" : "documents_fts.rowid";
    conditions.push_back("documents_fts MATCH ?");
    p.binds.push_back({false, 0, expr});
    p.score = bm25;
  } else if (!q.speaker.empty() && !p.docs) {
    p.from = "(" + speaker_docs + " GROUP BY doc_id) s";
    p.id = "s.doc_id";
    p.binds.push_back({false, 0, q.speaker});
  } else {
    p.from = "docs d";
    if (!q.speaker.empty()) {
      conditions.push_back("d.id IN (" + speaker_docs + ")");
      p.binds.push_back({false, 0, q.speaker});
    }
  }
  // Values of one single-valued facet are alternatives (kind = speech OR interview); values of
  // multi-valued facets (tags, people, ...) must all hold; excludes always hold.
  std::vector<std::string> seen;
  for (const Filter& f : q.filters) {
    if (f.facet == skip_facet || f.exclude) continue;
    if (SingleValued(f.facet)) {
      if (std::find(seen.begin(), seen.end(), f.facet) != seen.end()) continue;
      seen.push_back(f.facet);
      std::string any;
      for (const Filter& g : q.filters) {
        if (g.facet != f.facet || g.exclude) continue;
        any += (any.empty() ? "" : " OR ") + FilterCondition(g, &p.binds);
      }
      conditions.push_back("(" + any + ")");
    } else {
      conditions.push_back(FilterCondition(f, &p.binds));
    }
  }
  for (const Filter& f : q.filters) {
    if (f.facet == skip_facet || !f.exclude) continue;
    conditions.push_back("NOT " + FilterCondition(f, &p.binds));
  }
  if ((q.day_from || q.day_to) && id_ordered) {
    // Dated documents only, as d.day >= ? does (NULL compares false).
    const auto [lo, hi] = IdRangeOfDays(*archive, q.day_from, q.day_to);
    conditions.push_back(p.id + " BETWEEN ? AND ?");
    p.binds.push_back({true, lo, {}});
    p.binds.push_back({true, hi, {}});
  } else {
    if (q.day_from) {
      conditions.push_back("d.day >= ?");
      p.binds.push_back({true, *q.day_from, {}});
    }
    if (q.day_to) {
      conditions.push_back("d.day <= ?");
      p.binds.push_back({true, *q.day_to, {}});
    }
  }
  for (const auto& c : conditions) p.where += (p.where.empty() ? "" : " AND ") + c;
  if (p.where.empty()) p.where = "1";
  return p;
}

// ORDER BY for a plan. With ids in date order the id is the date (day, date, import order; undated
// after id dated): no row is read to sort. Among equal scores, newer first.
std::string OrderBy(const Query& q, const MatchPlan& p, const Archive* archive) {
  if (IdOrdered(archive)) {
    const std::string undated = "(" + p.id + " > " + std::to_string(archive->DatedCount()) + ")";
    if (q.sort == SortOrder::DateDescending) return undated + ", " + p.id + " DESC";
    if (q.sort == SortOrder::Relevance && p.text) return "score, " + undated + ", " + p.id + " DESC";
    return p.id;
  }
  if (q.sort == SortOrder::DateDescending) return "d.day IS NULL, d.day DESC, d.date DESC, d.id DESC";
  if (q.sort == SortOrder::Relevance && p.text) return "score, d.day IS NULL, d.day DESC, d.id";
  return "d.day IS NULL, d.day, d.date, d.id";
}

}  // namespace

// ---- [SECTION] names ----

namespace {

constexpr EnumName<SortOrder> kSortOrderNames[] = {{SortOrder::Relevance, "relevance"},
                                                   {SortOrder::DateAscending, "date-asc"},
                                                   {SortOrder::DateDescending, "date-desc"}};

}  // namespace

const char* SortOrderName(SortOrder s) { return NameOf(kSortOrderNames, s, "relevance"); }

bool ParseSortOrder(const std::string& name, SortOrder* out) { return ParseName(kSortOrderNames, name, out); }

// ---- [SECTION] expressions (public) ----

std::string MatchExpression(const std::string& text) {
  std::string out;
  size_t i = 0;
  auto space = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  while (i < text.size()) {
    const char c = text[i];
    if (IsSpace(c)) {
      space();
      ++i;
    } else if (c == '"') {
      // Copied as written; an unterminated string is left for FTS5 to report.
      const size_t start = i++;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      out.append(text, start, i - start);
    } else if (IsSyntaxChar(c)) {
      out += c;
      ++i;
    } else {
      const size_t start = i;
      bool bare = true;
      while (i < text.size() && !IsSpace(text[i]) && !IsSyntaxChar(text[i])) bare = IsBarewordChar(text[i++]) && bare;
      const std::string w = text.substr(start, i - start);
      out += bare || IsOperator(w) ? w : "\"" + w + "\"";
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// ---- [SECTION] answers ----

QueryResult RunQuery(const Archive& archive, const Query& q) {
  QueryResult r;
  if (q.Empty() && IdOrdered(&archive)) {
    // The whole archive in date order is the ids themselves: nothing to read.
    const int64_t n = archive.Info().doc_count, dated = archive.DatedCount();
    r.ids.reserve(static_cast<size_t>(n));
    if (q.sort == SortOrder::DateDescending) {
      for (int64_t id = dated; id >= 1; --id) r.ids.push_back(id);
      for (int64_t id = n; id > dated; --id) r.ids.push_back(id);
    } else {
      for (int64_t id = 1; id <= n; ++id) r.ids.push_back(id);
    }
    r.total = n;
    return r;
  }
  const MatchPlan p = PlanMatch(q, &archive);
  // Ranked by relevance with ids in date order: the matches are sorted here, by the same keys as
  // OrderBy's (score, undated last, newer first), instead of by SQLite's sorter, which writes every
  // match as a record and compares records (after the facet counts, the largest share of the
  // worker's profile in a 100k local-file search).
  const bool sort_here = p.text && q.sort == SortOrder::Relevance && IdOrdered(&archive);
  Stmt s(archive.Db(), "SELECT " + p.id + ", " + p.score + " AS score FROM " + p.from + " WHERE " + p.where +
                           (sort_here ? std::string() : " ORDER BY " + OrderBy(q, p, &archive)));
  s.BindAll(p.binds);
  while (s.Step()) {
    r.ids.push_back(s.Int(0));
    if (p.text) r.scores.push_back(s.Double(1));
  }
  if (!s.Error().empty()) {
    r.ids.clear();
    r.scores.clear();
    r.error = s.Damage().empty() ? FriendlyQueryError(s.Error(), q.text) : s.Damage();
  }
  if (sort_here && !r.ids.empty()) {
    const int64_t dated = archive.DatedCount();
    std::vector<uint32_t> order(r.ids.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      if (r.scores[a] != r.scores[b]) return r.scores[a] < r.scores[b];
      const bool ua = r.ids[a] > dated, ub = r.ids[b] > dated;
      if (ua != ub) return ub;
      return r.ids[a] > r.ids[b];
    });
    std::vector<int64_t> ids(order.size());
    std::vector<double> scores(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
      ids[i] = r.ids[order[i]];
      scores[i] = r.scores[order[i]];
    }
    r.ids = std::move(ids);
    r.scores = std::move(scores);
  }
  r.total = static_cast<int64_t>(r.ids.size());
  return r;
}

constexpr size_t kWarmUpTextBytes = 64 * 1024;

std::string WarmUpWord(const Archive& archive) {
  int64_t last = 0;
  {
    Stmt s(archive.Db(), "SELECT max(id) FROM docs");
    if (s.Step()) last = s.Int(0);
  }
  if (last <= 0) return "";
  std::map<std::string, int> counts;
  for (const int64_t id : {last / 4, last / 2, last * 3 / 4}) {
    const std::optional<Document> d = archive.ReadDocument(std::max<int64_t>(1, id));
    if (!d) continue;
    std::string text = d->text;  // the turns are spans of it; a document may have turns only
    if (text.empty())
      for (const Turn& t : d->turns) (text += ' ') += t.text;
    if (text.size() > kWarmUpTextBytes) text.resize(kWarmUpTextBytes);  // enough words; a huge text costs no more
    // Words: runs of ASCII letters and of other scripts' letters (code points from U+00C0, but not
    // the punctuation and symbols of U+2000-U+2BFF and U+3000-U+303F: dashes, quotes, arrows); five
    // letters at least, ASCII lower-cased.
    std::string word;
    size_t letters = 0;
    auto flush = [&]() {
      if (letters >= 5 && word.size() <= 64) ++counts[word];
      word.clear();
      letters = 0;
    };
    for (size_t i = 0; i < text.size();) {
      const auto u = static_cast<unsigned char>(text[i]);
      if (u < 0x80) {
        if (std::isalpha(u)) {
          word += static_cast<char>(std::tolower(u));
          ++letters;
        } else {
          flush();
        }
        ++i;
        continue;
      }
      const size_t n = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
      uint32_t cp = n == 1 ? 0 : u & (0x7F >> n);
      for (size_t k = 1; k < n && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      const bool letter = cp >= 0xC0 && !(cp >= 0x2000 && cp < 0x2C00) && !(cp >= 0x3000 && cp < 0x3040) && i + n <= text.size();
      if (letter) {
        word.append(text, i, n);
        ++letters;
      } else {
        flush();
      }
      i += n;
    }
    flush();
  }
  std::string best;
  int most = 0;
  for (const auto& [word, n] : counts)
    if (n > most) best = word, most = n;
  return best;
}

std::vector<ResultRow> ResultRows(const Archive& archive, const Query& q, const std::vector<int64_t>& ids,
                                  size_t offset, size_t limit, const std::vector<double>* scores) {
  std::vector<ResultRow> rows;
  if (offset >= ids.size()) return rows;
  const size_t end = std::min(ids.size(), offset + std::min(limit, ids.size() - offset));
  sqlite3* db = archive.Db();
  Stmt meta(db,
            "SELECT substr(coalesce(title,''),1,501), substr(coalesce(date,''),1,40), coalesce(date_precision,''), "
            "substr(coalesce(kind,''),1,201), substr(coalesce(place,''),1,201) FROM docs WHERE id = ?1");
  const std::string expr = MatchExpression(q.text);
  // Snippets: \x01 and \x02 mark the hits (AssembleSnippet turns them into HitRanges).
  const bool by_speaker = !q.speaker.empty();
  // No bm25() here: it recomputes the terms' document frequencies (a scan of their whole doclists)
  // on every execution, i.e. for every row. A speaker-limited row's snippet comes from the first of
  // the speaker's turns (spans of column text) that holds a hit.
  // Prepared only for a text query: preparing it opens the index (its structure record: reads a lazy
  // reader would make for nothing when the list has no snippets).
  Stmt snip(db, expr.empty() ? std::string() : by_speaker
                    ? "SELECT stn_snippet(documents_fts, 0, char(1), char(2), '…', 24, (SELECT group_concat(tok || ' ' || "
                      "tok_end || ' ' || start || ' ' || (start + len), ' ') FROM (SELECT tok, tok_end, start, len FROM turn_spans "
                      "WHERE doc_id = ?2 AND text IS NULL AND speaker_id IN (SELECT id FROM speakers WHERE key = ?3) "
                      "ORDER BY ord))) FROM documents_fts WHERE documents_fts MATCH ?1 AND rowid = ?2"
                    : "SELECT stn_snippet(documents_fts, 0, char(1), char(2), '…', 24), "
                      "stn_snippet(documents_fts, 2, char(1), char(2), '…', 24) "
                      "FROM documents_fts WHERE documents_fts MATCH ?1 AND rowid = ?2");
  for (size_t n = offset; n < end; ++n) {
    ResultRow row;
    row.id = ids[n];
    meta.Reset();
    meta.BindInt(1, row.id);
    if (meta.Step()) {
      row.title = DisplayCut(meta.Text(0), kDisplayTitleChars);  // cut for display (textlayout.h)
      row.date = meta.Text(1);
      row.date_precision = meta.Text(2);
      row.kind = DisplayCut(meta.Text(3), kDisplayLabelChars);
      row.place = DisplayCut(meta.Text(4), kDisplayLabelChars);
    }
    if (!expr.empty()) {
      snip.Reset();
      snip.BindText(1, by_speaker ? "text : (" + expr + ")" : expr);
      snip.BindInt(2, row.id);
      if (by_speaker) snip.BindText(3, q.speaker);
      if (scores && n < scores->size()) row.rank = (*scores)[n];
      if (snip.Step()) {
        std::string marked = snip.Text(0);
        if (!by_speaker && marked.find('\x01') == std::string::npos) {
          std::string summary = snip.Text(1);
          if (summary.find('\x01') != std::string::npos) marked = std::move(summary);
        }
        AssembleSnippet(marked, &row.snippet, &row.snippet_hits);
        BoundSnippet(&row.snippet, &row.snippet_hits);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

// Facet counts by scanning: the plan for q without the facet's own filters (unless own_filters),
// joined to what the facet counts. archive may be null (the writer computing stats_facets).
std::vector<FacetValue> ScanFacets(sqlite3* db, const Archive* archive, const Query& q, const std::string& facet,
                                   size_t limit, bool own_filters) {
  std::vector<FacetValue> out;
  const bool docs_column = facet == "section" || facet == "kind" || facet == "language" || facet == "year" || facet == "month";
  const MatchPlan p = PlanMatch(q, archive, own_filters ? std::string() : facet, docs_column);
  std::string sql;
  const std::string& from = p.from;
  const std::string& where = p.where;
  if (facet == "section" || facet == "kind" || facet == "language") {
    sql = "SELECT d." + facet + ", d." + facet + ", count(*) AS n FROM " + from + " WHERE " + where + " AND d." +
          facet + " <> '' GROUP BY 1";
  } else if (facet == "year" || facet == "month") {
    const std::string len = facet == "year" ? "4" : "7";
    sql = "SELECT substr(d.date,1," + len + "), substr(d.date,1," + len + "), count(*) AS n FROM " + from +
          " WHERE " + where + " AND length(d.date) >= " + len + " GROUP BY 1";
  } else if (facet == "speaker") {
    sql = "SELECT fs.key, max(fs.name), count(DISTINCT " + p.id + ") AS n FROM " + from +
          " JOIN turn_spans ft ON ft.doc_id = " + p.id + " JOIN speakers fs ON fs.id = ft.speaker_id WHERE " + where +
          " AND fs.key <> '' GROUP BY 1";
  } else if (facet == "tag" || facet == "person" || facet == "country" || facet == "organisation" ||
             facet == "place" || facet == "counterpart") {
    const std::string cond = facet == "counterpart" ? "fde.role = 'counterpart'" : "fe.kind = '" + facet + "'";
    sql = "SELECT fe.name, fe.name, count(DISTINCT " + p.id + ") AS n FROM " + from +
          " JOIN doc_entities fde ON fde.doc_id = " + p.id + " JOIN entities fe ON fe.id = fde.entity_id WHERE " + where +
          " AND " + cond + " GROUP BY fe.name";
  } else {
    return out;
  }
  sql += " ORDER BY n DESC, 2 LIMIT ?";
  Stmt s(db, sql);
  s.BindAll(p.binds);
  s.BindInt(static_cast<int>(p.binds.size()) + 1, static_cast<int64_t>(std::min<size_t>(limit, size_t{1} << 30)));
  while (s.Step()) {
    FacetValue v{s.Text(0), DisplayCut(s.Text(1), kDisplayLabelChars), s.Int(2)};
    if (facet == "language") v.label = LanguageName(v.value);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

Query FacetBase(const Query& q, const std::string& facet, bool own_filters) {
  Query r = q;
  if (own_filters) return r;
  r.filters.erase(std::remove_if(r.filters.begin(), r.filters.end(), [&](const Filter& f) { return f.facet == facet; }),
                  r.filters.end());
  return r;
}

std::vector<FacetValue> DateFacetOfIds(const Archive& archive, const std::vector<int64_t>& ids, const std::string& facet,
                                       size_t limit) {
  std::vector<FacetValue> out;
  const bool year = facet == "year";
  if (!year && facet != "month") return out;
  const auto& runs = archive.DayRuns();
  const std::vector<int64_t> per_run = CountPerRun(archive, ids, year);
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!per_run[i]) continue;
    std::string label = MonthOfDay(runs[i].day);
    if (year) label.resize(label.size() - 3);
    if (!out.empty() && out.back().value == label) out.back().count += per_run[i];
    else out.push_back({label, label, per_run[i]});
  }
  StableSortBy(&out, [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<FacetValue> FacetOfIds(const Archive& archive, const std::vector<int64_t>& ids, const std::string& facet,
                                   size_t limit) {
  std::vector<FacetValue> out;
  const DocFacet* f = archive.PackedFacet(facet);
  if (!f) return out;
  // Per value (a value may come with several labels: a speaker's spellings): documents, and the
  // largest label among the pairs met, as the scan's count(DISTINCT id) and max(name).
  // The loop only counts and marks the pairs met; the labels are compared once per pair after it.
  std::vector<int64_t> count(f->values.size(), 0), last(f->values.size(), 0);
  std::vector<unsigned char> met(f->pairs.size(), 0);
  const int64_t n = static_cast<int64_t>(f->offsets.size()) - 1;
  const uint32_t* offsets = f->offsets.data();
  const uint32_t* codes = f->codes.data();
  const uint32_t* value_of = f->value_of.data();
  for (int64_t id : ids) {
    if (id < 1 || id > n) continue;
    for (uint32_t k = offsets[id - 1], end = offsets[id]; k < end; ++k) {
      const uint32_t code = codes[k];
      const uint32_t v = value_of[code];
      met[code] = 1;
      if (last[v] != id) {
        last[v] = id;
        ++count[v];
      }
    }
  }
  std::vector<const std::string*> label(f->values.size(), nullptr);
  for (size_t code = 0; code < met.size(); ++code) {
    if (!met[code]) continue;
    const std::string& l = f->pairs[code].second;
    const uint32_t v = value_of[code];
    if (!label[v] || l > *label[v]) label[v] = &l;
  }
  struct Row {
    std::string_view value;
    const std::string* label;
    int64_t n;
  };
  std::vector<Row> rows;
  for (size_t v = 0; v < f->values.size(); ++v)
    if (count[v]) rows.push_back({f->values[v], label[v], count[v]});
  StableSortBy(&rows, [](const Row& a, const Row& b) {
    return a.n != b.n ? a.n > b.n : *a.label != *b.label ? *a.label < *b.label : a.value < b.value;
  });
  if (rows.size() > limit) rows.resize(limit);
  for (const Row& r : rows) {
    FacetValue v{std::string(r.value), DisplayCut(*r.label, kDisplayLabelChars), r.n};
    if (facet == "language") v.label = LanguageName(v.value);
    out.push_back(std::move(v));
  }
  return out;
}

const std::vector<std::string>& KnownFacets() {
  static const std::vector<std::string> kFacets = {"section", "kind",    "language", "year",         "month", "speaker",
                                                   "tag",     "person",  "country",  "organisation", "place", "counterpart"};
  return kFacets;
}

std::vector<FacetValue> ScanFacetCounts(sqlite3* db, const Query& q, const std::string& facet, size_t limit,
                                        bool own_filters) {
  return ScanFacets(db, nullptr, q, facet, limit, own_filters);
}

std::vector<FacetValue> FacetCounts(const Archive& archive, const Query& q, const std::string& facet, size_t limit,
                                    bool own_filters) {
  if (archive.HasFacetStats() && FacetBase(q, facet, own_filters).Empty()) {
    // The whole archive's counts, computed by the builder with this same scan.
    std::vector<FacetValue> out;
    Stmt s(archive.Db(), "SELECT value, label, n FROM stats_facets WHERE facet = ?1 ORDER BY ord LIMIT ?2");
    s.BindText(1, facet);
    s.BindInt(2, static_cast<int64_t>(std::min<size_t>(limit, size_t{1} << 30)));
    while (s.Step()) out.push_back({s.Text(0), DisplayCut(s.Text(1), kDisplayLabelChars), s.Int(2)});
    if (s.Error().empty()) return out;
  }
  if (archive.PackedFacet(facet) && IdOrdered(&archive))  // a result's counts from its ids (docfacets.h)
    return FacetOfIds(archive, RunQuery(archive, FacetBase(q, facet, own_filters)).ids, facet, limit);
  return ScanFacets(archive.Db(), &archive, q, facet, limit, own_filters);
}

std::vector<MonthCount> MonthHistogram(const Archive& archive, const Query& q) {
  std::vector<MonthCount> out;
  if (q.Empty()) {
    Stmt s(archive.Db(), "SELECT month, doc_count FROM stats_months ORDER BY month");
    while (s.Step()) out.push_back({s.Text(0), s.Int(1)});
    return out;
  }
  if (IdOrdered(&archive)) return MonthHistogramOfIds(archive, RunQuery(archive, q).ids);
  const MatchPlan p = PlanMatch(q, &archive, {}, true);
  Stmt s(archive.Db(), "SELECT substr(d.date,1,7) AS m, count(*) FROM " + p.from + " WHERE " + p.where +
                           " AND length(d.date) >= 7 GROUP BY m ORDER BY m");
  s.BindAll(p.binds);
  while (s.Step()) out.push_back({s.Text(0), s.Int(1)});
  return out;
}

std::vector<MonthCount> MonthHistogramOfIds(const Archive& archive, const std::vector<int64_t>& ids) {
  // Counted per run, then per month: the runs are in day order, so months come out ascending.
  const auto& runs = archive.DayRuns();
  const std::vector<int64_t> per_run = CountPerRun(archive, ids, false);
  std::vector<MonthCount> out;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!per_run[i]) continue;
    const std::string month = MonthOfDay(runs[i].day);
    if (!out.empty() && out.back().month == month) out.back().count += per_run[i];
    else out.push_back({month, per_run[i]});
  }
  return out;
}

// ---- [SECTION] hits ----

namespace {

struct PhraseSpec {
  std::vector<Token> tokens;  // the phrase's query tokens, in order
  bool prefix = false;        // the last token is a prefix
};

// The phrases of an expression that count as hits: NOT operands, column names and NEAR distances
// are left out; "a + b" is one phrase.
std::vector<PhraseSpec> PositivePhrases(const std::string& fts_query) {
  const std::vector<LexToken> lex = LexExpression(MatchExpression(fts_query));
  std::vector<PhraseSpec> out;
  auto punct = [&](size_t i, char c) { return i < lex.size() && lex[i].kind == Lex::Punct && lex[i].text[0] == c; };
  bool negate = false;
  for (size_t i = 0; i < lex.size(); ++i) {
    const LexToken& t = lex[i];
    if (t.kind == Lex::Not) {
      negate = true;
    } else if (t.kind == Lex::Punct && t.text == "{") {
      while (i < lex.size() && !punct(i, '}')) ++i;
      if (punct(i + 1, ':')) ++i;
    } else if (t.kind == Lex::Punct && t.text == ",") {
      if (i + 1 < lex.size() && lex[i + 1].kind == Lex::Phrase) ++i;  // NEAR(a b, 10)
    } else if (t.kind == Lex::Punct && t.text == "(" && negate) {
      int depth = 0;
      for (; i < lex.size(); ++i) {
        if (punct(i, '(')) ++depth;
        if (punct(i, ')') && --depth == 0) break;
      }
      negate = false;
    } else if (t.kind == Lex::Phrase) {
      if (punct(i + 1, ':')) {  // a column name
        ++i;
        continue;
      }
      PhraseSpec spec;
      for (;;) {
        for (Token& tok : Tokenize(lex[i].text)) spec.tokens.push_back(std::move(tok));
        spec.prefix = punct(i + 1, '*');
        if (spec.prefix) ++i;
        if (punct(i + 1, '+') && i + 2 < lex.size() && lex[i + 2].kind == Lex::Phrase) {
          i += 2;
          continue;
        }
        break;
      }
      if (!negate && !spec.tokens.empty()) out.push_back(std::move(spec));
      negate = false;
    }
  }
  return out;
}

}  // namespace

std::vector<HitRange> HitRanges(const std::string& text, const std::string& fts_query) {
  std::vector<HitRange> hits;
  const std::vector<PhraseSpec> phrases = PositivePhrases(fts_query);
  if (phrases.empty() || text.empty()) return hits;
  const std::vector<Token> tokens = Tokenize(text);
  for (const PhraseSpec& p : phrases) {
    const size_t n = p.tokens.size();
    for (size_t i = 0; i + n <= tokens.size(); ++i) {
      bool match = true;
      for (size_t k = 0; k < n && match; ++k) match = Matches(p.tokens[k], tokens[i + k], p.prefix && k + 1 == n);
      if (match) hits.push_back({tokens[i].start, tokens[i + n - 1].end});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const HitRange& a, const HitRange& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::vector<HitRange> merged;
  for (const HitRange& h : hits) {
    if (!merged.empty() && h.start < merged.back().end)
      merged.back().end = std::max(merged.back().end, h.end);
    else
      merged.push_back(h);
  }
  return merged;
}

void AssembleSnippet(const std::string& marked, std::string* plain, std::vector<HitRange>* hits) {
  plain->clear();
  hits->clear();
  int open = -1;
  for (size_t i = 0; i < marked.size(); ++i) {
    const char c = marked[i];
    if (c == '\x01') {
      open = static_cast<int>(plain->size());
    } else if (c == '\x02') {
      if (open >= 0 && open < static_cast<int>(plain->size())) hits->push_back({open, static_cast<int>(plain->size())});
      open = -1;
    } else if (IsSpace(c)) {
      if (!plain->empty() && plain->back() != ' ') *plain += ' ';
    } else {
      *plain += c;
    }
  }
  while (!plain->empty() && plain->back() == ' ') plain->pop_back();
  for (HitRange& h : *hits) h.end = std::min(h.end, static_cast<int>(plain->size()));
}

void FocusSnippet(std::string* snippet, std::vector<HitRange>* hits, size_t max_lead) {
  if (hits->empty() || static_cast<size_t>(hits->front().start) <= max_lead) return;
  const size_t from = static_cast<size_t>(hits->front().start) - max_lead;
  size_t cut = snippet->find(' ', from);
  if (cut == std::string::npos || cut >= static_cast<size_t>(hits->front().start)) return;
  ++cut;  // keep the word after the space
  const std::string ellipsis = "…";
  *snippet = ellipsis + snippet->substr(cut);
  const int shift = static_cast<int>(ellipsis.size()) - static_cast<int>(cut);
  std::vector<HitRange> kept;
  for (HitRange h : *hits) {
    if (h.start + shift < static_cast<int>(ellipsis.size())) continue;
    kept.push_back({h.start + shift, h.end + shift});
  }
  *hits = std::move(kept);
}

// ---- [SECTION] errors ----

std::string FriendlyQueryError(const std::string& sqlite_message, const std::string& query) {
  const std::string& m = sqlite_message;
  if (std::string damaged = ArchiveFailureMessage(SQLITE_ERROR, m); !damaged.empty()) return damaged;
  if (m.find("unterminated string") != std::string::npos)
    return "A quotation mark is not closed: end the phrase with a second \".";
  const std::string column = "no such column: ";
  if (auto at = m.find(column); at != std::string::npos) {
    const std::string word = m.substr(at + column.size());
    return "\"" + word + ":\" reads as a field name. Only title:, summary: and text: are fields; to search for the "
           "word itself, leave out the colon.";
  }
  const std::string near = "syntax error near \"";
  if (auto at = m.find(near); at != std::string::npos) {
    const size_t start = at + near.size();
    const size_t stop = m.find('"', start);
    const std::string token = m.substr(start, stop == std::string::npos ? std::string::npos : stop - start);
    const auto opens = std::count(query.begin(), query.end(), '(');
    const auto closes = std::count(query.begin(), query.end(), ')');
    if (token.empty() && opens > closes) return "A parenthesis is not closed: add a \")\".";
    if (token == ")" && closes > opens) return "There is a \")\" without a \"(\" before it.";
    if (token == "AND" || token == "OR" || token == "NOT")
      return token + " joins two searches: write \"a " + token + " b\" (in lower case, \"" + token +
             "\" is searched as a word).";
    if (token == "NEAR") return "NEAR takes words in parentheses: NEAR(peace talks, 10).";
    if (token.empty()) return "The search ends too early: AND, OR, NOT and NEAR need a word after them.";
    return "The search cannot be read near \"" + token +
           "\". Use words, \"phrases\", prefix*, AND, OR, NOT and NEAR(a b); see ? for help.";
  }
  if (m.find("unknown special query") != std::string::npos)
    return "A * ends a word to search for every word that starts so (negotiat*); it cannot stand alone.";
  if (m.find("fts5") != std::string::npos || m.find("MATCH") != std::string::npos)
    return "This search cannot be read. Use words, \"phrases\", prefix*, AND, OR, NOT and NEAR(a b); see ? for help.";
  return "The search failed. Try fewer or simpler words.";
}

}  // namespace stenogram
