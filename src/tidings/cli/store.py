"""The store commands: ``ingest``, ``events``, ``relations`` and ``export``, registered on the main ``tidings`` app.

They are thin: reading, coding and writing live in ``ingest``/``store``, queries in ``analytics``, formats in
``export``. Query commands open the store read-only, so several can run at once, and during an ingest (which
lets go of the store while a query waits for it: ``store/lock.py``).

Everything heavy (DuckDB, pandas, pyarrow, rich, the pipeline) is imported inside the command that needs it:
``tidings --help`` and every command's ``--help`` build this module, and a store query never loads spaCy.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli.app import NoModelOpt, app
from tidings.errors import InputError
from tidings.models import parse_date
from tidings.readers.validate import MAX_ARTICLE_BYTES
from tidings.store.defaults import DEFAULT_DB

DbOpt = Annotated[Path, typer.Option("--db", help="The DuckDB store file")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD")]


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InputError(f"unknown {what} {value!r}: use {' | '.join(allowed)}")
    return value


def _output_file(out: Path) -> Path:
    """An output file the command can create: checked before the store is read, so a typo costs nothing."""
    if out.is_dir():
        raise InputError(f"{out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such folder for the output")
    return out


@app.command()
def ingest(
    # readable=False: click would refuse the whole run for one unreadable path; the readers make it a reject
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive): txt, jsonl, html, rss, warc",
                                                readable=False)],
    db: DbOpt = Path(DEFAULT_DB),
    workers: Annotated[str, typer.Option(
        help="Worker processes, each with its own pipeline: a number, or auto (one process for small inputs, one "
             "per core for large ones)")] = "auto",
    batch_size: Annotated[int, typer.Option(help="Articles per batch and per transaction")] = 64,
    date: Annotated[str | None, typer.Option("--date", help="Date for articles that carry none")] = None,
    window: Annotated[int, typer.Option("--dedup-window", help="Days either side within which mentions merge")] = 1,
    rejects: Annotated[Path | None, typer.Option(help="Rejects report (TSV); default: beside the store")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline name or path")] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest article accepted, in bytes")] = MAX_ARTICLE_BYTES,
    no_prefilter: Annotated[bool, typer.Option("--no-prefilter", help="Parse every sentence")] = False,
    no_model: NoModelOpt = False,
    article_timeout: Annotated[float, typer.Option(
        "--article-timeout", help="Seconds one article may take to code before it is rejected (0: no limit)")] = 30.0,
) -> None:
    """Code files, feeds and crawls into the store: idempotent, resumable, deduplicated across stories."""
    from rich.console import Console

    from tidings.jobs.ingest import IngestOptions, IngestReport
    from tidings.jobs.ingest import ingest as run_ingest
    from tidings.readers.files import is_missing

    for p in paths:  # a missing path is a typo to fix before the run; an unreadable one is only a reject
        if is_missing(p):
            raise InputError(f"{p}: no such file or folder")
    n_workers = parse_workers(workers, paths)
    if n_workers < 1 or batch_size < 1 or window < 0 or max_bytes < 1 or article_timeout < 0:
        raise InputError("--workers, --batch-size and --max-bytes must be at least 1, --dedup-window and "
                         "--article-timeout at least 0")
    opts = IngestOptions(workers=n_workers, batch_size=batch_size, model=model,
                         default_date=parse_date(date, "--date"),
                         window_days=window, max_bytes=max_bytes, prefilter=not no_prefilter, learned=not no_model,
                         article_timeout=article_timeout or None)
    err = Console(stderr=True)
    if err.is_terminal:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                       transient=True)
        task = bar.add_task("loading the pipeline")

        def show(r: IngestReport) -> None:
            bar.update(task, description=f"{r.added} articles · {r.rate:.1f} articles/s · {r.mentions} mentions · "
                                         f"{r.duplicates} duplicates · {r.rejected} rejected")

        with bar:
            report = run_ingest(paths, db, opts, progress=show)
    else:
        def log(r: IngestReport) -> None:  # one line per committed batch: logs, CI, and the kill-and-resume test
            print(f"tidings: committed {r.added} articles ({r.rate:.1f} articles/s), {r.mentions} mentions, "
                  f"{r.duplicates} duplicates, {r.rejected} rejected", file=sys.stderr, flush=True)

        report = run_ingest(paths, db, opts, progress=log)
    if report.resumed:
        typer.echo("resumed after an interrupted run")
    procs = f", {opts.workers} worker processes" if opts.workers > 1 else ""
    typer.echo(f"ingested {report.added} articles into {db} in {report.seconds:.1f} s ({report.rate:.1f} articles/s"
               f"{procs}): "
               f"{report.mentions} event mentions, {report.new_events} new events; "
               f"{report.duplicates} already stored, {report.rejected} rejected")
    if report.rejected:
        from tidings.store.db import Store

        out = rejects or db.with_suffix(".rejects.tsv")
        with Store(db, read_only=True) as store:
            store.write_rejects_report(report.run_id, out)
        for r in report.rejects[:5]:
            typer.echo(f"  rejected: {r.reason}", err=True)
        more = f" ({report.rejected - 5} more)" if report.rejected > 5 else ""
        typer.echo(f"{report.rejected} rejected{more}: reasons in {out} and the store's rejects table", err=True)


def parse_workers(value: str, paths: list[Path]) -> int:
    """``--workers``: a whole number, or ``auto`` (``jobs.ingest.auto_workers``); anything else is an InputError."""
    if value.strip().lower() == "auto":
        from tidings.jobs.ingest import auto_workers

        return auto_workers(paths)
    try:
        return int(value)
    except ValueError:
        raise InputError(f"--workers {value!r}: give a number of at least 1, or auto") from None


def _print_frame(df, fmt: str, title: str) -> None:  # noqa: ANN001 - a pandas DataFrame
    for col in df.columns:  # dates arrive as datetime64 or date objects; people and programs want YYYY-MM-DD
        if str(df[col].dtype).startswith("datetime64"):
            df[col] = df[col].dt.strftime("%Y-%m-%d")
        elif df[col].dtype == object and any(isinstance(v, dt.date) for v in df[col].head(5)):
            df[col] = [v.isoformat() if isinstance(v, dt.date) else v for v in df[col]]
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        typer.echo(json.dumps(json.loads(df.to_json(orient="records")), ensure_ascii=False, indent=1))
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(title=title)
        for col in df.columns:
            t.add_column(str(col), overflow="fold")
        for row in df.itertuples(index=False):
            t.add_row(*("" if v is None or v != v else str(v) for v in row))
        Console(width=200).print(t)


@app.command()
def events(
    db: DbOpt = Path(DEFAULT_DB),
    source: Annotated[str | None, typer.Option(help="Source actor: country code, KB id or name")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor: country code, KB id or name")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code or prefix (16 = the whole root family)")] = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER event type")] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    modality: Annotated[str | None, typer.Option(help="asserted | future | hypothetical | negated")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | json")] = "table",
    limit: Annotated[int, typer.Option(help="At most this many events (0: all)")] = 0,
) -> None:
    """List stored events (deduplicated across stories) with their counts and founding evidence."""
    from tidings.analytics.events import EventFilter, count_events, query_events
    from tidings.store.db import Store

    _choice(fmt, ("table", "csv", "json"), "--format")
    if modality:
        _choice(modality, ("asserted", "future", "hypothetical", "negated", "all"), "--modality")
    if limit < 0:
        raise InputError(f"--limit {limit}: use 0 (all events) or more")
    flt = EventFilter(source=source, target=target, cameo=cameo, plover=plover,
                      date_from=parse_date(date_from, "--from"), date_to=parse_date(date_to, "--to"), modality=modality)
    with Store(db, read_only=True) as store:
        df = query_events(store.con, flt, limit or None)
        total = count_events(store.con, flt)
    if fmt == "table":
        df = _compact_events(df)
    _print_frame(df, fmt, f"{len(df)} of {total} events in {db}")


def _compact_events(df):  # noqa: ANN001, ANN202 - DataFrame in, DataFrame out
    """The events table for people: actors as "name [CTY SEC]", counts as mentions/sources/articles."""
    import pandas as pd

    def actor(name: object, country: object, sector: object) -> str:
        if not isinstance(name, str):
            return "—"
        bits = " ".join(b for b in (country, sector) if isinstance(b, str))
        return f"{name} [{bits}]" if bits else name

    return pd.DataFrame({
        "id": df["event_id"], "date": df["date"],
        "source": [actor(*r) for r in zip(df["source_name"], df["source_country"], df["source_sector"], strict=True)],
        "event": df["cameo"] + " " + df["cameo_name"],
        "target": [actor(*r) for r in zip(df["target_name"], df["target_country"], df["target_sector"], strict=True)],
        "PLOVER": df["plover"], "Gold.": df["goldstein"], "modality": df["modality"],
        "m/s/a": [f"{m}/{s}/{a}" for m, s, a in zip(df["num_mentions"], df["num_sources"], df["num_articles"],
                                                    strict=True)],
        "evidence": [e if not isinstance(e, str) or len(e) <= 90 else e[:89] + "…" for e in df["evidence"]],
    })


@app.command()
def relations(
    country_a: Annotated[str, typer.Argument(help="ISO 3166 alpha-3 code, e.g. CHN")],
    country_b: Annotated[str, typer.Argument(help="ISO 3166 alpha-3 code, e.g. KOR")],
    db: DbOpt = Path(DEFAULT_DB),
    by: Annotated[str, typer.Option(help="day | week | month | year")] = "month",
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    modality: Annotated[str, typer.Option(help="Events counted: asserted (default) or all")] = "asserted",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | json | png")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="PNG file (default A-B.png)")] = None,
) -> None:
    """The dyad's time series, both directions and combined: counts by QuadClass, Goldstein, share of coverage."""
    from tidings.analytics.relations import dyad_series, plot_series
    from tidings.store.db import Store

    _choice(fmt, ("table", "csv", "json", "png"), "--format")
    _choice(modality, ("asserted", "future", "hypothetical", "negated", "all"), "--modality")
    out = _output_file(output or Path(f"{country_a.upper()}-{country_b.upper()}.png")) if fmt == "png" else None
    with Store(db, read_only=True) as store:
        df = dyad_series(store.con, country_a, country_b, by, parse_date(date_from, "--from"),
                         parse_date(date_to, "--to"), modality)
    if out is not None:
        import warnings

        with warnings.catch_warnings():  # matplotlib's notes (an empty legend for a quiet dyad) are not errors
            warnings.simplefilter("ignore")
            plot_series(df, country_a, country_b, str(out))
        typer.echo(f"wrote {out}")
        return
    _print_frame(df, fmt, f"{country_a.upper()} - {country_b.upper()} by {by}")


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="gdelt | gkg | plover | parquet | csv")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file (a folder for parquet)")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Export the store: GDELT 2.0 event table, GKG 2.1, PLOVER JSON, Parquet (one file per table) or CSV."""
    from tidings.export import FORMATS, export
    from tidings.store.db import Store

    _choice(fmt, FORMATS, "--format")
    if fmt != "parquet":
        _output_file(output)
    with Store(db, read_only=True) as store:
        typer.echo(export(store.con, fmt, output))
