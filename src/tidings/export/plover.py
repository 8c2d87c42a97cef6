"""PLOVER-style JSON: one record per deduplicated event, shaped like the PLOVER gold-standard records
(``event``, ``mode``, ``source``/``target`` as lists of ``{actorText, code, sector}``, ``eventText``, ``text``)
plus what tidings adds (CAMEO code, Goldstein, modality, counts, and every mention with its evidence and spans).

Events with no PLOVER type (CAMEO 01 statements) are left out: a PLOVER consumer has no category for them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from tidings import __version__

_SQL = """
SELECT e.event_id, e.date, e.plover, e.plover_mode, e.cameo, e.cameo_name, e.goldstein, e.quad_class, e.modality,
       e.num_mentions, e.num_sources, e.num_articles,
       e.source_name, e.source_country, e.source_sector, e.target_name, e.target_country, e.target_sector,
       list({'article_id': m.article_id, 'url': a.url, 'title': a.title, 'publication': a.source,
             'story_date': a.date, 'sentence': m.sentence, 'text': v.text, 'event_text': m.trigger,
             'reported': m.reported, 'spans': {'source': [m.source_start, m.source_end],
                                               'target': [m.target_start, m.target_end],
                                               'trigger': [m.trigger_start, m.trigger_end]}}
            ORDER BY m.mention_id) AS mentions
FROM events e
JOIN mentions m ON m.event_id = e.event_id
JOIN articles a ON a.article_id = m.article_id
LEFT JOIN evidence v ON v.evidence_id = m.evidence_id
WHERE e.plover IS NOT NULL
GROUP BY ALL
ORDER BY e.date NULLS LAST, e.event_id
"""


def _actors(name: str | None, code: str | None, sector: str | None) -> list[dict[str, Any]]:
    if not (name or code):
        return []
    d: dict[str, Any] = {"actorText": name, "code": code}
    if sector:
        d["sector"] = sector
    return [d]


def _span(pair: list | None) -> list[int] | None:
    return pair if pair and pair[0] is not None else None


def plover_records(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rel = con.execute(_SQL)
    cols = [c[0] for c in rel.description]
    out = []
    for row in rel.fetchall():
        r = dict(zip(cols, row, strict=True))
        mentions = r["mentions"]
        for m in mentions:
            m["story_date"] = m["story_date"].isoformat() if m["story_date"] else None
            m["spans"] = {k: _span(v) for k, v in m["spans"].items()}
        first = mentions[0]
        out.append({
            "id": r["event_id"],
            "date": r["date"].isoformat() if r["date"] else None,
            "event": r["plover"],
            "mode": r["plover_mode"],
            "context": None,
            "source": _actors(r["source_name"], r["source_country"], r["source_sector"]),
            "target": _actors(r["target_name"], r["target_country"], r["target_sector"]),
            "eventText": first["event_text"],
            "text": first["text"],
            "publication": first["publication"],
            "url": first["url"],
            "language": "en",
            "coder": f"tidings {__version__}",
            "modality": r["modality"],
            "cameo": r["cameo"],
            "cameoName": r["cameo_name"],
            "goldstein": r["goldstein"],
            "quadClass": r["quad_class"],
            "numMentions": r["num_mentions"],
            "numSources": r["num_sources"],
            "numArticles": r["num_articles"],
            "mentions": mentions,
        })
    return out


def write_plover(con: duckdb.DuckDBPyConnection, out: str | Path) -> int:
    records = plover_records(con)
    Path(out).write_text(json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    return len(records)
