"""The event store: DuckDB schema and migrations, bulk batch writes, and cross-story dedup."""

from tidings.store.db import DEFAULT_DB, BatchResult, Store, StoreError
from tidings.store.migrations import DATA_TABLES, LATEST

__all__ = ["DATA_TABLES", "DEFAULT_DB", "LATEST", "BatchResult", "Store", "StoreError"]
