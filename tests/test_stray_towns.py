"""A small town the gazetteer reads in a country the article does not otherwise name, while it names others, gives
an actor no country: the name is more likely a place the gazetteer lacks (an English county, an Afghan district)
than a namesake town abroad. A name's own mentions do not vouch for its reading. Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "wrong"), [
    ("The British government said Norfolk police detained a man at a farm near Norwich.", "USA"),
    ("Afghan officials said Bakwa police arrested three Taliban fighters on the road to Herat.", "COD"),
    ("The British government said Suffolk police detained a man at a farm outside Ipswich.", "USA"),
])
def test_a_town_abroad_is_no_actors_home_in_a_story_about_elsewhere(pipe: Pipeline, text: str, wrong: str) -> None:
    events = pipe.code(text, date="2009-05-01").events
    assert events, text
    assert all(wrong not in (e.source.country, e.target.country if e.target else None) for e in events), events


@pytest.mark.parametrize(("text", "country"), [
    ("Afghan officials said Kandahar police arrested two Taliban commanders on Sunday.", "AFG"),
    ("Pakistani officials said Quetta police arrested four militants on Monday.", "PAK"),
])
def test_a_town_in_a_country_the_article_names_keeps_its_reading(pipe: Pipeline, text: str, country: str) -> None:
    events = pipe.code(text, date="2009-05-01").events
    assert events and any(e.source.country == country and e.source.sector == "COP" for e in events), events
