"""How the server opens the store: the one place that decides, so that it can follow how ingest holds the file.

Reads open the DuckDB file read-only per request and close it after: between requests the server holds no lock,
so ``tidings ingest`` in another process can take the file (DuckDB allows one writing process, and no reader
while it writes). A request that meets such a writer gets ``StoreBusy`` (503 with Retry-After), not a hang.

Writes of this process (POST /api/ingest) open the file read-write. DuckDB refuses, inside one process, a
read-write connection beside a read-only one to the same file, so a writer first waits for the read-only
requests in flight to finish, and while it writes, reads go through cursors of its connection (DuckDB's MVCC
gives them the last committed state, never a half-written batch). One writer at a time.
"""

from __future__ import annotations

import threading
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
    """Read-only connections per request, one writer at a time, never both kinds of open at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._readers = 0          # read-only connections open now
        self._cursor_users = 0     # reads going through the writer's connection
        self._writer: Store | None = None
        self._writer_waiting = False

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one request's queries, closed afterwards."""
        with self._cond:
            self._cond.wait_for(lambda: not self._writer_waiting)
            writer = self._writer
            if writer is not None:
                self._cursor_users += 1
            else:
                self._readers += 1
        try:
            if writer is not None:
                con = writer.con.cursor()
                try:
                    yield con
                finally:
                    con.close()
            else:
                store = self.open_read_only()
                try:
                    yield store.con
                finally:
                    store.close()
        finally:
            with self._cond:
                if writer is not None:
                    self._cursor_users -= 1
                else:
                    self._readers -= 1
                self._cond.notify_all()

    def open_read_only(self) -> Store:
        if not self.path.exists():
            raise StoreMissing(f"{self.path}: no store yet; POST articles to /api/ingest or run tidings ingest")
        try:
            return Store(self.path, read_only=True)
        except StoreError as exc:
            if "in use" in str(exc):
                raise StoreBusy(f"{self.path} is being written by another process; try again shortly") from exc
            raise

    @contextmanager
    def write(self) -> Iterator[Store]:
        """The store opened read-write for this process's one writer (created if missing)."""
        with self._write_lock:
            with self._cond:
                self._writer_waiting = True
                try:
                    self._cond.wait_for(lambda: self._readers == 0)
                    try:
                        self._writer = Store(self.path)
                    except StoreError as exc:
                        if "in use" in str(exc):
                            raise StoreBusy(f"{self.path} is being written by another process; try again "
                                            "shortly") from exc
                        raise
                finally:
                    self._writer_waiting = False
                    self._cond.notify_all()
            try:
                yield self._writer
            finally:
                with self._cond:
                    self._writer_waiting = True
                    self._cond.wait_for(lambda: self._cursor_users == 0)
                    self._writer.close()
                    self._writer = None
                    self._writer_waiting = False
                    self._cond.notify_all()
