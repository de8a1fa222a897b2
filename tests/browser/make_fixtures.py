#!/usr/bin/env python3
"""make_fixtures: bad archives for the browser tests (a text file, a SQLite file that is not a
Stenogram archive, a truncated archive), written to build/test-fixtures/."""
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
data = sample.read_bytes()
(out / "truncated.sqlite").write_bytes(data[: len(data) // 2])
