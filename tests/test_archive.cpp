// Tests of archive: opening files and images, schema checks, listing and reading documents.
// The fixture archive is built from SQL inside the test.
#include <doctest/doctest.h>

#include "test_support.h"
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/archive/schema.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

sqlite3* NewFixtureDb() {
  sqlite3* db = test_support::NewArchiveDb();
  std::string error;
  const char* sql = R"SQL(
    INSERT INTO meta VALUES ('title', 'Fixture archive'), ('description', 'Three documents');
    INSERT INTO fixture_documents(id, title, date, date_precision, day, kind, place, language, text) VALUES
      (1, 'Talks with Foreign Minister of Serbia Ivica Dacic', '2014-12-05', 'day', 16409, 'talks', 'Moscow', 'en',
       'Question: How were the talks?

Sergey Lavrov: Useful and detailed.'),
      (2, 'Undated note', NULL, NULL, NULL, 'article', NULL, 'en', 'No date here.'),
      (3, 'Интервью', '2014-08', 'month', 16283, 'interview', 'Москва', 'ru', 'Вопрос: Как переговоры?');
    INSERT INTO fixture_turns(doc_id, ord, speaker, speaker_key, text) VALUES
      (1, 0, 'Question', 'question', 'How were the talks?'),
      (1, 1, 'Sergey Lavrov', 'sergey lavrov', 'Useful and detailed.'),
      (2, 0, NULL, NULL, 'No date here.'),
      (3, 0, 'Вопрос', 'question', 'Как переговоры?');
    INSERT INTO entities(id, kind, name, key, doc_count) VALUES
      (1, 'country', 'Serbia', 'serbia', 1), (2, 'person', 'Ivica Dacic', 'ivica dacic', 1), (3, 'tag', 'OSCE', 'osce', 1);
    INSERT INTO doc_entities VALUES (1, 1, 'counterpart'), (1, 2, 'counterpart'), (1, 3, 'tag');
    INSERT INTO stats VALUES ('doc_count', 3), ('first_date', '2014-08'), ('last_date', '2014-12-05');
  )SQL";
  test_support::LoadFixture(db, sql);
  return db;
}

std::vector<unsigned char> Serialize(sqlite3* db) {
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(db, "main", &size, 0);
  REQUIRE(data != nullptr);
  std::vector<unsigned char> bytes(data, data + size);
  sqlite3_free(data);
  return bytes;
}

}  // namespace

TEST_CASE("an archive built from SQL reports its info and lists documents by date, undated last") {
  std::string error;
  auto archive = Archive::Adopt(NewFixtureDb(), "fixture.sqlite", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().title == "Fixture archive");
  CHECK(archive->Info().description == "Three documents");
  CHECK(archive->Info().doc_count == 3);
  CHECK(archive->Info().first_date == "2014-08");
  CHECK(archive->Info().last_date == "2014-12-05");

  auto docs = archive->ListDocuments();
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].id == 3);
  CHECK(docs[0].date_precision == "month");
  CHECK(docs[1].id == 1);
  CHECK(docs[1].place == "Moscow");
  CHECK(docs[2].id == 2);
  CHECK(docs[2].date.empty());

  auto page = archive->ListDocuments(1, 1);
  REQUIRE(page.size() == 1);
  CHECK(page[0].id == 1);
}

TEST_CASE("reading a document returns its turns and entities") {
  std::string error;
  auto archive = Archive::Adopt(NewFixtureDb(), "fixture.sqlite", &error);
  REQUIRE(archive);
  auto doc = archive->ReadDocument(1);
  REQUIRE(doc);
  CHECK(doc->title == "Talks with Foreign Minister of Serbia Ivica Dacic");
  CHECK(doc->kind == "talks");
  REQUIRE(doc->turns.size() == 2);
  CHECK(doc->turns[0].speaker == "Question");
  CHECK(doc->turns[1].speaker == "Sergey Lavrov");
  CHECK(doc->turns[1].text == "Useful and detailed.");
  REQUIRE(doc->entities.size() == 3);
  CHECK(doc->entities[0].role == "counterpart");
  CHECK(doc->entities[2].name == "OSCE");
  CHECK_FALSE(archive->ReadDocument(42));
}

TEST_CASE("an archive image opens from memory, read-only, and its FTS index answers with stemming") {
  sqlite3* source = NewFixtureDb();
  auto bytes = Serialize(source);
  sqlite3_close(source);
  std::string error;
  auto archive = Archive::OpenImage(std::move(bytes), "image.sqlite", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().doc_count == 3);
  CHECK(archive->ReadDocument(3)->place == "Москва");

  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(archive->Db(), "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1", -1, &stmt,
                             nullptr) == SQLITE_OK);
  sqlite3_bind_text(stmt, 1, "переговорах", -1, SQLITE_STATIC);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == 3);
  sqlite3_finalize(stmt);

  CHECK(sqlite3_exec(archive->Db(), "DELETE FROM documents", nullptr, nullptr, nullptr) != SQLITE_OK);
}

TEST_CASE("bad archive input gives a message naming the file and the reason") {
  std::string error;
  CHECK_FALSE(Archive::OpenFile("/nonexistent/missing.sqlite", &error));
  CHECK(error == "missing.sqlite: no such file");

  std::string text = "This is a plain text file, not an archive at all. ";
  text += text + text;
  CHECK_FALSE(Archive::OpenImage(std::vector<unsigned char>(text.begin(), text.end()), "notes.txt", &error));
  CHECK(error == "notes.txt: not a SQLite database");

  CHECK_FALSE(Archive::OpenImage({}, "empty.sqlite", &error));
  CHECK(error == "empty.sqlite: not a SQLite database (the file is empty)");

  // A SQLite database that is not a Stenogram archive.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(":memory:", &other) == SQLITE_OK);
  sqlite3_exec(other, "CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('x');", nullptr, nullptr, nullptr);
  auto other_bytes = Serialize(other);
  sqlite3_close(other);
  CHECK_FALSE(Archive::OpenImage(other_bytes, "people.sqlite", &error));
  CHECK(error == "people.sqlite: not a Stenogram archive: table 'meta' is missing");

  // A Stenogram archive from a future version.
  sqlite3* future = NewFixtureDb();
  sqlite3_exec(future, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  auto future_bytes = Serialize(future);
  sqlite3_close(future);
  CHECK_FALSE(Archive::OpenImage(future_bytes, "future.sqlite", &error));
  CHECK(error == "future.sqlite: unsupported archive version 99 (this viewer reads version 4)");

  // A truncated archive: the header survives, the pages do not.
  sqlite3* whole = NewFixtureDb();
  auto truncated = Serialize(whole);
  sqlite3_close(whole);
  const std::string total = std::to_string(truncated.size());
  truncated.resize(truncated.size() / 3);
  CHECK_FALSE(Archive::OpenImage(truncated, "truncated.sqlite", &error));
  CHECK(error == "truncated.sqlite: the file is truncated (" + std::to_string(truncated.size()) + " of " + total +
                     " bytes)");
}

TEST_CASE("an archive file on disk opens read-only") {
  sqlite3* db = NewFixtureDb();
  auto bytes = Serialize(db);
  sqlite3_close(db);
  const std::string path = "test_archive_fixture.sqlite";
  FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  std::string error;
  auto archive = Archive::OpenFile(path, &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().title == "Fixture archive");
  CHECK(archive->ListDocuments().size() == 3);
  archive.reset();
  std::remove(path.c_str());
}
