"""``tidings kb update --wikidata`` against a real local HTTP server answering with recorded SPARQL results.

The fixtures (``tests/fixtures/wikidata``) are JSON in the endpoint's result format; the server picks the answer by
the query's kind and OFFSET, so the command's paging, retries and writing run as they would against Wikidata.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli
from tidings.actors.kb import build_kb_from
from tidings.datafiles.read import data_dir
from tidings.jobs.wikidata import Client, WikidataError

EMPTY = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()


class Endpoint:
    """A SPARQL endpoint on localhost serving the recorded answers; ``fail`` answers that many requests with a 503
    first (``status`` to answer with another code), and ``seen`` keeps each request's kind, offset and headers."""

    def __init__(self) -> None:
        self.fail = 0
        self.status = 503
        self.seen: list[tuple[str, int, str]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                query = urllib.parse.parse_qs(body)["query"][0]
                kind = re.search(r"# tidings:(\w+)", query).group(1)
                offset = int(re.search(r"OFFSET (\d+)", query).group(1))
                endpoint.seen.append((kind, offset, self.headers.get("User-Agent", "")))
                if endpoint.fail > 0:
                    endpoint.fail -= 1
                    self.send_response(endpoint.status)
                    self.send_header("Retry-After", "0")
                    self.end_headers()
                    return
                path = FIXTURES / "wikidata" / f"{kind}-{offset}.json"
                data = path.read_bytes() if path.exists() else EMPTY
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def endpoint() -> Iterator[Endpoint]:
    e = Endpoint()
    yield e
    e.server.shutdown()
    e.server.server_close()


def _update(endpoint: Endpoint, out: Path, *extra: str):
    return run_cli("kb", "update", "--wikidata", "--endpoint", endpoint.url, "--out", str(out), "--page-size", "2",
                   "--json", *extra)


def test_update_writes_dated_sourced_files_the_kb_loads(endpoint, tmp_path):
    out = tmp_path / "actors"
    out.mkdir()
    res = _update(endpoint, out)
    assert res.returncode == 0, res.stderr.decode()
    report = json.loads(res.stdout)
    # heads: pages at 0, 2 (one row: the last); ministers 0, 2, 4 (empty); parties 0, 2, 4; the rest one page each
    assert report["requests"] == 2 + 3 + 1 + 1 + 1 + 1 + 3 + 1
    assert sorted({(k, o) for k, o, _ in endpoint.seen if k == "heads"}) == [("heads", 0), ("heads", 2)]
    assert all(ua.startswith("tidings/") for _, _, ua in endpoint.seen)
    people = (out / "people" / "wikidata.yaml").read_text(encoding="utf-8")
    assert "wikidata: Q9545" in people and "source: wikidata:Q14211" in people and "Nobody Dated" not in people
    assert "John Smith" not in people  # a name two people share names nobody
    orgs = (out / "organisations_wikidata.yaml").read_text(encoding="utf-8")
    assert "New Frontier Party" in orgs and "Liberal Party" not in orgs and "Labour Party" not in orgs

    kb = build_kb_from(data_dir() / "actors", (out,))

    def facts(name: str, day: str) -> tuple[str | None, str | None]:
        (e,) = [e for e in kb.lookup(name) if e.kind in ("person", "org")][:1]
        return kb.facts(e, dt.date.fromisoformat(day))[:2]

    assert facts("Pedro Malan", "2000-06-01") == ("BRA", "GOV")
    assert facts("Pedro Malan", "2005-06-01") == ("BRA", "ELI")
    assert facts("Arminio Fraga", "2001-06-01") == ("BRA", "GOV")
    assert facts("Richard Myers", "2003-06-01") == ("USA", "MIL")
    assert facts("Nancy Pelosi", "2008-06-01") == ("USA", "LEG")
    assert facts("Iain Duncan Smith", "2002-06-01") == ("GBR", "PTY")
    assert facts("New Frontier Party", "1996-06-01") == ("JPN", "PTY")
    assert facts("New Frontier Party", "1999-06-01") == ("JPN", None)  # dissolved 1997-12-31
    assert facts("Central Bank of Brazil", "2010-06-01") == ("BRA", "GOV")
    # a curated person is merged, not doubled, and their curated role comes first
    blair = [e for e in kb.lookup("Tony Blair") if e.kind == "person"]
    assert [e.id for e in blair] == ["tony-blair"]
    assert kb.people["tony-blair"].roles[0].title == "prime minister"
    assert facts("Labour Party", "2010-06-01") == ("GBR", "PTY")


def test_update_retries_then_succeeds(endpoint, tmp_path):
    endpoint.fail = 2
    res = _update(endpoint, tmp_path, "--retries", "2")
    assert res.returncode == 0, res.stderr.decode()
    assert endpoint.seen[:3] == [("heads", 0, endpoint.seen[0][2])] * 3


def test_update_that_fails_writes_nothing(endpoint, tmp_path):
    (tmp_path / "people").mkdir()
    old = tmp_path / "people" / "wikidata.yaml"
    old.write_text("[]\n", encoding="utf-8")
    endpoint.fail = 100
    res = _update(endpoint, tmp_path, "--retries", "1")
    err = res.stderr.decode().strip()
    assert res.returncode == 1 and len(err.splitlines()) == 1 and "HTTP 503 after 2 tries" in err, err
    assert old.read_text(encoding="utf-8") == "[]\n"
    assert not (tmp_path / "organisations_wikidata.yaml").exists()


def test_a_refused_query_is_not_retried(endpoint):
    endpoint.fail, endpoint.status = 1, 400
    client = Client(endpoint.url, timeout=5, retries=3, sleep=lambda s: None)
    with pytest.raises(WikidataError, match="HTTP 400 after 1 try"):
        client.ask("# tidings:heads\nSELECT * WHERE {} LIMIT 1 OFFSET 0")
    assert len(endpoint.seen) == 1


def test_update_needs_a_source():
    res = run_cli("kb", "update")
    assert res.returncode == 2 and "--wikidata" in res.stderr.decode()


def test_update_that_cannot_write_says_so_in_one_line(endpoint, tmp_path):
    (tmp_path / "people").write_text("not a folder\n", encoding="utf-8")  # where people/wikidata.yaml would go
    res = _update(endpoint, tmp_path)
    err = res.stderr.decode().strip()
    assert res.returncode == 1 and len(err.splitlines()) == 1 and "cannot write" in err, err
    assert not (tmp_path / "organisations_wikidata.yaml").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind
