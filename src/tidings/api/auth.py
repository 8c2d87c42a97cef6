"""Bearer tokens: writes always need one; reads need one when the server listens beyond the loopback address.

Tokens come from ``--token-file`` and are compared with ``hmac.compare_digest`` against every accepted token, so
the time taken says nothing about how much of a guess was right.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tidings.api.settings import Settings

bearer = HTTPBearer(auto_error=False, description="A token from the server's --token-file")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
Creds = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def token_ok(presented: str, tokens: frozenset[str]) -> bool:
    """Constant time per token; every token is compared, whichever matches."""
    found = False
    for t in tokens:
        found |= hmac.compare_digest(presented.encode("utf-8"), t.encode("utf-8"))
    return found


def _check(request: Request, creds: HTTPAuthorizationCredentials | None, what: str) -> None:
    settings: Settings = request.app.state.settings
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        hint = "" if settings.tokens else " (this server has no --token-file, so nothing can write)"
        raise HTTPException(401, f"{what} need a token: Authorization: Bearer <token>{hint}", headers=_CHALLENGE)
    if not token_ok(creds.credentials, settings.tokens):
        raise HTTPException(401, "unknown token", headers=_CHALLENGE)


async def require_write(request: Request, creds: Creds) -> None:
    """Dependency of every endpoint that changes the store."""
    _check(request, creds, "writes")


async def require_read(request: Request, creds: Creds) -> None:
    """Dependency of every read: open on a loopback server, a token otherwise."""
    if request.app.state.settings.reads_need_token:
        _check(request, creds, "reads on a server listening beyond 127.0.0.1")
