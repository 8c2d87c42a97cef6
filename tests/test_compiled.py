"""Compiled data (``datafiles.compiled``): the cache gives what the build gives, and is rebuilt whenever it must be.

The mechanism is tested on a toy build (fast, every case of the file), then on the real pipeline in fresh
processes: the coded JSON is the same with the cache off, cold, warm and after its files were damaged; two
processes starting at once on an empty cache both succeed; a changed data file is compiled again and says so.
Every process gets a cache folder of the test's own (``TIDINGS_CACHE_DIR``), never the user's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.datafiles import compiled as cmod
from tidings.datafiles.compiled import cache_dir, compiled
from tidings.datafiles.read import data_dir

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------------------ the mechanism
class Builds:
    """A build function that counts its calls and returns what its source file says."""

    def __init__(self, source: Path) -> None:
        self.source, self.calls = source, 0

    def __call__(self) -> dict[str, object]:
        self.calls += 1
        return {"text": self.source.read_text(), "nested": [(1, 2.5, None), frozenset({"a"})]}


@pytest.fixture
def toy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Builds]:
    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TIDINGS_CACHE", raising=False)
    source = tmp_path / "src" / "toy.yaml"
    source.parent.mkdir()
    source.write_text("first")
    return source, Builds(source)


def _get(source: Path, build: Builds) -> object:
    return compiled("toy", build, what="the toy", sources=(source.parent,))


def test_second_call_loads_what_the_first_built(toy, capsys):
    source, build = toy
    first = _get(source, build)
    assert "tidings: no compiled copy yet, compiling the toy (" in capsys.readouterr().err
    again = _get(source, build)
    assert again == first and build.calls == 1
    assert capsys.readouterr().err == ""
    files = list((source.parent.parent / "cache").iterdir())
    assert len(files) == 1 and files[0].name.startswith("toy-")  # no temporary file left behind


def test_a_changed_source_is_built_again(toy, capsys):
    source, build = toy
    _get(source, build)
    source.write_text("second")
    assert _get(source, build)["text"] == "second" and build.calls == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("tidings: data files changed, compiling the toy (")
    (source.parent / "new.yaml").write_text("x")  # a file added to a source folder counts too
    _get(source, build)
    assert build.calls == 3
    assert len(list((source.parent.parent / "cache").iterdir())) == 1  # replaced, not added


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "header"])
def test_a_damaged_file_is_rebuilt_without_a_traceback(toy, capsys, damage):
    source, build = toy
    _get(source, build)
    (path,) = (source.parent.parent / "cache").iterdir()
    blob = path.read_bytes()
    path.write_bytes({
        "truncate": blob[: len(blob) - 7],
        "flip": blob[:-3] + bytes([blob[-3] ^ 0xFF]) + blob[-2:],
        "garbage": os.urandom(200),
        "empty": b"",
        "header": blob.replace(b'"size"', b'"sise"', 1),
    }[damage])
    capsys.readouterr()
    assert _get(source, build)["text"] == "first" and build.calls == 2
    assert "the compiled copy was damaged, compiling the toy" in capsys.readouterr().err
    assert _get(source, build)["text"] == "first" and build.calls == 2  # and the repaired file is used


def test_another_environment_is_built_again(toy, capsys, monkeypatch):
    source, build = toy
    _get(source, build)
    monkeypatch.setattr(cmod, "environment_key", lambda: "another spaCy")
    _get(source, build)
    assert build.calls == 2 and "tidings, spaCy or Python changed" in capsys.readouterr().err


def test_two_installs_keep_their_own_files_and_old_ones_go(toy, capsys, monkeypatch):
    """Two checkouts (or virtual environments) sharing one cache folder alternate without rebuilding over each
    other; files of environments beyond the newest ``KEEP_ENVIRONMENTS`` are removed."""
    source, build = toy
    cache = source.parent.parent / "cache"
    for env in ("one", "two", "one", "two"):
        monkeypatch.setattr(cmod, "environment_key", lambda env=env: f"{env} install")
        assert _get(source, build)["text"] == "first"
    assert build.calls == 2 and len(list(cache.iterdir())) == 2
    for k in range(cmod.KEEP_ENVIRONMENTS + 2):
        monkeypatch.setattr(cmod, "environment_key", lambda k=k: f"install {k}")
        _get(source, build)
        os.utime(max(cache.iterdir(), key=lambda p: p.stat().st_mtime_ns), (k + 10**9, k + 10**9))
    assert len(list(cache.iterdir())) == cmod.KEEP_ENVIRONMENTS


def test_off_builds_every_time_and_writes_nothing(toy, monkeypatch, capsys):
    source, build = toy
    monkeypatch.setenv("TIDINGS_CACHE", "off")
    assert cache_dir() is None
    _get(source, build)
    _get(source, build)
    assert build.calls == 2 and capsys.readouterr().err == ""
    assert not (source.parent.parent / "cache").exists()


def test_cache_dir_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("TIDINGS_CACHE", raising=False)
    monkeypatch.delenv("TIDINGS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "tidings"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "tidings"


def test_a_failing_build_saves_nothing(toy):
    source, _ = toy

    def broken() -> object:
        raise ValueError("bad data file")

    with pytest.raises(ValueError, match="bad data file"):
        compiled("toy", broken, what="the toy", sources=(source,))
    assert not (source.parent.parent / "cache").exists()


def test_an_unreadable_source_is_left_to_the_build(toy, capsys, monkeypatch):
    """A source the key cannot read goes to the build, whose data-file error names it; nothing is cached."""
    source, build = toy

    def unreadable(*_: object) -> list[tuple[str, bytes]]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cmod, "_files", unreadable)
    assert _get(source, build)["text"] == "first" and build.calls == 1
    assert capsys.readouterr().err == "" and not (source.parent.parent / "cache").exists()


def test_an_unwritable_cache_still_gives_the_build(toy, capsys, monkeypatch):
    source, build = toy
    blocker = source.parent.parent / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(blocker / "cache"))
    assert _get(source, build)["text"] == "first"
    assert "; not saved: " in capsys.readouterr().err


# ------------------------------------------------------------------------------ the pre-filter's compiled terms
def test_term_tables_find_what_spacys_phrase_matcher_finds(pipe):
    """The pre-filter's compiled term tables (rolling hashes of the terms' token ids) find exactly the (start, end)
    ranges spaCy's ``PhraseMatcher`` finds for the same tokenized terms, overlapping and nested ones included,
    acronyms only as written, on text written for this test."""
    import numpy
    from spacy.attrs import LOWER, ORTH
    from spacy.matcher import PhraseMatcher

    from tidings.nlp.prefilter import is_acronym, sector_terms, term_keys

    terms = pipe.kb.sorted_surfaces() + sector_terms(pipe.kb)
    acronyms = [t for t in terms if is_acronym(t)]
    assert acronyms and len(acronyms) < len(terms)
    actor_keys, acronym_keys = term_keys(pipe.nlp.tokenizer, terms)
    lower, orth = PhraseMatcher(pipe.nlp.vocab, attr="LOWER"), PhraseMatcher(pipe.nlp.vocab, attr="ORTH")
    lower.add("ACTOR", actor_keys)
    orth.add("ACTOR", acronym_keys)
    text = ("The United Nations Security Council met in New York as the U.S. and the UN asked South Korean "
            "President Lee Jae Myung and the who's who of Seoul National University about the European Union. "
            "Us and them: the nato summit, NATO troops and the Kenya Defence Forces in Nairobi, Kenya, or riot police.")
    doc = pipe.nlp.tokenizer(text)
    expected = sorted({(s, e) for _, s, e in [*lower(doc), *orth(doc)]})
    arr = doc.to_array([LOWER, ORTH])
    found = sorted(set(pipe.prefilter.find_terms(arr[:, 0], arr[:, 1])))
    assert len(expected) > 10 and any(b[0] < a[1] for a, b in zip(expected, expected[1:], strict=False))
    assert found == expected
    empty = numpy.zeros(0, dtype=numpy.uint64)
    assert pipe.prefilter.find_terms(empty, empty) == []


# ------------------------------------------------------------------------------- the real pipeline, in processes
TEXTS = [
    ("2026-01-02", None),  # the seed article, when it is beside this checkout
    ("2025-03-14", "Kenya's foreign minister met his Ugandan counterpart in Kampala on Tuesday to discuss the "
                   "border dispute. The two governments agreed to reopen the crossing at Busia next month.\n\n"
                   "Police in Nairobi arrested twelve protesters outside parliament, witnesses said."),
    ("2024-11-30", "NAIROBI, Nov 29 (Reuters) - The European Union threatened new sanctions against Belarus after "
                   "its security forces detained three Lithuanian journalists near Grodno. Vilnius summoned the "
                   "Belarusian charge d'affaires. \"This is unacceptable,\" the Lithuanian president said."),
    ("2026-06-01", "Brazil and Argentina signed a trade accord in Buenos Aires. Protesters in Sao Paulo denounced "
                   "the deal, and the opposition in Brasilia vowed to block it in Congress."),
]

CODE = """
import json, sys, datetime as dt
from pathlib import Path
from tidings.pipeline import Pipeline
from tidings.models import Article
texts = json.loads(sys.argv[1])
seed = Path(sys.argv[2])
pipe = Pipeline()
arts = [Article(text=seed.read_text(encoding="utf-8") if t is None else t, date=dt.date.fromisoformat(d))
        for d, t in texts if t is not None or seed.exists()]
