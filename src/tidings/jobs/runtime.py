"""Process-level settings for jobs (ingest, its workers, Spark executors, ``tidings code``), kept apart from the
pipeline so that merely building a ``Pipeline`` in a notebook changes nothing about the user's process: the heap
settled once, and the time limit per article (``--article-timeout``).

The time limit is an alarm signal in the thread that codes, not a watchdog that kills the worker process. Chosen
deliberately:
- it works the same with one worker (coding in the ingest process itself, with the caller's pipeline), with N
  (each pool worker codes in its main thread) and in ``tidings code``, and the worker keeps its loaded pipeline: a
  killed worker costs seconds to replace, on every timed-out article, and one worker would have to become a child
  process;
- its known limit, that a signal is handled only between Python bytecodes so a call into C or Cython runs to its
  end first, is bounded by the pipeline's budget (``nlp.budget``): text is cleaned so that no tokenizer call is
  quadratic, and long text is parsed in pieces of at most 10,000 tokens, so the longest C call is about a second.
  What the alarm interrupts, the tidings code that grows with an article, is Python.
A watchdog would still be the tool for code that never returns to Python; nothing in the pipeline does that now.
The alarm needs the main thread (Python runs signal handlers only there); elsewhere articles have no time limit.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

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


class ArticleTimeout(BaseException):
    """Raised by the alarm. A BaseException, so that no ``except Exception`` on the way swallows it."""


class Alarm:
    """A running time limit: ``rearm`` gives the coding another full ``seconds`` from now.

    Once expired it keeps firing every ``REPEAT`` seconds until the limit is left or re-armed: Python drops an
    exception raised while it runs a finaliser or a weakref callback ("Exception ignored in ..."), so one shot
    that lands there would leave the article without a limit. ``fired`` records that the limit passed at all."""

    REPEAT = 0.05

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.fired = False

    def rearm(self) -> None:
        if self.seconds:
            self.fired = False
            signal.setitimer(signal.ITIMER_REAL, self.seconds, self.REPEAT)

    def pause(self) -> None:
        """Stop the clock until the next ``rearm``: for work inside the limit that is not coding (reading the
        next batch, committing the last one), which must neither be cut short nor counted against an article."""
        if self.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[Alarm]:
    """Raise ArticleTimeout in this thread ``seconds`` after entering (or after the last ``rearm``); no limit
    for None or 0, or outside the main thread. The previous SIGALRM handler is restored on the way out."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield Alarm(None)
        return

    alarm = Alarm(seconds)

    def fire(signum: int, frame: object) -> None:
        alarm.fired = True
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, fire)
    alarm.rearm()
    try:
        yield alarm
        if alarm.fired:  # every shot landed where Python drops exceptions: the limit passed all the same
            raise ArticleTimeout
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
