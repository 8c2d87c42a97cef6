"""The learned model beside the rules: a confidence for every event, and the events the rules miss.

The rules keep what they are good at: the CAMEO code, the actors, the spans and the evidence. The model
(``nlp.quadmodel``) reads each sentence that can hold an event and gives the probability of each of five classes
(0 statements and appeals, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict:
the convention of its training data). Two uses, in two steps around one batched model run:

1. ``Proposals.of`` (before the run) keeps, per document, the rules' events and the sentences worth asking the
   model about: every sentence with a rule event, and (with ``ADD_EVENTS``) every silent sentence whose main verb
   names an act (``learned_gates.verb_says_no``) and has a source and a target the rules' own argument and actor
   machinery resolves (``find_sources`` / ``find_targets``; the source must be the verb's own argument and no
   improper mention, the target an argument, the complement or the clause, both placed in a country, and
   different countries or actors).
2. ``Proposals.finish`` (after the run):
   * every event's confidence becomes ``round(0.5 * rules + 0.5 * p[class], 2)``: the mean of the rules' score
     (``confidence.score``) and the model's probability for the event's class (``conflibert_class`` of its
     CAMEO code). An event the model agrees with rises, one it doubts falls; the mean keeps both voices, and
     leaves the events' order by confidence to the model when the rules' scores tie.
   * (off by default, ``ADD_EVENTS``) a silent sentence whose most probable class is 1-4 with probability at
     least ``ADD_THRESHOLD`` gets one event per (source, target) pair the gates of ``learned_gates`` let through
     (the lexicon's words, the sides, the register), coded ``GENERIC_CODE[class]`` or the root of a lexicon
     entry of the class (``lexicon_code``), with ``rule = MODEL_RULE``, its modality from the modality stage, and
     the same confidence formula. Class 0 (a statement) adds nothing: a sentence with no coded act is scored as a
     statement anyway. Measured on 1,000 corpus articles, the gated additions are few and still often wrong (see
     ``ADD_EVENTS``), so by default the model only re-scores.

``ADD_THRESHOLD`` was fixed at 0.80 before any measurement: the model's calibrated probability (temperature
scaled on held-out folds) is then right about four times in five, and the rules' actor checks filter further.

Why these generic codes: each is the root's "not specified" code of the broadest CAMEO root of the class, so a
reader is never told more than the model knows: 050 engage in diplomatic cooperation (verbal cooperation: praise,
support, recognition ...), 060 engage in material cooperation, 110 disapprove (criticism and accusation, the most
common verbal conflict in news), 190 use conventional military force (most of the material conflict in news, and
in the training data, where root 19 is the largest of class 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from spacy.tokens import Span as SpacySpan

from tidings.actors.resolve import DocResolver
from tidings.events import recode
from tidings.events.build import events_of
from tidings.events.conventions import conflibert_class
from tidings.events.frame import Frame
from tidings.events.learned_gates import (
    act_verb,
    improper,
    lexicon_code,
    sides_say_no,
    verb_says_no,
    word_entries,
)
from tidings.events.lexicon import Entry, Lexicon
from tidings.events.sources import Sources, find_sources
from tidings.events.targets import find_targets
from tidings.models import Event
from tidings.nlp.docview import DocView

MODEL_RULE = "model:quad-minilm"
# Off: a sentence-level class says nothing about which verb and which pair of actors carry it, and the model is as
# confident on sport and business sentences as on politics. Without the gates of ``learned_gates``, 26 of the 31
# events it added to 1,000 corpus articles were wrong to a reader; with them 7 are added, 3 wrong: too few and too
# often wrong for the bar fixed before measuring (at least 25, at most 20% wrong; docs/accuracy.md). On:
# ``bench/stack_quad.py --add``, ``bench/eventdiff.py dump --add``, ``tidings.events.learned.ADD_EVENTS = True``
ADD_EVENTS = False
ADD_THRESHOLD = 0.80
# also add to a sentence the rules coded when none of their events is of the model's confident class (measured
# against "silent only" with bench/stack_quad.py --disagree and bench/eventdiff.py; see docs/accuracy.md)
ADD_TO_DISAGREEING = False
GENERIC_CODE = {1: "050", 2: "060", 3: "110", 4: "190"}
SPEECH = frozenset({"say", "tell", "add", "announce", "report", "state", "claim", "confirm", "declare", "insist",
                    "stress", "note", "write", "warn"})
SOURCE_OK = frozenset({"argument"})
TARGET_OK = frozenset({"argument", "complement", "clause"})


def combined(rule_score: float, p_class: float) -> float:
    """The event's confidence: the mean of the rules' score and the model's probability for its class."""
    return round(max(0.0, min(1.0, 0.5 * rule_score + 0.5 * p_class)), 2)


class Silent(NamedTuple):
    """A sentence the rules coded nothing in, whose main verb has resolvable sides: what the model may add to."""

    sent: SpacySpan
    s_idx: int
    verb: int
    sources: Sources


