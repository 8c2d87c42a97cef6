"""Coding a batch of Items into table rows, in this process or in a worker process.

Each worker process builds one Pipeline (spaCy, knowledge base, lexicon) at start-up and keeps it: loading costs
seconds, coding a batch tens of milliseconds per article. Workers return plain rows, so the parent only runs
dedup and the DuckDB writes. A worker watches its parent and exits if it dies (``kill -9`` of the parent must not
leave orphans holding 200 MB each).
"""

from __future__ import annotations

import os
import threading
import time

from tidings.errors import first_line
from tidings.jobs.runtime import settle_heap
from tidings.models import Item, Reject
from tidings.pipeline import Pipeline
from tidings.store.db import utcnow
from tidings.store.rows import TABLES, Rows, coded_rows

_PIPELINE: Pipeline | None = None


def code_items(pipe: Pipeline, items: list[Item], run_id: str) -> tuple[Rows, list[Reject]]:
    """Code items through ``nlp.pipe`` in batches; an article that crashes the pipeline is rejected, not fatal."""
    now = utcnow()
    out: Rows = {t: [] for t in TABLES}
    rejects: list[Reject] = []
    try:
        coded = list(pipe.code_many([it.article for it in items]))
        pairs = list(zip(items, coded, strict=True))
    except Exception:  # noqa: BLE001 - find the one bad article instead of losing the batch
        pairs = []
        for it in items:
            try:
                pairs.append((it, pipe.code(it.article)))
            except Exception as exc:  # noqa: BLE001
                msg = first_line(exc)
                rejects.append(Reject(it.path, it.locator, f"{it.path} {it.locator}: tidings failed to code it "
                                      f"({type(exc).__name__}: {msg}); please report this".replace("  ", " ")))
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
                blas: str | None = None) -> None:
    """Process-pool initializer: one Pipeline per worker, and the orphan guard. ``blas`` is the parent's choice
    of matrix library, so that every worker multiplies alike."""
    global _PIPELINE
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    _PIPELINE = Pipeline(model=model, batch_size=batch_size, prefilter=prefilter, warm=True, blas=blas)
    settle_heap()


def code_in_worker(items: list[Item], run_id: str) -> tuple[Rows, list[Reject]]:
    assert _PIPELINE is not None, "init_worker did not run"
    return code_items(_PIPELINE, items, run_id)
