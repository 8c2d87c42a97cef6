"""The cached tagger must agree with spaCy's own attribute ruler and lemmatizer (it replaces them for speed), and
sit in the pipeline as a registered component, so that every way of running it tags alike."""

from __future__ import annotations

from tests.test_events import CASES
from tidings.nlp.fasttags import FACTORY, SKIPPED, install
from tidings.nlp.model import stock


def test_fast_tags_agree_with_the_full_components(pipe, seed_text):
    texts = [seed_text] + [c[0] for c in CASES]
    full = list(stock().pipe(texts))  # the pipeline as spaCy ships it
    fast = list(pipe.nlp.pipe(texts))
    pairs = [(a, b) for x, y in zip(full, fast, strict=True) for a, b in zip(x, y, strict=True)]
    assert len(pairs) > 900
    same_pos = sum(a.pos_ == b.pos_ for a, b in pairs) / len(pairs)
    same_lemma = sum(a.lemma_ == b.lemma_ for a, b in pairs) / len(pairs)
    assert same_pos >= 0.995 and same_lemma >= 0.998, (same_pos, same_lemma)


def test_the_fast_tagger_is_a_component_in_place_of_the_rule_components(pipe):
    assert pipe.nlp.pipe_names[-1] == FACTORY
    assert not set(SKIPPED) & set(pipe.nlp.pipe_names)  # still there, disabled: nothing runs twice
    assert set(SKIPPED) <= set(pipe.nlp.disabled)
    before = list(pipe.nlp.pipe_names)
    assert install(pipe.nlp) is pipe.nlp.get_pipe(FACTORY) and pipe.nlp.pipe_names == before
    doc = pipe.nlp("The ministers were meeting in Oslo.")
    assert [t.lemma_ for t in doc][:4] == ["the", "minister", "be", "meet"]
