"""Whom the act is aimed at: an ordered list of named strategies, the first that yields an actor wins.

The tree first says where the target's words may be, most likely first (``arguments.verb_targets`` /
``noun_targets``); the strategies of ``TARGET_STRATEGIES`` then try, in order, those words, the absorbed
complement, the source's own state organs, the rest of the clause and where it happened. The winner's name is the
event's ``target_from``; a target that is no argument of the trigger (``direct`` false) lowers the confidence.
An event may have no target: none of the strategies yields, and the source acts alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tidings.events.arguments import (
    noun_targets,
    places,
    resolver_actors,
    same_actor,
    verb_targets,
)
from tidings.events.frame import Frame
from tidings.events.sources import Sources
from tidings.events.tree import LOCAL_ROOTS, PLACE_PREPS, at_venue, governing_verb, under_place_prep
from tidings.models import Actor

STATE_SECTORS = ("GOV", "MIL", "COP", "JUD", "LEG", None)  # a protest by these is no protest against the state


class Search:
    """One trigger's target search: the frame, its sources, the target's candidate tokens and the clause's verb
    (``anchor``; None for an event noun no verb carries). The places of the clause are read once, for the two
    strategies that ask."""

    __slots__ = ("f", "sources", "actors", "candidates", "source_ids", "anchor", "_places")

    def __init__(self, f: Frame, sources: Sources) -> None:
        self.f = f
        self.sources = sources
        self.actors = sources.actors
        if f.is_verb:
            self.candidates = list(verb_targets(f.p, f.i, f.entry, f.obj))
            self.anchor: int | None = f.i
        else:
            self.candidates = list(noun_targets(f.p, f.carrier, f.entry))
            self.anchor = governing_verb(f.p, f.i)
        self.source_ids = set(sources.tokens)
        self._places: list[Actor] | None = None

    def others(self, found: list[Actor]) -> list[Actor]:
        """``found`` without the sources."""
        return [a for a in found if not any(same_actor(s, a) for s in self.actors)]

    def source_words(self) -> set[int]:
        """Every token of the source's phrases: not where the target is."""
        p = self.f.p
        return {t for s in self.sources.tokens for t in p.subtree(s)}

    def places(self) -> list[Actor]:
        """The places the clause puts the act in ("in the West Bank"), as actors, in the order found."""
        if self._places is None:
            f, anchor = self.f, self.anchor
            assert anchor is not None
            p, skip = f.p, self.source_words()
            deeper = [t for t in p.subtree(anchor)
                      if t not in skip and p.dep[t] == "pobj" and under_place_prep(p, t, anchor)]
            found = [*places(p, anchor, f.entry), *(places(p, f.i, f.entry) if anchor != f.i else []), *deeper]
            # a gathering's venue is no party to what is agreed there ("agreed at a meeting in Vienna")
            venues = f.root not in LOCAL_ROOTS  # an attack on a summit, or a protest outside it, is its city's
            self._places = [loc for q in found if not (venues and at_venue(p, q))
                            for loc in [f.resolver.place(p.token(q))] if loc is not None]
        return self._places


@dataclass(frozen=True, slots=True)
class TargetStrategy:
    """A way to find the target. ``direct``: the target is an argument of the trigger as the text gives it (else
    it is inferred, and the event's confidence is lower). ``place``: the target is where the act happened, not a
    party to it (see ``build``: parties of a symmetric act are each other's targets instead)."""

    name: str
    find: Callable[[Search], list[Actor]]
    direct: bool = True
    place: bool = False


def _argument(s: Search) -> list[Actor]:
    """The first candidate that names an actor other than the source: the object, the preposition the entry
    names, a passive's subject ..."""
    f = s.f
    for cand in s.candidates:
        if cand in s.source_ids:
            continue
        found = s.others(resolver_actors(f.resolver, f.p, [cand, *f.p.conjuncts(cand)]))
        if found:
            return found
    return []


