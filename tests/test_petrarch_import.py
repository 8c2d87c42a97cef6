"""The PETRARCH2 verb dictionary import (issue 14): the converter on dictionary snippets written for these tests,
the generated files' provenance and schema, the precedence of hand-written entries, and imported collocations
coding sentences written for these tests through the real pipeline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tidings.datafiles.read import data_dir
from tidings.errors import DataFileError
from tidings.events.lexicon import Lexicon, build_lexicon_from
from tidings.jobs.datacheck import validate_all
from tidings.jobs.petrarch_import import DICTIONARY, select, write
from tidings.pipeline import Pipeline

SNIPPET = """\
&AIRCRAFT
+PLANE
+DRONE
+HELICOPTER

&CONTROLS
+RESTRICTION
+CONTROL_
+QUOTA

####### VERB PATTERNS #######

---  IMPOSE   [---]  ---
IMPOSE
TIGHTEN
- * {MARTIAL LAW}                   [1724]        # IMPOSE
- * CURFEW                          [1723]        # TIGHTENED
- * SECURITY                        [---]         # TIGHTEN
- * {SPEED LIMIT}                   [---]         # IMPOSE
- * (BEFORE COURT)                  [:173]        # IMPOSE
- POLICE * PROTESTERS               [175]         # IMPOSE
- * $ ACCOUNT                       [172]         # TIGHTEN
- * &CONTROLS                       [172]

---  SHOOT   [---]  ---
+SHOOT_AT {+SHOOTS_AT +SHOT_AT +SHOOTING_AT}
SHOOT {SHOOTS SHOT SHOOTING}
- * DOWN &AIRCRAFT                  [190]         # SHOT
- * BLANKS                          [---]         # SHOOT

