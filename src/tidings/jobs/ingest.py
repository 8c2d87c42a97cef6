"""One ingest run: read paths, skip what the store already has, code in batches (here or in N workers), dedup
and commit each batch in one transaction.

Order is the backbone of the guarantees: files are read in sorted order, batches are written in the order they
were read even when workers finish out of order, and each batch commits atomically. So 1 or N workers give the
same store, and a run killed at any instant resumes where its last commit ended.

The store lets go of its file whenever a query waits for it and the run is not using it (``Store.lend``), so
``tidings events`` and exports can read it during a run (``store/lock.py``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.jobs.workers import Rows, code_in_worker, code_stream, init_worker
from tidings.models import Item, Reject
from tidings.nlp import blas_choice
from tidings.readers.files import iter_files, iter_records
from tidings.readers.records import ReadOptions, utf8_path
from tidings.readers.validate import MAX_ARTICLE_BYTES
from tidings.store.db import Store
from tidings.store.dedup import DEFAULT_MIN_SIMILARITY, DEFAULT_WINDOW_DAYS

if TYPE_CHECKING:  # imported by _load_pipeline: a parent of worker processes never loads spaCy
    from tidings.pipeline import Pipeline
from tidings.store.lock import ingest_lock


@dataclass
class IngestReport:
    """What a run did. All of this run's rejects are in the store (``rejects`` where run_id matches); the report
    keeps the first few to show, so a crawl with a million images does not fill memory with reasons."""

    run_id: str
    added: int = 0
    duplicates: int = 0
    mentions: int = 0
    new_events: int = 0
    rejected: int = 0
    seconds: float = 0.0
    resumed: bool = False
    rejects: list[Reject] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles coded and stored per second of the run (model loading included)."""
        return self.added / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class IngestOptions:
    workers: int = 1
    # articles per transaction: each commit has a fixed cost (about 45 ms in DuckDB on this machine), so 64
    # halves it against 32, while a crash still loses little and two workers still share the work evenly
    batch_size: int = 64
    model: str | None = None
    default_date: dt.date | None = None
    window_days: int = DEFAULT_WINDOW_DAYS
    min_similarity: float = DEFAULT_MIN_SIMILARITY
    max_bytes: int = MAX_ARTICLE_BYTES
    prefilter: bool = True
    learned: bool = True  # the learned event model beside the rules (False: --no-model)
    # seconds one article may take to code before it is rejected (None or 0: no limit; see jobs.workers)
    article_timeout: float | None = 30.0


# ``--workers auto``: one more worker process per this much input, up to one per core. A worker's start (loading
# spaCy, the knowledge base and the model: about 3 s of CPU) is paid back once it codes about that long, and one
# core codes roughly 100 KB of news text per second; below the first step one process codes it all.
AUTO_BYTES_PER_WORKER = 256 * 1024
AUTO_MAX_WORKERS = 4
WORKER_MEMORY = 700 * 2**20  # a worker's peak on long runs (README "Speed": 503-617 MB measured)


def auto_workers(paths: Iterable[str | Path]) -> int:
    """How many worker processes ``--workers auto`` runs for ``paths``: 1 for small inputs, else one per usable
    core (at most ``AUTO_MAX_WORKERS``, and only as many as the available memory holds), growing with the input's
    size in bytes (compressed files count as they are)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    size = 0
    for f in iter_files(paths):
        if isinstance(f, Path):
            try:
                size += f.stat().st_size
            except OSError:
                continue  # the readers make it a reject
    return max(1, min(cores, AUTO_MAX_WORKERS, 1 + size // AUTO_BYTES_PER_WORKER, available_memory() // WORKER_MEMORY))


def available_memory() -> int:
    """Bytes of memory available for new processes (``MemAvailable``), or a large number where that is unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 1 << 62


Progress = Callable[[IngestReport], None]
SHOWN_REJECTS = 100


def _batches(records: Iterable[Item | Reject], store: Store, size: int,
             report: IngestReport) -> Iterator[tuple[list[Item], list[Reject]]]:
    """Batches of new items (not stored, not seen earlier in this run) with the rejects read alongside them."""
    seen_hashes: set[str] = set()
    seen_urls: set[str] = set()
    pending: list[Item] = []
    rejects: list[Reject] = []

    def flush() -> tuple[list[Item], list[Reject]]:
        stored_h, stored_u = store.known((it.text_hash for it in pending), (it.article.url for it in pending))
        store.pause()  # readers may open the store while this batch is coded
        fresh: list[Item] = []
        for it in pending:
            url = it.article.url
            if it.text_hash in stored_h or it.text_hash in seen_hashes or (url and (url in stored_u
                                                                                     or url in seen_urls)):
                report.duplicates += 1
                continue
            seen_hashes.add(it.text_hash)
            if url:
                seen_urls.add(url)
            fresh.append(it)
        return fresh, rejects

    for rec in records:
        if isinstance(rec, Reject):
            rejects.append(rec)
        else:
            pending.append(rec)
        if len(pending) >= size or len(rejects) >= 1000:
            fresh, rej = flush()
            if fresh or rej:
                yield fresh, rej
            pending, rejects = [], []
    fresh, rej = flush()
    if fresh or rej:
        yield fresh, rej


