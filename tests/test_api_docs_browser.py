"""/docs in a real browser (Playwright driving Debian's chromium) with every request to another host blocked: the
interactive docs draw every operation of the API with no console error, as they must with no internet."""

from __future__ import annotations

import os
import shutil

import httpx
import pytest

from tests.api_fixtures import serving

pytest_plugins = ["tests.api_fixtures"]  # the store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_docs_draw_every_operation_offline(api_db, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("no chromium (apt-get install -y chromium)")
    db = tmp_path / "docs.duckdb"
    shutil.copy(api_db, db)
    with serving(db) as url:
        operations = len([op for path in httpx.get(f"{url}/openapi.json").json()["paths"].values() for op in path])
        errors, foreign = [], []
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def route(r):
                if r.request.url.startswith(url):
                    r.continue_()
                else:
                    foreign.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(f"{url}/docs")
            page.wait_for_selector(".opblock", timeout=30_000)
            drawn = page.locator(".opblock").count()
            page.screenshot(path=str(tmp_path / "docs.png"), full_page=True)
            browser.close()
        assert drawn == operations == 8
        assert errors == [] and foreign == []
