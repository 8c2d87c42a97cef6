"""The ``tidings`` Typer app, its shared options and how a command reads its input file.

The app is defined here, apart from the commands, so that each command module registers on it without importing
the entry point (``main``), and the entry point imports the command modules: no cycle.

The command is a thin layer over the library. Errors end in one line on stderr and an exit code:

0 success · 1 other error · 2 unreadable input (empty, binary, too large, not UTF-8, bad date) ·
3 no spaCy model · 4 malformed data file.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import Annotated

import typer

from tidings.errors import InputError
from tidings.readers.plaintext import plain_article
from tidings.readers.validate import decode_article

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Code news text into evidence-linked political events.")

DateOpt = Annotated[str | None, typer.Option("--date", "-d", help="Article date YYYY-MM-DD (actors resolve as of it)")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline name or path (default: see README)")]
NoPrefilterOpt = Annotated[bool, typer.Option("--no-prefilter", help="Parse every sentence, not only likely ones")]
NoModelOpt = Annotated[bool, typer.Option(
    "--no-model", help="Rules only: no learned event model (its confidences and added events), today's speed")]


def read_input(path: str, max_bytes: int) -> str:
    """The text of one article file, or of standard input for ``-``, checked and normalised as ingest does a plain
    text file (``readers.plaintext``: the same article text, so the same events and spans)."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return plain_article(decode_article(data, max_bytes, "standard input"), "standard input")
    from tidings.readers.files import is_missing, special_kind  # here: `tidings --help` reads no file

    p = Path(path)
    if is_missing(p):
        raise InputError(f"{path}: no such file")
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path} is a folder; use 'tidings ingest' for folders")
        if kind := special_kind(mode):  # opening a named pipe would block until someone writes to it
            raise InputError(f"{path} is not a regular file ({kind}); give an article file, or - for stdin")
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:  # no permission, a device that fails: unreadable input, as the README's exit 2 says
        raise InputError(f"{path}: cannot read it ({exc.strerror or type(exc).__name__})") from exc
    return plain_article(decode_article(data, max_bytes, path), path)
