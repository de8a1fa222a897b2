// Tests of the builder's compressed texts (format 4) that need the compressor, so native only
// (tests/CMakeLists.txt leaves this file out of the wasm build): round trips, archives written with
// and without compression read the same (documents, turns, spans, the index, snippets), one thread
// and two write the same bytes, and the texts that stay plain.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <zstd.h>

#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/archive/textcodec.h"
#include "core/archive/tokenizer.h"
#include "core/import/import.h"
#include "core/text/turns.h"
#include "core/view/query.h"

using namespace stenogram;

namespace {

// Compresses every value, empty and short ones too (CompressStoredText keeps those plain), so each
// path meets a frame.
bool AlwaysCompress(std::string_view text, int level, std::string* frame) {
  frame->resize(ZSTD_compressBound(text.size()));
  const size_t n = ZSTD_compress(frame->data(), frame->size(), text.data(), text.size(), level);
  if (ZSTD_isError(n)) return false;
  frame->resize(n);
  return true;
}

struct Built {
  sqlite3* db = nullptr;
  std::vector<unsigned char> image;
  int64_t text_bytes = 0;  // the import report's (what the builder's "archive / text" divides by)
};

Built Build(const std::string& jsonl, TextCompressor compress, int threads, DuplicatePolicy policy = DuplicatePolicy::KeepFirst) {
  Built b;
  REQUIRE(sqlite3_open(":memory:", &b.db) == SQLITE_OK);
  std::string error;
  REQUIRE(RegisterTokenizer(b.db, &error));
  ImportOptions options;
  options.threads = threads;
  options.duplicates = policy;
  options.compress_text = compress;
  options.built_at = "2026-01-01T00:00:00Z";
  ImportReport report;
  REQUIRE_MESSAGE(ImportInputs(b.db, {{"c.jsonl", jsonl, ""}}, options, &report, &error), error);
  b.text_bytes = report.text_bytes;
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(b.db, "main", &size, 0);
  REQUIRE(data);
  b.image.assign(data, data + size);
  sqlite3_free(data);
  return b;
}

std::string Rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  std::string out;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
      out += (i ? "|" : "") + (t ? std::string(t, static_cast<size_t>(sqlite3_column_bytes(s, i))) : std::string("NULL"));
    }
    out += '\n';
  }
  CHECK_MESSAGE(rc == SQLITE_DONE, sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return out;
}

// Documents with labels, without, an empty text, an empty turn, a turn at the very end, Cyrillic,
// summaries, a long repetitive text (which CompressStoredText compresses) and a duplicate id.
std::string Corpus() {
  std::string long_text;
  for (int i = 0; i < 40; ++i)
    long_text += "Question: What about the negotiations in Minsk, round " + std::to_string(i) +
                 "?\n\nSergey Lavrov: We are negotiating; the talks continue and sanctions do not help.\n\n";
  long_text += "Question: The final question about sanctions?";
  return R"({"id":"a","title":"No labels","date":"2014-01-01","summary":"A statement","text":"Just a statement about talks."})" "\n"
         R"({"id":"b","title":"Empty answer","date":"2014-01-02","text":"Question: Why talks?\n\nSergey Lavrov:"})" "\n"
         R"({"id":"c","title":"Last turn","date":"2014-01-03","text":"Sergey Lavrov: Good evening.\n\nQuestion: The final question about sanctions?"})" "\n"
         R"({"id":"d","title":"Empty","date":"2014-01-04","text":""})" "\n"
         R"({"id":"e","title":"Интервью","date":"2014-01-05","summary":"О переговорах в Минске","text":"Вопрос: Как идут переговоры?\n\nС.В.Лавров: Переговоры в Минске продолжаются."})" "\n"
         R"({"id":"f","title":"Long","date":"2014-01-06","summary":"Negotiations in Minsk, negotiations in Minsk, negotiations in Minsk","text":")" +
         [&] {
           std::string escaped;
           for (char c : long_text) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
           return escaped;
         }() + "\"}\n" +
         R"({"id":"b","title":"Empty answer again","date":"2014-01-02","text":"Question: Merged?"})" "\n";
}

}  // namespace

TEST_CASE("textcodec: CompressStoredText round-trips and keeps short, empty and incompressible texts plain") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Переговоры в Минске продолжаются; the talks continue. ";
  std::string frame, back, error;
  REQUIRE(CompressStoredText(text, kDefaultTextLevel, &frame));
  CHECK(frame.size() < text.size() / 4);
  REQUIRE(DecompressStoredText(frame, kMaxCompressedTextBytes, &back, &error));
  CHECK(back == text);
  CHECK_FALSE(CompressStoredText("", kDefaultTextLevel, &frame));
  CHECK_FALSE(CompressStoredText("Short.", kDefaultTextLevel, &frame));
  std::string noise;
  for (uint32_t x = 1, i = 0; i < 300; ++i) noise += static_cast<char>((x = x * 1103515245u + 12345u) >> 24);
  CHECK_FALSE(CompressStoredText(noise, kDefaultTextLevel, &frame));
  // Over the limit a reader accepts: stored plain.
  CHECK_FALSE(CompressStoredText(std::string(kMaxCompressedTextBytes + 1, 'a'), 1, &frame));
}

