"""The questions the dashboard's pages ask the store, beyond the API's: totals, the busiest dyads, map points,
an actor's partners. Every value reaches DuckDB as a parameter; names of columns come from fixed tables here.

Each function takes a DuckDB connection (a cursor of the server's read connection) and returns plain Python
values, so the templates and the JSON embedded for the charts need no pandas.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import duckdb

PERIODS = ("day", "week", "month", "year")
QUAD_NAMES = ("Neutral", "Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict")


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> list[dict[str, Any]]:
    """The result as dicts keyed by column name: what Jinja and ``json.dumps`` both read."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def jsonable(value: object) -> object:
    """Dates as ISO text: the one non-JSON type the queries here return."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def to_json(value: object) -> str:
    """JSON for a ``<script type="application/json">`` block; ``</`` is escaped so no text can close the tag."""
    return json.dumps(value, default=jsonable, ensure_ascii=False).replace("</", "<\\/")


@dataclass(frozen=True)
class Overview:
    """The overview page's numbers."""

    articles: int
    events: int
    mentions: int
    countries: int
    first: dt.date | None
    last: dt.date | None


def overview(con: duckdb.DuckDBPyConnection) -> Overview:
    (articles,) = con.execute("SELECT count(*) FROM articles").fetchone()
    events, first, last = con.execute("SELECT count(*), min(date), max(date) FROM events").fetchone()
    (mentions,) = con.execute("SELECT count(*) FROM mentions").fetchone()
    (countries,) = con.execute(
        "SELECT count(DISTINCT c) FROM (SELECT source_country AS c FROM events UNION ALL "
        "SELECT target_country FROM events) WHERE c IS NOT NULL").fetchone()
    return Overview(articles, events, mentions, countries, first, last)


def period_for(first: dt.date | None, last: dt.date | None) -> str:
    """The period that gives a readable chart: days for a few weeks of news, years for decades of it."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    return "day" if days <= 45 else "week" if days <= 300 else "month" if days <= 5 * 366 else "year"


def pick_period(con: duckdb.DuckDBPyConnection) -> str:
    """From the 2nd to the 98th percentile of dates: one article misdated 1912 must not turn months into years."""
    return period_for(*con.execute("SELECT quantile_disc(date, 0.02), quantile_disc(date, 0.98) FROM events "
                                   "WHERE date IS NOT NULL").fetchone())


def dyad_span(con: duckdb.DuckDBPyConnection, a: str, b: str) -> tuple[dt.date | None, dt.date | None]:
    """The dates of the first and last event between two countries, either direction."""
    return con.execute("SELECT min(date), max(date) FROM events WHERE (source_country = ? AND target_country = ?) "
                       "OR (source_country = ? AND target_country = ?)", [a, b, b, a]).fetchone()


def quad_series(con: duckdb.DuckDBPyConnection, by: str) -> dict[str, Any]:
    """Events per period and QuadClass: ``{"periods": [...], "series": [[count per period] per class]}``."""
    if by not in PERIODS:
        raise ValueError(by)  # callers pass a checked value
    data = con.execute("SELECT CAST(date_trunc(?, date) AS DATE) AS p, quad_class, count(*) FROM events "
                       "WHERE date IS NOT NULL AND quad_class IS NOT NULL GROUP BY ALL ORDER BY p", [by]).fetchall()
    periods = sorted({p for p, _, _ in data})
    index = {p: i for i, p in enumerate(periods)}
    series = [[0] * len(periods) for _ in QUAD_NAMES]
    for p, q, n in data:
        if 0 <= q < len(QUAD_NAMES):
            series[q][index[p]] = n
    return {"periods": [p.isoformat() for p in periods], "series": series, "names": list(QUAD_NAMES)}


def top_dyads(con: duckdb.DuckDBPyConnection, n: int = 10) -> list[dict[str, Any]]:
    """The country pairs with the most events between them (either direction), with their mean Goldstein."""
    return rows(con, "SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) "
                     "AS b, count(*) AS events, round(avg(goldstein), 2) AS goldstein FROM events "
                     "WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
                     "AND source_country <> target_country GROUP BY ALL ORDER BY events DESC, a, b LIMIT ?", [n])


def latest_articles(con: duckdb.DuckDBPyConnection, n: int = 10) -> list[dict[str, Any]]:
    return rows(con, "SELECT article_id, title, date, url, source, n_events, left(text, 160) AS lead FROM articles "
                     "ORDER BY date DESC NULLS LAST, ingested_at DESC, article_id LIMIT ?", [n])


def countries(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every country code in the events, for the dyad and actor pickers."""
    return [r[0] for r in con.execute(
        "SELECT c FROM (SELECT source_country AS c FROM events UNION ALL SELECT target_country FROM events) "
        "WHERE c IS NOT NULL GROUP BY c ORDER BY count(*) DESC, c").fetchall()]


