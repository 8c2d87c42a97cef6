"""``tidings eval``: accuracy against human-coded gold, computed the same way every time.

Two formats: PLOVER GSR JSON records (one sentence each, with gold event type, source and target codes) and a
TSV of ``sentence<TAB>quad`` labels. Metrics are defined in docs/accuracy.md.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tidings.datafiles.check import read_packaged
from tidings.datafiles.schema import PLOVER
from tidings.errors import InputError
from tidings.events.conventions import CONVENTIONS, quad_class_in
from tidings.models import CodedArticle, Event, parse_date
from tidings.pipeline import Pipeline
from tidings.readers.plaintext import normalise
from tidings.readers.validate import decode_article

NON_STATE = {"IGO", "NGO", "IMG", "MNC"}


@lru_cache(maxsize=1)
def plover_quad() -> dict[str, int]:
    return read_packaged(PLOVER).data


@dataclass
class GoldRecord:
    id: str
    text: str
    date: str | None
    event: str
    sources: set[str]
    targets: set[str]


GOLD_MAX_BYTES = 100_000_000


def read_gold(path: Path) -> str:
    """A gold file's text, checked as an article is (empty, binary, not UTF-8: exit 2 with one line, not a
    traceback), with room for a whole gold set."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return decode_article(data, GOLD_MAX_BYTES, str(path))


