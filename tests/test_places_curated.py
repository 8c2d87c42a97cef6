"""Places below the country that pycountry lacks in English (``actors/places.yaml``), towns with no entity before a
sector word, and their guards (issue 15): phrases and sentences written for these tests."""

from __future__ import annotations

import pytest

from tidings.context.gazetteer import gazetteer
from tidings.jobs.actors import resolve_phrases
from tidings.pipeline import parse_date

DAY = parse_date("2010-06-01")


@pytest.mark.parametrize("key,country", [
    ("chechnya", "RUS"), ("ingushetia", "RUS"), ("xinjiang", "CHN"), ("tibet", "CHN"), ("transnistria", "MDA"),
    ("south ossetia", "GEO"), ("baluchistan", "PAK"), ("kurdistan region", "IRQ"), ("niger delta", "NGA"),
    ("catalonia", "ESP"),
])
def test_curated_name_takes_its_country(key, country):
    assert {p.country for p in gazetteer().regions(key)} == {country}


def test_shared_names_are_a_reading_per_country():
    assert {p.country for p in gazetteer().regions("kurdish")} == {"IRQ", "TUR", "SYR", "IRN"}
    assert {p.country for p in gazetteer().regions("baluch")} == {"PAK", "IRN", "AFG"}


@pytest.mark.parametrize("phrase,country,sector", [
    ("Chechnya rebels", "RUS", "REB"),  # tagged GPE
    ("Xinjiang police", "CHN", "COP"),
    ("Ingushetia police", "RUS", "COP"),  # no entity
    ("Dagestan police", "RUS", "COP"),  # tagged NORP
    ("Tamil Nadu police", "IND", "COP"),  # tagged PERSON
    ("Khyber Pakhtunkhwa police", "PAK", "COP"),  # a two-word ORG entity that names a region
    ("Transnistria officials", "MDA", "GOV"),
    ("Nagorno-Karabakh officials", "AZE", "GOV"),  # a hyphen inside the name
    ("Kurdistan region officials", "IRQ", "GOV"),  # with the lower-case word after it
    ("Niger Delta kidnappers", "NGA", "CRM"),  # not Niger, whose name it holds
    ("Baqubah insurgents", "IRQ", "REB"),  # towns with no entity, right before the sector word
    ("Kismayo residents", "SOM", "CVL"),
    ("Misrata fighters", "LBY", None),
])
def test_phrase_origin(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert a is not None and a.country == country, a
    if sector:
        assert a.sector == sector


def test_crimea_changes_country_in_2014(pipe):
    before = resolve_phrases(pipe, ["Crimean authorities", "Sevastopol officials"], parse_date("2010-06-01"))
    after = resolve_phrases(pipe, ["Crimean authorities", "Sevastopol officials"], parse_date("2016-06-01"))
    assert [a.country for a in before if a] == ["UKR", "UKR"]
    assert [a.country for a in after if a] == ["RUS", "RUS"]
    ask = pipe.context.country_of_place
    assert ask("Crimea")[0] == "UKR"  # with no date (an event's place): the undated country
    assert ask("Crimea", day=parse_date("2014-03-18"))[0] == "RUS"
    assert ask("Crimea", day=parse_date("2014-03-17"))[0] == "UKR"


def test_shared_adjective_needs_one_article_country(pipe):
    for phrase in ("Kurdish fighters", "Baluch rebels", "Kashmiri militants"):
        (bare,) = resolve_phrases(pipe, [phrase], DAY)
        assert bare is None or bare.country is None, bare
    (irq,) = resolve_phrases(pipe, ["Kurdish fighters"], DAY, context="Iraq's army moved north from Baghdad.")
    assert irq is not None and irq.country == "IRQ"
    (irn,) = resolve_phrases(pipe, ["Baluch rebels"], DAY, context="Iran's army moved east from Tehran.")
    assert irn is not None and irn.country == "IRN"
    (ind,) = resolve_phrases(pipe, ["Kashmiri militants"], DAY, context="India's army moved north from Delhi.")
    assert ind is not None and ind.country == "IND"
    # an article that names two of its countries decides nothing
    (two,) = resolve_phrases(pipe, ["Kurdish fighters"], DAY,
                             context="Turkey's army crossed into Iraq on Monday, officials in Ankara said.")
    assert two is None or two.country is None, two


def test_unsure_towns_need_the_article(pipe):
    ask = pipe.context.country_of_place
    kinds = ("region", "city")
    # a town of one country, no common word: read on its own
    assert ask("Fallujah", lambda: set(), kinds, unsure_cities=True) == ("IRQ", "Al Fallūjah")
    # common words (an adjective, a verb) and a sector word: only in an article naming the country
    for name, country in (("Mobile", "USA"), ("Split", "HRV"), ("Police", "POL")):
        assert ask(name, lambda: set(), kinds, unsure_cities=True) is None, name
        assert ask(name, lambda c=country: {c}, kinds, unsure_cities=True)[0] == country, name
    # towns of two countries
    assert ask("Hyderabad", lambda: set(), kinds, unsure_cities=True) is None
    assert ask("Hyderabad", lambda: {"PAK"}, kinds, unsure_cities=True)[0] == "PAK"


def test_sentences(pipe):
    text = ("Ingushetia police arrested two gunmen after a raid on Monday, officials said. Kismayo residents "
            "protested against the militia's new taxes. Transnistria officials accused Moldova of blocking trade. "
            "Xinjiang police detained dozens of men after the riots. The Crimean authorities expelled a Ukrainian "
            "diplomat.")
    coded = pipe.code(text, date="2016-05-02")
    sources = {e.source.text: e.source.country for e in coded.events if e.source is not None}
    assert sources == {"Ingushetia police": "RUS", "Kismayo residents": "SOM", "Transnistria officials": "MDA",
                       "Xinjiang police": "CHN", "Crimean authorities": "RUS"}, sources


@pytest.mark.parametrize(("phrase", "country"), [
    ("police in Helmand province", "AFG"),
    ("police in the province of Helmand", "AFG"),
    ("rebels in Darfur region", "SDN"),
])
def test_an_area_word_names_the_place_before_it_or_after_of(pipe, phrase, country):
    """"Helmand province", "the province of Helmand": the area word is no place; the name with it is."""
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2010-05-01"))
    assert a is not None and a.country == country, a
