"""Coding a batch of Items into table rows, in this process or in a worker process.

Each worker process builds one Pipeline (spaCy, knowledge base, lexicon) at start-up and keeps it: loading costs
seconds, coding a batch tens of milliseconds per article. Workers return plain rows, so the parent only runs
dedup and the DuckDB writes. A worker watches its parent and exits if it dies (``kill -9`` of the parent must not
leave orphans holding 200 MB each).

The time limit per article (``--article-timeout``) is ``runtime.time_limit``: its docstring says why an alarm.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from tidings.errors import InputError, first_line
from tidings.jobs.runtime import Alarm, ArticleTimeout, settle_heap, time_limit
from tidings.models import Article, CodedArticle, Item, Reject
from tidings.store.db import utcnow
from tidings.store.rows import TABLES, Rows, coded_rows

if TYPE_CHECKING:  # imported where a pipeline is built: a parent of worker processes never loads spaCy
    from tidings.pipeline import Pipeline

_PIPELINE: Pipeline | None = None


def code_items(pipe: Pipeline, items: list[Item], run_id: str, timeout: float | None = None
               ) -> tuple[Rows, list[Reject]]:
    """Code items through ``nlp.pipe`` in batches; an article that crashes the pipeline, or takes longer than
    ``timeout`` seconds, is rejected, not fatal.

    The batch runs under an alarm that every article read and every article coded re-arms, so it fires only when
    the batch makes no progress for ``timeout`` seconds. The articles coded until then are kept; the rest are then
    coded one at a time, each with its own limit, which names the slow (or failing) one. So a slow article is
    rejected after at most twice the limit, and the batch goes on. It is ``code_stream`` over this one batch (a
    worker process gets its batches one by one)."""
    got: list[tuple[Rows, list[Reject]]] = []
    code_stream(lambda: pipe, [(items, [])], run_id, timeout, lambda rows, rejects: got.append((rows, rejects)))
    return got[0]


class _Open:
    """A batch that ``code_stream`` has begun to feed: its items, the rejects read with it, and the articles
    coded so far (in item order)."""

    def __init__(self, items: list[Item], rejects: list[Reject]) -> None:
        self.items, self.rejects = items, rejects
        self.coded: list[CodedArticle] = []

    @property
    def complete(self) -> bool:
        return len(self.coded) == len(self.items)


def code_stream(get_pipe: Callable[[], Pipeline], batches: Iterable[tuple[list[Item], list[Reject]]], run_id: str,
                timeout: float | None, commit: Callable[[Rows, list[Reject]], None]) -> None:
    """Code the batches of a one-process ingest as one stream, and ``commit`` each batch's rows and rejects in
    reading order as soon as all its articles are coded.

    Why one stream and not ``code_items`` per batch: the learned model reads a few documents behind the parser,
    on a thread of its own (``Pipeline.code_many``). Ended at every batch, the stream would make the parser wait
    for the model's last documents of each batch, and the model for the parser's first of the next: on 300
    Wikinews articles in batches of 64, 2.7 s of 11.2 s. Batches, their transactions and their order are
    unchanged. One alarm, re-armed by every article read and every article
    coded and paused while a batch is read or committed, limits the stream's progress; when it fires, or an
    article crashes the pipeline, the batches begun are finished one article at a time, each with its own limit
    (which names the slow or failing one), committed, and a new stream starts with the next batch. ``get_pipe``
    is called once, when the first batch with articles arrives: a run with nothing new to code loads nothing."""
    source = iter(batches)
    opened: deque[_Open] = deque()
    pipe: Pipeline | None = None
    failure: list[Exception] = []  # an error reading the batches: raised once the batches begun are committed

    def flush(alarm: Alarm | None) -> None:
        while opened and opened[0].complete:
            done = opened.popleft()
            if alarm is not None:
                alarm.pause()
            try:
                commit(*_committed(pipe, done, run_id, timeout))
            except BaseException as exc:  # the store's error ends the run; it is no article's fault
                raise _CommitFailed from exc
            if alarm is not None:
                alarm.rearm()

    def read() -> _Open | None:
        try:
            batch = next(source, None)
        except Exception as exc:  # noqa: BLE001 - the store's or a reader's error ends the run, not a batch
            failure.append(exc)
            return None
        if batch is not None:
            opened.append(_Open(*batch))
            return opened[-1]
        return None

    def feed(alarm: Alarm) -> Iterator[Article]:
        while True:
            alarm.pause()
            batch = read()
            alarm.rearm()
            if batch is None:
                return
            for it in batch.items:
                alarm.rearm()
                yield it.article

    try:
        while not failure:
            # batches of rejects only are committed as they come; the first with articles loads the pipeline
            while (batch := read()) is not None and not batch.items:
                flush(None)
            if batch is None:
                break
            if pipe is None:
                pipe = get_pipe()
                settle_heap()
            try:
                with time_limit(timeout) as alarm:
                    first = (it.article for it in batch.items)
                    for c in pipe.code_many(chain(first, feed(alarm))):
                        next(b for b in opened if not b.complete).coded.append(c)
                        flush(alarm)
                        alarm.rearm()
            except (ArticleTimeout, Exception):  # noqa: BLE001 - find the bad article instead of losing the batch
                pass
            while opened:  # the batches begun: what the stream left is coded one article at a time
                done = opened.popleft()
                commit(*_committed(pipe, done, run_id, timeout))
    except _CommitFailed as exc:
        raise exc.__cause__ from None  # type: ignore[misc]
    if failure:
        raise failure[0]


class _CommitFailed(BaseException):
    """Carries an error of ``commit`` out through the stream's catch-all for coding errors."""


