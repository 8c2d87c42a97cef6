"""Cross-story dedup: mentions of one real-world event, in one article or many, become one stored event.

Two mentions are the same event when they have the same source and target actor (country level, sectors
compatible), the same CAMEO root family, the same modality, dates within ``window_days`` of the event's date, and
evidence sentences that share enough content words. Lexical overlap is a deliberately simple guard: the key
(dyad, root, day) already does most of the work, as in GDELT; the evidence check keeps two different events of
the same kind on the same day apart.

Mentions are assigned in ingest order, each to the best matching existing event or else to a new one whose id is
derived from the founding mention. Ids never change once given, and because ingest order is deterministic
(sorted files, ordered batches) a run with 2 workers, or one resumed after ``kill -9``, gives the same events as
a clean single-process run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from tidings.store.schema import EVENTS, MENTIONS

DEFAULT_WINDOW_DAYS = 1
DEFAULT_MIN_SIMILARITY = 0.25

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset("""a an the and or but of to in on at by for from with without into over under about after before
as is are was were be been being has have had do does did will would shall should may might can could this that these
those it its they them their he she his her him we our you your i me my said says say also not no than then there
which who whom whose what when where why how while s mr mrs ms dr""".split())


def signature(text: str | None, exclude: tuple[str | None, ...] = ()) -> frozenset[str]:
    """Content words of an evidence sentence, cut to 5 letters (a cheap stemmer: expels/expelled -> expel).

    Words of the actors' resolved names ("Kenya", "Somalia") are left out: they match by construction and would
    make any two events of the same dyad look alike. The rest of the actor phrases ("two diplomats") stays.
    """
    skip = {w[:5] for phrase in exclude if phrase for w in _WORD.findall(phrase.casefold())}
    words = (w[:5] for w in _WORD.findall((text or "").casefold()) if w not in _STOP and len(w) > 1)
    return frozenset(w for w in words if w not in skip)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: shared words over the shorter sentence's words (headlines are short, leads long)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _compatible(x: str | None, y: str | None) -> bool:
    """Sectors agree, or one side did not say ("Kenya" vs "the Kenyan government")."""
    return x is None or y is None or x == y


@dataclass
class _Cluster:
    event_id: str
    date: dt.date | None
    source_sector: str | None
    target_sector: str | None
    signatures: list[frozenset[str]] = field(default_factory=list)


def _key(m: dict[str, Any]) -> tuple:
    # An undated mention can only join events of its own article: without a date nothing bounds the match.
    scope = "dated" if m["date"] is not None else f"article:{m['article_id']}"
    return (m["source_key"], m["target_key"], m["cameo_root"], m["modality"], scope)


def _event_id(mention_id: str) -> str:
    return hashlib.sha256(f"event:{mention_id}".encode()).hexdigest()[:16]


def shifted(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within Python's calendar. Readers and ``models.Article`` keep dates within
    1800-2200, but a date that slipped past them (or a huge ``--dedup-window``) must bound a search, not stop the
    batch with an OverflowError."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _load_candidates(con: duckdb.DuckDBPyConnection, mentions: list[dict[str, Any]],
                     window: int) -> dict[tuple, list[_Cluster]]:
    """Stored events that some mention of this batch could join, with their mentions' evidence signatures."""
    bounds: dict[tuple, list[dt.date]] = {}
    for m in mentions:
        if m["date"] is not None:
            k = _key(m)[:4]
            lo_hi = bounds.setdefault(k, [m["date"], m["date"]])
            lo_hi[0], lo_hi[1] = min(lo_hi[0], m["date"]), max(lo_hi[1], m["date"])
    if not bounds:
        return {}
    keys = pa.table({
        "source_key": [k[0] for k in bounds], "target_key": [k[1] for k in bounds],
        "cameo_root": [k[2] for k in bounds], "modality": [k[3] for k in bounds],
        "lo": [shifted(v[0], -window) for v in bounds.values()], "hi": [shifted(v[1], window) for v in bounds.values()],
    })
    con.register("_dedup_keys", keys)
    try:
        rows = con.execute("""
            SELECT e.event_id, e.date, e.source_key, e.target_key, e.cameo_root, e.modality,
                   e.source_sector, e.target_sector, v.text, m.source_name, m.target_name
            FROM events e
            JOIN _dedup_keys k ON e.source_key = k.source_key AND e.target_key = k.target_key
                 AND e.cameo_root = k.cameo_root AND e.modality = k.modality AND e.date BETWEEN k.lo AND k.hi
            JOIN mentions m ON m.event_id = e.event_id
            LEFT JOIN evidence v ON v.evidence_id = m.evidence_id
            ORDER BY e.date, e.event_id, m.mention_id
        """).fetchall()
    finally:
        con.unregister("_dedup_keys")
    clusters: dict[str, _Cluster] = {}
    index: dict[tuple, list[_Cluster]] = defaultdict(list)
    for eid, day, sk, tk, root, modality, ssec, tsec, text, sname, tname in rows:
        c = clusters.get(eid)
        if c is None:
            c = clusters[eid] = _Cluster(eid, day, ssec, tsec)
            index[(sk, tk, root, modality, "dated")].append(c)
        c.signatures.append(signature(text, (sname, tname)))
    return index


