"""Every column of the store, declared once: name, DuckDB type, Arrow/Spark type, nullability, what it holds.

Three things are built from this declaration, so they cannot drift apart: the ``CREATE TABLE`` statements of the
migrations (``Table.create_sql``), the Arrow schemas the store writes its batches with (``Table.arrow_schema``), and
the Parquet outputs of the Spark job (``tidings.jobs.spark.schema`` picks its columns from here, and its rows come
from the same flattener, ``tidings.store.rows.article_rows``).

A column that is added later gets ``since=N`` and a migration N that adds it: migration 1 creates the tables as of
version 1 (``create_sql(version=1)``), so an old file is brought forward step by step and a new one ends up with
the same columns. A *transient* column (``stored=False``) is a key the flattener puts in a row for the stage after
it (dedup reads ``source_key`` and ``evidence``; the Spark job writes ``speaker_role``) but the table does not keep.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyarrow as pa

# DuckDB type -> (Arrow type, Spark SQL type). The Spark type is the Arrow type's name in Spark's DDL, so that
# ``mapInArrow`` hands Spark exactly the batches the store would insert.
TYPES: dict[str, tuple[pa.DataType, str]] = {
    "VARCHAR": (pa.string(), "string"),
    "INTEGER": (pa.int32(), "int"),
    "BIGINT": (pa.int64(), "bigint"),
    "TINYINT": (pa.int8(), "tinyint"),
    "DOUBLE": (pa.float64(), "double"),
    "BOOLEAN": (pa.bool_(), "boolean"),
    "DATE": (pa.date32(), "date"),
    "TIMESTAMP": (pa.timestamp("us"), "timestamp"),
}


@dataclass(frozen=True)
class Column:
    """One column. ``nullable=False`` and ``primary_key`` become the DDL's NOT NULL and PRIMARY KEY."""

    name: str
    type: str  # a key of TYPES
    doc: str = ""
    nullable: bool = True
    primary_key: bool = False
    stored: bool = True  # False: a key rows carry for a later stage, not a column of the table
    since: int = 1  # the schema version (migration) that adds it

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type}")  # a programming error

    @property
    def arrow(self) -> pa.DataType:
        return TYPES[self.type][0]

    @property
    def spark(self) -> str:
        return TYPES[self.type][1]

    def ddl(self) -> str:
        tail = " PRIMARY KEY" if self.primary_key else "" if self.nullable else " NOT NULL"
        return f"{self.name} {self.type}{tail}"


@dataclass(frozen=True)
class Table:
    """A table's columns in table order; the ones with ``stored=False`` ride along in rows but are not kept."""

    name: str
    doc: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name}: a column is declared twice")  # a programming error

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def stored(self, version: int | None = None) -> tuple[Column, ...]:
        """The columns the table has at ``version`` (default: the latest), in table order."""
        return tuple(c for c in self.columns if c.stored and (version is None or c.since <= version))

    def create_sql(self, version: int | None = None, if_not_exists: bool = False) -> str:
        cols = ",\n".join(f"    {c.ddl()}" for c in self.stored(version))
        return f"CREATE TABLE {'IF NOT EXISTS ' if if_not_exists else ''}{self.name} (\n{cols}\n);\n"

    @cached_property
    def arrow_schema(self) -> pa.Schema:
        """The stored columns as Arrow types: a batch is a typed Arrow table even when a column is all NULL."""
        return pa.schema([(c.name, c.arrow) for c in self.stored()])


def _cols(prefix: str, fields: Iterable[str], type_: str = "VARCHAR", doc: str = "", stored: bool = True,
          ) -> tuple[Column, ...]:
    return tuple(Column(f"{prefix}_{f}", type_, doc.format(f=f), stored=stored) for f in fields)


# Keys of ``Actor.to_dict()``, in the order the mentions and actors tables store them.
ACTOR_FIELDS = ("text", "name", "country", "sector", "role", "kb_id")
# Keys of ``Event.to_dict()`` that mentions store as they are (rows.py copies them by name).
EVENT_FIELDS = ("cameo", "cameo_root", "cameo_name", "plover", "plover_mode", "goldstein", "quad_class",
                "modality", "reported", "trigger", "rule", "confidence")
# Keys of ``Amount.to_dict()`` that amounts store as they are.
AMOUNT_FIELDS = ("value", "text", "object", "qualifier", "unit", "sentence")

