"""A group described by whom it belongs to ("troops loyal to X") is that group, of X's country, with its own
sector: not X itself. Armed men of no sector of their own take the sector of those they are loyal to. Members of a
known body (a party, an armed group) are that body. Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "country", "sector"), [
    ("Troops loyal to the Syrian president attacked a village near Homs.", "SYR", "MIL"),
    ("Fighters loyal to Muammar Gaddafi shelled the town of Misrata on Sunday.", "LBY", "MIL"),
    ("A newspaper based in Beirut criticised the Syrian government.", "LBN", "MED"),
])
def test_a_member_group_is_its_own_sector_of_the_members_country(pipe: Pipeline, text: str, country: str,
                                                                   sector: str) -> None:
    events = pipe.code(text, date="2011-05-01").events
    assert events and all((e.source.country, e.source.sector) == (country, sector) for e in events), events
    assert all((e.source.kb_id or "country:").startswith("country:") for e in events), events  # not the leader


@pytest.mark.parametrize(("text", "country", "sector"), [
    ("Militiamen loyal to the Taliban attacked a police post in Kunduz.", "AFG", "REB"),
    ("Senior leaders in the Labour Party rejected the plan.", "GBR", "PTY"),
])
def test_members_of_a_known_body_are_that_body(pipe: Pipeline, text: str, country: str, sector: str) -> None:
    events = pipe.code(text, date="2011-05-01").events
    assert events and all((e.source.country, e.source.sector) == (country, sector) for e in events), events


@pytest.mark.parametrize("text", [
    "Two car bombs in Baghdad killed 15 people on Sunday.",
    "A roadside bomb in Kandahar killed three policemen.",
])
def test_things_at_a_place_are_nobodys(pipe: Pipeline, text: str) -> None:
    """A bomb "in" a city is no group of that city's government: the attackers are unidentified (UAF)."""
    events = pipe.code(text, date="2008-05-01").events
    assert events and all(e.source.sector == "UAF" for e in events), events
