"""POST /api/code, POST /api/ingest, the coding queue, body limits, tokens, the error handler, and ``tidings
serve`` as a real HTTP server: on the session's real pipeline and real DuckDB stores."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi import APIRouter

from tests.api_fixtures import TOKEN, make_client, one_line_error, serving
from tests.conftest import SEED, run_cli
from tidings.api.app import create_app
from tidings.api.coder import CodeService
from tidings.api.settings import Settings
from tidings.models import Article
from tidings.store.lock import LOCK_WAIT_ENV

AUTH = {"Authorization": f"Bearer {TOKEN}"}

pytest_plugins = ["tests.api_fixtures"]  # the store, the coding service and the clients


def test_code_is_exactly_tidings_code(client, seed_text):
    r = client.post("/api/code", json={"text": seed_text, "date": "2026-01-02"})
    assert r.status_code == 200, r.text
    cli = run_cli("code", str(SEED), "--date", "2026-01-02")
    assert cli.returncode == 0, cli.stderr.decode()
    assert r.json() == json.loads(cli.stdout)
    assert len(r.json()["events"]) > 3


def test_code_keeps_title_and_url(client):
    body = {"text": "Japan pledged aid to Ukraine on Sunday.", "date": "2026-03-15", "title": "T",
            "url": "https://example.test/x"}
    got = client.post("/api/code", json=body).json()
    assert got["article"]["title"] == "T" and got["article"]["url"] == "https://example.test/x"
    assert got["events"][0]["target"]["country"] == "UKR"


def test_code_rejects_with_the_clis_reasons(client):
    bad_date = one_line_error(client.post("/api/code", json={"text": "Kenya protested.", "date": "2026-02-30"}), 422)
    cli = run_cli("code", "-", "--date", "2026-02-30", stdin=b"Kenya protested.")
    assert cli.returncode == 2 and cli.stderr.decode().strip() == f"tidings: error: {bad_date}"
    one_line_error(client.post("/api/code", json={"text": " \n ", "date": "2026-01-02"}), 422, "text is empty")
    one_line_error(client.post("/api/code", json={"text": "a\x00b" * 10}), 422, "binary")
    one_line_error(client.post("/api/code", json={"date": "2026-01-02"}), 422, "text")
    one_line_error(client.post("/api/code", content=b"{not json", headers={"content-type": "application/json"}), 422)


def test_bodies_over_the_limit_are_413(api_db, service):
    with make_client(api_db, service, max_article_bytes=1_000, code_body_bytes=5_000) as small:
        one_line_error(small.post("/api/code", json={"text": "x " * 3_000}), 413, "5,000 bytes")
        one_line_error(small.post("/api/code", json={"text": "Kenya protested. " * 100}), 413, "at most")

        def chunks():  # no Content-Length: the server counts what arrives
            yield b'{"text": "'
            for _ in range(10):
                yield b"y" * 1_000
            yield b'"}'

        one_line_error(small.post("/api/code", content=chunks(), headers={"content-type": "application/json"}), 413)
        assert small.post("/api/code", json={"text": "Kenya protested."}).status_code == 200


def test_concurrent_requests_are_batched_and_each_gets_its_own_answer(pipe):
    svc = CodeService(Settings(batch_size=8), pipeline=pipe)
    gate = threading.Event()
    try:
        blocker = svc.call(lambda _: gate.wait(30))
        texts = [f"{c} condemned the attack on {d}." for c, d in
                 (("Kenya", "Uganda"), ("France", "Mali"), ("India", "Pakistan"), ("Japan", "China"))]
        futures = [svc.code(Article(text=t, date=None)) for t in texts]
        gate.set()
        got = [f.result(60) for f in futures]
        assert blocker.result(5) is True
    finally:
        gate.set()
        svc.stop()
    assert svc.batches == 1 and svc.coded == 4  # the four waited together and went through code_many at once
    assert got == [pipe.code(t).to_dict() for t in texts]


def test_full_queue_is_503_with_retry_after(api_db, pipe):
    svc = CodeService(Settings(queue_size=2), pipeline=pipe)
    gate = threading.Event()
    app = create_app(Settings(db=api_db, queue_size=2), service=svc)
    from fastapi.testclient import TestClient

    try:
        svc.call(lambda _: gate.wait(30))
        deadline = time.monotonic() + 10
        while svc.waiting and time.monotonic() < deadline:  # the worker has taken the blocker
            time.sleep(0.01)
        queued = [svc.code(Article(text="Kenya protested.")) for _ in range(2)]
        with TestClient(app) as c:
            r = c.post("/api/code", json={"text": "Kenya protested."})
            one_line_error(r, 503, "queue is full")
            assert int(r.headers["Retry-After"]) >= 1
        gate.set()
        assert all(f.result(60)["article"] for f in queued)
    finally:
        gate.set()
        svc.stop()


def test_ingest_needs_a_token(write_db, service):
    with make_client(write_db, service) as c:
        body = json.dumps({"text": "Kenya protested.", "date": "2026-01-02"})
        one_line_error(c.post("/api/ingest", content=body), 401, "token")
        one_line_error(c.post("/api/ingest", content=body, headers={"Authorization": "Bearer not-the-token-123456"}),
                  401, "unknown token")
        one_line_error(c.post("/api/ingest", content=body, headers={"Authorization": "Basic abc"}), 401)
        assert c.get("/api/health").json()["articles"] == 6


def test_ingest_json_lines_stores_articles_and_reports_rejects(write_db, service):
    lines = [
        json.dumps({"text": "Uganda condemned Kenya over the border closure.", "date": "2026-04-01",
                    "title": "Closure", "url": "https://example.test/b/1"}),
        json.dumps({"text": "", "date": "2026-04-01"}),
        "{broken",
        json.dumps({"text": "France praised Mali for the peace talks.", "date": "2026-04-31"}),
    ]
    with make_client(write_db, service) as c:
        before = c.get("/api/health").json()
        r = c.post("/api/ingest", content="\n".join(lines) + "\n", headers={**AUTH,
                                                                          "content-type": "application/x-ndjson"})
        assert r.status_code == 200, r.text
        got = r.json()
        assert got["added"] == 1 and got["rejected"] == 3 and got["mentions"] >= 1
        assert [x["where"] for x in got["rejects"]] == ["line 2", "line 3", "line 4"]
        assert all("body line" in x["reason"] and "tidings-api-" not in x["reason"] for x in got["rejects"])
        after = c.get("/api/health").json()
        assert after["articles"] == before["articles"] + 1 and after["events"] > before["events"]
        found = c.get("/api/events", params={"q": "border closure"}).json()["events"]
        assert found and found[0]["article"]["url"] == "https://example.test/b/1"
        assert c.get(f"/api/articles/{found[0]['article']['id']}").json()["article"]["title"] == "Closure"
        again = c.post("/api/ingest", content=lines[0], headers=AUTH).json()
        assert again["added"] == 0 and again["duplicates"] == 1


def test_ingest_json_array_and_default_date(write_db, service):
    arts = [{"text": "Chile praised Peru for the trade deal."}, {"text": "Peru thanked Chile for the deal."}]
    with make_client(write_db, service) as c:
        r = c.post("/api/ingest", params={"date": "2026-05-05"}, json=arts, headers=AUTH)
        assert r.status_code == 200 and r.json()["added"] == 2
        events = c.get("/api/events", params={"actor": "PER"}).json()["events"]
        assert events and {e["date"] for e in events} == {"2026-05-05"}
        one_line_error(c.post("/api/ingest", content=b"  ", headers=AUTH), 422, "empty")
        one_line_error(c.post("/api/ingest", params={"date": "May"}, json=arts, headers=AUTH), 422, "bad date")


def test_reads_during_an_ingest_see_the_last_commit(write_db, service):
    """An ingest through the API holds the store read-write; reads of the same process meanwhile answer."""
    many = "".join(json.dumps({"text": f"Kenya condemned Uganda over incident number {i}.",
                               "date": "2026-06-01"}) + "\n" for i in range(40))
    with make_client(write_db, service) as c:
        result = {}
        t = threading.Thread(target=lambda: result.update(r=c.post("/api/ingest", content=many, headers=AUTH)))
        t.start()
        counts = []
        while t.is_alive():
            r = c.get("/api/health")
            assert r.status_code == 200, r.text
            counts.append(r.json()["articles"])
            time.sleep(0.05)
        t.join()
        assert result["r"].status_code == 200 and result["r"].json()["added"] == 40
        assert counts == sorted(counts) and c.get("/api/health").json()["articles"] == 46


def test_actor_resolve_is_tidings_actor(client):
    phrases = ["the Japanese foreign minister", "Nigerian police"]
    cli = run_cli("actor", *phrases, "--date", "2026-01-02", "--json")
    assert cli.returncode == 0, cli.stderr.decode()
    expected = [json.loads(line) for line in cli.stdout.decode().splitlines()]
    got = [client.get("/api/actors/resolve", params={"text": p, "date": "2026-01-02"}).json() for p in phrases]
    assert got == expected and got[0]["country"] == "JPN"
    one_line_error(client.get("/api/actors/resolve", params={"text": "  "}), 422, "text is empty")
    one_line_error(client.get("/api/actors/resolve", params={"text": "x", "date": "soon"}), 422, "bad date")


def test_unexpected_errors_are_one_line_500_and_routers_plug_in(api_db, service, caplog):
    extra = APIRouter()

    @extra.get("/boom")
    def boom() -> dict:
        raise RuntimeError("secret internals\nline two")

    @extra.get("/hello")
    def hello() -> dict:
        return {"hello": "web"}

    from fastapi.testclient import TestClient

    app = create_app(Settings(db=api_db), routers=[extra], service=service)
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/hello").json() == {"hello": "web"}
        detail = one_line_error(c.get("/boom"), 500, "internal error", "RuntimeError")
        assert "secret" not in detail
    assert "secret internals" in caplog.text  # the server's log has it


def test_tidings_serve_answers_over_http(write_db, tmp_path):
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"# readers and writers\n{TOKEN}\n")
    with serving(write_db, "--token-file", str(tokens)) as url:
        r = httpx.get(f"{url}/api/health", timeout=30)
        assert r.status_code == 200 and r.json()["articles"] == 6
        assert httpx.get(f"{url}/openapi.json").json()["info"]["title"] == "tidings"
        assert httpx.post(f"{url}/api/ingest", content=b"{}").status_code == 401


def test_serve_refuses_what_it_cannot_do_safely(tmp_path):
    r = run_cli("serve", "--db", str(tmp_path / "x.duckdb"), "--host", "0.0.0.0")
    assert r.returncode == 2 and "--token-file" in r.stderr.decode()
    short = tmp_path / "short.txt"
    short.write_text("abc\n")
    r = run_cli("serve", "--token-file", str(short), cwd=tmp_path)
    assert r.returncode == 2 and "shorter than 16" in r.stderr.decode()
    r = run_cli("serve", "--token-file", str(tmp_path / "none.txt"), cwd=tmp_path)
    assert r.returncode == 2 and "no such token file" in r.stderr.decode()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        r = run_cli("serve", "--db", str(tmp_path / "x.duckdb"), "--port", str(taken.getsockname()[1]))
    assert r.returncode == 2 and "in use" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
    assert not (tmp_path / "x.duckdb").exists()


def test_serve_creates_a_missing_store(tmp_path):
    db = tmp_path / "new.duckdb"
    with serving(db) as url:
        assert httpx.get(f"{url}/api/health").json()["articles"] == 0 and Path(db).exists()
        assert httpx.get(f"{url}/api/events").json() == {"events": [], "next": None}


def test_many_clients_at_once_all_answer(client):
    def one(i: int) -> int:
        return client.get("/api/events", params={"limit": 5, "actor": ["CHN", "KOR", "IND"][i % 3]}).status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(one, range(40))) == {200}


def _hold_store(db: Path) -> subprocess.Popen:
    """Another process holding the store read-write, as ``tidings ingest`` does, until its stdin closes."""
    code = ("import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read(); "
            "c.close()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"held"
    return proc


def _can_write(db: Path) -> bool:
    code = "import sys, duckdb; duckdb.connect(sys.argv[1]).close()"
    return subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, timeout=60).returncode == 0


def test_reads_release_the_file_between_bursts_and_meet_a_writer_with_503(write_db, monkeypatch):
    from tidings.api.storeaccess import StoreAccess, StoreBusy

    monkeypatch.setenv(LOCK_WAIT_ENV, "1")  # a holder that never lets go: 503 after the read wait, 1 s here
    access = StoreAccess(write_db, linger=0.3)
    with access.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 6
        assert not _can_write(write_db)  # while a request reads, the file is held
    time.sleep(1.0)
    assert _can_write(write_db)  # after it, another process can take the file
    holder = _hold_store(write_db)
    try:
        try:
            with access.read():
                raise AssertionError("read a store another process is writing")
        except StoreBusy as exc:
            assert "being written by another process" in str(exc)
    finally:
        holder.communicate(b"", timeout=60)
    with access.read() as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 10
    access.close()


def test_a_store_held_by_an_ingest_is_503_with_retry_after(write_db, service, monkeypatch):
    monkeypatch.setenv(LOCK_WAIT_ENV, "1")  # as above: a real ingest lets go within 50 ms, this holder never
    holder = _hold_store(write_db)
    try:
        with make_client(write_db, service) as c:
            r = c.get("/api/events")
            one_line_error(r, 503, "try again")
            assert int(r.headers["Retry-After"]) > 0
    finally:
        holder.communicate(b"", timeout=60)
