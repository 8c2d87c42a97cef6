"""Five-way macro-F1 of the rules, the learned model and the two together, on quad-train.tsv, without leakage.

    .venv/bin/python bench/stack_quad.py [--gold ../shared/gold/quad-train.tsv] [--oof /tmp/s9/model-oof.tsv]
                                         [--boot 1000] [--json OUT]

The shipped model was fitted on quad-train.tsv, so its own predictions there say nothing. The training script
writes out-of-fold probabilities instead (each sentence scored by the fold model that did not see it, calibrated;
``row<TAB>label<TAB>fold<TAB>p0..p4``). This script runs the real ``Pipeline`` over every sentence with those
probabilities in place of the model (``OofScorer``, a ``QuadScorer``): the rules, then ``events.learned`` exactly
as at run time (confidences, the events it adds). Three predictions per sentence:

* rules: ``Pipeline(learned=False)``, the best event as ``tidings eval`` picks it;
* model: the arg-max of the out-of-fold probabilities;
* combined: ``Pipeline(learned=OofScorer)``, the best event as ``tidings eval`` picks it.

Each in two conventions: GDELT's QuadClass (``tidings eval``'s default: the event's ``quad_class``) and the data's
own ("conflibert": ``events.conventions.conflibert_class``). No event is class 0 in both. Macro-F1 with a bootstrap
95% interval (resampled sentences, the same resamples for every method, so their differences are paired).
When spaCy splits a row into several sentences, each is given the row's probabilities (the model saw the row).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "quad-train.tsv"


class OofScorer:
    """The out-of-fold probabilities of the row being coded, for every sentence the pipeline asks about."""

    name = "quad-minilm (out-of-fold)"

    def __init__(self, probs: numpy.ndarray) -> None:
        self.probs = probs
        self.row = 0

    def probabilities(self, texts: list[str]) -> numpy.ndarray:
        return numpy.repeat(self.probs[self.row:self.row + 1], len(texts), axis=0)


def read_oof(path: Path, n: int) -> tuple[numpy.ndarray, list[int]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    probs = numpy.zeros((n, 5), dtype=numpy.float32)
    gold = [0] * n
    for line in lines[1:]:
        f = line.split("\t")
        i = int(f[0])
        gold[i] = int(f[1])
        probs[i] = [float(x) for x in f[3:8]]
    return probs, gold


def macro_f1(gold: list[int], pred: list[int], idx: list[int] | None = None) -> float:
    idx = idx if idx is not None else list(range(len(gold)))
    f1s = []
    for k in range(5):
        tp = sum(1 for i in idx if pred[i] == k and gold[i] == k)
        fp = sum(1 for i in idx if pred[i] == k and gold[i] != k)
        fn = sum(1 for i in idx if pred[i] != k and gold[i] == k)
        if tp + fn == 0:
            continue
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def predictions(pipe, rows: list[str], scorer: OofScorer | None) -> tuple[list[int], list[int], dict]:
    """GDELT and conflibert class of the best event per row, and counts of events by rule kind."""
    from tidings.events.conventions import conflibert_class
    from tidings.events.learned import MODEL_RULE
    from tidings.jobs.evaluate import best_event

    gdelt, conf, counts = [], [], {"rows_with_model_event": 0, "model_events": 0, "best_is_model": 0}
    for i, text in enumerate(rows):
        if scorer is not None:
            scorer.row = i
        events = list(pipe.code(text).events)
        added = [e for e in events if e.rule == MODEL_RULE]
        counts["model_events"] += len(added)
        counts["rows_with_model_event"] += bool(added)
        best = best_event(events, typed_only=False)
        counts["best_is_model"] += bool(best and best.rule == MODEL_RULE)
        gdelt.append(best.quad_class if best else 0)
        conf.append(conflibert_class(best.cameo) if best else 0)
    return gdelt, conf, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--oof", type=Path, default=Path("/tmp/s9/model-oof.tsv"))
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--add", action="store_true", help="let the model add events (events.learned.ADD_EVENTS)")
    ap.add_argument("--disagree", action="store_true",
                    help="also add model events to sentences whose rule events are all of another class "
                         "(events.learned.ADD_TO_DISAGREEING)")
    args = ap.parse_args()
    import tidings.events.learned

    tidings.events.learned.ADD_EVENTS = args.add or args.disagree
    tidings.events.learned.ADD_TO_DISAGREEING = args.disagree

    from tidings.events.conventions import conflibert_class
    from tidings.pipeline import Pipeline

    rows = [line.rsplit("\t", 1) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts, gold = [r[0] for r in rows], [int(r[1]) for r in rows]
    probs, oof_gold = read_oof(args.oof, len(rows))
    if oof_gold != gold:
        sys.exit("stack_quad: the OOF file's labels do not match the gold file row for row")
    scorer = OofScorer(probs)
    rules_g, rules_c, _ = predictions(Pipeline(learned=False), texts, None)
    comb_g, comb_c, counts = predictions(Pipeline(learned=scorer), texts, scorer)
    model = [int(p.argmax()) for p in probs]
    # the model's class in GDELT's convention: appeals are not separable from statements there, so class 0 stays 0
    gdelt_of = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4}
    model_g = [gdelt_of[k] for k in model]
    methods = {"rules": (rules_g, rules_c), "model": (model_g, model), "combined": (comb_g, comb_c)}
    rng = random.Random(7)
    boots = [[rng.randrange(len(gold)) for _ in gold] for _ in range(args.boot)]
    of_root = {f"{r:02d}": conflibert_class(f"{r:02d}0") for r in range(1, 21)}
    report: dict = {"sentences": len(gold), "conflibert_of_root": of_root, "combined_counts": counts}
    print(f"{len(gold)} sentences; bootstrap {args.boot}x, 95% intervals")
    print(f"{'method':10} {'GDELT convention':>24} {'conflibert convention':>26}")
    for name, (g, c) in methods.items():
        line, report[name] = f"{name:10}", {}
        for conv, pred in (("gdelt", g), ("conflibert", c)):
            point = macro_f1(gold, pred)
            dist = sorted(macro_f1(gold, pred, b) for b in boots)
            lo, hi = dist[int(0.025 * len(dist))], dist[int(0.975 * len(dist)) - 1]
            report[name][conv] = {"macro_f1": round(point, 4), "ci95": [round(lo, 4), round(hi, 4)]}
            line += f" {point:8.3f} [{lo:.3f}, {hi:.3f}]    "
        print(line)
    print(f"combined: {counts['model_events']} model events in {counts['rows_with_model_event']} sentences; the "
          f"best event is a model event in {counts['best_is_model']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
