"""Names that look like a known actor but are not (issue 14/15): a given name alone, a surname whose known bearer
belongs to a country the article never names, a surname the article gave in full to someone the knowledge base
lacks, and party families named in the plural. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from tidings.jobs.actors import resolve_phrases
from tidings.models import Article
from tidings.pipeline import parse_date

DAY = parse_date("2008-02-01")


@pytest.mark.parametrize("context,phrase,not_country", [
    ("The Welsh rugby side named its squad for the match in Cardiff on Saturday.", "Morgan", "ZWE"),
    ("A pensioner in Leeds said the council had cut her benefits.", "Cyril", "ZAF"),
    ("The single mother from Glasgow said the agency had failed her.", "Michelle", "CHL"),
])
def test_a_given_name_alone_is_not_the_leader_of_that_name(pipe, context, phrase, not_country):
    (a,) = resolve_phrases(pipe, [phrase], DAY, context)
    assert a is None or a.country != not_country


def test_family_name_first_countries_keep_the_first_word(pipe):
    """A lone first word is the family name where names are written family name first; the last word there is
    part of the given name, not a surname."""
    xi, moon, wen = resolve_phrases(pipe, ["Xi", "Moon", "Mr Wen"], parse_date("2019-03-01"),
                                    "Officials met in Beijing and Seoul.")
    assert (xi.country, xi.sector) == ("CHN", "GOV")
    assert (moon.country, moon.sector) == ("KOR", "GOV")
    assert wen is None or wen.country != "TWN"  # not Tsai Ing-wen


@pytest.mark.parametrize("context,phrase,not_country", [
    ("Voters in Manchester and Birmingham heard the candidates for the Haltemprice seat in Britain.", "Mr Davis",
     "BHS"),
    ("The former shadow minister toured farms across Britain on Monday, from Leeds to Bristol.", "Mr Davis", "BHS"),
])
def test_a_lone_surname_must_agree_with_the_countries_of_the_article(pipe, context, phrase, not_country):
    (a,) = resolve_phrases(pipe, [phrase], DAY, context)
    assert a is None or a.country != not_country


def test_a_lone_surname_still_resolves_where_the_article_agrees_or_a_title_says_so(pipe):
    (howard,) = resolve_phrases(pipe, ["Mr Howard"], parse_date("2005-03-01"), "Voters in Sydney queued early.")
    assert (howard.country, howard.sector) == ("AUS", "GOV")
    (bush,) = resolve_phrases(pipe, ["President Bush"], DAY, "Ministers met in Baghdad, Iraq, on Monday.")
    assert (bush.country, bush.sector) == ("USA", "GOV")


@pytest.mark.parametrize("context", [
    "Michael Howard spoke to farmers on Monday.",
    "The coach said Michael Howard would start on the wing.",
])
def test_a_surname_given_in_full_to_an_unknown_person_is_not_a_known_namesake(pipe, context):
    (a,) = resolve_phrases(pipe, ["Howard"], parse_date("2005-03-01"), context)
    assert a is None or a.country != "AUS"


@pytest.mark.parametrize("phrase,sector", [("the Greens", "ENV"), ("the Liberals", "PTY"),
                                           ("the Socialists", "PTY"), ("Social Democrats", "PTY")])
def test_party_families_in_the_plural_are_parties_not_peoples(pipe, phrase, sector):
    (a,) = resolve_phrases(pipe, [phrase], DAY, "The election was close.")
    assert a is not None and a.sector == sector and a.country is None  # not Greece, not the US Democrats


def test_a_misspelt_country_is_still_read(pipe):
    """The guard against sector words leaves real misspellings alone."""
    a, b = resolve_phrases(pipe, ["Ethopia", "Afganistan"], DAY, "Aid arrived on Monday.")
    assert (a.country, b.country) == ("ETH", "AFG")


def test_a_party_family_takes_its_country_from_the_article(pipe):
    text = ("Australia's opposition parties met in Canberra on Tuesday.\n\n"
            "The Greens criticised the government over the new coal mine.")
    coded = pipe.code(Article(text=text, date=DAY, id="names-1"))
    sources = {(e.source.country, e.source.sector) for e in coded.events if e.source is not None}
    assert ("GRC", None) not in sources and all(c != "GRC" for c, _ in sources)


@pytest.mark.parametrize("phrase,country,sector", [
    ("the Israeli Security Council", "ISR", "GOV"),
    ("the Russian Security Council", "RUS", "GOV"),
    ("the Iraqi Red Crescent", "IRQ", "NGO"),
])
def test_an_international_body_name_owned_by_a_country_is_that_country_s(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert (a.country, a.sector) == (country, sector)


@pytest.mark.parametrize("phrase", ["the UN Security Council", "the Security Council"])
def test_the_international_body_itself_stays_international(pipe, phrase):
    (a,) = resolve_phrases(pipe, [phrase], DAY)
    assert a.country == "IGO"


def sources_of(pipe, text: str) -> set[str | None]:
    coded = pipe.code(Article(text=text, date=DAY, id="names-2"))
    return {e.source.country for e in coded.events if e.source is not None}


@pytest.mark.parametrize("text,country", [
    ("Michael Jordan met reporters in Chicago on Sunday.\n\nJordan criticised the referees after the game.",
     "JOR"),
    ("Chad Johnson thanked the fans in Cincinnati on Sunday.\n\nChad criticised the coach after the game.", "TCD"),
])
def test_a_country_word_the_article_used_in_a_person_s_name_is_that_person(pipe, text, country):
    """Only sentences the pre-filter parses are seen: the first sentence of each text holds an event word."""
    assert country not in sources_of(pipe, text)


def test_a_country_word_is_still_the_country_where_no_person_bears_it(pipe):
    text = "Officials met in Amman on Sunday.\n\nJordan criticised Israel over the new settlements."
    assert "JOR" in sources_of(pipe, text)


def test_a_country_word_in_an_organisation_tagged_a_person_stays_a_place(pipe):
    """The small model tags some bodies named after a country as people; "from Jordan" is still the place."""
    text = ("Beit Shalom Jordan criticised the decision on Monday.\n\n"
            "The activist was expelled from Jordan and arrived in Germany.")
    coded = pipe.code(Article(text=text, date=DAY, id="names-3"))
    targets = {e.target.country for e in coded.events if e.target is not None}
    assert "JOR" in targets


@pytest.mark.parametrize(("phrase", "not_id"), [
    ("Paul Nixon", "person:phoenix-richard-m-nixon"),
    ("David Blair", "person:tony-blair"),
    ("Kevin Putin", "person:vladimir-putin"),
])
def test_another_given_name_before_a_known_surname_is_someone_else(pipe, phrase, not_id):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2005-05-01"))
    assert a is None or a.kb_id != not_id, a


@pytest.mark.parametrize("phrase", ["Richard Nixon", "President Nixon", "Mr Blair", "Tony Blair", "Vladimir Putin"])
def test_the_persons_own_names_and_titles_still_match(pipe, phrase):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2005-05-01"))
    assert a is not None and (a.kb_id or "").startswith("person:"), a


@pytest.mark.parametrize(("phrase", "kb_id", "sector"), [
    ("a spokesman for Hamas", "org:hamas", "REB"),
    ("the leader of Hezbollah", "org:hezbollah", "REB"),
    ("a spokeswoman for Toyota", "company:toyota", "BUS"),
])
def test_someone_of_or_for_a_named_body_is_that_bodys(pipe, phrase, kb_id, sector):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2010-05-01"))
    assert a is not None and (a.kb_id, a.sector) == (kb_id, sector), a


def test_someone_of_a_state_organ_is_still_the_government(pipe):
    (a,) = resolve_phrases(pipe, ["a spokesman for the Iraqi Interior Ministry"], parse_date("2010-05-01"))
    assert a is not None and (a.country, a.sector) == ("IRQ", "GOV"), a
