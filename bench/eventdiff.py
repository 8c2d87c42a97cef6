"""Before/after diff of coded events on real articles, for accuracy work (issues 14 and 15).

    .venv/bin/python bench/eventdiff.py dump OUT.tsv [--n 1000] [--seed 7] [--add] [--no-prefilter]
    .venv/bin/python bench/eventdiff.py diff BEFORE.tsv AFTER.tsv [--sample 50] [--seed 7]

``dump`` codes a fixed sample of N articles drawn evenly from the three shared corpora (Wikinews politics, Wikinews
economy, BBC; the same articles for a given N and seed) and writes one row per event: article id, sentence index,
source, target, CAMEO code, PLOVER type, modality, rule, trigger and the evidence sentence. ``diff`` prints what
was added, removed and recoded between two dumps, counts by CAMEO root and by rule, and a random sample of added
events for a reader to judge (the issue asks for the share a reader would call wrong in a sample of 50).
``dump --add`` lets the learned model add events where the rules are silent (``events.learned.ADD_EVENTS``), and
every dump prints how many sentences the model read and its time (what additions cost: issue 16).

Why a script and not a test: a change meant to improve accuracy changes output on purpose; what matters is whether
the new events are right, which only a reader can say.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
FILES = ("wikinews_politics.jsonl", "wikinews_economy.jsonl", "bbc_news.jsonl")
FIELDS = ("id", "sentence", "source", "target", "cameo", "plover", "modality", "rule", "trigger", "evidence")


def sample_articles(n: int, seed: int) -> list:
    """The same N articles for the same (n, seed): an even share from each corpus that exists, their text
    normalised as the JSON Lines reader normalises it (``readers.plaintext``), so that the dump codes what an
    ingest of the same lines would store."""
    import datetime as dt

    from tidings.models import Article
    from tidings.readers.plaintext import normalise

    files = [CORPORA / name for name in FILES if (CORPORA / name).exists()]
    if not files:
        files = sorted(CORPORA.glob("*.jsonl"))
    rng = random.Random(seed)
    out = []
    for i, path in enumerate(files):
        lines = path.read_text(encoding="utf-8").splitlines()
        share = n // len(files) + (1 if i < n % len(files) else 0)
        for line in rng.sample(lines, min(share, len(lines))):
            r = json.loads(line)
            day = dt.date.fromisoformat(r["date"][:10]) if r.get("date") else None
            out.append(Article(text=normalise(r["text"]), date=day, title=r.get("title"), id=r.get("id")))
    return out


def actor(a: dict | None) -> str:
    if not a:
        return "-"
    return f"{a.get('country') or '---'}{a.get('sector') or ''}"


def dump(out: Path, n: int, seed: int, add: bool = False, prefilter: bool = True) -> None:
    import tidings.events.learned
    from tidings.pipeline import Pipeline

    tidings.events.learned.ADD_EVENTS = add or tidings.events.learned.ADD_EVENTS
    pipe = Pipeline(prefilter=prefilter)
    read_by_model = []  # batch sizes, appended on the model's thread
    scored = pipe._probabilities
    pipe._probabilities = lambda model, texts: read_by_model.append(len(texts)) or scored(model, texts)
    rows = quotes = 0
    with out.open("w", encoding="utf-8") as fh:
        fh.write("\t".join(FIELDS) + "\n")
        for coded in pipe.code_many(sample_articles(n, seed)):
            d = coded.to_dict()
            quotes += len(d.get("quotes") or ())
            for e in d["events"]:
                vals = (d["article"]["id"], e["sentence"], actor(e.get("source")), actor(e.get("target")),
                        e["cameo"], e.get("plover") or "", e.get("modality") or "", e.get("rule") or "",
                        e.get("trigger") or "", e.get("evidence") or "")
                fh.write("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in vals) + "\n")
                rows += 1
    print(f"{rows} events and {quotes} quotes from {n} articles -> {out}; the learned model read "
          f"{sum(read_by_model)} sentences in {pipe.model_seconds:.1f} s (additions "
          f"{'on' if tidings.events.learned.ADD_EVENTS else 'off'})", file=sys.stderr)


def read(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [dict(zip(FIELDS, line.split("\t"), strict=False)) for line in lines[1:]]


def key(r: dict) -> tuple:
    return (r["id"], r["sentence"], r["source"], r["target"], r["cameo"])


def diff(before: Path, after: Path, sample: int, seed: int) -> None:
    b, a = read(before), read(after)
    bk, ak = Counter(map(key, b)), Counter(map(key, a))
    added = [r for r in a if (ak - bk)[key(r)] > 0]
    removed = [r for r in b if (bk - ak)[key(r)] > 0]
    print(f"before {len(b)} events, after {len(a)}: +{len(added)} -{len(removed)}")
    for name, rows in (("added", added), ("removed", removed)):
        roots = Counter(r["cameo"][:2] for r in rows).most_common(12)
        rules = Counter(r["rule"] for r in rows).most_common(12)
        print(f"{name} by CAMEO root: {roots}")
        print(f"{name} by rule: {rules}")
    rng = random.Random(seed)
    for name, rows in (("added", added), ("removed", removed)):
        pick = rng.sample(rows, min(sample, len(rows)))
        print(f"\n## {len(pick)} random {name} events")
        for r in pick:
            print(f"- {r['source']} -> {r['target']} {r['cameo']} {r['plover']} [{r['rule']}] '{r['trigger']}' "
                  f"({r['modality']}) :: {r['evidence'][:300]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--n", type=int, default=1000)
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--add", action="store_true", help="let the model add events (events.learned.ADD_EVENTS)")
    d.add_argument("--no-prefilter", action="store_true", help="parse every sentence (what the pre-filter costs)")
    f = sub.add_parser("diff")
    f.add_argument("before", type=Path)
    f.add_argument("after", type=Path)
    f.add_argument("--sample", type=int, default=50)
    f.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.n, args.seed, args.add, not args.no_prefilter)
    else:
        diff(args.before, args.after, args.sample, args.seed)


if __name__ == "__main__":
    main()
