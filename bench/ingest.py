"""Ingest throughput on real news: articles/s with 1 and 2 workers, against plain spaCy ``nlp.pipe``.

    .venv/bin/python bench/ingest.py [FOLDER_OR_JSONL] [--n 200]

Default input: ../shared/corpora/wikinews_politics.jsonl, first N readable articles (empty records are skipped
by the reader, as in a real ingest). All three measurements run in this process's run, on the same texts:
1. plain ``nlp.pipe`` (model loaded beforehand, batch 16): the parsing floor;
2. ``ingest`` with 1 worker (pipeline loaded beforehand), into a fresh DuckDB file;
3. ``ingest`` with 2 worker processes, into another fresh file; reported with and without worker start-up
   (each worker loads its own pipeline; "steady" counts from the first committed batch).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "wikinews_politics.jsonl"


def take(source: Path, n: int, out: Path) -> list[str]:
    """The first n readable articles of ``source`` (any format ingest reads), written to ``out`` as JSONL."""
    from tidings.models import Item
    from tidings.readers.files import iter_records

    texts = []
    with out.open("w", encoding="utf-8") as fh:
        for rec in iter_records([source]):
            if isinstance(rec, Item):
                a = rec.article
                fh.write(json.dumps({"id": rec.doc_id, "url": a.url, "title": a.title, "source": a.source,
                                     "date": a.date.isoformat() if a.date else None, "text": a.text}) + "\n")
                texts.append(a.text)
                if len(texts) >= n:
                    break
    return texts


def run_ingest(jsonl: Path, db: Path, workers: int, pipeline=None, prefilter: bool = True) -> dict:
    from tidings.jobs.ingest import IngestOptions, ingest

    first: list[float] = []

    def on_batch(report) -> None:
        if not first:
            first.extend([time.perf_counter(), report.added])

    t0 = time.perf_counter()
    report = ingest([jsonl], db, IngestOptions(workers=workers, prefilter=prefilter), pipeline=pipeline,
                    progress=on_batch)
    total = time.perf_counter() - t0
    steady = (report.added - first[1]) / (time.perf_counter() - first[0]) if first and report.added > first[1] else 0
    return {"articles": report.added, "seconds": total, "rate": report.added / total, "steady": steady,
            "mentions": report.mentions}


def bench_args(doc: str, default_n: int, ap: argparse.ArgumentParser | None = None) -> tuple[argparse.Namespace, Path]:
    """The arguments every bench takes (a corpus and how many of its articles), parsed and checked."""
    ap = ap or argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("source", nargs="?", default=str(DEFAULT), help="folder or JSONL file of news")
    ap.add_argument("--n", type=int, default=default_n, help="number of articles")
    args = ap.parse_args()
    source = Path(args.source)
    if not source.exists():
        sys.exit(f"bench: {source} not found")
    return args, source


def main() -> None:
    args, source = bench_args(__doc__, 200)

    from tidings.nlp import model as nlp_mod
    from tidings.pipeline import Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        jsonl = tmpdir / "sample.jsonl"
        texts = take(source, args.n, jsonl)
        words = sum(len(t.split()) for t in texts)
        print(f"{len(texts)} articles, {words} words, from {source}")

        t0 = time.perf_counter()
        pipe = Pipeline(warm=True)
        print(f"pipeline load: {time.perf_counter() - t0:.1f} s")

        plain = nlp_mod.stock()  # its own copy of the model, as spaCy loads it: tidings' copy is sped up
        t0 = time.perf_counter()
        for _ in plain.pipe(texts, batch_size=16):
            pass
        base = len(texts) / (time.perf_counter() - t0)
        print(f"plain nlp.pipe:        {base:6.1f} articles/s  ({base * words / len(texts):.0f} words/s)")

        one = run_ingest(jsonl, tmpdir / "one.duckdb", 1, pipeline=pipe)
        print(f"ingest, 1 worker:      {one['rate']:6.1f} articles/s  ratio to nlp.pipe {one['rate'] / base:.2f}  "
              f"({one['articles']} articles, {one['mentions']} mentions, {one['seconds']:.1f} s)")

        two = run_ingest(jsonl, tmpdir / "two.duckdb", 2)
        print(f"ingest, 2 workers:     {two['rate']:6.1f} articles/s  ratio to nlp.pipe {two['rate'] / base:.2f}  "
              f"({two['seconds']:.1f} s, including each worker loading its pipeline)")
        print(f"ingest, 2 workers, steady state (after the first commit): {two['steady']:6.1f} articles/s  "
              f"ratio to nlp.pipe {two['steady'] / base:.2f}")


if __name__ == "__main__":
    main()
