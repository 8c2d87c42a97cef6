"""Pages of events for the API and the dashboard: every filter of ``tidings events`` and more, evidence search,
and keyset pagination with an opaque cursor.

Keyset, not OFFSET: page 500 of a large store costs what page 1 costs, and a page boundary does not shift when
an ingest adds events before it. The order is total and stable: (date, event_id), missing dates last, ascending
or descending. The cursor is the last row's key, base64url-encoded JSON, with the order it belongs to.
Every value reaches DuckDB as a parameter; the SQL text is assembled only from fixed fragments.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import duckdb

from tidings.analytics.events import EventFilter
from tidings.errors import InputError

MAX_LIMIT = 1000
MODALITIES = ("asserted", "future", "hypothetical", "negated")
_ROOT = re.compile(r"\d{2}")
_CAMEO = re.compile(r"\d{1,4}")

_ACTOR_COLS = ("name", "country", "sector", "kb_id")


def _actor_sql(side: str) -> str:
    cols = [f"e.{side}_{c}" for c in _ACTOR_COLS]
    fields = ", ".join(f"'{c}': {col}" for c, col in zip(_ACTOR_COLS, cols, strict=True))
    return f"CASE WHEN coalesce({', '.join(cols)}) IS NULL THEN NULL ELSE {{{fields}}} END AS {side}"


def _span_sql(part: str) -> str:
    s, e = f"m.{part}_start", f"m.{part}_end"
    return f"'{part}': CASE WHEN {s} IS NULL OR {e} IS NULL THEN NULL ELSE [{s}, {e}] END"


# The page is chosen from ``events`` alone (filters, order, limit: DuckDB keeps the top rows only), then joined
# to its founding mention, evidence and article: the joins touch one page of rows, not the whole store. DuckDB
# builds each record's nested objects and ISO dates itself, so Python only hands rows on.
_PAGE = (
    "WITH page AS (SELECT * FROM events e{where} ORDER BY {order} LIMIT ? OFFSET ?) "
    "SELECT e.event_id, CAST(e.date AS VARCHAR) AS date, "
    f"{_actor_sql('source')}, {_actor_sql('target')}, "
    "e.cameo, e.cameo_root, e.cameo_name, e.plover, e.plover_mode, e.quad_class, e.goldstein, e.modality, "
    "e.num_mentions, e.num_sources, e.num_articles, v.text AS evidence, m.sentence, m.trigger, m.reported, "
    f"{{{', '.join(_span_sql(p) for p in ('source', 'target', 'trigger'))}}} AS spans, "
    "{'id': a.article_id, 'title': a.title, 'url': a.url, 'date': CAST(a.date AS VARCHAR), 'source': a.source} "
    "AS article "
    "FROM page e "
    "LEFT JOIN mentions m ON m.mention_id = e.first_mention_id "
    "LEFT JOIN evidence v ON v.evidence_id = m.evidence_id "
    "LEFT JOIN articles a ON a.article_id = e.first_article_id "
    "ORDER BY {order}"
)


@dataclass(frozen=True)
class EventQuery:
    """The API's filters. ``actor`` matches either side; ``root`` is a two-digit CAMEO root, ``cameo`` a code prefix;
    ``q`` is words that must all occur (any case) in the evidence of one of the event's mentions."""

    source: str | None = None
    target: str | None = None
    actor: str | None = None
    root: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad: int | None = None
    modality: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = None
    limit: int = 100
    cursor: str | None = None
    descending: bool = False

    def __post_init__(self) -> None:
        if self.root is not None and not _ROOT.fullmatch(self.root):
            raise InputError(f"bad root {self.root!r}: a two-digit CAMEO root, e.g. 14")
        if self.cameo is not None and not _CAMEO.fullmatch(self.cameo):
            raise InputError(f"bad cameo {self.cameo!r}: a CAMEO code or prefix of digits, e.g. 14 or 141")
        if self.quad is not None and not 0 <= self.quad <= 4:
            raise InputError(f"bad quad {self.quad}: a QuadClass from 0 to 4")
        if self.modality is not None and self.modality not in (*MODALITIES, "all"):
            raise InputError(f"bad modality {self.modality!r}: use {' | '.join(MODALITIES)} | all")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InputError(f"bad limit {self.limit}: from 1 to {MAX_LIMIT}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError("bad dates: from is after to")

    def where(self) -> tuple[list[str], list[object]]:
        """The WHERE clauses (fixed SQL with ``?``) and their parameters, cursor excluded."""
        base, params = EventFilter(source=self.source, target=self.target, cameo=self.cameo, plover=self.plover,
                                   date_from=self.date_from, date_to=self.date_to, modality=self.modality).where()
        clauses = [base.removeprefix(" WHERE ")] if base else []
        if self.actor:
            either, p = EventFilter(source=self.actor).where()
            other, p2 = EventFilter(target=self.actor).where()
            clauses.append(f"(({either.removeprefix(' WHERE ')}) OR ({other.removeprefix(' WHERE ')}))")
            params += p + p2
        if self.root:
            clauses.append("e.cameo_root = ?")
            params.append(self.root)
        if self.quad is not None:
            clauses.append("e.quad_class = ?")
            params.append(self.quad)
        words = (self.q or "").split()
        if words:
            # each word a literal, case-insensitive RE2 pattern (re.escape: no character of it is an operator);
            # 2.5x faster than contains(lower(text), lower(?)), which lower-cases every sentence of the store
            found = " AND ".join("regexp_matches(v2.text, ?, 'i')" for _ in words)
            clauses.append("EXISTS (SELECT 1 FROM mentions m2 JOIN evidence v2 ON v2.evidence_id = m2.evidence_id "
                           f"WHERE m2.event_id = e.event_id AND {found})")
            params += [re.escape(w) for w in words]
        return clauses, params


def encode_cursor(day: dt.date | None, event_id: str, descending: bool) -> str:
    raw = json.dumps([day.isoformat() if day else None, event_id, "desc" if descending else "asc"])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, descending: bool) -> tuple[dt.date | None, str]:
    """The (date, event_id) a cursor resumes after; InputError for anything this module did not write."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, event_id, order = json.loads(raw)
        if not isinstance(event_id, str) or order not in ("asc", "desc"):
            raise ValueError
        parsed = dt.date.fromisoformat(day) if day is not None else None
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InputError("bad cursor: pass the 'next' value of the previous page unchanged") from exc
    if (order == "desc") != descending:
        raise InputError("bad cursor: it belongs to a page in the other order")
    return parsed, event_id


def _after(day: dt.date | None, event_id: str, descending: bool) -> tuple[str, list[object]]:
    """Rows after the cursor's row in (date NULLS LAST, event_id), either direction."""
    cmp = "<" if descending else ">"
    if day is None:
        return f"(e.date IS NULL AND e.event_id {cmp} ?)", [event_id]
    return (f"(e.date {cmp} ? OR (e.date = ? AND e.event_id {cmp} ?) OR e.date IS NULL)", [day, day, event_id])


