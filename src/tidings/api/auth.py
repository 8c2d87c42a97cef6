"""Bearer tokens: writes always need one; reads need one when the server listens beyond the loopback address.

Tokens come from ``--token-file`` and are compared with ``hmac.compare_digest`` against every accepted token, so
the time taken says nothing about how much of a guess was right.

Where a token may come from. A program sends ``Authorization: Bearer ...``. A browser cannot add that header
to a link it follows, so the dashboard's ``/login`` keeps the token in an HttpOnly, SameSite=Strict cookie,
``tidings_token`` (``COOKIE``), and the browser sends it with every request to this server, including the
dashboard's own ``fetch`` calls. So:

- **Reads and ``POST /api/code`` accept the header or the cookie** (``require_read``). Code writes nothing: it
  codes the text it is sent and answers. A page of another site cannot make the browser send the cookie at all
  (SameSite=Strict), and without CORS it could not read the answer anyway; the worst a forged request could do
  is spend this server's CPU, which an anonymous client on a loopback server can do already.
- **``POST /api/ingest`` accepts the header only** (``require_write``), never the cookie. It changes the store,
  which is what cross-site request forgery is about. SameSite=Strict stops other *sites*, but a site is the
  registrable domain, not the origin: another port on the same host, or a sibling subdomain, counts as the
  same site and its pages would carry the cookie (and a form POST needs no CORS preflight). A same-origin
  check (Origin/Referer) could close that gap, but the dashboard has no ingest form, so nothing needs the cookie
  for writes, and header-only is the rule with nothing to get wrong: a script must hold the token itself.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tidings.api.settings import Settings

COOKIE = "tidings_token"  # set by the dashboard's /login (tidings.web.app)

bearer = HTTPBearer(auto_error=False, description="A token from the server's --token-file")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
Creds = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def token_ok(presented: str, tokens: frozenset[str]) -> bool:
    """Constant time per token; every token is compared, whichever matches."""
    found = False
    for t in tokens:
        found |= hmac.compare_digest(presented.encode("utf-8"), t.encode("utf-8"))
    return found


def header_token(request: Request) -> str | None:
    """The bearer token of the request's Authorization header, if any."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def presented_token(request: Request) -> str | None:
    """The Authorization header's bearer token, else the dashboard's cookie: what a read may present."""
    return header_token(request) or request.cookies.get(COOKIE) or None


def _check(request: Request, token: str | None, what: str, how: str) -> None:
    settings: Settings = request.app.state.settings
    if not token:
        hint = "" if settings.tokens else " (this server has no --token-file, so nothing can write)"
        raise HTTPException(401, f"{what} need a token: {how}{hint}", headers=_CHALLENGE)
    if not token_ok(token, settings.tokens):
        raise HTTPException(401, "unknown token", headers=_CHALLENGE)


async def require_write(request: Request, _: Creds) -> None:
    """Dependency of every endpoint that changes the store: the Authorization header only (module docstring)."""
    _check(request, header_token(request), "writes", "Authorization: Bearer <token>")


async def require_read(request: Request, _: Creds) -> None:
    """Dependency of every read and of POST /api/code: open on a loopback server; elsewhere a token, from the
    header or the dashboard's login cookie."""
    if request.app.state.settings.reads_need_token:
        _check(request, presented_token(request), "reads on a server listening beyond 127.0.0.1",
               "Authorization: Bearer <token>, or sign in at /login")
