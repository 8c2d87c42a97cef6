"""Issue 4: ingest of mixed inputs into a real DuckDB file, idempotence, kill-and-resume, workers.

Inputs are written for these tests (tests/fixtures/ingest/news plus files made here: a WARC built with warcio,
bad JSON lines, a binary and a Latin-1 file). Helpers at the top are shared with test_store and test_export.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_cli
from tidings.jobs.ingest import IngestOptions, ingest
from tidings.models import Item, Reject
from tidings.readers.files import iter_records
from tidings.readers.records import ReadOptions, parse_when
from tidings.store import Store

NEWS = Path(__file__).parent / "fixtures" / "ingest" / "news"
GOOD_ARTICLES = 9  # txt 1, jsonl 3, html 1, rss 2, atom 1, warc 1
BAD_RECORDS = 8    # jsonl 5, binary 1, latin-1 1, warc image 1

GULF_PAGE = b"""<html><head><meta charset="utf-8"><title>Beijing thanks Tokyo | Gulf Post</title>
<meta property="og:site_name" content="Gulf Post">
<meta property="article:published_time" content="2026-03-05T10:00:00Z"></head>
<body><nav>Home | Asia | Markets</nav><article><h1>Beijing thanks Tokyo</h1>
<p>China praised Japan on Thursday for its support of the regional trade pact.</p>
<p>Trade ministers from both countries are due to meet again in the summer.</p></article>
<footer>Gulf Post 2026</footer></body></html>"""


def write_warc(path: Path) -> None:
    """A small crawl: one HTML article, one image (rejected: not HTML) and a request record (skipped)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in (("https://gulfpost.example/asia/beijing-thanks-tokyo", "text/html; charset=utf-8",
                                  GULF_PAGE),
                                 ("https://gulfpost.example/img/logo.png", "image/png",
                                  b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http))
        req = StatusAndHeaders("GET /asia/beijing-thanks-tokyo HTTP/1.1", [("Host", "gulfpost.example")],
                               is_http_request=True)
        writer.write_record(writer.create_warc_record("https://gulfpost.example/asia/beijing-thanks-tokyo",
                                                      "request", http_headers=req))