def map_points(con: duckdb.DuckDBPyConnection, limit: int = 2000) -> list[dict[str, Any]]:
    """Places events happened at (the founding mention's ``location``), with how many events each."""
    return rows(con, """
        SELECT name, country, lat, lon, count(*) AS events, round(avg(goldstein), 2) AS goldstein FROM (
            SELECT json_extract_string(data_json, '$.location.name') AS name,
                   json_extract_string(data_json, '$.location.country') AS country,
                   TRY_CAST(json_extract(data_json, '$.location.lat') AS DOUBLE) AS lat,
                   TRY_CAST(json_extract(data_json, '$.location.lon') AS DOUBLE) AS lon, goldstein
            FROM events)
        WHERE lat IS NOT NULL AND lon IS NOT NULL
        GROUP BY ALL ORDER BY events DESC, name LIMIT ?""", [limit])


def actor_match(actor: str) -> tuple[str, str, list[object]]:
    """SQL conditions for "this actor is the source" and "... the target": a country code, else a KB id."""
    if len(actor) == 3 and actor.isalpha() and actor.isupper():
        return "source_country = ?", "target_country = ?", [actor]
    return "source_kb_id = ?", "target_kb_id = ?", [actor]


def actor_name(con: duckdb.DuckDBPyConnection, actor: str) -> str | None:
    """The name the store gives the actor: a country's own name ("South Korea", not its busiest president), a KB
    id's resolved name; None when no event has it."""
    as_src, as_tgt, p = actor_match(actor)
    if as_src.startswith("source_country"):  # the country's own KB entry, not whoever of it acts most
        as_src, as_tgt, p = "source_kb_id = ?", "target_kb_id = ?", [f"country:{actor}"]
    row = con.execute(f"SELECT name FROM (SELECT source_name AS name FROM events WHERE {as_src} UNION ALL "
                      f"SELECT target_name FROM events WHERE {as_tgt}) GROUP BY name ORDER BY count(*) DESC "
                      "LIMIT 1", p + p).fetchone()
    return row[0] if row else None


def actor_sides(con: duckdb.DuckDBPyConnection, actor: str) -> dict[str, int]:
    as_src, as_tgt, p = actor_match(actor)
    src = con.execute(f"SELECT count(*) FROM events WHERE {as_src}", p).fetchone()[0]
    tgt = con.execute(f"SELECT count(*) FROM events WHERE {as_tgt}", p).fetchone()[0]
    return {"source": src, "target": tgt}


def actor_partners(con: duckdb.DuckDBPyConnection, actor: str, n: int = 20) -> list[dict[str, Any]]:
    """The actor's partners ranked by events in either direction: each partner is a country, else a name."""
    as_src, as_tgt, p = actor_match(actor)
    return rows(con, f"""
        SELECT partner, any_value(country) AS country, count(*) AS events, count(*) FILTER (WHERE side = 'source')
               AS as_source, count(*) FILTER (WHERE side = 'target') AS as_target,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict, round(avg(goldstein), 2) AS goldstein
        FROM (SELECT coalesce(target_country, target_name) AS partner, target_country AS country, 'source' AS side,
                     quad_class, goldstein FROM events WHERE {as_src} AND target_name IS NOT NULL
              UNION ALL
              SELECT coalesce(source_country, source_name), source_country, 'target', quad_class, goldstein
              FROM events WHERE {as_tgt} AND source_name IS NOT NULL)
        WHERE partner IS NOT NULL AND partner <> ?
        GROUP BY partner ORDER BY events DESC, partner LIMIT ?""", [*p, *p, actor, n])
