"""The executor side of the Spark job: Arrow batches of articles in, Arrow batches of union rows out.

Loading spaCy, the knowledge base and the lexicon takes seconds; coding a short article takes milliseconds. So
each executor Python process builds ONE ``Pipeline``, lazily, in this module's ``_PIPELINES`` cache, and
``spark.python.worker.reuse=true`` (set by the driver) keeps those processes, and their pipeline, alive across
tasks. The mapped callable, ``ArticleCoder``, is a module-level class, so cloudpickle ships it by reference and
the cache really is this module's. Each batch goes through ``Pipeline.code_many`` (``nlp.pipe``), the code path of
one process, and its rows come from the store's flattener (``output_rows``), so Spark output equals the store's.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from tidings.errors import first_line
from tidings.jobs.spark.inputs import to_article
from tidings.jobs.spark.schema import UNION_ARROW_SCHEMA, output_rows
from tidings.models import Article

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

DEFAULT_BATCH_SIZE = 32

_PIPELINES: dict[tuple[Any, ...], Pipeline] = {}
_PIPELINE_LOADS = 0  # how many Pipelines this process has built; the job summary checks it is one per process


def _pipeline(model: str | None, batch_size: int, options: tuple[tuple[str, Any], ...] = ()) -> Pipeline:
    """This process's Pipeline, built on first use: loading spaCy costs seconds, so never once per batch."""
    global _PIPELINE_LOADS
    key = (model, batch_size, options)
    pipe = _PIPELINES.get(key)
    if pipe is None:
        from tidings.jobs.runtime import settle_heap
        from tidings.pipeline import Pipeline

        pipe = Pipeline(model=model, batch_size=batch_size, warm=True, **dict(options))
        settle_heap()
        _PIPELINES[key] = pipe
        _PIPELINE_LOADS += 1
    return pipe


def _code_batch(pipe: Pipeline, articles: list[Article]) -> Iterator[dict[str, Any]]:
    """Code a batch through ``nlp.pipe``; if anything in it fails, retry one by one so one bad article costs
    only itself."""
    try:
        coded = list(pipe.code_many(articles))
    except Exception:  # noqa: BLE001 - isolate the culprit below instead of failing the task
        coded = None
    if coded is not None:
        for c in coded:
            yield from output_rows(c)
        return
    for article in articles:
        try:
            rows = list(output_rows(pipe.code(article)))
        except Exception as exc:  # noqa: BLE001 - counted as skipped; the job goes on
            yield _skip_row("coding_error", f"article {article.id}: {type(exc).__name__}: {first_line(exc)}")
            continue
        yield from rows


def _skip_row(reason: str, detail: str) -> dict[str, Any]:
    return {"kind": "skip", "skip_reason": reason, "skip_detail": detail}


@dataclass(frozen=True)
class ArticleCoder:
    """The function given to ``mapInArrow``: Arrow batches of articles in, Arrow batches of union rows out.

    A module-level class (not a closure) so cloudpickle sends it by reference: executors import this module and
    share its ``_PIPELINES`` cache across tasks instead of unpickling a private copy each time.
    """

    model: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    options: tuple[tuple[str, Any], ...] = ()  # further Pipeline keyword arguments, e.g. (("prefilter", False),)

    def __call__(self, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        worker = f"{socket.gethostname()}:{os.getpid()}"
        for batch in batches:
            records = batch.to_pylist()
            if not records:
                continue
            pipe = _pipeline(self.model, self.batch_size, self.options)
            rows: list[dict[str, Any]] = []
            articles: list[Article] = []
            for rec in records:
                got = to_article(rec)
                if isinstance(got, Article):
                    articles.append(got)
                else:
                    rows.append(_skip_row(*got))
            rows.extend(_code_batch(pipe, articles))
            rows.append({"kind": "batch", "worker": worker, "pipeline_loads": _PIPELINE_LOADS,
                         "batch_articles": len(records), "batch_undated": sum(a.date is None for a in articles)})
            yield pa.RecordBatch.from_pylist(rows, schema=UNION_ARROW_SCHEMA)
