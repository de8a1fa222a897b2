#!/usr/bin/env python3
"""make_fixtures: bad archives for the browser tests (a text file, a SQLite file that is not a
Stenogram archive, a truncated archive, an archive of the old format 1) and the JSONL of a small Russian archive, written to
build/test-fixtures/."""
import json
import sqlite3
import sys
from pathlib import Path

out = Path(sys.argv[1])
sample = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
(out / "notes.txt").write_text("Meeting notes, not an archive.\n" * 20, encoding="utf-8")
people = out / "people.sqlite"
people.unlink(missing_ok=True)
with sqlite3.connect(people) as db:
    db.execute("CREATE TABLE people(name TEXT)")
    db.execute("INSERT INTO people VALUES ('Sergey Lavrov')")
db.close()
# An archive of format 1 (before texts were stored once): the viewer names the command that
# rebuilds it from the sources its meta records.
old_format = out / "format1.sqlite"
old_format.unlink(missing_ok=True)
with sqlite3.connect(old_format) as db:
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE documents(id INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL DEFAULT '')")
    db.execute("CREATE TABLE turns(doc_id INTEGER, ord INTEGER, speaker TEXT, speaker_key TEXT, text TEXT)")
    db.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("title", "Old archive"), ("schema_version", "1"),
        ("sources", json.dumps([{"name": "lavrov.jsonl", "format": "jsonl"}]))])
    db.execute("INSERT INTO documents VALUES (1, 'Talks', 'Question: How were the talks?')")
    db.execute("PRAGMA user_version = 1")
db.close()
# A small Russian archive (built by stenogram-build in tools/test): word forms, speakers, and one
# long transcript whose hits are far down, for the search tests.
filler = "Мы обсудили широкий круг вопросов двусторонних отношений, экономики, культуры и образования."
long_text = "\n\n".join(
    ["Вопрос: Расскажите о встрече в Минске."]
    + ["С.В.Лавров: " + filler] + [filler] * 60
    + ["О переговорах в Женеве мы договорились отдельно.", "Вопрос: А что о переговорах по Ирану?",
       "С.В.Лавров: Переговорный процесс идёт, переговоры продолжаются."])
russian = [
    {"id": "ru-1", "title": "Интервью С.В.Лаврова о переговорах по Украине", "date": "2014-11-20",
     "kind": "interview", "place": "Москва", "language": "ru", "tags": ["Украина"],
     "text": "Вопрос: Как идут переговоры по Украине?\n\nС.В.Лавров: Переговоры в Минске продолжаются."},
    {"id": "ru-2", "title": "Выступление на заседании Совета министров ОБСЕ", "date": "2014-12-04",
     "kind": "speech", "place": "Базель", "language": "ru", "tags": ["ОБСЕ"],
     "text": "Уважаемые коллеги,\n\nБезопасность в Европе неделима. О переговорах говорить рано."},
    {"id": "ru-3", "title": "Пресс-конференция по итогам года", "date": "2015-01-21",
     "kind": "press conference", "place": "Москва", "language": "ru", "tags": ["итоги года"],
     "url": "https://example.org/ru-3", "text": long_text},
]
(out / "russian.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in russian), encoding="utf-8")

data = sample.read_bytes()
(out / "truncated.sqlite").write_bytes(data[: len(data) // 2])

# The reader's archive (built by stenogram-build in tools/test): speaker turns to select and quote,
# Hebrew and Arabic runs inside English text and titles, and one long transcript to scroll.
rtl_line = ("We spoke about Jerusalem, \u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd in Hebrew and "
            "\u0627\u0644\u0642\u062f\u0633 in Arabic, and about peace: \u05e9\u05dc\u05d5\u05dd, "
            "\u0633\u0644\u0627\u0645.")
paragraph = ("The talks were useful and detailed. We discussed the situation in the region, the work of the "
             "quartet and the next steps of the negotiations, which we hope will resume soon.")
reader = [
    {"id": "rd-1", "title": "Talks on the Middle East", "date": "2014-12-05", "kind": "talks", "place": "Moscow",
     "url": "https://example.org/rd-1", "language": "en",
     "text": "\n\n".join(["Question: How were the talks with your colleague?",
                          "Sergey Lavrov: " + paragraph, paragraph, rtl_line,
                          "Question: What about the talks next year?",
                          "Sergey Lavrov: We agreed to meet again. The talks will continue in Geneva."])},
    {"id": "rd-2", "title": "Statement on \u05e9\u05dc\u05d5\u05dd and \u0633\u0644\u0627\u0645 (peace)",
     "date": "2015-03-10", "kind": "statement", "place": "Geneva", "language": "en", "text": rtl_line + "\n\n" + paragraph},
    {"id": "rd-3", "title": "Long press conference", "date": "2016-06-01", "kind": "press conference", "place": "Moscow",
     "language": "en",
     "text": "\n\n".join(("Question: Question number %d about the talks?\n\nSergey Lavrov: " % i) + paragraph + " " + paragraph
                         for i in range(1, 41))},
]
(out / "reader.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in reader), encoding="utf-8")

# Texts converted from Markdown keep its emphasis markers (**bold**, __bold__): the reader hides
# them and draws the words bold; copies leave the markers out; the archive keeps them.
markdown = [
    {"id": "md-1", "title": "Briefing with emphasis", "date": "2018-04-02", "kind": "briefing", "place": "Moscow",
     "language": "en",
     "text": "\n\n".join(["Question: Is the position **unchanged**?",
                          "Sergey Lavrov: Our position is **absolutely clear**: the talks must __continue__ without "
                          "preconditions. We said so in 2014, and 5 ** 2 is still 25.",
                          "Question: Thank you."])},
]
(out / "markdown.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in markdown), encoding="utf-8")