def make_news_folder(root: Path) -> Path:
    """The fixture articles plus the bad records every ingest must survive; returns the folder."""
    folder = root / "news"
    shutil.copytree(NEWS, folder)
    (folder / "crawl").mkdir()
    write_warc(folder / "crawl" / "gulfpost.warc.gz")
    with (folder / "wire.jsonl").open("ab") as fh:
        fh.write(b'{"date": "the day after tomorrow", "text": "Chile praised Peru."}\n')
        fh.write(b'{"date": "2026-03-03", "text": "   "}\n')
        fh.write(b'{"date": "2026-03-03", "text": "Chile praised\n')
        fh.write('{"date": "2026-03-03", "text": "Le pr\u00e9sident a re\u00e7u le ministre."}\n'.encode("latin-1"))
        fh.write(b'["not", "an", "object"]\n')
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Le ministre fran\u00e7ais a d\u00e9clar\u00e9 la guerre.".encode("latin-1"))
    return folder


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's content without what differs between runs by design (run ids, timestamps, paths)."""
    volatile = {"run_id", "ingested_at", "created_at", "path"}
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in ("articles", "evidence", "events", "mentions", "actors", "quotes", "amounts", "rejects"):
            cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] not in volatile]
            out[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()
    return out


def _by_path(records: list) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for r in records:
        if isinstance(r, Item):
            out.setdefault(Path(r.path).name, []).append(r)
    return out


def test_readers_read_every_format_and_reject_bad_records(tmp_path):
    folder = make_news_folder(tmp_path)
    records = list(iter_records([folder]))
    items = _by_path(records)
    rejects = [r for r in records if isinstance(r, Reject)]
    assert sum(len(v) for v in items.values()) == GOOD_ARTICLES

    (txt,) = items["kenya_ledger.txt"]
    assert txt.article.title == "Kenya expels two Somali diplomats" and txt.article.date == dt.date(2026, 3, 3)
    assert txt.article.source == "The Daily Ledger" and txt.article.url.startswith("https://ledger.example/")
    assert txt.article.text.startswith("Kenya expelled") and "---" not in txt.article.text

    wire = items["wire.jsonl"]
    assert [w.doc_id for w in wire] == ["hw-0301", "hw-0112", "hw-0206"]
    assert wire[2].article.date == dt.date(2026, 2, 6)  # from an ISO datetime with Z

    (page,) = items["courier.html"]
    assert "expelled by Kenya" in page.article.text
    assert not any(junk in page.article.text for junk in ("cookies", "Copyright", "Most read", "Sport"))
    assert page.article.date == dt.date(2026, 3, 3) and page.article.source == "Coastal Courier"

    rss = items["seoul_feed.rss"]
    assert [r.article.date for r in rss] == [dt.date(2026, 2, 20), dt.date(2026, 3, 10)]
    assert rss[0].article.source == "Peninsula Daily" and "<p>" not in rss[0].article.text
    assert rss[0].article.text.splitlines()[1].startswith("Seoul also praised")

    (atom,) = items["regional.atom"]
    assert atom.article.date == dt.date(2026, 3, 10) and atom.article.url == "https://eam.example/2026/03/10/expulsions"

    (warc,) = items["gulfpost.warc.gz"]
    assert warc.article.url == "https://gulfpost.example/asia/beijing-thanks-tokyo"
    assert warc.article.date == dt.date(2026, 3, 5) and warc.article.source == "Gulf Post"
    assert warc.article.text.startswith("China praised Japan") and "Markets" not in warc.article.text

    reasons = "\n".join(r.reason for r in rejects)
    assert len(rejects) == BAD_RECORDS, reasons
    for expected in ("unparseable date", "is empty", "not valid JSON", "not valid UTF-8", "not a JSON object",
                     "photo.jpg is a binary file", "latin1.txt is not valid UTF-8", "image/png, not HTML"):
        assert expected in reasons
    assert all("\n" not in r.reason for r in rejects)


def test_dates_and_defaults(tmp_path):
    assert parse_when("2026-03-03T23:59:00+05:00") == dt.date(2026, 3, 3)
    assert parse_when("Tue, 03 Mar 2026 10:00:00 GMT") == dt.date(2026, 3, 3)
    assert parse_when("3 March 2026") == dt.date(2026, 3, 3)
    assert parse_when(None) is None and parse_when("") is None
    for bad in ("Tuesday", "next week", "2026-13-45", "1066-10-14"):
        with pytest.raises(ValueError):
            parse_when(bad)
    f = tmp_path / "undated.jsonl"
    f.write_text(json.dumps({"text": "Chile praised Peru for its help."}) + "\n")
    (item,) = iter_records([f], ReadOptions(default_date=dt.date(2026, 1, 2)))
    assert item.article.date == dt.date(2026, 1, 2)
    (item,) = iter_records([f])
    assert item.article.date is None  # undated is stored, not rejected


def test_ingest_mixed_inputs_into_duckdb(pipe, tmp_path):
    folder = make_news_folder(tmp_path)
    db = tmp_path / "mixed.duckdb"
    report = ingest([folder], db, IngestOptions(batch_size=4), pipeline=pipe)
    assert (report.added, report.rejected, report.duplicates) == (GOOD_ARTICLES, BAD_RECORDS, 0)
    with Store(db, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == GOOD_ARTICLES and counts["rejects"] == BAD_RECORDS
        assert counts["events"] > 0 and counts["mentions"] >= counts["events"] and counts["actors"] > 0
        con = store.con
        # Offsets are article offsets: slicing the stored text gives back the evidence and the trigger.
        rows = con.execute("""SELECT a.text, m.sentence_start, m.sentence_end, v.text, m.trigger_start,
                                     m.trigger_end, m.source_start, m.source_end, m.source_text
                              FROM mentions m JOIN articles a USING (article_id)
                              JOIN evidence v USING (evidence_id)""").fetchall()
        for text, s, e, evidence, ts, te, ss, se, stext in rows:
            assert text[s:e] == evidence
            assert s <= ts < te <= e
            assert text[ss:se] == stext
        # Per-article counts agree with the child tables; event counts agree with mentions.
        bad = con.execute("""SELECT count(*) FROM articles a WHERE n_events !=
                             (SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id)""").fetchall()
        assert bad == [(0,)]
        bad = con.execute("""SELECT count(*) FROM events e WHERE num_mentions !=
                             (SELECT count(*) FROM mentions m WHERE m.event_id = e.event_id)""").fetchall()
        assert bad == [(0,)]
        full = json.loads(con.execute("SELECT data_json FROM mentions LIMIT 1").fetchall()[0][0])
        assert {"source", "cameo", "spans", "evidence"} <= set(full)  # the whole Event.to_dict() is kept


def test_reingest_adds_nothing(pipe, tmp_path):
    folder = make_news_folder(tmp_path)
    db = tmp_path / "idem.duckdb"
    ingest([folder], db, pipeline=pipe)
    before = snapshot(db)
    again = ingest([folder], db, pipeline=pipe)
    assert (again.added, again.duplicates, again.mentions) == (0, GOOD_ARTICLES, 0)
    assert snapshot(db) == before
    # Same URL with edited text, and same text re-spaced and re-cased under a new URL: both already stored.
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "edited.jsonl").write_text(json.dumps({
        "url": "https://hornwire.example/2026/01/12/wang-cho", "date": "2026-01-12",
        "text": "UPDATED: Chinese Foreign Minister Wang Yi met his South Korean counterpart in Beijing."}) + "\n")
    (extra / "copy.txt").write_text("KENYA EXPELLED two Somali diplomats   on Tuesday, accusing them of meddling in "
                                    "elections in the north-eastern counties.\n\nThe foreign ministry gave the pair 48 "
                                    "hours to leave the country.\n")
    third = ingest([extra], db, pipeline=pipe)
    assert (third.added, third.duplicates) == (0, 2)
    assert snapshot(db) == before


# -- kill -9 and resume ---------------------------------------------------------------------------------------------
PAIRS = [("Japan", "Kenya"), ("France", "Brazil"), ("India", "Nepal"), ("Germany", "Poland"), ("Egypt", "Sudan"),
         ("Chile", "Peru"), ("Canada", "Mexico"), ("Turkey", "Greece")]
TEMPLATES = [  # written for this test
    "{a} signed a trade agreement with {b} on {day}. Officials said the accord would cut tariffs on farm goods.",
    "{a} criticised {b} on {day} over a dispute about fishing rights in shared waters.",
    "{a} praised {b} for its help after severe floods, the foreign ministry said on {day}.",
    "{a} expelled two diplomats from {b} on {day}, accusing them of spying.",
    "The president of {a} met the prime minister of {b} in the capital on {day} to discuss energy cooperation.",
]
RETAKE = "Two diplomats from {b} were expelled by {a} on {day} after they were accused of spying, officials said."


def write_kill_corpus(path: Path) -> int:
    """40 articles plus 8 retakes of earlier expulsions (they merge into events committed in earlier batches)."""
    lines = []
    for i, (template, (a, b)) in enumerate((t, p) for t in TEMPLATES for p in PAIRS):
        day = dt.date(2026, 4, 1) + dt.timedelta(days=i % 20)
        lines.append({"id": f"k{i}", "date": day.isoformat(), "source": f"Outlet {i % 3}",
                      "text": template.format(a=a, b=b, day=day.strftime("%A"))})
    for i, (a, b) in enumerate(PAIRS):
        day = dt.date(2026, 4, 1) + dt.timedelta(days=(3 * len(PAIRS) + i) % 20)
        lines.append({"id": f"r{i}", "date": day.isoformat(), "source": "Retake Wire",
                      "text": RETAKE.format(a=a, b=b, day=day.strftime("%A"))})
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return len(lines)


def _cli_env() -> dict[str, str]:
    env = dict(os.environ)
    for k in ("TIDINGS_DEBUG", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(k, None)
    return env


def _tidings() -> list[str]:
    exe = Path(sys.executable).with_name("tidings")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from tidings.cli.main import main; main()"]


def test_kill_9_mid_ingest_then_resume_equals_clean_run(pipe, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    total = write_kill_corpus(corpus)
    killed_db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([*_tidings(), "ingest", str(corpus), "--db", str(killed_db), "--workers", "2",
                             "--batch-size", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_cli_env(), start_new_session=True)
    commits = 0
    deadline = time.monotonic() + 240
    try:
        for line in proc.stderr:
            commits += line.startswith(b"tidings: committed")
            if commits >= 3 or time.monotonic() > deadline:
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its workers, mid-run, with no chance to clean up
        proc.wait(timeout=30)
    assert commits >= 3, proc.stderr.read().decode(errors="replace")
    assert proc.returncode == -signal.SIGKILL

    with Store(killed_db) as store:  # opens cleanly: the WAL replays whole batches or none
        partial = store.counts()
        con = store.con
        assert 0 < partial["articles"] < total
        assert con.execute("SELECT count(*) FROM mentions m ANTI JOIN events e USING (event_id)").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM mentions m ANTI JOIN articles a USING (article_id)"
                           ).fetchall()[0][0] == 0
    resumed = ingest([corpus], killed_db, pipeline=pipe)
    assert resumed.resumed and resumed.duplicates == partial["articles"]
    assert resumed.added == total - partial["articles"]

    clean_db = tmp_path / "clean.duckdb"
    clean = ingest([corpus], clean_db, IngestOptions(batch_size=5), pipeline=pipe)
    assert clean.added == total
    assert snapshot(killed_db) == snapshot(clean_db)  # same articles, events, ids and counts: no loss, no duplicate
    with duckdb.connect(str(clean_db), read_only=True) as con:
        merged = con.execute("SELECT count(*) FROM events WHERE num_articles > 1").fetchall()[0][0]
    assert merged >= 1  # the retakes joined events committed in earlier batches


def test_cli_with_two_workers_matches_one_process(pipe, tmp_path):
    folder = make_news_folder(tmp_path)
    one = tmp_path / "one.duckdb"
    ingest([folder], one, pipeline=pipe)
    two = tmp_path / "two.duckdb"
    proc = run_cli("ingest", str(folder), "--db", str(two), "--workers", "2", "--batch-size", "3")
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0, err
    assert f"ingested {GOOD_ARTICLES} articles" in out and f"{BAD_RECORDS} rejected" in out
    assert "Traceback" not in err and f"{BAD_RECORDS} rejected (3 more)" in err
    report = two.with_suffix(".rejects.tsv")
    lines = report.read_text().splitlines()
    assert lines[0] == "path\tlocator\treason" and len(lines) == BAD_RECORDS + 1
    assert snapshot(one) == snapshot(two)


def test_cli_ingest_errors_are_one_line(tmp_path):
    proc = run_cli("ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "x.duckdb"))
    assert proc.returncode == 2 and proc.stderr.decode().strip().startswith("tidings: error:")
    assert "no such file or folder" in proc.stderr.decode()
    proc = run_cli("events", "--db", str(tmp_path / "none.duckdb"))
    assert proc.returncode == 2 and "no such store" in proc.stderr.decode()
    not_db = tmp_path / "text.duckdb"
    not_db.write_text("this is not a database\n" * 100)
    proc = run_cli("events", "--db", str(not_db))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.strip().splitlines()) == 1 and "cannot be opened" in err


def test_workers_auto_grows_with_the_input_and_stays_within_cores_and_memory(tmp_path, monkeypatch) -> None:
    """``--workers auto``: one process for a small input, more as the input grows, never more than the usable
    cores or ``AUTO_MAX_WORKERS``, nor than the available memory holds; a missing path counts for nothing."""
    from tidings.jobs import ingest as ingest_mod

    small, big = tmp_path / "small.txt", tmp_path / "big"
    small.write_text("The Kenyan president met the Ugandan foreign minister in Nairobi.\n", encoding="utf-8")
    big.mkdir()
    for k in range(5):
        (big / f"{k}.txt").write_bytes(b"x" * ingest_mod.AUTO_BYTES_PER_WORKER)
    monkeypatch.setattr(ingest_mod.os, "sched_getaffinity", lambda _pid: set(range(16)), raising=False)
    monkeypatch.setattr(ingest_mod, "available_memory", lambda: 64 * 2**30)
    assert ingest_mod.auto_workers([small, tmp_path / "missing.txt"]) == 1
    assert ingest_mod.auto_workers([big]) == ingest_mod.AUTO_MAX_WORKERS
    assert ingest_mod.auto_workers([big / "0.txt", big / "1.txt"]) == 3
    monkeypatch.setattr(ingest_mod.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert ingest_mod.auto_workers([big]) == 2
    monkeypatch.setattr(ingest_mod, "available_memory", lambda: ingest_mod.WORKER_MEMORY + 1)
    assert ingest_mod.auto_workers([big]) == 1
