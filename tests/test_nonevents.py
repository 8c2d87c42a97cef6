"""Statements that are no events, or not asserted ones, on sentences written for these tests: an obligation that
obliges no one in particular is no demand; an act inside a noun of planning, fearing or asking is future or
hypothetical; a for-to infinitive names a wanted act; a subject or object that denies there is any ("nobody",
"nothing", "no offer") negates the act."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.models import Article, Modality


def events(pipe, text: str):  # noqa: ANN001, ANN201
    return pipe.code(Article(text=text, date=dt.date(2021, 3, 1))).events


def demands(pipe, text: str) -> list[tuple[str | None, str | None]]:  # noqa: ANN001
    return [(e.source.country, e.target.country if e.target else None) for e in events(pipe, text)
            if e.rule.startswith("demand.obligation-clause")]


@pytest.mark.parametrize("text", [
    "The French minister said we must act now against Russia.",  # the speaker's own side
    '"I should resign," the Kenyan president told Ugandan reporters.',
    "The German chancellor said no country should recognise the Russian annexation.",  # no one
    "The Kenyan president said nobody must attack Somalia.",
    "The Chilean minister said anyone should be free to visit Peru.",  # everyone
    "The Indian minister said Pakistan should have stopped the attackers.",  # a reproach of the past
    "The Indian minister said Pakistan must have known about the attack on India.",  # an inference
    "The Egyptian minister said the new agreement should help Sudan.",  # a thing: a forecast
    "The Kenyan minister said the ceasefire with Somalia must hold.",
])
def test_an_obligation_of_no_one_in_particular_is_no_demand(pipe, text) -> None:  # noqa: ANN001
    assert demands(pipe, text) == [], text


@pytest.mark.parametrize("text, source, target", [
    ("The French minister said Russia must withdraw its troops from Ukraine.", "FRA", "RUS"),
    ("The Kenyan minister said the Ugandan government should release the prisoners.", "KEN", "UGA"),
    ("The Peruvian president said Chile must not close the border.", "PER", "CHL"),
    ("The Turkish minister said the occupation of Cyprus must end.", "TUR", "CYP"),  # an act that must end
    ("The Mexican president said the US must close its detention camps.", "MEX", "USA"),  # "US" is no "us"
])
def test_an_obligation_of_a_named_actor_is_still_a_demand(pipe, text, source, target) -> None:  # noqa: ANN001
    assert (source, target) in demands(pipe, text), text


@pytest.mark.parametrize("text, root, modality", [
    ("Russia announced plans for talks with Ukraine.", "04", Modality.FUTURE),
    ("Chile unveiled a timetable for the Chilean withdrawal from Bolivia.", "03", Modality.FUTURE),  # 0356
    ("The minister revealed a plot to bomb the Kenyan parliament.", "19", Modality.HYPOTHETICAL),
    ("The Pakistani minister raised the possibility of a Pakistani attack on India.", "19", Modality.HYPOTHETICAL),
    ("The Indian minister warned of the risk of a Pakistani attack on India.", "19", Modality.HYPOTHETICAL),
    ("The report bolsters the case for Australia to invest more in Indonesia.", "06", Modality.HYPOTHETICAL),
    ("The deal could clear the way for the United States to begin a withdrawal of troops from Iraq.", "08",
     Modality.HYPOTHETICAL),
    ("Israel waited for Hamas to release the Egyptian soldier.", "08", Modality.HYPOTHETICAL),
    ("Iran made no offer to Iraq.", "03", Modality.NEGATED),
    ("The French president asked for nothing in exchange for his support of Germany.", "02", Modality.NEGATED),
    ("Iran offered nothing to the Iraqi delegation.", "03", Modality.NEGATED),
    ("No troops were withdrawn from Iraq by Britain.", "08", Modality.NEGATED),
    ("The Kenyan president was going to visit Uganda.", "04", Modality.FUTURE),
])
def test_an_act_not_done_is_not_asserted(pipe, text, root, modality) -> None:  # noqa: ANN001
    found = [e.modality for e in events(pipe, text) if e.cameo_root == root]
    assert found and all(m is modality for m in found), (text, found)


@pytest.mark.parametrize("text, root", [
    ("Russia held talks with Ukraine.", "04"),  # the same nouns, asserted when nothing holds them back
    ("Chile completed the withdrawal of its troops from Bolivia.", "08"),
    ("Hamas released the Egyptian soldier after the talks with Israel.", "08"),
    ("Iran made an offer to Iraq.", "03"),
    # what the clause denies is the mention, the links, the provision: not the event noun inside them
    ("The Chinese envoy made no mention of the American missile attacks on Syria.", "19"),
    ("The Egyptian chemist has no links with the Libyan bombing of the embassy.", "18"),
    ("The Russian offer makes no provision for Ukraine.", "03"),
])
def test_the_same_acts_done_stay_asserted(pipe, text, root) -> None:  # noqa: ANN001
    found = [e.modality for e in events(pipe, text) if e.cameo_root == root]
    assert found and all(m is Modality.ASSERTED for m in found), (text, found)


@pytest.mark.parametrize("text", [
    "The Kenyan president recognized that Somali refugees need more help.",
    "The Chilean government recognises that Peru has suffered.",
    "The French minister said there is a recognition that Russia was wrong.",
])
def test_recognising_a_fact_is_no_diplomatic_recognition(pipe, text) -> None:  # noqa: ANN001
    assert not [e for e in events(pipe, text) if e.cameo == "054"], text


@pytest.mark.parametrize("text, source, target", [
    ("Spain recognized Kosovo as an independent state.", "ESP", "XKX"),
    ("Brazil recognised the new government of Bolivia.", "BRA", "BOL"),
    ("Ireland's recognition of Palestine angered Israel.", "IRL", "PSE"),
])
def test_recognising_a_state_still_is(pipe, text, source, target) -> None:  # noqa: ANN001
    found = [(e.source.country, e.target.country if e.target else None) for e in events(pipe, text)
             if e.cameo == "054"]
    assert (source, target) in found, text