def _complement(s: Search) -> list[Actor]:
    """The first actor named inside the absorbed complement ("agreed to provide aid for Romania"); another country
    named there is the likelier target than the source's own."""
    f = s.f
    if not f.entry.absorbs:
        return []
    p = f.p
    dep, pos = p.dep, p.pos
    for comp in (c for c in p.kids[f.i] if dep[c] in ("xcomp", "ccomp", "acl")):
        named = [a for t in p.subtree(comp)
                 if pos[t] in ("PROPN", "NOUN", "ADJ") and t not in s.source_ids and dep[t] != "nsubj"
                 for a in s.others(resolver_actors(f.resolver, p, [t]))]
        foreign = [a for a in named if a.country != s.actors[0].country]
        if foreign or named:
            return (foreign or named)[:1]
    return []


def _own_country(s: Search) -> list[Actor]:
    """"protested against the government": an unplaced state organ is the source's own country's."""
    f = s.f
    for cand in s.candidates:
        if cand not in s.source_ids:
            local = f.resolver.sector_actor(f.p.token(cand), s.actors[0].country)
            if local is not None:
                return [local]
    return []


def _clause(s: Search) -> list[Actor]:
    """Another country named in what the clause is about ("to show their disapproval of US policy", "in defiance
    of Chinese authorities"). Places are left to the strategies after."""
    f, anchor = s.f, s.anchor
    if anchor is None:
        return []
    p = f.p
    dep, pos = p.dep, p.pos
    skip = s.source_words()
    home = s.actors[0].country
    for child in p.kids[anchor]:
        if dep[child] in ("nsubj", "nsubjpass", "csubj", "punct", "cc", "conj", "relcl", "ccomp") or (
                dep[child] == "prep" and p.lower[child] in PLACE_PREPS):
            continue
        foreign = [a for t in p.subtree(child) if t not in skip and pos[t] in ("PROPN", "NOUN", "ADJ")
                   and not under_place_prep(p, t, anchor)
                   for a in resolver_actors(f.resolver, p, [t])
                   if a.country not in (home, None) and not any(same_actor(a, x) for x in s.actors)]
        if foreign:
            return foreign[:1]
    return []


def _foreign_place(s: Search) -> list[Actor]:
    """No named target: where it happened, if that is another country ("remained on alert in the West Bank"), as
    CAMEO coders do."""
    if s.anchor is None:
        return []
    home = s.actors[0].country
    return [loc for loc in s.places() if loc.country != home][:1]


def _implied(s: Search) -> list[Actor]:
    """A domestic protest with no named target is aimed at the country's government."""
    own = s.actors[0]
    if s.f.root != "14" or own.country is None or own.sector in STATE_SECTORS:
        return []
    name = s.f.resolver.kb.country_name(own.country)
    return [Actor(text="", name=name, country=own.country, sector="GOV", kb_id=f"country:{own.country}")]


def _place(s: Search) -> list[Actor]:
    """The source's own country as the place of what is done there (not of a comment or a meeting, 01 and 04)."""
    if s.anchor is None or s.f.root in ("01", "04"):
        return []
    return s.places()[:1]


TARGET_STRATEGIES: tuple[TargetStrategy, ...] = (
    TargetStrategy("argument", _argument),
    TargetStrategy("complement", _complement),
    TargetStrategy("own-country", _own_country),
    TargetStrategy("clause", _clause, direct=False),
    TargetStrategy("foreign-place", _foreign_place, direct=False, place=True),
    TargetStrategy("implied", _implied, direct=False),
    TargetStrategy("place", _place, direct=False, place=True),
)


def find_targets(f: Frame, sources: Sources) -> tuple[list[Actor], TargetStrategy | None]:
    """The target side of the trigger and the strategy that found it; no actors and None when none does."""
    s = Search(f, sources)
    for strategy in TARGET_STRATEGIES:
        found = strategy.find(s)
        if found:
            return found, strategy
    return [], None
