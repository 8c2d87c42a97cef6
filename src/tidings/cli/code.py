"""The commands that code text or check the data: ``code``, ``actor``, ``kb`` and ``eval``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tidings.cli.app import DateOpt, ModelOpt, NoPrefilterOpt, app, read_input
from tidings.errors import InputError
from tidings.readers.validate import MAX_ARTICLE_BYTES

if TYPE_CHECKING:  # the pipeline loads spaCy: imported by the commands that run it
    from tidings.models import Actor
    from tidings.pipeline import Pipeline


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
    try:
        text = read_input(path, max_bytes)
    except OSError as exc:  # no permission, a device that fails: unreadable input, as the README's exit 2 says
        raise InputError(f"{path}: cannot read it ({exc.strerror or type(exc).__name__})") from exc
    from tidings.models import parse_date
    from tidings.pipeline import Pipeline

    day = parse_date(date)
    coded = Pipeline(model=model, prefilter=not no_prefilter).code(text, date=day, title=title)
    if fmt == "table":
        from tidings.cli.render import print_table

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
    from tidings.models import parse_date
    from tidings.pipeline import Pipeline

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


def resolve_phrases(pipe: Pipeline, phrases: list[str], day: dt.date | None,
                    context: str | None = None) -> list[Actor | None]:
    """What ``tidings actor`` prints: each phrase parsed on its own, after the optional context (so that names
    and pronouns introduced there resolve), and resolved as a phrase; None for a phrase with no country."""
    out: list[Actor | None] = []
    prefix = (context.strip() + "\n\n") if context else ""
    for phrase in phrases:
        text = prefix + phrase.strip()
        doc = pipe.nlp(text)
        span = doc.char_span(len(prefix), len(text), alignment_mode="expand")
        if span is None or len(span) == 0:
            out.append(None)
            continue
        res = pipe.resolver.for_doc(doc, day)
        head = span.root
        a = res.actor(head)
        if a is None:
            a = res.describe_phrase(list(span), head)
        out.append(a if a is not None and a.country is not None else None)
    return out


@app.command()
def kb(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    data: Annotated[Path | None, typer.Option(
        "--data", help="Check this folder (laid out like the packaged data/) instead of the packaged data")] = None,
    examples: Annotated[bool, typer.Option(
        "--examples", help="Also code every lexicon example: each must code an event of its entry's CAMEO root "
        "(exit 4 if one does not)")] = False,
    model: ModelOpt = None,
) -> None:
    """Validate the data files: keys and types (file:line), unknown codes, overlapping terms, bad dates."""
    from tidings.jobs.datacheck import check_examples, validate_all

    if data is not None and not data.is_dir():
        raise InputError(f"{data}: no such folder")
    report = validate_all(data)
    if examples and not report["errors"]:
        from tidings.jobs.datacheck import example_pipeline

        found = check_examples(example_pipeline(data, model))
        report["counts"].update(found["counts"])
        report["errors"] += found["errors"]
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        for k, v in report["counts"].items():
            typer.echo(f"{k:>17}: {v}")
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
    from tidings.jobs.evaluate import evaluate_plover, evaluate_quad
    from tidings.pipeline import Pipeline

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
    from tidings.cli.render import print_eval

    print_eval(report)
