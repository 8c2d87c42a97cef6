"""How the server opens the store: the one place that decides, so that it can follow how ingest holds the file.

Reads share one read-only DuckDB connection, each request on its own cursor (opening the file costs about 25 ms,
a cursor nothing). It follows the store's lock protocol (``tidings.store.lock``) both ways:

- Opening it is ``Store(read_only=True)``, as for ``tidings events``: while an ingest in another process holds
  the file, the open waits (up to ``TIDINGS_LOCK_WAIT``, 30 s) and signals through ``STORE.readers``, so the
  ingest lets go within 50 ms unless it is committing. Only an open that runs out of time is a 503 with
  Retry-After (``StoreBusy``): something holds the file far longer than a commit.
- Keeping it open must not starve that ingest, which needs the file back for its next batch. With no ingest
  running, the connection is closed after ``linger`` idle seconds. While one runs (``ingest_running``), the
  last request out closes it; while one waits for the file (``writer_waiting``), no request starts on it, the
  ones in flight finish and the last closes it, and the next opens only once the writer has the file (it then
  lets go for the waiting request after its commit) or after ``GIVE_WAY`` seconds (then something else holds
  the file, and reads can share it with that). So a steady stream of dashboard reads delays a batch by
  at most the longest request in flight, and each read by at most one commit.

Writes of this process (POST /api/ingest) take the store's ingest lock first, so a CLI ingest already running
is a 409 at once (``IngestRunning``), not a wait for its file; then they open the file read-write. DuckDB
refuses, inside one process, a read-write connection beside a read-only one to the same file, so the writer
waits for the reads in flight to finish and closes the shared connection; while it writes, reads go through
cursors of its connection (DuckDB's MVCC gives them the last committed state), holding it open meanwhile
(``Store.in_use``: the writer lends it to readers of other processes, and closing it would close the cursors).
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
from tidings.store.lock import IngestRunning, ingest_lock, ingest_running, writer_waiting


class StoreBusy(TidingsError):
    """The store is held by another process (an ingest): try again shortly."""


class StoreMissing(TidingsError):
    """There is no store at the path yet."""


class StoreAccess:
    """One shared read-only connection (cursors per request) or one writer, never both kinds of open at once."""

    GIVE_WAY = 2.0  # seconds a read waits for another process's writer to take the file before going ahead

    def __init__(self, path: Path, linger: float = 1.0) -> None:
        self.path = Path(path)
        self.linger = linger
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._readers = 0                 # requests using the shared or the writer's connection now
        self._shared: Store | None = None
        self._writer: Store | None = None
        self._writer_waiting = False
        self._yielding = False            # another process's writer waits: the shared connection takes no request
        self._stuck_until = 0.0            # until then, a waiting writer is taken to be held up by someone else
        self._last_used = 0.0
        self._closer: threading.Thread | None = None

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request's queries, closed afterwards."""
        with self._cond:
            deadline = time.monotonic() + self.GIVE_WAY
            while True:
                self._cond.wait_for(lambda: not self._writer_waiting and not self._yielding)
                if self._writer is not None:
                    break
                if self._shared is not None:
                    if not self._writer_elsewhere():
                        break
                    self._step_aside()
                elif not self._let_writer_in(deadline):
                    self._shared = self.open_read_only()
                    self._start_closer()
                    break
            writer, base = self._writer, self._writer or self._shared
            self._readers += 1
        try:
            if writer is not None:  # this process's ingest: its connection stays open until the request ends
                with writer.in_use() as shared:
                    with shared.cursor() as con:
                        yield con
            else:
                con = base.con.cursor()
                try:
                    yield con
                finally:
                    con.close()
        finally:
            with self._cond:
                self._readers -= 1
                self._last_used = time.monotonic()
                if self._readers == 0 and self._shared is not None and ingest_running(self.path):
                    self._close_shared()  # an ingest elsewhere will want the file for its next batch
                self._cond.notify_all()

    def _step_aside(self) -> None:
        """Another process's writer waits for the file: take no new request on the shared connection, let the
        ones in flight finish, close it. Called holding ``_cond``."""
        self._yielding = True
        try:
            self._cond.wait_for(lambda: self._readers == 0)
            self._close_shared()
        finally:
            self._yielding = False
            self._cond.notify_all()

    def _writer_elsewhere(self) -> bool:
        """Whether another process's writer waits for the file, and has not been found stuck behind some other
        holder of it lately (then the reads go ahead: read-only opens can share the file with that holder)."""
        return time.monotonic() >= self._stuck_until and writer_waiting(self.path)

    def _let_writer_in(self, deadline: float) -> bool:
        """Whether this request waited for another process's writer to get the file, which it does while one
        waits (the writer retries every 100 ms at most; a read that opened first would keep it out again), up
        to ``deadline``. A writer still waiting then is held up by something else: reads stop giving way for
        ``GIVE_WAY`` seconds. Called holding ``_cond``; the caller looks at everything again after a wait."""
        if not self._writer_elsewhere():
            return False
        while self._writer_elsewhere():
            left = deadline - time.monotonic()
            if left <= 0:
                self._stuck_until = time.monotonic() + self.GIVE_WAY
                break
            self._cond.wait(min(left, 0.02))
        return True

    def _close_shared(self) -> None:
        if self._shared is not None:
            self._shared.close()
            self._shared = None

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
                    self._close_shared()
                    return
                self._cond.wait(max(0.05, self.linger - idle))

    def close(self) -> None:
        """Close the shared connection (when the app stops)."""
        with self._cond:
            self._cond.wait_for(lambda: self._readers == 0, timeout=30)
            self._close_shared()
            self._cond.notify_all()

    def check_no_ingest(self) -> None:
        """``IngestRunning`` now if an ingest (of any process, or another request) holds the store: POST
        /api/ingest asks before it queues for the pipeline, which may first have to load, so that the answer
        comes at once. ``write`` takes the lock itself for the race between the two."""
        if ingest_running(self.path):
            raise IngestRunning(f"{self.path} is being ingested by another tidings process or request; run one "
                                "ingest at a time (queries and exports can run meanwhile)")

    @contextmanager
    def write(self) -> Iterator[Store]:
        """The store opened read-write for this process's one writer (created if missing), holding the store's
        ingest lock: ``IngestRunning`` at once when another ingest runs."""
        with self._write_lock, ingest_lock(self.path, lend_to_thread=True):
            with self._cond:
                self._writer_waiting = True
                try:
                    self._cond.wait_for(lambda: self._readers == 0)
                    self._close_shared()
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
