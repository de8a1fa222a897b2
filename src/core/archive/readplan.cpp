// readplan: planning row lookups' reads ahead of SQLite (see readplan.h). The page formats are
// SQLite's (https://www.sqlite.org/fileformat2.html, "B-tree Pages" and "Cell Payload Overflow Pages").
#include "core/archive/readplan.h"

#include "core/archive/sqlite_varint.h"
#include "core/archive/statement.h"
#include "core/archive/tokenizer.h"

#include <sqlite3.h>

#include <algorithm>
#include <set>

namespace stenogram {

namespace {

constexpr int kMaxDepth = 20;           // no real b-tree is this deep; a cycle in a damaged one ends here
constexpr uint64_t kMaxChainGuess = 256; // most overflow pages guessed in one step (1 MB of 4 KB pages)

uint32_t Be16(const unsigned char* p) { return static_cast<uint32_t>(p[0]) << 8 | p[1]; }
uint32_t Be32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 | p[3];
}


class Walker {
 public:
  Walker(const BlockCache& cache, uint32_t page_size, uint32_t usable)
      : cache_(cache), page_size_(page_size), usable_(usable), pages_(cache.Size() / page_size) {}

  // Descends from root to rowid's cell, then along its overflow chain, as far as the cache allows.
  void Find(uint32_t root, int64_t rowid) {
    uint32_t page = root;
    for (int depth = 0; depth < kMaxDepth; ++depth) {
      if (!Load(page)) return;
      const size_t h = page == 1 ? 100 : 0;
      const unsigned char* b = buf_.data();
      const unsigned char* end = b + page_size_;
      const uint8_t type = b[h];
      const uint32_t cells = Be16(b + h + 3);
      if (type == 0x05) {  // interior: (left child, key) cells, keys ascending; the child holds keys ≤ key
        const size_t array = h + 12;
        if (array + 2 * static_cast<size_t>(cells) > page_size_) return;
        uint32_t lo = 0, hi = cells;  // first cell with key ≥ rowid
        while (lo < hi) {
          const uint32_t mid = (lo + hi) / 2;
          const uint32_t at = Be16(b + array + 2 * mid);
          uint64_t key = 0;
          if (at + 4 >= page_size_ || !SqliteVarint(b + at + 4, end, &key)) return;
          if (static_cast<int64_t>(key) < rowid) lo = mid + 1;
          else hi = mid;
        }
        uint32_t child = 0;
        if (lo < cells) {
          const uint32_t at = Be16(b + array + 2 * lo);
          child = Be32(b + at);
        } else {
          child = Be32(b + h + 8);
        }
        page = child;
        continue;
      }
      if (type != 0x0D) return;  // not a table leaf: an index, or damage
      const size_t array = h + 8;
      if (array + 2 * static_cast<size_t>(cells) > page_size_) return;
      uint32_t lo = 0, hi = cells;
      while (lo < hi) {
        const uint32_t mid = (lo + hi) / 2;
        const uint32_t at = Be16(b + array + 2 * mid);
        uint64_t payload = 0, key = 0;
        size_t n1 = at < page_size_ ? SqliteVarint(b + at, end, &payload) : 0;
        size_t n2 = n1 ? SqliteVarint(b + at + n1, end, &key) : 0;
        if (!n2) return;
        if (static_cast<int64_t>(key) < rowid) {
          lo = mid + 1;
        } else if (static_cast<int64_t>(key) > rowid) {
          hi = mid;
        } else {
          Overflow(b, at + n1 + n2, payload);
          return;
        }
      }
      return;  // no such row
    }
  }

