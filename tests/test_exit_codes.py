"""Every command's exit code and one-line reason, as README "Exit codes" states them: one table (issue 18).

Each row is a command line, the exit code the README promises, and a fragment of the reason (of stdout when the
command succeeds, or for ``kb``'s report). Rows that stop before the spaCy model is needed run in this process
through ``tidings.cli.main.run`` (the entry point's own error handling, without the process exit); rows that code
text, and the ones that need a second process (the store held by this one), run ``python -m tidings.cli`` in
subprocesses, two at a time, started once for the module.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import duckdb
import pytest

from tidings.cli.main import run
from tidings.jobs.ingest import IngestOptions, ingest
from tidings.readers.validate import MAX_ARTICLE_BYTES
from tidings.store import LATEST, Store
from tidings.store.lock import LOCK_WAIT_ENV, READ_WAIT, WRITE_FACTOR, ReaderWatch, ingest_lock

README = Path(__file__).resolve().parents[1] / "README.md"
QUICK_WAIT = {LOCK_WAIT_ENV: "0.5"}  # rows where the store stays busy: give up after half a second


class Row(NamedTuple):
    argv: str  # ``{d}`` is the folder of files made below
    code: int
    says: str  # a fragment of the reason on stderr (of stdout for a success, or for kb's report)
    sub: bool = False  # run in a subprocess
    env: dict[str, str] | None = None


ROWS = {
    # 0: success, and nothing found is success too
    "code-ok": Row("code {d}/ok.txt --date 2026-01-02", 0, '"cameo"', sub=True),
    "code-no-events": Row("code {d}/calm.txt --date 2026-01-02", 0, '"events": []', sub=True),
    "gkg-ok": Row("gkg {d}/ok.txt --date 2026-01-02", 0, '"tone"', sub=True),
    "actor-ok": Row("actor 'the Japanese foreign minister' --date 2026-01-02 --json", 0, '"JPN"', sub=True),
    "eval-ok": Row("eval {d}/gold.tsv --json", 0, '"accuracy"', sub=True),
    "ingest-ok-with-a-reject": Row("ingest {d}/ok.txt {d}/empty.txt --db {d}/fresh.duckdb", 0, "1 rejected", sub=True),
    "kb-ok": Row("kb", 0, "0 errors", sub=True),
    "events-ok": Row("events --db {d}/store.duckdb --format csv", 0, "event_id"),
    "events-empty-store": Row("events --db {d}/empty.duckdb --format json", 0, "[]"),
    "relations-ok": Row("relations JPN KEN --db {d}/store.duckdb --format csv", 0, "JPN<->KEN"),
    "relations-empty-store": Row("relations JPN KEN --db {d}/empty.duckdb", 0, "JPN - KEN"),
    "export-ok": Row("export --format gdelt -o {d}/out.tsv --db {d}/store.duckdb", 0, "GDELT 2.0"),
    "export-empty-store": Row("export --format plover -o {d}/out.json --db {d}/empty.duckdb", 0, "0 events"),
    # 2: unreadable input
    "code-missing": Row("code {d}/nope.txt", 2, "no such file"),
    "gkg-missing": Row("gkg {d}/nope.txt", 2, "no such file"),
    "eval-missing": Row("eval {d}/nope.json", 2, "no such file"),
    "ingest-missing": Row("ingest {d}/nope.txt --db {d}/x.duckdb", 2, "no such file or folder"),
    "kb-missing-folder": Row("kb --data {d}/nope", 2, "no such folder"),
    "kb-update-no-source": Row("kb update", 2, "needs a source: --wikidata"),
    "spark-missing": Row("spark {d}/nope.jsonl {d}/spark-out", 2, "no such file or folder"),
    "code-empty": Row("code {d}/empty.txt", 2, "is empty"),
    "gkg-empty": Row("gkg {d}/empty.txt", 2, "is empty"),
    "eval-empty": Row("eval {d}/empty.txt", 2, "is empty"),
    "eval-no-sentences": Row("eval {d}/comments.tsv", 2, "no gold sentences"),
    "code-binary": Row("code {d}/image.png", 2, "binary"),
    "gkg-binary": Row("gkg {d}/image.png", 2, "binary"),
    "eval-binary": Row("eval {d}/image.png --format plover-gsr", 2, "binary"),
    "code-not-utf8": Row("code {d}/latin1.txt", 2, "not valid UTF-8"),
    "code-over-default-limit": Row("code {d}/huge.txt", 2, f"at most {MAX_ARTICLE_BYTES / 1e6:.1f} MB"),
    "code-over-max-bytes": Row("code {d}/ok.txt --max-bytes 10", 2, "--max-bytes"),
    "code-folder": Row("code {d}/folder", 2, "is a folder"),
    "eval-unreadable": Row("eval /proc/self/mem --format quad-tsv", 2, "cannot read"),
    "eval-malformed-gold": Row("eval {d}/bad.tsv", 2, "expected 'sentence<TAB>label'"),
    "code-over-time-limit": Row("code {d}/ok.txt --date 2026-01-02 --article-timeout 0.001", 2, "took longer than "
                                "0.001 s to code", sub=True),
    "code-bad-time-limit": Row("code {d}/ok.txt --article-timeout -1", 2, "--article-timeout"),
    "code-bad-date": Row("code {d}/ok.txt --date 2026-13-01", 2, "bad date"),
    "gkg-bad-date": Row("gkg {d}/ok.txt --date soon", 2, "bad date"),
    "actor-bad-date": Row("actor Japan --date soon", 2, "bad date"),
    "ingest-bad-date": Row("ingest {d}/ok.txt --date soon --db {d}/x.duckdb", 2, "bad --date"),
    "events-bad-from": Row("events --db {d}/store.duckdb --from 2026-99-01", 2, "bad --from"),
    "relations-bad-to": Row("relations JPN KEN --db {d}/store.duckdb --to May", 2, "bad --to"),
    # 2: a bad option value, or a usage mistake (click's usage message)
    "code-bad-format": Row("code {d}/ok.txt --format xml", 2, "unknown --format"),
    "code-not-a-number": Row("code {d}/ok.txt --max-bytes many", 2, "Invalid value for '--max-bytes'"),
    "code-unknown-option": Row("code {d}/ok.txt --jsn", 2, "No such option: --jsn"),
    "code-no-argument": Row("code", 2, "Missing argument"),
    "eval-bad-format": Row("eval {d}/gold.tsv --format xml", 2, "unknown --format"),
    "ingest-workers-0": Row("ingest {d}/ok.txt --workers 0 --db {d}/x.duckdb", 2, "at least 1"),
    "ingest-workers-word": Row("ingest {d}/ok.txt --workers many --db {d}/x.duckdb", 2, "or auto"),
    "ingest-max-bytes-0": Row("ingest {d}/ok.txt --max-bytes 0 --db {d}/x.duckdb", 2, "at least 1"),
    "ingest-store-folder-missing": Row("ingest {d}/ok.txt --db {d}/nope/x.duckdb", 2, "no such folder"),
    "ingest-store-is-a-folder": Row("ingest {d}/ok.txt --db {d}/folder", 2, "is a folder"),
    "events-bad-format": Row("events --db {d}/store.duckdb --format xml", 2, "unknown --format"),
    "events-bad-modality": Row("events --db {d}/store.duckdb --modality sure", 2, "unknown --modality"),
    "events-negative-limit": Row("events --db {d}/store.duckdb --limit -1", 2, "--limit -1"),
    "relations-bad-by": Row("relations JPN KEN --db {d}/store.duckdb --by decade", 2, "unknown --by"),
    "relations-bad-format": Row("relations JPN KEN --db {d}/store.duckdb --format xml", 2, "unknown --format"),
    "relations-one-country": Row("relations JPN JPN --db {d}/store.duckdb", 2, "two different countries"),
    "relations-png-folder-missing": Row("relations JPN KEN --db {d}/store.duckdb -f png -o {d}/nope/a.png", 2,
                                        "no such folder"),
    "export-bad-format": Row("export --format xml -o {d}/x --db {d}/store.duckdb", 2, "unknown --format"),
    "export-folder-missing": Row("export -f csv -o {d}/nope/x.csv --db {d}/store.duckdb", 2, "no such folder"),
    "export-to-a-folder": Row("export -f csv -o {d}/folder --db {d}/store.duckdb", 2, "is a folder"),
    "export-parquet-to-a-file": Row("export -f parquet -o {d}/ok.txt --db {d}/store.duckdb", 2, "is a file"),
    "spark-bad-conf": Row("spark {d}/ok.txt {d}/spark-out --conf nokey", 2, "KEY=VALUE"),
    # 2: no store to query
    "events-no-store": Row("events --db {d}/nope.duckdb", 2, "no such store"),
    "relations-no-store": Row("relations JPN KEN --db {d}/nope.duckdb", 2, "no such store"),
    "export-no-store": Row("export -f csv -o {d}/x.csv --db {d}/nope.duckdb", 2, "no such store"),
    # 1: a store that cannot be used
    "events-not-duckdb": Row("events --db {d}/text.duckdb", 1, "cannot be opened as a DuckDB store"),
    "relations-not-duckdb": Row("relations JPN KEN --db {d}/text.duckdb", 1, "cannot be opened as a DuckDB store"),
    "export-not-duckdb": Row("export -f csv -o {d}/x.csv --db {d}/text.duckdb", 1, "cannot be opened"),
    "ingest-not-duckdb": Row("ingest {d}/ok.txt --db {d}/text.duckdb", 1, "cannot be opened as a DuckDB store"),
    "events-newer-schema": Row("events --db {d}/newer.duckdb", 1, "newer than this tidings"),
    "events-store-busy": Row("events --db {d}/written.duckdb", 1, "in use by another process", sub=True,
                             env=QUICK_WAIT),
    "relations-store-busy": Row("relations JPN KEN --db {d}/written.duckdb", 1, "in use", sub=True, env=QUICK_WAIT),
    "export-store-busy": Row("export -f csv -o {d}/x.csv --db {d}/written.duckdb", 1, "in use", sub=True,
                             env=QUICK_WAIT),
    "ingest-store-busy": Row("ingest {d}/ok.txt --db {d}/read.duckdb", 1, "in use", sub=True,
                             env={LOCK_WAIT_ENV: "0.2"}),  # an ingest waits ten times as long: 2 s
    "ingest-second-run": Row("ingest {d}/ok.txt --db {d}/ingesting.duckdb", 1, "run one ingest at a time"),
    # 1: a knowledge-base refresh whose endpoint does not answer (port 9, discard: nothing listens here)
    "kb-update-unreachable": Row("kb update --wikidata --endpoint http://127.0.0.1:9/sparql --retries 0 --out {d}", 1,
                                 "after 1 try"),
    "events-bad-wait-setting": Row("events --db {d}/store.duckdb", 1, LOCK_WAIT_ENV, env={LOCK_WAIT_ENV: "soon"}),
    "ingest-date-out-of-range": Row("ingest {d}/ok.txt --date 0001-01-01 --db {d}/x.duckdb", 2, "--date"),
    "code-unreadable": Row("code /proc/self/mem", 2, "cannot read"),
    "gkg-unreadable": Row("gkg /proc/self/mem", 2, "cannot read"),
    "code-named-pipe": Row("code {d}/pipe", 2, "not a regular file"),  # opening it would block forever
    # 3: no spaCy model; 4: a malformed data file (kb prints its report on stdout)
    "code-no-model": Row("code {d}/ok.txt --model no_such_pipeline_here", 3, "cannot load spaCy pipeline"),
    "kb-malformed": Row("kb --data {d}/kbdata", 4, "peoples.yaml:3: not valid YAML"),
}
# the subprocess rows last: they run in the background (``started``) while the in-process rows run
PARAMS = ([pytest.param(row, id=rid) for rid, row in ROWS.items() if not row.sub]
          + [pytest.param(row, id=rid) for rid, row in ROWS.items() if row.sub])
SUB_ROWS = {rid: row for rid, row in ROWS.items() if row.sub}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, pipe) -> Path:  # noqa: ANN001 - the shared pipeline
    """Inputs written here, a store with an event, an empty one, one from a newer tidings, and a broken KB."""
    d = tmp_path_factory.mktemp("exits")
    os.mkfifo(d / "pipe")
    (d / "ok.txt").write_text("Japan praised Kenya on Monday for its help after the floods.\n", encoding="utf-8")
    (d / "calm.txt").write_text("Rain fell over the hills all afternoon and the shops closed early.\n")
    (d / "empty.txt").write_bytes(b"  \n\n ")
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    (d / "latin1.txt").write_bytes("Le pr\u00e9sident a re\u00e7u le ministre.".encode("latin-1"))
    (d / "huge.txt").write_bytes(b"Kenya thanked Japan.\n" * (MAX_ARTICLE_BYTES // 21 + 1))
    (d / "folder").mkdir()
    (d / "gold.tsv").write_text("Japan praised Kenya for its help.\t1\n", encoding="utf-8")
    (d / "bad.tsv").write_text("Japan praised Kenya for its help.\tvery good\n", encoding="utf-8")
    (d / "comments.tsv").write_text("# nothing but a comment\n", encoding="utf-8")
    (d / "text.duckdb").write_text("this is not a database\n" * 100)
    ingest([d / "ok.txt"], d / "store.duckdb", IngestOptions(default_date=dt.date(2026, 1, 5)), pipeline=pipe)
    Store(d / "empty.duckdb").close()
    for name in ("newer", "written", "read"):
        shutil.copy(d / "empty.duckdb", d / f"{name}.duckdb")
    with duckdb.connect(str(d / "newer.duckdb")) as con:
        con.execute("INSERT INTO schema_version VALUES (?, 'from the future', now())", [LATEST + 1])
    (d / "kbdata" / "actors").mkdir(parents=True)  # a data folder whose one file is not YAML
    (d / "kbdata" / "actors" / "peoples.yaml").write_text("peoples:\n  - {country: [JPN\n", encoding="utf-8")
    return d


def _subprocess(row: Row, d: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TIDINGS_DEBUG", "FORCE_COLOR")} | (row.env or {})
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", *shlex.split(row.argv.format(d=d))],
                          capture_output=True, timeout=300, env=env, cwd=d)
    return proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")


@pytest.fixture(scope="module")
def started(folder: Path) -> Iterator[dict[str, Future]]:
    """The subprocess rows, started together (two at a time) while this process holds two stores: one open for
    writing (queries find it busy), one open for reading (an ingest finds it busy)."""
    writer = duckdb.connect(str(folder / "written.duckdb"))
    reader = duckdb.connect(str(folder / "read.duckdb"), read_only=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {rid: pool.submit(_subprocess, row, folder) for rid, row in SUB_ROWS.items()}
        try:
            yield futures
        finally:
            for f in futures.values():
                f.cancel()
    writer.close()
    reader.close()


def _in_process(row: Row, d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> tuple:
    for k, v in (row.env or {}).items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(d)
    monkeypatch.setattr(sys, "argv", ["tidings", *shlex.split(row.argv.format(d=d))])
    capsys.readouterr()
    if "ingesting.duckdb" in row.argv:  # as a running ingest holds it
        with ingest_lock(d / "ingesting.duckdb"):
            status = run()
    else:
        status = run()
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("row", PARAMS)
def test_exit_code(row: Row, request: pytest.FixtureRequest, folder: Path, started: dict[str, Future],
                   monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    if row.sub:
        status, out, err = started[request.node.callspec.id].result(timeout=600)
    else:
        status, out, err = _in_process(row, folder, monkeypatch, capsys)
    assert "Traceback" not in err and "internal error" not in err, err
    assert status == row.code, (status, out[-500:], err)
    lines = [line for line in err.splitlines() if line.strip()]
    if row.code == 0 or (row.code == 4 and row.argv.startswith("kb")):
        assert row.says in out, out[-1000:]
    elif lines and lines[0].startswith("Usage:"):  # a usage mistake: click's message, which names it
        assert row.says in err, err
    else:
        assert len(lines) == 1 and lines[0].startswith("tidings: error: ") and row.says in lines[0], err
        assert out == "", out


def test_readme_states_the_limits_the_table_checks() -> None:
    """The README's exit-code section gives the same limits as the code the table runs against."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Exit codes"):]
    section = section[:section.index("\n## ")]
    assert f"{MAX_ARTICLE_BYTES:,} bytes" in section
    assert f"`--article-timeout` (default {IngestOptions().article_timeout:g} s)" in section
    assert f"{READ_WAIT:g} s" in section and f"{READ_WAIT * WRITE_FACTOR:g} s" in section
    assert LOCK_WAIT_ENV in section and f"within {ReaderWatch.POLL * 1000:g} ms" in section
    codes = [int(c) for c in re.findall(r"^\| `(\d)` ", section, flags=re.M)]
    assert codes == [0, 1, 2, 3, 4]
    assert sorted({row.code for row in ROWS.values()}) == codes  # every documented code has a row
