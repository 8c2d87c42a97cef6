"""The event extractor reads the tree through a ``DocView`` (lists indexed by token) and must find what the Token
walk found.

Two checks. ``DocView`` against spaCy: every token's head, children, left children, conjuncts, subtree, labels and
words as the Token API gives them, and the evidence text as ``Span.text``. And the events against the golden file
``tests/golden/extract.json`` (written by ``tests/golden/make_extract_golden.py``; its first version held what the
extractor found before the ``DocView`` rewrite, and what it finds since): the same events, and the same actor
mentions from the resolver afterwards, which the resolver fills as it is asked, so a change in what the walk asks
it shows too. The texts are written for these tests (``tests/golden/extract_cases.py``). A deliberate change to
what the extractor finds fails the second check: then the golden file is written again, and the commit says which
events changed and why.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.golden.extract_cases import PARAGRAPHS, parsed, record
from tests.golden.make_extract_golden import GOLDEN
from tidings.nlp.docview import DocReader


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_docview_reads_the_tree_the_token_api_gives(pipe, text):
    doc = parsed(pipe, text)
    p = DocReader().read(doc)
    for tok in doc:
        i = tok.i
        assert p.head[i] == tok.head.i
        assert p.kids[i] == [c.i for c in tok.children]
        assert p.lefts(i) == [c.i for c in tok.lefts]
        assert p.conjuncts(i) == [c.i for c in tok.conjuncts]
        assert p.subtree(i) == [c.i for c in tok.subtree]
        assert (p.dep[i], p.lower[i], p.lemma[i], p.pos[i], p.tag[i]) == (
            tok.dep_, tok.lower_, tok.lemma_.lower(), tok.pos_, tok.tag_)
        assert p.token(i) == tok and p.token(i).idx == tok.idx
        for prep in {c.lower_ for c in tok.children}:
            assert p.by_prep(i, prep) == [g.i for c in tok.children if c.dep_ in ("prep", "agent", "prt", "dative")
                                          and c.lower_ == prep for g in c.children if g.dep_ in ("pobj", "pcomp")]
    for sent in doc.sents:
        assert p.evidence(sent) == sent.text.strip()


@pytest.fixture(scope="module")
def golden() -> list[dict[str, Any]]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_events_are_those_of_the_golden_file(pipe, golden):
    got = json.loads(json.dumps(record(pipe), ensure_ascii=False))  # tuples and the like as the file holds them
    assert [r["text"] for r in got] == [r["text"] for r in golden], "the texts changed: write the golden file again"
    for mine, want in zip(got, golden, strict=True):
        for run in ("whole", "odd_sentences"):
            assert mine[run]["events"] == want[run]["events"], (run, mine["text"])
            assert mine[run]["mentions"] == want[run]["mentions"], (run, mine["text"])


def test_the_golden_file_holds_events_of_many_kinds(golden):
    """The comparison is worth something only if the texts hold events of many kinds."""
    found = [e for r in golden for e in r["whole"]["events"]]
    assert {e["cameo_root"] for e in found} >= {"01", "02", "03", "04", "05", "10", "11", "12", "13", "14", "16",
                                                 "17", "19"}
    # a wrapper's rule names the act it wraps after a "+" ("appeal.urge+yield.release"): the entry is before it
    assert {"appeal.urge", "consult.n-visit", "demand.obligation-clause", "consult.hold-talks"} <= {
        e["rule"].split("+")[0] for e in found}
    assert any("+" in e["rule"] for e in found)  # an absorbed complement ("willing to send troops")
    assert any(e["source_from"] == "unstated" for e in found)  # a passive with an unnamed doer
    assert {e["source_from"] for e in found} >= {"argument", "member", "attackers-at-place", "group-at-place"}
    assert {e["target_from"] for e in found} >= {"argument", "clause", "other-party", None}
    assert any(e["modality"] != "asserted" for e in found) and any(e["reported"] for e in found)
    assert any(r["odd_sentences"]["events"] for r in golden) and all(r["whole"]["mentions"] for r in golden)
