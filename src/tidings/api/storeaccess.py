"""How the server opens the store: the one place that decides, so that it can follow how ingest holds the file.

Reads share one read-only DuckDB connection, each request on its own cursor (opening the file costs about 25 ms,
a cursor nothing). The shared connection is closed once no request has used it for ``linger`` seconds: between
bursts the server holds no lock, so ``tidings ingest`` in another process can take the file (DuckDB allows one
writing process, and no reader while it writes). A request that meets such a writer gets ``StoreBusy`` (503 with
Retry-After), not a hang.

Writes of this process (POST /api/ingest) open the file read-write. DuckDB refuses, inside one process, a
read-write connection beside a read-only one to the same file, so a writer first waits for the reads in flight
to finish and closes the shared connection; while it writes, reads go through cursors of its connection
(DuckDB's MVCC gives them the last committed state, never a half-written batch). One writer at a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from tidings.errors import TidingsError
from tidings.store.db import Store, StoreError


class StoreBusy(TidingsError):
    """The store is held by another process (an ingest): try again shortly."""


class StoreMissing(TidingsError):
    """There is no store at the path yet."""


class StoreAccess:
    """One shared read-only connection (cursors per request) or one writer, never both kinds of open at once."""

    def __init__(self, path: Path, linger: float = 1.0) -> None:
        self.path = Path(path)
        self.linger = linger
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._readers = 0                 # requests using the shared or the writer's connection now
        self._shared: Store | None = None
        self._writer: Store | None = None
        self._writer_waiting = False
        self._last_used = 0.0
        self._closer: threading.Thread | None = None

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request's queries, closed afterwards."""
        with self._cond:
            self._cond.wait_for(lambda: not self._writer_waiting)
            if self._writer is None and self._shared is None:
                self._shared = self.open_read_only()
                self._start_closer()
            base = self._writer or self._shared
            self._readers += 1
        try:
            con = base.con.cursor()
            try:
                yield con
            finally:
                con.close()
        finally:
            with self._cond:
                self._readers -= 1
                self._last_used = time.monotonic()
                self._cond.notify_all()

    def open_read_only(self) -> Store:
        if not self.path.exists():
            raise StoreMissing(f"{self.path}: no store yet; POST articles to /api/ingest or run tidings ingest")
        try:
            store = Store(self.path, read_only=True)
        except StoreError as exc:
            raise _busy(exc, self.path) from exc
        # one thread per query: requests run side by side, and splitting each small query over the cores cost
        # more than it gained (a page of 100 events: 26 ms wall with DuckDB's default threads, 12 ms with one)
        store.con.execute("SET threads = 1")
        return store

    def _start_closer(self) -> None:
        if self._closer is None or not self._closer.is_alive():
            self._closer = threading.Thread(target=self._close_when_idle, name="tidings-store-closer", daemon=True)
            self._closer.start()

    def _close_when_idle(self) -> None:
        """Close the shared connection after ``linger`` seconds without a read; end with it."""
        with self._cond:
            while self._shared is not None:
                idle = time.monotonic() - self._last_used
                if self._readers == 0 and idle >= self.linger:
                    self._shared.close()
                    self._shared = None
                    return
                self._cond.wait(max(0.05, self.linger - idle))

    def close(self) -> None:
        """Close the shared connection (when the app stops)."""
        with self._cond:
            self._cond.wait_for(lambda: self._readers == 0, timeout=30)
            if self._shared is not None:
                self._shared.close()
                self._shared = None
            self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[Store]:
        """The store opened read-write for this process's one writer (created if missing)."""
        with self._write_lock:
            with self._cond:
                self._writer_waiting = True
                try:
                    self._cond.wait_for(lambda: self._readers == 0)
                    if self._shared is not None:
                        self._shared.close()
                        self._shared = None
                    try:
                        self._writer = Store(self.path)
                    except StoreError as exc:
                        raise _busy(exc, self.path) from exc
                finally:
                    self._writer_waiting = False
                    self._cond.notify_all()
            try:
                yield self._writer
            finally:
                with self._cond:
                    self._writer_waiting = True
                    self._cond.wait_for(lambda: self._readers == 0)
                    self._writer.close()
                    self._writer = None
                    self._writer_waiting = False
                    self._cond.notify_all()


def _busy(exc: StoreError, path: Path) -> StoreError:
    """A lock held by another process is worth a retry (StoreBusy); other store errors are what they are."""
    if "in use" in str(exc):
        return StoreBusy(f"{path} is being written by another process; try again shortly")
    return exc