  // Every page of the b-tree at root (leaves too when leaves), level by level, as far as the cache
  // allows; counts the pages visited into *budget and stops at 0. The depth comes from the leftmost
  // path (a b-tree's leaves are all at one depth).
  void Enumerate(uint32_t root, bool leaves, size_t* budget) {
    int depth = 0;
    for (uint32_t page = root;; ++depth) {
      if (depth > kMaxDepth || !Load(page)) return;
      const uint8_t type = buf_[page == 1 ? 100 : 0];
      if (type == 0x0D || type == 0x0A) break;
      if (type != 0x05 && type != 0x02) return;
      const size_t h = page == 1 ? 100 : 0;
      const uint32_t cells = Be16(buf_.data() + h + 3);
      if (cells == 0) {
        page = Be32(buf_.data() + h + 8);
        continue;
      }
      const uint32_t at = Be16(buf_.data() + h + 12);
      if (at + 4 > page_size_) return;
      page = Be32(buf_.data() + at);
    }
    std::vector<uint32_t> frontier = {root};
    for (int level = 0; level <= depth && !frontier.empty(); ++level) {
      if (level == depth && !leaves) return;
      std::vector<uint32_t> next;
      for (uint32_t page : frontier) {
        if (*budget == 0) return;
        --*budget;
        if (!Load(page)) continue;
        const size_t h = page == 1 ? 100 : 0;
        if (level == depth) {
          if (buf_[h] == 0x0D) LeafOverflows(h);  // a table's leaf: its large rows' overflow chains too
          continue;
        }
        const uint8_t type = buf_[h];
        if (type != 0x05 && type != 0x02) continue;
        const uint32_t cells = Be16(buf_.data() + h + 3);
        if (h + 12 + 2 * static_cast<size_t>(cells) > page_size_) continue;
        for (uint32_t c = 0; c < cells; ++c) {
          const uint32_t at = Be16(buf_.data() + h + 12 + 2 * c);
          if (at + 4 <= page_size_) next.push_back(Be32(buf_.data() + at));
        }
        next.push_back(Be32(buf_.data() + h + 8));
      }
      frontier = std::move(next);
    }
  }

  const std::set<uint64_t>& Missing() const { return missing_; }

 private:
  // The overflow chains of every cell of the table leaf in buf_ (header at h).
  void LeafOverflows(size_t h) {
    const std::vector<unsigned char> leaf = buf_;  // Overflow loads other pages into buf_
    const unsigned char* b = leaf.data();
    const unsigned char* end = b + page_size_;
    const uint32_t cells = Be16(b + h + 3);
    if (h + 8 + 2 * static_cast<size_t>(cells) > page_size_) return;
    for (uint32_t c = 0; c < cells; ++c) {
      const uint32_t at = Be16(b + h + 8 + 2 * c);
      uint64_t payload = 0, key = 0;
      const size_t n1 = at < page_size_ ? SqliteVarint(b + at, end, &payload) : 0;
      const size_t n2 = n1 ? SqliteVarint(b + at + n1, end, &key) : 0;
      if (!n2) return;
      Overflow(b, at + n1 + n2, payload);
    }
  }

  // A leaf cell's payload of size P starting at offset at in the current page: the local part,
  // then (when P is larger than the page holds) the first overflow page, whose chain is followed.
  void Overflow(const unsigned char* b, size_t at, uint64_t payload) {
    const uint64_t u = usable_;
    const uint64_t x = u - 35;
    if (payload <= x) return;
    const uint64_t m = ((u - 12) * 32 / 255) - 23;
    const uint64_t k = m + ((payload - m) % (u - 4));
    const uint64_t local = k <= x ? k : m;
    if (at + local + 4 > page_size_) return;
    uint32_t page = Be32(b + at + local);
    uint64_t left = (payload - local + (u - 4) - 1) / (u - 4);  // overflow pages still to come
    uint32_t prev = 0;
    for (uint64_t step = 0; page != 0 && left > 0 && step < pages_; ++step, --left) {
      if (!Cached(page)) {
        // Guess the rest of the chain contiguous (VACUUM writes it so); the next call checks it. A
        // chain seen running downwards (pages taken from a free list) is guessed downwards.
        const uint64_t guess = std::min<uint64_t>(left, kMaxChainGuess);
        const bool down = prev != 0 && page + 1 == prev;
        for (uint64_t i = 0; i < guess; ++i) {
          if (down ? page < 1 + i : page + i > pages_) break;
          Load(static_cast<uint32_t>(down ? page - i : page + i));
        }
        return;
      }
      Load(page);
      prev = page;
      page = Be32(buf_.data());
    }
  }

