"""Two everyday senses of political words, on sentences written for these tests.

1. "meet" with a thing for object ("met the fiscal targets", "failed to meet the deadline") is meeting a goal, not a
   meeting: ``consult.meet`` is one of ``person_objects`` in data/register.yaml. Meetings with people, counterparts,
   delegations, leaders and pronouns stay events.
2. An unplaced doer that is a thing (``things``: "higher oil prices", "falling revenues", "a new report") does no
   act, and one that is an attack or a weapon (``harms``: "a car bomb") does harm only, never a criticism
   ("a bomb blasted through a checkpoint"). The same weapons still kill as unidentified attackers.
3. "suspended its sanctions" eases them (085, ``yield.suspend-sanction``); suspending a member or aid still reduces
   relations (16).
"""

from __future__ import annotations

import pytest

from tidings.events.register import registers, unplaced_doer_can


def events(pipe, text: str) -> list:
    return list(pipe.code(text, date="2015-06-01").events)


def sides(evs: list) -> list[tuple]:
    return [(e.source.country, e.source.sector, e.cameo, e.target and e.target.country, e.rule) for e in evs]


@pytest.mark.parametrize("text", [
    "Ghana did not meet the fiscal targets it had agreed with the IMF.",
    "Kenya failed to meet the deadline set by the African Union.",
    "Brazil met its emissions goals two years early.",
    "Portugal met the deficit criteria of the European Commission last year.",
])
def test_meeting_a_goal_is_no_meeting(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo.startswith("04")] == [], sides(evs)


@pytest.mark.parametrize(("text", "src", "tgt"), [
    ("The Indian foreign minister met his Nepali counterpart in Kathmandu.", "IND", "NPL"),
    ("The Egyptian president met Hamas leaders in Cairo.", "EGY", "PSE"),
    ("The Saudi king met the visiting British minister.", "SAU", "GBR"),
    ("Putin met Obama on the sidelines of the summit.", "RUS", "USA"),
    ("The Kenyan president met a delegation of Somali elders in Nairobi.", "KEN", "SOM"),
])
def test_meetings_with_people_stay(pipe, text, src, tgt):
    evs = events(pipe, text)
    assert any(e.rule == "consult.meet" and e.source.country == src and e.target is not None
               and e.target.country == tgt for e in evs), sides(evs)


@pytest.mark.parametrize("text", [
    "Rising food prices forced the Egyptian government to raise subsidies.",
    "Falling oil revenues forced Venezuela to cut imports.",
    "Higher fuel costs forced the Nigerian government to borrow abroad.",
])
def test_a_thing_is_no_doer(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo.startswith("17")] == [], sides(evs)


@pytest.mark.parametrize("text", [
    "A car bomb blasted through a police checkpoint in Mosul.",
    "A homemade bomb blasted in a bank in the Basque country on Friday.",
])
def test_a_weapon_does_no_verbal_act(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo.startswith("11")] == [], sides(evs)


@pytest.mark.parametrize(("text", "country", "sector"), [
    ("A car bomb killed six soldiers in Mosul.", "IRQ", "MIL"),
    ("A roadside bombing killed three policemen in Kandahar.", "AFG", "COP"),
])
def test_weapons_still_kill(pipe, text, country, sector):
    evs = events(pipe, text)
    assert any(e.cameo.startswith("19") and e.source.sector == "UAF" and e.target is not None
               and (e.target.country, e.target.sector) == (country, sector) for e in evs), sides(evs)


def test_the_rule_reads_the_data_file():
    r = registers()
    harm, thing = sorted(r.harms)[0], sorted(r.things)[0]
    assert unplaced_doer_can("19", harm) and not unplaced_doer_can("11", harm)
    assert not unplaced_doer_can("19", thing) and not unplaced_doer_can("17", thing)
    assert unplaced_doer_can("11", "elder") and unplaced_doer_can("17", "militiaman")


@pytest.mark.parametrize(("text", "src", "tgt"), [
    ("The European Union suspended its sanctions on Belarus for six months.", "IGO", "BLR"),
    ("Washington suspended the embargo on Cuban cigars.", "USA", "CUB"),
    ("The Arab League suspended its boycott of Israeli goods.", "IGO", "ISR"),
])
def test_suspending_sanctions_eases_them(pipe, text, src, tgt):
    evs = events(pipe, text)
    assert [(e.source.country, e.cameo, e.target and e.target.country) for e in evs] == [(src, "085", tgt)], sides(evs)


@pytest.mark.parametrize(("text", "code"), [
    ("The African Union suspended Niger from all its activities.", "160"),
    ("Canada suspended aid to Haiti after the coup.", "162"),
])
def test_other_suspensions_still_reduce_relations(pipe, text, code):
    evs = events(pipe, text)
    assert [e.cameo for e in evs] == [code], sides(evs)
