"""The read endpoints: health, events, articles, relations, actors, export. Reads open the store read-only per
request (``storeaccess``); they are plain functions, so FastAPI runs them in its thread pool."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from tidings import __version__
from tidings.api.auth import require_read
from tidings.api.schemas import Health
from tidings.api.storeaccess import StoreMissing

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)])


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
