"""Actors are not given a country the article is not about, by two general slips (issue 14's precision on real text):

- a town few know, read in a country the article does not name while it names others, is a namesake abroad of a
  place the gazetteer lacks (an English county, an Afghan district): it gives no country;
- a word one keystroke from a country is no misspelt country where the article writes it inside a longer name
  ("Columbia University", "Rodrigo Granda"): alone, it is that name shortened.

Readings in a country the article names, and real misspellings, are kept. Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


def countries_of(pipe: Pipeline, text: str) -> set[str | None]:
    """The countries of every event's source and target (the text must code at least one event)."""
    events = pipe.code(text, date="2009-05-01").events
    assert events, text
    return {a.country for e in events for a in (e.source, e.target) if a is not None}


@pytest.mark.parametrize(("text", "wrong"), [
    ("The British government said Norfolk police detained a man at a farm near Norwich.", "USA"),
    ("Afghan officials said Bakwa police arrested three Taliban fighters on the road to Herat.", "COD"),
    ("The British government said Suffolk police detained a man at a farm outside Ipswich.", "USA"),
    ("Columbia University invited the Iranian president to speak. The American senator criticised Columbia for "
     "the invitation.", "COL"),
    ("Police arrested the rebel envoy Rodrigo Granda in Caracas. Venezuela criticised Granda for his visit.", "UGA"),
])
def test_no_country_the_article_is_not_about(pipe: Pipeline, text: str, wrong: str) -> None:
    assert wrong not in countries_of(pipe, text)


@pytest.mark.parametrize(("text", "country"), [
    ("Afghan officials said Kandahar police arrested two Taliban commanders on Sunday.", "AFG"),
    ("Pakistani officials said Quetta police arrested four militants on Monday.", "PAK"),
    ("Ethopia has agreed to reopen its border with Eritrea.", "ETH"),
    ("Police in Ethopia arrested two journalists.", "ETH"),
])
def test_a_country_the_article_is_about_is_kept(pipe: Pipeline, text: str, country: str) -> None:
    assert country in countries_of(pipe, text)
