"""The events table of the dashboard: the API's filters (``analytics.browse.EventQuery``) read from a query
string, plus a sort on any column, numbered pages, and the dyad (either direction) the dyad view drills into.

The page is a plain HTML form (GET), so the table works from the keyboard and without JavaScript, and its URL
can be bookmarked or shared. The API pages by keyset in date order; a person sorting by Goldstein or mentions
wants numbered pages instead, and a dashboard table is never deep enough for OFFSET to cost much.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from tidings.analytics.browse import MODALITIES, EventQuery, event_records
from tidings.errors import InputError
from tidings.models import parse_date

# sort key -> the SQL it orders by (never built from the request's text)
SORTS = {"date": "e.date", "source": "e.source_name", "target": "e.target_name", "cameo": "e.cameo",
         "quad": "e.quad_class", "goldstein": "e.goldstein", "mentions": "e.num_mentions"}
PAGE = 50
MAX_PAGE_SIZE = 500
FILTERS = ("source", "target", "actor", "root", "cameo", "plover", "quad", "modality", "from", "to", "q")


@dataclass(frozen=True)
class TableQuery:
    """``form`` holds the filters as typed (named as ``/api/events``'s parameters); ``dyad`` ("CHN,KOR") is the
    dashboard's own: events between two countries in either direction."""

    form: tuple[tuple[str, str], ...] = ()
    dyad: str = ""
    sort: str = "date"
    desc: bool = True
    page: int = 1
    limit: int = PAGE

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> TableQuery:
        """Read a query string: unknown keys ignored, a bad value an ``InputError`` with the API's reason."""
        form = tuple((k, params[k].strip()) for k in FILTERS if (params.get(k) or "").strip())
        kw: dict[str, Any] = {"form": form, "dyad": (params.get("dyad") or "").strip(),
                              "sort": params.get("sort") or "date", "desc": params.get("desc", "1") != "0"}
        for key, hi in (("page", 100_000), ("limit", MAX_PAGE_SIZE)):
            if params.get(key):
                try:
                    kw[key] = min(max(int(params[key]), 1), hi)
                except ValueError as exc:
                    raise InputError(f"bad {key} {params[key]!r}: a whole number") from exc
        out = cls(**kw)
        out.event_query()  # checks every filter now, so the page can say which one is wrong
        if out.sort not in SORTS:
            raise InputError(f"bad sort {out.sort!r}: use one of {', '.join(SORTS)}")
        if out.dyad and len(out.countries()) != 2:
            raise InputError(f"bad dyad {out.dyad!r}: two country codes such as CHN,KOR")
        return out

    def get(self, key: str) -> str:
        """The value typed for filter ``key`` (for the form), or ''."""
        return dict(self.form).get(key, "")

    def countries(self) -> list[str]:
        return [c.strip().upper() for c in self.dyad.split(",") if c.strip()]

    def event_query(self) -> EventQuery:
        f = dict(self.form)
        quad = f.get("quad")
        if quad is not None and not quad.isdigit():
            raise InputError(f"bad quad {quad!r}: a QuadClass from 0 to 4")
        return EventQuery(source=f.get("source"), target=f.get("target"), actor=f.get("actor"), root=f.get("root"),
                          cameo=f.get("cameo"), plover=f.get("plover"), quad=int(quad) if quad else None,
                          modality=f.get("modality"), date_from=parse_date(f.get("from"), "from"),
                          date_to=parse_date(f.get("to"), "to"), q=f.get("q"))

    def where(self) -> tuple[str, list[object]]:
        clauses, params = self.event_query().where()
        if self.dyad:
            a, b = self.countries()
            clauses.append("((e.source_country = ? AND e.target_country = ?) OR "
                           "(e.source_country = ? AND e.target_country = ?))")
            params += [a, b, b, a]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def params(self, **change: object) -> dict[str, str]:
        """This query as URL parameters (for sort links and pages), with ``change`` applied; defaults left out."""
        q = dataclasses.replace(self, **change)  # type: ignore[arg-type]
        out = dict(q.form)
        if q.dyad:
            out["dyad"] = q.dyad
        out.update(sort=q.sort, desc="1" if q.desc else "0")
        if q.page != 1:
            out["page"] = str(q.page)
        if q.limit != PAGE:
            out["limit"] = str(q.limit)
        return out

    def pages(self, total: int) -> int:
        return max(1, (total + self.limit - 1) // self.limit)


def event_page(con: duckdb.DuckDBPyConnection, tq: TableQuery) -> tuple[list[dict[str, Any]], int]:
    """One page of events, the records of ``/api/events`` (``analytics.browse.event_records``) in the table's
    order, and how many match."""
    where, params = tq.where()
    total = con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]
    direction = "DESC" if tq.desc else "ASC"  # ties by event id in the same direction, as the API orders
    order = f"{SORTS[tq.sort]} {direction} NULLS LAST, e.event_id {direction}"
    return event_records(con, where, params, order, tq.limit, (tq.page - 1) * tq.limit), total


__all__ = ["MODALITIES", "PAGE", "SORTS", "TableQuery", "event_page"]
