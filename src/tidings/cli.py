"""The ``tidings`` command: a thin layer over the library. Errors end in one line on stderr and an exit code:

0 success · 1 other error · 2 unreadable input (empty, binary, too large, not UTF-8, bad date) ·
3 no spaCy model · 4 malformed data file.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import InputError, TidingsError
from .ingest.validate import MAX_ARTICLE_BYTES, decode_article

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Code news text into evidence-linked political events.")

DateOpt = Annotated[str | None, typer.Option("--date", "-d", help="Article date YYYY-MM-DD (actors resolve as of it)")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline name or path (default: see README)")]
NoPrefilterOpt = Annotated[bool, typer.Option("--no-prefilter", help="Parse every sentence, not only likely ones")]


def _read(path: str, max_bytes: int) -> str:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return decode_article(data, max_bytes, "standard input")
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path} is a folder; use 'tidings ingest' for folders")
    with p.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    return decode_article(data, max_bytes, path)


@app.command()
def code(
    path: Annotated[str, typer.Argument(help="Article text file, or - for standard input")],
    date: DateOpt = None,
    title: Annotated[str | None, typer.Option(help="Article title")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | table")] = "json",
    model: ModelOpt = None,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted, in bytes")] = MAX_ARTICLE_BYTES,
    no_prefilter: NoPrefilterOpt = False,
) -> None:
    """Code one article into events, quotes and amounts (JSON on stdout, or a table)."""
    if fmt not in ("json", "table"):
        raise InputError(f"unknown --format {fmt!r}: use json or table")
    text = _read(path, max_bytes)
    from .pipeline import Pipeline, parse_date

    day = parse_date(date)
    coded = Pipeline(model=model, prefilter=not no_prefilter).code(text, date=day, title=title)
    if fmt == "table":
        from .render import print_table

        print_table(coded)
    else:
        typer.echo(json.dumps(coded.to_dict(), ensure_ascii=False, indent=2))


@app.command()
def actor(
    phrases: Annotated[list[str], typer.Argument(help="Actor phrases; - reads one per line from stdin")],
    date: DateOpt = None,
    context: Annotated[str | None, typer.Option(help="Text that precedes the phrases (for names and pronouns)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per phrase, in order")] = False,
    model: ModelOpt = None,
) -> None:
    """Resolve actor phrases ("the Japanese foreign minister", "Nigerian police") as of a date."""
    from .actors.phrase import resolve_phrases
    from .pipeline import Pipeline, parse_date

    items = [line.strip() for line in sys.stdin if line.strip()] if phrases == ["-"] else phrases
    pipe = Pipeline(model=model)
    results = resolve_phrases(pipe, items, parse_date(date), context)
    for phrase, a in zip(items, results, strict=False):
        d = {"text": phrase, "name": None, "country": None, "sector": None, "role": None, "kb_id": None}
        if a is not None:
            d.update({k: v for k, v in a.to_dict().items() if k != "text"})
        if as_json:
            typer.echo(json.dumps(d, ensure_ascii=False))
        else:
            typer.echo(f"{phrase}\t{d['name'] or '-'}\t{d['country'] or '-'}\t{d['sector'] or '-'}\t{d['role'] or '-'}")


@app.command()
def kb(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Validate the knowledge base and lexicon: unknown codes, overlapping terms, bad dates."""
    from .actors.validate import validate_all

    report = validate_all()
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        for k, v in report["counts"].items():
            typer.echo(f"{k:>14}: {v}")
        for level in ("errors", "warnings"):
            for msg in report[level]:
                typer.echo(f"{level[:-1]}: {msg}")
        typer.echo(f"{len(report['errors'])} errors, {len(report['warnings'])} warnings")
    if report["errors"]:
        raise typer.Exit(4)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold file: PLOVER GSR JSON, or a sentence<TAB>quad TSV")],
    fmt: Annotated[str | None, typer.Option("--format", help="plover-gsr | quad-tsv (default: by extension)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON")] = False,
    date: DateOpt = None,
    model: ModelOpt = None,
    no_prefilter: NoPrefilterOpt = False,
) -> None:
    """Score tidings against human-coded gold: type/triple recall, precision, QuadClass accuracy."""
    from .evaluate import evaluate_plover, evaluate_quad
    from .pipeline import Pipeline

    if not gold.exists():
        raise InputError(f"{gold}: no such file")
    kind = fmt or ("quad-tsv" if gold.suffix.lower() in (".tsv", ".txt") else "plover-gsr")
    pipe = Pipeline(model=model, prefilter=not no_prefilter)
    if kind == "plover-gsr":
        report = evaluate_plover(gold, pipe)
    elif kind == "quad-tsv":
        report = evaluate_quad(gold, pipe, date)
    else:
        raise InputError(f"unknown --format {kind!r}: use plover-gsr or quad-tsv")
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    from .render import print_eval

    print_eval(report)


def main() -> None:
    """Entry point: run the app and turn every error into one line and an exit code."""
    try:
        app(standalone_mode=False)
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


# The other commands live in their own modules and register themselves on ``app`` when imported.
from . import cli_gkg, cli_spark, cli_store  # noqa: E402,F401,I001

if __name__ == "__main__":
    main()
