"""The ``tidings`` entry point: every command module registered on the app, and every error turned into one
line on stderr and an exit code:

0 success · 1 other error · 2 unreadable input (empty, binary, too large, not UTF-8, bad date) ·
3 no spaCy model · 4 malformed data file.
"""

from __future__ import annotations

import os
import sys

import typer

from tidings.cli import code, gkg, spark, store  # noqa: F401 - each registers its commands on ``app``
from tidings.cli.app import app
from tidings.errors import TidingsError


def main() -> None:
    """Entry point: run the app and turn every error into one line and an exit code."""
    try:
        # without standalone mode click returns a command's ``typer.Exit`` code rather than raising it
        status = app(standalone_mode=False)
        if isinstance(status, int) and status:
            sys.exit(status)
    except TidingsError as exc:
        typer.echo(f"tidings: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("tidings: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the user gets one line; TIDINGS_DEBUG shows the traceback
        # a usage error (unknown option, missing argument): click's own message. typer 0.29 raises these from
        # its vendored copy of click, not from click, so the test is by shape rather than by class
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("TIDINGS_DEBUG"):
            raise
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        typer.echo(f"tidings: internal error: {msg} (set TIDINGS_DEBUG=1 for details)", err=True)
        sys.exit(1)



if __name__ == "__main__":
    main()
