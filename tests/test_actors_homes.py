"""Names that bodies of several countries share, chosen by the article (``actors/homes.py``), and a party's member
named in the singular ("Tory MP", ``text_norm.member_form``). Every text here is written for these tests."""

from __future__ import annotations

import pytest

from tidings.actors.homes import is_party_family_name, spells_out
from tidings.models import Article
from tidings.nlp.text_norm import member_form
from tidings.pipeline import Pipeline, parse_date

DAY = parse_date("2008-05-01")


def actors_of(pipe: Pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    """The article's actor mentions: text -> (country, sector) (the last mention of a text wins)."""
    coded = pipe.code(Article(text=text, date=DAY, title="t"))
    return {a.text: (a.country, a.sector) for a in coded.actors}


def event_sides(pipe: Pipeline, text: str) -> list[tuple[str | None, str | None]]:
    coded = pipe.code(Article(text=text, date=DAY, title="t"))
    return [(e.source.country, e.target.country if e.target else None) for e in coded.events]


@pytest.mark.parametrize("text,phrase,country", [
    ("Thai police detained two organisers in Bangkok. The Democrats condemned Prime Minister Samak Sundaravej, "
     "and Thailand's election commission in Chiang Mai said the vote would be held again.", "Democrats", "THA"),
    ("Canadian voters in Ottawa and Toronto go to the polls next month. The Conservatives accused the government "
     "of waste, and Canada's auditor agreed.", "Conservatives", "CAN"),
    ("Brazilian unions marched in Sao Paulo on Friday. The Workers' Party condemned the Brazilian Senate for "
     "blocking the pension reform in Brazil.", "Workers' Party", "BRA"),
])
def test_a_party_family_name_is_the_party_of_the_country_the_article_is_about(pipe, text, phrase, country):
    assert actors_of(pipe, text)[phrase] == (country, "PTY")


def test_a_party_family_name_stays_with_its_holder_where_the_article_names_it(pipe):
    found = actors_of(pipe, "In Washington, the Democrats criticised President Bush over the war in Iraq, and "
                            "Iraqi ministers in Baghdad said the United States had to stay.")
    assert found["Democrats"] == ("USA", "PTY")


def test_an_acronym_the_article_spells_out_is_the_spelt_out_body(pipe):
    text = ("The British National Party (BNP) won a council seat in Leeds on Thursday. Labour accused the BNP of "
            "stirring up hatred.")
    assert event_sides(pipe, text) == [("GBR", "GBR")]
    # spelt out as a body the knowledge base lacks: not the knowledge base's body of that acronym (Congo's rebels)
    found = actors_of(pipe, "The Alliance Defense Fund (ADF) sued the Internal Revenue Service in Phoenix. "
                            "Pastors in Ohio said the ADF had accused the IRS of bias.")
    assert all(country != "COD" for country, _ in found.values())


def test_a_party_or_armed_groups_acronym_of_a_country_the_article_never_names_is_not_that_body(pipe):
    japan = ("Japanese ministers met in Tokyo on Friday. Prime Minister Taro Aso said the SDF had "
             "criticised the Japanese defence ministry, and Japan would review the budget.")
    assert all(country != "SYR" for country, _ in actors_of(pipe, japan).values())
    syria = ("Kurdish fighters advanced near Raqqa in Syria. The Syrian government condemned the SDF, and Syrian "
             "state media in Damascus said the SDF had attacked two villages.")
    assert ("SYR", "REB") in actors_of(pipe, syria).values()


@pytest.mark.parametrize("text,country", [
    ("Police in Leeds arrested a BNP councillor on Sunday. Gordon Brown said the BNP had damaged Britain, and the "
     "Home Office in London agreed.", "GBR"),
    ("In Dhaka, the BNP accused the Awami League of rigging the vote, and Bangladesh's election commission "
     "promised an inquiry in Bangladesh.", "BGD"),
])
def test_an_alias_two_bodies_share_goes_to_the_one_of_the_articles_country(pipe, text, country):
    assert actors_of(pipe, text)["BNP"] == (country, "PTY")


@pytest.mark.parametrize("text,phrase,expected", [
    ("A Tory MP in Kent criticised the plan.", "Tory MP", ("GBR", "LEG")),
    ("Lib Dem leader Jane Cartwright criticised the plan in Bristol.", "Lib Dem leader Jane Cartwright",
     ("GBR", "PTY")),
    ("Tory spokesman Tom Ashby criticised the minister.", "Tory spokesman Tom Ashby", ("GBR", "PTY")),
])
def test_a_partys_member_in_the_singular_names_the_party(pipe, text, phrase, expected):
    assert actors_of(pipe, text)[phrase] == expected


def test_a_member_form_is_no_part_of_another_bodys_name(pipe):
    found = actors_of(pipe, "Iraqi Republican Guard units attacked the town of Karbala.")
    assert all(country != "USA" for country, _ in found.values())


def test_the_words_of_names():
    assert is_party_family_name("democratic party") and is_party_family_name("workers' party")
    assert is_party_family_name("people's alliance") and not is_party_family_name("bharatiya janata party")
    assert spells_out("BNP", "the British National Party") and spells_out("SDF", "its Self-Defense Forces")
    assert spells_out("JeM", "the Jaish-e-Mohammed") and not spells_out("AFP", "PARIS")
    assert member_form("Tories") == "Tory" and member_form("Lib Dems") == "Lib Dem"
    assert member_form("Congress") is None and member_form("PiS") is None and member_form("Likud") is None


def test_a_role_word_with_no_country_is_the_country_the_article_is_about(pipe):
    """Where the article is about one country (named three times, twice as often as any other), a role or group
    word the knowledge base cannot place is that country's; in an article about two countries it stays unplaced."""
    one = ("India opened its skies to private airlines in New Delhi on Monday. Indian carriers welcomed the plan, "
           "and airports across India will be modernised. \"Most airports are shabby,\" Ms Rao said, adding that the "
           "aviation minister has promised to privatise the airports.")
    two = ("Pakistan and India held talks in Delhi on Monday; Pakistani and Indian officials met again in "
           "Islamabad. \"Most airports are shabby,\" Ms Rao said, adding that the aviation minister has promised to "
           "privatise the airports.")
    side = {e.trigger: e.source.country for e in pipe.code(Article(text=one, date=DAY, title="t")).events}
    assert side.get("promised") == "IND"
    side = {e.trigger: e.source.country for e in pipe.code(Article(text=two, date=DAY, title="t")).events}
    assert side.get("promised") is None
