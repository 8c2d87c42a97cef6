"""Event nouns with light verbs, nominal events with their parties, and reciprocal and coordinated actors, on
sentences written for these tests: the light verb's subject acts on the noun's preposition; "talks between X and
Y" and "X and Y accused each other" go both ways; "the presidents of X and Y" are two parties; the possessor of a
noun of decision does the act of its to-infinitive."""

from __future__ import annotations

import pytest


def triples(pipe, text: str) -> set[tuple]:
    return {(e.source.country, e.target.country if e.target else None, e.cameo_root)
            for e in pipe.code(text, date="2025-06-01").events}


@pytest.mark.parametrize(("text", "expected"), [
    ("The Japanese emperor gave a warm welcome to the visiting Thai king.", ("JPN", "THA", "04")),
    ("Kenya's president gave a warm welcome to the Ethiopian prime minister.", ("KEN", "ETH", "04")),
    ("Beijing issued a sharp reprimand to Manila over the reef incident.", ("CHN", "PHL", "11")),
    ("The French president paid homage to the Algerian independence fighters.", ("FRA", "DZA", "05")),
])
def test_a_light_verb_gives_its_subject_the_event_noun(pipe, text, expected):
    assert expected in triples(pipe, text)


@pytest.mark.parametrize(("text", "a", "b", "root"), [
    ("Talks between Armenia and Azerbaijan resumed in Geneva.", "ARM", "AZE", "04"),
    ("The dialogue between Serbia and Kosovo resumed in Brussels.", "SRB", "XKX", "04"),
    ("Skirmishes between Thai and Cambodian soldiers broke out near the temple.", "THA", "KHM", "19"),
    ("India and Pakistan accused each other of violating the ceasefire.", "IND", "PAK", "11"),
    ("Armenia and Azerbaijan blamed one another for the border clash.", "ARM", "AZE", "11"),
    ("Ethiopia and Eritrea exchanged prisoners on Monday.", "ETH", "ERI", "08"),
    ("The presidents of Kenya and Uganda met in Kampala.", "KEN", "UGA", "04"),
    ("The foreign ministers of Japan and China held talks in Tokyo.", "JPN", "CHN", "04"),
])
def test_reciprocal_acts_go_both_ways(pipe, text, a, b, root):
    got = triples(pipe, text)
    assert (a, b, root) in got and (b, a, root) in got


def test_a_relation_between_two_parties_is_no_event():
    """"trade between X and Y" names a relation, not an act: no reciprocal source for it."""
    from tidings.events.sources import RECIPROCAL_ROOTS

    assert "06" not in RECIPROCAL_ROOTS and "04" in RECIPROCAL_ROOTS


@pytest.mark.parametrize(("text", "expected"), [
    ("Pakistan's decision to expel Afghan refugees drew criticism.", ("PAK", "AFG", "17")),
    ("Iran's threat to close the Strait of Hormuz alarmed the Gulf states.", ("IRN", None, "13")),
])
def test_the_possessor_of_a_noun_of_decision_does_its_act(pipe, text, expected):
    assert expected in triples(pipe, text)


def test_the_possessor_of_another_noun_is_no_doer(pipe):
    # "ability" says nothing of an act by its possessor
    got = triples(pipe, "Uganda's ability to supply weapons to Congo was questioned.")
    assert not any(src == "UGA" for src, _, _ in got)


@pytest.mark.parametrize("text", [
    "A mediation effort between Egypt and Qatar failed.",
    "Mediation between Armenia and Azerbaijan stalled in Vienna.",
])
def test_the_parties_of_a_mediation_are_not_its_mediators(pipe, text):
    assert not [t for t in triples(pipe, text) if t[2] == "04" and t[0] in ("EGY", "QAT", "ARM", "AZE")]
