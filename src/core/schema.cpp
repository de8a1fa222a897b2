// schema: the Stenogram archive format (see schema.h and docs/archive-format.md).
#include "core/schema.h"

#include <sqlite3.h>

#include <string>

namespace stenogram {

const char* SchemaSql() {
  return R"SQL(
-- Archive-wide facts: title, description, builder, build time, source files.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- One row per speech, interview, press conference, article, ...
CREATE TABLE documents(
  id             INTEGER PRIMARY KEY,          -- stable within the archive, 1..N in import order
  external_id    TEXT,                         -- the source's own id, if any
  title          TEXT NOT NULL,
  date           TEXT,                         -- ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z]
  date_precision TEXT CHECK (date_precision IN ('year','month','day','time')),
  day            INTEGER,                      -- days since 1970-01-01 of the first day the date covers
  kind           TEXT,                         -- speech, interview, press conference, talks, statement, article, news, ...
  section        TEXT,
  place          TEXT,
  language       TEXT,                         -- BCP 47 primary tag: en, ru, uk, ...
  url            TEXT,
  summary        TEXT,
  text           TEXT NOT NULL DEFAULT '',
  extra          TEXT                          -- JSON object of source fields the importer did not map
);
CREATE INDEX documents_day ON documents(day);

-- Speaker turns parsed from the text ("Question:", "Sergey Lavrov:", ...). A document without
-- recognised speakers has one turn with speaker NULL.
CREATE TABLE turns(
  doc_id   INTEGER NOT NULL REFERENCES documents(id),
  ord      INTEGER NOT NULL,                   -- 0-based order within the document
  speaker  TEXT,                               -- as written ("Sergey Lavrov", "Question")
  speaker_key TEXT,                            -- normalised for grouping ("sergey lavrov", "question")
  text     TEXT NOT NULL,
  PRIMARY KEY (doc_id, ord)
);
CREATE INDEX turns_speaker ON turns(speaker_key);

-- Tags and named entities: one row per distinct (kind, normalised name).
CREATE TABLE entities(
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('tag','person','country','organisation','place')),
  name      TEXT NOT NULL,                     -- display form (most frequent spelling)
  key       TEXT NOT NULL,                     -- normalised form used for merging
  doc_count INTEGER NOT NULL DEFAULT 0,        -- precomputed: documents linked to this entity
  UNIQUE (kind, key)
);
CREATE INDEX entities_kind_count ON entities(kind, doc_count DESC);
-- Every spelling met in the sources, so the original is never lost.
CREATE TABLE entity_aliases(
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  alias     TEXT NOT NULL,
  PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
-- Links: role is 'tag', 'mention', 'counterpart' (the other side of a meeting) or 'place'.
CREATE TABLE doc_entities(
  doc_id    INTEGER NOT NULL REFERENCES documents(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  role      TEXT NOT NULL,
  PRIMARY KEY (doc_id, entity_id, role)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities(entity_id, doc_id);

-- A document that records talks or a meeting: when, where, with whom (counterparts are the
-- doc_entities rows with role 'counterpart').
CREATE TABLE meetings(
  doc_id INTEGER PRIMARY KEY REFERENCES documents(id),
  day    INTEGER,
  place  TEXT
);
CREATE INDEX meetings_day ON meetings(day);

-- Precomputed statistics, read at open time without scanning documents.
CREATE TABLE stats_months(month TEXT PRIMARY KEY, doc_count INTEGER NOT NULL) WITHOUT ROWID; -- 'YYYY-MM'
CREATE TABLE stats(key TEXT PRIMARY KEY, value) WITHOUT ROWID;  -- doc_count, first_day, last_day, ...

-- Full-text indexes (external content; tokenizer: Snowball English + Russian stemming over
-- unicode61 with case and diacritics folded).
CREATE VIRTUAL TABLE documents_fts USING fts5(title, summary, text, content='documents', content_rowid='id',
  tokenize='stenogram');
CREATE VIRTUAL TABLE turns_fts USING fts5(speaker, text, content='turns', content_rowid='rowid',
  tokenize='stenogram');
)SQL";
}

bool CreateSchema(sqlite3* db, std::string* error) {
  char* message = nullptr;
  std::string sql = std::string("BEGIN;") + SchemaSql() + "PRAGMA user_version=" +
                    std::to_string(kSchemaVersion) + ";COMMIT;";
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    if (error) *error = std::string("cannot create the archive schema: ") + (message ? message : "?");
    sqlite3_free(message);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

bool CheckSchema(sqlite3* db, std::string* error) {
  sqlite3_stmt* stmt = nullptr;
  int version = -1;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    if (error) *error = std::string("not a SQLite database (") + sqlite3_errmsg(db) + ")";
    return false;
  }
  static const char* const kRequired[] = {"meta", "documents", "turns", "entities", "doc_entities",
                                          "meetings", "stats_months", "stats", "documents_fts", "turns_fts"};
  for (const char* table : kRequired) {
    rc = sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE name = ?1", -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      if (error) *error = std::string("not a SQLite database (") + sqlite3_errmsg(db) + ")";
      sqlite3_finalize(stmt);
      return false;
    }
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    bool found = sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_finalize(stmt);
    if (!found) {
      if (error) *error = std::string("not a Stenogram archive: table '") + table + "' is missing";
      return false;
    }
  }
  if (version != kSchemaVersion) {
    if (error)
      *error = "unsupported archive version " + std::to_string(version) + " (this viewer reads version " +
               std::to_string(kSchemaVersion) + ")";
    return false;
  }
  return true;
}

}  // namespace stenogram
