"""The commands that code text or check the data: ``code``, ``actor``, ``kb`` and ``eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli.app import DateOpt, ModelOpt, NoModelOpt, NoPrefilterOpt, app, read_input
from tidings.errors import InputError
from tidings.readers.validate import MAX_ARTICLE_BYTES


@app.command()
def code(
    path: Annotated[str, typer.Argument(help="Article text file, or - for standard input")],
    date: DateOpt = None,
    title: Annotated[str | None, typer.Option(help="Article title")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | table")] = "json",
    model: ModelOpt = None,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted, in bytes")] = MAX_ARTICLE_BYTES,
    no_prefilter: NoPrefilterOpt = False,
    article_timeout: Annotated[float, typer.Option(
        "--article-timeout", help="Seconds the article may take to code, model loading aside (0: no limit)")] = 30.0,
    no_model: NoModelOpt = False,
) -> None:
    """Code one article into events, quotes and amounts (JSON on stdout, or a table)."""
    if fmt not in ("json", "table"):
        raise InputError(f"unknown --format {fmt!r}: use json or table")
    if article_timeout < 0:
        raise InputError("--article-timeout must be at least 0")
    text = read_input(path, max_bytes)
    from tidings.jobs.runtime import ArticleTimeout, time_limit
    from tidings.models import parse_date
    from tidings.pipeline import Pipeline

    day = parse_date(date)
    pipe = Pipeline(model=model, prefilter=not no_prefilter, learned=not no_model)
    try:
        with time_limit(article_timeout):  # the limit ingest puts on each article, so both stop where the other does
            coded = pipe.code(text, date=day, title=title)
    except ArticleTimeout:
        raise InputError(f"{path}: took longer than {article_timeout:g} s to code (--article-timeout; 0 for no "
                         "limit)") from None
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
    """Resolve actor phrases ("the Japanese foreign minister", "Nigerian police") as of a date (default: today);
    a sector phrase with no country ("riot police") gives its sector with no country."""
    from tidings.jobs.actors import actor_answer, resolve_phrases
    from tidings.models import parse_date
    from tidings.pipeline import Pipeline

    items = [line.strip() for line in sys.stdin if line.strip()] if phrases == ["-"] else phrases
    pipe = Pipeline(model=model)
    results = resolve_phrases(pipe, items, parse_date(date), context)
    for phrase, a in zip(items, results, strict=False):
        d = actor_answer(phrase, a)  # the same answer as GET /api/actors/resolve
        if as_json:
            typer.echo(json.dumps(d, ensure_ascii=False))
        else:
            typer.echo(f"{phrase}\t{d['name'] or '-'}\t{d['country'] or '-'}\t{d['sector'] or '-'}\t{d['role'] or '-'}")


@app.command()
def kb(
    action: Annotated[str | None, typer.Argument(
        help="Nothing to validate; 'update --wikidata' to refresh dated roles from Wikidata")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    data: Annotated[Path | None, typer.Option(
        "--data", help="Check this folder (laid out like the packaged data/) instead of the packaged data")] = None,
    examples: Annotated[bool, typer.Option(
        "--examples", help="Also code every lexicon example: each must code an event of its entry's CAMEO root "
        "(exit 4 if one does not)")] = False,
    model: ModelOpt = None,
    wikidata: Annotated[bool, typer.Option("--wikidata", help="update: query Wikidata's SPARQL endpoint")] = False,
    endpoint: Annotated[str, typer.Option(help="update: the SPARQL endpoint")] = "https://query.wikidata.org/sparql",
    out: Annotated[Path | None, typer.Option(
        help="update: the actors folder to write into (default: the packaged data/actors)")] = None,
    page_size: Annotated[int, typer.Option(help="update: rows per request")] = 5000,
    timeout: Annotated[float, typer.Option(help="update: seconds to wait for one answer")] = 120.0,
    retries: Annotated[int, typer.Option(help="update: tries after the first, with back-off")] = 4,
    since: Annotated[int, typer.Option(help="update: leave out roles that ended before this year")] = 1990,
) -> None:
    """Validate the data files: keys and types (file:line), unknown codes, overlapping terms, bad dates.
    ``tidings kb update --wikidata`` refreshes dated roles from Wikidata instead (see docs/data-files.md)."""
    from tidings.jobs.datacheck import check_examples, validate_all

    if action is not None:
        kb_update(action, wikidata, endpoint, out or data, page_size, timeout, retries, since, as_json)
        return
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


def kb_update(action: str, wikidata: bool, endpoint: str, out: Path | None, page_size: int, timeout: float,
              retries: int, since: int, as_json: bool) -> None:
    """``tidings kb update --wikidata``: write the Wikidata files beside the curated ones, then say what it cost."""
    if action != "update":
        raise InputError(f"unknown kb action {action!r}: use 'tidings kb' or 'tidings kb update --wikidata'")
    if not wikidata:
        raise InputError("kb update needs a source: --wikidata")
    if page_size < 1 or timeout <= 0 or retries < 0:
        raise InputError("--page-size and --timeout must be above 0, --retries at least 0")
    from tidings.actors.kb import build_kb_from
    from tidings.datafiles.read import data_dir
    from tidings.jobs.wikidata import Client, update_from_wikidata

    actors = out if out is not None else data_dir() / "actors"
    if not actors.is_dir():
        raise InputError(f"{actors}: no such folder")
    curated = build_kb_from(data_dir() / "actors")  # names of the curated files (a refresh's files load last)
    report = update_from_wikidata(actors, Client(endpoint, timeout, retries), curated, page_size, since)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        for k, v in report.items():
            typer.echo(f"{k:>19}: {v}")


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(
        help="Gold file: PLOVER GSR JSON, a sentence<TAB>quad TSV, or actor descriptions (--format actors)")],
    fmt: Annotated[str | None, typer.Option(
        "--format", help="plover-gsr | quad-tsv | actors (default: by extension)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON")] = False,
    convention: Annotated[str, typer.Option(
        "--convention", help="quad-tsv classes: gdelt (QuadClass) | conflibert (appeals are statements, 0)")] = "gdelt",
    date: DateOpt = None,
    model: ModelOpt = None,
    no_prefilter: NoPrefilterOpt = False,
    no_model: NoModelOpt = False,
) -> None:
    """Score tidings against human-coded gold: type/triple recall, precision, QuadClass accuracy; or actor
    descriptions resolved on their own (``--format actors``): country and sector accuracy."""
    from tidings.jobs.evaluate import evaluate_plover, evaluate_quad
    from tidings.pipeline import Pipeline

    if not gold.exists():
        raise InputError(f"{gold}: no such file")
    kind = fmt or ("quad-tsv" if gold.suffix.lower() in (".tsv", ".txt") else "plover-gsr")
    if kind not in ("plover-gsr", "quad-tsv", "actors"):
        raise InputError(f"unknown --format {kind!r}: use plover-gsr, quad-tsv or actors")
    if kind != "quad-tsv" and convention != "gdelt":
        raise InputError("--convention applies to --format quad-tsv only (PLOVER records are scored by type)")
    pipe = Pipeline(model=model, prefilter=not no_prefilter, learned=not no_model)
    if kind == "plover-gsr":
        report = evaluate_plover(gold, pipe)
    elif kind == "quad-tsv":
        report = evaluate_quad(gold, pipe, date, convention)
    else:
        from tidings.jobs.evaluate_actors import evaluate_actors

        report = evaluate_actors(gold, pipe)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    from tidings.cli.render import print_eval

    print_eval(report)
