// Tests of the stored texts' codec (core/archive/textcodec.h) that need no compressor, so they also
// run in the wasm build: hand-made zstd frames (raw blocks), damaged, truncated and oversized ones,
// stn_text in SQL, and a format-3 archive (plain texts, views without stn_text) that still reads.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/archive/archive_guard.h"
#include "core/archive/schema.h"
#include "core/archive/textcodec.h"
#include "core/view/query.h"
#include "test_support.h"

using namespace stenogram;

namespace {

// A zstd frame of one raw (stored) block holding content, with a single-segment header whose
// content size field says declared (1 byte when < 256, else 4 bytes).
std::string RawFrame(const std::string& content, uint64_t declared) {
  std::string f = "\x28\xB5\x2F\xFD";
  if (declared < 256) {
    f += '\x20';  // single segment, 1-byte content size, no checksum
    f += static_cast<char>(declared);
  } else {
    f += '\xA0';  // single segment, 4-byte content size
    for (int i = 0; i < 4; ++i) f += static_cast<char>((declared >> (8 * i)) & 0xFF);
  }
  const uint32_t block = 1u | (static_cast<uint32_t>(content.size()) << 3);  // last block, raw
  for (int i = 0; i < 3; ++i) f += static_cast<char>((block >> (8 * i)) & 0xFF);
  return f + content;
}

// A zstd frame of one RLE block: n copies of c in 10 bytes (n < 256).
std::string RleFrame(char c, uint32_t n) {
  std::string f = "\x28\xB5\x2F\xFD\x20";
  f += static_cast<char>(n);
  const uint32_t block = 1u | (1u << 1) | (n << 3);  // last block, RLE
  for (int i = 0; i < 3; ++i) f += static_cast<char>((block >> (8 * i)) & 0xFF);
  return f + c;
}

// stn_text(?1, 7) over a BLOB: the text, or "ERROR: message" with the statement's result code.
std::string TextOfBlob(sqlite3* db, const std::string& blob, int* rc = nullptr) {
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT stn_text(?1, 7)", -1, &s, nullptr) == SQLITE_OK);
  sqlite3_bind_blob(s, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  const int step = sqlite3_step(s);
  std::string out;
  if (step == SQLITE_ROW) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    out.assign(t ? t : "", static_cast<size_t>(sqlite3_column_bytes(s, 0)));
  } else {
    out = std::string("ERROR: ") + sqlite3_errmsg(db);
  }
  const int finalized = sqlite3_finalize(s);
  if (rc) *rc = finalized;
  return out;
}

}  // namespace

TEST_CASE("textcodec: a frame decompresses; damaged, truncated, oversized and foreign frames are refused") {
  std::string out, error;
  CHECK(DecompressStoredText(RawFrame("hello", 5), 100, &out, &error));
  CHECK(out == "hello");
  CHECK(DecompressStoredText(RawFrame("", 0), 100, &out, &error));
  CHECK(out.empty());
  // Truncated: the block says 5 bytes, 3 follow.
  const std::string whole = RawFrame("hello", 5);
  CHECK_FALSE(DecompressStoredText(whole.substr(0, whole.size() - 2), 100, &out, &error));
  CHECK(error.find("truncated") != std::string::npos);
  // The header declares 6 bytes, the block holds 5 (and the reverse).
  CHECK_FALSE(DecompressStoredText(RawFrame("hello", 6), 100, &out, &error));
  CHECK_FALSE(DecompressStoredText(RawFrame("hello", 4), 100, &out, &error));
  // Bytes after the frame.
  CHECK_FALSE(DecompressStoredText(whole + "xyz", 100, &out, &error));
  // Over the limit: refused from the header, before any allocation (3 GB declared in 12 bytes).
  CHECK_FALSE(DecompressStoredText(RawFrame("", 3000000000ull), kMaxCompressedTextBytes, &out, &error));
  CHECK(error == "the frame declares 2862 MB, over the limit of 64 MB");
  CHECK_FALSE(DecompressStoredText(RawFrame("hello", 5), 4, &out, &error));
  // Not zstd at all, and a frame header without its content size.
  CHECK_FALSE(DecompressStoredText("plain words", 100, &out, &error));
  CHECK(error == "not a zstd frame");
  CHECK_FALSE(DecompressStoredText(std::string("\x28\xB5\x2F\xFD\x00\x58\x01\x00\x00", 9), 100, &out, &error));
  CHECK(error == "a frame without its content size");
  CHECK_FALSE(DecompressStoredText(std::string("\x28\xB5\x2F", 3), 100, &out, &error));
}

