// Tests of import on the shapes of real dumps (issue 14), with the expected result written down:
// flattened transcripts split into turns with one key per speaker, junk files of a Mac/Windows
// folder copy skipped with one summary line and the title from the folder, numbered column
// families for text and persons, --map suggestions, site boilerplate cut into extra with its
// structured parts used, id columns, #hashtags in message dumps, "SURNAME Name – Position" names.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/text/entities.h"
#include "test_support.h"
#include "core/import/import.h"
#include "core/import/junk.h"
#include "core/import/records.h"
#include "core/text/hashtags.h"
#include "core/archive/tokenizer.h"

using namespace stenogram;

namespace {

using V = std::vector<std::string>;

struct Db {
  sqlite3* db = nullptr;
  ImportReport report;
  bool ok = false;
  std::string error;
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() { sqlite3_close(db); }
  V Column(const std::string& sql) const {
    V out;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return {"<bad sql>"};
    while (sqlite3_step(s) == SQLITE_ROW) {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      out.push_back(p ? p : "<null>");
    }
    sqlite3_finalize(s);
    return out;
  }
  std::string One(const std::string& sql) const {
    const V v = Column(sql);
    return v.empty() ? "<none>" : v.front();
  }
  const Problem* Find(const std::string& reason) const {
    for (const Problem& p : report.problems)
      if (p.reason == reason) return &p;
    return nullptr;
  }
};

void Run(Db* out, std::vector<InputFile> inputs, ImportOptions options = {}) {
  REQUIRE(sqlite3_open(":memory:", &out->db) == SQLITE_OK);
  REQUIRE(RegisterTokenizer(out->db, &out->error));
  options.built_at = "2026-01-01T00:00:00Z";
  out->ok = ImportInputs(out->db, inputs, options, &out->report, &out->error);
}

std::string AppleDouble() {
  std::string s("\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ", 24);
  for (int i = 0; i < 4000; ++i) s.push_back(static_cast<char>(i % 7 == 0 ? 0 : i % 256));
  return s;
}

}  // namespace

TEST_CASE("dumps: a flattened press conference becomes turns; speaker variants share one key") {
  Db d;
  const std::string text =
      "Vladimir Putin held his annual news conference. President of Russia Vladimir Putin: Good afternoon. I hope you "
      "can all hear me. Deputy Head of the Executive Office – Press Secretary Dmitry Peskov: Let us begin. Anna "
      "Smirnova: Good afternoon, Mr President. Vladimir Putin: Thank you. Dmitry Peskov: Next. Anna Smirnova: Thanks. "
      "V.Putin: Thank you all.";
  Run(&d, {{"pc.json", R"([{"id":"1","title":"News conference","text":")" + text + R"("}])", ""}});
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT speaker_key FROM turns ORDER BY ord") ==
        V{"<null>", "vladimir putin", "dmitry peskov", "anna smirnova", "vladimir putin", "dmitry peskov",
          "anna smirnova", "vladimir putin"});
  CHECK(d.One("SELECT speaker FROM turns WHERE ord = 7") == "V.Putin");  // spelling as written
  CHECK(d.One("SELECT text FROM turns WHERE ord = 2") == "Let us begin.");
}