def ingest(paths: Iterable[str | Path], db: str | Path | Store, options: IngestOptions | None = None,
           pipeline: Pipeline | None = None, progress: Progress | None = None) -> IngestReport:
    """Ingest files and folders into the store at ``db``; returns counts and this run's rejects.

    ``pipeline`` is used when ``workers`` is 1 (tests and notebooks pass the one they already loaded).
    """
    opts = options or IngestOptions()
    paths = [str(p) for p in paths]
    with ingest_lock(Path(db.path if isinstance(db, Store) else db)):  # one ingest per store at a time
        return _ingest(paths, db, opts, pipeline, progress)


def _ingest(paths: list[str], db: str | Path | Store, opts: IngestOptions, pipeline: Pipeline | None,
            progress: Progress | None) -> IngestReport:
    store = db if isinstance(db, Store) else Store(db)
    report = IngestReport(run_id=uuid.uuid4().hex[:12])
    start = time.perf_counter()
    try:
        store.lend()
        report.resumed = store.start_run(report.run_id, [utf8_path(p) for p in paths], opts.workers)
        store.pause()
        records = iter_records(paths, ReadOptions(default_date=opts.default_date, max_bytes=opts.max_bytes))
        batches = _batches(records, store, opts.batch_size, report)

        def commit(rows: Rows, rejects: list[Reject]) -> None:
            result = store.write_batch(rows, rejects, report.run_id, opts.window_days, opts.min_similarity)
            store.pause()
            report.added += result.articles
            report.mentions += result.mentions
            report.new_events += result.new_events
            report.rejected += len(rejects)
            report.rejects.extend(rejects[:SHOWN_REJECTS - len(report.rejects)])
            report.seconds = time.perf_counter() - start
            if progress:
                progress(report)

        if opts.workers <= 1:
            code_stream(lambda: pipeline or _load_pipeline(opts), batches, report.run_id, opts.article_timeout, commit)
        else:
            _run_pool(batches, opts, report.run_id, commit)
        store.finish_run(report.run_id, report.added, report.duplicates, report.rejected)
    finally:
        report.seconds = time.perf_counter() - start
        store.unlend()
        if not isinstance(db, Store):
            store.close()
    return report


def _load_pipeline(opts: IngestOptions) -> Pipeline:
    """The one process's pipeline, loaded when the first batch with something new to code arrives; spaCy is
    imported here, not with this module, because a parent of worker processes never needs it."""
    from tidings.pipeline import Pipeline

    return Pipeline(model=opts.model, prefilter=opts.prefilter, warm=True, learned=opts.learned)


def _time_products() -> bool:
    """``nlp.blas.time_products``, imported only when no machine's choice of matrix library is cached yet: it
    needs thinc, and a pool's parent otherwise never loads spaCy."""
    from tidings.nlp.blas import time_products

    return time_products()


def _run_pool(batches: Iterator[tuple[list[Item], list[Reject]]], opts: IngestOptions, run_id: str,
              commit: Callable[[Rows, list[Reject]], None]) -> None:
    """Keep every worker busy with up to two batches each, and commit results strictly in reading order.

    ``spawn`` rather than ``fork``: the parent may hold DuckDB and thread state that a forked child must not
    inherit. (Splitting each batch into one part per worker, so that the last batch does not run on one worker
    alone, was measured: on 300 articles with 2 workers the run took as long, 10.3 s, because both cores are busy
    until the end either way.)
    """
    ctx = multiprocessing.get_context("spawn")
    inflight: deque[tuple[Future | None, list[Reject]]] = deque()
    blas = blas_choice.resolved(None, _time_products)
    with ProcessPoolExecutor(max_workers=opts.workers, mp_context=ctx, initializer=init_worker,
                             initargs=(opts.model, 16, os.getpid(), opts.prefilter, blas, opts.learned)) as pool:
        try:
            for items, rejects in batches:
                inflight.append((pool.submit(code_in_worker, items, run_id, opts.article_timeout) if items else None,
                                 rejects))
                while len(inflight) > 2 * opts.workers:
                    _commit_next(inflight, commit)
            while inflight:
                _commit_next(inflight, commit)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _commit_next(inflight: deque[tuple[Future | None, list[Reject]]],
                 commit: Callable[[Rows, list[Reject]], None]) -> None:
    future, rejects = inflight.popleft()
    rows, failed = future.result() if future is not None else ({}, [])
    commit(rows, rejects + failed)