for coded in pipe.code_many(arts):
    print(json.dumps(coded.to_dict(), ensure_ascii=False, sort_keys=True))
"""


def _env(cache: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.pop("TIDINGS_CACHE", None)
    env["TIDINGS_BLAS"] = "auto"  # timed once per machine, and compiled
    if cache is None:
        env["TIDINGS_CACHE"] = "off"
    else:
        env["TIDINGS_CACHE_DIR"] = str(cache)
    return env


def _start(cache: Path | None) -> subprocess.Popen[str]:
    seed = ROOT.parent / "shared" / "seed" / "article.txt"
    return subprocess.Popen([sys.executable, "-c", CODE, json.dumps(TEXTS), str(seed)], env=_env(cache),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> tuple[str, str]:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return out, err


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """The same articles coded by fresh processes: two at once on an empty cache, then one on the warm cache,
    one after the knowledge base's and the gazetteer's files were damaged, and one with the cache off."""
    cache = tmp_path_factory.mktemp("compiled-pipeline")
    first, second = _start(cache), _start(cache)
    out: dict[str, tuple[str, str]] = {"cold 1": _finish(first), "cold 2": _finish(second)}
    out["warm"] = _finish(_start(cache))
    for path in cache.iterdir():
        if path.name.startswith(("kb-", "gazetteer-")):
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    out["damaged"] = _finish(_start(cache))
    out["files"] = ("\n".join(sorted(p.name.split("-")[0] for p in cache.iterdir())), "")
    out["off"] = _finish(_start(None))
    return out


def test_output_is_the_same_with_and_without_the_cache(runs):
    expected = runs["off"][0]
    assert expected.count("\n") >= len(TEXTS) - 1 and '"events": [{' in expected
    for name in ("cold 1", "cold 2", "warm", "damaged"):
        assert runs[name][0] == expected, name


def test_cold_start_compiles_and_warm_start_is_silent(runs):
    # both processes started on the empty cache succeed (``runs`` checks the exit codes); each kind of object is
    # compiled by one of them at least (the other may find it saved already), and nothing else is said
    err = (runs["cold 1"][1] + runs["cold 2"][1]).splitlines()
    assert all(ln.startswith("tidings: no compiled copy yet, compiling ") for ln in err), err
    for what in ("the knowledge base", "the event lexicon", "the themes", "the pre-filter's terms",
                 "the pre-filter's trigger words", "the place gazetteer"):
        assert any(f"compiling {what} (" in ln for ln in err), what
    assert runs["warm"][1] == "" and runs["off"][1] == ""
    # nothing left over ("blas" only where threadpoolctl finds NumPy's BLAS: tidings times it against BLIS then)
    assert [f for f in runs["files"][0].split() if f != "blas"] == [
        "gazetteer", "kb", "lexicon", "prefilter", "themes", "triggers"]


def test_damaged_files_are_rebuilt(runs):
    lines = runs["damaged"][1].splitlines()
    assert all(ln.startswith("tidings: the compiled copy was damaged, compiling ") for ln in lines), lines
    assert sorted(ln.split(", compiling ")[1].split(" (")[0] for ln in lines) == [
        "the knowledge base", "the place gazetteer"]


LOOKUP = """
import sys
from pathlib import Path
from tidings.actors.kb import load_kb_from
kb = load_kb_from(Path(sys.argv[1]))
print([(e.kind, e.name, e.country) for e in kb.lookup("Ondrej Zvalek")])
"""


def test_a_changed_user_data_file_is_compiled_again(tmp_path):
    """A copy of the packaged actors folder, as a user would keep one: editing a file of it recompiles the
    knowledge base on the next start, says so on stderr, and the edit takes effect."""
    actors = tmp_path / "actors"
    shutil.copytree(data_dir() / "actors", actors)
    env = _env(tmp_path / "cache")

    def run() -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", LOOKUP, str(actors)], env=env, capture_output=True, text=True,
                              timeout=300, check=True)
        return done.stdout.strip(), done.stderr

    assert run()[0] == "[]"
    assert run() == ("[]", "")
    people = actors / "people" / "core.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n- id: ondrej-zvalek\n  name: Ondrej Zvalek\n  roles:\n"
                      "    - {country: CZE, sector: GOV, title: foreign minister, start: 2031-01-01, end: null}\n",
                      encoding="utf-8")
    out, err = run()
    assert out == "[('person', 'Ondrej Zvalek', None)]"
    assert err.startswith("tidings: data files changed, compiling the knowledge base (") and err.count("\n") == 1
    assert run() == (out, "")
