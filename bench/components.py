"""Where plain spaCy's time goes, component by component, with the installed spaCy build.

    .venv/bin/python bench/components.py [CORPUS] [--n 200]

Prints seconds per pipeline component (tokenizer, tok2vec, tagger, parser, attribute ruler, lemmatizer, NER) over
the first N readable articles, twice (the first pass warms caches), and each component's share of the total. Its
purpose is to check a spaCy build: the wheels of spaCy 3.8.8 and later take the GIL inside the parser's and the
entity recognizer's inner loop, and on this project's machine the NER row is about three times that of 3.8.6 on
the same text (see the README's Speed section). Run it under two versions, in two virtual environments, and compare
the rows: the same machine, the same texts, the same model.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import bench_args, take  # noqa: E402


def main() -> None:
    args, source = bench_args(__doc__, 200)

    import spacy

    from tidings.nlp import model as nlp_mod

    with tempfile.TemporaryDirectory() as tmp:
        texts = take(source, args.n, Path(tmp) / "sample.jsonl")
    nlp = nlp_mod.load()
    print(f"{len(texts)} articles from {source}; spaCy {spacy.__version__}, "
          f"{nlp.meta.get('name')} {nlp.meta.get('version')}")
    for run in ("warm-up", "measured"):
        t0 = time.perf_counter()
        docs = list(nlp.tokenizer.pipe(texts))
        seconds = {"tokenizer": time.perf_counter() - t0}
        for name, component in nlp.pipeline:
            t0 = time.perf_counter()
            docs = list(component.pipe(docs, batch_size=16))
            seconds[name] = time.perf_counter() - t0
        total = sum(seconds.values())
        print(f"{run}: total {total:.2f} s")
        if run == "measured":
            for name, secs in seconds.items():
                print(f"  {name:16} {secs:6.2f} s {secs / total:6.1%}")


if __name__ == "__main__":
    main()
