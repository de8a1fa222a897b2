// schema: the Stenogram archive format (see schema.h and docs/archive-format.md).
#include "core/archive/schema.h"

#include <sqlite3.h>

#include <cctype>
#include <string>

#include "core/text/json.h"

namespace stenogram {

const char* SchemaSql() {
  // The order of the CREATE statements is the order of the tables in the file (VACUUM and VACUUM
  // INTO copy tables in schema order): what the first frame reads comes first, the texts and the
  // full-text index last, so a reader over HTTP ranges fetches the small tables in few requests.
  return R"SQL(
-- Archive-wide facts: title, description, builder, build time, source files.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Precomputed statistics, read at open time without scanning documents.
CREATE TABLE stats(key TEXT PRIMARY KEY, value) WITHOUT ROWID;  -- doc_count, first_day, last_day, ...
CREATE TABLE stats_months(month TEXT PRIMARY KEY, doc_count INTEGER NOT NULL) WITHOUT ROWID; -- 'YYYY-MM'
-- The dated documents by day: ids are in date order, so the documents of one day and one date
-- precision are one run of ids [first_id, first_id + n). The timeline, month counts and date ranges
-- read these runs instead of the documents.
CREATE TABLE stats_days(first_id INTEGER PRIMARY KEY, day INTEGER NOT NULL, precision TEXT NOT NULL, n INTEGER NOT NULL);
-- The counterpart links (doc_entities with role 'counterpart': the timeline's lanes) packed in
-- chunks, in document order: data holds (document id − the previous link's, entity id) pairs as
-- LEB128 varints, the first delta counted from first_doc. A few pages instead of doc_entities.
CREATE TABLE stats_links(first_doc INTEGER PRIMARY KEY, data BLOB NOT NULL);
-- Every facet's values over the whole archive, in display order (count, then label): the first
-- view's facet lists and tag cloud without a scan.
CREATE TABLE stats_facets(facet TEXT NOT NULL, ord INTEGER NOT NULL, value TEXT NOT NULL, label TEXT NOT NULL,
  n INTEGER NOT NULL, PRIMARY KEY (facet, ord)) WITHOUT ROWID;

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

-- One row per speech, interview, press conference, article, ...: the small metadata the document
-- list, the timeline and the facets read. The texts live in texts (never on these pages).
CREATE TABLE docs(
  id             INTEGER PRIMARY KEY,          -- 1..N in date order (undated last), so a date range is contiguous
  day            INTEGER,                      -- days since 1970-01-01 of the first day the date covers
  date           TEXT,                         -- ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z]
  date_precision TEXT CHECK (date_precision IN ('year','month','day','time')),
  title          TEXT NOT NULL,
  kind           TEXT,                         -- speech, interview, press conference, talks, statement, article, news, ...
  place          TEXT,
  section        TEXT,
  language       TEXT,                         -- BCP 47 primary tag: en, ru, uk, ...
  external_id    TEXT,                         -- the source's own id, if any
  url            TEXT
);
CREATE INDEX docs_day ON docs(day);

-- A document that records talks or a meeting: when, where, with whom (counterparts are the
-- doc_entities rows with role 'counterpart').
CREATE TABLE meetings(
  doc_id INTEGER PRIMARY KEY REFERENCES docs(id),
  day    INTEGER,
  place  TEXT
);
CREATE INDEX meetings_day ON meetings(day);

-- Links: role is 'tag', 'mention', 'counterpart' (the other side of a meeting) or 'place'.
CREATE TABLE doc_entities(
  doc_id    INTEGER NOT NULL REFERENCES docs(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  role      TEXT NOT NULL,
  PRIMARY KEY (doc_id, entity_id, role)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities(entity_id, doc_id);
-- Every spelling met in the sources, so the original is never lost.
CREATE TABLE entity_aliases(
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  alias     TEXT NOT NULL,
  PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;

-- Speaker labels as written ("Sergey Lavrov", "Question") and their grouping key.
CREATE TABLE speakers(
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,                   -- as written
  key  TEXT NOT NULL                           -- normalised for grouping ("sergey lavrov", "question")
);
CREATE INDEX speakers_key ON speakers(key);

-- Speaker turns parsed from the text: spans of texts.text, never a copy. A document without
-- recognised speakers has one turn with speaker NULL.
CREATE TABLE turn_spans(
  doc_id     INTEGER NOT NULL REFERENCES docs(id),
  ord        INTEGER NOT NULL,                 -- 0-based order within the document
  speaker_id INTEGER REFERENCES speakers(id),  -- NULL: no speaker
  start      INTEGER NOT NULL,                 -- byte offset of the turn's text (without its label) in texts.text
  len        INTEGER NOT NULL,                 -- its length in bytes
  tok        INTEGER NOT NULL,                 -- index position (0-based, column text) of its first token
  tok_end    INTEGER NOT NULL,                 -- one past its last token's position
  text       TEXT,                             -- only when the turn is not a span of the document text (else NULL)
  PRIMARY KEY (doc_id, ord)
) WITHOUT ROWID;
CREATE INDEX turn_spans_speaker ON turn_spans(speaker_id, doc_id);

-- Every document's length in index tokens (all indexed columns: what bm25 divides by), LEB128
-- varints for ids first_doc, first_doc + 1, ...: ranking reads these few pages once instead of the
-- index's docsize row of every match (core/archive/rank.h). Optional: without it, bm25.
CREATE TABLE stats_doclen(first_doc INTEGER PRIMARY KEY, data BLOB NOT NULL);
-- Every document's values of each facet but the dates, packed (core/archive/docfacets.h): a
-- dictionary of (value, label) pairs, then for ids 1..N the codes of the document's pairs. A
-- result's facet lists are counted from its ids in memory instead of joining its rows. Optional.
CREATE TABLE stats_docfacets(id INTEGER PRIMARY KEY, facet TEXT NOT NULL, data BLOB NOT NULL);

-- The stored texts, once: summary, extra (JSON of unmapped source fields) and the full text last.
-- summary and text are TEXT (plain) or a BLOB holding one zstd frame of the text (the native
-- builder, where that is shorter); read them through stn_text(value, id), as the views do.
CREATE TABLE texts(
  id      INTEGER PRIMARY KEY REFERENCES docs(id),
  summary,
  extra   TEXT,
  text    NOT NULL DEFAULT ''
);

-- Every document as one row, as format 1 had it (what the full-text index reads, and plain SQL
-- over an archive), the texts decompressed by stn_text (core/archive/textcodec.h). LEFT JOIN: a
-- query that uses no texts column never reads texts.
CREATE VIEW documents(id, external_id, title, date, date_precision, day, kind, section, place, language, url,
  summary, text, extra) AS
  SELECT d.id, d.external_id, d.title, d.date, d.date_precision, d.day, d.kind, d.section, d.place, d.language, d.url,
         stn_text(t.summary, t.id), stn_text(t.text, t.id), t.extra FROM docs d LEFT JOIN texts t ON t.id = d.id;
-- Every turn with its speaker and its text (the span cut out of the decompressed texts.text), as
-- format 1 had it.
CREATE VIEW turns(doc_id, ord, speaker, speaker_key, text) AS
  SELECT s.doc_id, s.ord, p.name, p.key,
         coalesce(s.text, CAST(substr(CAST(stn_text(t.text, t.id) AS BLOB), s.start + 1, s.len) AS TEXT))
  FROM turn_spans s LEFT JOIN speakers p ON p.id = s.speaker_id LEFT JOIN texts t ON t.id = s.doc_id;

-- The one full-text index (external content, index only; tokenizer: Snowball English + Russian
-- stemming over unicode61 with case and diacritics folded). Speaker-limited search maps hit
-- positions in column text to turn_spans.tok..tok_end. Column text comes first: FTS5 writes a
-- column marker (2 bytes) before every hit list outside column 0, so text-only words (most) need none.
CREATE VIRTUAL TABLE documents_fts USING fts5(text, title, summary, content='documents', content_rowid='id',
  tokenize='stenogram');
)SQL";
}

const char* Format3ViewsSql() {
  // Exactly as format 3 wrote them (the archive guard compares the stored SQL text).
  return R"SQL(
-- Every document as one row, as format 1 had it (what the full-text index reads, and plain SQL
-- over an archive). LEFT JOIN: a query that uses no texts column never reads texts.
CREATE VIEW documents(id, external_id, title, date, date_precision, day, kind, section, place, language, url,
  summary, text, extra) AS
  SELECT d.id, d.external_id, d.title, d.date, d.date_precision, d.day, d.kind, d.section, d.place, d.language, d.url,
         t.summary, t.text, t.extra FROM docs d LEFT JOIN texts t ON t.id = d.id;
-- Every turn with its speaker and its text (the span cut out of texts.text), as format 1 had it.
CREATE VIEW turns(doc_id, ord, speaker, speaker_key, text) AS
  SELECT s.doc_id, s.ord, p.name, p.key,
         coalesce(s.text, CAST(substr(CAST(t.text AS BLOB), s.start + 1, s.len) AS TEXT))
  FROM turn_spans s LEFT JOIN speakers p ON p.id = s.speaker_id LEFT JOIN texts t ON t.id = s.doc_id;
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

namespace {

// Quotes a shell word when it needs it ('a b' → "'a b'").
std::string ShellWord(const std::string& w) {
  bool plain = !w.empty();
  for (char c : w)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '_' || c == '-' || c == '=' ||
          c == '+' || c == ':' || c == ',' || static_cast<unsigned char>(c) >= 0x80))
      plain = false;
  if (plain) return w;
  std::string out = "'";
  for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// meta[key] of an archive of any version, "" when absent.
std::string MetaValue(sqlite3* db, const char* key) {
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace

std::string RebuildCommand(sqlite3* db, const std::string& archive_name) {
  std::string cmd = "stenogram-build -o " + ShellWord(archive_name.empty() ? "archive.sqlite" : archive_name);
  const JsonValue import = JsonValue::Parse(MetaValue(db, "import"));
  if (import.IsObject()) {
    auto str = [&](const char* k) { return import.StringOr(k); };
    if (!str("format").empty() && str("format") != "auto") cmd += " --format " + ShellWord(str("format"));
    if (const JsonValue* map = import.Find("map"); map && map->IsObject())
      for (const auto& [field, spec] : map->Members())
        if (spec.IsString()) cmd += " --map " + ShellWord(field + "=" + spec.Str());
    if (!str("pattern").empty()) cmd += " --pattern " + ShellWord(str("pattern"));
    if (!str("group_by").empty()) cmd += " --group-by " + ShellWord(str("group_by"));
    if (!str("duplicates").empty() && str("duplicates") != "first") cmd += " --duplicates " + ShellWord(str("duplicates"));
  }
  const std::string title = MetaValue(db, "title");
  if (!title.empty()) cmd += " --title " + ShellWord(title);
  const JsonValue sources = JsonValue::Parse(MetaValue(db, "sources"));
  bool any = false;
  if (sources.IsArray())
    for (const JsonValue& s : sources.Items())
      if (const JsonValue* name = s.Find("name"); name && name->IsString()) {
        cmd += " " + ShellWord(name->Str());
        any = true;
      }
  if (!any) cmd += " SOURCES...";
  return cmd;
}

bool CheckSchema(sqlite3* db, std::string* error, const std::string& archive_name) {
  sqlite3_stmt* stmt = nullptr;
  int version = -1;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    if (error) *error = std::string("not a SQLite database (") + sqlite3_errmsg(db) + ")";
    return false;
  }
  if (version >= 1 && version < kOldestReadableVersion) {
    if (error)
      *error = "this archive is in the old format " + std::to_string(version) + " and this viewer reads format " +
               std::to_string(kSchemaVersion) +
               "; rebuild it from its sources with: " + RebuildCommand(db, archive_name);
    return false;
  }
  static const char* const kRequired[] = {"meta", "docs", "texts", "turn_spans", "speakers", "entities",
                                          "doc_entities", "meetings", "stats_months", "stats", "documents_fts",
                                          "documents", "turns"};
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
  if (version < kOldestReadableVersion || version > kSchemaVersion) {
    if (error)
      *error = "unsupported archive version " + std::to_string(version) + " (this viewer reads version " +
               std::to_string(kSchemaVersion) + ")";
    return false;
  }
  return true;
}

}  // namespace stenogram
