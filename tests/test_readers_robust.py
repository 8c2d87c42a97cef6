"""Issue 18, readers: no single input stops a batch or hangs it.

Deeply nested JSON, a WARC cut short, a named pipe, an unreadable file or folder, a gzip cut short: each is a
reject with the file and the record's place, and the records around it are still read. Every input is written here,
in tmp_path; the hang-prone cases run in a subprocess with a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from tidings.jobs.ingest import ingest
from tidings.models import Item, Reject
from tidings.readers.files import iter_records
from tidings.readers.records import ReadOptions
from tidings.store import Store

DEEP = 100_000  # brackets: far past any parser's recursion limit
WORDS = ("minister", "envoy", "talks", "border", "treaty", "vote", "harbour", "grain", "ceasefire", "summit",
         "delegation", "tariff", "parliament", "river", "pipeline", "election")


def good_line(text: str) -> str:
    return json.dumps({"date": "2026-03-04", "text": text}) + "\n"


def split(records: list) -> tuple[list[Item], list[Reject]]:
    return [r for r in records if isinstance(r, Item)], [r for r in records if isinstance(r, Reject)]


def read(*paths: Path) -> tuple[list[Item], list[Reject]]:
    return split(list(iter_records(list(paths))))


# --- 1. deeply nested JSON ------------------------------------------------------------------------------------

@pytest.mark.parametrize("first", [False, True], ids=["deep-line-inside", "deep-line-first"])
def test_a_deeply_nested_json_line_is_that_lines_reject(tmp_path, first):
    deep = "[" * DEEP + "]" * DEEP + "\n"
    lines = [good_line("Chile praised Peru on Monday."), deep, good_line("Peru thanked Chile on Tuesday.")]
    if first:
        lines = [deep, *lines[::2]]
    f = tmp_path / "wire.jsonl"
    f.write_text("".join(lines))
    other = tmp_path / "zz.txt"
    other.write_text("Bolivia welcomed the agreement.\n")
    items, rejects = read(f, other)
    assert [i.article.text for i in items] == ["Chile praised Peru on Monday.", "Peru thanked Chile on Tuesday.",
                                              "Bolivia welcomed the agreement.\n"]
    (rej,) = rejects
    line = "line 1" if first else "line 2"
    assert (rej.path, rej.locator) == (str(f), line)
    assert rej.reason == f"{f} {line} is nested too deeply to read"


def test_a_deeply_nested_item_of_a_json_array_is_that_items_reject(tmp_path):
    f = tmp_path / "dump.json"
    deep = '{"text": "x", "meta": ' + "[" * DEEP + '"]{[\\""' + "]" * DEEP + "}"  # a bracket inside a string, too
    f.write_text(f'[\n {json.dumps({"text": "Chile praised Peru."})},\n {deep},\n'
                 f' {json.dumps({"text": "Peru thanked Chile.", "date": "2026-03-05"})}\n]\n')
    items, rejects = read(f, f)  # twice: the second reading is the rest of the batch
    assert [i.article.text for i in items] == ["Chile praised Peru.", "Peru thanked Chile."] * 2
    assert items[1].locator == "item 3" and items[1].article.date == dt.date(2026, 3, 5)
    assert [(r.locator, r.reason) for r in rejects] == [("item 2", f"{f} item 2 is nested too deeply to read")] * 2


def test_a_number_python_will_not_convert_is_that_records_reject(tmp_path):
    """Python refuses to convert integers of over 4300 digits (a ValueError that is no JSONDecodeError)."""
    huge = "7" * 5000
    lines = tmp_path / "a.jsonl"
    lines.write_text(f'{{"text": "Chile praised Peru.", "id": {huge}}}\n' + good_line("Peru thanked Chile."))
    array = tmp_path / "b.json"
    array.write_text(f'[{huge}, {{"text": "Chile praised Peru.", "id": {huge}}}, {{"text": "Peru thanked Chile."}}]')
    items, rejects = read(lines, array)
    assert [(Path(i.path).name, i.locator) for i in items] == [("a.jsonl", "line 2"), ("b.json", "item 3")]
    assert [(Path(r.path).name, r.locator) for r in rejects] == [("a.jsonl", "line 1"), ("b.json", "item 1"),
                                                                  ("b.json", "item 2")]
    assert all("4300 digits" in r.reason for r in rejects)


def test_a_json_array_cut_short_keeps_the_items_before_the_cut(tmp_path):
    f = tmp_path / "dump.json"
    whole = json.dumps([{"text": "Chile praised Peru."}, {"text": "Peru thanked Chile."}])
    f.write_text(whole[:-12])
    items, rejects = read(f)
    assert [i.article.text for i in items] == ["Chile praised Peru."]
    (rej,) = rejects
    assert rej.locator == "item 2" and "is not valid JSON" in rej.reason and "\n" not in rej.reason


def test_an_endless_json_line_is_rejected_without_holding_it(tmp_path):
    f = tmp_path / "dump.jsonl"
    with f.open("w") as fh:
        fh.write(good_line("Chile praised Peru on Monday."))
        fh.write('{"text": "' + "Peru thanked Chile. " * 400_000 + '"}\n')  # 8 MB on one line
        fh.write(good_line("Bolivia welcomed the agreement."))
    tracemalloc.start()
    try:
        records = list(iter_records([f], ReadOptions(max_bytes=1000)))  # lines are cut at 6 x 1000 bytes + 1 MB
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 6_000_000  # the line is never held whole (it was, and decoded and parsed: 32 MB here)
    items, rejects = split(records)
    assert [i.article.text for i in items] == ["Chile praised Peru on Monday.", "Bolivia welcomed the agreement."]
    assert [(r.locator, r.reason) for r in rejects] == [
        ("line 2", f"{f} line 2 is longer than 1,054,576 bytes, too long for one article (--max-bytes 1,000)")]


# --- 2. WARC files cut short ----------------------------------------------------------------------------------

def page(i: int, rnd: random.Random) -> bytes:
    """A page of words in random order, so that gzip cannot squeeze it and a cut in its member falls in the body."""
    words = " ".join(f"{rnd.choice(WORDS)}{rnd.randint(0, 999)}" for _ in range(160))
    return (f"<html><head><title>Report {i}</title></head><body><article><h1>Report {i}</h1>"
            f"<p>The minister met the envoy in the capital. {words}.</p></article></body></html>").encode()


def warc_bytes(gz: bool, n: int = 3) -> tuple[bytes, list[int]]:
    """A crawl of ``n`` HTML responses and the offset where each record starts (the last entry: the file's end)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rnd = random.Random(18)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    offsets = []
    for i in range(n):
        offsets.append(buf.tell())
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://post.example/{i}", "response",
                                                      payload=io.BytesIO(page(i, rnd)), http_headers=http))
    return buf.getvalue(), [*offsets, buf.tell()]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_cut_to_100_bytes_is_a_reject(tmp_path, gz):
    data, _ = warc_bytes(gz)
    f = tmp_path / ("stub.warc.gz" if gz else "stub.warc")
    f.write_bytes(data[:100])
    other = tmp_path / "zz.txt"
    other.write_text("Bolivia welcomed the agreement.\n")
    items, rejects = read(f, other)
    assert [i.path for i in items] == [str(other)]
    (rej,) = rejects
    assert rej.path == str(f) and rej.locator == "record 1"
    assert rej.reason == f"{f} record 1 at WARC offset 0 is truncated (the file ends inside its headers)"


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_cut_inside_its_second_record_keeps_the_first_and_stores_nothing_cut(tmp_path, gz):
    data, offsets = warc_bytes(gz)
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    whole.write_bytes(data)
    full, none = read(whole)
    assert len(full) == 3 and not none
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[:(offsets[1] + offsets[2]) // 2])
    items, rejects = read(cut)
    assert [i.article.text for i in items] == [full[0].article.text]
    (rej,) = rejects
    assert rej.locator == "record 2 (https://post.example/1)"
    assert " is truncated" in rej.reason and f"WARC offset {offsets[1]}" in rej.reason


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_cut_anywhere_stores_only_whole_records(tmp_path, gz):
    """Cuts across the whole file, in headers, HTTP headers, bodies and gzip trailers alike."""
    data, offsets = warc_bytes(gz)
    f = tmp_path / ("c.warc.gz" if gz else "c.warc")
    f.write_bytes(data)
    full = [i.article.text for i in read(f)[0]]
    for cut in range(1, len(data), 41):
        f.write_bytes(data[:cut])
        items, rejects = read(f)
        texts = [i.article.text for i in items]
        assert texts == full[:len(texts)], cut  # nothing cut short is stored
        whole = sum(1 for end in offsets[1:] if end - (0 if gz else 4) <= cut)  # uncompressed: the 4 bytes of CRLFs
        assert len(texts) >= whole, cut
        if len(texts) < 3 and cut - offsets[len(texts)] > 12:  # past a gzip member's trailer or the blank lines
            assert len(rejects) == 1 and " is truncated" in rejects[0].reason, (cut, rejects)
            assert f"record {len(texts) + 1}" in rejects[0].locator


# --- 3. named pipes and other files that are not regular -----------------------------------------------------

READ_ALL = ("import json, sys\nfrom tidings.readers.files import iter_records\n"
            "for r in iter_records(sys.argv[1:]):\n"
            "    print(json.dumps([type(r).__name__, r.path, getattr(r, 'reason', '')]), flush=True)\n")


def read_in_subprocess(*paths: Path) -> list[list[str]]:
    try:
        proc = subprocess.run([sys.executable, "-c", READ_ALL, *map(str, paths)], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("reading blocked (a named pipe was opened)")
    assert proc.returncode == 0, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_a_reject_never_a_hang(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Chile praised Peru on Monday.\n")
    os.mkfifo(folder / "b.txt")  # a pipe named like an article
    (folder / "c.txt").write_text("Peru thanked Chile on Tuesday.\n")
    os.mkfifo(tmp_path / "feed.jsonl")
    out = read_in_subprocess(folder, tmp_path / "feed.jsonl", Path("/dev/null"))
    assert [(kind, Path(path).name) for kind, path, _ in out] == [
        ("Item", "a.txt"), ("Reject", "b.txt"), ("Item", "c.txt"), ("Reject", "feed.jsonl"), ("Reject", "null")]
    assert out[1][2] == f"{folder / 'b.txt'} is not a regular file (a named pipe); give files or folders of articles"
    assert out[3][2].startswith(f"{tmp_path / 'feed.jsonl'} is not a regular file (a named pipe)")
    assert out[4][2].startswith("/dev/null is not a regular file (a device)")


# --- 4. unreadable files and folders --------------------------------------------------------------------------

def test_a_broken_link_in_a_folder_is_a_reject_in_its_place(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Chile praised Peru on Monday.\n")
    (folder / "b.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.txt").write_text("Peru thanked Chile on Tuesday.\n")
    (folder / "up").symlink_to(folder)  # a link to a folder is not followed: no loop, no reject
    records = list(iter_records([folder]))
    assert [(type(r).__name__, Path(r.path).relative_to(folder).as_posix()) for r in records] == [
        ("Item", "a.txt"), ("Reject", "b.txt"), ("Item", "sub/c.txt")]
    assert records[1].reason == f"{folder / 'b.txt'}: cannot read (broken symbolic link)"


def _without_read_override() -> list[str]:
    """A command prefix under which permissions apply: nothing as a user; as root, root without the capabilities
    that let it read anything (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). Skips the test where neither works."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, where chmod 000 does not stop reads, and setpriv is not installed")
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search",
              "--inh-caps", "-dac_override,-dac_read_search"]
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"tidings-probe-{os.getpid()}"
    probe.write_text("x")
    probe.chmod(0)
    try:
        works = subprocess.run([*prefix, "true"], capture_output=True).returncode == 0
        blocked = works and subprocess.run([*prefix, "cat", str(probe)], capture_output=True).returncode != 0
    finally:
        probe.unlink()
    if not blocked:
        pytest.skip("running as root, and setpriv cannot drop the capability to read any file here")
    return prefix


def test_unreadable_paths_named_to_ingest_are_rejects_and_the_run_goes_on(tmp_path):
    prefix = _without_read_override()
    (tmp_path / "ok.txt").write_text("Chile praised Peru on Monday.\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("Peru thanked Chile on Tuesday.\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Bolivia welcomed the agreement.\n")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "b.txt").write_text("Ecuador praised Colombia.\n")
    (folder / "hidden.txt").write_text("Colombia thanked Ecuador.\n")
    secret.chmod(0)
    locked.chmod(0)
    (folder / "hidden.txt").chmod(0)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
    db = tmp_path / "s.duckdb"
    exe = Path(sys.executable).with_name("tidings")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "tidings.cli"]
    named = [secret, locked, locked / "a.txt", tmp_path / "ok.txt", folder]
    if hasattr(os, "mkfifo"):
        named.append(tmp_path / "pipe.txt")
    try:
        proc = subprocess.run([*prefix, *cli, "ingest", *map(str, named), "--db", str(db)], capture_output=True,
                              timeout=300, env={k: v for k, v in os.environ.items() if k != "TIDINGS_DEBUG"})
    except subprocess.TimeoutExpired:
        pytest.fail("ingest blocked on one of its inputs")
    finally:
        locked.chmod(0o755)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0, err  # rejects are not errors for ingest (README, test_ingest)
    rejected = len(named) - 1  # all but ok.txt, and the folder's hidden.txt, not its b.txt
    assert "ingested 2 articles" in out and f"{rejected} rejected" in out, out
    assert "Traceback" not in err and "internal error" not in err
    with Store(db, read_only=True) as store:
        reasons = [r[0] for r in store.con.execute("SELECT reason FROM rejects ORDER BY path").fetchall()]
    assert f"{secret}: cannot read (Permission denied)" in reasons
    assert f"{locked}: cannot read folder (Permission denied)" in reasons
    assert f"{locked / 'a.txt'}: cannot read (Permission denied)" in reasons
    assert f"{folder / 'hidden.txt'}: cannot read (Permission denied)" in reasons


# --- 5. one guard per file: what escapes a reader ends that file, not the run ---------------------------------

def test_a_gzip_cut_short_is_a_reject_after_the_last_line_read(tmp_path):
    lines = "".join(good_line(f"Chile praised Peru for the {n}th time.") for n in range(3000)).encode()
    packed = gzip.compress(lines)
    cut_lines = tmp_path / "a.jsonl.gz"
    cut_lines.write_bytes(packed[:len(packed) // 2])
    packed = gzip.compress(b"Chile praised Peru on Monday. " * 2000)
    cut_text = tmp_path / "b.txt.gz"
    cut_text.write_bytes(packed[:len(packed) // 2])
    other = tmp_path / "c.txt"
    other.write_text("Bolivia welcomed the agreement.\n")
    records = list(iter_records([cut_lines, cut_text, other]))
    items, rejects = split(records)
    read_lines = [i for i in items if i.path == str(cut_lines)]
    assert 0 < len(read_lines) < 3000 and [i.locator for i in read_lines] == [
        f"line {n}" for n in range(1, len(read_lines) + 1)]
    assert items[-1].path == str(other)
    assert [(r.path, r.locator) for r in rejects] == [(str(cut_lines), f"after line {len(read_lines)}"),
                                                       (str(cut_text), "")]
    assert all("the file is cut short" in r.reason and "\n" not in r.reason for r in rejects)


def test_dates_that_arrive_parsed_are_held_to_the_same_range(tmp_path):
    """Feed dates (parsed by feedparser) and YAML front matter dates (parsed by YAML) never met parse_when's range
    check, so a year-1 pubDate reached the store as 0001-01-01 and overflowed its date arithmetic."""
    (tmp_path / "a.md").write_text("---\ndate: 9999-12-31\n---\nChile praised Peru.\n")
    (tmp_path / "b.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Post</title>'
        "<item><title>One</title><description>Chile praised Peru.</description>"
        "<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>"
        "<item><title>Two</title><description>Peru thanked Chile.</description>"
        "<pubDate>Tue, 03 Mar 2026 10:00:00 +0000</pubDate></item></channel></rss>")
    (tmp_path / "c.atom").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Post</title>'
        "<entry><title>Three</title><updated>0001-01-01T00:00:00Z</updated>"
        "<summary>Bolivia welcomed the agreement.</summary></entry></feed>")
    items, rejects = read(tmp_path)
    dates = {i.article.text: i.article.date for i in items}
    assert all(d is None or 1800 <= d.year <= 2200 for d in dates.values()), dates
    assert dates.get("Peru thanked Chile.") == dt.date(2026, 3, 3)
    reasons = " | ".join(r.reason for r in rejects)
    assert "date 9999-12-31 is out of range" in reasons


def test_a_date_of_megabytes_is_rejected_at_once(tmp_path):
    """dateparser is linear but slow (about 35 us a character here): 5 MB of "date" took minutes and came back
    quoted whole in the reason."""
    f = tmp_path / "wire.jsonl"
    f.write_text(json.dumps({"date": "1 " * 100_000, "text": "Chile praised Peru."}) + "\n"
                 + good_line("Peru thanked Chile."))
    items, rejects = read(f)
    assert [i.article.text for i in items] == ["Peru thanked Chile."]
    assert [r.reason for r in rejects] == [f"{f} line 1: a date of 200,000 characters is not a date; use YYYY-MM-DD"]


def test_front_matter_is_looked_for_only_at_the_top(tmp_path):
    """A closing marker 400 kB on is a rule in the text: PyYAML took seconds to reject what lay between, and the
    article was lost with it."""
    f = tmp_path / "a.md"
    body = "Chile praised Peru on Monday.\n\nk: [" + "1, " * 130_000 + "]\n---\nPeru thanked Chile.\n"
    f.write_text("---\n" + body)
    items, rejects = read(f)
    assert not rejects and len(items) == 1 and items[0].article.text.startswith("---\nChile praised Peru")
    small = tmp_path / "b.md"
    small.write_text("---\ntitle: Harbour talks\ndate: 2026-03-04\n---\nChile praised Peru.\n")
    (item,), _ = read(small)
    assert (item.article.title, item.article.date, item.article.text) == (
        "Harbour talks", dt.date(2026, 3, 4), "Chile praised Peru.\n")


# --- the batch: all of the above in one ingest ----------------------------------------------------------------

def test_one_ingest_stores_the_good_records_around_every_bad_one(pipe, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.jsonl").write_text(good_line("Chile praised Peru on Monday.") + "[" * DEEP + "]" * DEEP + "\n"
                                    + good_line("Peru thanked Chile on Tuesday."))
    data, offsets = warc_bytes(gz=True)
    (folder / "b.warc.gz").write_bytes(data[:(offsets[1] + offsets[2]) // 2])
    (folder / "c.warc.gz").write_bytes(data[:100])
    (folder / "d.json").write_text("[" + "[" * DEEP + "]" * DEEP + "]")
    (folder / "e.txt").write_text("Bolivia welcomed the agreement on Wednesday.\n")
    db = tmp_path / "s.duckdb"
    report = ingest([folder], db, pipeline=pipe)
    assert (report.added, report.rejected) == (4, 4)
    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT path, locator FROM rejects ORDER BY path").fetchall()
        stored = store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    assert stored == 4
    assert [(Path(p).name, loc) for p, loc in rows] == [
        ("a.jsonl", "line 2"), ("b.warc.gz", "record 2 (https://post.example/1)"), ("c.warc.gz", "record 1"),
        ("d.json", "item 1")]