_ACTOR_DOC = "the {side} actor's {f}, as in the event's JSON"
_CODES = (
    Column("cameo", "VARCHAR", "CAMEO event code (3 or 4 digits)"),
    Column("cameo_root", "VARCHAR", "its two-digit root: the family dedup compares"),
    Column("cameo_name", "VARCHAR"),
    Column("plover", "VARCHAR", "PLOVER event type"),
    Column("plover_mode", "VARCHAR"),
    Column("goldstein", "DOUBLE", "Goldstein scale, -10 (conflict) to +10 (cooperation)"),
    Column("quad_class", "TINYINT", "0 neutral, 1 verbal cooperation ... 4 material conflict"),
    Column("modality", "VARCHAR", "asserted, future, hypothetical or negated"),
)
_SPANS = tuple(Column(f"{part}_{end}", "INTEGER", f"character offset of the {part} in the article text")
               for part in ("source", "target", "trigger", "sentence") for end in ("start", "end"))


def _actor_cols(side: str, fields: Sequence[str]) -> tuple[Column, ...]:
    return _cols(side, fields, doc=_ACTOR_DOC.replace("{side}", side))


def _event_actor_cols(side: str) -> tuple[Column, ...]:
    key = Column(f"{side}_key", "VARCHAR", "who the actor is for dedup: country, else KB id, else name")
    return (key, *_actor_cols(side, ("name", "country", "sector", "kb_id")))


ARTICLES = Table("articles", "One row per coded article; its identity is the hash of its text.", (
    Column("article_id", "VARCHAR", "first 16 hex of models.text_hash: the identity used for re-ingest",
           primary_key=True),
    Column("text_hash", "VARCHAR", "full hash of the whitespace-normalised, case-folded text", nullable=False),
    Column("doc_id", "VARCHAR", 'the id the input gave (JSONL "id"), if any'),
    Column("url", "VARCHAR"),
    Column("title", "VARCHAR"),
    Column("source", "VARCHAR", 'the outlet (JSONL "source", feed title, site name, WARC host)'),
    Column("date", "DATE", "the article's date"),
    Column("text", "VARCHAR", nullable=False),
    *(Column(f"n_{n}", "INTEGER", f"how many {n.replace('_', ' ')} it has")
      for n in ("chars", "sentences", "events", "quotes", "amounts")),
    Column("path", "VARCHAR", "the file it came from"),
    Column("locator", "VARCHAR", "where in that file (line, entry, WARC record)"),
    Column("run_id", "VARCHAR", "the ingest run that stored it"),
    Column("ingested_at", "TIMESTAMP"),
    Column("extra_json", "VARCHAR", "keys of CodedArticle.to_dict() beyond the standard ones"),
))

EVIDENCE = Table("evidence", "The sentences events were found in, once per sentence.", (
    Column("evidence_id", "VARCHAR", "article_id:sentence", primary_key=True),
    Column("article_id", "VARCHAR", nullable=False),
    Column("sentence", "INTEGER", "the sentence's index in the article"),
    Column("start_char", "INTEGER", "offsets of the sentence, surrounding whitespace excluded"),
    Column("end_char", "INTEGER"),
    Column("text", "VARCHAR", "the sentence"),
))

EVENTS = Table("events", "Deduplicated events: the mentions of one real-world event, in one article or many.", (
    Column("event_id", "VARCHAR", "stable: derived from the mention that founded the event", primary_key=True),
    Column("date", "DATE", "the founding mention's date"),
    *_event_actor_cols("source"),
    *_event_actor_cols("target"),
    *_CODES,
    Column("num_mentions", "INTEGER"),
    Column("num_sources", "INTEGER", "distinct outlets (source, else URL host, else article)"),
    Column("num_articles", "INTEGER"),
    Column("first_mention_id", "VARCHAR"),
    Column("first_article_id", "VARCHAR"),
    Column("created_at", "TIMESTAMP"),
    Column("data_json", "VARCHAR", "the founding mention's full Event.to_dict()"),
))