  bool Valid(uint64_t page) const { return page >= 1 && page <= pages_; }
  bool Cached(uint32_t page) {
    std::vector<uint64_t> none;
    return Valid(page) && cache_.PeekCached(static_cast<uint64_t>(page - 1) * page_size_, page_size_, nullptr, &none);
  }
  // The page's bytes into buf_ when cached; else notes its missing blocks and returns false.
  bool Load(uint32_t page) {
    if (!Valid(page)) return false;
    std::vector<uint64_t> missing;
    buf_.resize(page_size_);
    if (cache_.PeekCached(static_cast<uint64_t>(page - 1) * page_size_, page_size_, buf_.data(), &missing)) return true;
    missing_.insert(missing.begin(), missing.end());
    return false;
  }

  const BlockCache& cache_;
  uint32_t page_size_, usable_;
  uint64_t pages_;
  std::vector<unsigned char> buf_;
  std::set<uint64_t> missing_;
};

// The page size and usable size from the cached file header; false when absent or invalid.
bool PageSizes(const BlockCache& cache, uint32_t* page_size, uint32_t* usable) {
  unsigned char header[100];
  if (!cache.PeekCached(0, sizeof header, header, nullptr)) return false;
  const uint32_t raw = Be16(header + 16);
  *page_size = raw == 1 ? 65536 : raw;
  if (*page_size < 512 || *page_size > 65536 || (*page_size & (*page_size - 1)) || header[20] > *page_size - 480) return false;
  *usable = *page_size - header[20];
  return true;
}

// The root page of a table or index, 0 when there is none.
uint32_t RootPage(sqlite3* db, const std::string& name) {
  sqlite3_stmt* s = nullptr;
  uint32_t root = 0;
  if (sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_schema WHERE type IN ('table', 'index') AND name = ?1", -1, &s,
                         nullptr) == SQLITE_OK) {
    sqlite3_bind_text(s, 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) root = static_cast<uint32_t>(sqlite3_column_int64(s, 0));
  }
  sqlite3_finalize(s);
  return root;
}

// The missing blocks as merged runs in file order.
std::vector<ByteRun> Runs(const BlockCache& cache, const std::set<uint64_t>& blocks) {
  std::vector<ByteRun> out;
  const uint64_t bs = cache.Options().block_size;
  for (uint64_t b : blocks) {
    const uint64_t start = b * bs, len = std::min<uint64_t>(bs, cache.Size() - start);
    if (!out.empty() && out.back().offset + out.back().length == start) out.back().length += len;
    else out.push_back({start, len});
  }
  return out;
}

}  // namespace

std::vector<ByteRun> PlanRowReads(const BlockCache& cache, sqlite3* db, const std::vector<std::string>& tables,
                                  const std::vector<int64_t>& rowids) {
  uint32_t page_size = 0, usable = 0;
  if (!db || !PageSizes(cache, &page_size, &usable)) return {};
  Walker walker(cache, page_size, usable);
  for (const std::string& table : tables) {
    const uint32_t root = RootPage(db, table);
    if (!root) continue;
    for (int64_t id : rowids) walker.Find(root, id);
  }
  return Runs(cache, walker.Missing());
}

std::vector<ByteRun> PlanTreeReads(const BlockCache& cache, sqlite3* db, const std::vector<std::string>& whole,
                                   const std::vector<std::string>& interior_only, size_t max_pages) {
  uint32_t page_size = 0, usable = 0;
  if (!db || !PageSizes(cache, &page_size, &usable)) return {};
  Walker walker(cache, page_size, usable);
  size_t budget = max_pages;
  for (const std::string& name : whole)
    if (const uint32_t root = RootPage(db, name)) walker.Enumerate(root, true, &budget);
  for (const std::string& name : interior_only)
    if (const uint32_t root = RootPage(db, name)) walker.Enumerate(root, false, &budget);
  return Runs(cache, walker.Missing());
}

