"""The app ``tidings serve`` runs: the API's (``tidings.api.app.create_app``) with the dashboard's pages added.

Pages read the store through the API's own ``StoreAccess`` (read-only per request, never beside a writer), and
follow its rule for tokens: open on a loopback address; beyond it, a page needs the token too. A browser cannot
add an ``Authorization`` header to a link it follows, so ``/login`` takes the token once and keeps it in an
HttpOnly, SameSite=Strict cookie that the pages accept in its place, and so do the API's reads and POST /api/code
(the paste box); POST /api/ingest never does (``tidings.api.auth`` says why).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, quote

import duckdb
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tidings.api.app import create_app
from tidings.api.auth import COOKIE, presented_token, token_ok
from tidings.api.coder import CodeService
from tidings.api.settings import Settings
from tidings.web.pages import build_router, page


@contextmanager
def read_store(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with request.app.state.store.read() as con:
        yield con


async def require_page_read(request: Request) -> None:
    """Pages are open where the API's reads are; elsewhere a valid token (header or cookie), else the login."""
    settings: Settings = request.app.state.settings
    if not settings.reads_need_token:
        return
    token = presented_token(request)
    if token and token_ok(token, settings.tokens):
        return
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise HTTPException(303, "sign in with a token first", headers={"Location": f"/login?next={quote(target)}"})


def login_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:  # noqa: A002 - the parameter's name
        return page(request, "login", next=safe_next(next))

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        token = (form.get("token") or [""])[0].strip()
        target = safe_next((form.get("next") or ["/"])[0])
        settings: Settings = request.app.state.settings
        if not token or not token_ok(token, settings.tokens):
            return page(request, "login", status=401, next=target, error="unknown token")
        out = RedirectResponse(target, status_code=303)
        out.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return out

    return router


def safe_next(target: str) -> str:
    """Only a path of this site: a login must not send the browser to another host."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def build_app(settings: Settings | None = None, preload: bool = False,
              service: CodeService | None = None) -> FastAPI:
    """The API's app plus the dashboard's pages, static files and login."""
    pages = build_router(read_store, dependencies=[Depends(require_page_read)])
    return create_app(settings, routers=[login_router(), pages], preload=preload, service=service)
