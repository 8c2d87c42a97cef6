"""The cached tagger must agree with spaCy's own attribute ruler and lemmatizer (it replaces them for speed)."""

from __future__ import annotations

from tests.test_events import CASES


def test_fast_tags_agree_with_the_full_components(pipe, seed_text):
    texts = [seed_text] + [c[0] for c in CASES]
    full = list(pipe.nlp.pipe(texts))
    fast = [pipe.fast_tags(d) for d in pipe.nlp.pipe(texts, disable=pipe.fast_tags.disabled)]
    pairs = [(a, b) for x, y in zip(full, fast, strict=True) for a, b in zip(x, y, strict=True)]
    assert len(pairs) > 900
    same_pos = sum(a.pos_ == b.pos_ for a, b in pairs) / len(pairs)
    same_lemma = sum(a.lemma_ == b.lemma_ for a, b in pairs) / len(pairs)
    assert same_pos >= 0.995 and same_lemma >= 0.998, (same_pos, same_lemma)
    assert pipe.fast_tags.disabled == ["attribute_ruler", "lemmatizer"]
