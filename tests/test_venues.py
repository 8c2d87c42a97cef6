"""Where a gathering is held places none of those who meet there (``tree.at_venue``), on sentences written for
these tests: "Arab leaders at a summit in Cairo" are not Egypt's, and what OPEC agrees "at a conference in Vienna"
is done to no one in Austria. Violence there is still the host country's, and a local crowd's meeting or rally
still places it."""

from __future__ import annotations

import pytest


def events(pipe, text: str) -> list:
    return list(pipe.code(text, date="2015-06-01").events)


def sides(evs: list) -> list[tuple]:
    return [(e.source.country, e.source_from, e.cameo, e.target and e.target.country) for e in evs]


@pytest.mark.parametrize(("text", "venue"), [
    ("Arab leaders condemned Israel at a summit in Cairo.", "EGY"),
    ("African leaders agreed to send troops at a summit in Addis Ababa.", "ETH"),
    ("OPEC ministers agreed to cut output at a conference in Vienna.", "AUT"),
    ("Asian leaders rejected the plan at a summit in Lima.", "PER"),
])
def test_the_venue_is_no_side(pipe, text, venue):
    evs = events(pipe, text)
    assert evs and all(venue not in (e.source.country, e.target and e.target.country) for e in evs), sides(evs)


@pytest.mark.parametrize(("text", "country"), [
    ("Gunmen killed two delegates at a conference in Baghdad.", "IRQ"),
    ("Riot police dispersed a meeting of opposition activists in Minsk.", "BLR"),
    ("Police arrested dozens of protesters at a rally in Cairo.", "EGY"),
])
def test_violence_and_local_crowds_are_still_placed(pipe, text, country):
    evs = events(pipe, text)
    assert any(e.source.country == country for e in evs), sides(evs)


def test_talks_in_a_foreign_capital_are_with_its_host(pipe):
    evs = events(pipe, "The British foreign secretary will hold talks in Beijing on Thursday.")
    assert any(e.target is not None and e.target.country == "CHN" for e in evs), sides(evs)


def test_a_protest_outside_a_summit_is_the_host_country_s(pipe):
    evs = events(pipe, "Hundreds of protesters demonstrated outside the NATO summit in Bucharest.")
    assert any(e.cameo.startswith("14") and e.source.country == "ROU" for e in evs), sides(evs)
