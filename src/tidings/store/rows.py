"""Flatten a CodedArticle into table rows (plain dicts), in the worker that coded it.

Typed columns serve queries; every event, quote and amount also keeps its full ``to_dict()`` as JSON, so keys the
pipeline grows later (event_date, location, tone ...) are stored without a schema change. Rows are built in the
worker processes so the parent only deduplicates and writes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tidings.models import CodedArticle, Item

STANDARD_ARTICLE_KEYS = {"article", "events", "quotes", "amounts", "actors"}
TABLES = ("articles", "evidence", "mentions", "actors", "quotes", "amounts")


def actor_key(actor: dict[str, Any] | None) -> str:
    """Who an actor is for dedup: its country (sector is compared separately), else its KB id, else its name.

    The country is the level GDELT-style dyads are counted at; "Kenya" and "the Kenyan government" are one actor.
    """
    if not actor:
        return "-"
    return actor.get("country") or actor.get("kb_id") or (actor.get("name") or actor.get("text") or "?").casefold()


def _day(value: object, fallback: dt.date | None) -> dt.date | None:
    """The event's own date when the pipeline gives one (event_date), else its date, else the article's."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return fallback
    return fallback


def _span(spans: dict | None, key: str) -> tuple[int | None, int | None]:
    s = (spans or {}).get(key)
    return (s[0], s[1]) if s else (None, None)


def _sentence_span(text: str, sentences: tuple, index: int | None) -> tuple[int | None, int | None]:
    """The sentence's offsets without surrounding whitespace, so text[start:end] is exactly the evidence."""
    if index is None or not 0 <= index < len(sentences):
        return None, None
    start, end = sentences[index].start, sentences[index].end
    seg = text[start:end]
    return start + (len(seg) - len(seg.lstrip())), end - (len(seg) - len(seg.rstrip()))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def coded_rows(coded: CodedArticle, item: Item, run_id: str, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table but ``events`` (dedup decides those); mentions carry what dedup needs."""
    a = coded.article
    d = coded.to_dict()
    sentences = coded.sentences
    extra = {k: v for k, v in d.items() if k not in STANDARD_ARTICLE_KEYS}
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    out["articles"].append({
        "article_id": a.id, "text_hash": item.text_hash, "doc_id": item.doc_id, "url": a.url, "title": a.title,
        "source": a.source, "date": a.date, "text": a.text, "n_chars": len(a.text), "n_sentences": len(sentences),
        "n_events": len(coded.events), "n_quotes": len(coded.quotes), "n_amounts": len(coded.amounts),
        "path": item.path, "locator": item.locator, "run_id": run_id, "ingested_at": now,
        "extra_json": _json(extra) if extra else None,
    })
    seen_sentences: set[int] = set()
    for i, (event, ed) in enumerate(zip(coded.events, d["events"], strict=True)):
        src, tgt = ed.get("source") or {}, ed.get("target") or {}
        sent = ed.get("sentence")
        s_start, s_end = _sentence_span(a.text, sentences, sent)
        evidence_id = f"{a.id}:{sent}"
        if sent not in seen_sentences:
            seen_sentences.add(sent)
            out["evidence"].append({"evidence_id": evidence_id, "article_id": a.id, "sentence": sent,
                                    "start_char": s_start, "end_char": s_end, "text": ed.get("evidence")})
        spans = ed.get("spans")
        (ss, se), (ts, te), (gs, ge) = _span(spans, "source"), _span(spans, "target"), _span(spans, "trigger")
        row: dict[str, Any] = {
            "mention_id": f"{a.id}:{i}", "article_id": a.id, "evidence_id": evidence_id, "idx": i,
            "sentence": sent, "date": _day(ed.get("event_date") or event.date, a.date),
            "source_key": actor_key(src), "target_key": actor_key(ed.get("target")),
            "source_start": ss, "source_end": se, "target_start": ts, "target_end": te,
            "trigger_start": gs, "trigger_end": ge, "sentence_start": s_start, "sentence_end": s_end,
            "evidence": ed.get("evidence"), "data_json": _json(ed),
        }
        for side, actor in (("source", src), ("target", tgt)):
            for k in ("text", "name", "country", "sector", "role", "kb_id"):
                row[f"{side}_{k}"] = actor.get(k)
        for k in ("cameo", "cameo_root", "cameo_name", "plover", "plover_mode", "goldstein", "quad_class",
                  "modality", "reported", "trigger", "rule", "confidence"):
            row[k] = ed.get(k)
        out["mentions"].append(row)
    for i, actor in enumerate(d["actors"]):
        start, end = actor.get("span") or (None, None)
        out["actors"].append({"article_id": a.id, "idx": i, "start_char": start, "end_char": end,
                              **{k: actor.get(k) for k in ("text", "name", "country", "sector", "role", "kb_id")}})
    for i, q in enumerate(d["quotes"]):
        sp = q.get("speaker") or {}
        start, end = q.get("span") or (None, None)
        out["quotes"].append({"article_id": a.id, "idx": i, "text": q.get("text"), "sentence": q.get("sentence"),
                              "start_char": start, "end_char": end, "data_json": _json(q),
                              **{f"speaker_{k}": sp.get(k) for k in ("text", "name", "country", "sector", "kb_id")}})
    for i, m in enumerate(d["amounts"]):
        start, end = m.get("span") or (None, None)
        out["amounts"].append({"article_id": a.id, "idx": i, "start_char": start, "end_char": end,
                               "data_json": _json(m),
                               **{k: m.get(k) for k in ("value", "text", "object", "qualifier", "unit", "sentence")}})
    return out
