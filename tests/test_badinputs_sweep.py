"""Issue 18's "done when", checked on a held-back set of bad inputs (``tests/badinputs.py``: ~190 files and records
of every reader format, broken in many ways, and odd text, each folder with good articles among them).

Through the readers, ``ingest`` (in process, and as a user runs it with two workers) and ``code`` on each file
alone: no "internal error", no traceback, no hang; every bad record is either stored (when it is an article after
all) or a reject with its place, and every good article is stored; the exports and queries work on the result.
Then one regression test per failure the sweep found, each small and each failing on the code before its fix.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from tests.badinputs import SECRET, Case, check_fates, gzip_bomb, make_inputs
from tidings.cli.app import read_input
from tidings.errors import InputError
from tidings.jobs.ingest import IngestOptions, ingest
from tidings.models import Item, Reject
from tidings.readers.files import iter_records
from tidings.readers.records import ReadOptions

DAY = "2026-01-02"
GUARD = 120  # seconds any one command may take before it counts as a hang


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    root = tmp_path_factory.mktemp("badinputs")
    return root / "in", make_inputs(root)


@contextmanager
def deadline(seconds: int, what: str) -> Iterator[None]:
    """Fail (rather than hang the suite) when the block takes longer than ``seconds``."""
    def stop(*_: object) -> None:
        raise TimeoutError(f"{what} took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_readers_account_for_every_input(sweep: tuple[Path, list[Case]]) -> None:
    folder, cases = sweep
    with deadline(GUARD, "reading the set"):
        records = list(iter_records([folder], ReadOptions()))
    items = [r for r in records if isinstance(r, Item)]
    rejects = [r for r in records if isinstance(r, Reject)]
    assert not check_fates(cases, {(i.path, i.locator) for i in items}, {(r.path, r.locator) for r in rejects})
    assert not [i.path for i in items if SECRET in i.article.text or SECRET in (i.article.title or "")]
    for r in rejects:  # one printable line each, valid UTF-8: the TSV report and the store can hold it
        assert r.reason.isprintable() and r.locator.isprintable() and r.path.encode("utf-8"), r


def _store_fates(db: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        stored = set(con.sql("SELECT path, coalesce(locator, '') FROM articles").fetchall())
        rejected = set(con.sql("SELECT path, coalesce(locator, '') FROM rejects").fetchall())
    return stored, rejected


def test_ingest_stores_the_good_and_rejects_the_bad(sweep: tuple[Path, list[Case]], pipe, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture) -> None:
    folder, cases = sweep
    db = tmp_path / "store.duckdb"
    with deadline(4 * GUARD, "ingesting the set"):
        report = ingest([folder], db, IngestOptions(workers=1, article_timeout=30.0), pipeline=pipe)
    stored, rejected = _store_fates(db)
    assert report.added == len(stored) and report.rejected >= len(rejected) > 0
    assert not check_fates(cases, stored, rejected)
    from tidings.cli.main import run

    out = tmp_path / "out"
    out.mkdir()
    for argv in (f"export --format gdelt -o {out}/e.tsv", f"export --format csv -o {out}/e.csv",
                 f"export --format plover -o {out}/e.json", "events --format csv"):
        monkeypatch.setattr(sys, "argv", ["tidings", *argv.split(), "--db", str(db)])
        capsys.readouterr()
        assert run() == 0, (argv, capsys.readouterr().err)
    assert json.loads((out / "e.json").read_text())


def test_cli_ingest_with_two_workers(sweep: tuple[Path, list[Case]], tmp_path: Path) -> None:
    """As a user runs it: one process per command, two workers; exit 0, no internal error, no traceback."""
    folder, cases = sweep
    parts = [folder / name for name in ("text", "jsonl", "warc", "names")]
    db = tmp_path / "w2.duckdb"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("TIDINGS_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", "ingest", *map(str, parts), "--db", str(db),
                           "--workers", "2", "--date", DAY], capture_output=True, timeout=4 * GUARD, env=env)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0 and "internal error" not in err and "Traceback" not in err, err[-2000:]
    stored, rejected = _store_fates(db)
    mine = [c for c in cases if any(c.path.is_relative_to(p) for p in parts)]
    assert not check_fates(mine, stored, rejected)


def test_code_each_file_alone(sweep: tuple[Path, list[Case]], pipe) -> None:
    """``tidings code FILE``'s own steps on every file: the input gate, then the pipeline. Only InputError (exit 2,
    one line) may come out of them; everything else is coded into valid JSON."""
    _, cases = sweep
    slow = []
    for c in (c for c in cases if c.code):
        start = time.monotonic()
        with deadline(GUARD, f"code {c.path}"):
            try:
                text = read_input(os.fsdecode(c.path), 5_000_000)
            except InputError as exc:
                assert "\n" not in str(exc), c
                continue
            coded = pipe.code(text, date=DAY)
        json.dumps(coded.to_dict(), ensure_ascii=False).encode("utf-8")
        for e in coded.events:
            assert 0 <= e.trigger_span.start <= e.trigger_span.end <= len(text)
        slow.append((time.monotonic() - start, c.path.name))
    assert max(slow)[0] < GUARD


# --- regressions: one per failure the sweep found --------------------------------------------------------------

def test_front_matter_aliases_are_not_expanded(tmp_path: Path) -> None:
    """A YAML alias list in front matter (a "billion laughs" of 9 levels is a few hundred bytes) was turned into
    its str() for the title: gigabytes and minutes, then an "internal error" from the store. A title that is a
    list or mapping is no title."""
    laughs = "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\ntitle: *c\nsource: [1, 2]\n---\n"
    (tmp_path / "a.txt").write_text(laughs + "Kenyan police arrested ten protesters in Nairobi.\n")
    [item] = iter_records([tmp_path])
    assert isinstance(item, Item) and item.article.title is None and item.article.source is None


@pytest.mark.parametrize("unit", [b"\n", b'{"text": 1}\n', b"a"])
def test_a_gzip_bomb_is_stopped_early(tmp_path: Path, unit: bytes) -> None:
    """A .jsonl.gz that inflates to 256 MB (blank lines, bad records, one endless line) was inflated whole, and
    read line by line: minutes for a few gigabytes, and blank lines left no reject. Now the file stops with a
    reject once it inflates 50 times its compressed size, after a fraction of a megabyte."""
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip_bomb(unit, 256 << 20) + gzip.compress(json.dumps({"text": "Kenya met Uganda."}).encode()))
    start = time.monotonic()
    records = list(iter_records([path]))
    assert time.monotonic() - start < 10  # inflating all of it takes about a second; reading its lines, minutes
    assert "gzip bomb" in records[-1].reason and len(records) < 100_000


def test_a_normal_gzip_is_read_whole(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"Kenyan police arrested {i} protesters in Nairobi."}) for i in range(3000)]
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    assert sum(isinstance(r, Item) for r in iter_records([tmp_path])) == 3000


@pytest.mark.parametrize("name, data", [
    ("a.json", json.dumps([{"text": f"Kenya met Uganda on day {i}."} for i in range(200)]).encode()),
    ("a.rss", b"<rss><channel>" + b"<item><description>Kenya met Uganda.</description></item>" * 200
     + b"</channel></rss>"),
])
def test_formats_read_whole_have_a_size_limit(tmp_path: Path, name: str, data: bytes) -> None:
    """A JSON array and a feed are read whole: a gzip bomb or a dump of gigabytes took all memory (2 GB for a
    .json.gz). They may be at most 20 times --max-bytes."""
    (tmp_path / name).write_bytes(data)
    [rec] = iter_records([tmp_path], ReadOptions(max_bytes=len(data) // 40))
    assert isinstance(rec, Reject) and "too large" in rec.reason
    assert len(list(iter_records([tmp_path], ReadOptions(max_bytes=len(data))))) == 200


@pytest.mark.parametrize("name, data", [("a.json", b"[]"), ("a.warc", b""), ("a.warc.gz", b""),
                                        ("a.jsonl", b"\n\n\n")])
def test_a_file_with_no_record_is_a_reject(tmp_path: Path, name: str, data: bytes) -> None:
    """An empty array, a WARC of 0 bytes, blank JSON Lines gave nothing at all: the file was neither stored nor
    rejected, so nothing said it had been read."""
    (tmp_path / name).write_bytes(data)
    [rec] = iter_records([tmp_path])
    assert isinstance(rec, Reject) and "holds no article" in rec.reason


def test_text_named_warc_is_one_reject_and_warcio_stays_quiet(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """warcio read any text as ARC records (one reject per line, "is warc, not HTML") and wrote a warning per bad
    record straight to stderr, between the ingest's own lines."""
    (tmp_path / "a.warc").write_bytes(b"this is not a WARC file\n" * 5)
    bad_length = (b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
                  b"Kenya met Uganda in Kampala on Monday.\r\n\r\n")
    (tmp_path / "b.warc").write_bytes(bad_length)
    capsys.readouterr()
    a, *b = iter_records([tmp_path])
    assert isinstance(a, Reject) and "is not a WARC file" in a.reason
    assert b and capsys.readouterr().err == ""