def assign_events(con: duckdb.DuckDBPyConnection, mentions: list[dict[str, Any]],
                  window_days: int = DEFAULT_WINDOW_DAYS,
                  min_similarity: float = DEFAULT_MIN_SIMILARITY) -> tuple[list[dict[str, Any]], set[str]]:
    """Give every mention an ``event_id`` and ``similarity`` (in place), in order.

    Returns the rows of events founded by this batch and the ids of the events whose counts need refreshing: those
    a mention joined rather than founded. An event founded here with no other mention keeps the counts its row
    starts with (1 mention, 1 article, 1 source), which is what a refresh would compute; leaving those out keeps the
    refresh, a join over the stored mentions, to the few events that grew. Must run inside the batch's transaction,
    so that what it reads is what it extends.
    """
    index = _load_candidates(con, mentions, window_days)
    new_events: list[dict[str, Any]] = []
    touched: set[str] = set()
    for m in mentions:
        sig = signature(m.get("evidence"), (m.get("source_name"), m.get("target_name")))
        best: _Cluster | None = None
        best_score = 0.0
        for c in index.get(_key(m), ()):
            if m["date"] is not None and abs((m["date"] - c.date).days) > window_days:
                continue
            if not (_compatible(c.source_sector, m.get("source_sector"))
                    and _compatible(c.target_sector, m.get("target_sector"))):
                continue
            score = max(similarity(sig, s) for s in c.signatures)
            if score >= min_similarity and score > best_score:  # ties keep the earlier event (list order)
                best, best_score = c, score
        if best is None:
            best = _Cluster(_event_id(m["mention_id"]), m["date"], m.get("source_sector"), m.get("target_sector"))
            index.setdefault(_key(m), []).append(best)
            new_events.append(_event_row(m))
            best_score = 1.0
        else:
            touched.add(best.event_id)
        best.signatures.append(sig)
        m["event_id"] = best.event_id
        m["similarity"] = round(best_score, 4)
    return new_events, touched


# The event's columns that its founding mention's row has under the same name (date, actors, codes, data_json).
FROM_FOUNDING_MENTION = tuple(c.name for c in EVENTS.stored() if c.name in MENTIONS.by_name and c.name != "event_id")


def _event_row(m: dict[str, Any]) -> dict[str, Any]:
    row = {k: m.get(k) for k in FROM_FOUNDING_MENTION}
    row.update(event_id=_event_id(m["mention_id"]), first_mention_id=m["mention_id"],
               first_article_id=m["article_id"], num_mentions=1, num_sources=1, num_articles=1)
    return row


REFRESH_COUNTS = """
UPDATE events SET num_mentions = c.n_mentions, num_articles = c.n_articles, num_sources = c.n_sources
FROM (
    SELECT m.event_id, count(*) AS n_mentions, count(DISTINCT m.article_id) AS n_articles,
           count(DISTINCT lower(coalesce(a.source, nullif(regexp_extract(a.url, '^[a-z]+://([^/:?#]+)', 1), ''),
                                          a.article_id)))
               AS n_sources
    FROM mentions m JOIN articles a USING (article_id)
    WHERE m.event_id IN (SELECT event_id FROM _touched)
    GROUP BY m.event_id
) c
WHERE events.event_id = c.event_id
"""
