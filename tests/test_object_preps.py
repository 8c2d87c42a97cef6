"""A verb entry's object may sit in a preposition ("pulled out of the accord"), but not in one that says it is
absent ("ended without an accord"). The texts are written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize("text", [
    "The talks between Chad and Sudan ended without an accord on Friday.",
    "The meeting of Peru and Ecuador broke up without agreement.",
])
def test_an_object_said_to_be_absent_does_not_make_the_verb_an_event(pipe: Pipeline, text: str) -> None:
    roots = {e.cameo_root for e in pipe.code(text, date="2024-03-01").events}
    assert "16" not in roots, roots


@pytest.mark.parametrize("text", [
    "Chad pulled out of the accord with Sudan on Friday.",  # "out of": the parser hangs "of" on "out"
    "Chad withdrew from the defence pact with Sudan.",
    "Chad quit the defence treaty with Sudan.",
])
def test_leaving_an_agreement_reduces_relations_with_its_party(pipe: Pipeline, text: str) -> None:
    events = pipe.code(text, date="2024-03-01").events
    assert [(e.source.country, e.cameo_root, e.target and e.target.country) for e in events] == [("TCD", "16", "SDN")]


def test_pulling_troops_out_of_a_country_is_still_a_retreat(pipe: Pipeline) -> None:
    events = pipe.code("French forces pulled out of Niger in December.", date="2024-03-01").events
    assert [(e.cameo, e.target and e.target.country) for e in events] == [("0874", "NER")]
