"""The data contract: one reader for every data file, a strict schema per kind, errors with file and line, and
documentation that names every key the schema has."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tidings.actors.kb import load_kb_from
from tidings.context.themes import ThemeMatcher
from tidings.datafiles import schema
from tidings.datafiles.check import check_tree, problems, read
from tidings.datafiles.read import data_dir, read_tsv, read_yaml
from tidings.errors import DataFileError
from tidings.events.lexicon import load_lexicon_from
from tidings.jobs.datacheck import validate_all

from .conftest import ROOT, run_cli

DATA = data_dir()


def _typed(value: object) -> object:
    """A parsed value with the type of every part spelled out, so that 1 == 1.0 == True do not pass for equal."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def _copy(src: Path, dst_dir: Path, edit: tuple[str, str] | None = None) -> tuple[Path, int]:
    """Copy a data file into ``dst_dir``, replacing the first ``edit[0]`` outside a comment by ``edit[1]``; the
    edited line's number."""
    text = src.read_text(encoding="utf-8")
    line = 0
    if edit is not None:
        at = next(m.start() for m in re.finditer(re.escape(edit[0]), text)
                  if "#" not in text[text.rfind("\n", 0, m.start()) + 1:m.start()])
        line = text.count("\n", 0, at) + 1
        text = text[:at] + edit[1] + text[at + len(edit[0]):]
    dst_dir.mkdir(parents=True, exist_ok=True)
    dst = dst_dir / src.name
    dst.write_text(text, encoding="utf-8")
    return dst, line


def test_libyaml_reads_every_file_as_the_python_loader_does():
    paths = sorted(DATA.rglob("*.yaml"))
    assert len(paths) >= 30
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert _typed(read_yaml(path).data) == _typed(yaml.load(text, Loader=yaml.SafeLoader)), path


def test_every_packaged_file_has_a_schema_and_passes_it():
    files, errors = check_tree(DATA)
    assert errors == []
    kinds = {s for _, s in files}
    assert kinds == set(schema.ALL)  # every kind has at least one packaged file


def test_typo_in_a_lexicon_key_names_file_and_line(tmp_path):
    # the example: "objects:" for "object:" used to give a rule with no restriction at all
    path, line = _copy(DATA / "lexicon" / "12_reject.yaml", tmp_path / "lexicon", ("  object:", "  objects:"))
    with pytest.raises(DataFileError) as err:
        load_lexicon_from((tmp_path / "lexicon",))
    assert str(err.value) == f"{path}:{line}: unknown key 'objects' (did you mean 'object'?)"


def test_unquoted_cameo_code_is_a_type_error_with_a_hint(tmp_path):
    # YAML reads 043 as an octal number (35): the code must be quoted
    text = '- id: test.host\n  verb: host\n  cameo: 043\n  example: "Ghana hosted Togo."\n'
    (tmp_path / "01_test.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"01_test.yaml:3: cameo: expected CAMEO code, got the number 35 "
                                            r"\(write CAMEO codes in quotes"):
        load_lexicon_from((tmp_path,))


def test_lexicon_entry_needs_one_of_verb_and_noun(tmp_path):
    text = '- id: a.b\n  cameo: "010"\n- id: a.c\n  verb: say\n  noun: statement\n  cameo: "010"\n'
    (tmp_path / "01_x.yaml").write_text(text, encoding="utf-8")
    found = problems(yaml.safe_load(text), schema.LEXICON_ENTRY)
    assert [(p.at, p.message) for p in found] == [
        ((0,), "a lexicon entry needs exactly one of 'verb' or 'noun'"),
        ((1,), "a lexicon entry needs exactly one of 'verb' or 'noun'"),
    ]
    with pytest.raises(DataFileError, match=r"01_x.yaml:1: a lexicon entry needs exactly one"):
        load_lexicon_from((tmp_path,))


def test_typo_in_a_nested_role_key_names_its_line(tmp_path):
    actors = tmp_path / "actors"
    _copy(DATA / "actors" / "countries.yaml", actors)
    people = actors / "people"
    path, line = _copy(DATA / "actors" / "people" / "core.yaml", people, ("start:", "begin:"))
    with pytest.raises(DataFileError) as err:
        load_kb_from(actors)
    assert str(err.value) == f"{path}:{line}: unknown key 'begin'"


