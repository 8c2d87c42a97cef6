"""The model's matrix products through NumPy's BLAS (``tidings.nlp.blas``): the same products, on one thread, chosen
once per process, and the same parse as thinc's BLIS on real text."""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, TAG
from thinc.backends.numpy_ops import NumpyOps
from threadpoolctl import threadpool_info

from tests.conftest import run_cli
from tidings.errors import ModelError
from tidings.nlp import blas
from tidings.nlp import model as nlp_mod
from tidings.pipeline import Pipeline

TEXTS = [
    "Kenya's president flew to Addis Ababa on Monday for talks with Ethiopia's prime minister on the dam.",
    "\"There is no deal yet,\" a spokesman for the Chilean foreign ministry said in Santiago late on Friday.",
    "Rebels shelled the outskirts of Goma, killing at least 14 civilians, the United Nations said.",
]


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (False, True), (True, False), (True, True)])
def test_numpy_products_equal_blis_products_to_float_precision(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((288, 300) if trans1 else (300, 288), dtype="float32")
    y = rng.standard_normal((96, 288) if trans2 else (288, 96), dtype="float32")
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = blas.NumpyBlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == want.shape == (300, 96) and got.dtype == numpy.float32
    numpy.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    out = numpy.full((300, 96), 99.0, dtype="float32")  # overwritten, as thinc's gemm overwrites it
    assert blas.NumpyBlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4)


def test_products_run_on_one_thread_and_the_limit_is_lifted_after(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _blas_threads()
    assert before, "NumPy's BLAS is not visible to threadpoolctl"
    seen: list[list[int]] = []
    matmul = numpy.matmul

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(_blas_threads())
        return matmul(*args, **kwargs)

    monkeypatch.setattr(blas.numpy, "matmul", spy)
    x = numpy.ones((64, 32), dtype="float32")
    blas.NumpyBlasOps().gemm(x, x, trans2=True)
    assert seen == [[1] * len(before)]
    assert _blas_threads() == before


def test_the_parse_through_numpy_equals_the_parse_through_blis(seed_text: str) -> None:
    through_blis, through_numpy = nlp_mod.stock(), nlp_mod.stock()
    assert blas.use_fastest(through_blis, "blis") == "blis"
    assert blas.use_fastest(through_numpy, "numpy") == "numpy"
    assert blas.library(through_blis) == "blis" and blas.library(through_numpy) == "numpy"
    assert any(isinstance(node.ops, blas.NumpyBlasOps) for node in through_numpy.get_pipe("ner").model.walk())
    texts = [seed_text, *TEXTS]
    attrs = [HEAD, DEP, TAG, ENT_IOB, ENT_TYPE]
    for a, b in zip(through_blis.pipe(texts), through_numpy.pipe(texts), strict=True):
        assert numpy.array_equal(a.to_array(attrs), b.to_array(attrs))
        numpy.testing.assert_allclose(a.tensor, b.tensor, rtol=1e-3, atol=1e-4)
    # and back: a model can be returned to BLIS
    assert blas.use_fastest(through_numpy, "blis") == "blis"
    assert not any(isinstance(node.ops, blas.NumpyBlasOps) for node in through_numpy.get_pipe("ner").model.walk())


def test_the_choice_comes_from_the_argument_then_the_environment_then_timing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIDINGS_BLAS", raising=False)
    assert blas.resolved() == ("numpy" if blas.numpy_is_faster() else "blis")
    monkeypatch.setenv("TIDINGS_BLAS", "blis")
    assert blas.resolved() == "blis"
    assert blas.resolved("numpy") == "numpy"
    monkeypatch.setenv("TIDINGS_BLAS", "mkl")
    with pytest.raises(ModelError, match="TIDINGS_BLAS='mkl'"):
        blas.resolved()


def test_the_pipeline_reports_the_library_its_model_multiplies_through(pipe: Pipeline) -> None:
    assert pipe.blas in ("numpy", "blis")
    assert blas.library(pipe.nlp) == pipe.blas


def test_a_bad_choice_is_a_one_line_error_in_the_cli(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    article = tmp_path / "a.txt"
    article.write_text("Peru recalled its ambassador from Chile on Monday.", encoding="utf-8")
    monkeypatch.setenv("TIDINGS_BLAS", "fastest")
    out = run_cli("code", str(article), "--date", "2026-03-02")
    err = out.stderr.decode()
    assert out.returncode == 3, err
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0 and "TIDINGS_BLAS='fastest'" in err
