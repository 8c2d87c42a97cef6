"""One stored article with everything coded in it, each item with its character spans in the article's text:
what the dashboard's article view highlights, and what ``GET /api/articles/{id}`` returns.

Events, quotes and amounts come back as the JSON ``tidings code`` printed for them (the store keeps each one's
full dict), with the id of the deduplicated event each mention joined; the article-level context (dateline,
places, themes, tone, dates) as stored beside the article.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

_ARTICLE = ("SELECT article_id, doc_id, url, title, source, date, text, n_sentences, n_events, n_quotes, n_amounts, "
            "path, locator, ingested_at, extra_json FROM articles WHERE article_id = ?")


def _json(value: str | None) -> Any:  # noqa: ANN401 - whatever the stored JSON holds
    return json.loads(value) if value else None


def article_detail(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """The article, or None when the store has no article with this id."""
    cur = con.execute(_ARTICLE, [article_id])
    row = cur.fetchone()
    if row is None:
        return None
    a = dict(zip([c[0] for c in cur.description], row, strict=True))
    context = _json(a.pop("extra_json")) or {}
    article = {"id": a.pop("article_id"), **a}
    article["date"] = a["date"].isoformat() if isinstance(a["date"], dt.date) else None
    article["ingested_at"] = a["ingested_at"].isoformat() if a["ingested_at"] else None
    text = article.pop("text")
    events = []
    for event_id, data in con.execute("SELECT event_id, data_json FROM mentions WHERE article_id = ? ORDER BY idx",
                                      [article_id]).fetchall():
        events.append({"event_id": event_id, **(_json(data) or {})})
    quotes = [_json(d) for (d,) in con.execute("SELECT data_json FROM quotes WHERE article_id = ? ORDER BY idx",
                                               [article_id]).fetchall()]
    amounts = [_json(d) for (d,) in con.execute("SELECT data_json FROM amounts WHERE article_id = ? ORDER BY idx",
                                                [article_id]).fetchall()]
    actors = []
    for text_, name, country, sector, role, kb_id, start, end in con.execute(
            "SELECT text, name, country, sector, role, kb_id, start_char, end_char FROM actors "
            "WHERE article_id = ? ORDER BY idx", [article_id]).fetchall():
        actors.append({"text": text_, "name": name, "country": country, "sector": sector, "role": role,
                       "kb_id": kb_id, "span": [start, end] if start is not None else None})
    return {"article": article, "text": text, "events": events, "quotes": quotes, "amounts": amounts,
            "actors": actors, "context": context}
