"""A war named by where it is fought ("the X war") is no act of X: a mention of it codes nothing, while a
possessor or adjective still names a party. Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize("text", [
    "Veterans of the Vietnam War gathered in Washington.",
    "The museum opened an exhibition on the Korea war and its aftermath.",
    "Oil prices rose sharply during the Gulf conflict, the report said.",
])
def test_a_war_named_by_its_theatre_is_no_event(pipe: Pipeline, text: str) -> None:
    events = pipe.code(text, date="2008-05-01").events
    assert not [e for e in events if e.cameo_root == "19"], events


@pytest.mark.parametrize(("text", "pair"), [
    ("Russia's war on Ukraine entered its fourth year.", ("RUS", "UKR")),
    ("The Russian war against Georgia lasted five days.", ("RUS", "GEO")),
])
def test_a_party_to_a_war_is_still_its_source(pipe: Pipeline, text: str, pair: tuple[str, str]) -> None:
    events = pipe.code(text, date="2022-09-01").events
    assert any((e.source.country, e.target.country if e.target else None) == pair and e.cameo_root == "19"
               for e in events), events


@pytest.mark.parametrize("text", [
    "The Iranian president called the sanctions illegal and vowed to retaliate against the West.",
    "The Cuban minister called the embargo a crime against his people.",
])
def test_an_act_judged_by_an_object_predicate_is_not_done_by_the_judge(pipe: Pipeline, text: str) -> None:
    """'Called the sanctions illegal' judges sanctions; it imposes none (a support verb with an object predicate)."""
    events = pipe.code(text, date="2010-05-01").events
    assert not [e for e in events if e.cameo_root == "16"], events
