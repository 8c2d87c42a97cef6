"""A doer named only by a pronoun or a bare group word, taken from the sentence before when that is unambiguous.

"Turkey's president arrived in Berlin on Monday. He criticised the German government ..." The second sentence
names its doer by "he", which coreference cannot place when the person before was named by a title, not a name;
"Colombian troops clashed with guerrillas. The insurgents later attacked ..." names it by a bare sector word with
no country. Such an event used to be dropped (``sources``: no strategy yields an actor).

Two steps, because the sentence before is known only once the article's events are in order:

- ``placeholder`` (the last source strategy, ``ANAPHOR``) keeps the event with a placeholder source saying what
  kind of actor the words ask for: a person ("he", "she", "the minister"), a state or body ("they"), or a
  sector ("the rebels": REB);
- ``antecedent`` (run by ``context_source.fill_sources`` on the article's sentence numbers) takes the one actor
  of that kind among the sides of the events of the nearest sentence before it that has events (within
  ``WINDOW``): for a pronoun their sources (the subject goes on being talked about), for a sector word their
  sources and targets ("clashed with guerrillas. The insurgents ..."). Two candidates, or none, and the event is
  dropped: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from tidings.actors.coref import THING_PRONOUNS
from tidings.actors.resolve import DocResolver
from tidings.models import Actor, Event

ANAPHOR = "anaphor"  # the source strategy, and the event's ``source_from`` until the antecedent replaces it
WINDOW = 2  # sentences back, as ``context_source``: further on, the article has moved to other actors
PERSON, THING, SECTOR = "anaphor:person", "anaphor:thing", "anaphor:sector"  # the placeholder's ``kb_id``
PERSON_SUBJECTS = frozenset({"he", "she"})
# "it" is left out: on news text it stands for a report, a law or a rumour as often as for a state ("the rumour
# spread. It could hurt the talks"), and the sentence before cannot tell which
THING_SUBJECTS = frozenset({"they"}) & THING_PRONOUNS
DEFINITE = frozenset({"the"})  # "two militants attacked" introduces new people; "the militants" points back


def placeholder(resolver: DocResolver, tok: Token) -> Actor | None:
    """The placeholder source for a subject ``tok`` that names its doer only by pointing back, or None when it
    does not point back (an indefinite or modified noun, a word that is no sector)."""
    low = tok.lower_
    if low in PERSON_SUBJECTS:
        return Actor(text=tok.text, name=f"({low})", kb_id=PERSON)
    if low in THING_SUBJECTS:
        return Actor(text=tok.text, name=f"({low})", kb_id=THING)
    if tok.pos_ != "NOUN" or any(c.dep_ != "det" or c.lower_ not in DEFINITE for c in tok.children):
        return None
    if tok.tag_ != "NNS" and not any(c.dep_ == "det" for c in tok.children):
        return None  # a bare singular ("government said") is a headline's shorthand, not a pointer back
    found = resolver.bare_sector(tok)
    if found is None:
        return None
    return Actor(text=found.text, name=f"({found.text})", sector=found.sector, role=found.role, kb_id=SECTOR)


def is_placeholder(a: Actor) -> bool:
    """Whether ``a`` is a placeholder ``placeholder`` made."""
    return a.kb_id in (PERSON, THING, SECTOR)


def person_like(a: Actor) -> bool:
    """A person: one the knowledge base knows, or one described by a title ("the Iranian foreign minister")."""
    return (a.kb_id or "").startswith("person:") or a.role is not None


def fits(a: Actor, want: Actor) -> bool:
    """Whether actor ``a`` can be what placeholder ``want`` points back to."""
    if a.country is None or is_placeholder(a):
        return False
    if want.kb_id == PERSON:
        return person_like(a)
    if want.kb_id == THING:
        return not person_like(a)
    return a.sector == want.sector and (want.role is None or person_like(a))


def nearest_before(ev: Event, before: Iterable[Event]) -> int | None:
    """The nearest sentence before ``ev``'s, within ``WINDOW``, that has events among ``before``."""
    prior = [p.sentence for p in before if 0 < ev.sentence - p.sentence <= WINDOW]
    return max(prior) if prior else None


def antecedent(ev: Event, before: list[Event]) -> Actor | None:
    """The one actor of the kind ``ev``'s placeholder source asks for in the events of the nearest sentence before
    it (``before``: the article's earlier events, in order), or None when there is none or more than one."""
    want = ev.source
    nearest = nearest_before(ev, before)
    if nearest is None:
        return None
    found: dict[tuple, Actor] = {}
    for p in before:
        if p.sentence != nearest:
            continue
        sides = [p.source, p.target] if want.kb_id == SECTOR else [p.source]
        for a in sides:
            if a is not None and fits(a, want):
                found.setdefault((a.country, a.sector, a.name), a)
    if len(found) != 1:
        return None
    source = next(iter(found.values()))
    if ev.target is not None and (ev.target.country, ev.target.sector, ev.target.name) == (
            source.country, source.sector, source.name):
        return None  # "X accused Y. They ...": the actor before is this act's target, not its doer
    return source
