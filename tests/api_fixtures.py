"""What the API tests share: a real DuckDB store ingested from articles written for these tests plus the seed
article, and apps built on it with the session's one pipeline (``conftest.pipe``)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx
import pytest

from tidings.api.app import create_app
from tidings.api.coder import CodeService
from tidings.api.settings import Settings
from tidings.jobs.ingest import IngestOptions, ingest
from tidings.pipeline import Pipeline

TOKEN = "test-token-4f9a0c1d2e3b5a6978"

ARTICLES = [
    {"id": "t-1", "date": "2026-01-10", "title": "Talks in Seoul", "url": "https://example.test/a/1",
     "source": "Example Wire",
     "text": "SEOUL: South Korea and China agreed on Saturday to resume regular talks on trade.\n\n"
             "The South Korean foreign minister met the Chinese ambassador in Seoul and praised the new plan.\n\n"
             "China will send a delegation to Busan next month, officials said."},
    {"id": "t-2", "date": "2026-02-03", "title": "Border clash", "url": "https://example.test/a/2",
     "source": "Example Wire",
     "text": "Indian troops fired on Pakistani soldiers near the border on Monday, the army said.\n\n"
             "Pakistan condemned the attack and summoned the Indian envoy.\n\n"
             "The United Nations urged both countries to show restraint."},
    {"id": "t-3", "date": "2026-02-20", "title": "Protest in Nairobi", "url": "https://example.test/a/3",
     "source": "Daily Test",
     "text": "Thousands of protesters marched in Nairobi on Friday against new taxes.\n\n"
             "Kenyan police arrested dozens of demonstrators and fired tear gas.\n\n"
             "The opposition accused the government of silencing critics."},
    {"id": "t-4", "date": "2026-03-15", "title": "Aid pledge", "url": "https://example.test/a/4",
     "source": "Daily Test",
     "text": "Japan pledged 50 million dollars in humanitarian aid to Ukraine on Sunday.\n\n"
             "Ukrainian President Volodymyr Zelensky thanked Japan for its support.\n\n"
             "China did not criticize South Korea over the joint drills, a spokesman said."},
    {"id": "t-5", "title": "Undated trade note",
     "text": "Brazil and Argentina signed a trade agreement in Buenos Aires.\n\n"
             "Argentina praised Brazil for the deal."},
]


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory, pipe: Pipeline, seed_text: str) -> Path:
    """The store every read test queries: never written after this fixture."""
    folder = tmp_path_factory.mktemp("api-store")
    records = [*ARTICLES, {"id": "seed", "date": "2026-01-02", "title": "Seed", "text": seed_text}]
    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = folder / "api.duckdb"
    report = ingest([src], db, IngestOptions(), pipeline=pipe)
    assert report.added == len(records) and report.rejected == 0
    return db


@pytest.fixture(scope="session")
def service(pipe: Pipeline) -> CodeService:
    """One coding thread on the session's pipeline, shared by the apps (each app leaves it running)."""
    s = CodeService(Settings(), pipeline=pipe)
    s.start()
    yield s
    s.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_line_error(r: httpx.Response, status: int, *words: str) -> str:
    """The answer has ``status`` and a one-line JSON reason naming every word (no traceback); the reason."""
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
    for w in words:
        assert w in detail, detail
    return detail


@contextmanager
def serving(db: Path, *args: str, stderr: int | IO[bytes] = subprocess.DEVNULL) -> Iterator[str]:
    """``tidings serve --db DB ARGS`` as a real process on a free loopback port; yields its URL once
    /api/health answers 200, and stops the server afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("TIDINGS_DEBUG", "FORCE_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "tidings.cli", "serve", "--db", str(db), "--port", str(port),
                             "--no-access-log", *args], stdout=subprocess.DEVNULL, stderr=stderr,
                            env={**env, "PYTHONPATH": os.pathsep.join(sys.path)})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"tidings serve ended with exit {proc.returncode}"
            assert time.monotonic() < deadline, "tidings serve did not answer within 120 s"
            try:
                if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)


def make_client(db: Path, service: CodeService, **settings: object):
    from fastapi.testclient import TestClient

    app = create_app(Settings(db=db, tokens=frozenset({TOKEN}), **settings), service=service)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def client(api_db: Path, service: CodeService):
    with make_client(api_db, service) as c:
        yield c


@pytest.fixture()
def write_db(api_db: Path, tmp_path: Path) -> Path:
    """A copy of the store for a test that writes."""
    db = tmp_path / "write.duckdb"
    shutil.copy(api_db, db)
    return db
