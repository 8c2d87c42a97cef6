"""The batch runner takes the loaded pipeline out of the garbage collector's reach (``runtime.settle_heap``).

Run in a fresh interpreter: freezing is per process and once only, so this test session's own state would say
nothing. The child ingests two short articles into a real DuckDB file, then reports the collector's state.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

CHILD = textwrap.dedent("""
    import gc, json, sys
    from tidings.jobs.ingest import IngestOptions, ingest
    from tidings.jobs.runtime import settle_heap

    before = gc.get_freeze_count()
    report = ingest([sys.argv[1]], sys.argv[2], IngestOptions(workers=1))
    frozen = gc.get_freeze_count()

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle made after the freeze: the collector must still free it
    del a, b
    print(json.dumps({"before": before, "frozen": frozen, "added": report.added, "again": settle_heap(),
                      "collected": gc.collect()}))
""")


def test_ingest_freezes_the_loaded_pipeline_once_and_still_collects_new_garbage(tmp_path: Path) -> None:
    src = tmp_path / "news.jsonl"
    rows = [
        {"id": "a", "date": "2026-03-02",
         "text": "Kenya's president visited Ethiopia on Monday and met its prime minister."},
        {"id": "b", "date": "2026-03-03",
         "text": "Chile recalled its ambassador from Peru after a dispute over fishing rights."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(tmp_path / "t.duckdb")], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["added"] == 2
    assert state["before"] == 0
    # the model, knowledge base and gazetteer are hundreds of thousands of objects; all were frozen
    assert state["frozen"] > 100_000
    assert state["again"] is False  # once per process
    assert state["collected"] >= 2  # the two nodes of the cycle (and their attribute dicts)
