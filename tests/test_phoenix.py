"""The Phoenix import (``tidings.actors.phoenix``): the dictionary format, the conversion with its precedence and
provenance, the imported people as of a date, the strict check of the generated files, and the compiled copy.

The dictionary snippets below are written for these tests in the dictionaries' format; the names are made up."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

from tidings.actors.kb import build_kb_from, load_kb
from tidings.actors.phoenix import convert, write
from tidings.datafiles import schema
from tidings.datafiles.check import read
from tidings.datafiles.phoenix import parse_day, parse_dictionary
from tidings.datafiles.read import data_dir
from tidings.errors import DataFileError
from tidings.jobs.actors import resolve_phrases

COUNTRIES = (
    b"# a comment line\n"
    b"ZORVANIA_ [ZRV]\n"  # a country name: not imported
    b"+ZORVANIAN_\n\n"
    b"BALDRIC_OSTERWELL_  # CountryInfo.txt\n"
    b"+PRESIDENT_OSTERWELL_\n"
    b"\t[ZRVELI 19700101-950301]\n"
    b"\t[ZRVGOV 950301-030615]\n"
    b"\t[ZRVELI]\n"
    b"KESTRA_VANDELIN_\n"
    b"VANDELIN_KESTRA_\n"  # heads one under another share the codes that follow
    b"\t[ZRVGOVAGR >080401]\n"
    b"M\xc9LOR_TAVISH_\n"  # a Latin-1 byte: E acute
    b"\t[ZRVOPP 20010101-20120630]\n"
    b"ORVELL_DASK_\n"
    b"\t[ZRVGOV 2004017-20061201]\n"  # seven digits: unreadable
    b"ZORVANIAN_BORDER_LEGION_ [ZRVMIL]\n"
    b"QUILLON_PRATCHETT_\n"  # tidings has him: merged, earlier roles only
    b"\t[ZRVGOV 900101-991231]\n"
    b"\t[ZRVGOV >100101]\n"
    b"NORDIC_MARCHERS_ [WEUREB]\n"  # a region: tidings cannot express it
    b"TOVAR_REMLICK_\n"  # one minister listed twice, his office in pieces: one person with all three roles
    b"\t[ZRVGOVAGR 030201-030228]\n"
    b"TOVAR_REMLICK_\n"
    b"\t[ZRVGOVAGR 030101-030131]\n"
    b"\t[ZRVGOVAGR 030201-030228]\n"
    b"\t[ZRVGOVAGR 030301-041130]\n"
)
INTERNATIONAL = b"GLOBAL_GRAIN_ALLIANCE_ [IGOAGR]\nVELTRAN_HOLDINGS_ [MNCZRV]\n"
MILNONSTATE = b"ZORVANIAN_LIBERATION_FRONT_ [ZRVREB] # a comment\n+ZLF_\n"
AGENTS = (b"!PERSON! = MAN, MEN, WOMAN, WOMEN\n\n"
          b"GENDARME [~COP]\n"
          b"HERDS!PERSON! [~AGR]\n"
          b"CHAMBER_OF_TRADE {CHAMBERS_OF_TRADE} [~BUS]\n"
          b"AD!PERSON!ISTRATOR [~GOV]\n"  # a set glued inside a word: an editing accident, skipped
          b"OFFICIAL [~GOV]\n")  # tidings has it


def test_the_dictionary_format_is_read_with_lines_dates_and_latin1():
    records, _ = parse_dictionary("Phoenix.Countries.actors.txt", COUNTRIES)
    by_name = {r.name: r for r in records}
    osterwell = by_name["BALDRIC_OSTERWELL_"]
    assert osterwell.line == 5 and osterwell.synonyms == (("PRESIDENT_OSTERWELL_", 6),)
    assert [(c.code, c.start, c.end, c.line) for c in osterwell.codes] == [
        ("ZRVELI", dt.date(1970, 1, 1), dt.date(1995, 3, 1), 7),
        ("ZRVGOV", dt.date(1995, 3, 1), dt.date(2003, 6, 15), 8), ("ZRVELI", None, None, 9)]
    assert "CountryInfo" in osterwell.note
    kestra = by_name["KESTRA_VANDELIN_"]
    assert [s for s, _ in kestra.synonyms] == ["VANDELIN_KESTRA_"] and kestra.codes[0].start == dt.date(2008, 4, 1)
    assert kestra.codes[0].end is None
    assert "MÉLOR_TAVISH_" in by_name
    assert by_name["ORVELL_DASK_"].codes[0].error
    assert parse_day("320101") == dt.date(1932, 1, 1) and parse_day("070723") == dt.date(2007, 7, 23)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, object]:
    """The snippets converted against a small knowledge base of tidings' own (one country, one person)."""
    root = tmp_path_factory.mktemp("phoenix")
    source, actors = root / "source", root / "actors"
    source.mkdir()
    (actors / "people").mkdir(parents=True)
    for name, data in (("Phoenix.Countries.actors.txt", COUNTRIES), ("Phoenix.International.actors.txt",
                       INTERNATIONAL), ("Phoenix.MilNonState.actors.txt", MILNONSTATE), ("Phoenix.agents.txt", AGENTS)):
        (source / name).write_bytes(data)
    (actors / "countries.yaml").write_text("- {code: ZRV, name: Zorvania, aliases: [Zorvania], checked: 2026-12-07}\n",
                                           encoding="utf-8")
    (actors / "sectors.yaml").write_text("- {term: official, sector: GOV, checked: 2026-12-07}\n"
                                         "- {term: officials, sector: GOV, checked: 2026-12-07}\n", encoding="utf-8")
    (actors / "people" / "core.yaml").write_text(
        "- id: quillon-pratchett\n  name: Quillon Pratchett\n  roles:\n"
        "    - {country: ZRV, sector: GOV, title: president, start: 2016-01-01, end: null}\n  checked: 2026-12-07\n",
        encoding="utf-8")
    out, report = convert(source, actors, None)
    write(out, actors)
    return actors, out, report


