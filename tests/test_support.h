// test_support: what several core tests share: an archive image imported from JSONL (and altered
// by SQL), an archive opened through the block cache as the worker reads it, an empty
// archive database in memory (the schema and the stenogram tokenizer), for a test to fill with its
// own rows, and a loader for fixtures written
// in the simple one-table layout (documents with their text, turns with their text), which it turns
// into the archive's tables (texts, speakers, turns as spans with their index positions, the FTS).
#pragma once
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/archive/blockvfs.h"

#include "core/import/import_image.h"
#include "core/archive/schema.h"
#include "core/archive/tokenizer.h"

namespace test_support {

// The value at pointer ("/positions/Sergey Lavrov", "/boilerplate/0") of a document's extra JSON:
// a string as it is, anything else as compact JSON; "<none>" when absent or not JSON. (The tests
// read extra here, not with SQL's json_extract: the web builds leave SQLite's JSON functions out.)
inline std::string ExtraAt(const std::string& extra, const std::string& pointer) {
  const nlohmann::json j = nlohmann::json::parse(extra, nullptr, false);
  if (j.is_discarded()) return "<none>";
  const nlohmann::json::json_pointer at(pointer);
  if (!j.contains(at)) return "<none>";
  const nlohmann::json& v = j.at(at);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// The bytes of an archive imported in memory from one JSONL input (REQUIREs that it imports).
inline std::vector<unsigned char> ImageOfJsonl(const std::string& name, const std::string& jsonl) {
  std::vector<stenogram::InputFile> inputs(1);
  inputs[0].name = name;
  inputs[0].bytes = jsonl;
  stenogram::ImportReport report;
  std::string error;
  stenogram::ArchiveImage image = stenogram::ImportToImage(inputs, stenogram::ImportOptions{}, &report, &error);
  REQUIRE_MESSAGE(image.data, error);
  std::vector<unsigned char> bytes(image.data, image.data + image.size);
  sqlite3_free(image.data);
  return bytes;
}

// The bytes of db's main database (db stays open).
inline std::vector<unsigned char> SerializedImage(sqlite3* db) {
  sqlite3_int64 size = 0;
  unsigned char* out = sqlite3_serialize(db, "main", &size, 0);
  REQUIRE(out);
  std::vector<unsigned char> result(out, out + size);
  sqlite3_free(out);
  return result;
}

// The image after sql (e.g. damaging a table), through an in-memory copy.
inline std::vector<unsigned char> AlteredImage(const std::vector<unsigned char>& bytes, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
  std::copy(bytes.begin(), bytes.end(), copy);
  REQUIRE(sqlite3_deserialize(db, "main", copy, static_cast<sqlite3_int64>(bytes.size()), static_cast<sqlite3_int64>(bytes.size()),
                              SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  std::vector<unsigned char> result = SerializedImage(db);
  sqlite3_close(db);
  return result;
}

// An archive read through the block cache from bytes in memory, as the worker reads one lazily.
struct Opened {
  std::shared_ptr<stenogram::BlockCache> cache;
  std::unique_ptr<stenogram::Archive> archive;
};
inline Opened OpenThroughCache(const std::vector<unsigned char>& bytes, size_t block, size_t max_read_ahead = 64) {
  stenogram::BlockCacheOptions options;
  options.block_size = block;
  options.max_read_ahead = max_read_ahead;
  Opened o;
  o.cache = std::make_shared<stenogram::BlockCache>(std::make_unique<stenogram::MemorySource>(bytes), options);
  std::string error;
  o.archive = stenogram::OpenArchiveThroughCache(o.cache, "cached.sqlite", &error);
  REQUIRE_MESSAGE(o.archive, error);
  return o;
}

// A new in-memory database with the archive schema; the caller owns (and closes or hands on) it.
inline sqlite3* NewArchiveDb() {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(stenogram::RegisterTokenizer(db, &error));
  REQUIRE_MESSAGE(stenogram::CreateSchema(db, &error), error);
  return db;
}

inline void Exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  REQUIRE_MESSAGE(rc == SQLITE_OK, (message ? message : ""), " in ", sql.substr(0, 200));
  sqlite3_free(message);
}

// Runs sql, which fills fixture_documents(id, external_id, title, date, date_precision, day, kind,
// section, place, language, url, summary, text, extra) and fixture_turns(doc_id, ord, speaker,
// speaker_key, text) as well as any archive table (entities, stats, ...), then moves the fixture
// rows into documents, texts, speakers and turns (each turn found in its document's text, as the
// writer does) and rebuilds the full-text index.
inline void LoadFixture(sqlite3* db, const std::string& sql) {
  Exec(db, R"SQL(
    CREATE TEMP TABLE fixture_documents(id INTEGER PRIMARY KEY, external_id, title, date, date_precision, day, kind,
      section, place, language, url, summary, text DEFAULT '', extra);
    CREATE TEMP TABLE fixture_turns(doc_id, ord, speaker, speaker_key, text);
  )SQL");
  Exec(db, sql);
  Exec(db, R"SQL(
    INSERT INTO docs(id, day, date, date_precision, title, kind, place, section, language, external_id, url)
      SELECT id, day, date, date_precision, title, kind, place, section, language, external_id, url FROM fixture_documents;
    INSERT INTO texts(id, summary, extra, text) SELECT id, summary, extra, coalesce(text, '') FROM fixture_documents;
    INSERT INTO speakers(name, key) SELECT speaker, min(coalesce(speaker_key, speaker)) FROM fixture_turns
      WHERE speaker IS NOT NULL GROUP BY speaker;
  )SQL");
  stenogram::PositionCounter counter;
  REQUIRE(counter.Ok());
  sqlite3_stmt* q = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT t.doc_id, t.ord, s.id, t.text, coalesce(d.text, '') FROM fixture_turns t JOIN "
                             "fixture_documents d ON d.id = t.doc_id LEFT JOIN speakers s ON s.name = t.speaker "
                             "ORDER BY t.doc_id, t.ord",
                             -1, &q, nullptr) == SQLITE_OK);
  sqlite3_stmt* ins = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "INSERT INTO turn_spans(doc_id, ord, speaker_id, start, len, tok, tok_end, text) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                             -1, &ins, nullptr) == SQLITE_OK);
  int64_t doc = -1;
  size_t cursor = 0;
  std::vector<int> starts;
  while (sqlite3_step(q) == SQLITE_ROW) {
    auto col = [&](int i) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(q, i));
      return t ? std::string(t, static_cast<size_t>(sqlite3_column_bytes(q, i))) : std::string();
    };
    const std::string turn = col(3), text = col(4);
    if (sqlite3_column_int64(q, 0) != doc) {
      doc = sqlite3_column_int64(q, 0);
      cursor = 0;
      REQUIRE(counter.Starts(text, &starts));
    }
    const size_t at = text.find(turn, cursor);
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, doc);
    sqlite3_bind_int64(ins, 2, sqlite3_column_int64(q, 1));
    if (sqlite3_column_type(q, 2) == SQLITE_NULL) sqlite3_bind_null(ins, 3);
    else sqlite3_bind_int64(ins, 3, sqlite3_column_int64(q, 2));
    if (at == std::string::npos) {  // not a span: the turn keeps its own text
      for (int i : {4, 5, 6, 7}) sqlite3_bind_int(ins, i, 0);
      sqlite3_bind_text(ins, 8, turn.c_str(), -1, SQLITE_TRANSIENT);
    } else {
      const auto pos = [&](size_t byte) {
        return std::lower_bound(starts.begin(), starts.end(), static_cast<int>(byte)) - starts.begin();
      };
      sqlite3_bind_int64(ins, 4, static_cast<int64_t>(at));
      sqlite3_bind_int64(ins, 5, static_cast<int64_t>(turn.size()));
      sqlite3_bind_int64(ins, 6, pos(at));
      sqlite3_bind_int64(ins, 7, pos(at + turn.size()));
      sqlite3_bind_null(ins, 8);
      cursor = at + turn.size();
    }
    REQUIRE(sqlite3_step(ins) == SQLITE_DONE);
  }
  sqlite3_finalize(q);
  sqlite3_finalize(ins);
  Exec(db, "DROP TABLE fixture_documents; DROP TABLE fixture_turns;"
           "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');");
}

}  // namespace test_support
