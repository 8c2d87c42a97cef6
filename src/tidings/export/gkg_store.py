"""``tidings export --format gkg``: the store's articles in GDELT's GKG 2.1 layout.

The store keeps what the GKG needs: article metadata, the article-level context (locations, themes, tone,
dates, dateline) in ``articles.extra_json``, and quotes, amounts and actors in their own tables. This module
rebuilds one ``CodedArticle.to_dict()``-shaped row per article from them and hands the rows to ``write_gkg``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from tidings.export.gkg import write_gkg


def _grouped(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[dict[str, Any]]]:
    cur = con.execute(sql)
    cols = [c[0] for c in cur.description]
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in cur.fetchall():
        d = dict(zip(cols, row, strict=True))
        out[d["article_id"]].append(d)
    return out


def store_rows(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    quotes = _grouped(con, "SELECT * FROM quotes ORDER BY article_id, idx")
    amounts = _grouped(con, "SELECT * FROM amounts ORDER BY article_id, idx")
    actors = _grouped(con, "SELECT * FROM actors ORDER BY article_id, idx")
    cur = con.execute("SELECT article_id, url, title, source, date, ingested_at, extra_json FROM articles "
                      "ORDER BY ingested_at, article_id")
    for article_id, url, title, source, date, ingested, extra_json in cur.fetchall():
        extra = json.loads(extra_json) if extra_json else {}
        row: dict[str, Any] = dict(extra)
        row["article"] = {"id": article_id, "url": url, "title": title, "source": source,
                          "date": date.isoformat() if date else None}
        row.update(url=url, title=title, source=source, date_added=ingested, record_id=article_id)
        row["quotes"] = [{"text": q["text"], "span": [q["start_char"], q["end_char"]],
                          "speaker": {"name": q["speaker_name"], "text": q["speaker_text"],
                                      "country": q["speaker_country"], "sector": q["speaker_sector"]}
                          if q["speaker_text"] or q["speaker_name"] else None}
                         for q in quotes.get(article_id, [])]
        row["amounts"] = [{"value": m["value"], "text": m["text"], "object": m["object"], "qualifier": m["qualifier"],
                           "unit": m["unit"], "span": [m["start_char"], m["end_char"]]}
                          for m in amounts.get(article_id, [])]
        row["actors"] = [{k: a[k] for k in ("text", "name", "country", "sector", "role", "kb_id")}
                         | {"span": [a["start_char"], a["end_char"]]} for a in actors.get(article_id, [])]
        yield row


def write_gkg_from_store(con: duckdb.DuckDBPyConnection, out: str | Path) -> int:
    return write_gkg(store_rows(con), out)
