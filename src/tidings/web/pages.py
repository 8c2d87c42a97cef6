"""The dashboard's pages: one route per page, rendered by Jinja2 from the store, plus the bundled static files.

Every page is complete HTML from the server (tables, numbers, links); the charts read the page's own data block
(``<script type="application/json">``) with the bundled ECharts, and only the dyad drill-down and the paste box
call the server again. Nothing is fetched from another host: the pages work with no internet at all.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from tidings import __version__
from tidings.analytics.articles import article_detail
from tidings.analytics.relations import dyad_series
from tidings.errors import InputError, TidingsError
from tidings.web import queries
from tidings.web.table import MODALITIES, PAGE, SORTS, TableQuery, event_page

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.globals.update(version=__version__, quad_names=queries.QUAD_NAMES, sorts=SORTS,
                             modalities=MODALITIES, page_size=PAGE, to_json=queries.to_json)


def web_url(url: object) -> str:
    """An article's URL fit for a link: http(s) only. A feed's ``javascript:`` URL must not become a link."""
    text = str(url or "").strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") else ""


TEMPLATES.env.filters["web_url"] = web_url
NAV = (("overview", "/", "Overview"), ("events", "/events", "Events"), ("article", "/article", "Article"),
       ("dyad", "/dyad", "Dyad"), ("map", "/map", "Map"), ("actor", "/actor", "Actor"))
TEMPLATES.env.globals["nav"] = NAV

MAX_PERIODS = 120
COUNTRY = re.compile(r"[A-Z]{3}")
Reader = Callable[[Request], Any]  # a request -> a context manager yielding a DuckDB connection


def page(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    ctx = {"active": template, "today": dt.date.today().isoformat(), **context}
    return TEMPLATES.TemplateResponse(request, f"{template}.html", ctx, status_code=status)


def build_router(reader: Reader, dependencies: Sequence[Any] = ()) -> APIRouter:
    """The dashboard's routes. ``reader(request)`` opens the store for one request (the API's store access);
    ``dependencies`` guard every page (not the static files, which the login page needs too)."""
    router = APIRouter(include_in_schema=False)
    guard = list(dependencies)

    @contextmanager
    def store(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
        with reader(request) as con:
            yield con

    def trouble(request: Request, name: str, exc: Exception, status: int = 503) -> HTMLResponse:
        """A page that could not be built: the one-line reason, in the page's own frame, never a traceback."""
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return page(request, name, status=status, error=reason, tq=TableQuery(), events=[], total=0,
                    points=[])

    @router.get("/", response_class=HTMLResponse, dependencies=guard)
    def overview(request: Request) -> HTMLResponse:
        try:
            with store(request) as con:
                by = queries.pick_period(con)
                return page(request, "overview", totals=queries.overview(con), by=by,
                            series=queries.quad_series(con, by), dyads=queries.top_dyads(con),
                            articles=queries.latest_articles(con))
        except TidingsError as exc:
            return trouble(request, "overview", exc)

    @router.get("/events", response_class=HTMLResponse, dependencies=guard)
    def events(request: Request) -> HTMLResponse:
        fragment = request.query_params.get("fragment") == "1"
        try:
            tq = TableQuery.from_params(dict(request.query_params))
        except InputError as exc:
            if fragment:
                return HTMLResponse(f'<p class="error" role="alert">{_escape(str(exc))}</p>', status_code=422)
            return page(request, "events", status=422, error=str(exc), tq=TableQuery(), events=[], total=0)
        try:
            with store(request) as con:
                found, total = event_page(con, tq)
        except TidingsError as exc:
            return trouble(request, "events", exc) if not fragment else HTMLResponse(
                f'<p class="error" role="alert">{_escape(str(exc))}</p>', status_code=503)
        name = "_events_table" if fragment else "events"
        return page(request, name, tq=tq, events=found, total=total)

    @router.get("/article", response_class=HTMLResponse, dependencies=guard)
    def paste(request: Request) -> HTMLResponse:
        return page(request, "article", doc=None)

    @router.get("/articles/{article_id}", response_class=HTMLResponse, dependencies=guard)
    def article(request: Request, article_id: str) -> HTMLResponse:
        try:
            with store(request) as con:
                doc = article_detail(con, article_id)
        except TidingsError as exc:
            return trouble(request, "article", exc)
        if doc is None:
            return page(request, "article", status=404, doc=None, error=f"no article with id {article_id!r}")
        return page(request, "article", doc=doc)

    @router.get("/dyad", response_class=HTMLResponse, dependencies=guard)
    def dyad(request: Request, a: str = "", b: str = "", by: str = "") -> HTMLResponse:
        a, b = a.strip().upper(), b.strip().upper()
        ctx: dict[str, object] = {"a": a, "b": b, "by": by, "series": None}
        bad = [c for c in (a, b) if c and not COUNTRY.fullmatch(c)]
        if bad:
            return page(request, "dyad", status=422, **ctx, error=f"bad country {bad[0]!r}: a three-letter code "
                                                                  "such as CHN")
        try:
            with store(request) as con:
                ctx["countries"] = queries.countries(con)
                if not (a or b):  # the busiest dyad, so the page opens on something
                    top = queries.top_dyads(con, 1)
                    if top:
                        a, b = top[0]["a"], top[0]["b"]
                        ctx.update(a=a, b=b)
                if a and b:
                    first, last = queries.dyad_span(con, a, b)
                    by = ctx["by"] = by or queries.period_for(first, last)
                    # from the dyad's first event to its last: not the decades either country alone spans
                    df = dyad_series(con, a, b, by=by, date_from=first, date_to=last, modality="all")
                    ctx["series"] = _series_json(df) if first else None
        except InputError as exc:
            return trouble(request, "dyad", exc, status=422)
        except TidingsError as exc:
            return trouble(request, "dyad", exc)
        return page(request, "dyad", **ctx)

    @router.get("/map", response_class=HTMLResponse, dependencies=guard)
    def world(request: Request) -> HTMLResponse:
        try:
            with store(request) as con:
                return page(request, "map", points=queries.map_points(con))
        except TidingsError as exc:
            return trouble(request, "map", exc)

    @router.get("/actor", response_class=HTMLResponse, dependencies=guard)
    def actor(request: Request, id: str = "") -> HTMLResponse:  # noqa: A002 - the query parameter's name
        ident = id.strip()
        try:
            with store(request) as con:
                ctx: dict[str, object] = {"ident": ident, "countries": queries.countries(con)[:60]}
                if not ident and ctx["countries"]:
                    ident = ctx["ident"] = ctx["countries"][0]  # type: ignore[index]
                if ident:
                    ctx.update(name=queries.actor_name(con, ident), sides=queries.actor_sides(con, ident),
                               partners=queries.actor_partners(con, ident))
                    as_source, _ = event_page(con, TableQuery(form=(("source", ident),), limit=20))
                    as_target, _ = event_page(con, TableQuery(form=(("target", ident),), limit=20))
                    ctx.update(as_source=as_source, as_target=as_target)
        except TidingsError as exc:
            return trouble(request, "actor", exc)
        return page(request, "actor", **ctx)

    @router.get("/static/{path:path}")
    def static(path: str) -> Response:
        """A bundled file; anything outside the static folder is not found (no ``..`` walks out of it)."""
        target = (STATIC / path).resolve()
        if not target.is_file() or STATIC.resolve() not in target.parents:
            return Response("not found", status_code=404, media_type="text/plain")
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return FileResponse(target, media_type=media, headers={"Cache-Control": "public, max-age=3600"})

    return router


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _series_json(df: Any) -> dict[str, Any]:  # noqa: ANN401 - a pandas DataFrame
    """The dyad series as columns per direction, for the chart: periods, counts by QuadClass, Goldstein, share.

    Over MAX_PERIODS periods, those without a dyad event are left out (``sparse``): a bar a pixel wide per empty
    month of twenty years would hide the few that count.
    """
    periods = sorted(set(df["period"]))
    sparse = len(periods) > MAX_PERIODS
    if sparse:
        busy = set(df.loc[df["events"] > 0, "period"])
        periods = [p for p in periods if p in busy]
        df = df[df["period"].isin(busy)]
    out: dict[str, Any] = {"periods": [p.isoformat() for p in periods], "directions": {}, "sparse": sparse}
    for direction, part in df.groupby("direction", sort=False):
        part = part.sort_values("period")
        out["directions"][direction] = {
            "events": part["events"].tolist(),
            "cooperation": (part["q1_verbal_coop"] + part["q2_material_coop"]).tolist(),
            "conflict": (part["q3_verbal_conflict"] + part["q4_material_conflict"]).tolist(),
            "goldstein": [None if v != v else v for v in part["goldstein_mean"].tolist()],
            "share": [None if v != v else v for v in part["share"].tolist()],
        }
    return out
