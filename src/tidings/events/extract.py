"""Turns a parsed sentence into events, one stage per module.

For each sentence: ``triggers`` finds the words that trigger an event (lexicon matching, and which triggers belong
to another's complement); for each trigger ``sources`` finds who acts, ``recode`` fits the CAMEO code to who acts,
``targets`` finds whom it is aimed at, ``recode`` reads how the sentence asserts it, and ``build`` makes the
events with their confidence (``confidence``). Sources and targets are ordered lists of named strategies; the name
of the one that filled each side is kept with the event. Then a sentence keeps the events of its main clause, if
it has any: what a side clause mentions is background.

The walk reads the tree through a ``DocView`` (see ``nlp.docview``): the doc's heads, children, labels and words as
lists indexed by token, made once per document; the stages take and return token indices, and a Token object is
made only for a token handed to the resolver or read for a trigger's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from tidings.actors.resolve import DocResolver
from tidings.events import cameo, recode, wrappers
from tidings.events.anaphor import ANAPHOR
from tidings.events.build import events_of
from tidings.events.confidence import background
from tidings.events.evaluative import names_source, needs_target
from tidings.events.frame import Frame
from tidings.events.lexicon import Entry, Lexicon
from tidings.events.modality import words as modality_words
from tidings.events.register import FROM_DOC, belief_clause, by_mishap, is_politics, register_of, thing_object
from tidings.events.sources import find_sources
from tidings.events.speech import Speakers, find_quotes
from tidings.events.targets import find_targets
from tidings.events.triggers import OBLIGATION, Trigger, TriggerFinder, obliged
from tidings.models import Event, Quote
from tidings.nlp.docview import DocReader, DocView


class EventExtractor:
    """Applies the lexicon to one parsed document, read through a ``DocView`` (its ``DocReader`` keeps the caches of
    strings by id for the life of the process)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.reader = DocReader()
        self.triggers = TriggerFinder(lexicon)

    def parse(self, doc: Doc) -> DocView:
        """The doc's tree as lists (see ``DocView``)."""
        return self.reader.read(doc)

    def match_verb(self, p: DocView, i: int, root: str | None = None) -> tuple[Entry, int | None] | None:
        """The most specific verb entry token ``i`` matches (see ``TriggerFinder.match_verb``)."""
        return self.triggers.match_verb(p, i, root)

    def match_noun(self, p: DocView, i: int) -> Entry | None:
        """The most specific noun entry token ``i`` matches (see ``TriggerFinder.match_noun``)."""
        return self.triggers.match_noun(p, i)

    def extract(self, doc: Doc, resolver: DocResolver, day: dt.date | None,
                sentences: Iterable[tuple[int, SpacySpan]] | None = None,
                quotes: list[Quote] | None = None, register: str | None = FROM_DOC) -> list[Event]:
        """Events of the doc, sentence by sentence; ``sentences`` (index and span of sentences of ``doc``, as
        ``doc.sents`` gives them) limits the work to those. ``quotes``: the doc's quotations
        (``speech.find_quotes``), when the caller found them already. ``register``: the article's register
        (``register.register_of_text`` of its whole text: the doc may hold only some of its sentences); by
        default read from the doc."""
        events: list[Event] = []
        p = self.parse(doc)
        if quotes is None:
            quotes = find_quotes(doc, resolver)
        speakers = Speakers(quotes, resolver)
        if register == FROM_DOC:
            register = register_of(p.lower)
        sents = sentences if sentences is not None else enumerate(doc.sents)
        for s_idx, sent in sents:
            events.extend(self.sentence(p, sent, s_idx, resolver, speakers, register))
        return events

    def sentence(self, p: DocView, sent: SpacySpan, s_idx: int, resolver: DocResolver,
                 speakers: Speakers | None = None, register: str | None = None) -> list[Event]:
        """The events one sentence reports, each (source, target, code, trigger) once. ``register``: the
        article's non-political register (``register.register_of``), in which only acts of political actors
        count; a company's commerce is no event in any article."""
        out: list[tuple[bool, Event]] = []
        seen: set[tuple] = set()
        for trig in self.triggers.sentence(p, sent):
            # a wrapper's own event, then the wrapped acts it codes as well ("ordered the army to withdraw")
            for t in (trig, *(Trigger(*c) for c in wrappers.embedded(p, trig.i, trig.inner))):
                for ev in self.events_for(p, t, sent, s_idx, resolver, speakers):
                    key = (ev.source.country, ev.source.kb_id, ev.target.country if ev.target else None,
                           ev.target.kb_id if ev.target else None, ev.cameo, ev.trigger_span)
                    if key not in seen and is_politics(ev, register):
                        seen.add(key)
                        out.append((background(p, trig.i), ev))
        # a sentence reports its main clause; what a relative clause, an "after ..." phrase or an attributive
        # participle mentions ("the besieged town", "whom they had taken hostage") is background, coded only
        # when the sentence reports nothing else
        # (an event whose doer is still a pronoun counts as nothing yet: ``context_source`` may drop it)
        if any(not bg and ev.source_from != ANAPHOR for bg, ev in out):
            return [ev for bg, ev in out if not bg]
        return [ev for _, ev in out]

    def events_for(self, p: DocView, trig: Trigger, sent: SpacySpan, s_idx: int,
                   resolver: DocResolver, speakers: Speakers | None = None) -> Iterator[Event]:
        """The events of one trigger: sources, the code that fits them, targets, modality, then one event per
        pair of sides. None when no source strategy finds an actor."""
        if trig.obj is None and thing_object(p, trig.i, trig.entry.id, resolver):
            return  # "released a study", "received criticism": the verb's everyday sense, no act done to people
        if by_mishap(p, trig.i, trig.entry.id):
            return  # "killed in a helicopter crash": an accident, no one's assault
        if belief_clause(p, trig.i, trig.entry.id):
            return  # "figures suggest that TB has increased": a belief, no proposal
        entry = wrappers.specialise(p, trig.entry, trig.inner)
        frame = Frame.of(p, sent, s_idx, resolver, trig.i, entry, trig.obj, speakers)
        sources = find_sources(frame)
        if sources is None:
            return
        frame = recode.by_source(self.triggers, frame, sources.actors[0])
        targets, strategy = find_targets(frame, sources)
        if needs_target(entry, sources.strategy) and (strategy is None or not strategy.direct or strategy.place
                                                      or sources.actors[0].country is None
                                                      or not names_source(entry, sources.strategy)):
            return
        if trig.entry.id == OBLIGATION.id and (strategy is None or not strategy.direct or strategy.place
                                               or not _obliges_actor(p, trig.i, resolver)):
            return  # "X said Y must ..." demands of an actor the text names; "the talks must go on" is a comment
        clause = recode.clause_of(frame)
        reading, facts = recode.as_asserted(frame, clause)
        wrapper = wrappers.governing(p, trig.i) if frame.is_verb else None
        if wrapper is not None:  # an ordered, wished or alleged act: as its wrapper asserts it
            reading = wrappers.reread(reading, wrapper)
            facts = cameo.lookup(reading.code(frame.entry.cameo))
        yield from events_of(frame, sources, targets, strategy, clause, reading, facts)


def _obliges_actor(p: DocView, verb: int, resolver: DocResolver) -> bool:
    """Whether the one an obligation clause obliges is an actor ("Britain should take its share", "the
    government must act"), not a thing whose "should" foresees rather than asks ("this announcement should allay
    suspicion", "the economies should recover": what the clause's other words name is no addressee). An act
    that must end is demanded of whoever does it ("the violence must stop", "the occupation of X must end")."""
    subject = obliged(p, verb)
    if subject is None:
        return False
    if p.lemma[p.head[subject]] in modality_words().obligation_ending:
        return True
    return any(resolver.actor(p.token(t)) is not None or resolver.bare_sector(p.token(t)) is not None
               for t in (subject, *p.conjuncts(subject)))
