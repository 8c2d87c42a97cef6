"""What ``tidings serve`` was started with: the store, the address, the tokens and the limits.

One frozen value, built by the CLI (or a test) and handed to ``create_app``: the app reads nothing from the
environment or the command line itself, so a test builds exactly the server it wants.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from tidings.errors import InputError
from tidings.readers.validate import MAX_ARTICLE_BYTES
from tidings.store.defaults import DEFAULT_DB

# A JSON body of /api/code carries one article (at most MAX_ARTICLE_BYTES of text) plus a title, URL and date;
# escapes (\n, \u00e9) can make the JSON up to six times its text, so the body limit allows for them.
CODE_BODY_BYTES = 6 * MAX_ARTICLE_BYTES + 64_000
INGEST_BODY_BYTES = 200_000_000  # a batch of articles in one POST; bigger collections go through tidings ingest


@dataclass(frozen=True)
class Settings:
    """``tokens`` are the accepted bearer tokens (empty: nothing can write). ``queue_size`` bounds the articles
    waiting for the pipeline; beyond it /api/code answers 503."""

    db: Path = Path(DEFAULT_DB)
    host: str = "127.0.0.1"
    port: int = 8000
    tokens: frozenset[str] = field(default_factory=frozenset)
    model: str | None = None
    prefilter: bool = True
    learned: bool = True  # the learned event model beside the rules (tidings serve --no-model: False)
    queue_size: int = 64
    batch_size: int = 16
    max_article_bytes: int = MAX_ARTICLE_BYTES
    code_body_bytes: int = CODE_BODY_BYTES
    ingest_body_bytes: int = INGEST_BODY_BYTES

    @property
    def reads_need_token(self) -> bool:
        """Reads are open when the server listens on a loopback address only (the user's own machine)."""
        return not is_loopback(self.host)


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1 and localhost are loopback; 0.0.0.0, a LAN address or a name are not."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def read_tokens(path: Path | None) -> frozenset[str]:
    """The tokens of a token file: one per line; blank lines and ``#`` comments skipped."""
    if path is None:
        return frozenset()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such token file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the token file ({type(exc).__name__})") from exc
    tokens = frozenset(t for t in (line.strip() for line in lines) if t and not t.startswith("#"))
    if not tokens:
        raise InputError(f"{path}: the token file has no token (one per line)")
    short = [t for t in tokens if len(t) < 16]
    if short:
        raise InputError(f"{path}: a token is shorter than 16 characters; use long random tokens "
                         "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    return tokens
