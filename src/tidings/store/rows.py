"""Flatten a CodedArticle into table rows (plain dicts): the one flattener of the store and the Spark job.

Rows are built from ``CodedArticle.to_dict()`` (the JSON ``tidings code`` prints) plus the article's text and
sentence offsets, so a column holds what the JSON says and nothing else decides it; the keys are the columns
declared in ``store/schema.py``. Typed columns serve queries; every event, quote and amount also keeps its full
dict as JSON, so keys the pipeline grows later (location, tone ...) are stored without a schema change. The store
builds rows in its worker processes (the parent only deduplicates and writes); the Spark job builds them on its
executors and picks its output columns from them (``tidings.jobs.spark.schema``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tidings.errors import InputError
from tidings.models import CodedArticle, Item, Span, parse_date
from tidings.store.schema import ACTOR_FIELDS, AMOUNT_FIELDS, EVENT_FIELDS

STANDARD_ARTICLE_KEYS = {"article", "events", "quotes", "amounts", "actors"}
TABLES = ("articles", "evidence", "mentions", "actors", "quotes", "amounts")

Rows = dict[str, list[dict[str, Any]]]


def actor_key(actor: dict[str, Any] | None) -> str:
    """Who an actor is for dedup: its country (sector is compared separately), else its KB id, else its name.

    The country is the level GDELT-style dyads are counted at; "Kenya" and "the Kenyan government" are one actor.
    """
    if not actor:
        return "-"
    return actor.get("country") or actor.get("kb_id") or (actor.get("name") or actor.get("text") or "?").casefold()


def event_day(event_date: object, article_date: dt.date | None) -> dt.date | None:
    """The event's date: its ``event_date`` (a date its own sentence gives, else the article's), else the article's.

    ``event_date`` is ISO text in the JSON; anything after the day is ignored, and text that is not a date falls
    back to the article's date rather than failing the batch.
    """
    if isinstance(event_date, str) and event_date:
        try:
            return parse_date(event_date, "event_date") or article_date
        except InputError:
            return article_date
    return article_date


def _span(spans: dict | None, key: str) -> tuple[int | None, int | None]:
    s = (spans or {}).get(key)
    return (s[0], s[1]) if s else (None, None)


def _sentence_span(text: str, sentences: tuple[Span, ...], index: int | None) -> tuple[int | None, int | None]:
    """The sentence's offsets without surrounding whitespace, so text[start:end] is exactly the evidence."""
    if index is None or not 0 <= index < len(sentences):
        return None, None
    start, end = sentences[index].start, sentences[index].end
    seg = text[start:end]
    return start + (len(seg) - len(seg.lstrip())), end - (len(seg) - len(seg.rstrip()))


def to_json(value: object) -> str:
    """The JSON columns (``data_json``, Spark's ``event_json`` ...): sorted keys, so equal dicts store equal text."""
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def article_rows(coded: CodedArticle) -> Rows:
    """Rows for every table but ``events`` (dedup decides those), without the ingest's provenance columns.

    Mentions carry what dedup needs beyond their stored columns (``source_key``, ``target_key``, ``evidence``),
    quotes the speaker's role the Spark output has: transient columns of ``store/schema.py``.
    """
    a = coded.article
    d = coded.to_dict()
    sentences = coded.sentences
    extra = {k: v for k, v in d.items() if k not in STANDARD_ARTICLE_KEYS}
    out: Rows = {t: [] for t in TABLES}
    out["articles"].append({
        "article_id": a.id, "url": a.url, "title": a.title, "source": a.source, "date": a.date, "text": a.text,
        "n_chars": len(a.text), "n_sentences": len(sentences), "n_events": len(d["events"]),
        "n_quotes": len(d["quotes"]), "n_amounts": len(d["amounts"]), "extra_json": to_json(extra) if extra else None,
    })
    seen_sentences: set[int] = set()
    for i, ed in enumerate(d["events"]):
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
            "sentence": sent, "date": event_day(ed.get("event_date"), a.date),
            "source_key": actor_key(src), "target_key": actor_key(ed.get("target")),
            "source_start": ss, "source_end": se, "target_start": ts, "target_end": te,
            "trigger_start": gs, "trigger_end": ge, "sentence_start": s_start, "sentence_end": s_end,
            "evidence": ed.get("evidence"), "data_json": to_json(ed),
        }
        for side, actor in (("source", src), ("target", tgt)):
            for k in ACTOR_FIELDS:
                row[f"{side}_{k}"] = actor.get(k)
        for k in EVENT_FIELDS:
            row[k] = ed.get(k)
        out["mentions"].append(row)
    for i, actor in enumerate(d["actors"]):
        start, end = actor.get("span") or (None, None)
        out["actors"].append({"article_id": a.id, "idx": i, "start_char": start, "end_char": end,
                              **{k: actor.get(k) for k in ACTOR_FIELDS}})
    for i, q in enumerate(d["quotes"]):
        sp = q.get("speaker") or {}
        start, end = q.get("span") or (None, None)
        out["quotes"].append({"article_id": a.id, "idx": i, "text": q.get("text"), "sentence": q.get("sentence"),
                              "start_char": start, "end_char": end, "data_json": to_json(q),
                              **{f"speaker_{k}": sp.get(k) for k in ACTOR_FIELDS}})
    for i, m in enumerate(d["amounts"]):
        start, end = m.get("span") or (None, None)
        out["amounts"].append({"article_id": a.id, "idx": i, "start_char": start, "end_char": end,
                               "data_json": to_json(m), **{k: m.get(k) for k in AMOUNT_FIELDS}})
    return out


def coded_rows(coded: CodedArticle, item: Item, run_id: str, now: dt.datetime) -> Rows:
    """``article_rows`` with where the article came from: its hash, the input's id, file, place in it, run."""
    out = article_rows(coded)
    out["articles"][0].update(text_hash=item.text_hash, doc_id=item.doc_id, path=item.path, locator=item.locator,
                              run_id=run_id, ingested_at=now)
    return out
