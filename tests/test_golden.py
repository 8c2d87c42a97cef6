"""Equivalence against golden files in the tree: the coded output of the seed article (whole JSON) and of the first
300 Wikinews politics articles (a digest per article) must be what ``tests/golden/make_coded_golden.py`` wrote.

A refactoring must leave both unchanged. A change meant to alter the output regenerates them with that script, and
the commit says which fields changed and why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden import make_coded_golden as golden

HERE = Path(__file__).resolve().parent / "golden"


def test_seed_json_is_the_golden_file(seed) -> None:
    expected = json.loads((HERE / "seed.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(seed.to_dict(), ensure_ascii=False))
    assert got["article"] == expected["article"]
    for key in expected:
        assert got[key] == expected[key], key
    assert list(got) == list(expected)


def test_300_wikinews_articles_code_as_the_golden_file(pipe) -> None:
    if not golden.CORPUS.exists():
        pytest.skip("../shared/corpora/wikinews_politics.jsonl is not beside this checkout")
    lines = (HERE / "wikinews300.tsv").read_text(encoding="utf-8").splitlines()[1:]
    expected = {line.split("\t")[0]: line for line in lines}
    got = {c.article.id: golden.row(c.to_dict()) for c in pipe.code_many(golden.corpus_articles())}
    assert len(got) == len(expected) == golden.N_ARTICLES
    differ = [f"expected {expected[k]}\n     got {got[k]}" for k in expected if got.get(k) != expected[k]]
    assert not differ, f"{len(differ)} articles code differently:\n" + "\n".join(differ[:10])
