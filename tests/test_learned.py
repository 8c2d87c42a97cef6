"""The learned event model beside the rules (``nlp.quadmodel``, ``events.learned``), with the real ONNX model.

What must hold: the model only re-scores the rules' events and adds events of its own, marked ``model:...``;
``--no-model`` (``Pipeline(learned=False)``) is the rules alone, unchanged; without a usable model folder tidings
says so in one stderr line and codes with the rules. The sentences are written for these tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.events import learned as learned_mod
from tidings.events.learned import MODEL_RULE, conflibert_class
from tidings.nlp.quadmodel import MODEL_DIR, ModelError, QuadModel, load_quad_model, read_meta
from tidings.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "The Kenyan president welcomed the Ugandan foreign minister to Nairobi on Monday. "
    "Peru accused Chile of spying on its navy. "
    "Norwegian engineers repaired the water network of a Somali port town, the embassy said. "
    "Turkish jets bombed villages in northern Iraq overnight. "
    "Canada and Mexico signed a trade accord in Ottawa."
)
# sentences the rules' lexicon has no trigger for, but whose act and sides are plain (the pre-filter does not parse
# them: it keeps sentences with a trigger form, so the model adds to these with --no-prefilter)
SILENT = [
    "Egyptian troops opened a second front against Libyan militias along the border.",
    "Vietnam handed over ten tonnes of rice to flood-hit Laos.",
    "Kenyan police roughed up Somali traders at the market.",
]


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline(learned=False)


@pytest.fixture(scope="module")
def learned() -> Pipeline:
    pipe = Pipeline()
    assert pipe.learned is not None and pipe.learned.get() is not None, f"no usable model in {MODEL_DIR}"
    return pipe


def _core(e: dict) -> tuple:
    """An event without its confidence: what the rules decide."""
    return tuple((k, json.dumps(v, sort_keys=True)) for k, v in sorted(e.items()) if k != "confidence")


def test_the_model_rescores_the_rules_events_and_changes_nothing_else(rules, learned) -> None:
    plain = rules.code(TEXT, date="2024-03-04").to_dict()
    both = learned.code(TEXT, date="2024-03-04").to_dict()
    kept = [e for e in both["events"] if e["rule"] != MODEL_RULE]
    assert [_core(e) for e in kept] == [_core(e) for e in plain["events"]]
    assert all(0.0 <= e["confidence"] <= 1.0 for e in both["events"])
    assert any(a["confidence"] != b["confidence"] for a, b in zip(kept, plain["events"], strict=True))
    assert list(both) == list(plain)
    for key in set(plain) - {"events"}:
        assert both[key] == plain[key], key


def test_the_models_own_events_say_so_and_name_both_sides(monkeypatch) -> None:
    """Off by default (``ADD_EVENTS``); when on, what it adds is marked and has both sides from the rules."""
    every = Pipeline(prefilter=False)
    assert not [e for text in SILENT for e in every.code(text, date="2024-03-04").events]
    monkeypatch.setattr(learned_mod, "ADD_EVENTS", True)
    found = [e for text in SILENT for e in every.code(text, date="2024-03-04").events]
    added = [e for e in found if e.rule == MODEL_RULE]
    assert len(added) == len(found), "the rules coded one of these: the test no longer tests the model"
    assert len(added) >= 2, "the model added no event to sentences the rules cannot code"
    for e in added:
        assert 0.0 <= e.confidence <= 1.0
        assert e.source.country and e.target is not None and e.target.country
        assert e.source.country != e.target.country
        assert e.source_from == "argument" and e.target_from in ("argument", "complement", "clause")
        assert conflibert_class(e.cameo) in (1, 2, 3, 4)


def test_no_model_is_the_rules_alone(rules) -> None:
    """``learned=False`` and a pipeline whose model folder is missing code alike: the rules' output."""
    env_before = os.environ.get("TIDINGS_QUAD_MODEL")
    os.environ["TIDINGS_QUAD_MODEL"] = "/nonexistent/quad_minilm"
    try:
        missing = Pipeline()
        a = missing.code(TEXT, date="2024-03-04").to_dict()
    finally:
        if env_before is None:
            del os.environ["TIDINGS_QUAD_MODEL"]
        else:
            os.environ["TIDINGS_QUAD_MODEL"] = env_before
    assert missing.learned is not None and missing.learned.get() is None
    assert a == rules.code(TEXT, date="2024-03-04").to_dict()


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "tidings.cli", "code", "-", *args], input=TEXT,
                          capture_output=True, text=True, env=full, timeout=300)