def test_conversion_counts_precedence_and_provenance(imported):
    actors, out, report = imported
    people = {e["name"]: e for e in out["person"]}
    osterwell = people["Baldric Osterwell"]
    assert osterwell["source"] == "Phoenix.Countries.actors.txt:5 BALDRIC_OSTERWELL_"
    assert [r.get("start") for r in osterwell["roles"]] == ["1970-01-01", "1995-03-01", None]  # fallback last
    assert osterwell["roles"][1]["source"] == "[ZRVGOV 950301-030615] line 8"
    assert osterwell["aliases"] == ["President Osterwell"]
    assert "Mélor Tavish" in people and people["Kestra Vandelin"]["aliases"] == ["Vandelin Kestra"]
    merged = people["Quillon Pratchett"]  # tidings' id; the open role from 2010 ends where tidings' files begin
    assert merged["id"] == "quillon-pratchett" and [r["end"] for r in merged["roles"]] == ["1999-12-31", "2014-12-31"]
    assert report.merged == 1
    orgs = {e["name"]: e for e in out["org"]}
    assert orgs["Zorvanian Border Legion"]["country"] == "ZRV" and orgs["Zorvanian Border Legion"]["sector"] == "MIL"
    assert orgs["Zorvanian Liberation Front"]["aliases"] == ["ZLF"]
    assert [e["name"] for e in out["igo"]] == ["Global Grain Alliance"]
    assert out["company"][0]["country"] == "ZRV" and out["company"][0]["sector"] == "BUS"
    terms = {e["term"]: e["sector"] for e in out["sector"]}
    assert terms == {"gendarme": "COP", "gendarmes": "COP", "herdsman": "AGR", "herdsmen": "AGR",
                     "herdswoman": "AGR", "herdswomen": "AGR", "chamber of trade": "BUS", "chambers of trade": "BUS"}
    assert report.dropped["code tidings cannot express"] == 1 and report.dropped["unreadable date"] == 1
    assert report.dropped["agent: broken substitution"] == 1 and report.dropped["agent: tidings has the words"] == 1
    assert report.dropped["country name (countries.yaml and the gazetteer hold them)"] == 1
    remlick = [e for e in out["person"] if e["name"] == "Tovar Remlick"]
    assert len(remlick) == 1 and [r["start"] for r in remlick[0]["roles"]] == ["2003-02-01", "2003-01-01",
                                                                              "2003-03-01"]
    assert report.dropped["same name as an earlier record (roles merged into it)"] == 1


def test_imported_people_hold_their_roles_on_their_dates(imported):
    actors, _, _ = imported
    kb = build_kb_from(actors)
    osterwell = kb.people[kb.lookup("President Osterwell")[0].id]
    assert kb.person_facts(osterwell, dt.date(1999, 5, 1))[:2] == ("ZRV", "GOV")
    assert kb.person_facts(osterwell, dt.date(2005, 5, 1))[:2] == ("ZRV", "ELI")  # the undated fallback
    assert kb.person_facts(osterwell, dt.date(1980, 5, 1))[:2] == ("ZRV", "ELI")
    tavish = kb.people[kb.lookup("Melor Tavish")[0].id]
    assert kb.person_facts(tavish, dt.date(2005, 1, 1))[:2] == ("ZRV", "OPP")
    assert kb.person_facts(tavish, dt.date(2014, 1, 1))[:2] == ("ZRV", "ELI")  # after the last role
    remlick = kb.people[kb.lookup("Tovar Remlick")[0].id]  # the second record's offices were not lost
    assert kb.person_facts(remlick, dt.date(2004, 6, 1))[:2] == ("ZRV", "GOV")
    assert kb.person_facts(remlick, dt.date(2005, 6, 1))[:2] == ("ZRV", "ELI")
    pratchett = kb.people["quillon-pratchett"]
    assert kb.person_facts(pratchett, dt.date(1995, 1, 1))[:2] == ("ZRV", "GOV")
    assert kb.person_facts(pratchett, dt.date(2020, 1, 1))[2] == "president"  # tidings' own role from 2016
    # an imported person is found by the names the import gives, not by a bare surname
    assert "osterwell" not in kb.surname_index and "pratchett" in kb.surname_index


