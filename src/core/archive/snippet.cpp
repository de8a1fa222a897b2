// snippet: the stn_snippet FTS5 auxiliary function (see snippet.h).
#include "core/archive/snippet.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/archive/tokenizer.h"

namespace stenogram {
namespace {

constexpr int kCandidateHits = 32;  // windows considered: one per hit, among the column's first hits

// Tokens of the window, collected by OnToken; stops the tokenizer past the window's last token.
struct WindowScan {
  int first = 0, last = 0;                   // token positions shown, inclusive
  int pos = -1;                              // position of the token just seen
  bool more = false;                         // text goes on after the window
  std::vector<std::pair<int, int>> spans;    // byte [start, end) of positions first.. (one per position)
};

int OnToken(void* ctx, int tflags, const char*, int, int start, int end) {
  auto* scan = static_cast<WindowScan*>(ctx);
  if (tflags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;  // same position as the token before
  ++scan->pos;
  if (scan->pos < scan->first) return SQLITE_OK;
  if (scan->pos > scan->last) {
    scan->more = true;
    return SQLITE_DONE;  // stops the tokenizer: the rest of the column is not needed
  }
  scan->spans.emplace_back(start, end);
  return SQLITE_OK;
}

// A span of a column: token positions [tok, tok_end) and bytes [start, end) (a speaker's turn).
struct Span {
  int tok = 0, tok_end = 0, start = 0, end = 0;
};

// Parses "a b a b ..." (pairs) or "a b c d ..." (quadruples) of integers.
std::vector<Span> ParseSpans(sqlite3_value* v, bool with_bytes) {
  std::vector<Span> out;
  const unsigned char* t = sqlite3_value_text(v);
  if (!t) return out;
  std::vector<int> n;
  const char* p = reinterpret_cast<const char*>(t);
  while (*p) {
    while (*p == ' ' || *p == ',') ++p;
    if (!*p) break;
    char* after = nullptr;
    const long x = std::strtol(p, &after, 10);
    if (after == p) break;
    n.push_back(static_cast<int>(x));
    p = after;
  }
  const size_t k = with_bytes ? 4 : 2;
  for (size_t i = 0; i + k <= n.size(); i += k)
    out.push_back({n[i], n[i + 1], with_bytes ? n[i + 2] : 0, with_bytes ? n[i + 3] : 0});
  return out;
}

// Hits in column col: (first token position, token count), sorted. Returns an SQLite code.
int ColumnHits(const Fts5ExtensionApi* api, Fts5Context* fts, int col, std::vector<std::pair<int, int>>* hits) {
  int n_inst = 0;
  int rc = api->xInstCount(fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; ++i) {
    int phrase = 0, icol = 0, off = 0;
    rc = api->xInst(fts, i, &phrase, &icol, &off);
    if (rc == SQLITE_OK && icol == col) hits->emplace_back(off, std::max(1, api->xPhraseSize(fts, phrase)));
  }
  std::sort(hits->begin(), hits->end());
  return rc;
}

// stn_in_ranges(fts, column, 'tok tok_end ...'): 1 when a hit in column starts inside one of the
// position ranges (a speaker's turns), else 0.
void InRangesFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                      sqlite3_value** argv) {
  if (argc != 2) {
    sqlite3_result_error(ctx, "wrong number of arguments to function stn_in_ranges()", -1);
    return;
  }
  const std::vector<Span> spans = ParseSpans(argv[1], false);
  if (spans.empty()) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  std::vector<std::pair<int, int>> hits;
  const int rc = ColumnHits(api, fts, sqlite3_value_int(argv[0]), &hits);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  for (const auto& h : hits)
    for (const Span& s : spans)
      if (h.first >= s.tok && h.first < s.tok_end) {
        sqlite3_result_int(ctx, 1);
        return;
      }
  sqlite3_result_int(ctx, 0);
}

void SnippetFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                     sqlite3_value** argv) {
  if (argc != 5 && argc != 6) {
    sqlite3_result_error(ctx, "wrong number of arguments to function stn_snippet()", -1);
    return;
  }
  const int col = sqlite3_value_int(argv[0]);
  auto text_arg = [&](int i) {
    const unsigned char* t = sqlite3_value_text(argv[i]);
    return std::string(t ? reinterpret_cast<const char*>(t) : "");
  };
  const std::string open = text_arg(1), close = text_arg(2), ellipsis = text_arg(3);
  const int max_tokens = std::clamp(sqlite3_value_int(argv[4]), 1, 64);
  if (col < 0 || col >= api->xColumnCount(fts)) {
    sqlite3_result_error(ctx, "stn_snippet(): no such column", -1);
    return;
  }

  // Hits in this column: (first token position, token count).
  std::vector<std::pair<int, int>> hits;
  int rc = ColumnHits(api, fts, col, &hits);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  // With spans (a speaker's turns): the snippet comes from the first span holding a hit, and only
  // that span's hits count; its window stays inside the span.
  std::optional<Span> span;
  if (argc == 6) {
    for (const Span& s : ParseSpans(argv[5], true)) {
      for (const auto& h : hits)
        if (h.first >= s.tok && h.first < s.tok_end) {
          span = s;
          break;
        }
      if (span) break;
    }
    if (!span) {
      sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
      return;
    }
    std::vector<std::pair<int, int>> inside;
    for (const auto& h : hits)
      if (h.first >= span->tok && h.first + h.second <= span->tok_end) inside.push_back(h);
    hits = std::move(inside);
  }

  WindowScan scan;
  if (!hits.empty()) {
    const int lead = max_tokens / 4;
    int best = 0, best_count = -1;
    const int candidates = std::min<int>(kCandidateHits, static_cast<int>(hits.size()));
    for (int c = 0; c < candidates; ++c) {
      const int start = std::max(0, hits[c].first - lead), end = start + max_tokens;
      int count = 0;
      for (int h = c; h < static_cast<int>(hits.size()) && hits[h].first < end; ++h)
        if (hits[h].first + hits[h].second <= end) ++count;
      if (count > best_count) {
        best = start;
        best_count = count;
      }
    }
    // A window that would run past the column's (or span's) end starts earlier instead (fewer cut ends).
    int column_tokens = 0;
    if (span) {
      column_tokens = span->tok_end;
    } else if (api->xColumnSize(fts, col, &column_tokens) != SQLITE_OK) {
      column_tokens = best + max_tokens;
    }
    if (best + max_tokens > column_tokens) best = std::max(span ? span->tok : 0, column_tokens - max_tokens);
    scan.first = best;
  }
  if (span) scan.first = std::max(scan.first, span->tok);
  scan.last = scan.first + max_tokens - 1;
  if (span) scan.last = std::min(scan.last, span->tok_end - 1);

  const char* text = nullptr;
  int size = 0;
  rc = api->xColumnText(fts, col, &text, &size);
  if (rc == SQLITE_OK && text && size > 0) rc = api->xTokenize(fts, text, size, &scan, OnToken);
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  if (scan.spans.empty()) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }

  std::string out;
  if (scan.first > (span ? span->tok : 0)) out += ellipsis;
  size_t h = 0;                  // first hit that may still cover a position
  bool open_hit = false;
  int hit_end = -1;              // last position of the open hit
  for (size_t i = 0; i < scan.spans.size(); ++i) {
    const int pos = scan.first + static_cast<int>(i);
    const auto [start, end] = scan.spans[i];
    if (i > 0) out.append(text + scan.spans[i - 1].second, static_cast<size_t>(start - scan.spans[i - 1].second));
    while (h < hits.size() && hits[h].first + hits[h].second <= pos) ++h;
    if (!open_hit && h < hits.size() && hits[h].first <= pos) {
      out += open;
      open_hit = true;
      hit_end = hits[h].first + hits[h].second - 1;
      for (size_t k = h + 1; k < hits.size() && hits[k].first <= hit_end; ++k)  // overlapping hits join
        hit_end = std::max(hit_end, hits[k].first + hits[k].second - 1);
    }
    out.append(text + start, static_cast<size_t>(end - start));
    if (open_hit && (pos >= hit_end || i + 1 == scan.spans.size())) {
      out += close;
      open_hit = false;
    }
  }
  if (span) {
    // Inside a span: more tokens of the span after the window get "…"; else the span's own end ("?").
    const int span_end = std::clamp(span->end, scan.spans.back().second, size);
    if (scan.first + static_cast<int>(scan.spans.size()) < span->tok_end) out += ellipsis;
    else out.append(text + scan.spans.back().second, static_cast<size_t>(span_end - scan.spans.back().second));
  } else if (scan.more) {
    out += ellipsis;
  } else {
    out.append(text + scan.spans.back().second, static_cast<size_t>(size - scan.spans.back().second));  // "." at the end
  }
  sqlite3_result_text(ctx, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

bool RegisterSnippetFunction(sqlite3* db, std::string* error) {
  fts5_api* api = GetFts5Api(db);
  if (!api || api->xCreateFunction(api, "stn_snippet", nullptr, SnippetFunction, nullptr) != SQLITE_OK ||
      api->xCreateFunction(api, "stn_in_ranges", nullptr, InRangesFunction, nullptr) != SQLITE_OK) {
    if (error) *error = "cannot register stn_snippet (FTS5 missing)";
    return false;
  }
  return true;
}

}  // namespace stenogram