def load_plover_gsr(path: Path) -> list[GoldRecord]:
    """The gold records, each text normalised as tidings reads plain text (``readers.plaintext``): gold text cut
    from web pages or wiki dumps is coded as ``tidings code`` and ingest would code it."""
    try:
        data = json.loads(read_gold(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a readable PLOVER GSR JSON file ({exc})".splitlines()[0]) from exc
    if isinstance(data, dict):
        data = data.get("records") or data.get("data") or [data]
    if not isinstance(data, list) or not data:
        raise InputError(f"{path}: no gold records (expected a JSON list of objects with 'text' and 'event')")
    out = []
    for i, r in enumerate(data):
        if not isinstance(r, dict) or not r.get("text") or not r.get("event"):
            raise InputError(f"{path}: record {i} lacks 'text' or 'event'")
        out.append(GoldRecord(
            id=str(r.get("id", i)), text=normalise(str(r["text"])), date=r.get("date"), event=str(r["event"]).upper(),
            sources=_codes(r.get("source")),
            targets=_codes(r.get("target")),
        ))
    return out


def _codes(actors: Any) -> set[str]:
    if isinstance(actors, (str, dict)):
        actors = [actors]
    out = set()
    for a in actors or []:
        code = a.get("code") if isinstance(a, dict) else a
        if code:
            out.add(str(code)[:3].upper())
    return out


def _country_match(pred: str | None, gold: set[str]) -> bool:
    if pred is None:
        return False
    return pred in gold or (pred == "IGO" and "IGO" in gold)


def best_event(events: list[Event], typed_only: bool = True) -> Event | None:
    """The event a record is judged by: highest confidence, earliest sentence on ties (PLOVER-typed only, unless
    ``typed_only`` is off, as for QuadClass labels where a CAMEO 01 statement is class 0)."""
    pool = [e for e in events if e.plover] if typed_only else list(events)
    return max(pool, key=lambda e: (e.confidence, -e.sentence)) if pool else None


def score_plover(records: list[GoldRecord], coded: list[CodedArticle]) -> dict[str, Any]:
    quad = plover_quad()
    n = len(records)
    type_hits = triple_hits = quad_hits = 0
    pred_total = pred_correct = 0
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    failures = []
    for rec, c in zip(records, coded, strict=False):
        # a negated act did not happen ("failed to reach agreement" is no agreement): not a prediction of it
        events = [e for e in c.events if e.plover and e.modality.value != "negated"]
        pred_total += len(events)
        pred_correct += sum(e.plover == rec.event for e in events)
        typed = [e for e in events if e.plover == rec.event]
        hit_type = bool(typed)
        hit_triple = any(
            _country_match(e.source.country, rec.sources)
            and (not rec.targets or (e.target is not None and _country_match(e.target.country, rec.targets)))
            for e in typed
        )
        best = best_event(events)
        pred_type = best.plover if best else "none"
        pred_quad = quad.get(best.plover, 0) if best else 0
        quad_hits += pred_quad == quad.get(rec.event, -1)
        type_hits += hit_type
        triple_hits += hit_triple
        per_type[rec.event][0] += 1
        per_type[rec.event][1] += hit_type
        confusion[rec.event][pred_type if not hit_type else rec.event] += 1
        if not hit_triple:
            failures.append({"id": rec.id, "gold": rec.event, "predicted": sorted({e.plover for e in events}),
                             "text": rec.text[:160]})
    return {
        "records": n,
        "type_recall": round(type_hits / n, 4) if n else 0.0,
        "triple_recall": round(triple_hits / n, 4) if n else 0.0,
        "precision": round(pred_correct / pred_total, 4) if pred_total else 0.0,
        "quad_accuracy": round(quad_hits / n, 4) if n else 0.0,
        "predicted_events": pred_total,
        "per_type_recall": {t: {"records": v[0], "recall": round(v[1] / v[0], 4)} for t, v in sorted(per_type.items())},
        "confusion": {g: dict(row) for g, row in sorted(confusion.items())},
        "misses": failures,
    }


def split_of(record_id: str, holdout_share: int = 5) -> str:
    """A fixed split, by hash of the id: one record in five is 'check', the rest 'dev'."""
    h = int(hashlib.sha256(record_id.encode()).hexdigest(), 16)
    return "check" if h % holdout_share == 0 else "dev"


def evaluate_plover(path: Path, pipe: Pipeline) -> dict[str, Any]:
    records = load_plover_gsr(path)
    coded = [pipe.code(r.text, date=parse_date(r.date)) for r in records]
    report = score_plover(records, coded)
    for part in ("dev", "check"):
        idx = [i for i, r in enumerate(records) if split_of(r.id) == part]
        sub = score_plover([records[i] for i in idx], [coded[i] for i in idx])
        report[f"split_{part}"] = {k: sub[k] for k in ("records", "type_recall", "triple_recall", "precision",
                                                       "quad_accuracy")}
    return report


def load_quad_tsv(path: Path) -> list[tuple[str, int]]:
    rows = []
    for n, line in enumerate(read_gold(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rsplit("\t", 1)
        if len(parts) != 2 or parts[1].strip() not in {"0", "1", "2", "3", "4"}:
            raise InputError(f"{path}:{n}: expected 'sentence<TAB>label' with label 0-4")
        rows.append((normalise(parts[0].strip()), int(parts[1])))
    if not rows:
        raise InputError(f"{path}: no gold sentences (expected 'sentence<TAB>label' lines)")
    return rows


def evaluate_quad(path: Path, pipe: Pipeline, date: str | None = None, convention: str = "gdelt") -> dict[str, Any]:
    """Macro-F1 of the five classes, each sentence judged by its best event's class in ``convention`` (GDELT's
    QuadClass, or the ConfliBERT data's, which puts appeals with statements: tidings.events.conventions)."""
    if convention not in CONVENTIONS:
        raise InputError(f"unknown --convention {convention!r}: use {' or '.join(CONVENTIONS)}")
    rows = load_quad_tsv(path)
    preds = []
    for text, _ in rows:
        events = list(pipe.code(text, date=parse_date(date)).events)
        best = best_event(events, typed_only=False)
        preds.append(quad_class_in(convention, best.cameo_root, best.quad_class) if best else 0)
    gold = [g for _, g in rows]
    per_class = {}
    f1s = []
    for k in range(5):
        tp = sum(p == k and g == k for p, g in zip(preds, gold, strict=False))
        fp = sum(p == k and g != k for p, g in zip(preds, gold, strict=False))
        fn = sum(p != k and g == k for p, g in zip(preds, gold, strict=False))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_class[str(k)] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                             "support": tp + fn}
        if tp + fn:
            f1s.append(f)
    n = len(rows)
    return {
        "sentences": n,
        "convention": convention,
        "accuracy": round(sum(p == g for p, g in zip(preds, gold, strict=False)) / n, 4) if n else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "per_class": per_class,
    }
