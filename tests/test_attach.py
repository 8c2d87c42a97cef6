"""Attachment on text the rules were not written from: doers named by a pronoun or a bare group word (filled from
the sentence before, ``events.anaphor``). The sentences are written for these tests."""

from __future__ import annotations

import pytest

from tidings.events.context_source import CONTEXT


def later(pipe, text: str) -> list:
    """The events of every sentence after the first."""
    return [e for e in pipe.code(text, date="2015-05-01").events if e.sentence > 0]


@pytest.mark.parametrize("text, src, tgt, root", [
    # a person named by a title, then "he"
    ("The Iranian foreign minister arrived in Baghdad on Monday. He met the Iraqi prime minister.", "IRN", "IRQ",
     "04"),
    ("Turkey's president visited Germany. He criticised the German government over its refugee policy.", "TUR",
     "DEU", "11"),
    # a bare sector word, the one actor of that sector in the sentence before (its source or its target)
    # (the sentence names a country too: the pre-filter parses no sentence whose only actor is a sector word)
    ("Colombian troops clashed with guerrillas near the border. The insurgents later attacked a Colombian police "
     "station.", "COL", "COL", "19"),
    ("Pakistan's army said the Taliban attacked a checkpoint. The militants killed four Pakistani soldiers.", "AFG",
     "PAK", "19"),
])
def test_a_pronoun_or_group_word_takes_its_doer_from_the_sentence_before(pipe, text, src, tgt, root):
    evs = [e for e in later(pipe, text) if e.cameo_root == root]
    assert evs, text
    ev = evs[0]
    assert ev.source.country == src and ev.source_from == CONTEXT
    assert (ev.target.country if ev.target else None) == tgt
    assert ev.extra["source_sentence"] == 0


@pytest.mark.parametrize("text", [
    # two people before: which one "he" is, the text does not say
    "The Chilean president and the Peruvian president met in Lima. He later criticised Bolivia.",
    # nobody before
    "He criticised the German government over its refugee policy.",
    # "two insurgents" are new people, not the guerrillas of the sentence before
    "Colombian troops clashed with guerrillas near the border. Two insurgents later attacked a Colombian police "
    "station.",
    # "it" stands for things as often as for states: not filled
    "The Kenyan government banned the opposition rally. It also arrested two opposition leaders.",
    # no rebels before: the rebels are not the army
    "The Nigerian army launched an offensive on Monday. The rebels ambushed a Nigerian convoy.",
])
def test_no_doer_is_guessed(pipe, text):
    assert not [e for e in later(pipe, text) if e.source_from == CONTEXT or e.source.country is None
                and e.source.name and e.source.name.startswith("(")]


def pairs_of(pipe, text: str, root: str) -> set[tuple[str | None, str | None]]:
    return {(e.source.country, e.target.country if e.target else None)
            for e in pipe.code(text, date="2015-05-01").events if e.cameo_root == root}


@pytest.mark.parametrize("text, root, want", [
    # a plural group of coordinated "of" phrases is each country's
    ("The Spanish king met the leaders of Lebanon and Syria in Madrid.", "04", {("ESP", "LBN"), ("ESP", "SYR")}),
    ("China criticised the governments of Japan and the Philippines.", "11", {("CHN", "JPN"), ("CHN", "PHL")}),
    ("The foreign ministers of Peru, Chile and Bolivia signed a trade deal.", "05",
     {("PER", "CHL"), ("CHL", "BOL"), ("BOL", "PER")}),
])
def test_coordinated_of_phrases_give_one_party_each(pipe, text, root, want):
    got = pairs_of(pipe, text, root)
    assert all(p in got or p[::-1] in got for p in want), got


def test_a_group_placed_by_its_own_adjective_is_not_split(pipe):
    got = pairs_of(pipe, "Iraqi leaders of Sunni and Shia parties met in Baghdad.", "04")
    assert {s for s, _ in got} <= {"IRQ"}


@pytest.mark.parametrize("text, a, b", [
    ("India met with Pakistan in Geneva.", "IND", "PAK"),
    ("Vietnam held discussions with Cambodia over the fishing rights.", "VNM", "KHM"),
    ("Germany's chancellor telephoned the French president on Monday.", "DEU", "FRA"),
])
def test_talking_with_someone_goes_both_ways(pipe, text, a, b):
    evs = [e for e in pipe.code(text, date="2015-05-01").events if e.cameo_root == "04"]
    got = {(e.source.country, e.target.country if e.target else None): e for e in evs}
    assert (a, b) in got and (b, a) in got
    assert got[(b, a)].target_from == "other-party" and got[(a, b)].target_from == "argument"


@pytest.mark.parametrize("text, a, b", [
    ("The Turkish president visited Iran.", "TUR", "IRN"),
    ("Japan hosted the Chinese premier.", "JPN", "CHN"),
    ("Iran's president sent a letter to the US president.", "IRN", "USA"),
])
def test_a_visit_a_hosting_or_a_letter_goes_one_way(pipe, text, a, b):
    got = pairs_of(pipe, text, "04")
    assert (a, b) in got and (b, a) not in got


@pytest.mark.parametrize("text, root, side, country", [
    # a community named by its people is coded where the text says it lives, not as its kin state
    ("Hungarians living in Romania called for more rights.", "02", "source", "ROU"),
    ("Serbian police arrested ethnic Albanians in southern Serbia.", "17", "target", "SRB"),
    ("Ethnic Serbs protested in Mitrovica against the Kosovo government.", "14", "source", "XKX"),
    # no place said: the people of that country
    ("Albanians protested against Serbia.", "14", "source", "ALB"),
])
def test_a_community_is_coded_where_it_lives(pipe, text, root, side, country):
    evs = [e for e in pipe.code(text, date="2015-05-01").events if e.cameo_root == root]
    assert evs, text
    actor = getattr(evs[0], side)
    assert actor.country == country and actor.sector == "CVL"
