"""Run the held-back set of bad inputs (``tests/badinputs.py``, heavy variant) as a user would: ``tidings code``
on each file alone and ``tidings ingest`` on each folder (workers 1) and on all of them (workers 2), one process
per command under ``/usr/bin/time -v`` and a wall-clock guard, then exports and queries on the store.

    PYTHONPATH=src:. python bench/badinputs.py [OUT_FOLDER] [--guard 120] [--jobs 2]

Prints one line per command (exit code, seconds, peak RSS) and every failure: an exit code the README's table
does not allow, "internal error", a traceback, more than one stderr line on failure, a hang, or a record neither
stored nor rejected. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.badinputs import Case, check_fates, make_inputs  # noqa: E402 - after the path is set


def run(argv: list[str], guard: int) -> tuple[int | str, float, int, str]:
    """Exit code (or "hang"), seconds, peak RSS in MB and stderr of ``tidings ARGV`` in its own process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    env.pop("TIDINGS_DEBUG", None)
    with tempfile.NamedTemporaryFile("r", suffix=".time", encoding="utf-8", errors="replace") as tf:
        start = time.monotonic()
        try:
            proc = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name, sys.executable, "-m", "tidings.cli", *argv],
                                  capture_output=True, timeout=guard, env=env)
        except subprocess.TimeoutExpired:
            return "hang", time.monotonic() - start, 0, ""
        secs = time.monotonic() - start
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tf.read())
    return proc.returncode, secs, int(m.group(1)) // 1024 if m else 0, proc.stderr.decode("utf-8", "replace")


def problems(code: int | str, err: str, allowed: tuple[int, ...]) -> list[str]:
    out = []
    if code not in allowed:
        out.append(f"exit {code}, allowed {allowed}")
    if "internal error" in err or "Traceback" in err:
        out.append("internal error or traceback: " + err.strip().splitlines()[-1][:200])
    if code not in (0, "hang") and len([ln for ln in err.splitlines() if ln.startswith("tidings: error")]) != 1:
        out.append(f"not one error line: {err.strip()[:300]!r}")
    return out


def store_fates(db: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return (set(con.sql("SELECT path, coalesce(locator, '') FROM articles").fetchall()),
                set(con.sql("SELECT path, coalesce(locator, '') FROM rejects").fetchall()))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", type=Path, default=None)
    ap.add_argument("--guard", type=int, default=120)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="badinputs-"))
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = make_inputs(out, heavy=True)
    folder = out / "in"
    failures: list[str] = []
    timings: list[tuple[float, int, str]] = []

    def code_one(c: Case) -> None:
        code, secs, rss, err = run(["code", os.fsdecode(c.path), "--date", "2026-01-02"], args.guard)
        timings.append((secs, rss, f"code {c.path.name!r}"))
        failures.extend(f"code {c.path.name!r} ({c.kind}): {p}" for p in problems(code, err, (0, 2)))
        print(f"code   {code!s:>4} {secs:6.1f}s {rss:5d}MB {c.kind}", flush=True)

    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(code_one, [c for c in cases if c.code]))
    runs = [(f"ingest {p.name} w1", [p], 1) for p in sorted(folder.iterdir())] + [("ingest all w2", [folder], 2)]
    for label, paths, workers in runs:
        db = out / f"{label.replace(' ', '-')}.duckdb"
        code, secs, rss, err = run(["ingest", *map(str, paths), "--db", str(db), "--workers", str(workers),
                                    "--date", "2026-01-02"], 4 * args.guard)
        timings.append((secs, rss, label))
        failures.extend(f"{label}: {p}" for p in problems(code, err, (0,)))
        if db.exists():
            mine = [c for c in cases if any(c.path.is_relative_to(p) for p in paths)]
            failures.extend(f"{label}: {w}" for w in check_fates(mine, *store_fates(db)))
        print(f"{label:<24} {code!s:>4} {secs:6.1f}s {rss:5d}MB", flush=True)
    db = out / "ingest-all-w2.duckdb"
    for argv in (["export", "--format", "gdelt", "-o", str(out / "e.tsv")], ["export", "--format", "csv", "-o",
                 str(out / "e.csv")], ["export", "--format", "plover", "-o", str(out / "e.json")],
                 ["export", "--format", "gkg", "-o", str(out / "g.tsv")], ["events", "--format", "csv"],
                 ["relations", "KEN", "UGA"]):
        code, secs, rss, err = run([*argv, "--db", str(db)], args.guard)
        failures.extend(f"{' '.join(argv[:3])}: {p}" for p in problems(code, err, (0,)))
        print(f"{' '.join(argv[:3]):<24} {code!s:>4} {secs:6.1f}s {rss:5d}MB", flush=True)
    print(f"\n{sum(c.code for c in cases)} files coded alone, {len(cases)} cases ingested; slowest and largest:")
    for secs, rss, label in sorted(timings, reverse=True)[:6]:
        print(f"  {secs:6.1f} s {rss:5d} MB  {label}")
    print(f"  peak RSS {max(r for _, r, _ in timings)} MB")
    print(f"\n{len(failures)} failures" + "".join(f"\n  {f}" for f in failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
