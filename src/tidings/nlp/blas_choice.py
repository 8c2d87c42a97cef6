"""Which library multiplies the model's products on this machine (``nlp.blas`` says why there is a choice).

Kept apart from ``nlp.blas`` because it imports neither spaCy nor thinc: an ingest with worker processes resolves
the choice once in its parent, which only reads, deduplicates and writes, and passes it to every worker, so that
they all multiply alike. Importing spaCy for that would add most of a second to the parent's start, and with it
to every multi-process ingest. The timing itself (``blas.time_products``) needs thinc; it runs once per machine,
its answer is kept in the compiled-data cache.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from typing import Any

import numpy

from tidings.datafiles.compiled import compiled
from tidings.errors import ModelError

CHOICES = ("auto", "blis", "numpy")
MARGIN = 0.85  # NumPy must take at most this share of BLIS's time to be chosen: a tie is not worth a change


@lru_cache(maxsize=1)
def _blas_limiter() -> Any:
    """threadpoolctl's handle on the BLAS libraries NumPy loaded, or None if it finds none (then NumPy's thread
    count cannot be held at one, and tidings keeps BLIS)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    blas = ThreadpoolController().select(user_api="blas")
    return blas if blas.lib_controllers else None


def one_thread() -> AbstractContextManager:
    limiter = _blas_limiter()
    return limiter.limit(limits=1) if limiter is not None else nullcontext()


@lru_cache(maxsize=2)
def numpy_is_faster(timer: Callable[[], bool]) -> bool:
    """Whether NumPy's BLAS multiplies faster than BLIS here: timed once per machine and kept in the compiled-data
    cache (``datafiles.compiled``), keyed by what decides it (the CPU model and count, the two libraries and their
    versions). Timing it on every start cost a tenth of a second or more of a one-article command, and a choice
    made afresh each time could differ between two runs on a loaded machine. ``timer`` times the two libraries
    when the cache has no answer (``blas.time_products``: it needs thinc, so the caller, who may have loaded it,
    passes it in)."""
    if _blas_limiter() is None:
        return False
    return compiled("blas", timer, what="the choice of matrix library (timed on this machine)",
                    parts=(machine_identity(),))


def machine_identity() -> str:
    """What the BLAS timing depends on: the CPU model and count, and the BLAS libraries NumPy and thinc use."""
    from importlib import metadata

    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    except OSError:
        pass
    libs = [(c.internal_api, c.version, getattr(c, "architecture", None)) for c in _blas_limiter().lib_controllers]
    try:
        blis = metadata.version("blis")
    except metadata.PackageNotFoundError:
        blis = "none"
    return repr((platform.machine(), platform.processor(), cpu, os.cpu_count(), numpy.__version__, blis, libs))


def resolved(how: str | None, timer: Callable[[], bool]) -> str:
    """The library to multiply through: ``how`` (or ``TIDINGS_BLAS``) if it names one, else the faster here
    (``numpy_is_faster(timer)``)."""
    value = (how or os.environ.get("TIDINGS_BLAS") or "auto").strip().lower()
    if value not in CHOICES:
        raise ModelError(f"TIDINGS_BLAS={value!r}: use one of {', '.join(CHOICES)}")
    if value == "auto":
        return "numpy" if numpy_is_faster(timer) else "blis"
    return value
