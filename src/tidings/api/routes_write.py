"""The endpoints that run the pipeline on what the client sends: POST /api/code (a read: it changes nothing, so
it is open where reads are) and POST /api/ingest (a write: always a token)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from tidings.api.auth import require_read, require_write
from tidings.api.schemas import Coded, CodeRequest, IngestResult, Problem
from tidings.api.settings import Settings
from tidings.errors import InputError
from tidings.models import Article, parse_date
from tidings.readers.plaintext import plain_article
from tidings.readers.validate import decode_article

router = APIRouter(prefix="/api", responses={400: {"model": Problem}, 401: {"model": Problem}, 413: {"model": Problem},
                                             422: {"model": Problem}, 503: {"model": Problem}})


def checked_text(text: str, settings: Settings) -> str:
    """The text as ``tidings code`` would read it (the same gate, the same reasons, the same normalised text:
    ``readers.plaintext``); 413 when it is too long."""
    data = text.encode("utf-8", "surrogatepass")
    try:
        return plain_article(decode_article(data, settings.max_article_bytes, "text"), "text")
    except InputError as exc:
        if len(data) > settings.max_article_bytes:
            raise HTTPException(413, str(exc).replace(" (split it, or pass --max-bytes)", "")) from exc
        raise


@router.post("/code", response_model=Coded, tags=["pipeline"], dependencies=[Depends(require_read)])
async def code(request: Request, body: CodeRequest) -> JSONResponse:
    """Code one article: exactly the JSON of ``tidings code``. Requests are batched into the server's one
    pipeline; when its queue is full the answer is 503 with Retry-After."""
    settings: Settings = request.app.state.settings
    text = checked_text(body.text, settings)
    article = Article(text=text, date=parse_date(body.date), title=body.title, url=body.url)
    coded = await asyncio.wrap_future(request.app.state.coder.code(article))
    return JSONResponse(coded)


_INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/x-ndjson": {"schema": {"type": "string"},
                             "example": '{"text": "...", "date": "2026-01-02", "title": "...", "url": "..."}\n'},
    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
}}}


@router.post("/ingest", response_model=IngestResult, tags=["store"], dependencies=[Depends(require_write)],
             openapi_extra=_INGEST_BODY, responses={409: {"model": Problem}})
async def ingest(request: Request,
                 date: Annotated[str | None, Query(description="date for articles that carry none, YYYY-MM-DD")
                                 ] = None) -> JSONResponse:
    """Code articles into the store, as ``tidings ingest`` does with a JSON Lines file: JSON Lines, or one JSON
    array, of ``{id?, url?, title?, date, source?, text}``. Answers with the run's counts and rejects (a bad
    record is a reject, the others are stored). Needs a token. 409 when another ingest (``tidings ingest``, or
    another request) is running on the store: one ingest at a time."""
    default_date = parse_date(date or None, "date")
    body = await request.body()
    if not body.strip():
        raise InputError("the body is empty: send JSON Lines or a JSON array of articles")
    settings: Settings = request.app.state.settings
    store = request.app.state.store
    store.check_no_ingest()
    with tempfile.TemporaryDirectory(prefix="tidings-api-") as folder:
        path = Path(folder) / "request.jsonl"
        await run_in_threadpool(path.write_bytes, body)

        def run(pipe: Any) -> dict[str, Any]:  # noqa: ANN401 - the Pipeline, loaded by the coding thread
            from tidings.jobs.ingest import IngestOptions
            from tidings.jobs.ingest import ingest as run_ingest

            opts = IngestOptions(default_date=default_date, max_bytes=settings.max_article_bytes,
                                 prefilter=settings.prefilter, model=settings.model,
                                 learned=settings.learned)
            with store.write() as st:
                report = run_ingest([path], st, opts, pipeline=pipe)
            where = str(path)
            return {"run_id": report.run_id, "added": report.added, "duplicates": report.duplicates,
                    "mentions": report.mentions, "new_events": report.new_events, "rejected": report.rejected,
                    "seconds": round(report.seconds, 3),
                    "rejects": [{"where": r.locator or "body", "reason": r.reason.replace(where, "body")}
                                for r in report.rejects]}

        result = await asyncio.wrap_future(request.app.state.coder.call(run))
    return JSONResponse(result)
