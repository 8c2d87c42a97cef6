"""The Spark job's outputs as views of the store's tables: columns from ``store/schema.py``, rows from its flattener.

Each output column names the store column it shows (``event_date`` is ``mentions.date``, ``event_json`` is
``mentions.data_json``, ``article_date`` is ``articles.date`` ...): its type is that column's, and its value is
what ``tidings.store.rows.article_rows`` puts there, so the Parquet and the store cannot disagree. The names stay
those the Spark output always had (``docs/spark.md``).

One coding pass yields a single "union" table (events, quotes, amounts, skipped articles and per-batch worker
stats, told apart by ``kind``); ``split_output`` in the driver cuts it into the three outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from tidings.models import CodedArticle
from tidings.store.rows import article_rows
from tidings.store.schema import TABLES, Column

PARTITION_COLUMN = "year_month"


@dataclass(frozen=True)
class OutputColumn:
    """A Parquet column: the store ``column`` it shows, read from the rows of ``table``."""

    name: str
    table: str
    column: Column


@dataclass(frozen=True)
class Output:
    """One output folder (events, quotes, amounts): the ``kind`` of its union rows and the store table they show."""

    name: str
    kind: str
    table: str
    columns: tuple[OutputColumn, ...]


def _output(name: str, kind: str, table: str, spec: tuple[str | tuple[str, str], ...]) -> Output:
    """``spec``: a column of ``table`` under its own name, or (output name, ``column`` or ``table.column``)."""
    cols = []
    for item in spec:
        out_name, ref = (item, item) if isinstance(item, str) else item
        src, _, col = ref.rpartition(".")
        cols.append(OutputColumn(out_name, src or table, TABLES[src or table].by_name[col]))
    return Output(name, kind, table, tuple(cols))


_ACTOR = ("name", "country", "sector", "role", "kb_id", "text")  # the outputs' column order (the store's differs)

OUTPUTS: dict[str, Output] = {o.name: o for o in (
    _output("events", "event", "mentions", (
        "article_id", "sentence", *(f"source_{f}" for f in _ACTOR), *(f"target_{f}" for f in _ACTOR),
        "cameo", "cameo_root", "cameo_name", "plover", "plover_mode", "goldstein", "quad_class", "modality",
        "reported", "evidence", "trigger", "trigger_start", "trigger_end", "source_start", "source_end",
        "target_start", "target_end", "rule", "confidence", ("event_date", "date"), ("event_json", "data_json"))),
    _output("quotes", "quote", "quotes", (
        "article_id", "sentence", *(f"speaker_{f}" for f in _ACTOR), ("quote_text", "text"),
        ("span_start", "start_char"), ("span_end", "end_char"), ("article_date", "articles.date"),
        ("quote_json", "data_json"))),
    _output("amounts", "amount", "amounts", (
        "article_id", "sentence", "value", ("amount_text", "text"), "object", "qualifier", "unit",
        ("span_start", "start_char"), ("span_end", "end_char"), ("article_date", "articles.date"),
        ("amount_json", "data_json"))),
)}

# bookkeeping rows: why an article was skipped; which worker coded a batch and how many pipelines it has built
BOOK_COLUMNS = (
    Column("skip_reason", "VARCHAR"),
    Column("skip_detail", "VARCHAR"),
    Column("worker", "VARCHAR", "host:pid of the executor Python process"),
    Column("pipeline_loads", "INTEGER", "Pipelines that process has built so far (the summary checks: one)"),
    Column("batch_articles", "INTEGER"),
    Column("batch_undated", "INTEGER"),
)


def _union_columns() -> tuple[tuple[str, Column], ...]:
    """kind + partition column + every output's columns once (shared names must share a type) + bookkeeping."""
    cols: dict[str, Column] = {"kind": Column("kind", "VARCHAR"),
                               PARTITION_COLUMN: Column(PARTITION_COLUMN, "VARCHAR", "the article's YYYY-MM")}
    named = [(c.name, c.column) for o in OUTPUTS.values() for c in o.columns] + [(c.name, c) for c in BOOK_COLUMNS]
    for name, col in named:
        if cols.setdefault(name, col).type != col.type:
            raise AssertionError(f"column {name} has two types")  # a programming error in OUTPUTS
    return tuple(cols.items())


UNION_COLUMNS = _union_columns()
UNION_ARROW_SCHEMA = pa.schema([(n, c.arrow) for n, c in UNION_COLUMNS])
UNION_DDL = ", ".join(f"`{n}` {c.spark}" for n, c in UNION_COLUMNS)


def output_rows(coded: CodedArticle) -> Iterator[dict[str, Any]]:
    """Union rows (kind event/quote/amount) for one coded article, picked from the store's rows of it."""
    rows = article_rows(coded)
    article = rows["articles"][0]
    month = article["date"].strftime("%Y-%m") if article["date"] else None
    for out in OUTPUTS.values():
        for row in rows[out.table]:
            yield {"kind": out.kind, PARTITION_COLUMN: month,
                   **{c.name: (article if c.table == "articles" else row)[c.column.name] for c in out.columns}}
