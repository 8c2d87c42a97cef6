"""Exports of the store: GDELT 2.0 event table, GKG 2.1, PLOVER-style JSON, Parquet tables and CSV events."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from tidings.errors import InputError

FORMATS = ("gdelt", "gkg", "plover", "parquet", "csv")


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: str | Path) -> str:
    """Write the store in ``fmt`` to ``out`` (a file; a folder for parquet); returns a one-line summary. What a
    format leaves out is said in one line on stderr (GDELT's undated events), so that stdout stays the summary."""
    if fmt == "gdelt":
        from tidings.export.gdelt import write_gdelt

        done = write_gdelt(con, out)
        if done.undated:
            sys.stderr.write(f"tidings: {done.undated} undated events left out of the GDELT file (a GDELT row must "
                             "have a date; csv and parquet keep them)\n")
        return f"{done.written} events in GDELT 2.0 layout -> {out}"
    if fmt == "gkg":
        from tidings.export.gkg_store import write_gkg_from_store

        return f"{write_gkg_from_store(con, out)} articles in GKG 2.1 layout -> {out}"
    if fmt == "plover":
        from tidings.export.plover import write_plover

        return f"{write_plover(con, out)} events as PLOVER JSON -> {out}"
    if fmt == "parquet":
        from tidings.export.tables import write_parquet

        if Path(out).exists() and not Path(out).is_dir():
            raise InputError(f"{out} is a file; parquet export writes one file per table into a folder")
        counts = write_parquet(con, out)
        return f"{len(counts)} tables ({sum(counts.values())} rows) as Parquet -> {out}/"
    if fmt == "csv":
        from tidings.export.tables import write_events_csv

        return f"{write_events_csv(con, out)} events as CSV -> {out}"
    raise InputError(f"unknown --format {fmt!r}: use one of {', '.join(FORMATS)}")
