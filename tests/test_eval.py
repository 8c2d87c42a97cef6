"""`tidings eval` on small gold files written for the tests (the shared gold is scored outside CI)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, run_cli
from tidings.jobs.evaluate import evaluate_plover, evaluate_quad, load_plover_gsr, score_plover

MINI_GSR = FIXTURES / "eval" / "mini-gsr.json"
MINI_QUAD = FIXTURES / "eval" / "mini-quad.tsv"


def test_plover_eval_reports_all_metrics(pipe):
    report = evaluate_plover(MINI_GSR, pipe)
    assert report["records"] == 12
    for key in ("type_recall", "triple_recall", "precision", "quad_accuracy"):
        assert 0.0 <= report[key] <= 1.0
    assert report["triple_recall"] <= report["type_recall"]
    assert set(report["per_type_recall"]) == {r.event for r in load_plover_gsr(MINI_GSR)}
    # the mini set is plain enough that most records must be found
    assert report["type_recall"] >= 0.6, report["misses"]


def test_scoring_is_exact_on_known_predictions(pipe):
    records = load_plover_gsr(MINI_GSR)[:2]
    coded = [pipe.code(r.text, date=r.date) for r in records]
    report = score_plover(records, coded)
    hits = sum(any(e.plover == r.event for e in c.events) for r, c in zip(records, coded, strict=False))
    assert report["type_recall"] == hits / 2


def test_quad_tsv_eval(pipe):
    report = evaluate_quad(MINI_QUAD, pipe)
    assert report["sentences"] == 10
    assert set(report["per_class"]) == {"0", "1", "2", "3", "4"}
    assert report["accuracy"] >= 0.5
    assert 0 <= report["macro_f1"] <= 1


def test_eval_cli_json(tmp_path: Path):
    out = run_cli("eval", str(MINI_GSR), "--json")
    assert out.returncode == 0, out.stderr.decode()
    report = json.loads(out.stdout)
    assert {"records", "type_recall", "triple_recall", "precision", "quad_accuracy", "confusion"} <= set(report)
    bad = tmp_path / "bad.tsv"
    bad.write_text("no label here\n")
    err = run_cli("eval", str(bad), "--format", "quad-tsv")
    assert err.returncode == 2 and b"label" in err.stderr


def test_conflibert_convention_moves_appeals_and_sanctions(pipe, tmp_path: Path):
    """An appeal is verbal cooperation (1) in GDELT's QuadClass but a statement (0) in the ConfliBERT data; a
    sanction is material conflict (4) in GDELT's, verbal conflict (3) there (tidings.events.conventions)."""
    from tidings.events.conventions import quad_class_in

    sentences = {"Japan urged North Korea to return to the negotiating table.": (1, 0),
                 "Tokyo called on Pyongyang to free the abducted fishermen.": (1, 0),
                 "The European Union imposed sanctions on Belarus over the crackdown.": (4, 3),
                 "Canada cut trade ties with Moscow.": (4, 3)}
    for text, (gdelt, conflibert) in sentences.items():
        best = max(pipe.code(text).events, key=lambda e: e.confidence)
        assert (best.quad_class, quad_class_in("conflibert", best.cameo_root, best.quad_class)) == (gdelt, conflibert)
    gold = tmp_path / "conflibert.tsv"
    gold.write_text("".join(f"{t}\t{c}\n" for t, (_, c) in sentences.items()), encoding="utf-8")
    assert evaluate_quad(gold, pipe, convention="conflibert")["accuracy"] == 1.0
    assert evaluate_quad(gold, pipe)["accuracy"] == 0.0  # the default stays GDELT's
    err = run_cli("eval", str(gold), "--convention", "acled")
    assert err.returncode == 2 and b"convention" in err.stderr
