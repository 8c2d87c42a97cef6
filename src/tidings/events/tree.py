"""Small reads of the dependency tree that triggers, arguments and targets all need.

Each takes a ``DocView`` and token indices (see ``nlp.docview``) and returns indices: no spaCy Token is made here.
They live apart from the modules that use them so that none of those reaches into another for a helper.
"""

from __future__ import annotations

from tidings.nlp.docview import NOTHING, DocView

# prepositions that put an event somewhere ("in central Baghdad", "near the border")
PLACE_PREPS = ("in", "at", "near", "inside", "outside", "across", "throughout", "along")
# verbs whose act two subjects do to each other ("Ethiopia and Eritrea exchanged prisoners")
RECIPROCAL_VERBS = frozenset({"exchange", "swap"})


def is_passive(p: DocView, verb: int) -> bool:
    return any(p.dep[c] in ("auxpass", "nsubjpass") for c in p.kids[verb])


def agent(p: DocView, verb: int) -> list[int]:
    """What the ``by`` phrase of a passive governs ("was expelled by the Dutch government")."""
    for c in p.kids[verb]:
        if p.dep[c] == "agent" or (p.dep[c] == "prep" and p.lower[c] == "by"):
            return [g for g in p.kids[c] if p.dep[g] == "pobj"]
    return []


def expand(p: DocView, tokens: list[int]) -> list[int]:
    """The tokens with their conjuncts, each once; a plural head's "of" phrase of several actors gives each of
    them ("the presidents of Kenya and Uganda": presidents, Kenya, Uganda; the first is read inside the head)."""
    if not tokens:
        return NOTHING
    out: list[int] = []
    for t in tokens:
        for x in (t, *p.conjuncts(t)):
            if x not in out:
                out.append(x)
            if p.tag[x] in ("NNS", "NNPS"):
                for g in p.by_prep(x, "of"):
                    out.extend(c for c in p.conjuncts(g) if c not in out)
    return out


def reciprocal(p: DocView, verb: int) -> bool:
    """Whether the verb's act goes both ways between its subjects: "accused each other", "blamed one another",
    "exchanged prisoners"."""
    if p.lemma[verb] in RECIPROCAL_VERBS:
        return True
    for c in p.kids[verb]:
        objs = [c] if p.dep[c] == "dobj" else p.kids[c] if p.dep[c] == "prep" else ()
        for o in objs:
            # "each other", "one another" (either word may head the phrase)
            words = {p.lower[o], *(p.lower[d] for d in p.kids[o])}
            if words in ({"each", "other"}, {"one", "another"}):
                return True
    return False


def infinitival(p: DocView, i: int) -> bool:
    """A to-infinitive the parser hung as an adverbial or noun clause ("have sworn to fight", "a consensus to
    exchange"): a complement all the same."""
    return p.dep[i] in ("advcl", "acl") and p.tag[i] == "VB" and any(
        p.dep[c] == "aux" and p.lower[c] == "to" for c in p.kids[i])


def governing_verb(p: DocView, noun: int) -> int | None:
    """The verb (or auxiliary) within four steps up from ``noun``: the clause an event noun sits in."""
    cur = noun
    for _ in range(4):
        if p.head[cur] == cur:
            return None
        cur = p.head[cur]
        if p.pos[cur] in ("VERB", "AUX"):
            return cur
    return None


VIOLENT_ROOTS = ("18", "19", "20")  # CAMEO's roots of violence: assault, fight, mass violence


# gatherings of delegates who come from many places: where one is held places none of them ("at a summit in
# Brussels", "the Vienna conference"). Not talks, which in a foreign capital are most often with its host ("will
# hold talks in Beijing"), nor "meeting", "session" or "gathering", as often a local crowd's ("dispersed a meeting
# of opposition activists in Minsk")
VENUE_NOUNS = frozenset({"summit", "conference", "forum", "congress", "convention", "symposium", "ministerial"})


# acts whose doers and targets a venue does not place: those of the delegates (statements, appeals, meetings,
# agreements, criticism ...), not the violence, protests, displays of force or arrests done where one is held,
# which are the host country's ("protesters outside the summit in Warsaw were arrested")
LOCAL_ROOTS = frozenset({"14", "15", "17", *VIOLENT_ROOTS})


def at_venue(p: DocView, t: int) -> bool:
    """Whether the place ``t`` is only where a gathering is held: the object of a place preposition hung from a
    gathering noun ("a summit in Brussels", "a conference in Vienna"), or the name before one ("the Brussels
    summit")."""
    head = p.head[t]
    if p.dep[t] == "pobj" and p.dep[head] == "prep" and p.lower[head] in PLACE_PREPS:
        return p.lemma[p.head[head]] in VENUE_NOUNS and p.head[head] != head
    return p.dep[t] in ("compound", "nmod", "amod") and p.lemma[head] in VENUE_NOUNS


def under_place_prep(p: DocView, i: int, anchor: int) -> bool:
    """Whether ``i`` hangs from a place preposition on the way up to ``anchor``."""
    head = p.head
    cur = i
    while cur != anchor and head[cur] != cur:
        if p.dep[cur] == "prep" and p.lower[cur] in PLACE_PREPS:
            return True
        cur = head[cur]
    return False