TEST_CASE("dumps: a folder of speeches and briefings: real labels split, lead-ins and headings stay text") {
  Db d;
  const std::string speech =
      "Statement at the General Assembly\n\nMr. President,\n\nAs a poet once wrote:\n\"No man is an island.\"\n\n"
      "Article 2 of the Charter:\nall Members shall settle their disputes by peaceful means.\n\nWe welcome the work of "
      "the Caribbean Community (CARICOM): its members have shown the way.\n\nMultiple Rocket Launch Systems: these must "
      "be controlled.\n\nI thank you.\n";
  const std::string briefing =
      "Брифинг официального представителя МИД России\n\nМ.В.Захарова: Добрый день. Хочу подчеркнуть: мы открыты к "
      "диалогу. Вопрос: Как вы оцениваете итоги саммита? М.В.Захарова: Итоги положительные. Статья 2 Устава ООН: все "
      "члены разрешают споры мирными средствами. Вопрос: Спасибо. Мария Захарова: Спасибо вам.\n";
  ImportOptions o;
  o.format = InputFormat::Folder;
  Run(&d, {{"un/2023/briefing-ru.txt", briefing, "2023/briefing-ru.txt"}, {"un/2023/speech.txt", speech, "2023/speech.txt"}},
      o);
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT coalesce(speaker_key, '-') FROM turns WHERE doc_id = 1 ORDER BY ord") ==
        V{"-", "мария захарова", "question", "мария захарова", "question", "мария захарова"});
  CHECK(d.One("SELECT text FROM turns WHERE doc_id = 1 AND ord = 3") ==
        "Итоги положительные. Статья 2 Устава ООН: все члены разрешают споры мирными средствами.");
  CHECK(d.One("SELECT count(*) FROM turns WHERE doc_id = 2") == "1");
  CHECK(d.One("SELECT count(*) FROM turns WHERE doc_id = 2 AND speaker IS NOT NULL") == "0");
  CHECK(d.One("SELECT value FROM meta WHERE key = 'title'") == "un");
}

TEST_CASE("dumps: junk files of a folder copy are skipped with one summary line; title from the folder") {
  Db d;
  std::vector<InputFile> in = {
      {"corpus/._a.txt", AppleDouble(), "._a.txt"},
      {"corpus/.DS_Store", std::string("\0\0\0\1Bud1\0\0", 10), ".DS_Store"},
      {"corpus/a.txt", "First speech\n\nGood words.\n", "a.txt"},
      {"corpus/sub/._b.txt", AppleDouble(), "sub/._b.txt"},
      {"corpus/sub/b.txt", "Second speech\n\nMore words.\n", "sub/b.txt"},
      {"corpus/Thumbs.db", std::string("\xD0\xCF\x11\xE0\0\0", 6), "Thumbs.db"},
      {"corpus/desktop.ini", "[.ShellClassInfo]\r\n", "desktop.ini"},
      {"corpus/b.txt~", "backup text", "b.txt~"},
      {"corpus/.hidden/c.txt", "hidden", ".hidden/c.txt"},
      {"corpus/scan.txt", std::string(300, '\x01') + "abc", "scan.txt"},
      {"corpus/cp1251.txt", "\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0", "cp1251.txt"},  // "Привет мир" in cp1251: text
  };
  ImportOptions o;
  o.format = InputFormat::Folder;
  Run(&d, in, o);
  REQUIRE(d.ok);
  CHECK(d.One("SELECT count(*) FROM documents") == "3");
  CHECK(d.One("SELECT value FROM meta WHERE key = 'title'") == "corpus");
  const Problem* p = d.Find("skipped hidden or binary files");
  REQUIRE(p);
  CHECK(p->detail ==
        "skipped 8 hidden or binary files: .DS_Store (1), ._* (2), Thumbs.db (1), binary (1), desktop.ini (1), "
        "editor backup (1), hidden folder (1); not documents");
  CHECK(d.report.problems_by_reason["skipped hidden or binary files"] == 1);
  CHECK(d.report.problems_by_reason.count("invalid UTF-8") == 1);  // cp1251 is read (and repaired), not skipped
}

TEST_CASE("dumps: an input of junk only says why nothing was imported") {
  Db d;
  Run(&d, {{"._notes.txt", AppleDouble(), ""}});
  CHECK_FALSE(d.ok);
  CHECK(d.error == "every input is a hidden, system or binary file (skipped 1 hidden or binary file: ._* (1); not documents)");
}

TEST_CASE("dumps: a Mac copy with an AppleDouble file beside every real file") {
  Db d;
  std::vector<InputFile> in;
  for (int i = 0; i < 1204; ++i) {
    const std::string n = std::to_string(i);
    in.push_back({"speeches/._" + n + ".txt", AppleDouble(), "._" + n + ".txt"});
    if (i < 3) in.push_back({"speeches/" + n + ".txt", "Speech " + n + "\n\nText.", n + ".txt"});
  }
  Run(&d, in);
  REQUIRE(d.ok);
  CHECK(d.One("SELECT count(*) FROM documents") == "3");
  CHECK(d.One("SELECT value FROM meta WHERE key = 'title'") == "speeches");
  REQUIRE(d.Find("skipped hidden or binary files"));
  CHECK(d.Find("skipped hidden or binary files")->detail == "skipped 1,204 hidden or binary files: ._* (1,204); not documents");
}

