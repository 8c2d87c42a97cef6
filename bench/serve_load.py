"""A bounded load test of ``tidings serve`` on the loopback address: a real uvicorn server in a subprocess, a fixed
number of requests from concurrent clients (threads, one httpx client each).

    .venv/bin/python bench/serve_load.py --db STORE [--articles CORPUS] [--events-requests 600] [--clients 4]
                                         [--code-articles 160] [--code-clients 8]

Prints
  1. the p50 / p95 / max latency of ``GET /api/events``: a fixed mix of the queries a dashboard sends (first page,
     by source, target or either actor, CAMEO root, QuadClass, date range, evidence words, 1,000 rows, and
     following ``next`` for five pages), drawn with a fixed seed and values taken from the store (issue 17's goal:
     p95 under 100 ms);
  2. the throughput of ``POST /api/code`` with ``--code-clients`` clients sending the first readable articles of
     CORPUS, as a ratio to ``Pipeline.code_many`` over the same articles in this process, in the same run (goal: at
     least 0.8). Both sides are warmed up first on other articles; the server loads its pipeline at start
     (``--preload``), the two are timed alternately ``--rounds`` times, and the answers are checked equal to the
     in-process ones.
Numbers vary with machine load: compare the ratio, measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews_politics.jsonl"


def articles(corpus: Path, n: int) -> list:
    """The first n readable articles of ``corpus`` (any format ingest reads)."""
    from tidings.models import Item
    from tidings.readers.files import iter_records

    out = []
    for rec in iter_records([corpus]):
        if isinstance(rec, Item):
            out.append(rec.article)
            if len(out) >= n:
                break
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    cmd = [sys.executable, "-m", "tidings.cli", "serve", "--db", str(db), "--port", str(port), "--preload",
           "--no-access-log"]
    proc = subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server ended: see {log}")
        try:
            if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"the server did not answer in 120 s: see {log}")


def query_mix(db: Path, n: int, seed: int = 0) -> list[tuple[str, dict]]:
    """``n`` (kind, params) drawn with a fixed seed, their values from the store (read before the server starts)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    countries = [r[0] for r in con.execute(
        "SELECT source_country FROM events WHERE source_country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
        "LIMIT 12").fetchall()]
    roots = [r[0] for r in con.execute("SELECT DISTINCT cameo_root FROM events WHERE cameo_root IS NOT NULL "
                                       "ORDER BY 1").fetchall()]
    lo, hi = con.execute("SELECT min(date), max(date) FROM events").fetchone()
    con.close()
    words = ["minister", "president", "police", "talks", "election", "government", "protest", "said"]
    rnd = random.Random(seed)

    def window() -> dict:
        start = lo + (hi - lo) * rnd.random()
        return {"from": start.isoformat(), "to": min(hi, start + (hi - lo) / 20).isoformat()}

    kinds = {
        "first page": lambda: {},
        "source": lambda: {"source": rnd.choice(countries)},
        "target": lambda: {"target": rnd.choice(countries)},
        "actor": lambda: {"actor": rnd.choice(countries)},
        "root": lambda: {"root": rnd.choice(roots)},
        "quad": lambda: {"quad": rnd.randrange(5)},
        "dates": window,
        "q": lambda: {"q": rnd.choice(words)},
        "q + actor": lambda: {"q": rnd.choice(words), "actor": rnd.choice(countries)},
        "limit 1000": lambda: {"limit": 1000},
        "pages": lambda: {"source": rnd.choice(countries), "limit": 50, "pages": 5},
    }
    names = list(kinds)
    return [(kind, kinds[kind]()) for kind in (names[i % len(names)] for i in range(n))]


def run_events(url: str, mix: list[tuple[str, dict]], clients: int) -> dict[str, list[float]]:
    """Latency per request, by kind; a "pages" item is one request per page, following ``next``."""
    jobs = list(enumerate(mix))
    lock = threading.Lock()
    times: dict[str, list[float]] = {}
    errors: list[str] = []

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while True:
                with lock:
                    if not jobs:
                        return
                    _, (kind, params) = jobs.pop(0)
                params = dict(params)
                pages = params.pop("pages", 1)
                cursor = None
                for _ in range(pages):
                    t = time.perf_counter()
                    r = http.get("/api/events", params={**params, **({"cursor": cursor} if cursor else {})})
                    took = time.perf_counter() - t
                    with lock:
                        times.setdefault(kind, []).append(took)
                        if r.status_code != 200:
                            errors.append(f"{r.status_code} {r.text[:200]}")
                    cursor = r.json().get("next") if r.status_code == 200 else None
                    if not cursor:
                        break

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return times


