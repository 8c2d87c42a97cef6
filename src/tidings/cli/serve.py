"""``tidings serve``: the REST API (``tidings.api``) and the dashboard (``tidings.web``) over a store.

FastAPI and uvicorn are imported inside the command, so ``tidings --help`` does not pay for them.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tidings.cli.app import ModelOpt, NoModelOpt, NoPrefilterOpt, app
from tidings.errors import InputError, TidingsError
from tidings.store.defaults import DEFAULT_DB

if TYPE_CHECKING:  # FastAPI loads on the command's first use
    from fastapi import FastAPI

    from tidings.api.settings import Settings


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store file (created if missing)")] = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to listen on; beyond loopback, reads need a token too")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    token_file: Annotated[Path | None, typer.Option(
        "--token-file", help="Bearer tokens, one per line: writes need one (and reads, off loopback)")] = None,
    model: ModelOpt = None,
    no_prefilter: NoPrefilterOpt = False,
    no_model: NoModelOpt = False,
    preload: Annotated[bool, typer.Option("--preload", help="Load the pipeline at start, not at the first "
                                                            "request that codes")] = False,
    queue_size: Annotated[int, typer.Option(help="Articles waiting for the pipeline before /api/code says 503")
                          ] = 64,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log every request")] = True,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json, docs at /docs) and the dashboard over a store."""
    from tidings.api.settings import Settings, is_loopback, read_tokens

    if not 0 < port < 65536:
        raise InputError(f"bad --port {port}: from 1 to 65535")
    if queue_size < 1:
        raise InputError("--queue-size must be at least 1")
    tokens = read_tokens(token_file)
    if not is_loopback(host) and not tokens:
        raise InputError(f"--host {host} is not a loopback address: reads need a token there, so give "
                         "--token-file")
    check_address(host, port)
    if not db.exists():
        from tidings.store.db import Store

        Store(db).close()  # an empty store of the current schema: the server starts, ingest fills it
        typer.echo(f"tidings: created an empty store {db}", err=True)
    settings = Settings(db=db, host=host, port=port, tokens=tokens, model=model, prefilter=not no_prefilter,
                        learned=not no_model, queue_size=queue_size)
    run_server(settings, preload, access_log)


def run_server(settings: Settings, preload: bool, access_log: bool = True) -> None:
    """Run the app until interrupted."""
    import uvicorn

    app_ = build(settings, preload)
    typer.echo(f"tidings: serving {settings.db} on http://{settings.host}:{settings.port} (API docs at /docs)",
               err=True)
    try:
        uvicorn.run(app_, host=settings.host, port=settings.port, log_level="info", access_log=access_log)
    except SystemExit as exc:  # uvicorn's own exit codes (3: could not start) are not tidings' (3: no model)
        if exc.code not in (0, None):
            raise TidingsError(f"the server stopped: it could not serve on {settings.host}:{settings.port} "
                               "(uvicorn's reason is above)") from None


def check_address(host: str, port: int) -> None:
    """A clear error before anything loads when the address cannot be listened on (in use, not this machine's)."""
    import socket

    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            sock.bind(addr)
    except OSError as exc:
        reason = "in use" if getattr(exc, "errno", None) == errno.EADDRINUSE else (exc.strerror or str(exc))
        raise InputError(f"cannot listen on {host}:{port}: {reason}") from None


def build(settings: Settings, preload: bool = False) -> FastAPI:
    """The dashboard's app (``tidings.web.app.build_app``, which wraps the API's) when the package has it, else
    the API alone."""
    from importlib.util import find_spec

    if find_spec("tidings.web.app") is not None:
        from tidings.web.app import build_app

        return build_app(settings, preload=preload)
    from tidings.api.app import create_app

    return create_app(settings, preload=preload)
