"""Actor descriptions resolved on their own (issue 15): the composition of sector words, places below the country,
and ``tidings eval --format actors`` over the project's own description set (tests/data/actor_descriptions.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tidings.errors import InputError
from tidings.jobs.actors import resolve_phrases
from tidings.jobs.evaluate_actors import evaluate_actors, load_descriptions, split_of
from tidings.pipeline import parse_date

DESCRIPTIONS = Path(__file__).parent / "data" / "actor_descriptions.tsv"

# (phrase, country, sector): a generic head or a member noun takes the sector word before it; a lone city tagged
# as an organisation still places its sector word
COMPOSED = [
    ("a police spokesman", None, "COP"),
    ("rebel commanders", None, "REB"),
    ("army officials", None, "MIL"),
    ("government officials", None, "GOV"),
    ("opposition activists", None, "OPP"),
    ("lawmakers' aides", None, "LEG"),
    ("riot police units", None, "COP"),
    ("navy pilots", None, "MIL"),
    ("Egyptian opposition groups", "EGY", "OPP"),
    ("Peruvian army units", "PER", "MIL"),
    ("Karachi police", "PAK", "COP"),
    ("Marseille prosecutors", "FRA", "JUD"),
    # an adjective names a faith or trait, not the body: these keep the head's own sector
    ("Sunni officials", None, "GOV"),
    ("public sector workers", None, "LAB"),
    # people of a named body by a noun the knowledge base lacks
    ("IAEA inspectors", "IGO", "IGO"),
    ("NATO members", "IGO", "IGO"),
    ("Hamas members", "PSE", "REB"),
    # a generic head after a named body: the body's country and sector
    ("Hezbollah fighters", "LBN", "REB"),
    ("Pentagon officials", "USA", "MIL"),
    ("Kremlin officials", "RUS", "GOV"),
    # an IGO's officials keep the head's sector; a country's gunmen stay unidentified armed men
    ("UN officials", "IGO", "GOV"),
    ("Palestinian gunmen", "PSE", "UAF"),
    # the small model tags "<nationality> <group>" before a noun as a person: the nationality still counts
    ("Sri Lankan Tamil rebels", "LKA", "REB"),
    ("Ugandan LRA rebels", "UGA", "REB"),
    # a body's director general is of that body (the curated word outranks the Phoenix import's plain GOV one)
    ("the BBC's director-general", "GBR", "MED"),
    ("Renault's director general", "FRA", "BUS"),
    ("the director general", None, "GOV"),
    # role words the knowledge base lacked
    ("Yemeni tribesmen", "YEM", "CVL"),
    ("Afghan warlords", "AFG", "UAF"),
]


@pytest.mark.parametrize("phrase,country,sector", COMPOSED)
def test_composed_sector(pipe, phrase, country, sector):
    (a,) = resolve_phrases(pipe, [phrase], parse_date("2012-05-01"))
    assert a is not None and (a.country, a.sector) == (country, sector)


def test_generic_head_keeps_its_role_but_not_the_title_holder(pipe):
    """The Kenyan police spokesman is nobody's government spokesperson: the role stays, no person is named."""
    (a,) = resolve_phrases(pipe, ["the Kenyan police spokesman"], parse_date("2012-05-01"))
    assert (a.country, a.sector, a.role) == ("KEN", "COP", "spokesperson")
    assert a.kb_id == "country:KEN"


def test_opposition_leader_before_office(pipe):
    """A leader who led the opposition before taking office is OPP then, GOV in office."""
    got = [resolve_phrases(pipe, ["Aung San Suu Kyi"], parse_date(d))[0] for d in ("2003-06-01", "2017-06-01")]
    assert [(a.country, a.sector) for a in got] == [("MMR", "OPP"), ("MMR", "GOV")]


def test_text_title_wins_over_an_import_placeholder(pipe):
    """An imported person's role title says only the sector ("government official"): the text's own title is the
    role. Without a title the placeholder stays."""
    titled, bare = resolve_phrases(pipe, ["Agriculture Minister Abdul Mannan Bhuiyan", "Abdul Mannan Bhuiyan"],
                                   parse_date("2005-03-01"))
    assert (titled.country, titled.sector, titled.role) == ("BGD", "GOV", "agriculture minister")
    assert bare.role == "government official"


@pytest.mark.parametrize("phrase,date,holder", [
    ("the NATO secretary general", "2005-03-01", "Jaap de Hoop Scheffer"),
    ("the UN secretary general", "2005-03-01", "Kofi Annan"),
    ("the Arab League secretary general", "2005-03-01", "Amr Moussa"),
    ("the NATO secretary general", "2016-03-01", "Jens Stoltenberg"),
    ("the UN secretary general", "2016-03-01", "Ban Ki-moon"),
])
def test_an_igo_title_is_that_bodys_office(pipe, phrase, date, holder):
    """Many IGOs have a secretary-general: the one the phrase names holds it (NATO's was the UN's in 2005)."""
    (a,) = resolve_phrases(pipe, [phrase], parse_date(date))
    assert (a.country, a.name) == ("IGO", holder)


def test_a_name_opening_with_a_word_the_kb_knows_is_still_the_person(pipe):
    """Only a PERSON entity before a lowercase noun is read as a group's label: a real name stays a name."""
    (a,) = resolve_phrases(pipe, ["Vice-President Moody Awori"], parse_date("2005-03-01"))
    assert (a.name, a.country, a.sector) == ("Moody Awori", "KEN", "GOV")


def test_member_noun_alone_names_nobody(pipe):
    assert resolve_phrases(pipe, ["the members", "a unit"], parse_date("2012-05-01")) == [None, None]


def test_description_file_reads_and_splits():
    rows = load_descriptions(DESCRIPTIONS)
    assert len(rows) >= 200
    parts = {split_of(r.text) for r in rows}
    assert parts == {"dev", "check"}
    # one text read on several dates stays in one half
    assert len({split_of(r.text) for r in rows if r.text == "Jacques Chirac"}) == 1


def test_bad_description_line_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Iraqi police\t2005-01-01\tIRQ\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:1: expected"):
        load_descriptions(bad)
    r = run_cli("eval", "--format", "actors", str(bad))
    err = r.stderr.decode()
    assert r.returncode == 2 and "expected 'text<TAB>date" in err and "Traceback" not in err


def test_eval_scores_country_and_sector(pipe, tmp_path):
    gold = tmp_path / "d.tsv"
    gold.write_text("text\tdate\tcountry\tsector\n"
                    "Chilean navy officers\t1999-03-01\tCHL\tMIL\n"
                    "riot police\t2010-01-01\t\tCOP\n"
                    "Chilean navy officers\t1999-03-01\tPER\tCOP\n", encoding="utf-8")
    report = evaluate_actors(gold, pipe)
    assert report["descriptions"] == 3
    assert report["country_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["sector_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert [m["line"] for m in report["actor_misses"]] == [4]


def test_project_descriptions_stay_above_the_floor(pipe):
    """The project's own set (the held-back suite's shape): the check half, which nobody tuned on, keeps the
    figures of issue 15's targets (country 0.85, sector 0.70) with room below today's."""
    report = evaluate_actors(DESCRIPTIONS, pipe)
    check = report["split_check"]
    assert check["country_accuracy"] >= 0.85 and check["sector_accuracy"] >= 0.85
