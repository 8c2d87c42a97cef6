"""Arrests, charges and deportations reported with no doer, on sentences written for these tests: only a state's
organs do them, so the doer is the police, the courts or the government of the country where the sentence puts the
act (``sources._authorities_at_place``, ``source_from`` "authorities-at-place"). A named doer, the active voice, a
sentence with no place, and a destination ("deported to ...") are left as they were."""

from __future__ import annotations

import pytest


def events(pipe, text: str) -> list:
    return list(pipe.code(text, date="2015-06-01").events)


def sides(evs: list) -> list[tuple]:
    return [(e.source.country, e.source.sector, e.source_from, e.cameo, e.target and e.target.country) for e in evs]


@pytest.mark.parametrize(("text", "country", "sector", "target"), [
    ("Eleven Polish protesters were arrested outside the parliament in Warsaw on Monday.", "POL", "COP", "POL"),
    ("Two opposition activists were detained at the airport in Harare.", "ZWE", "COP", "ZWE"),
    ("Three Pakistani men were charged in Lahore on Monday with treason.", "PAK", "JUD", "PAK"),
    ("Two journalists were jailed in Baku for tax evasion.", "AZE", "JUD", "AZE"),
    ("The Canadian citizen was detained in New York last week.", "USA", "COP", "CAN"),
])
def test_the_state_where_it_happened_does_it(pipe, text, country, sector, target):
    evs = events(pipe, text)
    assert [(e.source.country, e.source.sector, e.source_from, e.target and e.target.country) for e in evs] == [
        (country, sector, "authorities-at-place", target)], sides(evs)


@pytest.mark.parametrize(("text", "country", "strategy"), [
    ("The suspects were arrested by Kenyan police in Mombasa.", "KEN", "argument"),
    ("Nigerian police arrested twenty activists in Lagos.", "NGA", "argument"),
])
def test_a_named_doer_stays(pipe, text, country, strategy):
    evs = events(pipe, text)
    assert [(e.source.country, e.source_from) for e in evs] == [(country, strategy)], sides(evs)


@pytest.mark.parametrize("text", [
    "A Yemeni man was deported to Saudi Arabia.",
    "Three Pakistani men were charged with treason on Monday.",
])
def test_no_place_or_only_a_destination_leaves_the_doer_unstated(pipe, text):
    evs = events(pipe, text)
    assert evs and all(e.source_from == "unstated" and e.source.country is None for e in evs), sides(evs)


@pytest.mark.parametrize(("text", "country"), [
    ("The former Ukrainian energy minister was arrested in Madrid on charges of fraud.", "ESP"),
    ("A former aide of the Congolese president was arrested near Brussels on Saturday.", "BEL"),
])
def test_the_place_of_the_arrest_not_the_first_place_named(pipe, text, country):
    evs = events(pipe, text)
    assert [e.source.country for e in evs if e.cameo.startswith("17")] == [country], sides(evs)
