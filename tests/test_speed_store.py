"""Store writes: columnar Arrow tables and the narrowed count refresh must store exactly what they replaced."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from tests.test_store import _batch, _mention
from tidings.store import Store
from tidings.store.dedup import REFRESH_COUNTS
from tidings.store.schema import arrow_table


def test_arrow_table_is_from_pylist(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        schema = store.arrow_schema("mentions")
        rows = [_mention("a1", "2026-03-03", "Kenya expelled two Somali diplomats."),
                dict(_mention("a2", None, "Kenya shut a consulate."), unknown_key=1, goldstein=None),
                {"mention_id": "x:0"}]
        assert arrow_table(rows, schema).equals(pa.Table.from_pylist(rows, schema=schema))


def test_counts_equal_a_full_refresh(tmp_path):
    """Events founded and joined within a batch, and stored events a later batch joins, end with the counts a
    refresh of every event would give."""
    text = "Kenya expelled two Somali diplomats on Tuesday, accusing them of meddling in elections."
    day = dt.date(2026, 3, 3).isoformat()
    first = [_mention(f"a{i}", day, text) for i in range(4)]
    first.append(_mention("c1", day, "Kenya shut a consulate.", root="17"))
    outlets = {"a0": "Ledger", "a1": "Ledger", "a2": "Wire", "a3": "Courier", "c1": "Wire"}
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch(_batch(first, outlets), [], "run1")
        store.write_batch(_batch([_mention("b1", day, text)], {"b1": "Post"}), [], "run2")
        store.write_batch(_batch([_mention("d1", day, "Somalia recalled envoys.", source="SOM", target="KEN")],
                                 {"d1": "Post"}), [], "run3")
        stored = store.con.execute("SELECT event_id, num_mentions, num_articles, num_sources FROM events "
                                   "ORDER BY event_id").fetchall()
        store.con.execute("CREATE TEMP TABLE _touched AS SELECT event_id FROM events")
        store.con.execute(REFRESH_COUNTS)
        refreshed = store.con.execute("SELECT event_id, num_mentions, num_articles, num_sources FROM events "
                                      "ORDER BY event_id").fetchall()
    assert stored == refreshed
    assert sorted(r[1:] for r in stored) == [(1, 1, 1), (1, 1, 1), (5, 5, 4)]
