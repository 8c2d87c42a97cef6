"""Where a trigger's source and target sit in the dependency tree, as token indices, and the actors they name.

A verb trigger's source is its subject (the ``by`` agent of a passive; the antecedent of "which"; the subject of
the governing verb for "X plans to attack Y"), its target the object or a preposition the entry names. An event
noun ("a state visit", "sanctions on") takes its source from its possessor or adjective, or from the subject of
the verb that carries it ("X held talks with Y"). These functions only say where to look, most likely first;
which actor fills each side, and by which fallback, is the job of ``sources`` and ``targets``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span as SpacySpan

from tidings.actors.resolve import DocResolver
from tidings.events.lexicon import DEFAULT_TARGET_PREPS, Entry
from tidings.events.modality import words as modality_words
from tidings.events.register import registers
from tidings.events.tree import PLACE_PREPS, agent, at_venue, expand, governing_verb, is_passive
from tidings.events.triggers import INTENT, OBLIGATION
from tidings.events.wrappers import noun_wrappers, object_controllers
from tidings.models import Actor
from tidings.nlp.docview import NOTHING, DocView

OBJECT_CONTROL = frozenset({"persuade", "urge", "ask", "force", "help", "allow", "encourage", "press", "call",
                            "invite", "order", "pressure", "push", "tell", "warn", "enable", "lead", "compel"})


def verb_sources(p: DocView, verb: int) -> tuple[list[int], bool]:
    """Source tokens of a verb trigger, and whether they were inferred from a governing clause."""
    head, dep, kids = p.head, p.dep, p.kids
    if is_passive(p, verb):
        by = agent(p, verb)
        if not by and p.lower[verb] in modality_words().intent_adj:
            # "Vietnam is committed to ...", "Iran is determined to ...": an adjectival passive of intention
            return expand(p, [c for c in kids[verb] if dep[c] == "nsubjpass"]), False
        return expand(p, by), False
    subj = [c for c in kids[verb] if dep[c] in ("nsubj", "csubj")]
    if subj:
        return expand(p, subj), False
    for conj in (c for c in kids[verb] if dep[c] == "conj" and p.pos[c] == "VERB"):
        # "X donated and delivered goods" parsed with X on the second verb: the subject is shared
        subj = [c for c in kids[conj] if dep[c] == "nsubj"]
        if subj and not is_passive(p, conj):
            return expand(p, subj), True
    cur, inferred = verb, False
    for _ in range(4):
        link, up = dep[cur], head[cur]
        if up == cur:
            break
        inferred = True
        if link == "relcl" or (link == "acl" and p.tag[cur] in ("VBG", "VBD")):
            return [up], True
        if link == "acl" and p.tag[cur] == "VBN":
            return expand(p, agent(p, cur)), True
        if link == "xcomp" and (p.lemma[up] in OBJECT_CONTROL or p.lemma[up] in object_controllers()):
            objs = [c for c in kids[up] if dep[c] == "dobj"]
            if objs:
                return expand(p, objs), True
        if link in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acl"):
            if is_passive(p, up) and link == "xcomp":
                # "X is expected to visit": the raised subject is the source
                subj = [c for c in kids[up] if dep[c] == "nsubjpass"]
            else:
                subj = [c for c in kids[up] if dep[c] in ("nsubj", "csubj")]
            if not subj and link == "acl" and p.lemma[up] in noun_wrappers() and p.pos[up] == "NOUN":
                # "Pakistan's decision to expel", "Iran's threat to close the strait": the noun's possessor
                subj = [c for c in kids[up] if dep[c] == "poss"]
            if subj:
                return expand(p, subj), True
            cur = up
            continue
        if link in ("pobj", "prep", "dobj", "acomp"):
            cur = up
            if link == "acomp":
                # "France is ready to contribute", "Vietnam is committed to opening": the copula's subject
                subj = [c for c in kids[up] if dep[c] in ("nsubj", "nsubjpass")]
                if subj:
                    return expand(p, subj), True
            continue
        break
    return [], inferred


def noun_sources(p: DocView, noun: int, resolver: DocResolver, root: str = "") -> tuple[list[int], bool]:
    """Source tokens of an event noun (its possessor, modifiers or ``by`` phrase when they name an actor, else the
    source of a support verb: "X held talks"), and whether they were inferred from the verb. ``root``: the noun's
    CAMEO root, for the verbs that carry only encounters ("had talks": ``encounter_support``)."""
    dep = p.dep
    mods = [c for c in p.lefts(noun) if dep[c] in ("poss", "compound", "amod", "nmod")]
    if p.lemma[noun] in registers().theatres:  # "the Iraq war": where the war is, not who wages it
        mods = [c for c in mods if not (dep[c] == "compound" and p.pos[c] == "PROPN")]
    by = p.by_prep(noun, "by")
    for c in p.kids[noun]:
        if p.lemma[c] == "lead" and dep[c] in ("amod", "acl"):
            # "the NATO-led bombing", "the offensive led by France": the leader does the act ("-backed" does not:
            # the backer of a militia is not the militia)
            mods.extend(k for k in p.kids[c] if dep[k] in ("npadvmod", "nmod", "compound"))
            by = [*by, *p.by_prep(c, "by")]
    named = [t for t in expand(p, [*mods, *by]) if resolver.inner_actor(p.token(t)) is not None]
    if named:
        return named, False
    if dep[noun] in ("dobj", "attr", "nsubjpass") or (dep[noun] == "pobj" and dep[p.head[noun]] == "prep"):
        verb = governing_verb(p, noun)
        # "called the sanctions illegal", "called the talks a farce": a verb with an object predicate judges the
        # act, it does not do it
        if verb is not None and carries(p, verb, noun, root) and not any(p.dep[c] == "oprd" for c in p.kids[verb]):
            toks, _ = verb_sources(p, verb)
            return toks, True
    return [], False


def carries(p: DocView, verb: int, noun: int, root: str) -> bool:
    """Whether ``verb`` is a light verb for the event ``noun`` (of CAMEO ``root``): a support verb, or a verb that
    carries only encounters ("had talks with") when it has the noun as its own object and is not in the simple
    present, which tells a habit or a state ("central banks have meetings with the press after each decision")."""
    words = modality_words()
    if p.lemma[verb] in words.support_verbs:
        return True
    return (p.lemma[verb] in words.encounter_verbs and root in words.encounter_roots and p.head[noun] == verb
            and p.dep[noun] == "dobj" and p.tag[verb] not in ("VBZ", "VBP"))


def verb_targets(p: DocView, verb: int, entry: Entry, obj: int | None) -> Iterator[int]:
    """Where a verb trigger's target may be, most likely first. The object the entry names stays among the
    verb's objects: the Token walk meant to leave it out with ``c is not obj``, which never held (spaCy makes a
    new Token object on every access), and the events are kept as that walk gave them ("entered Japanese waters
    southwest of Okinawa": the target is Japan, from the object, not Okinawa)."""
    dep, kids = p.dep, p.kids
    order = entry.target or ("dobj", "dative", *DEFAULT_TARGET_PREPS)
    if is_passive(p, verb):
        yield from expand(p, [c for c in kids[verb] if dep[c] == "nsubjpass"])
    if entry.particle:
        yield from expand(p, p.by_prep(verb, entry.particle))
    if entry.prep:
        yield from expand(p, p.by_prep(verb, entry.prep))
    holders = [obj, verb] if obj is not None else [verb]
    objects = [c for c in kids[verb] if dep[c] == "dobj"]
    # with no object named by the entry, the phrases of the verb's objects count too ("imposed sanctions on X")
    inner = [p.preps(d) for d in objects] if obj is None else []
    for key in order:
        for h in holders:
            if key == "dobj":
                if h == verb:
                    yield from expand(p, objects)
            elif key == "dative":
                yield from expand(p, [c for c in kids[h] if dep[c] in ("dative", "iobj")])
            else:
                yield from expand(p, p.preps(h).get(key, NOTHING))
                if h == verb:
                    for phrases in inner:
                        yield from expand(p, phrases.get(key, NOTHING))
    if obj is not None:
        yield obj  # "rejected Seoul's proposal": the actor inside the object
    if entry.absorbs:
        for comp in (c for c in kids[verb] if dep[c] in ("xcomp", "ccomp")
                     or (dep[c] == "prep" and p.lower[c] == "to" and entry.id == INTENT.id)):
            if entry is OBLIGATION or entry.id == OBLIGATION.id:
                yield from expand(p, [c for c in kids[comp] if dep[c] in ("nsubj", "nsubjpass")])
            yield from clause_targets(p, comp)


def clause_targets(p: DocView, verb: int, depth: int = 0) -> Iterator[int]:
    """Where the target of an absorbed complement's act may be ("urged Iran to halt talks with X")."""
    dep, kids = p.dep, p.kids
    yield from expand(p, [c for c in kids[verb] if dep[c] in ("dobj", "dative", "nsubj")])
    phrases = p.preps(verb)
    inner = [p.preps(c) for c in kids[verb] if dep[c] == "dobj"]
    for prep in DEFAULT_TARGET_PREPS:
        yield from expand(p, phrases.get(prep, NOTHING))
        for table in inner:
            yield from expand(p, table.get(prep, NOTHING))
    if depth < 1:
        for comp in (c for c in kids[verb] if dep[c] in ("xcomp", "ccomp", "acl")):
            yield from clause_targets(p, comp, depth + 1)


def noun_targets(p: DocView, noun: int, entry: Entry) -> Iterator[int]:
    """Where an event noun's target may be: its own phrases, those of its "of" phrase, those of its verb."""
    order = entry.target or DEFAULT_TARGET_PREPS
    for key in order:
        if key != "dobj":
            yield from expand(p, p.by_prep(noun, key))
    # "the withdrawal of its forces from Panama": the target may hang from the noun's "of" phrase
    for inner in p.by_prep(noun, "of"):
        for key in order:
            if key not in ("dobj", "of"):
                yield from expand(p, p.by_prep(inner, key))
    verb = governing_verb(p, noun)
    if verb is not None and p.dep[noun] in ("dobj", "attr"):
        for key in order:
            if key != "dobj":
                yield from expand(p, p.by_prep(verb, key))
        yield from expand(p, [c for c in p.kids[verb] if p.dep[c] == "dative"])
    if entry.absorbs:
        for comp in (c for c in p.kids[noun] if p.dep[c] in ("acl", "xcomp", "relcl") and p.pos[c] == "VERB"):
            if p.dep[comp] != "relcl":
                yield from clause_targets(p, comp)


def places(p: DocView, verb: int, entry: Entry) -> Iterator[int]:
    """What the place phrases of a clause govern: of the verb, its objects and their nouns, and (for an absorbing
    entry) its complements and their objects."""
    dep, kids = p.dep, p.kids
    objects = [c for c in kids[verb] if dep[c] == "dobj"]
    holders = [verb, *objects, *(t for o in objects for t in p.subtree(o) if p.pos[t] == "NOUN" and t != o)]
    if entry.absorbs:
        holders += [c for c in kids[verb] if dep[c] in ("xcomp", "ccomp")]
        holders += [g for c in kids[verb] if dep[c] in ("xcomp", "ccomp") for g in kids[c] if dep[g] == "dobj"]
    for h in holders:
        for prep in PLACE_PREPS:
            yield from p.by_prep(h, prep)


# a country's buildings abroad: where they stand is the host's country, not the owner's
MISSIONS = frozenset({"embassy", "consulate", "mission", "legation", "chancery", "residence"})


def sentence_place(p: DocView, sent: SpacySpan, resolver: DocResolver, venues: bool = False) -> Actor | None:
    """The first place the sentence puts things in ("in central Baghdad", "near the town of Samarra"). A country's
    mission abroad is not in that country: "outside the US embassy in Seoul" puts things in Seoul. ``venues``:
    a gathering's venue is no place of those who meet there ("Arab leaders at a summit in Cairo", ``at_venue``),
    though violence there is the host country's ("gunmen attacked a conference in Baghdad")."""
    for t in range(sent.start, sent.end):
        if p.dep[t] == "pobj" and p.lower[p.head[t]] in PLACE_PREPS + ("of",) and p.lemma[t] not in MISSIONS \
                and not (venues and at_venue(p, t)):
            where = resolver.place(p.token(t))
            if where is not None:
                return where
    return None


def resolver_actors(resolver: DocResolver, p: DocView, tokens: list[int]) -> list[Actor]:
    """Actors named by the tokens (or inside them), one per country for "Israeli and Palestinian negotiators"."""
    out: list[Actor] = []
    for t in tokens:
        found = resolver.inner_actors(p.token(t))
        if p.tag[t] == "NNS" and len(found) == 1:
            found = [*found, *of_conjuncts(resolver, p, t, found[0])]
        for a in found:
            if a.country is not None and all(not same_actor(a, b) for b in out):
                out.append(a)
    return out


def of_conjuncts(resolver: DocResolver, p: DocView, t: int, first: Actor) -> list[Actor]:
    """The other countries of a plural group described by coordinated "of" phrases: "the leaders of Lebanon and
    Syria", "the foreign ministers of Peru, Chile and Bolivia" are leaders of each (the phrase resolves to the
    first only). Each is the group's sector placed in that country ("Syria (leaders)", the words "Syria"), or the
    conjunct itself.
    Only when ``first`` is the first conjunct's country: the group may be placed by something else ("Iraqi
    leaders of Sunni and Shia parties")."""
    out: list[Actor] = []
    for pobj in p.by_prep(t, "of"):
        rest = p.conjuncts(pobj)
        if not rest:
            continue
        head = resolver.inner_actor(p.token(pobj))
        if head is None or head.country != first.country:
            continue
        for c in rest:
            other = resolver.inner_actor(p.token(c))
            if other is not None and other.country is not None and other.country != first.country:
                local = resolver.sector_actor(p.token(t), other.country)
                # with the conjunct's words: the group's own span is the first country's actor already
                out.append(replace(local, text=other.text, span=other.span) if local is not None else other)
    return out


def same_actor(a: Actor, b: Actor) -> bool:
    """Whether two actors are one: the same person, the same words, or the same country, sector and name."""
    if a.kb_id and b.kb_id and a.kb_id.startswith("person:"):
        return a.kb_id == b.kb_id
    return a.span == b.span if a.span and b.span else (a.country, a.sector, a.name) == (b.country, b.sector, b.name)
