"""The server's one pipeline, used by one thread: requests to code articles wait in a bounded queue and are coded
in batches through ``Pipeline.code_many``, which is what makes a loaded server about as fast as a batch run.

One model in memory, one thread using it: spaCy and the resolver's caches are not made for concurrent use, and on
this project's machines a second thread would only contend for the same cores. The worker takes the first
waiting job and, without waiting, every other article queued behind it (up to ``batch_size``); under load the
batches fill by themselves, and a lone request is not delayed. Other work that needs the pipeline (resolving an
actor phrase, an ingest) goes through the same queue as a call, in turn.

When the queue is full, ``submit`` raises ``Busy`` with a Retry-After estimated from the recent time per article.
The pipeline loads on first use (a few seconds), or at start with ``preload``.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tidings.api.errors import Busy
from tidings.api.settings import Settings
from tidings.jobs.runtime import settle_heap
from tidings.models import Article

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

log = logging.getLogger("tidings.api")


@dataclass(frozen=True)
class _Job:
    future: Future
    article: Article | None = None                          # code this article, or
    call: Callable[[Pipeline], Any] | None = None           # run this with the pipeline


_STOP = object()


class CodeService:
    """A bounded queue in front of one pipeline, served by one thread."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._pipe = pipeline
        self._queue: queue.Queue = queue.Queue(maxsize=settings.queue_size)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._per_article = 0.05  # seconds, a running estimate for Retry-After
        self.coded = 0
        self.batches = 0

    # -- the request side -----------------------------------------------------------------------------------------
    def code(self, article: Article) -> Future:
        """A future of ``CodedArticle.to_dict()`` for ``article``."""
        return self._submit(_Job(Future(), article=article))

    def call(self, fn: Callable[[Pipeline], Any]) -> Future:
        """A future of ``fn(pipeline)``, run by the worker thread in its turn."""
        return self._submit(_Job(Future(), call=fn))

    def _submit(self, job: _Job) -> Future:
        self.start()
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            wait = max(1, math.ceil(self._queue.maxsize * self._per_article))
            raise Busy(f"the coding queue is full ({self._queue.maxsize} waiting); retry in {wait} s",
                       retry_after=wait) from None
        return job.future

    @property
    def loaded(self) -> bool:
        return self._pipe is not None

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    # -- the worker -----------------------------------------------------------------------------------------------
    def start(self, preload: bool = False) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, args=(preload,), name="tidings-coder", daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the jobs already queued, then end the thread."""
        with self._lock:
            thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self._queue.put(_STOP)
        thread.join(timeout)

    def pipeline(self) -> Pipeline:
        if self._pipe is None:
            from tidings.pipeline import Pipeline

            started = time.perf_counter()
            self._pipe = Pipeline(model=self.settings.model, prefilter=self.settings.prefilter, warm=True,
                                  learned=self.settings.learned,
                                  batch_size=self.settings.batch_size)
            log.info("pipeline loaded in %.1f s", time.perf_counter() - started)
            settle_heap()  # the model's objects out of the collector's walks, as batch jobs do (jobs/runtime.py)
        return self._pipe

    def _run(self, preload: bool) -> None:
        if preload:
            try:
                self.pipeline()
            except Exception:  # noqa: BLE001 - reported to the first request instead, which retries the load
                log.exception("the pipeline could not be loaded")
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            batch, later = [job], []
            while job.article is not None and len(batch) < self.settings.batch_size:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP or nxt.call is not None:
                    later.append(nxt)
                    break
                batch.append(nxt)
            if job.article is not None:
                self._code(batch)
            else:
                self._call(job)
            for nxt in later:
                if nxt is _STOP:
                    return
                self._call(nxt)

    def _call(self, job: _Job) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        try:
            job.future.set_result(job.call(self.pipeline()))
        except BaseException as exc:  # noqa: BLE001 - handed to the request that asked
            job.future.set_exception(exc)

    def _code(self, batch: list[_Job]) -> None:
        batch = [j for j in batch if j.future.set_running_or_notify_cancel()]
        if not batch:
            return
        started = time.perf_counter()
        try:
            results = [c.to_dict() for c in self.pipeline().code_many([j.article for j in batch])]
        except Exception as exc:  # noqa: BLE001 - one bad article must not fail the others: code them one by one
            if len(batch) == 1:
                batch[0].future.set_exception(exc)
            else:
                for j in batch:
                    self._code_one(j)
            return
        for j, r in zip(batch, results, strict=True):
            j.future.set_result(r)
        self.coded += len(batch)
        self.batches += 1
        per = (time.perf_counter() - started) / len(batch)
        self._per_article = 0.8 * self._per_article + 0.2 * per

    def _code_one(self, job: _Job) -> None:
        try:
            job.future.set_result(self.pipeline().code(job.article).to_dict())
            self.coded += 1
        except BaseException as exc:  # noqa: BLE001 - handed to the request that asked
            job.future.set_exception(exc)
