"""Write the golden files of ``tests/test_golden.py``: what ``tidings code`` gives for the seed article and for the
first 300 Wikinews politics articles of ``../shared/corpora``.

Run it (``.venv/bin/python tests/golden/make_coded_golden.py``) only when a change to the coded output is meant,
and say in the commit which fields changed and why. The seed's JSON is kept whole (``seed.json``); of the corpus
articles only a digest of each article's canonical JSON is kept (``wikinews300.tsv``), so that no corpus text is
committed, with the counts that help to see what moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
SEED = SHARED / "seed" / "article.txt"
SEED_DATE = dt.date(2026, 1, 2)
CORPUS = SHARED / "corpora" / "wikinews_politics.jsonl"
N_ARTICLES = 300


def canonical(d: dict) -> str:
    """One article's coded JSON, keys sorted: the form that is hashed."""
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def digest(d: dict) -> str:
    return hashlib.sha256(canonical(d).encode("utf-8")).hexdigest()


def corpus_articles(n: int = N_ARTICLES) -> Iterator:
    """The first ``n`` records of the Wikinews politics corpus as Articles (no date: coded without one), their text
    normalised as ``tidings code`` and the JSON Lines reader normalise it (``readers.plaintext``)."""
    from tidings.models import Article
    from tidings.readers.plaintext import normalise

    with CORPUS.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                return
            r = json.loads(line)
            day = dt.date.fromisoformat(r["date"][:10]) if r.get("date") else None
            yield Article(text=normalise(r["text"]), date=day, title=r.get("title"), id=r["id"])


def row(d: dict) -> str:
    """id, digest, and the counts shown when a digest differs."""
    art = d["article"]
    return "\t".join([art["id"], digest(d), str(len(d["events"])), str(len(d["actors"])), str(len(d["quotes"])),
                      str(len(d["amounts"]))])


def main() -> None:
    from tidings.pipeline import Pipeline

    pipe = Pipeline()
    seed = pipe.code(SEED.read_text(encoding="utf-8"), date=SEED_DATE).to_dict()
    (HERE / "seed.json").write_text(json.dumps(seed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    rows = [row(c.to_dict()) for c in pipe.code_many(corpus_articles())]
    header = "id\tsha256\tevents\tactors\tquotes\tamounts"
    (HERE / "wikinews300.tsv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"wrote seed.json and wikinews300.tsv ({len(rows)} articles)", file=sys.stderr)


if __name__ == "__main__":
    main()
