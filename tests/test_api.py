"""The read endpoints of ``tidings serve`` through FastAPI's test client, on a real DuckDB store ingested from
articles written for these tests and the seed article: every endpoint, its filters and its error codes.

The code, ingest, auth and server tests are in ``test_api_write.py``; the OpenAPI-driven ones in
``test_api_schema.py``.
"""

from __future__ import annotations

import csv
import io
import json

import duckdb

from tests.api_fixtures import TOKEN, make_client, one_line_error
from tests.conftest import run_cli
from tidings.export.gdelt import GDELT_COLUMNS

pytest_plugins = ["tests.api_fixtures"]  # the store, the coding service and the clients


def _all(client, **params) -> list[dict]:
    r = client.get("/api/events", params={"limit": 1000, **params})
    assert r.status_code == 200, r.text
    assert r.json()["next"] is None
    return r.json()["events"]


def test_health_counts_the_store(client, api_db):
    r = client.get("/api/health")
    assert r.status_code == 200
    con = duckdb.connect(str(api_db), read_only=True)
    articles, events = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)").fetchone()
    con.close()
    assert r.json() == {"status": "ok", "version": "0.1.0", "articles": articles, "events": events}
    assert articles == 6 and events > 10


def test_events_carry_evidence_and_article(client):
    events = _all(client)
    seoul = [e for e in events if e["article"]["title"] == "Talks in Seoul"]
    assert seoul and all(e["article"]["url"] == "https://example.test/a/1" for e in seoul)
    e = seoul[0]
    assert e["evidence"].startswith("SEOUL: South Korea and China agreed")
    assert e["article"]["id"] and e["date"] == "2026-01-10"
    start, end = e["spans"]["trigger"]
    assert start < end and e["trigger"]


def test_events_are_ordered_by_date_then_id_with_undated_last(client):
    events = _all(client)
    keys = [(e["date"] is None, e["date"] or "", e["event_id"]) for e in events]
    assert keys == sorted(keys)
    assert events[-1]["date"] is None and events[0]["date"] is not None  # the undated article's events come last
    desc = _all(client, order="desc")
    dated = [e["event_id"] for e in events if e["date"]]
    assert [e["event_id"] for e in desc if e["date"]] == dated[::-1]
    assert desc[-1]["date"] is None


