"""Business, sport and entertainment read as politics (``events/register.py``, ``data/register.yaml``), on
sentences written for these tests: a company acting commercially is no event, while a company against a state, or
a state against a company, stays one; in an article in the register of sport or entertainment, a country names a
team or a setting, so only acts with a political actor on one side are coded; the same sentence in a politics
article is coded as before."""

from __future__ import annotations

import pytest

from tidings.events.register import register_of, register_of_text


def events(pipe, text: str) -> list:
    return list(pipe.code(text, date="2025-06-01").events)


def sides(evs: list) -> list[tuple]:
    return [(e.source.country, e.source.sector, e.cameo, e.target and e.target.country) for e in evs]


@pytest.mark.parametrize("text", [
    "Samsung released its quarterly results on Tuesday.",
    "Microsoft will offer its own anti-virus software to home users next year.",
    "Nokia and Ericsson agreed to work together on a new mobile standard.",
    "Toyota hosted a party for its dealers in Nagoya.",
    "Siemens agreed to buy Philips for 2 billion euros.",
])
def test_a_company_acting_commercially_is_no_event(pipe, text):
    assert events(pipe, text) == [], sides(events(pipe, text))


@pytest.mark.parametrize(("text", "src", "tgt", "root"), [
    ("Gazprom accused the Ukrainian government of stealing gas.", "RUS", "UKR", "11"),
    ("The European Commission fined Microsoft for abusing its dominance.", "IGO", "USA", "11"),
])
def test_a_company_and_a_state_still_make_an_event(pipe, text, src, tgt, root):
    evs = events(pipe, text)
    assert any(e.source.country == src and e.target is not None and e.target.country == tgt
               and e.cameo_root == root for e in evs), sides(evs)


SPORT_TAIL = " The coach praised his squad, and the striker scored twice in the league."


@pytest.mark.parametrize(("lead", "src", "tgt"), [
    ("Brazil rejected Argentina's complaint about the referee.", "BRA", "ARG"),
    ("Ghana accused Nigeria of cheating after the match.", "GHA", "NGA"),
])
def test_countries_in_a_sport_article_are_teams(pipe, lead, src, tgt):
    def dyad(evs):
        return [e for e in evs if e.source.country == src and e.target is not None and e.target.country == tgt]

    assert dyad(events(pipe, lead)), "the sentence alone, in no register, is an event"
    assert dyad(events(pipe, lead + SPORT_TAIL)) == []


@pytest.mark.parametrize(("lead", "src"), [
    ("The Kenyan government criticised the athletics federation after the championship.", "KEN"),
    ("Spain's sports minister met the French sports minister before the tournament.", "ESP"),
])
def test_a_political_actor_in_a_sport_article_still_acts(pipe, lead, src):
    evs = events(pipe, lead + SPORT_TAIL)
    assert any(e.source.country == src and e.source.sector == "GOV" for e in evs), sides(evs)


def test_a_country_in_an_entertainment_article_is_no_actor(pipe):
    lead = "Canada praised Sweden after the show in Toronto."
    tail = " The actress and the singer released an album, and the movie had its premiere in Toronto."
    assert [e for e in events(pipe, lead) if e.source.country == "CAN"]
    assert [e for e in events(pipe, lead + tail) if e.source.country == "CAN"] == []


def test_a_register_needs_three_different_words():
    assert register_of(["the", "coach", "said", "coach", "squad"]) is None
    assert register_of(["the", "coach", "named", "his", "squad", "for", "the", "tournament"]) == "sport"
    assert register_of_text("Her new ALBUM, a FILM score, had its premiere.") == "entertainment"
    assert register_of_text("The army won the battle; the minister's victory in the vote was a defeat for rebels.") \
        is None


@pytest.mark.parametrize("text", [
    "Chilean dockworkers ended their strike against the port operator DP World.",
    "The union of Nigerian oil workers protested against Shell.",
])
def test_a_union_against_a_company_is_contention(pipe, text):
    evs = events(pipe, text)
    assert any(e.cameo_root in ("08", "14") for e in evs), sides(evs)


@pytest.mark.parametrize("text", [
    "Amnesty International released satellite images of the demolished camp in Zimbabwe.",
    "The World Bank released its annual report on Kenya.",
    "China received criticism from India over Tibet.",
    "Ireland received a bailout from the European Union.",
    "The mayor of Kyiv received a letter from Poland's president.",
])
def test_an_act_done_to_people_needs_people_for_object(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo in ("0841", "043")] == [], sides(evs)


@pytest.mark.parametrize(("text", "src", "tgt", "code"), [
    ("Germany released two Iranian diplomats from custody.", "DEU", "IRN", "0841"),
    ("The Taliban released the Korean hostages.", "AFG", "KOR", "0841"),
    ("King Charles received the Japanese emperor.", "GBR", "JPN", "043"),
    ("Myanmar's military government released dozens of Thai activists.", "MMR", "THA", "0841"),
    ("Eritrea released the two Ethiopian pilots on Monday.", "ERI", "ETH", "0841"),
    ("Iran released the French prisoners.", "IRN", "FRA", "0841"),
    ("The Hungarian president received the delegation from Iran.", "HUN", "IRN", "043"),
])
def test_people_released_or_received_are_still_events(pipe, text, src, tgt, code):
    evs = events(pipe, text)
    assert any(e.source.country == src and e.target is not None and e.target.country == tgt and e.cameo == code
               for e in evs), sides(evs)


def test_person_objects_name_lexicon_entries(pipe):
    from tidings.events.register import registers

    assert registers().person_objects <= set(pipe.lexicon.entries)


@pytest.mark.parametrize("text", [
    "The Kenyan president said the matter should now be left to lie.",
    "\"We should have done more,\" the Swedish prime minister said.",
    "Japan's finance minister said the economy should recover by next year.",
    "The Indian foreign secretary said the talks must continue.",
])
def test_said_should_of_no_named_actor_is_no_demand(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.cameo_root == "10"] == [], sides(evs)


@pytest.mark.parametrize(("text", "src", "tgt"), [
    ("The Chilean foreign minister said Peru must withdraw its troops from the border.", "CHL", "PER"),
    ("Germany's chancellor said Greece should accept the bailout terms.", "DEU", "GRC"),
])
def test_said_must_of_a_named_actor_is_a_demand(pipe, text, src, tgt):
    evs = events(pipe, text)
    assert any(e.cameo_root == "10" and e.source.country == src and e.target is not None
               and e.target.country == tgt for e in evs), sides(evs)


@pytest.mark.parametrize(("text", "src", "tgt"), [
    ("The Turkish foreign minister suggested that Greece should withdraw its complaint.", "TUR", "GRC"),
    ("Egypt suggested that Israel resume the negotiations.", "EGY", "ISR"),
    ("Brazil suggested holding talks with Argentina.", "BRA", "ARG"),
])
def test_a_suggestion_of_an_act_is_an_appeal(pipe, text, src, tgt):
    evs = events(pipe, text)
    assert any(e.cameo == "020" and e.source.country == src and e.target is not None and e.target.country == tgt
               for e in evs), sides(evs)


@pytest.mark.parametrize("text", [
    "The Italian journalist suggested that US troops shot at her car deliberately.",
    "Government figures suggest that unemployment in Spain has increased.",
    "The Indian prime minister suggested that Pakistan was behind the attack.",
])
def test_a_suggestion_of_a_belief_is_no_appeal(pipe, text):
    evs = events(pipe, text)
    assert [e for e in evs if e.rule == "appeal.suggest"] == [], sides(evs)
