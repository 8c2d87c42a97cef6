"""Cross-tabulate the rules' events on a five-way labelled TSV against its labels, to infer the data's convention.

    .venv/bin/python bench/quad_convention.py dump ../shared/gold/quad-train.tsv OUT.jsonl
    .venv/bin/python bench/quad_convention.py table OUT.jsonl

``dump`` codes every sentence with the rules and writes, per sentence, its label and all its events (CAMEO code,
root, PLOVER type, QuadClass, modality, confidence). ``table`` prints, for the best event of each sentence (the one
``tidings eval`` judges by), the count of gold labels per CAMEO root and per PLOVER type, with the majority label:
where the data's labels disagree with GDELT's QuadClass for a whole root, the root belongs elsewhere in that
convention (the table and the resulting mapping are in docs/accuracy.md, "The ConfliBERT convention").

Why a script: the mapping in ``tidings.events.conventions`` was read off this table; anyone can rerun it on new
labelled data instead of trusting the comment.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path


def dump(gold: Path, out: Path) -> None:
    from tidings.jobs.evaluate import load_quad_tsv
    from tidings.pipeline import Pipeline

    pipe = Pipeline()
    with out.open("w", encoding="utf-8") as fh:
        for i, (text, label) in enumerate(load_quad_tsv(gold)):
            events = [{"cameo": e.cameo, "root": e.cameo_root, "plover": e.plover, "quad": e.quad_class,
                       "modality": e.modality.value, "confidence": e.confidence, "sentence": e.sentence}
                      for e in pipe.code(text).events]
            fh.write(json.dumps({"row": i, "label": label, "events": events}) + "\n")


def best(events: list[dict]) -> dict | None:
    """As tidings.jobs.evaluate.best_event(typed_only=False): highest confidence, earliest sentence."""
    return max(events, key=lambda e: (e["confidence"], -e["sentence"])) if events else None


def table(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_root: dict[str, Counter] = defaultdict(Counter)
    by_plover: dict[str, Counter] = defaultdict(Counter)
    gdelt: dict[str, int] = {}
    for r in rows:
        b = best(r["events"])
        key = b["root"] if b else "none"
        by_root[key][r["label"]] += 1
        by_plover[(b["plover"] or "(01 statement)") if b else "none"][r["label"]] += 1
        if b:
            gdelt[key] = b["quad"]
    for title, tab in (("CAMEO root", by_root), ("PLOVER type", by_plover)):
        print(f"| {title} | n | 0 | 1 | 2 | 3 | 4 | majority |" + (" GDELT quad |" if title == "CAMEO root" else ""))
        print("|---|---|---|---|---|---|---|---|" + ("---|" if title == "CAMEO root" else ""))
        for key in sorted(tab):
            c = tab[key]
            cells = " | ".join(str(c.get(k, 0)) for k in range(5))
            extra = f" {gdelt.get(key, '-')} |" if title == "CAMEO root" else ""
            print(f"| {key} | {sum(c.values())} | {cells} | {c.most_common(1)[0][0]} |{extra}")
        print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("gold", type=Path)
    d.add_argument("out", type=Path)
    t = sub.add_parser("table")
    t.add_argument("path", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.gold, args.out)
    else:
        table(args.path)


if __name__ == "__main__":
    main()
