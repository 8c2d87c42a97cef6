"""Issue 18, item 7: ``tidings events``, ``relations`` and ``export`` work while ``tidings ingest`` writes the store.

A real ingest subprocess codes a couple of hundred short articles written here, in small batches, while this test
runs the three query commands over and over in other subprocesses. Every query must succeed, what they count
must never go down (each sees whole committed batches), and the store the ingest leaves must equal a clean run's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from tests.conftest import run_cli
from tests.test_ingest import snapshot
from tidings.jobs.ingest import IngestOptions, ingest
from tidings.store import Store
from tidings.store.lock import LOCK_WAIT_ENV, ingest_lock, readers_path

COUNTRIES = [("Japan", "Kenya"), ("France", "Brazil"), ("India", "Nepal"), ("Germany", "Poland"),
             ("Egypt", "Sudan"), ("Chile", "Peru"), ("Canada", "Mexico"), ("Japan", "Brazil")]
STORIES = [  # written for this test; {n} keeps every text distinct, so none is skipped as a duplicate
    "{a} signed a trade agreement with {b} on {day}. The accord covers {n} kinds of farm goods.",
    "{a} criticised {b} on {day} over a dispute about {n} fishing boats seized in shared waters.",
    "{a} praised {b} on {day} for sending {n} rescue workers after severe floods.",
    "{a} expelled {n} diplomats from {b} on {day}, accusing them of spying.",
    "The president of {a} met the prime minister of {b} on {day} for talks that lasted {n} hours.",
]
ARTICLES = 160


def write_corpus(path: Path) -> None:
    lines = []
    for i in range(ARTICLES):
        a, b = COUNTRIES[i % len(COUNTRIES)]
        day = dt.date(2026, 5, 1) + dt.timedelta(days=i % 25)
        text = STORIES[(i // len(COUNTRIES)) % len(STORIES)].format(a=a, b=b, day=day.strftime("%A"), n=i + 2)
        lines.append({"id": f"a{i}", "date": day.isoformat(), "source": f"Desk {i % 4}", "text": text})
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")


def count(command: str, db: Path, out: Path) -> int:
    """Run one query command on the store (it must exit 0) and return what it counted."""
    if command == "events":
        proc = run_cli("events", "--db", str(db), "--format", "json", timeout=120)
    elif command == "relations":
        proc = run_cli("relations", "JPN", "KEN", "--db", str(db), "--format", "csv", timeout=120)
    else:
        proc = run_cli("export", "--format", "csv", "-o", str(out), "--db", str(db), timeout=120)
    assert proc.returncode == 0, f"{command}: {proc.stderr.decode()}"
    if command == "events":
        return len(json.loads(proc.stdout))
    if command == "relations":  # mentions of the dyad, both directions together
        rows = csv.DictReader(io.StringIO(proc.stdout.decode()))
        return sum(int(r["mentions"]) for r in rows if r["direction"] == "JPN<->KEN")
    with out.open(newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


COMMANDS = ("events", "relations", "export")


def test_queries_and_exports_run_while_an_ingest_writes(pipe, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    db = tmp_path / "live.duckdb"
    log = tmp_path / "ingest.err"
    env = {k: v for k, v in os.environ.items() if k not in ("TIDINGS_DEBUG", "FORCE_COLOR")}
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "tidings.cli", "ingest", str(corpus), "--db", str(db),
                                 "--batch-size", "4"], stdout=subprocess.PIPE, stderr=err, env=env)
    seen: dict[str, list[int]] = {c: [] for c in COMMANDS}
    failures: list[str] = []

    def keep_reading(command: str) -> None:  # one loop per command, all three at once, beside the ingest
        try:
            while proc.poll() is None:
                seen[command].append(count(command, db, tmp_path / f"{command}.out"))
        except AssertionError as exc:
            failures.append(str(exc))

    try:
        deadline = time.monotonic() + 180
        while b"tidings: committed" not in log.read_bytes():  # the store exists and holds a first batch
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        readers = [threading.Thread(target=keep_reading, args=(c,)) for c in COMMANDS]
        for t in readers:
            t.start()
        for t in readers:
            t.join(timeout=300)
        assert proc.wait(timeout=60) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not failures, failures
    final = {c: count(c, db, tmp_path / f"{c}.out") for c in COMMANDS}
    for c in COMMANDS:
        series = [*seen[c], final[c]]
        assert series == sorted(series), (c, series)  # whole batches only: nothing ever goes missing
    assert all(seen.values()), seen  # every command ran during the ingest ...
    assert any(0 < n < final[c] for c in COMMANDS for n in seen[c]), (seen, final)  # ... and saw it half done

    clean = tmp_path / "clean.duckdb"
    ingest([corpus], clean, IngestOptions(batch_size=16), pipeline=pipe)
    assert snapshot(db) == snapshot(clean)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == ARTICLES


def test_a_second_ingest_on_the_same_store_is_refused_at_once(tmp_path):
    corpus = tmp_path / "one.txt"
    corpus.write_text("Japan praised Kenya on Monday for its help after the floods.\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with ingest_lock(db):  # as a running ingest holds it
        started = time.monotonic()
        proc = run_cli("ingest", str(corpus), "--db", str(db), timeout=120)
        took = time.monotonic() - started
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "run one ingest at a time" in err and len(err.strip().splitlines()) == 1, err
    assert took < 20  # refused, not left waiting for the other run to end
    with ingest_lock(db):  # and the refused run took nothing: the lock is free again
        pass


def test_a_writer_keeps_the_store_until_a_reader_waits(tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    writer = Store(db)
    writer.lend()
    writer.start_run("r1", [], 1)
    writer.pause()  # as an ingest does while it codes a batch
    try:
        monkeypatch.setenv(LOCK_WAIT_ENV, "0")  # a reader that does not wait: the writer still holds the store
        proc = run_cli("events", "--db", str(db), timeout=120)
        assert proc.returncode == 1 and "in use" in proc.stderr.decode(), proc.stderr.decode()
        monkeypatch.setenv(LOCK_WAIT_ENV, "20")  # one that waits: the writer lets go for it
        proc = run_cli("events", "--db", str(db), "--format", "json", timeout=120)
        assert proc.returncode == 0 and json.loads(proc.stdout) == [], proc.stderr.decode()
        writer.finish_run("r1", 0, 0, 0)  # and takes the store back on its next use
    finally:
        writer.close()


def test_where_readers_cannot_signal_the_writer_lets_go_after_each_use(tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    readers_path(db).mkdir()  # no file to lock: the signal cannot work here
    writer = Store(db)
    writer.lend()
    writer.start_run("r1", [], 1)
    writer.pause()
    try:
        monkeypatch.setenv(LOCK_WAIT_ENV, "0")
        proc = run_cli("events", "--db", str(db), timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        writer.finish_run("r1", 0, 0, 0)
    finally:
        writer.close()
