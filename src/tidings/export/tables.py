"""Table exports: Parquet (one file per store table, for pandas/Spark/DuckDB users) and CSV (the events, flat).

Both are written by DuckDB itself (COPY / write_csv), in bulk and streaming, so a large store exports without
passing through Python rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tidings.analytics.events import events_sql
from tidings.store.migrations import DATA_TABLES

EXPORT_TABLES = (*DATA_TABLES, "schema_version")


def write_parquet(con: duckdb.DuckDBPyConnection, folder: str | Path) -> dict[str, int]:
    """``folder/<table>.parquet`` for every table; returns rows per table."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in EXPORT_TABLES:
        con.table(table).write_parquet(str(out / f"{table}.parquet"))
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return counts


def write_events_csv(con: duckdb.DuckDBPyConnection, out: str | Path) -> int:
    """The events with their founding evidence and URL, one row each, with a header."""
    sql, params = events_sql()
    con.sql(sql, params=params).write_csv(str(out), header=True)
    return con.execute("SELECT count(*) FROM events").fetchall()[0][0]