std::vector<ByteRun> PlanWarmUp(const BlockCache& cache, sqlite3* db) {
  if (RootPage(db, "stats_doclen"))
    return PlanTreeReads(cache, db, {"stats_doclen", "stats_docfacets", "documents_fts_idx"},
                         {"docs", "texts", "documents_fts_data"}, 50000);
  return PlanTreeReads(cache, db, {"documents_fts_docsize", "documents_fts_idx"}, {"docs", "texts", "documents_fts_data"},
                       50000);
}

std::vector<ByteRun> PlanHotReads(const BlockCache& cache, sqlite3* db, uint64_t total_bytes, uint64_t step_bytes) {
  uint32_t page_size = 0, usable = 0;
  if (!db || !PageSizes(cache, &page_size, &usable)) return {};
  const uint64_t bs = cache.Options().block_size;
  step_bytes = std::max<uint64_t>(bs, step_bytes / bs * bs);  // runs start on blocks: cuts stay whole blocks
  std::vector<ByteRun> runs = PlanTreeReads(cache, db, {"documents_fts_idx", "documents_fts_data", "docs"}, {},
                                            static_cast<size_t>(total_bytes / page_size));
  std::vector<ByteRun> step;
  uint64_t taken = 0;
  for (const ByteRun& r : runs) {
    if (taken >= step_bytes) break;
    const uint64_t len = std::min<uint64_t>(r.length, step_bytes - taken);
    step.push_back({r.offset, len});
    taken += len;
  }
  return step;
}

std::vector<std::string> ResultRowTables(bool snippets) {
  if (!snippets) return {"docs"};
  return {"docs", "texts"};
}