def test_wrong_types_in_the_knowledge_base(tmp_path):
    text = ("- id: jane-doe\n  name: Jane Doe\n  aliases: J. Doe\n  roles:\n"
            "    - {country: GBR, title: minister, start: '2026-13-01'}\n")
    found = problems(yaml.safe_load(text), schema.PERSON)
    assert [p.message for p in found] == ["aliases: expected list of texts, got the text 'J. Doe'",
                                          "start: expected date or null, got the text '2026-13-01'"]
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x.yaml:3: aliases: expected list of texts"):
        load_kb_from(tmp_path)


def test_impossible_unquoted_date_names_file_and_line(tmp_path):
    # YAML reads an unquoted 2026-13-01 as a date and fails building it: that too is a file:line error
    people = tmp_path / "people"
    people.mkdir()
    text = "- id: jane-doe\n  name: Jane Doe\n  roles:\n    - country: GBR\n      start: 2026-13-01\n"
    (people / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x.yaml:5: not valid YAML: bad date '2026-13-01'"):
        load_kb_from(tmp_path)


def test_unquoted_yes_no_on_off_are_not_words():
    # YAML 1.1 reads these as true/false: a word list holding one is an error, not the word "True"
    found = problems([{"id": "x", "verb": "march", "cameo": "141", "target": ["against", True]}],
                     schema.LEXICON_ENTRY)
    assert [p.message for p in found] == ["target: expected text or list of texts, got a list holding true"]


def test_themes_file_is_checked(tmp_path):
    path, line = _copy(DATA / "themes.yaml", tmp_path, ("  phrases:", "  phrase:"))
    with pytest.raises(DataFileError) as err:
        ThemeMatcher(path)
    assert str(err.value) == f"{path}:{line}: unknown key 'phrase' (did you mean 'phrases'?)"


def test_modality_plover_and_cameo_shapes(tmp_path):
    modality = yaml.safe_load((DATA / "modality.yaml").read_text(encoding="utf-8"))
    assert problems(modality, schema.MODALITY) == []
    del modality["negated"]["governors"]
    modality["future"]["auxiliary"] = ["will"]
    assert [(p.at, p.message) for p in problems(modality, schema.MODALITY)] == [
        (("future", "auxiliary"), "unknown key 'auxiliary' (did you mean 'auxiliaries'?)"),
        (("negated",), "missing key 'governors' (every word lists needs it)"),
    ]
    assert [p.message for p in problems({"AGREE": 1, "ASSAULT": 5}, schema.PLOVER)] == [
        "ASSAULT: expected QuadClass 1-4, got the number 5"]
    tsv = tmp_path / "cameo.tsv"
    tsv.write_text("# comment\ncode\troot\tname\tgoldstein\tquad_class\tplover\tplover_mode\n"
                   "010\t01\tMake statement\t0\t0\t\t\n"
                   "011\t01\tDecline comment\tlow\t0\t\t\n", encoding="utf-8")
    file = read_tsv(tsv)
    found = problems(file.data, schema.CAMEO)
    assert [(file.line(p.at), p.message) for p in found] == [(4, "goldstein: expected number, got the text 'low'")]


def test_tsv_rows_are_what_csv_dictreader_gives():
    import csv

    text = (DATA / "cameo.tsv").read_text(encoding="utf-8")
    expected = list(csv.DictReader((x for x in text.splitlines() if not x.startswith("#")), delimiter="\t"))
    file = read(DATA / "cameo.tsv", schema.CAMEO)
    assert file.data == expected and len(expected) > 300
    assert file.line((0,)) == 1 + text.splitlines().index(next(x for x in text.splitlines() if x.startswith("01\t")))


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "01_bad.yaml"
    bad.write_text('- id: a\n  verb: say\n  cameo: "010\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"01_bad.yaml:\d+: not valid YAML"):
        load_lexicon_from((tmp_path,))


def test_kb_command_reports_a_typo_in_a_copy_of_the_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    target = data / "actors" / "igos.yaml"
    text = target.read_text(encoding="utf-8")
    at = text.index("  aliases:")
    target.write_text(text[:at] + "  alias:" + text[at + len("  aliases:"):], encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    report = validate_all(data)
    assert report["errors"] == [f"{target}:{line}: unknown key 'alias' (did you mean 'aliases'?)"]
    out = run_cli("kb", "--data", str(data), "--json")
    assert out.returncode == 4
    assert json.loads(out.stdout)["errors"] == report["errors"]
    # as a user reads it: one error line, file:line first, and exit code 4
    out = run_cli("kb", "--data", str(data))
    assert out.returncode == 4
    errors = [x for x in out.stdout.decode().splitlines() if x.startswith("error: ")]
    assert errors == [f"error: {target}:{line}: unknown key 'alias' (did you mean 'aliases'?)"]


def test_packaged_lexicon_examples_all_code_their_root():
    """``tidings kb --examples`` through the CLI, on the real pipeline: every example codes an event of its
    entry's CAMEO root (139 did not when this check was written: 132 were rewritten, 7 removed)."""
    out = run_cli("kb", "--examples", "--json", timeout=600)
    report = json.loads(out.stdout)
    assert report["errors"] == []
    assert out.returncode == 0
    assert report["counts"]["examples"] >= 1450
    assert report["counts"]["failing examples"] == 0


def test_an_example_that_codes_another_root_fails_kb_examples(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("lexicon"))
    (data / "lexicon").mkdir()
    (data / "lexicon" / "04_consult.yaml").write_text(
        '- id: consult.host\n  verb: host\n  cameo: "043"\n'
        '  example: "The Kenyan president hosted the Ugandan president in Nairobi."\n'
        '- id: consult.visit\n  verb: visit\n  cameo: "042"\n'
        '  example: "The weather in Nairobi was pleasant on Monday."\n', encoding="utf-8")
    out = run_cli("kb", "--data", str(data), "--examples", timeout=600)
    assert out.returncode == 4
    errors = [x for x in out.stdout.decode().splitlines() if x.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith("error: lexicon 04_consult.yaml: consult.visit (042): example ")
    assert errors[0].endswith("codes no 04 event (got no event)")


def test_kb_reports_a_key_written_twice(tmp_path):
    # YAML keeps the second "object:" silently, so the rule would lose the first list: tidings kb says so
    (tmp_path / "lexicon").mkdir()
    text = '- id: consult.host\n  verb: host\n  object: [summit]\n  cameo: "043"\n  object: [talks]\n'
    (tmp_path / "lexicon" / "04_consult.yaml").write_text(text, encoding="utf-8")
    files, errors = check_tree(tmp_path)
    path = tmp_path / "lexicon" / "04_consult.yaml"
    assert errors == [f"{path}:5: key 'object' written twice in one entry (YAML keeps only the last)"]
    assert files == []


def test_kb_checks_codes_against_the_knowledge_base(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    people = data / "actors" / "people" / "core.yaml"
    text = people.read_text(encoding="utf-8")
    at = text.index("{country: USA, sector: GOV, title: president")
    people.write_text(text[:at] + "{country: XUS" + text[at + len("{country: USA"):], encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    report = validate_all(data)
    assert f"{people}:{line} (barack-obama): role with unknown country 'XUS'" in report["errors"]


def test_dates_accept_iso_text_too():
    found = problems([{"term": "envoy", "sector": "GOV", "checked": "2026-01-02"}], schema.SECTOR_WORD)
    assert found == []
    assert problems([{"term": "envoy", "sector": "GOV", "checked": dt.date(2026, 1, 2)}], schema.SECTOR_WORD) == []


def test_readme_and_docs_give_the_number_of_themes():
    n = len(ThemeMatcher().themes)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    doc = (ROOT / "docs" / "data-files.md").read_text(encoding="utf-8")
    assert re.findall(r"(\d+) documented international-relations\s+themes", readme) == [str(n)]
    assert re.findall(r"(\d+) themes\.", doc) == [str(n)]


def test_docs_name_every_key_of_every_schema():
    """docs/data-files.md has a table of keys per kind of file; the keys, types and required marks are the
    schema's, no more and no less, and every YAML example in it passes the schema of its section."""
    doc = (ROOT / "docs" / "data-files.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", doc, flags=re.M)[1:]
    seen: set[str] = set()
    for section in sections:
        heading = section.splitlines()[0]
        kinds = {s for s in schema.ALL if f"`{schema.files_of(s)}`" in heading}
        if not kinds:
            continue
        assert len(kinds) == 1, heading
        kind = kinds.pop()
        seen.add(kind.title)
        rows = re.findall(r"^\| `([^`]+)` \| ([^|]+?) \|", section, flags=re.M)
        documented = {key: typ.strip() for key, typ in rows}
        expected = {key: t.name + (", required" if req else "") for key, t, req in kind.key_paths()}
        assert documented == expected, heading
        for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.S):
            assert problems(yaml.safe_load(block), kind) == [], (heading, block)
    assert seen == {s.title for s in schema.ALL}
