"""A body's alias that is only the end of a longer name (issue 15, "partial aliases"): an unknown "Velorian National
Liberation Army" is not Colombia's "National Liberation Army", a "Hezbollah Central Command" is Hezbollah's and not
the US "Central Command"; and a country's "Defense Department" is that country's, not the US one. Every name and
sentence here is written for these tests (Velorian and Ostland are invented)."""

from __future__ import annotations

import pytest

from tidings.jobs.actors import resolve_phrases
from tidings.pipeline import parse_date

DAY = parse_date("2011-05-01")


@pytest.mark.parametrize("phrase,wrong", [
    ("the Velorian National Liberation Army", "COL"),
    ("the Ostland Central Command", "USA"),
    ("the National Democratic Party", "USA"),  # not the US Democratic Party
])
def test_an_unknown_name_ending_in_an_alias_is_no_known_body(pipe, phrase, wrong):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert a is None or a.country != wrong, a


@pytest.mark.parametrize("phrase", ["the Progressive Democratic Party", "the Velorian Democratic Party"])
def test_an_unknown_party_in_a_story_about_one_country_is_that_countrys(pipe, phrase):
    """A name ending in a party-family name is read as such a name alone is (``ArticleCountries.rehome``)."""
    context = "Thailand's election commission met in Bangkok to check the lists of every Thai party."
    (a,) = resolve_phrases(pipe, [phrase], DAY, context)
    assert a is not None and (a.country, a.sector) == ("THA", "PTY"), a


@pytest.mark.parametrize("phrase,country,kb_id", [
    ("the Hezbollah Central Command", "LBN", "org:hezbollah"),
    ("the Taliban Central Command", "AFG", "org:taliban"),
    ("the Hamas Central Command", "PSE", "org:hamas"),
])
def test_a_known_body_that_begins_the_name_owns_it(pipe, phrase, country, kb_id):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert a is not None and (a.country, a.kb_id) == (country, kb_id), a


@pytest.mark.parametrize("phrase,wrong", [
    ("Velorian National Liberation Army fighters", "COL"),  # the alias before the head noun
    ("commanders of the Ostland Central Command", "USA"),  # the alias after the head noun
])
def test_people_of_an_unknown_body_are_not_the_known_bodys(pipe, phrase, wrong):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert a is None or a.country != wrong, a


@pytest.mark.parametrize("sentence,wrong", [
    ("Gunmen from the Ostland Central Command shelled a village on Monday.", "USA"),
    ("Velorian National Liberation Army fighters attacked a police post on Tuesday.", "COL"),
])
def test_events_of_an_unknown_body_take_no_known_bodys_country(pipe, sentence, wrong):
    coded = pipe.code(sentence, date=DAY)  # an event with no known actor may be dropped: it is no wrong one
    for e in coded.events:
        assert wrong not in (e.source.country, e.target.country if e.target else None), e


@pytest.mark.parametrize("phrase,country,sector", [
    ("the National Liberation Army", "COL", "REB"),  # the alias alone
    ("the Central Command", "USA", "MIL"),
    ("the U.S. Central Command", "USA", "MIL"),  # a country's name before its own body's alias
    ("Colombia's National Liberation Army", "COL", "REB"),
    ("the Defense Department", "USA", "MIL"),
    ("Chile's Defense Department", "CHL", "MIL"),  # another country's department of that name
    ("Peru's Defense Department", "PER", "MIL"),
    ("the UN Security Council", "IGO", "IGO"),  # an IGO's known body under an IGO's name
])
def test_aliases_that_stand_alone_or_after_their_own_country_still_resolve(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert a is not None and (a.country, a.sector) == (country, sector), a
