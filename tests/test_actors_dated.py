"""Actors as of a date, by rule: former office holders are ELI, organisations change role on their dates, no date
means today; sector phrases without a country keep their sector; places below the country name it; an alias that
is only part of another country's body does not match.

Every dated case is a fact written for the project, with its source, at mid-term dates (away from the edges, where
sources differ by a day).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tidings.actors.kb import load_kb
from tidings.datafiles.read import data_dir
from tidings.jobs.actors import resolve_phrases
from tidings.jobs.datacheck import validate_all
from tidings.pipeline import parse_date

# (phrase, date, country, sector, source): in office -> GOV (or OPP), after the last role -> ELI
PEOPLE = [
    # Europe
    ("Tony Blair", "2003-03-20", "GBR", "GOV", "UK PM 1997-05-02 to 2007-06-27 (gov.uk, past prime ministers)"),
    ("Tony Blair", "2010-01-01", "GBR", "ELI", "as above"),
    ("Gerhard Schröder", "2002-06-01", "DEU", "GOV", "chancellor 1998-10-27 to 2005-11-22 (bundeskanzler.de)"),
    ("Gerhard Schröder", "2008-06-01", "DEU", "ELI", "as above"),
    ("Joschka Fischer", "2003-02-14", "DEU", "GOV", "foreign minister 1998-10-27 to 2005-11-22 (auswaertiges-amt.de)"),
    ("Joschka Fischer", "2007-02-14", "DEU", "ELI", "as above"),
    ("David Cameron", "2007-06-01", "GBR", "OPP", "Leader of the Opposition 2005-12-06 to 2010-05-11 (Wikipedia)"),
    ("David Cameron", "2012-06-01", "GBR", "GOV", "PM 2010-05-11 to 2016-07-13 (gov.uk)"),
    ("Gordon Brown", "2004-06-01", "GBR", "GOV", "chancellor 1997-05-02 to 2007-06-27 (gov.uk; the Phoenix import)"),
    ("Keir Starmer", "2022-06-01", "GBR", "OPP", "Leader of the Opposition 2020-04-04 to 2024-07-05 (parliament.uk)"),
    ("Keir Starmer", "2025-06-01", "GBR", "GOV", "PM from 2024-07-05 (gov.uk)"),
    # Americas: senators before their executive offices
    ("Hillary Clinton", "2006-03-01", "USA", "LEG", "US senator 2001-01-03 to 2009-01-21 (senate.gov)"),
    ("Barack Obama", "2006-03-01", "USA", "LEG", "US senator 2005-01-03 to 2008-11-16 (senate.gov)"),
    ("Joe Biden", "2006-03-01", "USA", "LEG", "US senator 1973-01-03 to 2009-01-15 (senate.gov)"),
    # Asia
    ("Junichiro Koizumi", "2004-05-01", "JPN", "GOV", "PM 2001-04-26 to 2006-09-26 (japan.kantei.go.jp)"),
    ("Junichiro Koizumi", "2009-05-01", "JPN", "ELI", "as above"),
    ("Manmohan Singh", "2009-01-15", "IND", "GOV", "PM 2004-05-22 to 2014-05-26 (pmindia.gov.in)"),
    ("Manmohan Singh", "2016-01-15", "IND", "ELI", "as above"),
    ("Kemal Kılıçdaroğlu", "2015-03-01", "TUR", "OPP", "CHP leader 2010-05-22 to 2023-11-05 (chp.org.tr)"),
    ("Kemal Kılıçdaroğlu", "2024-03-01", "TUR", "ELI", "as above"),
    ("Benjamin Netanyahu", "2022-03-01", "ISR", "OPP", "opposition leader 2021-06-13 to 2022-12-29 (knesset.gov.il)"),
    ("Yang Jiechi", "2010-05-01", "CHN", "GOV", "foreign minister 2007-04-27 to 2013-03-16 (fmprc.gov.cn)"),
    # Africa
    ("Thabo Mbeki", "2003-07-01", "ZAF", "GOV", "president 1999-06-16 to 2008-09-24 (thepresidency.gov.za)"),
    ("Thabo Mbeki", "2012-07-01", "ZAF", "ELI", "as above"),
    ("Olusegun Obasanjo", "2003-01-10", "NGA", "GOV", "president 1999-05-29 to 2007-05-29 (statehouse.gov.ng)"),
    ("Olusegun Obasanjo", "2011-01-10", "NGA", "ELI", "as above"),
    ("Morgan Tsvangirai", "2005-04-01", "ZWE", "OPP", "MDC president from 1999-09-11; PM 2009-02-11 (Wikipedia)"),
    ("Morgan Tsvangirai", "2011-04-01", "ZWE", "GOV", "PM 2009-02-11 to 2013-09-15 (Wikipedia)"),
    ("Nkosazana Dlamini-Zuma", "2004-03-01", "ZAF", "GOV", "foreign minister 1999-06-17 to 2009-05-10 (dirco.gov.za)"),
    # Americas
    ("Stephen Harper", "2005-06-01", "CAN", "OPP", "Leader of the Opposition 2004-03-20 to 2006-02-05 (ourcommons.ca)"),
    ("Stephen Harper", "2010-06-01", "CAN", "GOV", "PM 2006-02-06 to 2015-11-04 (pm.gc.ca)"),
    ("Stephen Harper", "2018-06-01", "CAN", "ELI", "as above"),
    ("Hugo Chávez", "2006-12-01", "VEN", "GOV", "president 1999-02-02 to his death 2013-03-05"),
    ("Colin Powell", "2003-02-05", "USA", "GOV", "secretary of state 2001-01-20 to 2005-01-26 (history.state.gov)"),
    ("Colin Powell", "2008-02-05", "USA", "ELI", "as above"),
    ("Celso Amorim", "2006-08-01", "BRA", "GOV", "foreign minister 2003-01-01 to 2010-12-31 (gov.br/mre)"),
    # Oceania
    ("John Howard", "2001-10-01", "AUS", "GOV", "PM 1996-03-11 to 2007-12-03 (pm.gov.au)"),
    ("John Howard", "2012-10-01", "AUS", "ELI", "as above"),
    ("Kevin Rudd", "2007-06-01", "AUS", "OPP", "Leader of the Opposition 2006-12-04 to 2007-12-03 (aph.gov.au)"),
    ("Helen Clark", "2004-09-01", "NZL", "GOV", "PM 1999-12-10 to 2008-11-19 (dpmc.govt.nz)"),
    ("Alexander Downer", "2002-09-01", "AUS", "GOV", "foreign minister 1996-03-11 to 2007-12-03 (dfat.gov.au)"),
    ("Peter Dutton", "2023-09-01", "AUS", "OPP", "Leader of the Opposition 2022-05-30 to 2025-05-13 (aph.gov.au)"),
]


@pytest.mark.parametrize("phrase,day,country,sector,source", PEOPLE)
def test_people_by_date(pipe, phrase, day, country, sector, source):
    (a,) = resolve_phrases(pipe, [phrase], parse_date(day))
    assert a is not None and (a.country, a.sector) == (country, sector), source


# organisations that change role on their dates: (phrase, date, country, sector)
ORGANISATIONS = [
    ("the Taliban", "1999-01-01", "AFG", "GOV"),  # Kabul taken 1996-09-27, Kandahar lost 2001-12-07
    ("the Taliban", "2008-01-01", "AFG", "REB"),
    ("the Taliban", "2023-01-01", "AFG", "GOV"),  # Kabul taken 2021-08-15
    ("the Nepalese Maoists", "2003-01-01", "NPL", "REB"),  # People's War 1996-02-13 to 2006-11-21
    ("the Nepalese Maoists", "2010-01-01", "NPL", "PTY"),
    ("the Iraqi Ba'ath Party", "2001-01-01", "IRQ", "GOV"),  # ruling 1968-07-17 to the fall of Baghdad
    ("the Iraqi Ba'ath Party", "2005-01-01", "IRQ", "PTY"),
    ("the Iraqi Governing Council", "2004-01-10", "IRQ", "GOV"),  # 2003-07-13 to its dissolution 2004-06-01
    ("the Iraqi Governing Council", "2006-01-10", "IRQ", None),
]


@pytest.mark.parametrize("phrase,day,country,sector", ORGANISATIONS)
def test_organisations_by_date(pipe, phrase, day, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], parse_date(day))
    assert a is not None and (a.country, a.sector) == (country, sector)


def test_no_date_means_today(pipe):
    """Without a date the answer is today's: a past leader is ELI, the Taliban govern, a sitting one is GOV."""
    blair, taliban, lavrov = resolve_phrases(pipe, ["Tony Blair", "the Taliban", "Sergei Lavrov"], None)
    assert (blair.country, blair.sector) == ("GBR", "ELI")
    assert (taliban.country, taliban.sector) == ("AFG", "GOV")
    today = resolve_phrases(pipe, ["Sergei Lavrov"], dt.date.today())[0]
    assert (lavrov.country, lavrov.sector) == (today.country, today.sector)