def test_cursor_walks_every_event_once_in_both_orders(client):
    for order in ("asc", "desc"):
        full = [e["event_id"] for e in _all(client, order=order)]
        seen, cursor, pages = [], None, 0
        while True:
            params = {"limit": 3, "order": order, **({"cursor": cursor} if cursor else {})}
            page = client.get("/api/events", params=params).json()
            seen += [e["event_id"] for e in page["events"]]
            pages += 1
            cursor = page["next"]
            if cursor is None:
                break
        assert seen == full and pages == -(-len(full) // 3)


def test_cursor_keeps_its_filters_page(client):
    full = [e["event_id"] for e in _all(client, source="KOR")]
    first = client.get("/api/events", params={"source": "KOR", "limit": 1}).json()
    rest = client.get("/api/events", params={"source": "KOR", "limit": 1000, "cursor": first["next"]}).json()
    assert [e["event_id"] for e in first["events"] + rest["events"]] == full


def test_each_filter_narrows_to_what_it_names(client):
    everything = _all(client)
    checks = {
        "source": ("CHN", lambda e: (e["source"] or {}).get("country") == "CHN"),
        "target": ("KOR", lambda e: (e["target"] or {}).get("country") == "KOR"),
        "actor": ("KOR", lambda e: "KOR" in ((e["source"] or {}).get("country"), (e["target"] or {}).get("country"))),
        "root": ("19", lambda e: e["cameo_root"] == "19"),
        "cameo": ("03", lambda e: e["cameo"].startswith("03")),
        "plover": ("accuse", lambda e: e["plover"] == "ACCUSE"),
        "quad": (4, lambda e: e["quad_class"] == 4),
        "modality": ("negated", lambda e: e["modality"] == "negated"),
        "from": ("2026-02-01", lambda e: e["date"] is not None and e["date"] >= "2026-02-01"),
        "to": ("2026-01-31", lambda e: e["date"] is not None and e["date"] <= "2026-01-31"),
    }
    for name, (value, holds) in checks.items():
        got = _all(client, **{name: value})
        expected = [e["event_id"] for e in everything if holds(e)]
        assert got and [e["event_id"] for e in got] == expected, name
        assert len(got) < len(everything), name


def test_actor_filter_takes_names_and_kb_ids(client):
    by_name = _all(client, source="Zelensky")
    assert by_name and all(e["source"]["kb_id"] == by_name[0]["source"]["kb_id"] for e in by_name)
    assert [e["event_id"] for e in _all(client, source=by_name[0]["source"]["kb_id"])] == \
        [e["event_id"] for e in by_name]


def test_q_searches_evidence_words_in_any_case(client):
    got = _all(client, q="TEAR gas")
    assert got and all("tear gas" in e["evidence"].lower() for e in got)
    assert _all(client, q="gas tear")  # every word, in any order
    assert _all(client, q="tear zeppelin") == []
    assert _all(client, q="100%") == []  # no LIKE wildcards: % is a character like any other


def test_filters_are_values_not_sql(client):
    assert _all(client, source="CHN' OR 1=1 --") == []
    assert _all(client, q="') OR TRUE; DROP TABLE events; --") == []
    assert client.get("/api/health").json()["events"] > 10


def test_bad_event_parameters_are_422_with_one_line(client):
    cases = [
        ({"limit": 0}, "limit"), ({"limit": 1001}, "limit"), ({"from": "2026-13-01"}, "bad from"),
        ({"to": "yesterday"}, "bad to"), ({"quad": 5}, "quad"), ({"root": "1"}, "root"),
        ({"modality": "maybe"}, "modality"), ({"cursor": "not-a-cursor"}, "bad cursor"),
        ({"from": "2026-03-01", "to": "2026-01-01"}, "from is after to"), ({"order": "sideways"}, "order"),
    ]
    for params, word in cases:
        one_line_error(client.get("/api/events", params=params), 422, word)
    asc = client.get("/api/events", params={"limit": 1}).json()["next"]
    one_line_error(client.get("/api/events", params={"cursor": asc, "order": "desc"}), 422, "other order")


def test_article_has_text_and_everything_with_spans(client, seed_text):
    seed = next(e for e in _all(client) if e["article"]["title"] == "Seed")
    r = client.get(f"/api/articles/{seed['article']['id']}")
    assert r.status_code == 200
    d = r.json()
    text = d["text"]
    assert text == seed_text.replace("\r\n", "\n")
    assert d["article"]["date"] == "2026-01-02" and d["article"]["title"] == "Seed"
    assert d["events"] and d["quotes"] and d["amounts"] and d["actors"]
    assert {e["event_id"] for e in d["events"]} >= {seed["event_id"]}
    for e in d["events"]:
        s, t = e["spans"]["source"], e["spans"]["trigger"]
        assert text[s[0]:s[1]] == e["source"]["text"] and e["trigger"].split()[0] in text[t[0]:t[1]]
    for a in d["actors"]:
        assert text[a["span"][0]:a["span"][1]] == a["text"]
    for q in d["quotes"]:
        assert q["text"] in text[q["span"][0]:q["span"][1]]
    for m in d["amounts"]:
        assert m["text"] in text[m["span"][0]:m["span"][1]]
    assert "tone" in d["context"] and "locations" in d["context"]


def test_unknown_article_is_404(client):
    one_line_error(client.get("/api/articles/0000000000000000"), 404, "no article")


def test_relations_is_the_series_of_tidings_relations(client, api_db):
    for by in ("month", "week"):
        r = client.get("/api/relations", params={"a": "chn", "b": "KOR", "by": by, "modality": "all"})
        assert r.status_code == 200, r.text
        cli = run_cli("relations", "CHN", "KOR", "--db", str(api_db), "--by", by, "--modality", "all", "-f", "json")
        assert cli.returncode == 0, cli.stderr.decode()
        assert r.json()["series"] == json.loads(cli.stdout) and r.json()["series"]
    combined = [row for row in r.json()["series"] if row["direction"] == "CHN<->KOR"]
    assert sum(row["events"] for row in combined) >= 3


def test_relations_by_year_and_bad_requests(client):
    r = client.get("/api/relations", params={"a": "CHN", "b": "KOR", "by": "year"})
    assert r.status_code == 200
    assert {row["period"] for row in r.json()["series"]} == {"2026-01-01"}
    one_line_error(client.get("/api/relations", params={"a": "CHN", "b": "chn"}), 422, "two different")
    one_line_error(client.get("/api/relations", params={"a": "CHINA", "b": "KOR"}), 422, "a")
    one_line_error(client.get("/api/relations", params={"a": "CHN", "b": "KOR", "by": "decade"}), 422, "by")
    one_line_error(client.get("/api/relations", params={"a": "CHN"}), 422, "b")


def test_export_streams_each_format_with_filters(client, api_db):
    everything = _all(client)
    chn = [e for e in everything if (e["source"] or {}).get("country") == "CHN"]
    r = client.get("/api/export", params={"format": "gdelt", "source": "CHN"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated-values")
    rows = [line.split("\t") for line in r.text.splitlines()]
    assert len(rows) == len(chn) and all(len(row) == len(GDELT_COLUMNS) for row in rows)
    assert {row[GDELT_COLUMNS.index("Actor1CountryCode")] for row in rows} == {"CHN"}
    r = client.get("/api/export", params={"format": "csv", "quad": 4})
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-type"].startswith("text/csv")
    assert [t["event_id"] for t in table] == [e["event_id"] for e in everything if e["quad_class"] == 4]
    r = client.get("/api/export", params={"format": "plover", "from": "2026-02-01"})
    records = r.json()
    assert records and all(x["date"] >= "2026-02-01" for x in records)
    one_line_error(client.get("/api/export", params={"format": "xml"}), 422, "format")


def test_unfiltered_export_is_the_file_tidings_export_writes(client, api_db, tmp_path):
    out = tmp_path / "all.tsv"
    cli = run_cli("export", "--format", "gdelt", "-o", str(out), "--db", str(api_db))
    assert cli.returncode == 0, cli.stderr.decode()
    assert client.get("/api/export", params={"format": "gdelt"}).content == out.read_bytes()


def test_reads_need_a_token_off_loopback(api_db, service):
    with make_client(api_db, service, host="0.0.0.0") as remote:
        one_line_error(remote.get("/api/events"), 401, "token")
        one_line_error(remote.get("/api/health", headers={"Authorization": "Bearer wrong-token-000000000"}),
                        401, "unknown token")
        ok = remote.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["events"]
    with make_client(api_db, service) as local:
        assert local.get("/api/events").status_code == 200


def test_docs_need_no_internet(client):
    """/docs is Swagger UI from the package's own files: every script, style and icon it names is on this server."""
    import re

    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(u.startswith("/api/static/swagger-ui/") for u in urls), urls
    assert '"validatorUrl": null' in page.text
    for u in urls:
        r = client.get(u)
        assert r.status_code == 200 and len(r.content) > 500, u
    assert client.get("/redoc").status_code == 404  # ReDoc's page would load its script from a CDN


def test_router_errors_are_one_line_json_too(client):
    one_line_error(client.get("/api/nothing"), 404, "Not Found")
    one_line_error(client.delete("/api/events"), 405, "Method Not Allowed")
    export = client.get("/openapi.json").json()["paths"]["/api/export"]["get"]
    assert {p["name"] for p in export["parameters"]} >= {"format", "source", "q"}
    assert not {p["name"] for p in export["parameters"]} & {"limit", "cursor", "order"}


def test_the_dashboard_table_pages_the_apis_records_in_any_order(api_db):
    """The dashboard's sortable table (``web.table``) pages the very records of /api/events (one SELECT,
    ``analytics.browse.event_records``): in the API's date order its pages join into the API's list, and in
    another order into the same records, sorted, with missing values last."""
    from tidings.analytics.browse import EventQuery, events_page
    from tidings.web.table import TableQuery, event_page

    con = duckdb.connect(str(api_db), read_only=True)
    api, _ = events_page(con, EventQuery(limit=1000, descending=True))
    by_date, total = [], 0
    for page in range(1, 100):
        rows, total = event_page(con, TableQuery(sort="date", desc=True, page=page, limit=5))
        if not rows:
            break
        by_date += rows
    by_goldstein, _ = event_page(con, TableQuery(sort="goldstein", desc=False, limit=500))
    con.close()
    assert by_date == api and total == len(api) > 10 and any(r["target"] is None for r in api)
    key = [(r["goldstein"] is None, r["goldstein"] or 0, r["event_id"]) for r in by_goldstein]
    assert key == sorted(key) and sorted(by_goldstein, key=lambda r: r["event_id"]) == \
        sorted(api, key=lambda r: r["event_id"])
