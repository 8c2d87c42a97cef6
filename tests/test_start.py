"""Issue 16: commands load only what they use. ``--help`` and the store commands never import spaCy, the
knowledge base or the pipeline, because those cost seconds at start and a store query does not need them.

Each check runs the real entry point (``tidings.cli.main.main``) in a fresh Python process and then reads that
process's ``sys.modules``: an import anywhere on the command's path, however indirect, shows up there. Speed itself
is measured by ``bench/start.py``, not asserted here (wall times on a shared machine make flaky tests).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tidings.cli.main import app
from tidings.jobs.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]

# what a store command or a help page must not load: seconds of start for nothing
MODEL_SIDE = ("spacy", "thinc", "tidings.pipeline", "tidings.nlp.model", "tidings.actors.kb", "tidings.events.lexicon",
              "tidings.context.themes", "dateparser")
# what only the commands that query or write a store need: a help page must not load these either
STORE_SIDE = ("duckdb", "pyarrow", "pandas")

# runs the entry point once per argv in this one process, then writes which watched modules got loaded
PROBE = """
import json, sys
from tidings.cli.main import main
runs, watched, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
results = []
for argv in runs:
    sys.argv = ["tidings", *argv]
    try:
        main()
        status = 0
    except SystemExit as exc:
        status = exc.code or 0
    results.append({"argv": argv, "exit": status, "loaded": sorted(m for m in watched if m in sys.modules)})
with open(out, "w", encoding="utf-8") as fh:
    json.dump(results, fh)
"""

ARTICLES = [  # written for this test
    {"date": "2026-05-04", "title": "Envoys recalled",
     "text": "Kenya expelled the Somali ambassador on Monday after a border dispute.\n\n"
             "Somalia condemned the decision and recalled its own envoy from Nairobi."},
    {"date": "2026-05-06", "title": "Talks planned",
     "text": "South Korea will host Chinese trade officials next month, the ministry said on Wednesday."},
]


def probe(runs: list[list[str]], tmp_path: Path) -> list[dict]:
    """Run ``tidings ARGV...`` for each argv, in order, in one fresh process; each result says which watched
    modules were loaded by then (so a later run's list includes what earlier runs loaded)."""
    out = tmp_path / "probe.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    env.pop("TIDINGS_DEBUG", None)
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(runs), json.dumps(MODEL_SIDE + STORE_SIDE),
                           str(out)], capture_output=True, timeout=300, env=env, cwd=tmp_path)
    # no file: the process ended early, e.g. a command loaded the pipeline and ``cli.main.leave`` ended it at once
    assert proc.returncode == 0 and out.exists(), proc.stderr.decode()
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small_db(pipe, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("start")
    src = root / "wire.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = root / "small.duckdb"
    report = ingest([src], db, pipeline=pipe)
    assert report.added == len(ARTICLES) and report.mentions > 0
    return db


def commands() -> list[str]:
    names = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined] - a group has .commands
    assert {"code", "ingest", "events", "relations", "export", "kb"} <= set(names)
    return names


def test_help_of_every_command_loads_neither_model_nor_store(tmp_path):
    names = commands()
    results = probe([["--help"]] + [[name, "--help"] for name in names], tmp_path)
    assert len(results) == len(names) + 1
    for r in results:
        assert r["exit"] == 0, r
        assert r["loaded"] == [], f"tidings {' '.join(r['argv'])} loaded {r['loaded']}"


def test_store_commands_do_not_load_the_model(small_db, tmp_path):
    db = str(small_db)
    runs = [["events", "--db", db, "-f", "json"], ["events", "--db", db],
            ["relations", "KEN", "SOM", "--db", db, "-f", "csv"]]
    runs += [["export", "--db", db, "-f", fmt, "-o", str(tmp_path / f"out-{fmt}")]
             for fmt in ("gdelt", "gkg", "plover", "parquet", "csv")]
    results = probe(runs, tmp_path)
    for r in results:
        assert r["exit"] == 0, r
        assert not set(r["loaded"]) & set(MODEL_SIDE), f"tidings {' '.join(r['argv'])} loaded {r['loaded']}"
    assert "duckdb" in results[0]["loaded"]  # the probe sees real imports: the query opened the store
    assert (tmp_path / "out-gdelt").stat().st_size > 0 and (tmp_path / "out-parquet").is_dir()


def test_export_alone_loads_no_pandas_or_model(small_db, tmp_path):
    """The probe in a fresh process for ``export`` only: the GDELT writer reads DuckDB rows, nothing more."""
    [r] = probe([["export", "--db", str(small_db), "-f", "gdelt", "-o", str(tmp_path / "e.tsv")]], tmp_path)
    assert r["exit"] == 0 and "duckdb" in r["loaded"]
    assert not set(r["loaded"]) & {*MODEL_SIDE, "pandas"}, r["loaded"]


def test_quick_exit_after_the_pipeline_keeps_output_and_status(tmp_path):
    """``cli.main.leave`` skips the interpreter's teardown once the pipeline is loaded: everything written must
    still arrive, and the status must be the command's."""
    script = ("import sys, tidings.pipeline\nfrom tidings.cli.main import leave\n"
              "print('x' * 200_000)\nprint('done', file=sys.stderr)\nleave(3)\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300, env=env, cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr.decode()
    assert proc.stdout.decode() == "x" * 200_000 + "\n" and proc.stderr.decode().endswith("done\n")


def test_an_ingest_with_worker_processes_leaves_spacy_to_the_workers(pipe, tmp_path):
    """The parent of the workers reads, deduplicates and writes; only the workers load the pipeline (the parent's
    start is on the critical path of every multi-process ingest). ``pipe`` has compiled the machine's choice of
    matrix library, which the parent reads: timing it, once per machine, needs thinc."""
    src = tmp_path / "wire.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    [r] = probe([["ingest", str(src), "--db", str(db), "--workers", "2", "--date", "2026-05-04"]], tmp_path)
    assert r["exit"] == 0 and "duckdb" in r["loaded"], r
    assert not set(r["loaded"]) & set(MODEL_SIDE), r["loaded"]
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == len(ARTICLES)
        assert con.execute("select count(*) from mentions").fetchone()[0] > 0  # the workers did code them
