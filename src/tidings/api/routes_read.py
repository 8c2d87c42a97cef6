"""The read endpoints: health, events, articles, relations, actors, export. Reads open the store per request
(``storeaccess``); store reads are plain functions, so FastAPI runs them in its thread pool, and what needs the
pipeline waits for the coding thread without holding one."""

from __future__ import annotations

import asyncio
import math
import os
import tempfile
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.background import BackgroundTask

from tidings import __version__
from tidings.analytics.articles import article_detail
from tidings.analytics.browse import MAX_LIMIT, EventQuery, events_page, restrict_events
from tidings.api.auth import require_read
from tidings.api.schemas import ActorAnswer, ArticleDetail, EventPage, Health, Problem, Relations
from tidings.api.storeaccess import StoreMissing
from tidings.errors import InputError
from tidings.models import parse_date

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)],
                   responses={401: {"model": Problem}, 422: {"model": Problem}, 503: {"model": Problem}})

Modality = Literal["asserted", "future", "hypothetical", "negated", "all"]
Day = Annotated[str | None, Query(description="YYYY-MM-DD", examples=["2026-01-02"])]


@router.get("/health", response_model=Health, tags=["store"])
def health(request: Request) -> Health:
    """The server is up; how much the store holds (0 and 0 when there is no store yet)."""
    try:
        with request.app.state.store.read() as con:
            articles, events = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)"
                                           ).fetchone()
    except StoreMissing:
        articles = events = 0
    return Health(status="ok", version=__version__, articles=articles, events=events)


def event_filters(
    source: Annotated[str | None, Query(description="source actor: country code (CHN), KB id or part of a name")
                      ] = None,
    target: Annotated[str | None, Query(description="target actor, as source")] = None,
    actor: Annotated[str | None, Query(description="either side, as source")] = None,
    root: Annotated[str | None, Query(description="two-digit CAMEO root, e.g. 14", pattern=r"^\d{2}$")] = None,
    cameo: Annotated[str | None, Query(description="CAMEO code or prefix", pattern=r"^\d{1,4}$")] = None,
    plover: Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT")] = None,
    quad: Annotated[int | None, Query(ge=0, le=4, description="QuadClass 0-4")] = None,
    modality: Modality | None = None,
    date_from: Annotated[str | None, Query(alias="from", description="first date, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="last date, YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(description="words that must all occur in the evidence", max_length=500)
                 ] = None,
) -> EventQuery:
    """The filters every event endpoint shares (events, export), checked as the CLI checks them."""
    return EventQuery(source=source or None, target=target or None, actor=actor or None, root=root, cameo=cameo,
                      plover=plover or None, quad=quad, modality=modality,
                      date_from=parse_date(date_from or None, "from"), date_to=parse_date(date_to or None, "to"),
                      q=q)


def event_query(
    filters: Annotated[EventQuery, Depends(event_filters)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[str | None, Query(description="the previous page's next", max_length=1000)] = None,
    order: Literal["asc", "desc"] = "asc",
) -> EventQuery:
    """The filters and the page: how many, after which event, in which order."""
    return replace(filters, limit=limit, cursor=cursor or None, descending=order == "desc")


Page = Annotated[EventQuery, Depends(event_query)]
Filters = Annotated[EventQuery, Depends(event_filters)]


@router.get("/events", response_model=EventPage, tags=["store"])
def events(request: Request, query: Page) -> JSONResponse:
    """A page of deduplicated events, each with its founding evidence and article, in (date, id) order; follow
    ``next`` for the following page."""
    with request.app.state.store.read() as con:
        rows, nxt = events_page(con, query)
    return JSONResponse({"events": rows, "next": nxt})


@router.get("/articles/{article_id}", response_model=ArticleDetail, tags=["store"],
            responses={404: {"model": Problem}})
def article(request: Request, article_id: str) -> JSONResponse:
    """The article's text and everything coded in it (events, quotes, amounts, actors), with spans."""
    with request.app.state.store.read() as con:
        found = article_detail(con, article_id)
    if found is None:
        return JSONResponse({"detail": f"no article {article_id!r} in the store"}, status_code=404)
    return JSONResponse(found)


def _clean(v: Any) -> Any:  # noqa: ANN401 - a cell of the series
    if isinstance(v, float) and math.isnan(v):
        return None
    return v.isoformat() if hasattr(v, "isoformat") else v


@router.get("/relations", response_model=Relations, tags=["store"])
def relations(request: Request,
              a: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3, e.g. CHN")],
              b: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3, e.g. KOR")],
              by: Literal["day", "week", "month", "year"] = "month",
              date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
              date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
              modality: Modality = "asserted") -> JSONResponse:
    """The dyad's series of ``tidings relations``: both directions and combined, counts by QuadClass, Goldstein,
    share of all events involving either country."""
    from tidings.analytics.relations import dyad_series

    start, end = parse_date(date_from or None, "from"), parse_date(date_to or None, "to")
    if start and end and start > end:
        raise InputError("bad dates: from is after to")
    with request.app.state.store.read() as con:
        df = dyad_series(con, a, b, by, start, end, modality)
    series = [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]
    return JSONResponse({"a": a.upper(), "b": b.upper(), "by": by, "series": series})


@router.get("/actors/resolve", response_model=ActorAnswer, tags=["pipeline"])
async def resolve_actor(request: Request,
                        text: Annotated[str, Query(description="an actor phrase", max_length=1000)],
                        date: Annotated[str | None, Query(
                            description="YYYY-MM-DD: roles as of this date (default: today)")] = None,
                        context: Annotated[str | None, Query(description="text before the phrase",
                                                             max_length=20_000)] = None) -> JSONResponse:
    """``tidings actor``'s answer for one phrase: name, country, sector, role and KB id, or nulls."""
    from tidings.jobs.actors import actor_answer, resolve_phrases

    day = parse_date(date or None)
    if not text.strip():
        raise InputError("text is empty")
    found = await asyncio.wrap_future(request.app.state.coder.call(
        lambda pipe: resolve_phrases(pipe, [text], day, context)))
    return JSONResponse(actor_answer(text, found[0]))


EXPORTS = {"gdelt": ("text/tab-separated-values", "tsv"), "csv": ("text/csv", "csv"),
           "plover": ("application/json", "json")}


@router.get("/export", tags=["store"], response_class=FileResponse,
            responses={200: {"content": {m: {} for m, _ in EXPORTS.values()},
                             "description": "the file, as tidings export writes it"}})
def export(request: Request, query: Filters,
           fmt: Annotated[Literal["gdelt", "csv", "plover"], Query(alias="format")] = "gdelt") -> FileResponse:
    """The events matching the filters as a file: GDELT 2.0's 61 columns, CSV with a header, or PLOVER JSON
    (every matching event)."""
    from tidings.export import export as write

    media, ext = EXPORTS[fmt]
    fd, path = tempfile.mkstemp(prefix="tidings-export-", suffix=f".{ext}")
    os.close(fd)
    try:
        with request.app.state.store.read() as con:
            restrict_events(con, query)
            write(con, fmt, path)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(path, media_type=media, filename=f"tidings-events.{ext}",
                        background=BackgroundTask(os.unlink, path))
