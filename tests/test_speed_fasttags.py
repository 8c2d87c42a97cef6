"""The cheap cache misses of ``FastTagger`` must not change a single POS or lemma.

The tagger's lemmatizer is a copy of the pipeline's whose word index is held as sets; it must give exactly the
lemmas of the shipped component for every token, and the tagger built on it exactly the POS and lemmas of a tagger
that resolves every token afresh.
"""

from __future__ import annotations

import pytest
from spacy.attrs import LEMMA, POS

from tests.test_events import CASES
from tidings.nlp.fasttags import FastTagger

EXTRA = [
    "The ministers were meeting while protesters gathered, chanting and throwing stones at the buildings.",
    "Children's books, geese, mice, better offers, the worst wars: irregular forms and degrees, parsed.",
    "She'd've gone; they're going; it's been done; he ain't gonna stop. Dr. Smith's U.S.-based firms' CEOs agreed.",
    "Iranian-backed militias fired 3,000 rockets; 12.5% of exports fell by $1.2bn in Q3 2025 (estimates vary).",
    "RUNNING, running, Ran, ran - SPOKEN spoke SPEAKS; Parliaments parliamentarians PARLIAMENT'S.",
]


def _texts(seed_text: str) -> list[str]:
    return [seed_text, *(c[0] for c in CASES), *EXTRA]


def test_set_indexed_copy_lemmatizes_like_the_component(pipe, seed_text):
    lemmatizer = pipe.nlp.get_pipe("lemmatizer")
    fast = FastTagger(pipe.nlp).lemmatizer
    assert fast is not lemmatizer and isinstance(lemmatizer.lookups.get_table("lemma_index")["noun"], list)
    checked = 0
    for doc in pipe.nlp.pipe(_texts(seed_text)):  # the full pipeline: the attribute ruler sets POS and morphology
        for tok in doc:
            assert fast.rule_lemmatize(tok) == lemmatizer.rule_lemmatize(tok), (tok.text, tok.pos_, str(tok.morph))
            checked += 1
    doc = pipe.nlp.make_doc("running geese better Parliaments quickly ran the 42 ! I he")
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "PRON", "NUM", "PUNCT", "DET", "X", "SPACE", "AUX"):
        for tok in doc:
            tok.pos_ = pos
            assert fast.rule_lemmatize(tok) == lemmatizer.rule_lemmatize(tok), (tok.text, pos)
            checked += 1
    assert checked > 900


class _Reference(FastTagger):
    """A FastTagger that forgets everything between tokens: every token takes the slow path."""

    def __call__(self, doc):  # noqa: ANN001, ANN204
        self._cache.clear()
        self._ruled.clear()
        self._lemmas.clear()
        return super().__call__(doc)


@pytest.mark.parametrize("warm", [False, True])
def test_caches_change_nothing(pipe, seed_text, warm):
    """Cached answers (warm: every text tagged once before) equal answers computed from scratch per doc."""
    texts = _texts(seed_text)
    cached, reference = FastTagger(pipe.nlp), _Reference(pipe.nlp)
    if warm:
        for d in pipe.nlp.pipe(texts, disable=cached.disabled):
            cached(d)
    for d in pipe.nlp.pipe(texts, disable=cached.disabled):
        a, b = cached(d.copy()), reference(d.copy())
        assert a.to_array([POS, LEMMA]).tolist() == b.to_array([POS, LEMMA]).tolist()
