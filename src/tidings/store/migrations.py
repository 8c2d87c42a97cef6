"""The store's schema as numbered migrations, generated from the column declarations in ``store/schema.py``.

The SQL is built in Python, not kept in .sql files, because the package data rules only ship ``data/`` files: a
wheel install would otherwise lose the schema. A released migration never changes what it creates: a new column
is declared with ``since=N`` (so migration 1, which creates the tables as of version 1, leaves it out) and gets a
migration N that adds it, so an old store file is brought forward step by step (``Store`` applies what
``schema_version`` lacks) and a new one ends up with the same columns. ``tests/fixtures/store/schema_v1.sql`` is
the v1 DDL as first released; a test checks that migration 1 still creates exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.store.schema import DATA_TABLES, TABLES


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str


def _create(version: int, tables: tuple[str, ...]) -> str:
    return "".join(TABLES[t].create_sql(version) for t in tables)


_V1_TABLES = ("articles", "evidence", "events", "mentions", "actors", "quotes", "amounts", "rejects", "runs")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, ", ".join(_V1_TABLES), _create(1, _V1_TABLES)),
)

LATEST = MIGRATIONS[-1].version

# the table of applied migrations itself, created before any migration runs
CREATE_SCHEMA_VERSION = TABLES["schema_version"].create_sql(if_not_exists=True)

__all__ = ["CREATE_SCHEMA_VERSION", "DATA_TABLES", "LATEST", "MIGRATIONS", "Migration"]
