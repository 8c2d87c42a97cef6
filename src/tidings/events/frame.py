"""One trigger as the stages after matching see it: where it is, what it matched, and the doc's resolver.

``sources``, ``recode``, ``targets`` and ``build`` each take a ``Frame``; the CAMEO re-coding hands on a new one
(``Frame._replace``) when it changes the entry, so no stage changes what another was given. A ``NamedTuple``
rather than a frozen dataclass: one is made per trigger, and a tuple is made in a third of the time.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span as SpacySpan

from tidings.actors.resolve import DocResolver
from tidings.events.lexicon import Entry
from tidings.events.speech import Speakers
from tidings.events.triggers import LIGHT_HEADS
from tidings.nlp.docview import DocView


class Frame(NamedTuple):
    """A trigger at token ``i`` of sentence ``s_idx`` (``sent``) with its entry and the object the entry names.

    ``carrier`` is the token whose place in the clause an event noun's source is read from: the noun itself, or
    the light head it modifies ("a mediation effort between X and Y": "effort")."""

    p: DocView
    sent: SpacySpan
    s_idx: int
    resolver: DocResolver
    i: int
    entry: Entry
    obj: int | None
    carrier: int
    speakers: Speakers | None = None  # who speaks where in the article: a quoted "we" is the speaker


    @classmethod
    def of(cls, p: DocView, sent: SpacySpan, s_idx: int, resolver: DocResolver, i: int, entry: Entry,
           obj: int | None, speakers: Speakers | None = None) -> Frame:
        head = p.head[i]
        light = entry.kind != "verb" and p.dep[i] == "compound" and p.lemma[head] in LIGHT_HEADS
        return cls(p, sent, s_idx, resolver, i, entry, obj, head if light else i, speakers)

    @property
    def is_verb(self) -> bool:
        return self.entry.kind == "verb"

    @property
    def root(self) -> str:
        """The CAMEO root of the entry ("14" for protest)."""
        return self.entry.cameo[:2]
