"""A one-process ingest codes its batches as one stream (``jobs.workers.code_stream``): each batch is committed in
reading order with exactly the rows and rejects that coding it alone (``code_items``) gives, a slow article is
still rejected with its reason, and errors that are nobody's article (the store's, a reader's) still end the run.
The texts are written for these tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from tidings.jobs.workers import code_items, code_stream
from tidings.models import Article, Item, Reject
from tidings.pipeline import Pipeline
from tidings.store.rows import Rows

TEXTS = [
    "Norway criticized Denmark on Monday over fishing quotas in the North Sea.",
    "The President of Chile met the Prime Minister of Peru in Lima to discuss trade.",
    "Kenyan police arrested twelve protesters outside parliament in Nairobi on Tuesday.",
    "Germany promised to send medical aid to Moldova after the floods.",
    "Ghana's foreign minister condemned the coup in a neighbouring country.",
    "The Polish government expelled two Belarusian diplomats, a spokesman said.",
    "Japan and Vietnam signed an agreement on maritime security in Hanoi.",
    "Rebels attacked an army post in the north of Mali, killing four soldiers.",
]
CLAUSE = "Norway criticized Denmark, and the Swedish minister met the Finnish envoy in Oslo, while "


def _item(k: int, text: str) -> Item:
    article = Article(text=text, date=dt.date(2026, 3, 2), title=f"story {k}")
    return Item(article, hashlib.sha256(text.encode()).hexdigest(), f"doc{k}", "own.jsonl", f"line {k + 1}")


def _batches(texts: list[str]) -> list[tuple[list[Item], list[Reject]]]:
    items = [_item(k, t) for k, t in enumerate(texts)]
    reject = Reject("own.jsonl", "line 99", "own.jsonl line 99 is empty")
    return [(items[0:3], []), ([], [reject]), (items[3:6], []), (items[6:], [])]


def _plain(rows: Rows) -> dict[str, list[dict[str, Any]]]:
    """Rows without the time they were made (``ingested_at``), which differs from run to run."""
    return {t: [{k: v for k, v in r.items() if k != "ingested_at"} for r in rs] for t, rs in rows.items()}


def _streamed(pipe: Pipeline, batches: Any, timeout: float | None = None) -> list[tuple[Rows, list[Reject]]]:
    got: list[tuple[Rows, list[Reject]]] = []
    code_stream(lambda: pipe, batches, "run1", timeout, lambda rows, rejects: got.append((rows, rejects)))
    return got


def test_stream_commits_each_batch_in_order_with_what_coding_it_alone_gives(pipe: Pipeline) -> None:
    batches = _batches(TEXTS)
    got = _streamed(pipe, iter(batches))
    assert len(got) == len(batches)
    for (rows, rejects), (items, read_rejects) in zip(got, batches, strict=True):
        alone, failed = code_items(pipe, items, "run1") if items else ({}, [])
        assert rejects == read_rejects + failed
        assert [r["doc_id"] for r in rows.get("articles", [])] == [it.doc_id for it in items]
        if items:
            assert _plain(rows) == _plain(alone)
    assert sum(len(rows.get("mentions", [])) for rows, _ in got) >= 6  # the texts hold events; they were coded


def test_stream_rejects_a_slow_article_and_commits_the_rest(pipe: Pipeline) -> None:
    texts = TEXTS[:4] + [(CLAUSE * 5000)[:200_000] + "they left."] + TEXTS[4:]
    got = _streamed(pipe, iter(_batches(texts)), timeout=3)
    rejects = [r for _, rs in got for r in rs]
    assert [r.locator for r in rejects] == ["line 99", "line 5"]
    assert rejects[1].reason == "own.jsonl line 5: took longer than 3 s to code (--article-timeout)"
    coded = [r["doc_id"] for rows, _ in got for r in rows.get("articles", [])]
    assert coded == [f"doc{k}" for k in range(len(texts)) if k != 4]


def test_a_commit_error_ends_the_run_and_is_not_taken_for_an_article_error(pipe: Pipeline) -> None:
    done: list[int] = []
    failed: list[bool] = []

    def commit(rows: Rows, rejects: list[Reject]) -> None:
        if len(done) == 2 and not failed:  # once: a retry of the same batch would succeed, and must not happen
            failed.append(True)
            raise OSError("disk full")
        done.append(len(rows.get("articles", [])))

    with pytest.raises(OSError, match="disk full"):
        code_stream(lambda: pipe, iter(_batches(TEXTS)), "run1", 30, commit)
    assert done == [3, 0]


def test_a_reader_error_comes_out_after_the_batches_begun_are_committed(pipe: Pipeline) -> None:
    def batches() -> Iterator[tuple[list[Item], list[Reject]]]:
        yield from _batches(TEXTS)[:3]
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    got: list[int] = []
    with pytest.raises(UnicodeDecodeError):
        code_stream(lambda: pipe, batches(), "run1", 30, lambda rows, rj: got.append(len(rows.get("articles", []))))
    assert got == [3, 0, 3]


def test_nothing_to_code_loads_no_pipeline() -> None:
    def load() -> Pipeline:
        raise AssertionError("the pipeline was loaded for batches without articles")

    reject = Reject("own.jsonl", "line 1", "own.jsonl line 1 is empty")
    got: list[list[Reject]] = []
    code_stream(load, iter([([], [reject]), ([], [reject])]), "run1", 30, lambda rows, rj: got.append(rj))
    assert got == [[reject], [reject]]
