"""``tidings serve`` and ``tidings ingest`` on one store at once, as real processes (issues 17 and 18).

The server keeps a read connection open between requests; an ingest in another process needs the file back
for every batch. A real uvicorn server answers a steady loop of /api/events and /api/health while a real ingest
subprocess codes 160 short articles written for this test in batches of 4 (40 commits, each one a moment where
the server must step aside). Every request must answer 200, the ingest must exit 0 with its full count, and what
the API counts at the end must be what the store holds. Then the two ways of writing at once: POST /api/ingest
while the CLI ingests is a one-line 409, and the CLI while the server ingests is exit 1, both at once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.api_fixtures import TOKEN, one_line_error, serving
from tests.test_read_during_ingest import ARTICLES, write_corpus
from tidings.store.lock import ingest_running

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SERVER_RUN = 1000  # articles POSTed to the server: enough that its run is still going when the CLI starts


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TIDINGS_DEBUG", "FORCE_COLOR")}
    return {**env, "PYTHONPATH": os.pathsep.join(sys.path)}


def _cli(*args: str, **kw: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tidings.cli", *args], env=_env(), **kw)  # type: ignore[arg-type]


def _token_file(tmp: Path) -> str:
    tokens = tmp / "tokens.txt"
    tokens.write_text(TOKEN + "\n", encoding="utf-8")
    return str(tokens)


def test_the_server_answers_every_read_while_a_cli_ingest_commits_and_the_ingest_finishes(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    db = tmp_path / "live.duckdb"
    log = tmp_path / "ingest.err"
    with serving(db) as url:  # creates the empty store
        with log.open("wb") as err:
            ingest = _cli("ingest", str(corpus), "--db", str(db), "--batch-size", "4",
                          stdout=subprocess.PIPE, stderr=err)
        answers: dict[str, list[int]] = {"events": [], "health": []}
        articles_seen: list[int] = []
        failures: list[str] = []

        def keep_asking(what: str) -> None:
            with httpx.Client(base_url=url, timeout=120) as client:
                while ingest.poll() is None:
                    r = client.get("/api/events", params={"limit": 50}) if what == "events" else \
                        client.get("/api/health")
                    answers[what].append(r.status_code)
                    if r.status_code != 200:
                        failures.append(f"{what}: {r.status_code} {r.text}")
                    elif what == "health":
                        articles_seen.append(r.json()["articles"])

        askers = [threading.Thread(target=keep_asking, args=(w,)) for w in ("events", "events", "health")]
        for t in askers:
            t.start()
        started = time.monotonic()
        out, _ = ingest.communicate(timeout=600)
        took = time.monotonic() - started
        for t in askers:
            t.join(timeout=120)
        assert ingest.returncode == 0, log.read_text()
        assert not failures, failures[:5]
        assert len(answers["events"]) > 20 and len(answers["health"]) > 10, answers  # a steady stream, not a few
        assert articles_seen == sorted(articles_seen), articles_seen  # whole commits only, never going back
        assert any(0 < n < ARTICLES for n in articles_seen), (sorted(set(articles_seen)), took)  # read mid-way
        done = re.search(r"ingested (\d+) articles .* (\d+) rejected", out.decode())
        assert done and int(done[1]) == ARTICLES and int(done[2]) == 0, out.decode()
        assert took < 500, took  # generous: the ingest never sat out a 300 s wait for the file

        health = httpx.get(f"{url}/api/health", timeout=60).json()
        listed = httpx.get(f"{url}/api/events", params={"limit": 1000}, timeout=60).json()
        assert listed["next"] is None
    with duckdb.connect(str(db), read_only=True) as con:
        stored_articles, stored_events = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)").fetchone()
    assert health["articles"] == stored_articles == ARTICLES
    assert health["events"] == stored_events == len(listed["events"]) > 0


def _wait_for(cond, what: str, proc: subprocess.Popen | None = None, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        assert proc is None or proc.poll() is None, f"{what}: the process ended first"
        time.sleep(0.02)


def test_two_ingests_at_once_one_through_the_server_get_a_clear_answer_never_a_wait(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    db = tmp_path / "both.duckdb"
    with serving(db, "--token-file", _token_file(tmp_path)) as url:
        # the CLI first: the server's POST is 409 with one line, at once
        ingest = _cli("ingest", str(corpus), "--db", str(db), "--batch-size", "8", stdout=subprocess.DEVNULL,
                      stderr=subprocess.PIPE)
        _wait_for(lambda: ingest_running(db), "the CLI ingest to start", ingest)
        started = time.monotonic()
        r = httpx.post(f"{url}/api/ingest", params={"date": "2026-05-05"}, headers=AUTH, timeout=120,
                       json=[{"text": "Chile praised Peru on Monday for the new trade agreement."}])
        assert time.monotonic() - started < 20  # refused, not left waiting for the CLI's run to end
        one_line_error(r, 409, "run one ingest at a time")
        assert ingest.wait(timeout=600) == 0, ingest.stderr.read().decode()

        # the server first: the CLI's is exit 1 with its one line, at once, and the server's run completes
        more = "".join(json.dumps({"text": f"Kenya condemned Uganda on Friday over border incident {i}.",
                                   "date": "2026-06-01"}) + "\n" for i in range(SERVER_RUN))
        result: dict[str, httpx.Response] = {}
        post = threading.Thread(target=lambda: result.update(r=httpx.post(
            f"{url}/api/ingest", content=more.encode(), headers=AUTH, timeout=600)))
        post.start()
        _wait_for(lambda: ingest_running(db) or not post.is_alive(), "the server's ingest to start")
        assert post.is_alive(), result["r"].text  # still running: the CLI meets it
        second = tmp_path / "second.jsonl"
        second.write_text(json.dumps({"text": "Peru thanked Chile on Tuesday for the deal.", "date": "2026-06-02"})
                          + "\n", encoding="utf-8")
        started = time.monotonic()
        cli = subprocess.run([sys.executable, "-m", "tidings.cli", "ingest", str(second), "--db", str(db)],
                             env=_env(), capture_output=True, timeout=120)
        assert time.monotonic() - started < 60  # the CLI's own start-up included; no wait for the server's run
        err = cli.stderr.decode()
        assert cli.returncode == 1 and "run one ingest at a time" in err and len(err.strip().splitlines()) == 1, err
        # a CLI query meanwhile makes the server's run lend the file; the server's own reads (through the run's
        # connection, held open per request) keep answering
        statuses: list[int] = []

        def ask() -> None:
            with httpx.Client(base_url=url, timeout=120) as client:
                while post.is_alive():
                    statuses.append(client.get("/api/events", params={"limit": 20}).status_code)

        asker = threading.Thread(target=ask)
        asker.start()
        query = subprocess.run([sys.executable, "-m", "tidings.cli", "events", "--db", str(db), "--format", "json"],
                               env=_env(), capture_output=True, timeout=300)
        assert query.returncode == 0, query.stderr.decode()
        post.join(timeout=600)
        asker.join(timeout=120)
        assert statuses and set(statuses) == {200}, statuses
        assert result["r"].status_code == 200 and result["r"].json()["added"] == SERVER_RUN, result["r"].text
        health = httpx.get(f"{url}/api/health", timeout=60).json()
        assert health["articles"] == ARTICLES + SERVER_RUN


def test_the_probes_see_an_ingest_and_a_waiting_writer_and_a_probe_does_not_refuse_an_ingest(tmp_path):
    from tidings.store.lock import IngestRunning, connect, ingest_lock, writer_waiting

    db = tmp_path / "p.duckdb"
    duckdb.connect(str(db)).close()
    assert not ingest_running(db) and not writer_waiting(db)
    with ingest_lock(db, lend_to_thread=True):  # as the server's POST /api/ingest holds it ...
        assert ingest_running(db)
        with ingest_lock(db):  # ... for the run it starts in the same thread
            assert ingest_running(db)
    assert not ingest_running(db)
    with ingest_lock(db):  # a plain hold lends nothing: another run, even in this thread, is refused
        with pytest.raises(IngestRunning, match="run one ingest at a time"):
            with ingest_lock(db):
                pass

    # probes hammering the lock file do not make a starting ingest look like a second one
    stop = threading.Event()
    prober = threading.Thread(target=lambda: [ingest_running(db) for _ in iter(stop.is_set, True)])
    prober.start()
    try:
        for _ in range(200):
            with ingest_lock(db):
                pass
    finally:
        stop.set()
        prober.join()

    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"held"
    opened: list[object] = []
    writer = threading.Thread(target=lambda: opened.append(connect(db, read_only=False, wait=120)))
    writer.start()
    try:
        _wait_for(lambda: writer_waiting(db), "the writer to say it waits", timeout=60)
    finally:
        holder.communicate(b"", timeout=60)
    writer.join(timeout=120)
    assert opened and not writer_waiting(db)  # it got the file and stopped saying so
    opened[0].close()