TEST_CASE("textcodec: compressed and plain archives read the same: texts, turns, spans, index, snippets") {
  for (DuplicatePolicy policy : {DuplicatePolicy::KeepFirst, DuplicatePolicy::Merge}) {
    CAPTURE(DuplicatePolicyName(policy));
    Built plain = Build(Corpus(), nullptr, 2, policy);
    for (TextCompressor compress : {AlwaysCompress, static_cast<TextCompressor>(CompressStoredText)}) {
      Built one = Build(Corpus(), compress, 1, policy), two = Build(Corpus(), compress, 2, policy);
      CHECK(one.image == two.image);  // one thread and two write the same bytes, frames included
      CHECK(Rows(two.db, "SELECT typeof(text) FROM texts WHERE id = 6") == "blob\n");  // the long one, always
      if (compress == AlwaysCompress) CHECK(Rows(two.db, "SELECT count(*) FROM texts WHERE typeof(text) = 'blob'") == "6\n");
      else CHECK(Rows(two.db, "SELECT typeof(text) FROM texts WHERE id = 1") == "text\n");  // short: plain
      const std::string sizes = "SELECT key, value FROM stats WHERE key IN ('text_bytes', 'summary_bytes') ORDER BY 1";
      CHECK(Rows(two.db, sizes) == Rows(plain.db, sizes));
      CHECK(Rows(one.db, sizes) == Rows(plain.db, sizes));
      CHECK(Rows(plain.db, sizes) ==
            Rows(plain.db, "SELECT 'summary_bytes', sum(octet_length(summary)) FROM documents UNION ALL "
                           "SELECT 'text_bytes', sum(octet_length(text)) FROM documents"));
      // The report weighs the texts as read: the same whether they are stored compressed or not.
      CHECK(plain.text_bytes > 0);
      CHECK(one.text_bytes == plain.text_bytes);
      CHECK(two.text_bytes == plain.text_bytes);
      CHECK(Rows(plain.db, "SELECT sum(octet_length(title)) + sum(coalesce(octet_length(summary), 0)) + "
                           "sum(octet_length(text)) FROM documents") == std::to_string(plain.text_bytes) + "\n");
      for (const char* sql : {"SELECT * FROM documents ORDER BY id", "SELECT * FROM turns ORDER BY doc_id, ord",
                              "SELECT * FROM turn_spans ORDER BY doc_id, ord", "SELECT * FROM documents_fts_docsize",
                              "SELECT id, hex(block) FROM documents_fts_data ORDER BY id"}) {
        CAPTURE(sql);
        CHECK(Rows(two.db, sql) == Rows(plain.db, sql));
      }
      // FTS5 reading the texts itself (through the documents view) indexes what the prepared terms did.
      REQUIRE(sqlite3_exec(two.db, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, documents_fts, instance)",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
      const std::string instances = "SELECT term, doc, col, offset FROM temp.v ORDER BY 1, 2, 3, 4";
      const std::string prepared = Rows(two.db, instances);
      CHECK(prepared.size() > 1000);
      REQUIRE(sqlite3_exec(two.db, "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')", nullptr, nullptr,
                           nullptr) == SQLITE_OK);
      CHECK(Rows(two.db, instances) == prepared);
      std::string error;
      auto a = Archive::OpenImage(two.image, "z.sqlite", &error);
      REQUIRE_MESSAGE(a, error);
      auto b = Archive::OpenImage(plain.image, "p.sqlite", &error);
      REQUIRE_MESSAGE(b, error);
      for (int64_t id = 1; id <= 6; ++id) {
        CAPTURE(id);
        auto x = a->ReadDocument(id), y = b->ReadDocument(id);
        REQUIRE(x);
        REQUIRE(y);
        CHECK(x->text == y->text);
        CHECK(x->summary == y->summary);
        const auto parsed = ParseTurns(x->text);
        REQUIRE(x->turns.size() == y->turns.size());
        for (size_t i = 0; i < x->turns.size(); ++i) CHECK(x->turns[i].text == y->turns[i].text);
        if (!x->text.empty()) CHECK(x->turns.size() == parsed.size());
      }
      CHECK(a->ReadDocument(1)->turns[0].text == "Just a statement about talks.");  // no labels: one turn
      if (policy == DuplicatePolicy::KeepFirst) CHECK(a->ReadDocument(2)->turns.back().text.empty());  // an empty turn
      else CHECK(a->ReadDocument(2)->turns.back().text == "Merged?");
      CHECK(a->ReadDocument(3)->turns.back().text == "The final question about sanctions?");  // the very end
      CHECK(a->ReadDocument(4)->text.empty());
      CHECK(a->ReadDocument(6)->turns.back().text == "The final question about sanctions?");
      // Search, speaker-limited search and snippets: the same answers and the same highlighted bytes.
      for (const auto& [text, speaker] : std::vector<std::pair<std::string, std::string>>{
               {"sanctions", ""}, {"sanctions", "question"}, {"sanctions", "sergey lavrov"}, {"переговоры", ""},
               {"negotiat*", ""}, {"\"final question\"", ""}, {"минске", ""}}) {
        CAPTURE(text);
        CAPTURE(speaker);
        Query q;
        q.text = text;
        q.speaker = speaker;
        QueryResult r = RunQuery(*a, q), s = RunQuery(*b, q);
        CHECK(r.ids == s.ids);
        auto rows = ResultRows(*a, q, r.ids, 0, 10, &r.scores), expected = ResultRows(*b, q, s.ids, 0, 10, &s.scores);
        REQUIRE(rows.size() == expected.size());
        for (size_t i = 0; i < rows.size(); ++i) {
          CHECK(rows[i].snippet == expected[i].snippet);
          REQUIRE(rows[i].snippet_hits.size() == expected[i].snippet_hits.size());
          for (size_t k = 0; k < rows[i].snippet_hits.size(); ++k) {
            CHECK(rows[i].snippet_hits[k].start == expected[i].snippet_hits[k].start);
            CHECK(rows[i].snippet_hits[k].end == expected[i].snippet_hits[k].end);
          }
        }
      }
      sqlite3_close(one.db);
      sqlite3_close(two.db);
    }
    sqlite3_close(plain.db);
  }
}
