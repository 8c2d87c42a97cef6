"""The embedded DuckDB store: one file, a versioned schema, and one transaction per ingest batch.

One transaction per batch is what makes ``kill -9`` safe: DuckDB's write-ahead log either replays a batch whole
or drops it, and since an article counts as ingested only once its batch committed, the next run re-reads and
codes exactly what was lost. An ingest lets go of the file while a query waits for it (``lend``,
``store/lock.py``); closing checkpoints what was committed into the file, as a crash-safe step of its own.
All writes go from Arrow tables in bulk (``INSERT ... BY NAME SELECT``): row by row would be ~100x slower.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from tidings.errors import InputError
from tidings.models import Reject
from tidings.store.dedup import DEFAULT_MIN_SIMILARITY, DEFAULT_WINDOW_DAYS, REFRESH_COUNTS, assign_events
from tidings.store.defaults import DEFAULT_DB
from tidings.store.lock import WRITE_FACTOR, ReaderWatch, StoreError, connect, read_wait
from tidings.store.migrations import CREATE_SCHEMA_VERSION, DATA_TABLES, LATEST, MIGRATIONS
from tidings.store.schema import TABLES, arrow_table


@dataclass(frozen=True)
class BatchResult:
    """What one committed batch added."""

    articles: int
    mentions: int
    new_events: int
    rejects: int


Method = TypeVar("Method", bound=Callable[..., Any])


def guarded(method: Method) -> Method:
    """A writer's method runs holding the store's guard, so that the reader watch never closes the connection in
    the middle of it (a transaction, or a query and its registered table)."""

    @functools.wraps(method)
    def run(self: Store, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - whatever the method returns
        with self._guard:
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def reject_id(r: Reject) -> str:
    return hashlib.sha256(f"{r.path}\x1f{r.locator}\x1f{r.reason}".encode()).hexdigest()[:16]


class Store:
    """A tidings DuckDB file.

    ``read_only`` opens let several queries run at once. An open waits up to ``wait`` seconds for another process
    to let go of the file (default: ``lock.read_wait()``, ten times that for a writer). ``release`` closes the
    connection and ``con`` reopens it on next use, so a writer can let readers in between its transactions:
    ``lend`` does that whenever a reader waits, ``pause`` marks a point where a writer could.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False, wait: float | None = None) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise InputError(f"{self.path}: no such store; create it with: tidings ingest FILES --db {self.path}")
        if not read_only and self.path.parent and not self.path.parent.exists():
            raise InputError(f"{self.path.parent}: no such folder for the store")
        if self.path.is_dir():
            raise InputError(f"{self.path} is a folder, not a store file")
        if not str(self.path).isascii() and not str(self.path).isprintable():
            try:
                str(self.path.absolute()).encode("utf-8")
            except UnicodeEncodeError:  # DuckDB fails on it with "std::bad_cast", an internal error to the user
                shown = os.fsencode(self.path).decode("utf-8", "backslashreplace")
                raise InputError(f"{shown}: a store's path must be valid UTF-8; rename it") from None
        self.read_only = read_only
        self.wait = wait if wait is not None else read_wait() * (1 if read_only else WRITE_FACTOR)
        self._guard = threading.Lock()
        self._watch: ReaderWatch | None = None
        self._con: duckdb.DuckDBPyConnection | None = connect(self.path, read_only, self.wait)
        self._migrate()

    # How long a lending writer, about to reopen the file, waits for a waiting reader to open it first. Without it
    # the writer, which retries every 10 ms, took the file back before a reader polling every 100 ms got in, batch
    # after batch: in 1 run of 4 or 5 a server's reads saw no commit of a 40-batch ingest until its end.
    READER_GRACE = 0.5

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection; after ``release``, a new one (waiting for the file as the first open did)."""
        if self._con is None:
            if self._watch is not None:  # let go for a waiting reader: let it in before taking the file back
                self._watch.wait_while_readers_wait(self.READER_GRACE)
            self._con = connect(self.path, self.read_only, self.wait)
        return self._con

    def release(self) -> None:
        """Close the connection until the next use of ``con``: other processes can open the file meanwhile.

        Closing checkpoints what was committed into the file (50-100 ms after a batch of 64 articles on a store of
        3,000), so a reader that opens next sees every committed batch, and reading starts from a cold cache.
        """
        if self._con is not None:
            con, self._con = self._con, None
            con.close()

    def lend(self) -> None:
        """For a long writer (an ingest): let go of the file whenever a reader waits for it, between uses of the
        guarded methods (``known``, ``write_batch``, ``start_run``, ``finish_run``), and reopen it on next use.
        Where readers cannot signal, ``pause`` lets go after every use instead."""
        if self._watch is None:
            watch = ReaderWatch(self.path, self._let_go)
            if watch.start():
                self._watch = watch

    def unlend(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None

    def pause(self) -> None:
        """The writer is done with the store for a while (it codes a batch): let go of it now, unless ``lend``
        already lets go of it as soon as a reader asks."""
        if self._watch is None:
            self.release()

    @contextmanager
    def in_use(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection, kept open until the block ends: ``lend`` does not let go of it meanwhile. For a reader
        sharing a writer's connection in one process (the server reads through its own ingest's connection:
        closing it would close every cursor made from it)."""
        with self._guard:
            yield self.con

    def _let_go(self) -> None:
        if self._guard.acquire(blocking=False):  # in use: the next poll tries again
            try:
                self.release()
            finally:
                self._guard.release()

    # -- schema ---------------------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        has = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
                               ).fetchall()[0][0]
        if not has:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]

    def _migrate(self) -> None:
        """Bring the file to the latest schema, one migration per transaction; refuse a newer file."""
        version = self.schema_version()
        if version > LATEST:
            raise StoreError(f"{self.path} has schema v{version}, newer than this tidings (v{LATEST}); upgrade tidings")
        if version == LATEST:
            return
        if self.read_only:
            raise StoreError(f"{self.path} has schema v{version}, older than v{LATEST}; "
                             f"upgrade it with: tidings ingest --db {self.path}")
        self.con.execute(CREATE_SCHEMA_VERSION)
        for m in MIGRATIONS:
            if m.version <= version:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(m.sql)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [m.version, m.description, utcnow()])
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise

    def arrow_schema(self, table: str) -> pa.Schema:
        """The table's columns as Arrow types (from ``store/schema.py``, which the migrations created it from)."""
        return TABLES[table].arrow_schema

    # -- writing --------------------------------------------------------------------------------------------------
    def _insert(self, table: str, rows: list[dict[str, Any]], replace: bool = False) -> None:
        if not rows:
            return
        data = arrow_table(rows, self.arrow_schema(table))
        self.con.register("_rows", data)
        try:
            verb = "INSERT OR REPLACE" if replace else "INSERT"
            self.con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _rows")
        finally:
            self.con.unregister("_rows")

    @guarded
    def known(self, hashes: Iterable[str], urls: Iterable[str]) -> tuple[set[str], set[str]]:
        """Which of these text hashes and URLs are already stored: those articles are skipped, not re-coded."""
        hashes, urls = list(hashes), [u for u in urls if u]
        found_h: set[str] = set()
        found_u: set[str] = set()
        if hashes:
            self.con.register("_q", pa.table({"k": pa.array(hashes, pa.string())}))
            found_h = {r[0] for r in self.con.execute(
                "SELECT text_hash FROM articles WHERE text_hash IN (SELECT k FROM _q)").fetchall()}
            self.con.unregister("_q")
        if urls:
            self.con.register("_q", pa.table({"k": pa.array(urls, pa.string())}))
            found_u = {r[0] for r in self.con.execute(
                "SELECT url FROM articles WHERE url IN (SELECT k FROM _q)").fetchall()}
            self.con.unregister("_q")
        return found_h, found_u

    @guarded
    def write_batch(self, rows: dict[str, list[dict[str, Any]]], rejects: list[Reject], run_id: str,
                    window_days: int = DEFAULT_WINDOW_DAYS,
                    min_similarity: float = DEFAULT_MIN_SIMILARITY) -> BatchResult:
        """Dedup the batch's mentions into events and write everything in one transaction (all or nothing)."""
        now = utcnow()
        reject_rows = list({reject_id(r): {"reject_id": reject_id(r), "run_id": run_id, "path": r.path,
                                           "locator": r.locator, "reason": r.reason, "created_at": now}
                            for r in rejects}.values())
        mentions = rows.get("mentions", [])
        self.con.execute("BEGIN TRANSACTION")
        try:
            new_events, touched = assign_events(self.con, mentions, window_days, min_similarity)
            for e in new_events:
                e["created_at"] = now
            for table in ("articles", "evidence", "actors", "quotes", "amounts"):
                self._insert(table, rows.get(table, []))
            self._insert("events", new_events)
            self._insert("mentions", mentions)
            self._insert("rejects", reject_rows, replace=True)  # seen again: now listed under this run
            if touched:
                self.con.register("_touched", pa.table({"event_id": pa.array(sorted(touched), pa.string())}))
                self.con.execute(REFRESH_COUNTS)
                self.con.unregister("_touched")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return BatchResult(len(rows.get("articles", [])), len(mentions), len(new_events), len(reject_rows))

    @guarded
    def start_run(self, run_id: str, paths: list[str], workers: int) -> bool:
        """Record a run; True when an earlier run was interrupted (this one resumes it)."""
        interrupted = self.con.execute("SELECT count(*) FROM runs WHERE finished_at IS NULL").fetchall()[0][0] > 0
        self._insert("runs", [{"run_id": run_id, "started_at": utcnow(), "paths": "\n".join(paths),
                               "workers": workers}])
        return interrupted

    @guarded
    def finish_run(self, run_id: str, added: int, duplicates: int, rejected: int) -> None:
        self.con.execute("UPDATE runs SET finished_at = ?, articles_added = ?, duplicates = ?, rejected = ? "
                         "WHERE run_id = ?", [utcnow(), added, duplicates, rejected, run_id])
        # Interrupted runs are resumed by this one: close them so the next run does not report them again.
        self.con.execute("UPDATE runs SET finished_at = ? WHERE finished_at IS NULL", [utcnow()])

    # -- reading --------------------------------------------------------------------------------------------------
    def write_rejects_report(self, run_id: str, out: str | Path) -> int:
        """This run's rejects as TSV (path, locator, reason); returns how many."""
        rel = self.con.sql("SELECT path, nullif(locator, '') AS locator, reason FROM rejects WHERE run_id = ? "
                           "ORDER BY path, locator",
                           params=[run_id])
        rel.write_csv(str(out), sep="\t", header=True)
        return self.con.execute("SELECT count(*) FROM rejects WHERE run_id = ?", [run_id]).fetchall()[0][0]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in DATA_TABLES}

    def close(self) -> None:
        self.unlend()
        self.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
