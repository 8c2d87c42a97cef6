"""The event store: DuckDB schema and migrations, bulk batch writes, and cross-story dedup.

The names below load on first use (PEP 562): importing the package, or a light module in it such as
``tidings.store.defaults``, does not import DuckDB and pyarrow, so ``tidings --help`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tidings.store.defaults import DEFAULT_DB

if TYPE_CHECKING:
    from tidings.store.db import BatchResult, Store
    from tidings.store.lock import StoreError
    from tidings.store.migrations import DATA_TABLES, LATEST

__all__ = ["DATA_TABLES", "DEFAULT_DB", "LATEST", "BatchResult", "Store", "StoreError"]

_OWNERS = {"BatchResult": "tidings.store.db", "Store": "tidings.store.db", "StoreError": "tidings.store.lock",
           "DATA_TABLES": "tidings.store.migrations", "LATEST": "tidings.store.migrations"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    """``tidings.store.Store`` and the other names import their module (and DuckDB) when first asked for."""
    owner = _OWNERS.get(name)
    if owner is None:
        raise AttributeError(f"module 'tidings.store' has no attribute {name!r}")
    return getattr(import_module(owner), name)