def _committed(pipe: Pipeline | None, done: _Open, run_id: str, timeout: float | None) -> tuple[Rows, list[Reject]]:
    """Rows and rejects of a finished (or abandoned) batch; its uncoded articles are coded one at a time."""
    if pipe is None or not done.items:
        return {t: [] for t in TABLES}, done.rejects
    rows, failed = _batch_rows(pipe, done.items, done.coded, run_id, timeout)
    return rows, done.rejects + failed


def _batch_rows(pipe: Pipeline, items: list[Item], coded: list[CodedArticle], run_id: str,
                timeout: float | None) -> tuple[Rows, list[Reject]]:
    """Table rows of ``items``, the first ``len(coded)`` of them coded already; each of the rest is coded alone
    under its own limit, and rejected with a one-line reason if it is too slow or fails."""
    now = utcnow()
    out: Rows = {t: [] for t in TABLES}
    rejects: list[Reject] = []
    pairs = list(zip(items, coded, strict=False))
    for it in items[len(coded):]:
        where = f"{it.path} {it.locator}".strip()
        try:
            with time_limit(timeout):
                pairs.append((it, pipe.code(it.article)))
        except ArticleTimeout:
            rejects.append(Reject(it.path, it.locator, f"{where}: took longer than {timeout:g} s to code "
                                  "(--article-timeout)"))
        except InputError as exc:
            rejects.append(Reject(it.path, it.locator, f"{where}: {first_line(exc)}"))
        except Exception as exc:  # noqa: BLE001
            msg = first_line(exc)
            rejects.append(Reject(it.path, it.locator, f"{where}: tidings failed to code it "
                                  f"({type(exc).__name__}: {msg}); please report this"))
    for it, c in pairs:
        for table, rows in coded_rows(c, it, run_id, now).items():
            out[table].extend(rows)
    return out, rejects


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(1)


def init_worker(model: str | None, batch_size: int, parent_pid: int, prefilter: bool = True,
                blas: str | None = None, learned: bool = True) -> None:
    """Process-pool initializer: one Pipeline per worker, and the orphan guard. ``blas`` is the parent's choice
    of matrix library, so that every worker multiplies alike."""
    global _PIPELINE
    from tidings.pipeline import Pipeline

    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    _PIPELINE = Pipeline(model=model, batch_size=batch_size, prefilter=prefilter, warm=True, blas=blas,
                         learned=learned)
    settle_heap()


def code_in_worker(items: list[Item], run_id: str, timeout: float | None = None) -> tuple[Rows, list[Reject]]:
    assert _PIPELINE is not None, "init_worker did not run"
    return code_items(_PIPELINE, items, run_id, timeout)