def event_records(con: duckdb.DuckDBPyConnection, where: str, params: list[object], order: str, limit: int,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Events as ``/api/events`` gives them, for other pages of the same records (the dashboard's sortable
    table). ``where`` is ``""`` or `` WHERE ...`` over ``events e`` with ``?`` for ``params`` (as
    ``EventQuery.where`` makes), ``order`` an ORDER BY list over ``e``'s columns chosen from fixed names, never
    from request text; it should end with ``e.event_id`` so that the order is total."""
    # str.replace, not format: the SQL's struct literals are in braces
    sql = _PAGE.replace("{where}", where).replace("{order}", order)
    cur = con.execute(sql, [*params, limit, offset])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def events_page(con: duckdb.DuckDBPyConnection, query: EventQuery) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events matching ``query`` and the cursor of the next page (None on the last)."""
    clauses, params = query.where()
    if query.cursor:
        clause, p = _after(*decode_cursor(query.cursor, query.descending), query.descending)
        clauses.append(clause)
        params += p
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    direction = "DESC" if query.descending else "ASC"
    rows = event_records(con, where, params, f"e.date {direction} NULLS LAST, e.event_id {direction}",
                         query.limit + 1)
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    last = rows[-1] if more else None
    nxt = encode_cursor(last["date"] and dt.date.fromisoformat(last["date"]), last["event_id"],
                        query.descending) if last else None
    return rows, nxt


def restrict_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> None:
    """Make ``events`` on this connection show only the events matching ``query`` (cursor and limit ignored), so
    that the exporters, which read ``events``, write a filtered file without a filtered copy of their SQL.

    A temporary view named ``events`` shadows the table for this connection only (temporary objects come first in
    DuckDB's name lookup); it reads the ids selected with parameters into a temporary table. The one name put in
    SQL text is the store's own catalog name, from DuckDB, quoted as an identifier.
    """
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    table = '"' + str(catalog).replace('"', '""') + '".main.events'
    clauses, params = query.where()
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    con.execute(f"CREATE OR REPLACE TEMP TABLE selected_events AS SELECT e.event_id FROM {table} e{where}", params)
    con.execute(f"CREATE OR REPLACE TEMP VIEW events AS SELECT * FROM {table} "
                "WHERE event_id IN (SELECT event_id FROM selected_events)")