def test_the_compiled_copy_gives_the_same_knowledge_base(imported):
    actors, _, _ = imported
    kb = build_kb_from(actors)
    copy = pickle.loads(pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy.terms == kb.terms and dict(copy.people) == dict(kb.people)
    assert dict(copy.surname_index) == dict(kb.surname_index) and dict(copy.offices) == dict(kb.offices)
    day = dt.date(1999, 5, 1)
    assert [copy.person_facts(copy.people[p], day) for p in copy.people] == \
           [kb.person_facts(kb.people[p], day) for p in kb.people]
    assert copy.surfaces_digest() == kb.surfaces_digest()


def test_a_broken_imported_entry_is_one_line_with_file_and_line(imported, tmp_path):
    actors, _, _ = imported
    text = (actors / "people" / "phoenix.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    bad = json.loads(lines[-1][2:])
    bad["rolez"] = bad.pop("roles")
    lines[-1] = "- " + json.dumps(bad)
    path = tmp_path / "phoenix.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read(path, schema.PERSON)
    assert f"phoenix.yaml:{len(lines)}: unknown key 'rolez'" in str(err.value) and "\n" not in str(err.value)


def test_the_packaged_import_resolves_past_office_holders(pipe):
    """A head of government of 1995-96 in the packaged import: GOV in his term, ELI after; with provenance."""
    kb = load_kb()
    entry = kb.lookup("Ahmad Shah Ahmadzai")[0]
    person = kb.people[entry.id]
    assert kb.person_facts(person, dt.date(1995, 6, 1))[:2] == ("AFG", "GOV")
    assert kb.person_facts(person, dt.date(2003, 6, 1))[:2] == ("AFG", "ELI")
    line = next(x for x in (data_dir() / "actors" / "people" / "phoenix.yaml").read_text(encoding="utf-8").splitlines()
                if f'"id": "{entry.id}"' in x)
    assert "Phoenix.Countries.actors.txt:" in line and "[AFGGOV 950101-960626]" in line
    during, after = (resolve_phrases(pipe, ["Ahmad Shah Ahmadzai"], day)[0] for day in (dt.date(1995, 6, 1),
                                                                                         dt.date(2003, 6, 1)))
    assert during is not None and (during.country, during.sector) == ("AFG", "GOV")
    assert after is not None and (after.country, after.sector) == ("AFG", "ELI")


def test_an_imported_office_that_runs_into_a_curated_one_keeps_its_earlier_part():
    """A curated premiership from mid-2007 and an imported office 2003-2008: the import gives 2003 to the day
    before the premiership, not the overlap and not what runs on past the curated end (the same office, with the
    dictionary's rougher date); an office the curated ones do not touch is kept whole, an open start too."""
    from tidings.actors.phoenix import uncovered

    d = dt.date
    curated = [(d(2007, 6, 27), d(2010, 5, 11))]
    assert uncovered(d(2003, 1, 1), d(2010, 7, 11), curated) == [(d(2003, 1, 1), d(2007, 6, 26))]
    assert uncovered(d(1990, 1, 1), d(1995, 1, 1), curated) == [(d(1990, 1, 1), d(1995, 1, 1))]
    assert uncovered(None, d(1999, 1, 1), curated) == [(None, d(1999, 1, 1))]
    assert uncovered(None, d(2008, 1, 1), curated) == []  # where an open start began is unknown
    assert uncovered(d(2007, 6, 1), d(2008, 1, 1), curated) == []  # under 30 days before: rounding


def test_a_curated_leaders_earlier_office_comes_from_the_import(pipe):
    """Gordon Brown, curated as prime minister from 2007-06-27, was chancellor of the exchequer before it: the
    packaged import gives his earlier government years."""
    (before,) = resolve_phrases(pipe, ["Gordon Brown"], dt.date(2005, 5, 1))
    assert before is not None and (before.country, before.sector) == ("GBR", "GOV")