---  CONDEMN   [111]  ---
CONDEMN
- * ATTACK                          [111]         # CONDEMN
"""


@pytest.fixture(scope="module")
def snippet_lexicon(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lexicon, dict[str, int], Path]:
    """The snippet converted (with no hand-written lexicon beside it) and loaded back through the loader."""
    root = tmp_path_factory.mktemp("lex") / "lexicon"
    root.mkdir()
    cands, dropped, n = select(SNIPPET, Lexicon())
    assert n == 11
    write(cands, root / "petrarch2")
    return build_lexicon_from((root,)), dict(dropped), root


def _entries(lex: Lexicon, lemma: str) -> dict[frozenset[str], tuple[str, str | None]]:
    return {e.object: (e.cameo, e.particle) for e in lex.verbs.get(lemma, [])}


def test_converter_round_trips_a_snippet(snippet_lexicon):
    lex, _, _ = snippet_lexicon
    assert _entries(lex, "impose") == {frozenset({"martial law"}): ("1724", None),
                                       frozenset({"restriction", "control", "quota"}): ("172", None)}
    assert _entries(lex, "tighten") == {frozenset({"curfew"}): ("1723", None)}  # "# TIGHTENED" names TIGHTEN
    assert _entries(lex, "shoot") == {frozenset({"plane", "drone", "helicopter"}): ("190", "down")}  # "# SHOT"
    assert all(e.particle != "at" for e in lex.entries.values())  # the comment names SHOOT, not SHOOT AT


def test_every_imported_entry_names_its_line_and_pattern(snippet_lexicon):
    lex, _, _ = snippet_lexicon
    lines = SNIPPET.splitlines()
    for e in lex.entries.values():
        m = re.fullmatch(r"petrarch2 CAMEO\.2\.0\.txt line (\d+)", e.source or "")
        assert m, e
        assert " ".join(lines[int(m.group(1)) - 1].split()) == e.pattern
        assert e.file.startswith("petrarch2/") and ".p2-" in e.id


def test_no_event_and_unexpressible_patterns_are_counted_not_imported(snippet_lexicon):
    lex, dropped, _ = snippet_lexicon
    assert dropped["no event [---]"] == 3
    assert dropped["code for the reverse direction only [:xxx]"] == 1
    assert dropped["words before the verb (a subject constraint)"] == 1
    assert dropped["actor marker or skip after the verb"] == 1
    assert dropped["repeats the verb's default code"] == 1  # CONDEMN ATTACK is CONDEMN's own 111
    assert not any(o in e.object for e in lex.entries.values() for o in ("security", "speed limit", "blanks"))


@pytest.fixture(scope="module")
def snippet_pipe(pipe, snippet_lexicon) -> Pipeline:
    return Pipeline(kb=pipe.kb, lexicon=snippet_lexicon[0])


@pytest.mark.parametrize(("text", "code"), [
    ("The Thai army imposed martial law in the southern provinces.", "1724"),
    ("Police in Kenya tightened the curfew in Mombasa.", "1723"),
    ("Syrian air defences shot down a Turkish drone near the border.", "190"),
    ("Ukrainian forces shot down two Russian helicopters on Tuesday.", "190"),
])
def test_an_imported_collocation_codes(snippet_pipe, text, code):
    events = snippet_pipe.code(text, date="2026-01-02").events
    assert [(e.cameo, ".p2-" in e.rule) for e in events] == [(code, True)]


@pytest.mark.parametrize("text", [
    "Egypt tightened security around the stadium in Cairo.",
    "The Nigerian police tightened security in Abuja before the vote.",
])
def test_a_no_event_pattern_codes_nothing(snippet_pipe, text):
    assert list(snippet_pipe.code(text, date="2026-01-02").events) == []


@pytest.mark.parametrize(("verb", "obj", "particle"), [("tighten", "curfew", None), ("shoot", "drone", "down")])
def test_a_hand_written_entry_of_the_same_pattern_wins(snippet_lexicon, tmp_path, verb, obj, particle):
    """Loaded before the imported files, a hand-written entry wins the tie; the converter leaves the pattern out."""
    _, _, root = snippet_lexicon
    (tmp_path / "petrarch2").mkdir()
    for f in (root / "petrarch2").glob("*.yaml"):
        (tmp_path / "petrarch2" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    extra = f"\n  particle: {particle}" if particle else ""
    (tmp_path / "16_mine.yaml").write_text(
        f'- id: mine.{verb}\n  verb: {verb}\n  object: [{obj}]{extra}\n  cameo: "160"\n', encoding="utf-8")
    lex = build_lexicon_from((tmp_path,))
    same = [e for e in lex.verbs[verb] if obj in e.object and e.particle == particle]
    assert [e.id for e in same][0] == f"mine.{verb}"  # first loaded: the match keeps it on a tie
    hand = build_lexicon_from((tmp_path,), imported=False)
    cands, dropped, _ = select(SNIPPET, hand)
    assert dropped["hand-written entry of the same pattern (it wins)"] == 1
    assert not any(c.lemma == verb and obj in c.keys.object for c in cands)


@pytest.mark.parametrize(("entry", "message"), [
    ('- id: x.p2-a\n  verb: tighten\n  cameo: "1723"\n  pattern: "- * CURFEW [1723]"\n',
     "missing key 'source'"),
    ('- id: x.p2-a\n  verb: tighten\n  cameo: "1723"\n  source: s\n  pattern: p\n  example: Kenya tightened it.\n',
     "unknown key 'example'"),
])
def test_imported_files_are_held_to_their_schema(tmp_path, entry, message):
    (tmp_path / "petrarch2").mkdir()
    (tmp_path / "petrarch2" / "16_reduce_relations.yaml").write_text(entry, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"petrarch2/16_reduce_relations\.yaml:\d+: " + re.escape(message)):
        build_lexicon_from((tmp_path,))


@pytest.mark.parametrize(("text", "code"), [
    ("The Nigerian army tightened the curfew in Kano on Monday.", "1723"),
    ("Police in Georgia tightened the curfew in Tbilisi after the riots.", "1723"),
    ("Iran rejected the call by France to halt its nuclear programme.", "122"),
    ("Serbia rejected calls from Albania for a new border commission.", "122"),
])
def test_packaged_imported_collocations_code(pipe, text, code):
    events = pipe.code(text, date="2026-01-02").events
    assert [(e.cameo, ".p2-" in e.rule) for e in events] == [(code, True)]


def test_packaged_imports_match_their_dictionary_lines_and_kb_counts_them():
    lex = build_lexicon_from((data_dir() / "lexicon",))
    imported = [e for e in lex.entries.values() if e.source]
    assert len(imported) > 1000
    if DICTIONARY.exists():
        lines = DICTIONARY.read_text(encoding="utf-8", errors="replace").splitlines()
        for e in imported:
            n = int(e.source.rsplit(" ", 1)[1])  # type: ignore[union-attr]
            assert e.pattern is not None and e.pattern.startswith(" ".join(lines[n - 1].partition("#")[0].split()))
    report = validate_all()  # what `tidings kb --json` prints
    assert report["errors"] == []
    assert report["counts"]["lexicon imported"] == len(imported)
