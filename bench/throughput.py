"""Throughput of tidings against plain spaCy on the same texts, in one run.

    .venv/bin/python bench/throughput.py [CORPUS] [--n 1000]

Prints, for the first N readable articles of CORPUS (default ../shared/corpora/wikinews_politics.jsonl):
articles/s and words/s for
  1. plain ``nlp.pipe`` with the same model (batch 16), loaded separately and left as spaCy ships it: the
     baseline; and, when tidings multiplies through NumPy (``tidings.nlp.blas``), plain ``nlp.pipe`` on a third copy
     given the same products, to show how much of the difference that alone makes;
  2. tidings end to end (coding into a fresh DuckDB store), 1 process, pre-filter on, with the learned event model
     (its share of the run's time printed below the table) and with ``--no-model`` (the rules alone);
  3. the same with the pre-filter off (every sentence parsed);
  4. tidings with 2 worker processes, pre-filter on (worker start-up included, and steady state);
with each run's wall time as a ratio to the baseline's (the figure issue 6 bounds: at most 0.6 with the
pre-filter on), and peak memory: this process's max RSS (it holds three copies of the model) and the largest
worker's, sampled. Models are loaded before
timing; numbers vary with machine load, so compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import bench_args, run_ingest, take  # noqa: E402


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


class ChildMemory:
    """The largest resident size of this process's children, sampled from /proc every quarter second.

    ``getrusage(RUSAGE_CHILDREN)`` will not do: a spawned worker starts as a fork of this process, and its peak is
    counted from there, so it reports this process's size, models and all. Linux only; elsewhere it reports
    nothing."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.25):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                except OSError:
                    continue  # the process ended
                if fields.get("PPid", "").strip() == me and "VmRSS" in fields:
                    self.peak_kb = max(self.peak_kb, int(fields["VmRSS"].split()[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-workers", action="store_true", help="leave out the 2-worker run")
    args, source = bench_args(__doc__, 1000, ap)

    import spacy

    from tidings.nlp import blas
    from tidings.nlp import model as nlp_mod
    from tidings.pipeline import Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        jsonl = tmpdir / "sample.jsonl"
        texts = take(source, args.n, jsonl)
        n, words = len(texts), sum(len(t.split()) for t in texts)
        with_filter, without_filter = Pipeline(warm=True), Pipeline(prefilter=False, warm=True)
        rules_only = Pipeline(warm=True, learned=False)
        for pipe in (with_filter, without_filter):
            if pipe.learned is not None:
                pipe.learned.get()  # loaded before timing, as the spaCy models are
        plain = nlp_mod.stock()  # its own copy of the model, as spaCy loads it: tidings' copy is sped up
        print(f"{n} articles, {words} words, from {source}; spaCy {spacy.__version__}, "
              f"{with_filter.nlp.meta.get('name')} {with_filter.nlp.meta.get('version')}; tidings multiplies "
              f"through {with_filter.blas} (blas.py), the baseline through BLIS")

        t0 = time.perf_counter()
        for _ in plain.pipe(texts, batch_size=16):
            pass
        base = time.perf_counter() - t0
        rows = [("plain nlp.pipe (baseline)", base, n)]
        if with_filter.blas == "numpy":
            # how much of tidings' lead is the faster matrix library alone: plain spaCy given the same products
            plain_numpy = nlp_mod.stock()
            blas.use_fastest(plain_numpy, "numpy")
            t0 = time.perf_counter()
            for _ in plain_numpy.pipe(texts, batch_size=16):
                pass
            rows.append(("plain nlp.pipe, NumPy products (blas.py)", time.perf_counter() - t0, n))

        r = run_ingest(jsonl, tmpdir / "a.duckdb", 1, pipeline=with_filter)
        rows.append(("tidings -> store, 1 process, pre-filter", r["seconds"], r["articles"]))
        model_share = with_filter.model_seconds / r["seconds"]
        r = run_ingest(jsonl, tmpdir / "a2.duckdb", 1, pipeline=rules_only)
        rows.append(("  the same, --no-model (rules only)", r["seconds"], r["articles"]))
        r = run_ingest(jsonl, tmpdir / "b.duckdb", 1, pipeline=without_filter, prefilter=False)
        rows.append(("tidings -> store, 1 process, no pre-filter", r["seconds"], r["articles"]))
        steady = None
        if not args.skip_workers:
            with ChildMemory() as children:
                r = run_ingest(jsonl, tmpdir / "c.duckdb", 2)
            rows.append(("tidings -> store, 2 workers, pre-filter", r["seconds"], r["articles"]))
            steady = r["steady"]

        print(f"{'run':46} {'articles/s':>10} {'words/s':>9} {'wall s':>7} {'wall ratio':>10}")
        for name, secs, arts in rows:
            print(f"{name:46} {arts / secs:10.1f} {words / secs:9.0f} {secs:7.1f} {secs / base:10.2f}")
        if steady:
            print(f"{'  2 workers, steady state after first commit':46} {steady:10.1f} {steady * words / n:9.0f} "
                  f"{'':7} {n / steady / base:10.2f}")
        loaded = with_filter.learned is not None and with_filter.learned.get() is not None
        # the model reads on a thread of its own beside the parse (Pipeline.code_many), so its seconds are not wall
        # seconds of the run: what it costs the wall is the difference from the --no-model row
        share = (f"{model_share:.1%} of the 1-process pre-filter run's wall, on its own thread beside the parse "
                 "(its cost to the wall: the difference from the --no-model row)") if loaded \
            else "not installed (rules only)"
        print(f"learned event model: {share}")
        workers = f"; largest worker {children.peak_kb / 1024:.0f} MB" if not args.skip_workers else ""
        print(f"peak memory: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB{workers}")


if __name__ == "__main__":
    main()
