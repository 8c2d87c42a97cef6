"""The model's matrix products through NumPy's BLAS, where that is faster than thinc's BLIS on this machine.

thinc multiplies through BLIS, which it bundles, and BLIS picks its kernels from the CPU model. Where it cannot read the
model (virtual machines often hide it; BLIS then prints "Number of FMA units unknown" under ``BLIS_ARCH_DEBUG=1``) it
falls back to its AVX2 kernels, at about half the speed of the OpenBLAS that NumPy's wheels bundle, even on one thread.
The products of token vectors by a layer's weights are about a third of en_core_web_sm's parse (measured here), so
tidings times both libraries on that shape when a pipeline loads and multiplies through the faster one, for its own copy
of the model only: ``nlp.stock()`` and any other copy keep BLIS.

One thread: OpenBLAS would otherwise use every core, and tidings scales by processes (``--workers``), each on one
core. The limit holds only while tidings multiplies (``threadpoolctl``); the rest of the process keeps its own.

The two libraries sum the same products in different orders, so vectors can differ from stock spaCy's in the last
bits; an argmax (a tag, an arc, an entity) changes only when two scores tie to those bits. Over 1,000 Wikinews and
500 BBC articles the coded output was identical either way. ``TIDINGS_BLAS=blis`` (or ``Pipeline(blas="blis")``)
keeps BLIS, bit for bit stock spaCy; ``numpy`` forces NumPy; ``auto``, the default, times them.
"""

from __future__ import annotations

import time
from typing import Any

import numpy
from spacy.language import Language
from thinc.backends.numpy_ops import NumpyOps

from tidings.nlp import blas_choice
from tidings.nlp.blas_choice import CHOICES as CHOICES
from tidings.nlp.blas_choice import MARGIN, one_thread
from tidings.nlp.blas_choice import machine_identity as machine_identity
from tidings.nlp.fastembed import component_models, is_hash_embed


class NumpyBlasOps(NumpyOps):
    """thinc's NumPy ops with ``gemm`` through ``numpy.matmul`` on one thread; everything else unchanged."""

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        with one_thread():
            if out is None:
                return numpy.matmul(x, y)
            numpy.matmul(x, y, out=out)
        return out


def _best_of(f: Any, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def time_products(tokens: int = 2048, width: int = 288, runs: int = 5) -> bool:
    """Time one product of the shape the model's layers multiply (a batch of tokens' windowed vectors by a
    layer's weights) through each library; about 50 ms."""
    rng = numpy.random.default_rng(0)
    x = rng.random((tokens, width), dtype="float32")
    w = rng.random((width, width), dtype="float32")
    blis, fast = NumpyOps(), NumpyBlasOps()
    blis.gemm(x, w, trans2=True), fast.gemm(x, w, trans2=True)  # first calls load and warm both
    return _best_of(lambda: fast.gemm(x, w, trans2=True), runs) < MARGIN * _best_of(
        lambda: blis.gemm(x, w, trans2=True), runs)


def numpy_is_faster() -> bool:
    """``blas_choice.numpy_is_faster``, timed (once per machine) by ``time_products``."""
    return blas_choice.numpy_is_faster(time_products)


def resolved(how: str | None = None) -> str:
    """``blas_choice.resolved``, timed (once per machine) by ``time_products``."""
    return blas_choice.resolved(how, time_products)


def use_fastest(nlp: Language, how: str | None = None) -> str:
    """Give every layer of ``nlp``'s components the products of ``resolved(how)``; returns that library, "numpy"
    or "blis". A process pool passes its parent's answer to every worker, so that they all multiply alike. The
    model is loaded once per process (``nlp.load``), so the last call decides for every Pipeline on it."""
    chosen = resolved(how)
    ops = NumpyBlasOps() if chosen == "numpy" else NumpyOps()
    for model in component_models(nlp):
        # The word embeddings stay on BLIS: ``fastembed`` computes a row once, in a batch of new rows, and keeps it;
        # BLIS gives a row the same bits whatever the batch, OpenBLAS does not (a batch of one row takes another
        # path). Their products are few anyway, once cached.
        embedding = {n.id for e in model.walk() if is_hash_embed(e) for n in e.walk()}
        for node in model.walk():
            if node.id not in embedding and type(node.ops) in (NumpyOps, NumpyBlasOps) \
                    and type(node.ops) is not type(ops):
                node.ops = ops
    return chosen


def library(nlp: Language) -> str:
    """Which library multiplies for ``nlp``'s first trainable component: "numpy" or "blis"."""
    for model in component_models(nlp):
        return "numpy" if isinstance(model.ops, NumpyBlasOps) else "blis"
    return "blis"
