"""The doer of an agentless passive, taken from the sentences before it when they name it.

"The European Union imposed new sanctions on Belarus. Sanctions were also imposed on Russia." The second
sentence names no doer; the first says who did the same act, moments before in the article. An event whose source
is ``(unstated)`` (``sources``: no subject, no "by" agent) takes the source of the nearest earlier event of the
same lexicon entry (the same act: "imposed sanctions", "arrested") within ``WINDOW`` sentences, when the text
names that source as the doer (``source_from`` "argument") and it is a placed actor; its ``source_from`` is then
``"context"`` and ``extra["source_sentence"]`` the sentence it came from. Nothing is invented: with no such event,
the source stays ``(unstated)``.

Only the same act counts, not the same CAMEO root: "Israeli troops raided the town. Three civilians were killed
in a separate blast" shows why. Speech, meetings and violence are left out (``SKIP_ROOTS``).
"""

from __future__ import annotations

from dataclasses import replace

from tidings.models import Event

WINDOW = 2  # sentences back: a doer named further back is no longer the article's subject
UNSTATED = "unstated"
CONTEXT = "context"
NAMED = "argument"  # the source strategy of a doer the text names
# speech and meetings name no party a previous sentence fixes; violence reported in the passive ("three were
# killed", "a helicopter was shot down") is left to ``sources``' unidentified attackers: a casualty is as often
# the work of someone else, or of nobody, as of the last actor named
SKIP_ROOTS = frozenset({"01", "04", "18", "19", "20"})


class RecentDoers:
    """The placed sources of the article's recent events, by trigger word and by CAMEO root; ``fill`` gives an
    unstated source the one that fits, ``remember`` adds a sentence's events."""

    __slots__ = ("recent",)

    def __init__(self) -> None:
        self.recent: list[Event] = []

    def remember(self, events: list[Event]) -> None:
        self.recent.extend(e for e in events if e.source.country is not None and e.source_from == NAMED)

    def fill(self, ev: Event) -> Event:
        """``ev`` with its source from context, when it is unstated and a recent event of the same act names one."""
        if ev.source_from != UNSTATED or ev.cameo_root in SKIP_ROOTS:
            return ev
        found = None
        for prior in reversed(self.recent):
            if prior.sentence >= ev.sentence:
                continue
            if ev.sentence - prior.sentence > WINDOW:
                break
            if prior.rule == ev.rule:
                found = prior
                break
        if found is None or (ev.target is not None and _same(found.source, ev.target)):
            return ev
        return replace(ev, source=found.source, source_from=CONTEXT,
                       extra={**ev.extra, "source_sentence": found.sentence})


def _same(a, b) -> bool:  # noqa: ANN001 - two Actors
    return (a.country, a.sector, a.name) == (b.country, b.sector, b.name)