MENTIONS = Table("mentions", "Every event as coded in one article, with the offsets of its evidence.", (
    Column("mention_id", "VARCHAR", "article_id:index of the event in the article", primary_key=True),
    Column("event_id", "VARCHAR", "the event dedup assigned it to", nullable=False),
    Column("article_id", "VARCHAR", nullable=False),
    Column("evidence_id", "VARCHAR"),
    Column("idx", "INTEGER", "the event's index in the article's events"),
    Column("sentence", "INTEGER"),
    Column("date", "DATE", "the event's date: event_date of its JSON (a date in its sentence), else the article's"),
    *_actor_cols("source", ACTOR_FIELDS),
    *_actor_cols("target", ACTOR_FIELDS),
    *_CODES,
    Column("reported", "BOOLEAN", "told by someone the article quotes, not asserted by the article"),
    Column("trigger", "VARCHAR", "the words that name the event"),
    Column("rule", "VARCHAR", "the lexicon rule that coded it"),
    Column("confidence", "DOUBLE"),
    *_SPANS,
    Column("similarity", "DOUBLE", "evidence similarity to the event it joined (1.0 if it founded it)"),
    Column("data_json", "VARCHAR", "the full Event.to_dict(), whatever keys it grows"),
    # for dedup, which stores them on the events it founds and compares them
    Column("source_key", "VARCHAR", "see events.source_key", stored=False),
    Column("target_key", "VARCHAR", "see events.target_key", stored=False),
    Column("evidence", "VARCHAR", "the sentence's text, stored once in evidence.text", stored=False),
))

ACTORS = Table("actors", "Every actor mention the resolver found, whether or not an event used it.", (
    Column("article_id", "VARCHAR", nullable=False),
    Column("idx", "INTEGER"),
    *(Column(f, "VARCHAR") for f in ACTOR_FIELDS),
    Column("start_char", "INTEGER"),
    Column("end_char", "INTEGER"),
))

QUOTES = Table("quotes", "Direct quotations and who said them.", (
    Column("article_id", "VARCHAR", nullable=False),
    Column("idx", "INTEGER"),
    Column("text", "VARCHAR", "the quoted words"),
    Column("sentence", "INTEGER"),
    Column("start_char", "INTEGER"),
    Column("end_char", "INTEGER"),
    *_cols("speaker", ("text", "name", "country", "sector", "kb_id"), doc="the speaker's {f}"),
    Column("data_json", "VARCHAR", "the full Quote.to_dict()"),
    # the store's quotes table has no role: it would take a migration; the Spark output has it
    Column("speaker_role", "VARCHAR", "the speaker's role", stored=False),
))

AMOUNTS = Table("amounts", "Numbers with the thing they count.", (
    Column("article_id", "VARCHAR", nullable=False),
    Column("idx", "INTEGER"),
    Column("value", "DOUBLE"),
    Column("text", "VARCHAR"),
    Column("object", "VARCHAR", "what is counted"),
    Column("qualifier", "VARCHAR", "about, nearly, more than ..."),
    Column("unit", "VARCHAR", "None for counts; share, percent, or an ISO 4217 currency"),
    Column("sentence", "INTEGER"),
    Column("start_char", "INTEGER"),
    Column("end_char", "INTEGER"),
    Column("data_json", "VARCHAR", "the full Amount.to_dict()"),
))

REJECTS = Table("rejects", "Records that could not be coded, and why.", (
    Column("reject_id", "VARCHAR", "hash of path, locator and reason: the same bad record is listed once",
           primary_key=True),
    Column("run_id", "VARCHAR", "the last run that met it"),
    Column("path", "VARCHAR"),
    Column("locator", "VARCHAR"),
    Column("reason", "VARCHAR"),
    Column("created_at", "TIMESTAMP"),
))

RUNS = Table("runs", "Ingest runs.", (
    Column("run_id", "VARCHAR", primary_key=True),
    Column("started_at", "TIMESTAMP"),
    Column("finished_at", "TIMESTAMP", "NULL: the run was interrupted (the next run resumes it)"),
    Column("paths", "VARCHAR", "the paths it was given, one a line"),
    Column("workers", "INTEGER"),
    Column("articles_added", "INTEGER"),
    Column("duplicates", "INTEGER"),
    Column("rejected", "INTEGER"),
))

SCHEMA_VERSION = Table("schema_version", "The migrations applied to this file.", (
    Column("version", "INTEGER", primary_key=True),
    Column("description", "VARCHAR"),
    Column("applied_at", "TIMESTAMP"),
))

# Tables a user would export or count, in the order a reader meets them.
DATA_TABLES = ("articles", "evidence", "events", "mentions", "actors", "quotes", "amounts", "rejects", "runs")
TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, EVIDENCE, EVENTS, MENTIONS, ACTORS, QUOTES, AMOUNTS,
                                                REJECTS, RUNS, SCHEMA_VERSION)}


def arrow_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """``pa.Table.from_pylist(rows, schema=schema)``, built column by column.

    The same table (a key a row lacks is NULL, keys the schema lacks are ignored), but ``from_pylist`` imports
    pandas on first use, a quarter of a second that every ingest run (and every Spark batch) would pay for nothing.
    """
    return pa.Table.from_arrays([pa.array([r.get(f.name) for r in rows], f.type) for f in schema], schema=schema)
