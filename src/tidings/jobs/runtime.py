"""Process-level settings for batch jobs (ingest, its workers, Spark executors), kept apart from the pipeline
so that merely building a ``Pipeline`` in a notebook changes nothing about the user's process."""

from __future__ import annotations

import gc

_settled = False


def settle_heap() -> bool:
    """Move every object alive now out of the cyclic garbage collector's reach (``gc.freeze``), once per process.

    Why: a loaded pipeline is some 400,000 long-lived Python objects (spaCy's vocabulary and components, the
    knowledge base, the gazetteer), and each full collection that coding triggers walks all of them to find
    nothing: on 300 Wikinews articles the collector's own callbacks timed 2.9% of the coding time, against 0.6%
    once those objects were frozen (plain ``nlp.pipe`` spends 0.1% either way). Objects made afterwards are
    collected as usual. No full collection first: it would walk the same 400,000 objects once more (a quarter of a
    second in a py-spy profile of ingest); only the young generations are collected, and whatever cyclic garbage
    was already old stays frozen, once, in a process that just loaded the pipeline.
    Returns whether this call did it (False if an earlier call had)."""
    global _settled
    if _settled:
        return False
    gc.collect(1)
    gc.freeze()
    _settled = True
    return True
