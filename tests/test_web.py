"""Issue 17: the dashboard, driven in a real browser (Debian's chromium through Playwright) against a real server.

The server is ``tidings.web.app.build_app`` run by uvicorn on a free loopback port, over a DuckDB store ingested
here from the seed article and four articles written for this test. Every request the browser makes to another
host is blocked and recorded: the pages must work with no internet at all. Screenshots of every page at 1280 and
390 px go to ``tests/artifacts/web/``; with ``TIDINGS_UPDATE_SCREENSHOTS=1`` the 1280 px ones are also copied to
``docs/screenshots/`` for the README.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from tests.conftest import ROOT, SEED
from tidings.api.coder import CodeService
from tidings.api.settings import Settings
from tidings.jobs.ingest import ingest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts" / "web"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
WIDTHS = (1280, 390)

# Four short articles written for this test: a second CHN-KOR date (so the dyad has two points), a conflict
# between them, and two other dyads with places, so the map, the overview and the actor view have something.
# One comes from a hostile feed: its URL is script, which must never become a link.
ARTICLES = [
    {"id": "t-summit", "date": "2026-01-05", "title": "Lee and Xi sign trade pact",
     "text": "SEOUL: South Korean President Lee Jae Myung met Chinese President Xi Jinping in Beijing on Monday. "
             "The two leaders signed an agreement on trade and pledged to expand flights between the countries."},
    {"id": "t-protest", "date": "2026-01-20", "title": "Beijing protests Seoul drills",
     "text": "BEIJING: China accused South Korea on Tuesday of raising tensions with its naval drills. "
             "The Chinese foreign ministry summoned the South Korean ambassador in Beijing."},
    {"id": "t-kenya", "date": "2026-02-03", "title": "Kenya and Somalia talks",
     "text": "NAIROBI: Kenyan President William Ruto hosted Somali President Hassan Sheikh Mohamud in Nairobi on "
             "Tuesday. Kenya promised to send aid to Somalia after the floods."},
    {"id": "t-tokyo", "date": "2026-02-10", "title": "Tokyo talks", "url": "javascript:alert(document.domain)",
     "text": "TOKYO: Japanese Prime Minister Sanae Takaichi met US Secretary of State Marco Rubio in Tokyo on "
             "Friday. Japan criticized North Korea for its missile launches."},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(pipe, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web")
    feed = root / "news.jsonl"
    records = [{"id": "seed", "date": "2026-01-02", "title": "Xi to host Lee", "text": SEED.read_text("utf-8")},
               *ARTICLES]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = root / "web.duckdb"
    report = ingest([feed], db, pipeline=pipe)
    assert report.added == 5, report.rejects
    return db


@contextmanager
def running(settings: Settings, pipe) -> Iterator[str]:
    """uvicorn serving the dashboard and the API for ``settings`` on its loopback port, in a thread of this
    process (``settings.host`` only decides whether reads need a token)."""
    import uvicorn

    from tidings.web.app import build_app

    service = CodeService(settings, pipeline=pipe)
    app = build_app(settings, service=service)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=settings.port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        srv.should_exit = True
        thread.join(10)
        service.stop()


@pytest.fixture(scope="module")
def server(store, pipe):
    """The dashboard and the API on a free loopback port."""
    with running(Settings(db=store, port=free_port()), pipe) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's chromium at /usr/bin/chromium: apt-get install -y chromium "
                    "(.ci/run installs it)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """A page's console errors, uncaught exceptions and requests to other hosts (blocked)."""

    def __init__(self, browser, base: str, width: int) -> None:
        self.errors: list[str] = []
        self.blocked: list[str] = []
        host = urlsplit(base).netloc
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == host
                           else (self.blocked.append(route.request.url), route.abort())[1])
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.base = base

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        self.page.wait_for_load_state("networkidle")

    def clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser, server):
    opened: list[Watch] = []

    def make(width: int = 1280) -> Watch:
        w = Watch(browser, server, width)
        opened.append(w)
        return w

    yield make
    for w in opened:
        w.close()


def small_copy(shot: Path, out: Path) -> None:
    """The README's copy: at most 1400 px tall, in a 128-colour palette (a third of the bytes, same look)."""
    from PIL import Image

    out.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(shot) as img:
        img = img.convert("RGB").crop((0, 0, img.width, min(img.height, 1400)))
        img.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)


def seed_id(store: Path) -> str:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT article_id FROM articles WHERE doc_id = 'seed'").fetchone()[0]


