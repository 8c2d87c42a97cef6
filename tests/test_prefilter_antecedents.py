"""The pre-filter parses only sentences that can hold an event; a kept sentence whose "he" or "she" names someone
from a sentence it would skip keeps that sentence too, so the pronoun is resolved as without the pre-filter.
Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.nlp.prefilter import keep_antecedents
from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "pair"), [
    ("Emmanuel Macron spoke in Lyon on Monday. He criticised Germany.", ("FRA", "DEU")),
    ("Vladimir Putin spoke at length in Sochi. Later she was praised by him, but he condemned Ukraine.",
     ("RUS", "UKR")),
])
def test_a_pronouns_antecedent_sentence_is_parsed(pipe: Pipeline, text: str, pair: tuple[str, str]) -> None:
    events = pipe.code(text, date="2021-05-01").events
    assert any((e.source.country, e.target.country if e.target else None) == pair for e in events), events


def test_only_the_nearest_unparsed_sentence_naming_an_actor_is_added() -> None:
    keep = [False, False, False, True, False, True]
    named = [True, True, False, True, True, False]
    pronoun = [False, False, False, True, False, False]
    keep_antecedents(keep, named, pronoun)
    assert keep == [False, True, False, True, False, True]  # sentence 1, not 0; sentence 5 has no pronoun
    keep, pronoun = [True, False, True], [False, False, True]
    keep_antecedents(keep, [True, True, False], pronoun)
    assert keep == [True, True, True]
    keep = [True, False, True]
    keep_antecedents(keep, [True, False, False], pronoun)
    assert keep == [True, False, True]  # a kept sentence comes first: nothing added
