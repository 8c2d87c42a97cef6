"""Trigger words in another sense (issue 14, class 6), on sentences written for these tests: a verb whose act is
done to people, places or forces ("attacked", "killed", "charged", "visited") is no event when what it is done to
is a thing of ``things`` in data/register.yaml ("the proposal", "wolves", "a fee", "the website"), nor is an act
done to people when its object is a thing even as a name or a quantity; the same verbs with people, places or
forces for object stay events; an imported PETRARCH object behind "about" is a topic, not the object."""

from __future__ import annotations

import pytest

from tidings.events.register import registers


def events(pipe, text: str) -> list:
    return list(pipe.code(text, date="2025-06-01").events)


def sides(evs: list) -> list[tuple]:
    return [(e.source.country, e.source.sector, e.cameo, e.target and e.target.country, e.rule) for e in evs]


@pytest.mark.parametrize(("text", "rule"), [
    ("Hunters in Norway killed dozens of wolves last winter.", "fight.kill"),
    ("Farmers in Wales killed the badgers on their land.", "fight.kill"),
    ("The Hungarian airline charged a fee for every bag.", "coerce.charge"),
    ("The Danish ferry company charged a higher fare after the strike.", "coerce.charge"),
    ("The Chinese premier visited the website of the ministry.", "consult.visit"),
    ("The Conservative candidate occupied the seat for ten years.", "fight.occupy"),
    ("The movie, shot in Morocco, was praised by the Turkish minister.", "fight.shoot"),
    ("The Kenyan senators killed the bill in committee.", "fight.kill"),
    ("The Mexican senator hosted the website of the campaign.", "consult.host"),
])
def test_a_thing_for_object_is_the_everyday_sense(pipe, text, rule):
    evs = events(pipe, text)
    assert [e for e in evs if e.rule == rule] == [], sides(evs)


@pytest.mark.parametrize(("text", "src", "tgt", "rule"), [
    ("Russian troops attacked the Georgian town of Gori.", "RUS", "GEO", "fight.attack"),
    ("Israeli soldiers killed two Palestinian gunmen in Jenin.", "ISR", "PSE", "fight.kill"),
    ("Prosecutors in Seoul charged the former president with bribery.", "KOR", "KOR", "coerce.charge"),
    ("The Chinese premier visited Pakistan on Monday.", "CHN", "PAK", "consult.visit"),
    ("Syrian rebels occupied the airport near Aleppo.", "SYR", "SYR", "fight.occupy"),
    ("The Indian prime minister flew to Tokyo on Sunday.", "IND", "JPN", "consult.fly"),
])
def test_people_places_and_forces_for_object_stay_events(pipe, text, src, tgt, rule):
    evs = events(pipe, text)
    assert any(e.rule == rule and e.source.country == src and e.target is not None and e.target.country == tgt
               for e in evs), sides(evs)


@pytest.mark.parametrize("text", [
    "The World Bank released the 2012 World Development Report.",
    "Refugees in Chad receive three litres of water per day from France.",
    "The report, released by the Canadian government, was long.",
    "The plane was flown to Paris after the ceremony.",
    "The Kenyan envoy received an award from the Indian president.",
])
def test_a_thing_is_no_people_even_named_or_counted(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo in ("0841", "043", "042")] == [], sides(evs)


def test_an_imported_object_behind_about_is_a_topic(pipe):
    about = events(pipe, "The Indian journalist asked the Pakistani minister about a news report on the border.")
    assert [e for e in about if e.rule == "appeal.p2-ask-detail-l938"] == [], sides(about)
    asked = events(pipe, "The Belgian foreign minister asked Congo for details of the deal.")
    assert any(e.rule == "appeal.p2-ask-detail-l938" and e.target is not None and e.target.country == "COD"
               for e in asked), sides(asked)


def test_thing_objects_name_lexicon_entries_and_things_are_no_people(pipe):
    r = registers()
    assert r.thing_objects <= set(pipe.lexicon.entries)
    assert r.things.isdisjoint(r.people)


@pytest.mark.parametrize(("text", "word"), [
    ("Gang violence has risen in Haiti, said the New York-based Committee to Protect Journalists.", "Protect"),
    ("The Stop the War Coalition held a meeting in Leeds on Monday.", "War"),
])
def test_a_lexicon_word_inside_a_name_is_no_trigger(pipe, text, word):
    evs = events(pipe, text)
    assert [e for e in evs if word in e.trigger] == [], sides(evs)


@pytest.mark.parametrize("text", [
    "Not all Japanese analysts were convinced about the deal with China.",
    "The Italian company may be forced to close its plant in Serbia.",
    "Convinced that the talks would fail, the Iranian envoy left Vienna.",
])
def test_a_participle_with_no_agent_is_a_state(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo_root in ("02", "17")] == [], sides(evs)


@pytest.mark.parametrize(("text", "src", "tgt", "code"), [
    ("Iraq was forced by the United States to withdraw from Kuwait.", "USA", "IRQ", "170"),
    ("The United States forced Iraq to withdraw from Kuwait.", "USA", "IRQ", "170"),
    ("Russia has convinced Iran to accept the offer.", "RUS", "IRN", "020"),
    ("The Iranian envoy has been persuaded by Russia to stay.", "RUS", "IRN", "020"),
])
def test_with_an_agent_or_active_it_is_the_act(pipe, text, src, tgt, code):
    evs = events(pipe, text)
    assert any(e.cameo == code and e.source.country == src and e.target is not None and e.target.country == tgt
               for e in evs), sides(evs)


def test_the_clause_of_a_state_keeps_its_own_act(pipe):
    evs = events(pipe, "We are encouraged that Iran agreed to the talks, the French minister said.")
    assert [e for e in evs if e.rule.startswith("appeal.encourage")] == [], sides(evs)
    assert any(e.source.country == "IRN" and e.cameo_root == "03" for e in evs), sides(evs)


@pytest.mark.parametrize("text", [
    "Two Nigerian ministers were killed in a helicopter crash near Abuja.",
    "At least 30 Peruvian miners were injured after an accident at a copper mine.",
    "Four Indian soldiers were killed when their truck overturned near the Chinese border.",
])
def test_harm_by_a_mishap_is_no_assault(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo_root in ("18", "19")] == [], sides(evs)


@pytest.mark.parametrize(("text", "src", "tgt"), [
    ("Rebels killed two Nigerian ministers in an ambush near Abuja.", "NGA", "NGA"),
    ("Russian troops killed four Georgian soldiers when they stormed the village.", "RUS", "GEO"),
])
def test_harm_by_an_attacker_stays_an_assault(pipe, text, src, tgt):
    evs = events(pipe, text)
    assert any(e.cameo_root == "19" and e.source.country == src and e.target is not None
               and e.target.country == tgt for e in evs), sides(evs)


@pytest.mark.parametrize(("text", "coded"), [
    # a complement of agreeing: the parties failed to agree, a rejection (CAMEO 120)
    ("Serbia and Kosovo failed to agree on a border deal in Brussels.", True),
    ("Peru and Chile failed to reach an agreement on fishing rights.", True),
    # any other failed act is no rejection of anyone (the lexicon's complement list, data/lexicon/12_reject.yaml)
    ("The Kenyan ministry failed to inform Ugandan traders of the new tariff.", False),
    ("The Canadian premier failed to predict the mood of the Mexican delegation.", False),
])
def test_failing_is_a_rejection_only_when_what_failed_is_agreeing(pipe, text, coded):
    evs = events(pipe, text)
    assert any(e.rule == "reject.fail-to-agree" for e in evs) is coded, sides(evs)
