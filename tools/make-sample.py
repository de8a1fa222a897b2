#!/usr/bin/env python3
"""make-sample: turns assets/sample/seed.txt + documents.json into the sample archive's JSON input.

Each document in documents.json names the paragraph it starts with ("starts_with"); the greeting
paragraphs just before it ("Ladies and gentlemen,") belong to it too. Every paragraph of the seed
after the site navigation must land in exactly one document: the script fails otherwise, so no
text is silently dropped.
"""
import json
import sys
from pathlib import Path


def is_greeting(paragraph: str) -> bool:
    return len(paragraph) <= 60 and paragraph.endswith(",")


def main(out_path: str) -> None:
    here = Path(__file__).resolve().parent.parent / "assets" / "sample"
    meta = json.loads((here / "documents.json").read_text(encoding="utf-8"))
    seed = (here / meta["source"]).read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.replace("\r\n", "\n").split("\n\n") if p.strip()]
    # The first block is site navigation and the month archive ("October 2018 (14)").
    navigation = paragraphs.pop(0)
    starts = []
    for doc in meta["documents"]:
        hits = [i for i, p in enumerate(paragraphs) if p.replace("\u00a0", " ").startswith(doc["starts_with"])]
        if len(hits) != 1:
            sys.exit(f"make-sample: {doc['id']}: 'starts_with' matches {len(hits)} paragraphs, need exactly 1")
        first = hits[0]
        while first > 0 and is_greeting(paragraphs[first - 1]) and (first - 1) not in starts:
            first -= 1
        starts.append(first)
    if starts != sorted(starts) or starts[0] != 0:
        sys.exit(f"make-sample: documents must cover the seed in order from its first paragraph (starts {starts})")
    documents = []
    for n, doc in enumerate(meta["documents"]):
        end = starts[n + 1] if n + 1 < len(starts) else len(paragraphs)
        record = {k: v for k, v in doc.items() if k != "starts_with"}
        record["text"] = "\n\n".join(paragraphs[starts[n]:end])
        documents.append(record)
    out = {
        "title": meta["title"],
        "description": meta["description"],
        "navigation": navigation.split("\n"),
        "documents": documents,
    }
    Path(out_path).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/sample/lavrov-sample.json")
