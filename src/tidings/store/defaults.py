"""The store's defaults that the command line shows in its help (the store file's name).

Kept apart from ``tidings.store.db``, which imports DuckDB and pyarrow (a third of a second), so that
``tidings --help`` can print the default ``--db`` without loading either.
"""

from __future__ import annotations

DEFAULT_DB = "tidings.duckdb"
