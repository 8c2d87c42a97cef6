"""The event store: DuckDB schema and migrations, bulk batch writes, and cross-story dedup."""

from .db import DEFAULT_DB, BatchResult, Store, StoreError
from .migrations import DATA_TABLES, LATEST

__all__ = ["DATA_TABLES", "DEFAULT_DB", "LATEST", "BatchResult", "Store", "StoreError"]