TEST_CASE("dumps: JunkKind") {
  CHECK(JunkKind("._report.txt", "text") == "._*");
  CHECK(JunkKind("a/b/.DS_Store", "") == ".DS_Store");
  CHECK(JunkKind("THUMBS.DB", "") == "Thumbs.db");
  CHECK(JunkKind("x/__MACOSX/a.txt", "text") == "__MACOSX/");
  CHECK(JunkKind("#draft.txt#", "t") == "editor backup");
  CHECK(JunkKind(".report.txt.swp", "t") == "editor backup");
  CHECK(JunkKind("old.bak", "t") == "editor backup");
  CHECK(JunkKind("a.txt", std::string("ab\0cd", 5)) == "binary");
  CHECK(JunkKind("a.txt", "\xFF\xFEh\0i\0") == "");  // UTF-16 with a BOM is text
  CHECK(JunkKind("a.txt", "Plain text.\r\n\tIndented.\f") == "");
  CHECK(JunkKind("2014/speech.txt", "Text") == "");
}

TEST_CASE("dumps: numbered column families for text and persons, said in the report") {
  Db d;
  const std::string csv =
      "article_id,title,article_full_text_1,article_full_text_2,article_full_text_10,Name_1,Name_2,Name_10\n"
      "a1,First,Part one.,Part two.,Part ten.,Sergey Lavrov,Maria Zakharova,NA\n"
      "a2,Second,Alpha.,,Gamma.,Vladimir Putin,,\n";
  Run(&d, {{"fam.csv", csv, ""}});
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT external_id FROM documents ORDER BY id") == V{"a1", "a2"});
  CHECK(d.One("SELECT text FROM documents WHERE external_id = 'a1'") == "Part one.\n\nPart two.\n\nPart ten.");
  CHECK(d.One("SELECT text FROM documents WHERE external_id = 'a2'") == "Alpha.\n\nGamma.");
  CHECK(d.Column("SELECT name FROM entities WHERE kind = 'person' ORDER BY name") ==
        V{"Maria Zakharova", "Sergey Lavrov", "Vladimir Putin"});
  const Problem* p = d.Find("text from a column family");
  REQUIRE(p);
  CHECK(p->detail == "no text column; text joined from article_full_text_1 … article_full_text_10 (3 columns) in natural order");
  CHECK(d.report.problems_by_reason["text from a column family"] == 1);  // once per file
  CHECK(d.Find("persons from a column family"));
}

TEST_CASE("dumps: a missing field gets a --map suggestion naming candidates by the text they hold") {
  Db d;
  const std::string csv =
      "id,headline,notes,remarks,code,published_on\n"
      "1,First,A long note about the talks in Geneva and what followed.,Short remark here ok,X1,2014-05-04\n"
      "2,Second,Another long note about the next round of talks.,Other remark here ok,X2,2014-05-05\n";
  Run(&d, {{"notext.csv", csv, ""}});
  REQUIRE(d.ok);
  const Problem* text = d.Find("no text");
  REQUIRE(text);
  CHECK(text->detail ==
        "2 of 2 documents have a title but no text; imported, searchable by title; candidates by text held: "
        "notes (104 chars), remarks (40 chars); try --map text=notes");
  const Problem* date = d.Find("no date");
  REQUIRE(date);
  CHECK(date->detail.find("try --map date=published_on") != std::string::npos);
}

