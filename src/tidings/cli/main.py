"""The ``tidings`` entry point: every command module registered on the app, and every error turned into one
line on stderr and an exit code:

0 success · 1 other error · 2 unreadable input (empty, binary, too large, not UTF-8, bad date) ·
3 no spaCy model · 4 malformed data file.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn

import typer

from tidings.cli import code, gkg, serve, spark, store  # noqa: F401 - each registers its commands on ``app``
from tidings.cli.app import app
from tidings.errors import TidingsError, first_line


def main() -> None:
    """Entry point: run the app, turn every error into one line and an exit code, and end the process."""
    leave(run())


def run() -> int:
    """Run the app on ``sys.argv``; the exit status, with every error already reported on stderr."""
    try:
        # without standalone mode click returns a command's ``typer.Exit`` code rather than raising it
        status = app(standalone_mode=False)
        return status if isinstance(status, int) else 0
    except TidingsError as exc:
        typer.echo(f"tidings: error: {exc}", err=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("tidings: interrupted", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line; TIDINGS_DEBUG shows the traceback
        # a usage error (unknown option, missing argument): click's own message. typer 0.29 raises these from
        # its vendored copy of click, not from click, so the test is by shape rather than by class
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            return exc.exit_code
        if os.environ.get("TIDINGS_DEBUG"):
            raise
        msg = first_line(exc)
        typer.echo(f"tidings: internal error: {msg} (set TIDINGS_DEBUG=1 for details)", err=True)
        return 1


def leave(status: int) -> NoReturn:
    """End the process with ``status``. After a command that loaded the pipeline, skip the interpreter's teardown:
    freeing the model, knowledge base and gazetteer object by object takes about 0.75 s on this project's machine,
    half of the start-up budget of ``tidings code`` (issue 16), and nothing is left to do by then (the store is
    closed, the output written). Not after Spark, whose exit hooks stop its JVM."""
    if "tidings.pipeline" in sys.modules and "pyspark" not in sys.modules:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe (``tidings code x | head``) or stream: nothing to save
                pass
        logging.shutdown()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    main()