def run_code(url: str, batch: list, clients: int) -> tuple[float, list[dict]]:
    """Wall time for ``clients`` clients to code every article of ``batch`` through POST /api/code."""
    todo = list(enumerate(batch))
    lock = threading.Lock()
    results: list[dict | None] = [None] * len(batch)

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=300) as http:
            while True:
                with lock:
                    if not todo:
                        return
                    i, a = todo.pop(0)
                body = {"text": a.text, "date": a.date.isoformat() if a.date else None, "title": a.title,
                        "url": a.url}
                r = http.post("/api/code", json=body)
                if r.status_code != 200:
                    raise SystemExit(f"/api/code answered {r.status_code}: {r.text[:200]}")
                results[i] = r.json()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, results


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="the store to serve")
    ap.add_argument("--articles", type=Path, default=CORPUS, help="articles for /api/code")
    ap.add_argument("--events-requests", type=int, default=600)
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients for /api/events")
    ap.add_argument("--code-articles", type=int, default=160)
    ap.add_argument("--code-clients", type=int, default=8)
    ap.add_argument("--warmup", type=int, default=24, help="articles each side codes before it is timed")
    ap.add_argument("--rounds", type=int, default=3, help="alternating timings of code_many and the server")
    args = ap.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: no such store")

    texts = articles(args.articles, args.warmup + args.code_articles)
    warm, batch = texts[:args.warmup], texts[args.warmup:]
    words = sum(len(a.text.split()) for a in batch)
    mix = query_mix(args.db, args.events_requests)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(tempfile.gettempdir()) / f"tidings-serve-load-{port}.log"
    server = start_server(args.db, port, log)
    from tidings.pipeline import Pipeline

    pipe = Pipeline(warm=True)
    rounds: list[tuple[float, float, float, float, float]] = []
    try:
        list(pipe.code_many(warm))
        run_code(url, warm, args.code_clients)
        run_events(url, mix[:20], args.clients)  # warm the server's first connections and DuckDB's caches
        t = time.perf_counter()
        times = run_events(url, mix, args.clients)
        events_s = time.perf_counter() - t
        same = 0
        for _ in range(args.rounds):  # alternate the two, so that a change in the machine's load hits both
            t, cpu = time.perf_counter(), time.process_time()
            local = [c.to_dict() for c in pipe.code_many(batch)]
            local_s, local_cpu = time.perf_counter() - t, time.process_time() - cpu
            server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
            code_s, served = run_code(url, batch, args.code_clients)
            server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
            same += sum(a == b for a, b in zip(local, served, strict=True))
            rounds.append((local_s, code_s, local_cpu, server_cpu, client_cpu))
    finally:
        server.terminate()
        server.wait(30)

    every = [x for v in times.values() for x in v]
    print(f"store {args.db}; {len(every)} requests to /api/events from {args.clients} clients in {events_s:.1f} s")
    print(f"{'query':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, v in [*times.items(), ("all", every)]:
        print(f"{kind:<12} {len(v):>5} {statistics.median(v) * 1e3:>8.1f} {pct(v, 95) * 1e3:>8.1f} "
              f"{max(v) * 1e3:>8.1f}")
    local_s, code_s = sum(r[0] for r in rounds), sum(r[1] for r in rounds)
    n = len(batch) * len(rounds)
    local_rate, served_rate = n / local_s, n / code_s
    print(f"/api/code, {len(batch)} articles ({words:,} words) x {len(rounds)} rounds, {args.code_clients} clients: "
          f"{served_rate:.1f} articles/s; in-process code_many: {local_rate:.1f} articles/s; ratio "
          f"{served_rate / local_rate:.2f} (rounds: {', '.join(f'{r[0] / r[1]:.2f}' for r in rounds)}); answers "
          f"equal to in-process: {same}/{n}")
    print("CPU seconds per round: in-process code_many / server / its clients: "
          + "; ".join(f"{r[2]:.1f} / {r[3]:.1f} / {r[4]:.1f}" for r in rounds))
    print(json.dumps({"events_p50_ms": round(statistics.median(every) * 1e3, 1),
                      "events_p95_ms": round(pct(every, 95) * 1e3, 1), "events_requests": len(every),
                      "code_ratio": round(served_rate / local_rate, 3), "code_articles_per_s": round(served_rate, 2),
                      "code_many_articles_per_s": round(local_rate, 2), "code_answers_equal": same,
                      "code_answers": n}))


if __name__ == "__main__":
    main()
