"""Sharing one store file between an ingest and the queries that read it while it runs.

DuckDB lets one process write a file, or any number read it, never both at once, and it does not wait: a second
open fails at once. So an ingest opens the store only for the moments it touches it (checking which articles are
already stored, committing a batch) and closes it between batches, while it codes; and every open waits a little
for the file to be free instead of failing. A commit holds the store for about a tenth of a second, so a query
that arrives during one waits that long. Only something that holds the store far longer (a huge export, a
Python session with the file open) runs a waiting open out of time: then the command gives up with one line.

Two ingests on one store must not interleave (each checks what is stored before it codes, so both would code
the same article, and each would take the other's run for an interrupted one): an ingest holds an advisory
lock on a file beside the store for its whole run. The operating system drops that lock when the process ends,
even on ``kill -9``, so no stale lock ever blocks the next run.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from tidings.errors import InputError, TidingsError, first_line

# How long an open waits for another process to let go of the store. A query waits READ_WAIT seconds (a commit
# holds the store a fraction of a second; 30 s is only reached when something holds it far longer); an ingest
# between batches waits WRITE_FACTOR times as long, since giving up would throw away batches already coded.
# ``TIDINGS_LOCK_WAIT`` (seconds) replaces READ_WAIT.
READ_WAIT = 30.0
WRITE_FACTOR = 10
LOCK_WAIT_ENV = "TIDINGS_LOCK_WAIT"


class StoreError(TidingsError):
    """The store cannot be opened or used as it is (locked, newer schema, not a DuckDB file)."""

    exit_code = 1


def read_wait() -> float:
    """Seconds a query waits for the store: ``TIDINGS_LOCK_WAIT`` when set to a number, else READ_WAIT."""
    raw = os.environ.get(LOCK_WAIT_ENV, "").strip()
    if not raw:
        return READ_WAIT
    try:
        value = float(raw)
    except ValueError:
        raise StoreError(f"{LOCK_WAIT_ENV}={raw!r} is not a number of seconds") from None
    if not 0 <= value < float("inf"):
        raise StoreError(f"{LOCK_WAIT_ENV}={raw!r} must be 0 or more seconds")
    return value


def connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, retrying for up to ``wait`` seconds while another process holds it.

    The retry interval starts at 10 ms and doubles to 100 ms, with jitter so that a reader and a writer polling
    together do not keep colliding; a failed open costs about 10 ms, so polling is cheap.
    """
    deadline = time.monotonic() + wait
    delay = 0.01
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            msg = first_line(exc)
            if "lock" not in msg.lower():
                raise StoreError(f"{path} cannot be opened as a DuckDB store: {msg}") from exc
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreError(f"{path} is in use by another process (waited {wait:g} s); try again when it is "
                                 f"done (DuckDB lets one process write, or several read; {LOCK_WAIT_ENV} sets the "
                                 "wait)") from exc
            time.sleep(min(left, delay * random.uniform(0.5, 1.0)))
            delay = min(delay * 2, 0.1)


def ingest_lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".ingest-lock")


@contextmanager
def ingest_lock(db: Path) -> Iterator[None]:
    """Hold the store's ingest lock for a run; a second ingest on the same store fails at once with one line."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: DuckDB's own lock still keeps two writers apart, batch by batch
        yield
        return
    path = ingest_lock_path(db)
    if not db.parent.is_dir():
        raise InputError(f"{db.parent}: no such folder for the store")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the ingest lock beside the store: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StoreError(f"{db} is being ingested by another tidings process; run one ingest at a time "
                             "(queries and exports can run meanwhile)") from None
        yield
    finally:
        os.close(fd)  # closing drops the lock
