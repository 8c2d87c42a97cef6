"""Actor resolution on phrases of its own, and the knowledge-base validator."""

from __future__ import annotations

import dataclasses
import functools
import json

import pytest

from tests.conftest import run_cli
from tidings.actors.kb import KnowledgeBase, load_kb
from tidings.jobs.actors import resolve_phrases
from tidings.pipeline import parse_date

PHRASES = [
    ("the Japanese foreign minister", "JPN", "GOV"),
    ("Brazilian farmers", "BRA", "AGR"),
    ("Nigerian police", "NGA", "COP"),
    ("Russian warships", "RUS", "MIL"),
    ("the Kremlin", "RUS", "GOV"),
    ("the Pentagon", "USA", "MIL"),
    ("South Korean lawmakers", "KOR", "LEG"),
    ("a professor at Seoul National University", "KOR", "EDU"),
    ("the United Nations", "IGO", None),
    ("Huawei", "CHN", "BUS"),
]


@pytest.mark.parametrize("phrase,country,sector", PHRASES)
def test_phrase(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2026-01-02"))
    assert a is not None and a.country == country
    if sector:
        assert a.sector == sector


def test_role_holder_as_of_date(pipe):
    (a,) = resolve_phrases(pipe, ["the South Korean president"], parse_date("2026-01-02"))
    assert a.name == "Lee Jae Myung" and a.kb_id == "person:lee-jae-myung"
    (b,) = resolve_phrases(pipe, ["the South Korean president"], parse_date("2023-01-02"))
    assert b.name == "Yoon Suk Yeol"


def test_former_office_holder_is_elite(pipe):
    (a,) = resolve_phrases(pipe, ["former Chancellor Angela Merkel"], parse_date("2026-01-02"))
    assert (a.country, a.sector) == ("DEU", "ELI")
    (b,) = resolve_phrases(pipe, ["Angela Merkel"], parse_date("2020-01-02"))
    assert (b.country, b.sector) == ("DEU", "GOV")


def test_unknown_phrase_gives_nulls(pipe):
    assert resolve_phrases(pipe, ["the quiet village baker"], parse_date("2026-01-02")) == [None]


def test_actor_cli_json_from_stdin():
    out = run_cli("actor", "-", "--date", "2026-01-02", "--json",
                  stdin=b"the FBI\nthe Japanese foreign minister\nsome unknown thing\n")
    assert out.returncode == 0, out.stderr.decode()
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["text"] for r in rows] == ["the FBI", "the Japanese foreign minister", "some unknown thing"]
    assert rows[0]["country"] == "USA"
    assert rows[1]["country"] == "JPN" and rows[1]["sector"] == "GOV"
    assert rows[2]["country"] is None and rows[2]["name"] is None


def test_kb_command_validates():
    out = run_cli("kb", "--json")
    report = json.loads(out.stdout)
    assert out.returncode == 0, report["errors"][:5]
    assert report["counts"]["countries"] >= 196
    assert report["counts"]["lexicon"] >= 500


def test_every_un_member_has_a_country_entry():
    import pycountry

    kb = load_kb()
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 in UN_SAMPLE and c.alpha_3 not in kb.countries]
    assert not missing
    assert {"TWN", "XKX", "PSE"} <= set(kb.countries)


UN_SAMPLE = {"AFG", "BRA", "CHN", "COD", "FJI", "ISL", "KOR", "PRK", "LSO", "MHL", "NRU", "SSD", "TUV", "USA", "ZWE"}


def test_context_introduces_names(pipe):
    context = "Olaf Scholz met Emmanuel Macron in Berlin."
    (a, b) = resolve_phrases(pipe, ["former Chancellor Scholz", "the chancellor"], parse_date("2026-01-02"), context)
    assert (a.name, a.country, a.sector) == ("Olaf Scholz", "DEU", "ELI")
    assert (b.country, b.sector) == (None, "GOV")  # a title with no country keeps its sector; no country is guessed


def test_the_knowledge_base_keeps_only_its_declared_caches(pipe):
    """Resolving builds the knowledge base's indexes as its own declared fields and cached properties: nothing
    outside kb.py adds attributes to it (a ``kb._x = ...`` written from the resolver fails here)."""
    text = ("President Bush met the Japanese foreign minister in Tokyo. Bush said Ethopia would sign. "
            "Officials from Quatar attended.")
    pipe.resolver.for_doc(pipe.nlp(text), parse_date("2007-01-10")).mentions()
    kb = pipe.kb
    declared = {f.name for f in dataclasses.fields(KnowledgeBase)}
    cached = {name for name, v in vars(KnowledgeBase).items() if isinstance(v, functools.cached_property)}
    assert {"offices", "surname_index", "near_index"} <= cached & set(vars(kb))  # built on the way
    assert set(vars(kb)) <= declared | cached
    assert kb.near_country_memo and kb.last_words_memo is not None
    assert [p.id for p in kb.surname_index["bush"]] and kb.holders("JPN", "foreign minister", None)
