"""Sharing one store file between an ingest and the queries that read it while it runs.

DuckDB lets one process write a file, or any number read it, never both at once, and it does not wait: a second
open fails at once. So every open here waits a little for the file to be free instead of failing, and an ingest
lets go of the store whenever a reader waits for it, unless it is in the middle of using it (checking which
articles are stored, committing a batch: a tenth of a second or so). A reader that finds the store busy says so
by holding a shared lock on ``STORE.readers``; the ingest looks for that every 50 ms (``ReaderWatch``), closes
its connection when it is idle, and reopens it (waiting in turn) when it next needs it. Closing checkpoints, and
reopening starts with a cold cache: about 0.15 s a batch on a store of 3,000 articles, which an ingest pays only
while someone reads. Where the signal cannot work (no ``flock``, no file beside the store) the ingest closes
the store after every use instead. Only something that holds the store far longer than a commit (a huge
export, a Python session with the file open) runs a waiting open out of time: the command gives up, one line.

The other way round, a writer that waits for the file holds a shared lock on ``STORE.writer``. A one-shot query
needs no such signal (it closes when it is done), but a server that keeps its read connection open between
requests does: it closes it whenever ``writer_waiting`` or, after each request, ``ingest_running`` says so,
and opens no new one while a writer waits (``tidings.api.storeaccess``).

Two ingests on one store must not interleave (each checks what is stored before it codes, so both would code
the same article, and each would take the other's run for an interrupted one): an ingest holds an advisory
lock on a file beside the store for its whole run. The operating system drops that lock when the process ends,
even on ``kill -9``, so no stale lock ever blocks the next run.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
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
    waiting: int | None = None  # a shared lock on STORE.readers (a reader) or STORE.writer (a writer) while it waits
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.Error as exc:
                msg = first_line(exc)
                if "lock" not in msg.lower():
                    raise StoreError(f"{path} cannot be opened as a DuckDB store: {msg}") from exc
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreError(f"{path} is in use by another process (waited {wait:g} s); try again when it "
                                     f"is done (DuckDB lets one process write, or several read; {LOCK_WAIT_ENV} sets "
                                     "the wait)") from exc
                if waiting is None:
                    waiting = _say_waiting(readers_path(path), create=False) if read_only else \
                        _say_waiting(writer_path(path), create=True)
                time.sleep(min(left, delay * random.uniform(0.5, 1.0)))
                delay = min(delay * 2, 0.1)
    finally:
        if waiting is not None:
            os.close(waiting)  # drops the shared lock


def readers_path(db: Path) -> Path:
    return db.with_name(db.name + ".readers")


def writer_path(db: Path) -> Path:
    """The file a writer locks while it waits for the store: a server that keeps a read connection open between
    requests (``tidings serve``) looks at it to know when to step aside (``writer_waiting``)."""
    return db.with_name(db.name + ".writer")


def _say_waiting(signal: Path, create: bool) -> int | None:
    """A shared lock on ``signal`` (the descriptor holding it), or None when there is none to take: no file (a
    reader does not create STORE.readers: only an ingest watches it; a writer creates STORE.writer, since a
    server may look at it at any time), or the other side is probing it this instant (the next poll tries
    again)."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(signal, os.O_RDWR | os.O_CREAT, 0o644) if create else os.open(signal, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


class ReaderWatch:
    """An ingest's side of the readers' signal: a thread that calls ``let_go`` while a reader waits."""

    POLL = 0.05

    def __init__(self, db: Path, let_go: Callable[[], None]) -> None:
        self.db = db
        self.let_go = let_go
        self._fd: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Watch from now on; False when no reader could signal here, so the caller must let go after every use."""
        try:
            import fcntl  # noqa: F401 - only whether it exists
        except ImportError:
            return False
        try:
            self._fd = os.open(readers_path(self.db), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        if self.readers_waiting() is None:
            os.close(self._fd)
            self._fd = None
            return False
        self._thread = threading.Thread(target=self._run, name="tidings-reader-watch", daemon=True)
        self._thread.start()
        return True

    def readers_waiting(self) -> bool | None:
        """Whether a reader holds its shared lock: a probe for the exclusive lock, dropped at once. None when
        this file system cannot lock."""
        import fcntl

        assert self._fd is not None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        return False

    def wait_while_readers_wait(self, limit: float) -> None:
        """Before the writer takes the file back: give a waiting reader up to ``limit`` seconds to open it (its
        signal drops once it has), so that a writer that reopens at once cannot keep it out batch after batch."""
        deadline = time.monotonic() + limit
        while self._fd is not None and self.readers_waiting() and time.monotonic() < deadline:
            time.sleep(0.005)

    def _run(self) -> None:
        while not self._stop.wait(self.POLL):
            if self.readers_waiting():
                self.let_go()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def ingest_lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".ingest-lock")


class IngestRunning(StoreError):
    """Another ingest holds the store's ingest lock (the server answers 409; the CLI exits 1)."""


def _held_elsewhere(path: Path) -> bool:
    """Whether another open file holds a lock on ``path``, shared or exclusive: an exclusive probe, dropped at
    once (two probes meeting see each other: a false "yes" only makes a server close a connection early). False
    when the file is missing or this system cannot lock (then nothing could have signalled through it)."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # drops the probe's lock, if it got one
    return False


def ingest_running(db: Path) -> bool:
    """Whether an ingest (of any process, this one included) holds the store's ingest lock now. Non-blocking:
    a server asks after every request. The probe holds the lock for microseconds, which is why
    ``ingest_lock`` tries for a moment before it calls a run a second ingest."""
    return _held_elsewhere(ingest_lock_path(db))


def writer_waiting(db: Path) -> bool:
    """Whether a writer (an ingest between batches) is waiting to open the store now. A reader that keeps its
    connection open across requests closes it when this is true and opens none until it is false again, so a
    steady stream of reads cannot keep a writer out."""
    return _held_elsewhere(writer_path(db))


_held = threading.local()  # the stores whose ingest lock this thread holds and lends to the runs it starts


@contextmanager
def ingest_lock(db: Path, lend_to_thread: bool = False) -> Iterator[None]:
    """Hold the store's ingest lock for a run; a second ingest on the same store fails at once with one line.

    ``lend_to_thread``: the run this thread starts inside the block takes the lock as already its own. The
    server holds the lock so before it opens the store for POST /api/ingest (a CLI ingest already running is
    then a clear 409, not a wait for the file), and ``jobs.ingest`` takes it again. A plain hold lends nothing:
    any other ingest, even one in this thread, is refused. A refusal comes after ``ingest_running`` probes have
    had 0.2 s to let go."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: DuckDB's own lock still keeps two writers apart, batch by batch
        yield
        return
    path = ingest_lock_path(db)
    key = str(path.resolve())
    held: set[str] = _held.__dict__.setdefault("paths", set())
    if key in held:  # lent by a holder of this thread
        yield
        return
    if not db.parent.is_dir():
        raise InputError(f"{db.parent}: no such folder for the store")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the ingest lock beside the store: {exc.strerror}") from exc
    try:
        deadline = time.monotonic() + 0.2
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise IngestRunning(f"{db} is being ingested by another tidings process; run one ingest at a "
                                        "time (queries and exports can run meanwhile)") from None
                time.sleep(0.01)
        if lend_to_thread:
            held.add(key)
        try:
            yield
        finally:
            held.discard(key)
    finally:
        os.close(fd)  # closing drops the lock
