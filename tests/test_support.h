// test_support: what several core tests share: an empty archive database in memory (the schema and
// the stenogram tokenizer), for a test to fill with its own rows.
#pragma once
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

#include "core/schema.h"
#include "core/tokenizer.h"

namespace test_support {

// A new in-memory database with the archive schema; the caller owns (and closes or hands on) it.
inline sqlite3* NewArchiveDb() {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string error;
  REQUIRE(stenogram::RegisterTokenizer(db, &error));
  REQUIRE_MESSAGE(stenogram::CreateSchema(db, &error), error);
  return db;
}

}  // namespace test_support