@pytest.mark.parametrize("phrase,sector", [("soldiers", "MIL"), ("riot police", "COP"), ("a judge", "JUD"),
                                           ("striking dockworkers", None), ("the chancellor", "GOV")])
def test_sector_without_country(pipe, phrase, sector):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2026-01-02"))
    if sector is None:
        assert a is None or a.country is None
    else:
        assert a is not None and (a.country, a.sector) == (None, sector)


def test_sector_without_country_in_an_article_takes_the_sentence_country(pipe):
    """In an article the extractor still places a bare sector phrase where the sentence is: no null country where
    the text says one, and a sentence with none codes without crashing."""
    text = ("Riot police fired tear gas at protesters in Nairobi on Tuesday, Kenyan officials said.\n\n"
            "Soldiers arrested three men, witnesses said.")
    coded = pipe.code(text, date=parse_date("2026-01-02"))
    police = [e for e in coded.events if e.source is not None and e.source.sector == "COP"]
    assert police and police[0].source.country == "KEN"


@pytest.mark.parametrize("phrase,country,sector", [
    ("Kandahar police", "AFG", "COP"),
    ("Texas officials", "USA", "GOV"),
    ("Mosul residents", "IRQ", "CVL"),
    ("Bavarian officials", "DEU", "GOV"),
])
def test_places_below_the_country(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2010-01-02"))
    assert a is not None and (a.country, a.sector) == (country, sector)


def test_a_common_word_is_not_a_place(pipe):
    """"Police" is a town in Poland, "Mobile" one in Alabama: written as common nouns they are not places."""
    a, b = resolve_phrases(pipe, ["Police officers", "mobile police"], parse_date("2010-01-02"))
    assert a is not None and (a.country, a.sector) == (None, "COP")
    assert b is not None and (b.country, b.sector) == (None, "COP")


@pytest.mark.parametrize("phrase,country,sector", [
    ("Chile's Defense Department", "CHL", "MIL"),
    ("the Colombian Self Defense Forces", "COL", "MIL"),
    ("the Indonesian Congress", "IDN", "LEG"),
    ("Israeli Labour Party", "ISR", "PTY"),
    # the same country, or a non-state body, keeps its entry
    ("the U.S. Defense Department", "USA", "MIL"),
    ("the Japanese Self-Defense Forces", "JPN", "MIL"),
    ("the British Labour Party", "GBR", "PTY"),
    ("Pakistani Taliban", "PAK", "REB"),
    # only the word next to the name owns it: "pro-X" and "X-backed" say who supports it
    ("pro-Iranian Hezbollah", "LBN", "REB"),
    ("a Syrian-backed Hezbollah", "LBN", "REB"),
    ("the pro-American Iraqi Congress", "IRQ", "LEG"),
])
def test_an_alias_owned_by_another_country(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2010-01-02"))
    assert a is not None and (a.country, a.sector) == (country, sector)


def test_org_roles_loaded_with_their_dates():
    kb = load_kb()
    (taliban,) = [e for e in kb.lookup("Taliban") if e.kind == "org"]
    assert [(r.sector, r.start) for r in taliban.roles] == [("GOV", dt.date(1996, 9, 27)),
                                                            ("GOV", dt.date(2021, 8, 15))]
    assert kb.facts(taliban, dt.date(2021, 8, 14))[:2] == ("AFG", "REB")
    assert kb.facts(taliban, dt.date(2021, 8, 15))[:2] == ("AFG", "GOV")


def _data_copy(tmp_path: Path, extra: str) -> Path:
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    with (root / "actors" / "organisations_historical.yaml").open("a", encoding="utf-8") as f:
        f.write(extra)
    return root


BAD_ROLES = {  # one organisation per mistake, all in one copy of the data (a check of the whole data takes seconds)
    "overlap": ("    - {sector: GOV, start: 2001-01-01, end: 2005-01-01}\n"
                "    - {sector: REB, start: 2004-01-01, end: null}\n", "overlaps role 0"),
    "backwards": ("    - {sector: GOV, start: 2005-01-01, end: 2001-01-01}\n", "ends before it starts"),
    "sector": ("    - {sector: XXX, start: 2001-01-01}\n", "unknown sector 'XXX'"),
    "country": ("    - {country: ZZZ, sector: GOV}\n", "unknown country 'ZZZ'"),
}
BAD_KEYS = {  # mistakes the schema catches, before the whole is checked
    "date": ("    - {sector: GOV, start: last spring}\n", "date or null"),
    "key": ("    - {sector: GOV, begins: 2001-01-01}\n", "unknown key 'begins'"),
}


@pytest.mark.parametrize("cases", [BAD_ROLES, BAD_KEYS], ids=["whole", "schema"])
def test_kb_holds_org_roles_strictly(tmp_path, cases):
    extra = "".join(f"\n- id: test-{name}\n  name: Test Movement {name}\n  country: AFG\n  roles:\n{roles}"
                    for name, (roles, _) in cases.items())
    errors = validate_all(_data_copy(tmp_path, extra))["errors"]
    for name, (_, message) in cases.items():
        assert any(message in e and "organisations_historical.yaml" in e for e in errors), (name, errors)


def test_an_undated_article_keeps_the_undated_codes():
    """An article without a date is most often an archive story about a person's time in office: their current
    role, else the first listed; an organisation gets its own undated code, not a dated role."""
    kb = load_kb()
    assert kb.person_facts(kb.people["tony-blair"], None)[:2] == ("GBR", "GOV")
    (taliban,) = [e for e in kb.lookup("Taliban") if e.kind == "org"]
    assert kb.facts(taliban, None)[:2] == ("AFG", "REB")
