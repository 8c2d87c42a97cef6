"""The kept sentences are handed to the parser as a Doc built from the pre-filter's tokens, not re-tokenized.

That Doc must be exactly what spaCy's tokenizer makes of the joined text (same tokens, whitespace and norms), or the
pipeline must fall back to tokenizing; and the coded result must not depend on which path was taken.
"""

from __future__ import annotations

import pytest

from tidings.models import Article

PARAGRAPHS = [
    # kept sentences after paragraph breaks, double spaces, contractions and quotes glued to the next sentence
    "Heavy rain closed the coastal road on Monday.\n\nJapan accused China of sending patrol boats into its waters.  "
    "The ferry service did not run.\nOfficials in Tokyo said they didn't expect talks soon.",
    'The library opened late. "We will not wait," the minister said."Russia threatened to cut gas supplies to '
    "Moldova,\" a spokesman added.The rain stopped.\n \nIndia's prime minister visited Nepal on Friday.",
    "Prices rose again.\n\n\n  Brazil condemned the attack on its embassy in Caracas.\t\nNothing else happened. "
    "Kenya signed a trade agreement with Uganda.''' Markets were calm.",
    "Turkey and Greece held talks in Athens (the first in years).The weather was fine. Nobody minded. Egypt "
    "rejected Ethiopia's proposal for the dam, officials said - a blow to the mediators.",
]


def _tokens(doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.whitespace_, t.norm_) for t in doc]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_kept_doc_matches_the_tokenizer(pipe, text):
    plan = pipe._plan(Article(text=text))
    assert plan.tokens is not None and plan.text, "these texts have sentences the pre-filter skips and keeps"
    if plan.doc is not None:
        assert plan.doc.text == plan.text
        assert _tokens(plan.doc) == _tokens(pipe.nlp.tokenizer(plan.text))


def test_both_paths_are_taken(pipe):
    """Most texts take the pre-built Doc; one whose sentence boundary splits a chunk differently falls back."""
    built = [pipe._plan(Article(text=t)).doc is not None for t in PARAGRAPHS]
    assert sum(built) >= 2 and not all(built)


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_coding_is_the_same_either_way(pipe, text, monkeypatch):
    article = Article(text=text, date=None)
    prebuilt = pipe.code(article).to_dict()
    monkeypatch.setattr(pipe.prefilter, "kept_doc", lambda sel: None)
    tokenized = pipe.code(article).to_dict()
    assert prebuilt == tokenized
    assert prebuilt["events"], "each text has at least one event"
