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
from collections.abc import Iterator

from tidings.errors import InputError, first_line
from tidings.jobs.runtime import Alarm, ArticleTimeout, settle_heap, time_limit
from tidings.models import Article, CodedArticle, Item, Reject
from tidings.pipeline import Pipeline
from tidings.store.db import utcnow
from tidings.store.rows import TABLES, Rows, coded_rows

_PIPELINE: Pipeline | None = None


def code_items(pipe: Pipeline, items: list[Item], run_id: str, timeout: float | None = None
               ) -> tuple[Rows, list[Reject]]:
    """Code items through ``nlp.pipe`` in batches; an article that crashes the pipeline, or takes longer than
    ``timeout`` seconds, is rejected, not fatal.

    The batch runs under an alarm that every article read and every article coded re-arms, so it fires only when
    the batch makes no progress for ``timeout`` seconds. The articles coded until then are kept; the rest are then
    coded one at a time, each with its own limit, which names the slow (or failing) one. So a slow article is
    rejected after at most twice the limit, and the batch goes on."""
    now = utcnow()
    out: Rows = {t: [] for t in TABLES}
    rejects: list[Reject] = []
    coded: list[CodedArticle] = []
    try:
        with time_limit(timeout) as alarm:
            for c in pipe.code_many(_rearming(items, alarm)):
                coded.append(c)
                alarm.rearm()
    except (ArticleTimeout, Exception):  # noqa: BLE001 - find the one bad article instead of losing the batch
        pass
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


def _rearming(items: list[Item], alarm: Alarm) -> Iterator[Article]:
    """The items' articles, re-arming the alarm as each is read: reading one is progress too."""
    for it in items:
        alarm.rearm()
        yield it.article


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
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    _PIPELINE = Pipeline(model=model, batch_size=batch_size, prefilter=prefilter, warm=True, blas=blas,
                         learned=learned)
    settle_heap()


def code_in_worker(items: list[Item], run_id: str, timeout: float | None = None) -> tuple[Rows, list[Reject]]:
    assert _PIPELINE is not None, "init_worker did not run"
    return code_items(_PIPELINE, items, run_id, timeout)
