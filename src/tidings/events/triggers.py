"""Which words of a sentence trigger an event: lexicon matching, and which triggers belong to another's event.

A verb matches the lexicon's most specific entry for its lemma whose particle, preposition, object and complement
the tree shows; a noun the most specific entry whose modifiers it has. Two frames need no lexicon word: a speech
verb whose clause obliges someone ("X said Y must ...") and a predicate of intention ("X is willing to ...").
A trigger inside the complement of an absorbing trigger ("urged Iran to halt", "threatened to impose") belongs to
that event and yields none of its own; it is handed to its owner (``Trigger.absorbed``) for the CAMEO re-coding.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import NamedTuple

from spacy.tokens import Span as SpacySpan

from tidings.events.evaluative import evaluations, judging_words
from tidings.events.lexicon import Entry, Lexicon
from tidings.events.modality import denied
from tidings.events.modality import words as modality_words
from tidings.events.questions import asks_question
from tidings.events.register import state_passive
from tidings.events.tree import infinitival, is_passive
from tidings.events.wrappers import candidates as wrapper_candidates
from tidings.nlp.docview import DocView

CLAUSE_BARRIERS = frozenset({"relcl", "parataxis", "appos", "advcl", "csubj"})
# nouns that only carry the event named by their modifier: "a mediation effort", "a rescue mission"
NAME_ENTITIES = frozenset({"ORG", "WORK_OF_ART", "LAW", "FAC", "PRODUCT"})  # named things whose words act not
# prepositions that name a topic: a noun behind them is what an act is about, not what it is done to
TOPIC_PREPS = frozenset({"about", "regarding", "concerning", "re"})
# whom a thing is taken from, where it goes, where the act happens: never what the verb's own object names
ORIGIN_PREPS = frozenset({"from", "to", "into", "in", "at", "near", "outside", "inside", "around", "along", "across",
                          "within"})
AMOUNT_OR_PARTY = frozenset({"MONEY", "QUANTITY", "CARDINAL", "PERCENT", "PERSON", "NORP", "GPE", "ORG"})
LIGHT_HEADS = frozenset({"effort", "attempt", "bid", "campaign", "initiative", "mission", "drive", "push"})

OBLIGATION = Entry(id="demand.obligation-clause", kind="verb", lemma="", cameo="100", absorbs=True,
                   note="X said Y must/should do Z")
INTENT = Entry(id="intent.intent-adjective", kind="verb", lemma="", cameo="030", absorbs=True,
               note="X is willing / ready / prepared / committed to do Z")


class Trigger(NamedTuple):
    """A word that triggers an event: its token, the entry it matched, the token of the object the entry names
    (if any) and the entries of the acts its complement holds (``absorbed``, for the re-coding of "vowed to
    retaliate" as a threat), with their tokens (``inner``: a wrapper may code them too, see ``wrappers``). A
    ``NamedTuple``: immutable, and cheaper to make than a frozen dataclass."""

    i: int
    entry: Entry
    obj: int | None
    absorbed: tuple[Entry, ...] = ()
    inner: tuple[tuple[int, Entry, int | None], ...] = ()


class TriggerFinder:
    """Matches the lexicon's entries on a ``DocView``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.judging = judging_words()

    def judges(self, p: DocView, span: range) -> bool:
        """Whether the sentence has a word of judgement: only then can an evaluative frame match (one set test
        per sentence, so the frames cost nothing on the others)."""
        a, b = span.start, span.stop
        return not (self.judging.isdisjoint(p.lower[a:b]) and self.judging.isdisjoint(p.lemma[a:b]))

    def match_verb(self, p: DocView, i: int, root: str | None = None) -> tuple[Entry, int | None] | None:
        """The most specific verb entry token ``i`` matches (of CAMEO root ``root``, if given), with the index of
        the object it names, if any."""
        if not (p.pos[i] == "VERB" or (p.tag[i].startswith("VB") and p.pos[i] != "AUX")):
            return None
        best: tuple[Entry, int | None] | None = None
        objects: list[int] | None = None  # the verb's object candidates, gathered for the first entry that asks
        words: set[str] = set()  # every word those candidates could match an entry's object by
        for e in self.lex.verbs.get(p.lemma[i], ()):
            if root is not None and e.cameo[:2] != root:
                continue
            if e.particle and not _has_particle(p, i, e.particle):
                continue
            if e.prep and not any(p.dep[c] in ("prep", "agent", "prt") and p.lower[c] == e.prep for c in p.kids[i]):
                continue
            obj = None
            if e.object:
                if objects is None:
                    objects = _object_candidates(p, i)
                    words = _object_words(p, objects)
                if words.isdisjoint(_objects_by_word(e.object)):
                    continue  # no candidate has the last word of any of the entry's objects
                obj = _find_object(p, objects, e.object)
                if obj is None or (e.source is not None and not (e.prep or e.particle) and _about(p, i, obj)):
                    continue
                if not (e.prep or e.particle) and _behind_own_object(p, i, obj):
                    continue  # "captured the town from rebels": the rebels are not what was captured
            if e.complement and not _has_complement(p, i, obj, e.complement_verbs):
                continue
            if best is None or e.specificity > best[0].specificity:
                best = (e, obj)
        return best

    def match_noun(self, p: DocView, i: int) -> Entry | None:
        """The most specific noun entry token ``i`` matches."""
        if p.pos[i] not in ("NOUN", "PROPN"):
            return None
        best = None
        mods: set[str] | None = None
        for e in self.lex.nouns.get(p.lemma[i], ()):
            if e.modifiers:
                if mods is None:
                    lefts = p.lefts(i)
                    mods = {p.lower[c] for c in lefts} | {p.lemma[c] for c in lefts}
                if not all(m in mods for m in e.modifiers):
                    continue
            if best is None or e.specificity > best.specificity:
                best = e
        return best

    def sentence(self, p: DocView, sent: SpacySpan) -> list[Trigger]:
        """The sentence's triggers that yield events of their own, in the order they were found."""
        cands: list[tuple[int, Entry, int | None]] = []
        consumed: set[int] = set()
        span = range(sent.start, sent.end)
        lemma, verbs, nouns = p.lemma, self.lex.verbs, self.lex.nouns
        # most words head no entry: the full match runs only for those that do
        for i in [i for i in span if lemma[i] in verbs]:
            if in_name(p, i):
                continue
            m = self.match_verb(p, i)
            # "we are encouraged that Iran agreed": a state, no act; the clause's own act stands alone
            if m is not None and not state_passive(p, i, m[0].id):
                cands.append((i, m[0], m[1]))
                if m[1] is not None:
                    consumed.add(m[1])
        evaluated = evaluations(p, span, {i: e for i, e, _ in cands}, nouns) if self.judges(p, span) else []
        if evaluated:
            # an evaluative frame reads the verb the lexicon matched with its judged phrase as the object
            by_verb = {i: (i, e, o) for i, e, o in evaluated}
            cands = [by_verb.pop(i, (i, e, o)) for i, e, o in cands] + list(by_verb.values())
        triggers = {i for i, _, _ in cands}
        for i in [i for i in span if lemma[i] in nouns]:
            if i in consumed or i in triggers or in_name(p, i):
                continue
            e = self.match_noun(p, i)
            if e is not None and (p.dep[i] == "compound" or (i + 1 < len(p.head) and p.token(i + 1).text == "-")) \
                    and p.lemma[p.head[i]] not in LIGHT_HEADS:
                continue  # "invasion forces", "war-torn": a modifier of another noun, not an event
            if e is not None and not _carried_by_event(p, i, triggers):
                cands.append((i, e, None))
        cands.extend(_obligations(p, span, {i for i, _, _ in cands}))
        cands.extend(_intent_frames(p, span, {i for i, _, _ in cands}))
        if not cands:
            return []
        cands.extend(wrapper_candidates(p, cands))
        # a verb of asking that asks a question ("was asked whether ...") is no appeal (root 02), and what it asks
        # about (absorbed into it) is not asserted either; "inquired into" is an investigation all the same
        return [t for t in _absorb(p, cands)
                if t.entry.kind != "verb" or t.entry.cameo[:2] != "02" or not asks_question(p, t.i, span.stop)]


def in_name(p: DocView, i: int) -> bool:
    """Whether the word is inside the name of an organisation, a work, a law or a building (capitalised, neither
    the name's first word nor its last): "Committee to Protect Journalists", "the Stop the War Coalition", "the
    UN Assistance Mission in Iraq" name a group, they report no act. The last word heads the name and says what
    it names: "the NATO Summit", "the Second Lebanon War" are the event itself. Asked only of the words the
    lexicon knows."""
    tok = p.token(i)
    if not (tok.text[:1].isupper() and tok.ent_iob_ == "I" and tok.ent_type_ in NAME_ENTITIES):
        return False
    return i + 1 < len(p.head) and p.token(i + 1).ent_iob_ == "I"


def _absorb(p: DocView, cands: list[tuple[int, Entry, int | None]]) -> list[Trigger]:
    """The candidates that no absorbing trigger owns; each with the entries of the acts its complement holds."""
    roots = modality_words().absorbing_roots
    absorbers = [a for a, e, _ in cands if e.absorbs or (e.cameo[:2] in roots and e.kind == "verb")]
    absorbed: dict[int, list[tuple[int, Entry, int | None]]] = {}
    kept = []
    for i, entry, obj in cands:
        owners = [a for a in absorbers if a != i and _inside_complement(p, i, a)]
        if owners:
            if p.head[i] == owners[0] or (p.dep[i] == "conj" and p.head[p.head[i]] == owners[0]):
                absorbed.setdefault(owners[0], []).append((i, entry, obj))  # the complement's own act
        else:
            kept.append((i, entry, obj))
    out = []
    for i, entry, obj in kept:
        inner = tuple(absorbed.get(i, ()))
        out.append(Trigger(i, entry, obj, tuple(e for _, e, _ in inner), inner))
    return out


def _obligations(p: DocView, span: range, triggers: set[int]) -> list[tuple[int, Entry, int | None]]:
    """Speech verbs whose clause obliges someone: "Russia said Sudan must return the helicopter"."""
    w = modality_words()
    if w.obligation_gov.isdisjoint(p.lemma[span.start:span.stop]):
        return []
    return [(i, replace(OBLIGATION, lemma=p.lemma[i]), None) for i in span
            if i not in triggers and p.lemma[i] in w.obligation_gov and obliged(p, i) is not None]


def obliged(p: DocView, verb: int) -> int | None:
    """The subject of the clause of ``verb`` (a speech verb) that obliges someone ("said Sudan must return the
    helicopter": Sudan), or None when no clause of it does."""
    w = modality_words()
    dep, kids = p.dep, p.kids
    for comp in kids[verb]:
        if dep[comp] == "ccomp" and any(dep[c] == "aux" and p.lower[c] in w.obligation_modals for c in kids[comp]):
            subjects = [c for c in kids[comp] if dep[c] in ("nsubj", "nsubjpass")]
            if subjects and _addressed(p, comp, subjects[0]):
                return subjects[0]
    return None


def _addressed(p: DocView, clause: int, subject: int) -> bool:
    """Whether an obligation clause obliges someone in particular, as a demand does. Not the speaker's own side
    ("we must act", "I should resign"), nor everyone or no one ("nobody should", "no country must";
    ``obligation.unaddressed``, ``modality.denied``); and not a perfect modal, which judges or infers the past
    ("should have stopped the attackers" reproaches, "must have known" infers) instead of asking for an act."""
    w = modality_words()
    if (p.lower[subject] in w.unaddressed and p.pos[subject] != "PROPN") or denied(p, subject, w):
        return False
    return not any(p.dep[c] == "aux" and p.lemma[c] == "have" and p.lower[c] in ("have", "'ve")
                   for c in p.kids[clause])


def _intent_frames(p: DocView, span: range, triggers: set[int]) -> list[tuple[int, Entry, int | None]]:
    """Predicates of intention: "Norway is willing to send troops", "Vietnam is committed to opening its
    economy". The promised act is part of the event (a threat when it is hostile: "ready to impose martial law")."""
    adjectives = modality_words().intent_adj
    if adjectives.isdisjoint(p.lower[span.start:span.stop]):
        return []
    dep, kids = p.dep, p.kids
    out = []
    for i in span:
        if i in triggers or p.lower[i] not in adjectives or dep[i] not in ("acomp", "ROOT", "xcomp", "ccomp"):
            continue
        adjectival = p.pos[i] == "ADJ" or dep[i] == "acomp" or any(
            dep[c] in ("auxpass", "cop") or (dep[c] == "aux" and p.token(c).lemma_ == "be") for c in kids[i])
        if not adjectival:
            continue  # "the army prepared to attack" is a plan (future), not a declared readiness
        takes_act = any(dep[c] in ("xcomp", "ccomp") for c in kids[i]) or any(
            dep[c] == "prep" and p.lower[c] == "to" and any(dep[g] in ("pcomp", "pobj") for g in kids[c])
            for c in kids[i])
        if takes_act:
            out.append((i, replace(INTENT, lemma=p.lower[i]), None))
    return out


def _has_particle(p: DocView, i: int, particle: str) -> bool:
    for c in p.kids[i]:
        if p.dep[c] in ("prt", "prep", "agent", "advmod") and p.lower[c] == particle:
            return True
    return i + 1 < len(p.head) and p.lower[i + 1] == particle


@cache
def _objects_by_word(objects: frozenset[str]) -> dict[str, list[tuple[str, ...]]]:
    """An entry's objects by their last word, with the words before it ("chemical weapon": weapon -> chemical).
    Cached per object set: the lexicon's sets live as long as the process."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for o in objects:
        words = o.split()
        out.setdefault(words[-1], []).append(tuple(words[:-1]))
    return out


def _object_matches(p: DocView, i: int, objects: frozenset[str]) -> bool:
    """The token is one of the objects; a multiword object ("chemical weapon") needs its modifiers too."""
    by_word = _objects_by_word(objects)
    needs = [*by_word.get(p.lemma[i], ()), *by_word.get(p.lower[i], ())]
    if not needs:
        return False
    lefts = p.lefts(i)
    mods = {p.lower[c] for c in lefts} | {p.lemma[c] for c in lefts}
    return any(all(w in mods for w in words) for words in needs)


# prepositions that say their object is absent: "the talks ended without an agreement" ends no agreement, "they
# left without a deal" rejects none
ABSENT = frozenset({"without"})


def _object_candidates(p: DocView, verb: int) -> list[int]:
    """What a verb entry's object may be: objects and their conjuncts, what its prepositions govern (not
    ``ABSENT``'s, and through a second preposition), a noun complement. The same for every entry of the verb, so
    ``match_verb`` gathers them once."""
    dep, kids = p.dep, p.kids
    cands: list[int] = []
    passive = is_passive(p, verb)
    for c in kids[verb]:
        if dep[c] in ("dobj", "attr", "oprd") or (passive and dep[c] == "nsubjpass"):
            cands.append(c)
            cands.extend(p.conjuncts(c))
        elif dep[c] in ("prep", "prt") and p.lower[c] not in ABSENT:
            cands.extend(g for g in kids[c] if dep[g] in ("pobj", "pcomp"))
            # "pulled out of the accord", "backed away from the deal": the parser hangs the second preposition
            # on the first
            cands.extend(o for g in kids[c] if dep[g] == "prep" and p.lower[g] not in ABSENT
                         for o in kids[g] if dep[o] == "pobj")
        elif dep[c] in ("xcomp", "ccomp") and p.pos[c] == "NOUN":
            cands.append(c)
    return cands


def _object_words(p: DocView, cands: list[int]) -> set[str]:
    """The lemmas and words of what ``_find_object`` tests: the candidates, their compounds, their "of" phrases."""
    tested = list(cands)
    for c in cands:
        tested.extend(g for g in p.kids[c] if g < c and p.dep[g] == "compound")
        tested.extend(p.by_prep(c, "of"))
    lemma, lower = p.lemma, p.lower
    return {lemma[t] for t in tested} | {lower[t] for t in tested}


def _find_object(p: DocView, cands: list[int], objects: frozenset[str]) -> int | None:
    """The first of a verb's object candidates that is one of the entry's objects."""
    for c in cands:
        if _object_matches(p, c, objects):
            return c
        # "air strikes", "peace talks": the object word may be the compound
        for g in p.lefts(c):
            if p.dep[g] == "compound" and _object_matches(p, g, objects):
                return c
    for c in cands:
        # "700 kg of medicine", "$50,000 worth of goods", "a shipment of arms": the measure's substance
        for g in p.by_prep(c, "of"):
            if _object_matches(p, g, objects):
                return g
    return None


def _behind_own_object(p: DocView, verb: int, obj: int) -> bool:
    """Whether ``obj`` is what a phrase of origin, direction or place of the verb (``ORIGIN_PREPS``) names while
    the verb has an object of its own (direct, or a passive's subject): then that object is what the act is done
    to, and the phrase whom it is taken from, where it goes or where it happens ("captured the town from rebels"
    takes a town, no rebel; "the plane was taken to a far corner of the airport" takes no airport; "the blast took
    place in the district" takes no district). Other prepositions carry the act's own matter after an object
    ("accused X of corruption", "warned X of consequences"). An entry that names its preposition or particle
    ("took X into custody") asks for that noun and is not held to it; an intransitive verb ("withdrew from the
    pact") has no object of its own to prefer."""
    if p.dep[obj] == "pobj" and p.lower[p.head[obj]] == "of" and p.head[p.head[obj]] != verb:
        obj = p.head[p.head[obj]]  # a measure's substance ("an area of the airport"): where its measure is
    if p.dep[obj] != "pobj" or p.head[p.head[obj]] != verb or p.lower[p.head[obj]] not in ORIGIN_PREPS:
        return False
    own = [c for c in p.kids[verb] if p.dep[c] in ("dobj", "nsubjpass")]
    if p.lower[p.head[obj]] == "in":
        # "in" names the matter of an amount or of whom one joins: "gave $700m in aid", "join us in a march"
        own = [c for c in own if not _amount_or_party(p, c)]
    return bool(own)


def _amount_or_party(p: DocView, t: int) -> bool:
    """Whether the phrase headed by ``t`` is an amount ("$700m", "two tonnes") or names a party (a pronoun, a
    name, a people)."""
    tok = p.token(t)
    return (p.pos[t] in ("PRON", "PROPN", "NUM") or tok.ent_type_ in AMOUNT_OR_PARTY
            or any(p.dep[c] == "nummod" for c in p.kids[t]))


def _about(p: DocView, verb: int, obj: int) -> bool:
    """Whether ``obj`` is what the verb is about, behind a topic preposition ("about", "regarding"; also a
    conjunct, compound or "of" measure of such a noun), rather than what it is done to. An imported PETRARCH
    pattern's object (``ASK * INFORMATION``) is the thing acted on ("asked for details"); behind "about" it names
    a topic and the verb another sense: "asked about a news report" is a question, "complained about the data" no
    complaint against the data's owner."""
    cur = obj
    for _ in range(4):
        head = p.head[cur]
        if p.dep[cur] == "pobj" and p.head[head] == verb:
            return p.lower[head] in TOPIC_PREPS
        if p.dep[cur] in ("conj", "compound") or (p.dep[cur] == "pobj" and p.lower[head] == "of"):
            cur = head if p.dep[cur] != "pobj" else p.head[head]
        else:
            return False
    return False


def _carried_by_event(p: DocView, noun: int, triggers: set[int]) -> bool:
    """True when the noun only completes a verb event ("hosts Lee for a state visit")."""
    cur = noun
    for _ in range(4):
        if p.dep[cur] not in ("pobj", "prep", "dobj", "compound", "attr", "npadvmod", "nsubjpass"):
            return False
        cur = p.head[cur]
        if cur in triggers:
            return True
        if p.pos[cur] == "VERB":
            return False
    return False


def _has_complement(p: DocView, verb: int, obj: int | None, lemmas: frozenset[str] = frozenset()) -> bool:
    """Whether ``verb`` has an infinitive or clausal complement (on its object: "urged Iran to halt"), and, when
    ``lemmas`` are given, one whose verb is among them."""
    comps = [c for c in p.kids[verb] if p.dep[c] in ("xcomp", "ccomp") or infinitival(p, c)]
    if obj is not None:
        comps += [c for c in p.kids[obj] if infinitival(p, c)]
    return any(p.lemma[c] in lemmas for c in comps) if lemmas else bool(comps)


def _inside_complement(p: DocView, i: int, absorber: int) -> bool:
    """Whether token ``i`` lies in the complement of ``absorber`` without crossing into another clause."""
    head, dep = p.head, p.dep
    cur = i
    while head[cur] != cur:
        if (dep[cur] in CLAUSE_BARRIERS and not infinitival(p, cur)) or (
                dep[cur] == "conj" and head[cur] == absorber):
            return False
        if head[cur] == absorber:
            return dep[cur] not in ("nsubj", "nsubjpass", "agent", "csubj")
        cur = head[cur]
    return False
