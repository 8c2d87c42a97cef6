"""Who does a nominal event, two cases the rules missed on real text (issue 14, "trigger but no source"), on
sentences written for these tests:

- "have" carries an encounter noun ("had talks with", "had a meeting with") as "hold" does: its subject meets. It
  carries no standing relation ("has ties with", "has an agreement with"): those are states, not acts; nor does
  its simple present ("have meetings with the press after each decision"), a habit.
- "the NATO-led bombing of X", "Saudi-led air strikes on Y": the actor named before "-led" does the act.
- a protest that names no protester, or only a number of them ("protests erupted in X", "thousands protested in
  Y"), is by the civilians of the country where it happens, as unnamed attackers are that country's (UAF)."""

from __future__ import annotations

import pytest


def triples(pipe, text: str) -> set[tuple]:
    return {(e.source.country, e.target.country if e.target else None, e.cameo_root)
            for e in pipe.code(text, date="2019-03-01").events}


@pytest.mark.parametrize(("text", "expected"), [
    ("The Indian prime minister had a meeting with the Nepalese president in Kathmandu.", ("IND", "NPL", "04")),
    ("Chile's foreign minister had talks with Bolivian officials about the border.", ("CHL", "BOL", "04")),
    ("The Greek premier, who had a telephone conversation with the Turkish president, left for Brussels.",
     ("GRC", "TUR", "04")),
])
def test_have_carries_an_encounter_noun(pipe, text, expected):
    assert expected in triples(pipe, text)


@pytest.mark.parametrize("text", [
    "Portugal has close ties with Angola.",
    "Morocco has an agreement with Spain on fishing rights.",
    "The central banks of Sweden and Norway have meetings with Danish officials after every decision.",
])
def test_have_carries_no_standing_relation(pipe, text):
    assert not triples(pipe, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("The NATO-led bombing of Serbia lasted eleven weeks.", ("IGO", "SRB", "18")),
    ("Saudi-led air strikes on Yemen continued on Monday.", ("SAU", "YEM", "19")),
    ("A French-led offensive against the rebels in Mali began in January.", ("FRA", "MLI", "19")),
])
def test_the_leader_before_led_does_the_act(pipe, text, expected):
    assert expected in triples(pipe, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("There were protests in Seoul against the Japanese trade curbs.", ("KOR", "JPN", "14")),
    ("Thousands protested in Tokyo against the American military base.", ("JPN", "USA", "14")),
    ("Protests against the Chinese embassy erupted in Hanoi on Friday.", ("VNM", "CHN", "14")),
    ("There were protests outside the Russian embassy in Tallinn.", ("EST", "RUS", "14")),
])
def test_an_unnamed_protest_is_by_the_civilians_of_its_place(pipe, text, expected):
    events = [e for e in pipe.code(text, date="2019-03-01").events if e.cameo_root == "14"]
    assert expected in triples(pipe, text) and all(e.source.sector == "CVL" for e in events), events


@pytest.mark.parametrize("text", [
    "Strikes and protests are common in Peru during the harvest.",
    "Reporters in Oslo wrote about the protests against the war in Syria.",
    "The Bolivian senator was speaking at a rally in Cochabamba when the stage collapsed.",
])
def test_a_protest_not_placed_itself_has_no_protesters(pipe, text):
    assert not [e for e in pipe.code(text, date="2019-03-01").events if e.cameo_root == "14"]
