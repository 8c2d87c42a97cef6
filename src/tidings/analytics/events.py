"""Query stored (deduplicated) events with the filters a researcher starts from: who, what, when, how firmly."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb
import pandas as pd

# The columns ``tidings events`` shows, in order; evidence and URL are those of the founding mention.
EVENT_COLUMNS = (
    "event_id", "date", "source_name", "source_country", "source_sector", "target_name", "target_country",
    "target_sector", "cameo", "cameo_name", "plover", "plover_mode", "quad_class", "goldstein", "modality",
    "num_mentions", "num_sources", "num_articles", "url", "evidence",
)


_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class EventFilter:
    """Each field narrows the result; None means no filter.

    An actor given in capitals (KEN) is a country code; anything else matches a KB id or part of a name.
    """

    source: str | None = None
    target: str | None = None
    cameo: str | None = None          # a prefix: "16" is the whole root family, "161" one code
    plover: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    modality: str | None = None

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        for side, value in (("source", self.source), ("target", self.target)):
            if value and _CODE.fullmatch(value):  # KEN, IGO: a code, exactly
                clauses.append(f"e.{side}_country = ?")
                params.append(value)
            elif value:  # "somalia", "person:xi-jinping", "Xi": a KB id, or part of the resolved name
                clauses.append(f"(e.{side}_kb_id = ? OR e.{side}_name ILIKE ? OR upper(e.{side}_country) = upper(?))")
                params += [value, f"%{value}%", value]
        if self.cameo:
            clauses.append("starts_with(e.cameo, ?)")
            params.append(self.cameo)
        if self.plover:
            clauses.append("upper(e.plover) = upper(?)")
            params.append(self.plover)
        if self.date_from:
            clauses.append("e.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("e.date <= ?")
            params.append(self.date_to)
        if self.modality and self.modality != "all":
            clauses.append("e.modality = ?")
            params.append(self.modality.lower())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events_sql(flt: EventFilter | None = None, limit: int | None = None) -> tuple[str, list[object]]:
    """The SELECT behind ``tidings events`` and the CSV export: events with founding evidence and URL, by date."""
    where, params = (flt or EventFilter()).where()
    cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS if c not in ("url", "evidence"))
    sql = (f"SELECT {cols}, a.url, v.text AS evidence FROM events e "
           "LEFT JOIN mentions m ON m.mention_id = e.first_mention_id "
           "LEFT JOIN evidence v ON v.evidence_id = m.evidence_id "
           "LEFT JOIN articles a ON a.article_id = e.first_article_id"
           f"{where} ORDER BY e.date NULLS LAST, e.event_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql, params


def query_events(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None,
                 limit: int | None = None) -> pd.DataFrame:
    """Events matching ``flt`` as a DataFrame."""
    sql, params = events_sql(flt, limit)
    return con.execute(sql, params).df()


def count_events(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None) -> int:
    where, params = (flt or EventFilter()).where()
    return con.execute(f"SELECT count(*) FROM events e{where}", params).fetchall()[0][0]