namespace {

constexpr size_t kMaxTermTablePages = 128;  // the term table is read whole for a cold search up to 512 KB (100k documents: 39 pages)
constexpr int64_t kShortDoclistPages = 6;   // leaves planned from a term's first page (a doclist without an index is a few pages)
constexpr int64_t kLongDoclistPages = 40;   // ... when FTS5 keeps a doclist index for it (a long doclist)
constexpr int64_t kWholeDoclistPages = 1024;  // a single word's doclist planned whole: up to 4 MB on 4 KB pages

// FTS5's data rowids (fts5_index.c fts5_dri): a segment's leaf page, and a doclist index's first level.
int64_t LeafRowid(int64_t segid, int64_t pgno) { return (segid << 37) + pgno; }
int64_t DoclistIndexRowid(int64_t segid, int64_t pgno) { return (segid << 37) + (int64_t{1} << 36) + pgno; }

// The keys FTS5 looks up in its term table for the words of a MATCH expression: "0" (the main
// index) + each term a word tokenizes to (its stem, folded form and the stem's stem); operators and
// column names are not words.
std::vector<std::string> TermKeys(const std::string& expr) {
  std::vector<std::string> keys;
  for (const Token& t : Tokenize(expr)) {
    if (t.start < 0 || t.end > static_cast<int>(expr.size()) || t.start >= t.end) continue;
    const std::string word = expr.substr(static_cast<size_t>(t.start), static_cast<size_t>(t.end - t.start));
    if (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR") continue;
    size_t next = static_cast<size_t>(t.end);
    while (next < expr.size() && expr[next] == ' ') ++next;
    if (next < expr.size() && expr[next] == ':') continue;  // a column filter
    for (const std::string* s : {&t.term, &t.folded, &t.base})
      if (!s->empty()) keys.push_back("0" + *s);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// Whether a MATCH expression is one word or words joined by OR (no phrase, prefix, column, AND or
// NOT): its search reads each word's doclist whole (ranking every match), where an AND or a phrase
// skips through a long doclist by its index.
bool WordsOrWords(const std::string& expr) {
  bool want_word = true;
  size_t i = 0;
  while (i < expr.size()) {
    while (i < expr.size() && expr[i] == ' ') ++i;
    if (i == expr.size()) break;
    const size_t start = i;
    while (i < expr.size() && expr[i] != ' ') ++i;
    const std::string token = expr.substr(start, i - start);
    if (want_word) {
      if (token == "AND" || token == "OR" || token == "NOT" || token == "NEAR" ||
          token.find_first_of("\"*():^+-{}") != std::string::npos)
        return false;
    } else if (token != "OR") {
      return false;  // two words side by side: an implicit AND
    }
    want_word = !want_word;
  }
  return !want_word;  // ends with a word
}

// The last term that starts on an FTS5 leaf (fts5_index.c, "PAGE FORMAT"): the footer from the
// header's second u16 lists each term's offset, delta-encoded; the page's first term is whole
// (varint size, bytes), each later one shares a prefix with the one before (varint shared, varint
// new, bytes). "" for a leaf without a term or a malformed one.
std::string LastTermOnLeaf(const std::string& leaf) {
  if (leaf.size() < 4) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(leaf.data());
  const unsigned char* end = p + leaf.size();
  const size_t footer = size_t{p[2]} << 8 | p[3];
  if (footer > leaf.size()) return {};
  std::string term;
  uint64_t offset = 0;
  bool first = true;
  for (const unsigned char* f = p + footer; f < end; first = false) {
    uint64_t delta = 0, shared = 0, fresh = 0;
    const size_t n = SqliteVarint(f, end, &delta);
    if (!n || delta > footer) return {};
    f += n;
    offset += delta;
    if (offset < 4 || offset >= footer) return {};
    const unsigned char* t = p + offset;
    const unsigned char* t_end = p + footer;
    if (!first) {
      const size_t m = SqliteVarint(t, t_end, &shared);
      if (!m) return {};
      t += m;
    }
    const size_t m = SqliteVarint(t, t_end, &fresh);
    if (!m || shared > term.size() || fresh > static_cast<uint64_t>(t_end - (t + m))) return {};
    t += m;
    term.resize(static_cast<size_t>(shared));
    term.append(reinterpret_cast<const char*>(t), static_cast<size_t>(fresh));
  }
  return term;
}

// Whether key is the last term starting on leaf pgno of segment seg, read only when cached.
bool LastTermIs(const BlockCache& cache, sqlite3* db, int64_t seg, int64_t pgno, const std::string& key) {
  const int64_t rowid = LeafRowid(seg, pgno);
  if (!PlanRowReads(cache, db, {"documents_fts_data"}, {rowid}).empty()) return false;
  Stmt leaf(db, "SELECT block FROM documents_fts_data WHERE id = ?1");
  leaf.BindInt(1, rowid);
  return leaf.Step() && LastTermOnLeaf(leaf.Text(0)) == key;
}

// The data rowids a lookup of keys reads first: in each segment, the leaf the term table points at
// (FTS5's own query: fts5SegIterSeekInit), the leaves after it and its doclist index. With whole
// (one word, or words joined by OR), a doclist longer than that is planned to its end once its
// first leaf is cached and shows the key as the last term starting there: its doclist then runs
// to the leaf of the term table's next entry (up to kWholeDoclistPages), one parallel batch instead
// of a read-ahead request for every doubling. (The entry the lookup lands on is that leaf's first
// term, usually another word's.) Runs SQL on the term table: call only when all of it is cached.
std::vector<int64_t> DoclistRowids(const BlockCache& cache, sqlite3* db, const std::vector<std::string>& keys, bool whole) {
  std::vector<int64_t> out, segids;
  Stmt segs(db, "SELECT DISTINCT segid FROM documents_fts_idx");
  while (segs.Step() && segids.size() < 64) segids.push_back(segs.Int(0));
  Stmt look(db, "SELECT pgno FROM documents_fts_idx WHERE segid = ?1 AND term <= ?2 ORDER BY term DESC LIMIT 1");
  Stmt next(db, "SELECT pgno FROM documents_fts_idx WHERE segid = ?1 AND term > ?2 ORDER BY term LIMIT 1");
  for (int64_t seg : segids) {
    for (const std::string& key : keys) {
      look.Reset();
      look.BindInt(1, seg);
      sqlite3_bind_blob(look.Raw(), 2, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);  // terms are blobs
      const int64_t val = look.Step() ? look.Int(0) : 2;  // none: the segment's first leaf
      const int64_t pgno = std::max<int64_t>(1, val >> 1);
      const bool indexed = (val & 1) != 0;
      int64_t pages = indexed ? kLongDoclistPages : kShortDoclistPages;
      if (whole) {
        next.Reset();
        next.BindInt(1, seg);
        sqlite3_bind_blob(next.Raw(), 2, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
        const int64_t span = next.Step() ? (next.Int(0) >> 1) - pgno + 1 : 0;
        if (span > pages && LastTermIs(cache, db, seg, pgno, key)) pages = std::min(span, kWholeDoclistPages);
      }
      for (int64_t k = 0; k < pages; ++k) out.push_back(LeafRowid(seg, pgno + k));
      if (indexed) out.push_back(DoclistIndexRowid(seg, pgno));
    }
  }
  return out;
}

std::vector<ByteRun> Merged(std::vector<ByteRun> runs) {
  std::sort(runs.begin(), runs.end(), [](const ByteRun& a, const ByteRun& b) { return a.offset < b.offset; });
  std::vector<ByteRun> merged;
  for (const ByteRun& r : runs) {
    if (!merged.empty() && r.offset <= merged.back().offset + merged.back().length)
      merged.back().length = std::max(merged.back().length, r.offset + r.length - merged.back().offset);
    else
      merged.push_back(r);
  }
  return merged;
}

}  // namespace

std::vector<ByteRun> PlanRankReads(const BlockCache& cache, const Archive& archive, const std::string& match_expression) {
  sqlite3* db = archive.Db();
  // FTS5's averages (rowid 1) and structure (rowid 10) records: every query reads them first.
  std::vector<ByteRun> runs = PlanRowReads(cache, db, {"documents_fts_data"}, {1, 10});
  if (archive.DocLengthsPending()) {
    const std::vector<ByteRun> lengths = PlanRowReads(cache, db, {"stats_doclen"}, {1});
    if (lengths.empty()) archive.RankFromDocLengths();  // every page is cached: loads without a request
    runs.insert(runs.end(), lengths.begin(), lengths.end());
  }
  // The query's terms: the term table whole (when small), then the first leaves of each term's doclist
  // (a single word's long doclist: all of them, a step later).
  uint32_t page_size = 0, usable = 0;
  const uint32_t idx_root = match_expression.empty() ? 0 : RootPage(db, "documents_fts_idx");
  if (idx_root && PageSizes(cache, &page_size, &usable)) {
    Walker walker(cache, page_size, usable);
    size_t budget = kMaxTermTablePages + 1;
    walker.Enumerate(idx_root, true, &budget);
    const std::vector<ByteRun> idx = Runs(cache, walker.Missing());
    runs.insert(runs.end(), idx.begin(), idx.end());
    if (idx.empty() && budget > 0) {  // all of it cached (and small): look the terms up without a read
      const std::vector<ByteRun> leaves =
          PlanRowReads(cache, db, {"documents_fts_data"},
                       DoclistRowids(cache, db, TermKeys(match_expression), WordsOrWords(match_expression)));
      runs.insert(runs.end(), leaves.begin(), leaves.end());
    }
  }
  return Merged(std::move(runs));
}

}  // namespace stenogram
