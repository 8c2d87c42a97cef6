"""The doer of an agentless passive, taken from the sentences before it when they name it.

"The European Union imposed new sanctions on Belarus. Sanctions were also imposed on Russia." The second
sentence names no doer; the first says who did the same act, moments before in the article. An event whose source
is ``(unstated)`` (``sources``: no subject, no "by" agent) takes the source of the nearest earlier event of the
same lexicon entry (the same act: "imposed sanctions", "arrested") within ``WINDOW`` sentences, when the text
names that source as the doer (``source_from`` "argument") and it is a placed actor; its ``source_from`` is then
``"context"`` and ``extra["source_sentence"]`` the sentence it came from. Nothing is invented: with no such event,
the source stays ``(unstated)``. A doer inferred from the place alone (``authorities-at-place``) yields the same way
to one the sentences before name.

Only the same act counts, not the same CAMEO root: "Israeli troops raided the town. Three civilians were killed
in a separate blast" shows why. Speech, meetings and violence are left out (``SKIP_ROOTS``).

A doer named only by "he", "they" or "the rebels" (``source_from`` "anaphor", see ``anaphor``) is filled here too,
from the nearest sentence before it with events, or its event is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tidings.events.anaphor import ANAPHOR, antecedent, nearest_before
from tidings.models import Event

WINDOW = 2  # sentences back: a doer named further back is no longer the article's subject
UNSTATED = "unstated"
# a doer inferred from where the act happened ("was arrested in Nairobi": the police of Kenya, ``sources``): a doer
# the sentences before name for the same act is the text's own word and wins ("Police in Kenya arrested ... Two
# journalists were also arrested in Nairobi")
BY_PLACE = frozenset({UNSTATED, "authorities-at-place"})
CONTEXT = "context"
NAMED = "argument"  # the source strategy of a doer the text names
# speech and meetings name no party a previous sentence fixes; violence reported in the passive ("three were
# killed", "a helicopter was shot down") is left to ``sources``' unidentified attackers: a casualty is as often
# the work of someone else, or of nobody, as of the last actor named
# a placeholder source was scored as an unplaced one (-0.2); once the sentence before places it, it counts as an
# inferred source (-0.1)
CONTEXT_GAIN = 0.1
SKIP_ROOTS = frozenset({"01", "04", "18", "19", "20"})


def fill_sources(events: Sequence[Event]) -> tuple[Event, ...]:
    """``events`` (in article order, with the article's sentence numbers) with each unstated source that a recent
    event of the same act names filled in (see the module docstring). Run on the article's sentence numbers, not
    the parsed text's: the pre-filter leaves out sentences, and two parsed sentences in a row may be pages apart."""
    if not any(e.source_from in BY_PLACE or e.source_from == ANAPHOR for e in events):
        return tuple(events)
    named = [e for e in events if e.source.country is not None and e.source_from == NAMED]
    out: list[Event] = []
    for ev in events:
        if ev.source_from != ANAPHOR:
            out.append(_filled(ev, named))
            continue
        # a pronoun or bare group word: the one fitting actor of the sentence before (``anaphor``), else dropped;
        # an event so filled is a sentence before for the next ("He arrived ... He met ... He also visited ...")
        source = antecedent(ev, out)
        if source is not None:
            out.append(replace(ev, source=source, source_from=CONTEXT, confidence=round(min(0.99, ev.confidence
                               + CONTEXT_GAIN), 2), extra={**ev.extra, "source_sentence": nearest_before(ev, out)}))
    return tuple(out)


def _filled(ev: Event, named: list[Event]) -> Event:
    if ev.source_from not in BY_PLACE or ev.cameo_root in SKIP_ROOTS:
        return ev
    same = [p for p in named if p.rule == ev.rule and 0 < ev.sentence - p.sentence <= WINDOW]
    if not same:
        return ev
    nearest = max(p.sentence for p in same)
    doers = {(p.source.country, p.source.sector, p.source.name): p.source for p in same if p.sentence == nearest}
    if len(doers) != 1:
        return ev  # "Microsoft, Sony and Nintendo released ...": which of them did this one is not said
    source = next(iter(doers.values()))
    if ev.target is not None and ev.target.country == source.country and any(
            p.target is not None and p.target.country != source.country for p in same if p.sentence == nearest):
        return ev  # "X accused Y. X has also been accused of ...": the doer before is this act's target now
    if ev.target is not None and (source.country, source.sector, source.name) == (
            ev.target.country, ev.target.sector, ev.target.name):
        return ev
    return replace(ev, source=source, source_from=CONTEXT, extra={**ev.extra, "source_sentence": nearest})