TEST_CASE("dumps: site boilerplate is cut into extra and its structured parts are used") {
  Db d;
  std::string jsonl;
  const V bodies = {"The ministers met in Geneva.", "Talks on trade went well.", "A statement on Syria was made.",
                    "The visit ended with a dinner.", "Sergey Lavrov spoke to the press."};
  for (size_t i = 0; i < bodies.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    jsonl += R"({"post_id":"p)" + n + R"(","title":"Item )" + n + R"(","text":"Main menu · Search\n\n)" + bodies[i] +
             R"(\n\nGeography: Switzerland · Topics: Diplomacy; Trade · People: LAVROV Sergey Viktorovich – Minister of Foreign Affairs\n\nPublished in section: News · Date of publication: )" +
             n + R"( May 2014 · Link to this page: https://example.org/)" + n + R"("})" + "\n";
  }
  // Russian, flattened: the footer glued to the last sentence.
  jsonl += R"({"post_id":"r1","title":"Заявление","text":"Министр выступил с заявлением. Спасибо. Опубликовано в разделе: Новости · Дата публикации: 5 мая 2014 · Темы: Сирия · Персоны: ЗАХАРОВА Мария Владимировна – Директор Департамента"})";
  jsonl += "\n";
  Run(&d, {{"site.jsonl", jsonl, ""}});
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT text FROM documents ORDER BY id") ==
        V{"The ministers met in Geneva.", "Talks on trade went well.", "A statement on Syria was made.",
          "The visit ended with a dinner.", "Sergey Lavrov spoke to the press.",
          "Министр выступил с заявлением. Спасибо."});
  CHECK(d.One("SELECT section FROM documents WHERE external_id = 'p1'") == "News");
  CHECK(d.One("SELECT section FROM documents WHERE external_id = 'r1'") == "Новости");
  CHECK(test_support::ExtraAt(d.One("SELECT extra FROM documents WHERE external_id = 'p1'"), "/boilerplate/0") ==
        "Main menu · Search");
  CHECK(test_support::ExtraAt(d.One("SELECT extra FROM documents WHERE external_id = 'p1'"), "/positions/Sergey Lavrov") ==
        "Minister of Foreign Affairs");
  CHECK(d.Column("SELECT e.name FROM doc_entities de JOIN entities e ON e.id = de.entity_id JOIN documents d ON "
                 "d.id = de.doc_id WHERE d.external_id = 'p1' AND e.kind IN ('tag', 'person') ORDER BY e.kind, e.name") ==
        V{"Sergey Lavrov", "Diplomacy", "Trade"});
  CHECK(d.One("SELECT count(*) FROM doc_entities de JOIN entities e ON e.id = de.entity_id JOIN documents d ON d.id = "
              "de.doc_id WHERE d.external_id = 'p1' AND e.kind = 'country' AND e.name = 'Switzerland'") == "1");
  CHECK(d.Column("SELECT e.name FROM doc_entities de JOIN entities e ON e.id = de.entity_id JOIN documents d ON "
                 "d.id = de.doc_id WHERE d.external_id = 'r1' AND e.kind IN ('tag', 'person') ORDER BY e.kind, e.name") ==
        V{"Мария Захарова", "Сирия"});
  const Problem* p = d.Find("site boilerplate cut");
  REQUIRE(p);
  CHECK(p->detail.find("from 6 documents") != std::string::npos);
}

TEST_CASE("dumps: a folder of scraped pages: the site's header and footer are cut across the files") {
  Db d;
  std::vector<InputFile> in;
  const V titles = {"Talks with Serbia", "Visit to Geneva", "Press remarks", "Interview to RT", "Statement on Syria",
                    "Speech at MGIMO"};
  const V bodies = {"The talks were useful.", "The visit was short.", "Thank you for coming.", "A long interview.",
                    "We are concerned.", "Dear students, welcome."};
  for (int i = 1; i <= 6; ++i) {
    const std::string n = std::to_string(i);
    in.push_back({"site/page" + n + ".txt",
                  "Ministry of Foreign Affairs | Home | News\r\n\r\n" + titles[i - 1] + "\r\n\r\n" + bodies[i - 1] +
                      "\r\n\r\n© 2014 Ministry. All rights reserved. Page " + n + " of 90\r\n",
                  "page" + n + ".txt"});
  }
  ImportOptions o;
  o.format = InputFormat::Folder;
  Run(&d, in, o);
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT title FROM documents ORDER BY id LIMIT 2") == V{"Talks with Serbia", "Visit to Geneva"});
  CHECK(d.One("SELECT text FROM documents WHERE id = 3") == "Press remarks\n\nThank you for coming.");
  CHECK(test_support::ExtraAt(d.One("SELECT extra FROM documents WHERE id = 3"), "/boilerplate") ==
        R"(["Ministry of Foreign Affairs | Home | News","© 2014 Ministry. All rights reserved. Page 3 of 90"])");
  REQUIRE(d.Find("site boilerplate cut"));
}