TEST_CASE("textcodec: stn_text passes plain values through, decompresses frames, names the document of a bad one") {
  sqlite3* db = test_support::NewArchiveDb();
  CHECK(TextOfBlob(db, RawFrame("Sergey Lavrov: Good evening.", 28)) == "Sergey Lavrov: Good evening.");
  CHECK(TextOfBlob(db, RawFrame("Sergey Lavrov: Good evening.", 28)) == "Sergey Lavrov: Good evening.");  // cached
  CHECK(TextOfBlob(db, RawFrame("Другой текст", 23)) == "Другой текст");
  int rc = 0;
  CHECK(TextOfBlob(db, "not a frame", &rc) == "ERROR: document 7: its stored text is damaged (not a zstd frame)");
  CHECK(rc == SQLITE_CORRUPT);
  CHECK(TextOfBlob(db, RawFrame("", 100000000), &rc) ==
        "ERROR: document 7: its stored text is damaged (the frame declares 96 MB, over the limit of 64 MB)");
  // A connection's length limit lowers the bound (the archive guard's 256 MB is above 64 MB).
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 150);
  CHECK(TextOfBlob(db, RawFrame(std::string(140, 'x'), 140)) == std::string(140, 'x'));
  CHECK(TextOfBlob(db, RleFrame('x', 140)) == std::string(140, 'x'));
  CHECK(TextOfBlob(db, RleFrame('x', 160)) ==
        "ERROR: document 7: its stored text is damaged (the frame declares 160 bytes, over the limit of 150 bytes)");
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1000000);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT stn_text('plain text', 1), stn_text(NULL, 1) IS NULL, typeof(stn_text(3, 1))", -1,
                             &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "plain text");
  CHECK(sqlite3_column_int(s, 1) == 1);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 2))) == "integer");
  sqlite3_finalize(s);
  sqlite3_close(db);
}

TEST_CASE("textcodec: frames in an archive read through the views, the reader and the index; a bad one is damage") {
  // The browser's importer writes plain texts; frames put in by hand read the same.
  const std::string jsonl =
      R"({"id":"a","title":"One","date":"2014-01-01","text":"Question: Any news on sanctions?\n\nSergey Lavrov: None."})" "\n"
      R"({"id":"b","title":"Two","date":"2014-01-02","text":"Just a statement about talks."})" "\n";
  const std::vector<unsigned char> plain = test_support::ImageOfJsonl("t.jsonl", jsonl);
  const std::string t1 = "Question: Any news on sanctions?\n\nSergey Lavrov: None.";
  std::string hex;
  for (unsigned char c : RawFrame(t1, t1.size())) {
    static const char* const kHex = "0123456789ABCDEF";
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  const std::vector<unsigned char> framed =
      test_support::AlteredImage(plain, "UPDATE texts SET text = x'" + hex + "' WHERE id = 1");
  std::string error;
  auto a = Archive::OpenImage(framed, "framed.sqlite", &error);
  REQUIRE_MESSAGE(a, error);
  auto d = a->ReadDocument(1);
  REQUIRE(d);
  CHECK(d->text == t1);
  REQUIRE(d->turns.size() == 2);
  CHECK(d->turns[0].text == "Any news on sanctions?");
  CHECK(d->turns[1].text == "None.");
  Query q;
  q.text = "sanctions";
  QueryResult r = RunQuery(*a, q);
  REQUIRE(r.ids == std::vector<int64_t>{1});
  auto rows = ResultRows(*a, q, r.ids, 0, 10, &r.scores);
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].snippet_hits.size() == 1);
  CHECK(rows[0].snippet.substr(rows[0].snippet_hits[0].start, rows[0].snippet_hits[0].end - rows[0].snippet_hits[0].start) ==
        "sanctions");
  // A damaged frame: no crash, no document, and the guard says which document is damaged.
  const std::vector<unsigned char> damaged =
      test_support::AlteredImage(framed, "UPDATE texts SET text = substr(text, 1, 20) WHERE id = 1");
  auto b = Archive::OpenImage(damaged, "damaged.sqlite", &error);
  REQUIRE_MESSAGE(b, error);
  CHECK_FALSE(b->ReadDocument(1));
  CHECK(TakeArchiveTrouble(b->Db()).find("document 1: its stored text is damaged") != std::string::npos);
  CHECK(b->ReadDocument(2));  // the others still read
}

TEST_CASE("textcodec: a format-3 archive (plain texts, views without stn_text) still opens and reads") {
  const std::string jsonl =
      R"({"id":"a","title":"One","date":"2014-01-01","summary":"About sanctions","text":"Question: Any news on sanctions?\n\nSergey Lavrov: None."})" "\n";
  const std::vector<unsigned char> v3 = test_support::AlteredImage(
      test_support::ImageOfJsonl("t.jsonl", jsonl),
      std::string("DROP VIEW documents; DROP VIEW turns;") + Format3ViewsSql() + "PRAGMA user_version = 3;");
  std::string error;
  auto a = Archive::OpenImage(v3, "v3.sqlite", &error);
  REQUIRE_MESSAGE(a, error);
  auto d = a->ReadDocument(1);
  REQUIRE(d);
  CHECK(d->summary == "About sanctions");
  CHECK(d->turns.size() == 2);
  Query q;
  q.text = "sanctions";
  CHECK(RunQuery(*a, q).ids == std::vector<int64_t>{1});
  // Format 4's views in a format-3 archive (or the reverse) are not the format's own.
  const std::vector<unsigned char> mixed =
      test_support::AlteredImage(test_support::ImageOfJsonl("t.jsonl", jsonl), "PRAGMA user_version = 3;");
  CHECK_FALSE(Archive::OpenImage(mixed, "mixed.sqlite", &error));
  CHECK(error.find("view 'documents' that is not the format's own") != std::string::npos);
}