def test_a_file_name_of_other_bytes_is_stored(tmp_path: Path, pipe) -> None:
    """A file name that is not UTF-8 (Latin-1 "é") ended the whole ingest with "internal error: 'utf-8' codec
    can't encode character '\\udce9'" when its article was written to the store."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    Path(os.fsdecode(name)).write_text("Kenyan police arrested twelve protesters in Nairobi on Monday.\n")
    Path(os.fsdecode(os.path.join(os.fsencode(folder), b"\xff.txt"))).write_bytes(b"")
    report = ingest([folder], tmp_path / "s.duckdb", IngestOptions(workers=1), pipeline=pipe)
    stored, rejected = _store_fates(tmp_path / "s.duckdb")
    assert report.added == 1 and {p for p, _ in stored} == {f"{folder}/caf\\xe9.txt"}
    assert {p for p, _ in rejected} == {f"{folder}/\\xff.txt"}


@pytest.mark.parametrize("date", ["-2026-01-02", "-0044-03-15", "+2026-01-02", "\u22122026-01-02"])
def test_a_signed_year_is_a_reject(tmp_path: Path, date: str) -> None:
    """dateparser drops a leading sign: "-2026-01-02" (a year before the common era) was stored as 2026-01-02."""
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "Kenya met Uganda.", "date": date}) + "\n")
    [rec] = iter_records([tmp_path])
    assert isinstance(rec, Reject) and "signed year" in rec.reason


def test_a_warc_gzip_bomb_is_stopped_early(tmp_path: Path) -> None:
    """warcio inflates each gzip member itself: a member of 512 MB of header lines after a good record took it
    about 6 s and ~100 MB (12 s a GB) before the bound on inflation reached it too. The good record is kept."""
    record = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://example.org/a\r\n"
              b"Content-Type: text/plain\r\nContent-Length: 38\r\n\r\nKenya met Uganda in Kampala on Monday.\r\n\r\n")
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gzip.compress(record) + gzip_bomb(b"WARC/1.0\r\n", 512 << 20))
    start = time.monotonic()
    item, reject = iter_records([path])
    assert time.monotonic() - start < 5 and isinstance(item, Item) and "gzip bomb" in reject.reason


def test_a_non_utf8_path_named_directly_and_a_non_utf8_store(tmp_path: Path, pipe) -> None:
    """Named on the command line, a file name that is not UTF-8 reached the runs table as it was ("internal
    error": surrogates not allowed); a store whose name is not UTF-8 made DuckDB fail with "std::bad_cast"."""
    from tidings.store import Store

    name = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")))
    name.write_text("Kenyan police arrested eleven protesters in Nairobi on Monday.\n")
    report = ingest([name], tmp_path / "s.duckdb", IngestOptions(workers=1), pipeline=pipe)
    assert report.added == 1
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as con:
        assert con.sql("SELECT paths FROM runs").fetchall() == [(f"{tmp_path}/caf\\xe9.txt",)]
    with pytest.raises(InputError, match="must be valid UTF-8"):
        Store(Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"st\xe9.duckdb"))))