class Proposals:
    """One document's rule events and the sentences to ask the model about (see the module docstring)."""

    __slots__ = ("p", "resolver", "events", "texts", "rows", "silent", "lex", "register")

    def __init__(self, p: DocView, resolver: DocResolver, events: list[Event], sents: Sequence[SpacySpan],
                 lex: Lexicon | None = None, register: str | None = None) -> None:
        self.p, self.resolver, self.events = p, resolver, events
        self.lex, self.register = lex or Lexicon(), register
        coded = {e.sentence for e in events}
        self.texts: list[str] = []
        self.rows: dict[int, int] = {}  # sentence index -> row of ``texts``
        self.silent: list[Silent] = []
        for s_idx, sent in enumerate(sents):
            if not ADD_EVENTS or (s_idx in coded and not ADD_TO_DISAGREEING):
                if s_idx in coded:
                    self._ask(s_idx, sent)
                continue
            found = self._sides(sent, s_idx)
            if found is not None:
                self.silent.append(found)
            if found is not None or s_idx in coded:
                self._ask(s_idx, sent)

    @classmethod
    def of(cls, p: DocView, resolver: DocResolver, events: list[Event], sents: Sequence[SpacySpan],
           lex: Lexicon | None = None, register: str | None = None) -> Proposals:
        """``lex``: the rules' lexicon, which the gates on added events read (``learned_gates``); ``register``: the
        article's non-political register (``register.register_of_text``), held against added events as against
        the rules' own."""
        return cls(p, resolver, events, sents, lex, register)

    def _ask(self, s_idx: int, sent: SpacySpan) -> None:
        self.rows[s_idx] = len(self.texts)
        self.texts.append(sent.text)

    def _sides(self, sent: SpacySpan, s_idx: int) -> Silent | None:
        """The sentence's main act and its source, when the rules' machinery resolves both sides of it."""
        verb = main_verb(self.p, sent)
        if verb is None or verb_says_no(self.p, act_verb(self.p, verb), self.lex, self.resolver):
            return None
        frame = Frame.of(self.p, sent, s_idx, self.resolver, verb, generic_entry(self.p, verb, GENERIC_CODE[3]), None)
        sources = find_sources(frame)
        if sources is None or sources.strategy not in SOURCE_OK or sources.actors[0].country is None or improper(
                self.p, sources.actors[0], doer=True):
            return None
        targets, strategy = find_targets(frame, sources)
        if strategy is None or strategy.name not in TARGET_OK or not any(t.country for t in targets):
            return None
        return Silent(sent, s_idx, verb, sources)

    def finish(self, probs: Sequence[Sequence[float]] | None) -> list[Event]:
        """The events with the model's confidence, plus what it adds; the rules' events as they are without it."""
        if probs is None:
            return self.events
        out = [replace(e, confidence=combined(e.confidence, float(probs[self.rows[e.sentence]][
            conflibert_class(e.cameo)]))) for e in self.events]
        for s in self.silent:
            row = probs[self.rows[s.s_idx]]
            k = max(range(len(row)), key=lambda j: row[j])
            if k == 0 or row[k] < ADD_THRESHOLD or any(
                    e.sentence == s.s_idx and conflibert_class(e.cameo) == k for e in self.events):
                continue
            out.extend(self._added(s, k, float(row[k])))
        out.sort(key=lambda e: (e.sentence, e.trigger_span.start))
        return out

    def _added(self, s: Silent, k: int, p_k: float) -> list[Event]:
        """The events of one silent sentence the model codes as class ``k``, built as the rules build theirs and
        held to the gates of ``learned_gates`` (the lexicon's words, the sides, the register)."""
        code = lexicon_code(word_entries(self.p, act_verb(self.p, s.verb), self.lex), k, GENERIC_CODE[k])
        if code is None:
            return []
        frame = Frame.of(self.p, s.sent, s.s_idx, self.resolver, s.verb, generic_entry(self.p, s.verb, code), None)
        targets, strategy = find_targets(frame, s.sources)
        if strategy is None:
            return []
        clause = recode.clause_of(frame)
        reading, facts = recode.as_asserted(frame, clause)
        return [replace(e, confidence=combined(e.confidence, p_k))
                for e in events_of(frame, s.sources, targets, strategy, clause, reading, facts)
                if e.target is not None and e.target.country and e.source.country != e.target.country
                and not sides_say_no(self.p, e, self.register)]


def generic_entry(p: DocView, verb: int, code: str) -> Entry:
    """The lexicon entry a model event is built with: its code (``learned_gates.lexicon_code``) on the sentence's
    main verb."""
    return Entry(id=MODEL_RULE, kind="verb", lemma=p.lemma[verb], cameo=code)


def main_verb(p: DocView, sent: SpacySpan) -> int | None:
    """The verb that carries the sentence's news: its root, or what a speech verb at the root reports ("X said Y
    would send troops": "send"). None when the root is not a verb (a heading, a fragment)."""
    root = sent.root.i
    if p.pos[root] != "VERB":
        return None
    if p.lemma[root] in SPEECH:
        for c in p.kids[root]:
            if p.dep[c] == "ccomp" and p.pos[c] == "VERB":
                return c
    return root