TEST_CASE("dumps: message dumps take #hashtags as tags; id columns are recognised") {
  Db d;
  const std::string json =
      R"([{"message_id": 101, "date": "2022-03-01T10:00:00", "views": 500, "message": "Talks today #Ukraine #UN, see page#top and #1"},)"
      R"( {"message_id": 102, "date": "2022-03-02T10:00:00", "views": 700, "message": "Ещё новости #переговоры #Ukraine"}])";
  Run(&d, {{"channel.json", json, ""}});
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT external_id FROM documents ORDER BY id") == V{"101", "102"});
  CHECK(d.Column("SELECT e.name FROM doc_entities de JOIN entities e ON e.id = de.entity_id WHERE e.kind = 'tag' "
                 "AND de.doc_id = 1 ORDER BY e.name") == V{"UN", "Ukraine"});
  CHECK(d.Column("SELECT e.name FROM doc_entities de JOIN entities e ON e.id = de.entity_id WHERE e.kind = 'tag' "
                 "AND de.doc_id = 2 ORDER BY e.name") == V{"Ukraine", "переговоры"});
  CHECK(FindHashtags("a#b #x_1 #2 (#Тег) http://x.org/#frag") == V{"x_1", "Тег"});
}

TEST_CASE("dumps: official name forms") {
  std::string position;
  CHECK(NameFromOfficialForm("LAVROV Sergey Viktorovich – Minister of Foreign Affairs", &position) == "Sergey Lavrov");
  CHECK(position == "Minister of Foreign Affairs");
  CHECK(NameFromOfficialForm("ЗАХАРОВА Мария Владимировна – Директор Департамента", &position) == "Мария Захарова");
  CHECK(position == "Директор Департамента");
  CHECK(NameFromOfficialForm("RIMSKY-KORSAKOV Nikolai", &position) == "Nikolai Rimsky-Korsakov");
  CHECK(position.empty());
  CHECK(NameFromOfficialForm("Sergey Lavrov", &position).empty());
  CHECK(NameFromOfficialForm("UN Security Council", &position).empty());
  CHECK(NameFromOfficialForm("NATO", &position).empty());
}

TEST_CASE("dumps: an interviewer named by the outlet's web site") {
  Db d;
  const std::string json =
      R"([{"conversationId":"c1","senderName":"cnn.com","text":"Welcome."},)"
      R"({"conversationId":"c1","senderName":"Vladimir Putin","text":"Thank you."}])";
  Run(&d, {{"iv.json", json, ""}});
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT speaker || '|' || speaker_key FROM turns ORDER BY ord") ==
        V{"Interviewer (cnn.com)|interviewer", "Vladimir Putin|vladimir putin"});
}

TEST_CASE("dumps: one speaker's spellings in different documents share a key in the archive") {
  Db d;
  const std::string json =
      R"([{"id":"1","title":"A","text":"Question: Why?\nV.Putin: Because.\nQuestion: And?\nV.Putin: Yes."},)"
      R"({"id":"2","title":"B","text":"Question: Why?\nVladimir Putin: Because.\nQuestion: And?\nLavrov: No."},)"
      R"({"id":"3","title":"C","text":"Question: Who?\nJohn Smith: Me.\nAnna Smith: Her.\nSmith: Both."}])";
  Run(&d, {{"q.json", json, ""}});
  REQUIRE(d.ok);
  CHECK(d.Column("SELECT DISTINCT speaker_key FROM turns WHERE speaker_key <> 'question' ORDER BY 1") ==
        V{"anna smith", "john smith", "lavrov", "smith", "vladimir putin"});
  CHECK(d.One("SELECT speaker FROM turns WHERE doc_id = 1 AND ord = 1") == "V.Putin");
  REQUIRE(d.Find("speaker spellings joined"));
  CHECK(d.Find("speaker spellings joined")->detail ==
        "2 turns of 1 speaker spelling(s) joined to the full name written elsewhere in the archive: v.putin → vladimir putin");
}
