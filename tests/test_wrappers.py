"""Wrapper verbs and the acts they wrap (``events/wrappers.py``, ``data/wrappers.yaml``), on sentences written for
these tests: the wrapper's code narrows by the wrapped act, an ordered act is done by the ordered party and has not
happened yet, a claim that X attacked is an accusation of X and the attack as reported speech, a wish that another
actor act is an appeal to it and no promise of that actor's."""

from __future__ import annotations

import pytest

from tidings.events import wrappers
from tidings.models import Modality


def events(pipe, text: str) -> list:
    return list(pipe.code(text, date="2025-06-01").events)


def one(evs: list, code: str):
    found = [e for e in evs if e.cameo == code]
    assert found, [(e.source.country, e.cameo, e.target and e.target.country) for e in evs]
    return found[0]


@pytest.mark.parametrize(("text", "src", "tgt", "code"), [
    # an intent, appeal, demand or threat takes its family's code for the wrapped act
    ("Turkey agreed to lift the sanctions on Armenia.", "TUR", "ARM", "0354"),
    ("Colombia promised to release the captured Venezuelan soldiers.", "COL", "VEN", "0353"),
    ("The Gambia demanded that Senegal release the detained fishermen.", "GMB", "SEN", "1053"),
    ("Jordan threatened to expel the Syrian ambassador.", "JOR", "SYR", "1313"),
    ("Oman offered to mediate between Iran and Saudi Arabia.", "OMN", None, "039"),
])
def test_wrapper_code_narrows_by_the_wrapped_act(pipe, text, src, tgt, code):
    e = one(events(pipe, text), code)
    assert e.source.country == src
    assert tgt is None or (e.target is not None and e.target.country == tgt)
    assert "+" in e.rule  # the wrapper's entry and the act's, for the user to see why


def test_a_negated_wrapped_act_leaves_the_appeal_general(pipe):
    evs = events(pipe, "Egypt urged Ethiopia not to release the detained fishermen.")
    assert [e.cameo for e in evs if e.source.country == "EGY"] == ["020"]


@pytest.mark.parametrize(("text", "wrapper_code", "act_src", "act_sector", "act_root"), [
    ("The Kenyan president ordered the army to suspend operations against Somali militants.", "1056", "KEN",
     "MIL", "08"),
    ("The Peruvian president instructed the police to arrest the mine owners.", "100", "PER", "COP", "17"),
])
def test_an_order_is_a_demand_and_the_ordered_act_is_the_ordered_partys_not_yet_done(
        pipe, text, wrapper_code, act_src, act_sector, act_root):
    evs = events(pipe, text)
    order = one(evs, wrapper_code)
    assert order.plover == "REQUEST" and order.modality is Modality.ASSERTED
    act = next(e for e in evs if e.cameo_root == act_root)
    assert (act.source.country, act.source.sector) == (act_src, act_sector)
    assert act.modality is Modality.HYPOTHETICAL


@pytest.mark.parametrize(("text", "claimant", "accused", "act_root"), [
    ("Syria claimed that Turkish troops shelled the convoy.", "SYR", "TUR", "19"),
    ("Armenia alleged that Azerbaijani soldiers attacked its border posts.", "ARM", "AZE", "19"),
])
def test_a_claim_that_x_attacked_is_an_accusation_of_x_and_the_attack_reported(pipe, text, claimant, accused,
                                                                               act_root):
    evs = events(pipe, text)
    acc = one(evs, "1123")
    assert (acc.source.country, acc.target.country, acc.plover) == (claimant, accused, "ACCUSE")
    act = next(e for e in evs if e.cameo_root == act_root)
    assert act.source.country == accused and act.reported


@pytest.mark.parametrize("text", [
    "Hamas claimed that its fighters attacked the Israeli convoy.",  # responsibility, not an accusation
    "Greece claimed that Turkish investors were buying hotels on Crete.",  # nothing hostile to accuse of
])
def test_a_claim_is_no_accusation_of_ones_own_side_or_of_a_friendly_act(pipe, text):
    assert not [e for e in events(pipe, text) if e.cameo_root == "11"]


@pytest.mark.parametrize(("text", "asker", "asked", "code", "act_root"), [
    ("Sudan wants the United Nations to send peacekeepers to Darfur.", "SDN", "IGO", None, "15"),
    ("Mali wants France to withdraw its troops.", "MLI", "FRA", "0256", "08"),
])
def test_wanting_another_to_act_is_an_appeal_not_that_actors_promise(pipe, text, asker, asked, code, act_root):
    evs = events(pipe, text)
    appeal = next(e for e in evs if e.cameo_root == "02")
    assert (appeal.source.country, appeal.target.country) == (asker, asked)
    assert code is None or appeal.cameo == code
    # before, the wished act came out as the other actor's own promise or threat (03x/13x)
    assert not [e for e in evs if e.source.country == asked and e.cameo_root in ("03", "13", act_root)]


@pytest.mark.parametrize("text", [
    "Analysts expect Russia to attack the Ukrainian port next week.",
    "Diplomats expect Iran to expel the inspectors.",
])
def test_anothers_expectation_is_hypothetical_not_a_threat(pipe, text):
    evs = events(pipe, text)
    assert not [e for e in evs if e.cameo_root == "13"]
    assert all(e.modality is Modality.HYPOTHETICAL for e in evs)


def test_the_table_says_who_does_the_wrapped_act():
    t = wrappers.table()
    assert t.by_verb["order"].control == "object" and t.by_verb["claim"].control == "clause"
    assert "instruct" in wrappers.object_controllers()
    assert wrappers.intent_code("085") == "0354" and wrappers.intent_code("040") == "036"
