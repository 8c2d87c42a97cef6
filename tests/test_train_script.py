"""The shipped five-way model matches the script that makes it (train/quad_model.py), without importing torch.

Why: the weights are fitted outside CI (torch is only in the `train` extra), so CI checks that the shipped files
say how they were made, that the settings in meta.json are the script's fixed ones, that the NOTICE states the
terms, and that the figures' NumPy helpers compute what they claim.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "tidings" / "data" / "models" / "quad_minilm"
GOLD = ROOT.parent / "shared" / "gold" / "quad-train.tsv"


def load_train_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "train" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_meta_matches_fixed_settings():
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    settings = load_train_module("quad_settings")
    assert meta["settings"] == settings.SETTINGS
    assert meta["label_names"] == settings.LABEL_NAMES
    assert meta["labels"] == [0, 1, 2, 3, 4]
    assert meta["max_len"] == settings.SETTINGS["max_len"]
    assert meta["convention"] == "conflibert"
    assert meta["inputs"] == ["input_ids", "attention_mask"] and meta["output"] == "logits"
    assert meta["temperature"] > 0
    cv = meta["cv"]
    assert cv["k"] in (3, 5) and cv["rows"] == 1349
    lo, hi = cv["torch"]["ci95"]
    assert lo <= cv["torch"]["macro_f1"] <= hi
    assert len(cv["torch"]["per_class_f1"]) == 5
    assert meta["export_check"]["fp32_max_abs_diff"] < 1e-4


def test_tokenizer_truncates_at_max_len():
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    tok = json.loads((MODEL / "tokenizer.json").read_text(encoding="utf-8"))
    assert tok["truncation"]["max_length"] == meta["max_len"]
    assert tok["padding"]["strategy"] == "BatchLongest"


def test_onnx_file_is_the_int8_export():
    size = (MODEL / "model.onnx").stat().st_size
    assert 15_000_000 < size < 30_000_000  # int8 MiniLM-L6; fp32 would be ~90 MB


def test_notice_states_provenance_and_terms():
    text = (MODEL / "NOTICE.md").read_text(encoding="utf-8")
    for needle in ("GPL-3.0", "Apache-2.0", "ConfliBERT", "Multi-CoPED", "all-MiniLM-L6-v2", "--no-model"):
        assert needle in text


@pytest.mark.skipif(not GOLD.exists(), reason="the shared gold file is not on this machine")
def test_trained_on_the_shared_file():
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(GOLD.read_bytes()).hexdigest() in meta["trained_on"]


def test_metrics_on_known_cases():
    m = load_train_module("quad_metrics")
    y = np.array([0, 0, 1, 1, 2, 3, 4, 4])
    assert m.macro_f1(y, y) == 1.0
    pred = np.array([0, 1, 1, 1, 2, 3, 4, 0])
    # class 0: tp1 fp1 fn1 -> .5; class 1: tp2 fp1 fn0 -> .8; 2, 3: 1; class 4: tp1 fn1 -> 2/3
    assert m.per_class_f1(y, pred) == pytest.approx([0.5, 0.8, 1.0, 1.0, 2 / 3])
    lo, hi = m.bootstrap_ci(y, pred, reps=200)
    assert 0 <= lo <= m.macro_f1(y, pred) <= hi <= 1


def test_temperature_recovers_a_known_scale():
    m = load_train_module("quad_metrics")
    rng = np.random.default_rng(0)
    true_logits = rng.normal(0, 2, size=(4000, 5))
    y = np.array([rng.choice(5, p=p) for p in m.softmax(true_logits)])
    # a model three times overconfident: the fitted temperature undoes it and lowers the calibration error
    temp = m.fit_temperature(true_logits * 3, y)
    assert temp == pytest.approx(3, rel=0.15)
    assert m.ece(m.softmax(true_logits * 3 / temp), y) < m.ece(m.softmax(true_logits * 3), y)
