"""Every error the API returns is JSON with one line: ``{"detail": "..."}``. Never a traceback, never HTML.

``TidingsError`` messages are already one line a user can act on (the CLI prints the same ones): bad input is
422, a busy store or a full queue 503 with ``Retry-After``, an ingest while another runs on the store 409 (a
conflict to resolve, not a moment to wait: the other run may take hours). FastAPI's own validation errors (a
list of dicts) are folded into one line naming the parameter. Anything unexpected is logged with its traceback
on the server and answered with a one-line 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.api.storeaccess import StoreBusy, StoreMissing
from tidings.errors import InputError, TidingsError, first_line
from tidings.store.db import StoreError
from tidings.store.lock import IngestRunning

log = logging.getLogger("tidings.api")


class Busy(TidingsError):
    """The pipeline's queue is full: the client should retry after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _validation_line(exc: RequestValidationError) -> str:
    """FastAPI's list of problems as one line: where (query parameter, body field) and what."""
    parts = []
    for err in exc.errors()[:3]:
        loc = [str(x) for x in err.get("loc", ())]
        where = f"{loc[0]} parameter {'.'.join(loc[1:])}" if loc and loc[0] in ("query", "path", "header") else \
            ("body field " + ".".join(loc[1:]) if len(loc) > 1 else "body")
        parts.append(f"{where}: {first_line(Exception(err.get('msg', 'invalid')), 200)}")
    return "; ".join(parts) or "invalid request"


# The project's own errors: the status (and headers) each answers with, its message as the reason. Starlette
# picks the handler of the nearest class in an exception's MRO, so IngestRunning (a StoreError) is 409.
STATUS: tuple[tuple[type[TidingsError], int, dict[str, str] | None], ...] = (
    (InputError, 422, None),
    (StoreBusy, 503, {"Retry-After": "5"}),
    (StoreMissing, 503, None),
    (IngestRunning, 409, None),
    (StoreError, 503, None),
    (TidingsError, 500, None),
)


def _answer(status: int, headers: dict[str, str] | None) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return error(status, first_line(exc), headers)

    return handler


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, _validation_line(exc))

    @app.exception_handler(StarletteHTTPException)  # FastAPI's HTTPException and the router's 404 and 405
    async def http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, first_line(Exception(exc.detail)), getattr(exc, "headers", None))

    @app.exception_handler(Busy)
    async def busy(_: Request, exc: Busy) -> JSONResponse:
        return error(503, first_line(exc), {"Retry-After": str(exc.retry_after)})

    for cls, status, headers in STATUS:
        app.add_exception_handler(cls, _answer(status, headers))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error(500, f"internal error ({type(exc).__name__}); the server's log has the details")


class BodyLimit:
    """Refuse request bodies over a size (413) before reading them whole: by Content-Length when the client sends
    one, else by counting what arrives. ``limits`` maps a path to its limit; other paths get ``default``."""

    def __init__(self, app: ASGIApp, limits: dict[str, int], default: int) -> None:
        self.app = app
        self.limits = limits
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default)
        too_big = f"request body over {limit:,} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    if int(value) > limit:
                        await error(413, too_big)(scope, receive, send)
                        return
                except ValueError:
                    await error(400, "bad Content-Length header")(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # FastAPI re-raises HTTPExceptions met while reading a body; the handler above answers it
                    raise HTTPException(413, too_big)
            return message

        await self.app(scope, counted, send)