def test_every_page_loads_clean_at_both_widths(watch, store):
    """No console error, no request off the server, the page's heading, no sideways scroll at 390 px, and a
    screenshot of each page."""
    pages = {"overview": "/", "events": "/events", "article": f"/articles/{seed_id(store)}", "paste": "/article",
             "dyad": "/dyad?a=CHN&b=KOR", "map": "/map", "actor": "/actor?id=CHN"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        w = watch(width)
        for name, path in pages.items():
            w.open(path)
            if name in ("overview", "dyad", "map", "actor"):  # the chart drew (ECharts renders SVG here)
                w.page.wait_for_selector(".chart svg path", state="attached", timeout=10_000)
            assert w.page.locator("h1").count() == 1
            overflow = w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
            shot = ARTIFACTS / f"{name}-{width}.png"
            w.page.screenshot(path=str(shot), full_page=width == 1280 or name != "events")
            if width == 1280 and os.environ.get("TIDINGS_UPDATE_SCREENSHOTS") == "1":
                small_copy(shot, DOCS_SHOTS / shot.name.replace("-1280", ""))
        w.clean()


def test_keyboard_reaches_content_with_a_visible_focus(watch):
    w = watch()
    w.open("/events")
    w.page.keyboard.press("Tab")
    assert w.page.evaluate("document.activeElement.className") == "skip"
    outline = w.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    w.page.keyboard.press("Enter")
    assert w.page.evaluate("document.activeElement.id") == "main"
    w.page.keyboard.press("Tab")  # into the filter form: a real, labelled field
    assert w.page.evaluate("document.activeElement.labels[0].textContent.trim().startsWith('Source')")
    w.clean()


def test_events_table_fills_filters_sorts_and_opens_evidence(watch):
    w = watch()
    w.open("/events")
    rows = w.page.locator("table.events tbody tr")
    everything = rows.count()
    assert everything >= 10
    w.page.get_by_label("Source", exact=True).fill("KOR")
    w.page.get_by_role("button", name="Filter").click()
    w.page.wait_for_url("**/events?*source=KOR*")
    korean = rows.count()
    assert 0 < korean < everything
    sources = w.page.locator("table.events tbody td[data-label=Source] .code").all_inner_texts()
    assert sources and all(s.startswith("KOR") for s in sources), sources
    # sort by Goldstein, highest first
    w.page.get_by_role("link", name="Goldstein").click()
    w.page.wait_for_url("**sort=goldstein*")
    scores = [float(t) for t in w.page.locator("td[data-label=Goldstein]").all_inner_texts() if t.strip()]
    assert scores == sorted(scores, reverse=True) and len(scores) == korean
    # a row opens its evidence, which names the source actor's text
    first = w.page.locator("table.events tbody tr").first
    first.locator("summary").click()
    evidence = first.locator("blockquote.evidence")
    assert evidence.is_visible() and len(evidence.inner_text()) > 20
    w.clean()


def test_article_view_highlights_the_seed_article_at_its_spans(watch, store):
    aid = seed_id(store)
    with duckdb.connect(str(store), read_only=True) as con:
        text = con.execute("SELECT text FROM articles WHERE article_id = ?", [aid]).fetchone()[0]
        actors = con.execute("SELECT start_char, end_char FROM actors WHERE article_id = ?", [aid]).fetchall()
        source = con.execute("SELECT source_start, source_end FROM mentions WHERE article_id = ? AND "
                             "source_kb_id = 'person:xi-jinping' ORDER BY idx LIMIT 1", [aid]).fetchone()
    w = watch()
    w.open(f"/articles/{aid}")
    marks = w.page.eval_on_selector_all(
        "#article-text mark", "ms => ms.map(m => [m.className, +m.dataset.start, +m.dataset.end, m.textContent])")
    assert marks
    for cls, start, end, shown in marks:  # every highlight is exactly its span of the article
        assert shown == text[start:end], (cls, start, end, shown)
    actor_marks = {(s, e) for cls, s, e, _ in marks if "hl-actor" in cls}
    assert actor_marks == {(s, e) for s, e in actors}  # every actor mention, none lost to an overlap
    xi = w.page.locator(f'#article-text mark.hl-actor[data-start="{source[0]}"][data-end="{source[1]}"]')
    assert xi.inner_text() == text[source[0]:source[1]]
    assert "Xi Jinping" in xi.inner_text()
    kinds = {cls.split("hl-")[1] for cls, *_ in marks}
    assert {"actor", "trigger", "quote", "amount", "place"} <= kinds
    # the legend hides a kind: a trigger's highlight goes, its text stays
    trigger = w.page.locator("#article-text mark.hl-trigger").first
    before = trigger.evaluate("m => getComputedStyle(m).backgroundColor")
    w.page.get_by_label("Triggers").uncheck()
    assert trigger.evaluate("m => getComputedStyle(m).backgroundColor") != before
    coded = w.page.locator("#coded-events li")
    assert coded.count() == len([m for m in marks if "hl-trigger" in m[0]]) or coded.count() > 5
    w.clean()


def test_dyad_chart_draws_for_chn_kor_and_lists_the_events_behind_a_point(watch):
    w = watch()
    w.open("/dyad?a=CHN&b=KOR")
    chart = w.page.locator("#chart-dyad svg")
    chart.wait_for()
    data = json.loads(w.page.locator("#data-dyad").text_content())
    periods = data["series"]["periods"]
    assert len(periods) >= 2  # the seed's days and this test's later articles
    both = data["series"]["directions"]["CHN<->KOR"]
    assert sum(both["events"]) >= 3
    assert w.page.locator("#chart-dyad svg path").count() > 20  # axes, bars, lines drawn
    assert "cooperation" in chart.text_content() and "conflict" in chart.text_content()
    # the events behind one period: the first with events, from the table under the chart (keyboard path)
    w.page.locator("details.datatable summary").click()
    first = next(i for i, n in enumerate(both["events"]) if n)
    w.page.locator(f'button.drill[data-index="{first}"]').click()
    listed = w.page.locator("#drill table.events tbody tr")
    listed.first.wait_for()
    assert listed.count() == both["events"][first]
    sides = w.page.locator("#drill td[data-label=Source] .code, #drill td[data-label=Target] .code").all_inner_texts()
    assert {s.split()[0] for s in sides} == {"CHN", "KOR"}
    # ... and with the mouse, on the chart itself: the last bar with events
    last = max(i for i, n in enumerate(both["events"]) if n)
    value = (both["cooperation"][last] or both["conflict"][last]) / 2
    series = 0 if both["cooperation"][last] else 1
    x, y = w.page.evaluate(
        "([s, i, v]) => echarts.getInstanceByDom(document.getElementById('chart-dyad'))"
        ".convertToPixel({seriesIndex: s}, [i, v])", [series, last, value])
    w.page.locator("#chart-dyad").scroll_into_view_if_needed()
    box = w.page.locator("#chart-dyad").bounding_box()
    w.page.mouse.click(box["x"] + x, box["y"] + y)
    w.page.wait_for_selector(f'#drill[data-period="{periods[last]}"]')
    listed.first.wait_for()
    assert listed.count() == both["events"][last]
    w.clean()


def test_map_and_actor_pages_draw(watch):
    w = watch()
    w.open("/map")
    w.page.wait_for_selector("#chart-map svg path", state="attached")
    points = json.loads(w.page.locator("#data-map").text_content())
    assert {"Beijing", "Nairobi", "Tokyo"} <= {p["name"] for p in points}
    assert w.page.locator("#chart-map svg path").count() > 150  # ~170 country outlines plus the points
    w.open("/actor?id=KOR")
    assert w.page.locator("h1").inner_text().startswith("South Korea")
    partners = w.page.locator("section[aria-labelledby=h-partners] tbody tr td:first-child").all_inner_texts()
    assert "CHN" in partners
    w.page.wait_for_selector("#chart-network svg text", state="attached")
    w.clean()


def test_paste_box_codes_the_seed_article(watch, seed):
    w = watch()
    w.open("/article")
    text = SEED.read_text("utf-8")
    w.page.get_by_label("Article text").fill(text)
    w.page.get_by_label("Date").fill("2026-01-02")
    w.page.get_by_role("button", name="Code it").click()
    w.page.wait_for_function("document.getElementById('paste-status').textContent.startsWith('Coded')",
                             timeout=60_000)
    assert w.page.locator("#coded-events li").count() == len(seed.events)
    first = seed.to_dict()["events"][0]
    start, end = first["spans"]["source"]
    mark = w.page.locator(f'#article-text mark.hl-actor[data-start="{start}"][data-end="{end}"]')
    assert mark.inner_text() == text[start:end]
    # an event's button takes the reader to its trigger in the text
    w.page.locator("#coded-events button").first.click()
    assert w.page.evaluate("document.activeElement.classList.contains('hl-trigger')")
    w.clean()


def test_pages_follow_the_api_token_rule_and_never_link_script(store, pipe):
    """Beyond loopback a page needs a token (header, or the cookie /login sets); static files stay open for the
    login page. A stored article's ``javascript:`` URL is shown nowhere as a link; a bad dyad code is a 422."""
    from fastapi.testclient import TestClient

    from tidings.web.app import COOKIE, build_app

    with duckdb.connect(str(store), read_only=True) as con:  # the hostile URL was stored as it came
        assert con.execute("SELECT count(*) FROM articles WHERE url LIKE 'javascript:%'").fetchone()[0] == 1
    token = "a-long-test-token-0123456789"
    settings = Settings(db=store, host="0.0.0.0", tokens=frozenset({token}))
    service = CodeService(settings, pipeline=pipe)
    with TestClient(build_app(settings, service=service), base_url="http://testserver") as client:
        r = client.get("/events?plover=CONSULT", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/events%3Fplover%3DCONSULT"
        assert client.get("/static/app.css").status_code == 200
        assert client.get("/login").status_code == 200
        bad = client.post("/login", content="token=wrong&next=/events", follow_redirects=False,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert bad.status_code == 401 and "unknown token" in bad.text and COOKIE not in bad.cookies
        away = client.post("/login", content=f"token={token}&next=//evil.example/", follow_redirects=False,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert away.status_code == 303 and away.headers["location"] == "/"  # never off this site
        page = client.get("/events?actor=JPN")  # the cookie from the login above
        assert page.status_code == 200 and "Tokyo talks" in page.text
        assert "javascript:" not in page.text
        # the cookie opens the API's reads and POST /api/code (the paste box), never a write
        assert client.get("/api/events", params={"actor": "JPN"}).json()["events"]
        coded = client.post("/api/code", json={"text": "Japan criticized North Korea on Friday.", "date": "2026-02-10"})
        assert coded.status_code == 200 and coded.json()["events"], coded.text
        refused = client.post("/api/ingest", content=b'{"text": "Japan praised Kenya.", "date": "2026-02-11"}\n')
        assert refused.status_code == 401 and "Authorization: Bearer" in refused.json()["detail"], refused.text
        assert client.get("/dyad?a=CHN&b=%3Cb%3E").status_code == 422
    service.stop()
    with TestClient(build_app(settings, service=service)) as client:
        assert client.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get("/", follow_redirects=False).status_code == 303
        assert client.post("/api/code", json={"text": "Japan criticized North Korea.", "date": "2026-02-10"}
                           ).status_code == 401  # no cookie, no header: the paste box's call is refused


def test_pages_without_a_store_say_why_and_with_an_empty_one_work(tmp_path, pipe):
    from fastapi.testclient import TestClient

    from tidings.store import Store
    from tidings.web.app import build_app

    paths = ("/", "/events", "/articles/nothing", "/dyad", "/map", "/actor")
    settings = Settings(db=tmp_path / "missing.duckdb")
    with TestClient(build_app(settings, service=CodeService(settings, pipeline=pipe))) as client:
        for path in paths:
            r = client.get(path)
            assert r.status_code == 503 and "no store yet" in r.text and "Traceback" not in r.text, path
    Store(tmp_path / "empty.duckdb").close()
    settings = Settings(db=tmp_path / "empty.duckdb")
    with TestClient(build_app(settings, service=CodeService(settings, pipeline=pipe))) as client:
        for path in paths:
            r = client.get(path)
            assert r.status_code == (404 if "articles" in path else 200) and 'class="error"' not in r.text or \
                "articles" in path, path
        assert "0</strong> events" in client.get("/").text


def test_after_login_on_a_remote_server_the_paste_box_codes_and_the_cookie_cannot_ingest(browser, store, pipe):
    """A server beyond loopback (reads need a token): sign in through the page, and the paste box's POST
    /api/code goes through on the login cookie; a script of the page POSTing to /api/ingest with that cookie
    is refused (writes take the Authorization header only) and the store is unchanged."""
    token = "another-long-test-token-987654321"
    settings = Settings(db=store, host="0.0.0.0", port=free_port(), tokens=frozenset({token}))
    with duckdb.connect(str(store), read_only=True) as con:
        before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    with running(settings, pipe) as url:
        w = Watch(browser, url, 1280)
        try:
            w.page.goto(url + "/article")
            w.page.wait_for_url("**/login?next=/article")
            w.page.get_by_label("Token").fill(token)
            w.page.get_by_role("button", name="Sign in").click()
            w.page.wait_for_url(url + "/article")
            w.page.get_by_label("Article text").fill("Japan criticized North Korea on Friday for its missile "
                                                     "launches. Kenya praised Somalia for the peace talks.")
            w.page.get_by_label("Date").fill("2026-02-10")
            w.page.get_by_role("button", name="Code it").click()
            w.page.wait_for_function("document.getElementById('paste-status').textContent.startsWith('Coded')",
                                     timeout=60_000)
            assert w.page.locator("#coded-events li").count() >= 1
            status = w.page.evaluate("""() => fetch('/api/ingest', {method: 'POST', body:
                '{"text": "Japan praised Kenya for its help.", "date": "2026-02-11"}\\n'}).then(r => r.status)""")
            assert status == 401
            w.errors = [e for e in w.errors if "401" not in e]  # the refused fetch, logged by the browser
            w.clean()
        finally:
            w.close()
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == before