def test_a_missing_model_folder_is_one_stderr_line_and_the_rules_output() -> None:
    gone = _cli(env={"TIDINGS_QUAD_MODEL": "/nonexistent/quad_minilm"})
    off = _cli("--no-model")
    assert gone.returncode == 0 and off.returncode == 0, gone.stderr + off.stderr
    said = [line for line in gone.stderr.splitlines() if "model" in line]
    assert len(said) == 1 and "rules only" in said[0] and "Traceback" not in gone.stderr
    assert not [line for line in off.stderr.splitlines() if "model" in line]
    assert json.loads(gone.stdout) == json.loads(off.stdout)


def test_a_bad_meta_json_is_refused_with_the_key_named(tmp_path, capsys) -> None:
    folder = tmp_path / "quad_minilm"
    shutil.copytree(MODEL_DIR, folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    for key, bad in (("labels", [0, 1, 2, 3]), ("temperature", -1), ("max_len", "96"), ("trained_on", "")):
        broken = {**meta, key: bad}
        (folder / "meta.json").write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(ModelError, match=key):
            read_meta(folder)
        assert load_quad_model(folder) is None
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and key in err[0]
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="model.onnx"):
        QuadModel(folder)


def test_probabilities_are_rows_of_five_that_sum_to_one(learned) -> None:
    model = learned.learned.get()
    p = model.probabilities(["Peru accused Chile of spying on its navy.", "Hello.", "x " * 400])
    assert p.shape == (3, 5)
    assert abs(float(p.sum()) - 3.0) < 1e-4
    assert model.probabilities([]).shape == (0, 5)


def test_a_sentence_gets_the_same_probabilities_alone_or_among_others() -> None:
    """The int8 graph quantises activations per run, so batch mates used to shift a sentence's answer (and a resumed
    ingest coded differently from a clean one): each sentence is now run alone, and its answer is its own."""
    model = load_quad_model(MODEL_DIR)
    others = [*SILENT, "A short one.", "The minister of a small island state spoke at length about fisheries, "
              "tourism, the weather, and the long and winding road that the negotiations had taken so far."]
    for k, sentence in enumerate(TEXT.split(". ")):
        alone = model.probabilities([sentence])[0]
        among = model.probabilities([*others[:k], sentence, *others[k:]])[k]
        assert (alone == among).all(), sentence


def test_a_stream_codes_as_one_by_one_while_the_model_runs_on_its_own_thread(learned) -> None:
    """``code_many`` hands each few docs' sentences to the model's thread and parses on; the articles come back in
    order with the same confidences as coded one at a time, and a stream left half-read does not stall the next."""
    from tidings.models import Article, parse_date

    sents = TEXT.split(". ")
    arts = [Article(text=". ".join(sents[k:] + sents[:k]), date=parse_date("2024-03-04"), title=f"a{k}")
            for k in range(len(sents))] * 3
    alone = [learned.code(a).to_dict() for a in arts]
    streamed = [c.to_dict() for c in learned.code_many(arts)]
    assert streamed == alone
    assert any(e["confidence"] != 1.0 for c in alone for e in c["events"])  # the model did score them
    half = learned.code_many(arts)
    assert next(half).to_dict() == alone[0]
    half.close()  # as a timed-out ingest batch does
    assert learned.code(arts[1]).to_dict() == alone[1]
