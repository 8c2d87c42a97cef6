"""Turns a parsed sentence into events: find lexicon triggers, take source and target from the dependency tree.

A verb trigger's source is its subject (the ``by`` agent of a passive; the antecedent of "which"; the subject of
the governing verb for "X plans to attack Y"), its target the object or a preposition the entry names. An event
noun ("a state visit", "sanctions on") takes its source from its possessor or adjective, or from the subject of
the verb that carries it ("X held talks with Y"). A trigger inside the complement of an absorbing trigger
("urged Iran to halt", "threatened to impose") belongs to that event and yields none of its own.

The walk reads the tree through a ``DocView`` (see ``nlp.docview``): the doc's heads, children, labels and words as
lists indexed by token, made once per document; the helpers below take and return token indices, and a Token
object is made only for a token handed to the resolver or read for a trigger's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from tidings.actors.resolve import DocResolver
from tidings.events import cameo
from tidings.events.lexicon import DEFAULT_TARGET_PREPS, Entry, Lexicon
from tidings.events.modality import modality_of, statement_code
from tidings.events.modality import words as modality_words
from tidings.models import Actor, Event, Modality, Span
from tidings.nlp.docview import NOTHING, DocReader, DocView

CLAUSE_BARRIERS = frozenset({"relcl", "parataxis", "appos", "advcl", "csubj"})
OBJECT_CONTROL = frozenset({"persuade", "urge", "ask", "force", "help", "allow", "encourage", "press", "call",
                            "invite", "order", "pressure", "push", "tell", "warn", "enable", "lead", "compel"})
REPORTING = frozenset({"say", "tell", "add", "announce", "report", "state", "claim", "confirm", "declare"})
ARMED = frozenset({"MIL", "COP", "REB", "UAF", "SPY"})
CIVILIAN = frozenset({"CVL", "OPP", "LAB", "EDU", "REL", "AGR", "ENV", "REF", "HLH", "MED", "NGO"})
# nouns that only carry the event named by their modifier: "a mediation effort", "a rescue mission"
LIGHT_HEADS = frozenset({"effort", "attempt", "bid", "campaign", "initiative", "mission", "drive", "push"})
SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06", "19"})

Parse = DocView  # the old name, for ``modality`` until it imports ``DocView`` itself


class EventExtractor:
    """Applies the lexicon to one parsed document, read through a ``DocView`` (its ``DocReader`` keeps the caches of
    strings by id for the life of the process)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.reader = DocReader()

    def parse(self, doc: Doc) -> DocView:
        """The doc's tree as lists (see ``DocView``)."""
        return self.reader.read(doc)

    # --------------------------------------------------------------- matching
    def match_verb(self, p: DocView, i: int, root: str | None = None) -> tuple[Entry, int | None] | None:
        """The most specific verb entry token ``i`` matches, with the index of the object it names, if any."""
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
                if obj is None:
                    continue
            if e.complement and not _has_complement(p, i, obj):
                continue
            if best is None or e.specificity > best[0].specificity:
                best = (e, obj)
        return best

    def match_noun(self, p: DocView, i: int) -> Entry | None:
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

    # ------------------------------------------------------------ extraction
    def extract(self, doc: Doc, resolver: DocResolver, day: dt.date | None,
                sentences: Iterable[tuple[int, SpacySpan]] | None = None) -> list[Event]:
        """Events of the doc, sentence by sentence; ``sentences`` (index and span of sentences of ``doc``, as
        ``doc.sents`` gives them) limits the work to those."""
        events: list[Event] = []
        p = self.parse(doc)
        sents = sentences if sentences is not None else enumerate(doc.sents)
        for s_idx, sent in sents:
            events.extend(self._sentence(p, sent, s_idx, resolver))
        return events

    def _sentence(self, p: DocView, sent: SpacySpan, s_idx: int, resolver: DocResolver) -> list[Event]:
        cands: list[tuple[int, Entry, int | None]] = []
        consumed: set[int] = set()
        span = range(sent.start, sent.end)
        lemma, verbs, nouns = p.lemma, self.lex.verbs, self.lex.nouns
        # most words head no entry: the full match runs only for those that do
        for i in [i for i in span if lemma[i] in verbs]:
            m = self.match_verb(p, i)
            if m is not None:
                cands.append((i, m[0], m[1]))
                if m[1] is not None:
                    consumed.add(m[1])
        triggers = {i for i, _, _ in cands}
        for i in [i for i in span if lemma[i] in nouns]:
            if i in consumed or i in triggers:
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
        roots = modality_words().absorbing_roots
        absorbers = [a for a, e, _ in cands if e.absorbs or (e.cameo[:2] in roots and e.kind == "verb")]
        absorbed: dict[int, list[Entry]] = {}
        kept = []
        for i, entry, obj in cands:
            owners = [a for a in absorbers if a != i and _inside_complement(p, i, a)]
            if owners:
                if p.head[i] == owners[0] or (p.dep[i] == "conj" and p.head[p.head[i]] == owners[0]):
                    absorbed.setdefault(owners[0], []).append(entry)  # the complement's own act
            else:
                kept.append((i, entry, obj))
        out: list[tuple[bool, Event]] = []
        seen: set[tuple] = set()
        for i, entry, obj in kept:
            entry = _intent_to_threat(entry, absorbed.get(i, []))
            for ev in self._events_for(p, i, entry, obj, sent, s_idx, resolver):
                key = (ev.source.country, ev.source.kb_id, ev.target.country if ev.target else None,
                       ev.target.kb_id if ev.target else None, ev.cameo, ev.trigger_span)
                if key not in seen:
                    seen.add(key)
                    out.append((_background(p, i), ev))
        # a sentence reports its main clause; what a relative clause, an "after ..." phrase or an attributive
        # participle mentions ("the besieged town", "whom they had taken hostage") is background, coded only
        # when the sentence reports nothing else
        if any(not bg for bg, _ in out):
            return [ev for bg, ev in out if not bg]
        return [ev for _, ev in out]

    def _events_for(self, p: DocView, i: int, entry: Entry, obj: int | None, sent: SpacySpan, s_idx: int,
                    resolver: DocResolver) -> Iterator[Event]:
        head, dep, pos = p.head, p.dep, p.pos
        if entry.kind == "verb":
            src_toks, inferred = _verb_sources(p, i)
        else:
            # "a mediation effort between X and Y": the light head carries the phrase's place in the clause
            carrier = head[i] if dep[i] == "compound" and p.lemma[head[i]] in LIGHT_HEADS else i
            src_toks, inferred = _noun_sources(p, carrier, resolver)
        sources = resolver_actors(resolver, p, src_toks)
        if not sources and src_toks:
            # an unknown group described by the actors it belongs to: "militants loyal to Iraq's al-Qaeda",
            # "a newspaper based in east Beirut"
            for t in (x for s in src_toks for x in p.subtree(s)):
                if t != src_toks[0] and pos[t] in ("PROPN", "NOUN", "ADJ"):
                    sources = resolver_actors(resolver, p, [t])[:1]
                    if sources:
                        inferred = True
                        break
        source_from = "text"
        if not sources and entry.kind == "verb" and entry.cameo[:2] in ("18", "19", "20"):
            # violence by unnamed attackers ("was killed in a car bombing in Beirut"): CAMEO codes unidentified
            # armed forces (UAF) of the country where it happened
            where = _sentence_place(p, sent, resolver)
            if where is not None:
                sources = [Actor(text="", name=f"unidentified attackers ({where.name})", country=where.country,
                                 sector="UAF", kb_id=None)]
                source_from, inferred = "location", True
        if not sources and entry.kind == "verb" and src_toks:
            # "hundreds of thousands of people blocked streets in Hong Kong": a crowd, police, troops ... with no
            # country of their own act where the sentence puts them
            where = _sentence_place(p, sent, resolver)
            if where is not None:
                for t in (x for s in src_toks for x in p.subtree(s)):
                    local = resolver.sector_actor(p.token(t), where.country)
                    if local is not None:
                        sources, source_from, inferred = [local], "location", True
                        break
        if not sources:
            # the event stands even when its actor is unknown to the knowledge base ("Ibo traditional elders
            # demanded", "Aristide has been accused of"): keep the words, leave the country empty
            if entry.cameo[:2] == "01":
                return  # an unplaced comment is not worth an event
            if src_toks:
                found = resolver.unresolved(p.token(src_toks[0]))
            elif entry.kind == "verb" and (_is_passive(p, i) or (_infinitival(p, i) and pos[head[i]] == "NOUN")):
                # "X was accused of ...", "an attempt to assassinate X": the doer is not named
                found = Actor(text="", name="(unstated)", country=None, sector=None, kb_id=None)
            else:
                found = None
            if found is None:
                return
            sources, source_from = [found], "unresolved"
            if entry.cameo[:2] in ("10", "11", "14"):
                # unnamed protesters and petitioners in a sentence about one country are that country's
                # ("Islamic fundamentalists ... demand the resignation of the Algerian president")
                home = resolver.sole_country(p.token(i))
                if home is not None:
                    sources, source_from = [replace(found, country=home, name=found.name)], "sentence"
        # where the target may be, gathered only now: about a third of the candidates find no source and stop above
        if entry.kind == "verb":
            tgt_toks = list(_verb_targets(p, i, entry, obj))
        else:
            tgt_toks = list(_noun_targets(p, carrier, entry))
        if entry.kind == "verb" and entry.cameo[:2] in ("17", "18", "19", "20") and sources[0].sector in CIVILIAN:
            # civilians blocking a road or occupying a building are protesting, not using force
            alt = self.match_verb(p, i, root="14")
            if alt is not None:
                entry, obj = alt
                tgt_toks = list(_verb_targets(p, i, entry, obj))
        elif entry.kind == "verb" and entry.cameo[:2] == "14" and sources[0].sector in ARMED:
            for root in ("19", "17", "18"):
                alt = self.match_verb(p, i, root=root)
                if alt is not None:
                    entry, obj = alt
                    tgt_toks = list(_verb_targets(p, i, entry, obj))
                    break
        targets: list[Actor] = []
        src_ids = set(src_toks)
        for cand in tgt_toks:
            if cand in src_ids:
                continue
            found = [t for t in resolver_actors(resolver, p, [cand, *p.conjuncts(cand)])
                     if not any(_same(s, t) for s in sources)]
            if found:
                targets = found
                break
        if not targets and entry.absorbs:
            # the first actor named inside the absorbed complement ("agreed to provide aid for Romania")
            for comp in (c for c in p.kids[i] if dep[c] in ("xcomp", "ccomp", "acl")):
                named = [a for t in p.subtree(comp)
                         if pos[t] in ("PROPN", "NOUN", "ADJ") and t not in src_ids and dep[t] != "nsubj"
                         for a in resolver_actors(resolver, p, [t]) if not any(_same(x, a) for x in sources)]
                # another country named in the complement is the likelier target than the source's own
                foreign = [a for a in named if a.country != sources[0].country]
                if foreign or named:
                    targets = (foreign or named)[:1]
                    break
        if not targets:
            # "protested against the government": an unplaced state organ is the source's own country's
            for cand in tgt_toks:
                if cand not in src_ids:
                    local = resolver.sector_actor(p.token(cand), sources[0].country)
                    if local is not None:
                        targets = [local]
                        break
        target_from = "text"
        places: list[Actor] = []
        anchor = i if entry.kind == "verb" else _governing_verb(p, i)
        if not targets and anchor is not None:
            # another country named in what the clause is about ("to show their disapproval of US policy",
            # "in defiance of Chinese authorities") is the target
            skip = {t for s in src_toks for t in p.subtree(s)}
            for child in p.kids[anchor]:
                if dep[child] in ("nsubj", "nsubjpass", "csubj", "punct", "cc", "conj", "relcl", "ccomp") or (
                        dep[child] == "prep" and p.lower[child] in PLACE_PREPS):
                    continue  # places are weighed below, as locations
                foreign = [a for t in p.subtree(child) if t not in skip and pos[t] in ("PROPN", "NOUN", "ADJ")
                           and not _under_place_prep(p, t, anchor)
                           for a in resolver_actors(resolver, p, [t])
                           if a.country not in (sources[0].country, None) and not any(_same(a, s) for s in sources)]
                if foreign:
                    targets, target_from = foreign[:1], "clause"
                    break
        if not targets and anchor is not None:
            # no named target: where it happened, if that is another country ("remained on alert in the West
            # Bank"), as CAMEO coders do
            skip = {t for s in src_toks for t in p.subtree(s)}
            deeper = [t for t in p.subtree(anchor)
                      if t not in skip and dep[t] == "pobj" and _under_place_prep(p, t, anchor)]
            places = [loc for q in [*_places(p, anchor, entry), *(_places(p, i, entry) if anchor != i else []),
                                    *deeper] for loc in [resolver.place(p.token(q))] if loc is not None]
            # another country first; the source's own only for what is done there, not to itself
            foreign = [loc for loc in places if loc.country != sources[0].country]
            if foreign:
                targets, target_from = foreign[:1], "location"
        root = entry.cameo[:2]
        if not targets and root == "14" and sources[0].country is not None \
                and sources[0].sector not in ("GOV", "MIL", "COP", "JUD", "LEG", None):
            # a domestic protest with no named target is aimed at the country's government
            own = sources[0]
            targets, target_from = [Actor(text="", name=resolver.kb.country_name(own.country), country=own.country,
                                          sector="GOV", kb_id=f"country:{own.country}")], "implied"
        if not targets and anchor is not None and places and root not in ("01", "04"):
            targets, target_from = places[:1], "location"
        # a noun event is read from the verb that carries it
        clause = i if entry.kind == "verb" else _governing_verb(p, i)
        clause = i if clause is None else clause
        reading = modality_of(p, clause, sent.start, sent.end)
        modality, reported = reading.modality, reading.reported
        facts = cameo.lookup(reading.code(entry.cameo))
        pairs: list[tuple[Actor, Actor | None]]
        if target_from == "location" and len(sources) > 1 and facts.root in SYMMETRIC_ROOTS:
            # "Turkey and Greece held talks in Athens": the parties act towards each other; where they met is not
            # a party (Greece -> Greece)
            targets, target_from = [], "text"
        if targets:
            pairs = [(s, t) for s in sources for t in targets if not _same(s, t)]
        elif len(sources) > 1 and facts.root in SYMMETRIC_ROOTS:
            pairs = [(s, t) for s in sources for t in sources if s is not t and not _same(s, t)]
        else:
            pairs = [(s, None) for s in sources]
        if not pairs:
            return
        weight = _clause_weight(p, clause)
        evidence = p.evidence(sent)
        tok = p.token(i)
        trigger = tok.text if obj is None else f"{tok.text} {p.token(obj).text}"
        for source, target in pairs:
            conf = 0.55 + (0.15 if target is not None else 0) + (0.1 if entry.specificity else 0)
            conf -= 0.1 if inferred else 0
            conf -= 0.2 if source.country is None else 0
            conf += weight
            conf -= 0.05 if reported else 0
            conf -= 0.1 if target is not None and target_from != "text" else 0
            yield Event(
                source=source,
                target=target,
                cameo=facts.code,
                cameo_root=facts.root,
                cameo_name=facts.name,
                plover=facts.plover,
                plover_mode=facts.plover_mode,
                goldstein=facts.goldstein,
                quad_class=facts.quad_class,
                modality=modality,
                reported=reported,
                sentence=s_idx,
                evidence=evidence,
                trigger=trigger,
                trigger_span=Span(tok.idx, tok.idx + len(tok.text)),
                rule=entry.id,
                confidence=round(max(0.05, min(0.99, conf)), 2),
                extra=({"act_cameo": entry.cameo} if facts.code != entry.cameo else {})
                | ({"target_from": target_from} if target is not None and target_from != "text" else {})
                | ({"source_from": source_from} if source_from != "text" else {}),
            )


# ------------------------------------------------------------------ helpers
def _intent_to_threat(entry: Entry, inner: list[Entry]) -> Entry:
    """A promise of force is a threat: "vowed to retaliate", "pledged to impose sanctions" (03 -> 13)."""
    if entry.cameo[:2] != "03":
        return entry
    hostile = [e for e in inner if e.cameo[:2] >= "14"]
    if not hostile:
        return entry
    code = statement_code(hostile[0].cameo, Modality.FUTURE)
    return replace(entry, cameo=code, id=f"{entry.id}+{hostile[0].id}") if code[:2] == "13" else entry


OBLIGATION = Entry(id="demand.obligation-clause", kind="verb", lemma="", cameo="100", absorbs=True,
                   note="X said Y must/should do Z")


def _obligations(p: DocView, span: range, triggers: set[int]) -> list[tuple[int, Entry, int | None]]:
    """Speech verbs whose clause obliges someone: "Russia said Sudan must return the helicopter"."""
    w = modality_words()
    if w.obligation_gov.isdisjoint(p.lemma[span.start:span.stop]):
        return []
    dep, kids = p.dep, p.kids
    out = []
    for i in span:
        if i in triggers or p.lemma[i] not in w.obligation_gov:
            continue
        for comp in kids[i]:
            if dep[comp] == "ccomp" and any(dep[c] == "aux" and p.lower[c] in w.obligation_modals
                                            for c in kids[comp]):
                if any(dep[c] in ("nsubj", "nsubjpass") for c in kids[comp]):
                    out.append((i, replace(OBLIGATION, lemma=p.lemma[i]), None))
                    break
    return out


INTENT = Entry(id="intent.intent-adjective", kind="verb", lemma="", cameo="030", absorbs=True,
               note="X is willing / ready / prepared / committed to do Z")


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


BACKGROUND_MARKS = frozenset({"after", "when", "since", "before", "as", "while", "because", "if", "unless", "until",
                              "though", "although", "whereas", "once"})
BACKGROUND_PREPS = frozenset({"after", "following", "since", "before", "despite", "amid", "amidst"})


def _background(p: DocView, i: int) -> bool:
    """Whether a trigger sits in a side clause that gives background to the sentence's news."""
    head, dep, kids, lower = p.head, p.dep, p.kids, p.lower
    cur = i
    for _ in range(8):
        if dep[cur] == "ROOT" or head[cur] == cur:
            return False
        if dep[cur] == "relcl":
            # "North Korea, which has dismissed his outreach" tells what the named actor did: news; "the
            # helicopter that was captured", "whom they had taken hostage" recount the past of a thing or victim
            own = cur == i and not _is_passive(p, cur) and any(
                dep[c] == "nsubj" and p.tag[c] in ("WDT", "WP") for c in kids[cur]) and not any(
                dep[c] == "aux" and lower[c] == "had" for c in kids[cur])
            if not own:
                return True
        if dep[cur] in ("amod", "acl") and p.tag[cur] in ("VBN", "VBG"):
            return True  # "the besieged town", "refugees ordered out of Nigeria"
        if dep[cur] == "advcl" and any(dep[c] == "mark" and lower[c] in BACKGROUND_MARKS for c in kids[cur]):
            return True
        if dep[cur] in ("pobj", "pcomp") and dep[head[cur]] == "prep" and lower[head[cur]] in BACKGROUND_PREPS:
            return True
        cur = head[cur]
    return False


def _clause_weight(p: DocView, i: int) -> float:
    """Events of the main clause are what a sentence reports; those in side clauses are background."""
    head, dep = p.head, p.dep
    cur = i
    for _ in range(6):
        if dep[cur] == "ROOT":
            return 0.1
        if dep[cur] in ("advcl", "relcl", "acl", "pcomp") or (dep[cur] == "pobj" and dep[head[cur]] == "prep"):
            return -0.1
        if dep[cur] == "ccomp" and p.lemma[head[cur]] in REPORTING:
            return 0.1
        cur = head[cur]
    return 0.0


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


def _object_candidates(p: DocView, verb: int) -> list[int]:
    """What a verb entry's object may be: objects and their conjuncts, what its prepositions govern, a noun
    complement. The same for every entry of the verb, so ``match_verb`` gathers them once."""
    dep, kids = p.dep, p.kids
    cands: list[int] = []
    passive = _is_passive(p, verb)
    for c in kids[verb]:
        if dep[c] in ("dobj", "attr", "oprd") or (passive and dep[c] == "nsubjpass"):
            cands.append(c)
            cands.extend(p.conjuncts(c))
        elif dep[c] in ("prep", "prt"):
            cands.extend(g for g in kids[c] if dep[g] in ("pobj", "pcomp"))
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


def _infinitival(p: DocView, i: int) -> bool:
    """A to-infinitive the parser hung as an adverbial or noun clause ("have sworn to fight", "a consensus to
    exchange"): a complement all the same."""
    return p.dep[i] in ("advcl", "acl") and p.tag[i] == "VB" and any(
        p.dep[c] == "aux" and p.lower[c] == "to" for c in p.kids[i])


def _has_complement(p: DocView, verb: int, obj: int | None) -> bool:
    if any(p.dep[c] in ("xcomp", "ccomp") or _infinitival(p, c) for c in p.kids[verb]):
        return True
    return obj is not None and any(_infinitival(p, c) for c in p.kids[obj])


def _inside_complement(p: DocView, i: int, absorber: int) -> bool:
    """Whether token ``i`` lies in the complement of ``absorber`` without crossing into another clause."""
    head, dep = p.head, p.dep
    cur = i
    while head[cur] != cur:
        if (dep[cur] in CLAUSE_BARRIERS and not _infinitival(p, cur)) or (
                dep[cur] == "conj" and head[cur] == absorber):
            return False
        if head[cur] == absorber:
            return dep[cur] not in ("nsubj", "nsubjpass", "agent", "csubj")
        cur = head[cur]
    return False


def _expand(p: DocView, tokens: list[int]) -> list[int]:
    """The tokens with their conjuncts, each once."""
    if not tokens:
        return NOTHING
    out: list[int] = []
    for t in tokens:
        for x in (t, *p.conjuncts(t)):
            if x not in out:
                out.append(x)
    return out


def _is_passive(p: DocView, verb: int) -> bool:
    return any(p.dep[c] in ("auxpass", "nsubjpass") for c in p.kids[verb])


def _agent(p: DocView, verb: int) -> list[int]:
    for c in p.kids[verb]:
        if p.dep[c] == "agent" or (p.dep[c] == "prep" and p.lower[c] == "by"):
            return [g for g in p.kids[c] if p.dep[g] == "pobj"]
    return []


def _verb_sources(p: DocView, verb: int) -> tuple[list[int], bool]:
    """Source tokens of a verb trigger, and whether they were inferred from a governing clause."""
    head, dep, kids = p.head, p.dep, p.kids
    if _is_passive(p, verb):
        agent = _agent(p, verb)
        if not agent and p.lower[verb] in modality_words().intent_adj:
            # "Vietnam is committed to ...", "Iran is determined to ...": an adjectival passive of intention
            return _expand(p, [c for c in kids[verb] if dep[c] == "nsubjpass"]), False
        return _expand(p, agent), False
    subj = [c for c in kids[verb] if dep[c] in ("nsubj", "csubj")]
    if subj:
        return _expand(p, subj), False
    for conj in (c for c in kids[verb] if dep[c] == "conj" and p.pos[c] == "VERB"):
        # "X donated and delivered goods" parsed with X on the second verb: the subject is shared
        subj = [c for c in kids[conj] if dep[c] == "nsubj"]
        if subj and not _is_passive(p, conj):
            return _expand(p, subj), True
    cur, inferred = verb, False
    for _ in range(4):
        link, up = dep[cur], head[cur]
        if up == cur:
            break
        inferred = True
        if link == "relcl" or (link == "acl" and p.tag[cur] in ("VBG", "VBD")):
            return [up], True
        if link == "acl" and p.tag[cur] == "VBN":
            return _expand(p, _agent(p, cur)), True
        if link == "xcomp" and p.lemma[up] in OBJECT_CONTROL:
            objs = [c for c in kids[up] if dep[c] == "dobj"]
            if objs:
                return _expand(p, objs), True
        if link in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acl"):
            if _is_passive(p, up) and link == "xcomp":
                # "X is expected to visit": the raised subject is the source
                subj = [c for c in kids[up] if dep[c] == "nsubjpass"]
            else:
                subj = [c for c in kids[up] if dep[c] in ("nsubj", "csubj")]
            if subj:
                return _expand(p, subj), True
            cur = up
            continue
        if link in ("pobj", "prep", "dobj", "acomp"):
            cur = up
            if link == "acomp":
                # "France is ready to contribute", "Vietnam is committed to opening": the copula's subject
                subj = [c for c in kids[up] if dep[c] in ("nsubj", "nsubjpass")]
                if subj:
                    return _expand(p, subj), True
            continue
        break
    return [], inferred


def _verb_targets(p: DocView, verb: int, entry: Entry, obj: int | None) -> Iterator[int]:
    """Where a verb trigger's target may be, most likely first. The object the entry names stays among the
    verb's objects: the Token walk meant to leave it out with ``c is not obj``, which never held (spaCy makes a
    new Token object on every access), and the events are kept as that walk gave them ("entered Japanese waters
    southwest of Okinawa": the target is Japan, from the object, not Okinawa)."""
    dep, kids = p.dep, p.kids
    order = entry.target or ("dobj", "dative", *DEFAULT_TARGET_PREPS)
    if _is_passive(p, verb):
        yield from _expand(p, [c for c in kids[verb] if dep[c] == "nsubjpass"])
    if entry.particle:
        yield from _expand(p, p.by_prep(verb, entry.particle))
    if entry.prep:
        yield from _expand(p, p.by_prep(verb, entry.prep))
    holders = [obj, verb] if obj is not None else [verb]
    objects = [c for c in kids[verb] if dep[c] == "dobj"]
    # with no object named by the entry, the phrases of the verb's objects count too ("imposed sanctions on X")
    inner = [p.preps(d) for d in objects] if obj is None else []
    for key in order:
        for h in holders:
            if key == "dobj":
                if h == verb:
                    yield from _expand(p, objects)
            elif key == "dative":
                yield from _expand(p, [c for c in kids[h] if dep[c] in ("dative", "iobj")])
            else:
                yield from _expand(p, p.preps(h).get(key, NOTHING))
                if h == verb:
                    for phrases in inner:
                        yield from _expand(p, phrases.get(key, NOTHING))
    if obj is not None:
        yield obj  # "rejected Seoul's proposal": the actor inside the object
    if entry.absorbs:
        for comp in (c for c in kids[verb] if dep[c] in ("xcomp", "ccomp")
                     or (dep[c] == "prep" and p.lower[c] == "to" and entry.id == INTENT.id)):
            if entry is OBLIGATION or entry.id == OBLIGATION.id:
                yield from _expand(p, [c for c in kids[comp] if dep[c] in ("nsubj", "nsubjpass")])
            yield from _clause_targets(p, comp)


def _clause_targets(p: DocView, verb: int, depth: int = 0) -> Iterator[int]:
    dep, kids = p.dep, p.kids
    yield from _expand(p, [c for c in kids[verb] if dep[c] in ("dobj", "dative", "nsubj")])
    phrases = p.preps(verb)
    inner = [p.preps(c) for c in kids[verb] if dep[c] == "dobj"]
    for prep in DEFAULT_TARGET_PREPS:
        yield from _expand(p, phrases.get(prep, NOTHING))
        for table in inner:
            yield from _expand(p, table.get(prep, NOTHING))
    if depth < 1:
        for comp in (c for c in kids[verb] if dep[c] in ("xcomp", "ccomp", "acl")):
            yield from _clause_targets(p, comp, depth + 1)


PLACE_PREPS = ("in", "at", "near", "inside", "outside", "across", "throughout", "along")


def _under_place_prep(p: DocView, i: int, anchor: int) -> bool:
    head = p.head
    cur = i
    while cur != anchor and head[cur] != cur:
        if p.dep[cur] == "prep" and p.lower[cur] in PLACE_PREPS:
            return True
        cur = head[cur]
    return False


def _sentence_place(p: DocView, sent: SpacySpan, resolver: DocResolver) -> Actor | None:
    """The first place the sentence puts things in ("in central Baghdad", "near the town of Samarra")."""
    for t in range(sent.start, sent.end):
        if p.dep[t] == "pobj" and p.lower[p.head[t]] in PLACE_PREPS + ("of",):
            where = resolver.place(p.token(t))
            if where is not None:
                return where
    return None


def _places(p: DocView, verb: int, entry: Entry) -> Iterator[int]:
    dep, kids = p.dep, p.kids
    objects = [c for c in kids[verb] if dep[c] == "dobj"]
    holders = [verb, *objects, *(t for o in objects for t in p.subtree(o) if p.pos[t] == "NOUN" and t != o)]
    if entry.absorbs:
        holders += [c for c in kids[verb] if dep[c] in ("xcomp", "ccomp")]
        holders += [g for c in kids[verb] if dep[c] in ("xcomp", "ccomp") for g in kids[c] if dep[g] == "dobj"]
    for h in holders:
        for prep in PLACE_PREPS:
            yield from p.by_prep(h, prep)


def _governing_verb(p: DocView, noun: int) -> int | None:
    cur = noun
    for _ in range(4):
        if p.head[cur] == cur:
            return None
        cur = p.head[cur]
        if p.pos[cur] in ("VERB", "AUX"):
            return cur
    return None


def _noun_sources(p: DocView, noun: int, resolver: DocResolver) -> tuple[list[int], bool]:
    dep = p.dep
    mods = [c for c in p.lefts(noun) if dep[c] in ("poss", "compound", "amod", "nmod")]
    by = p.by_prep(noun, "by")
    named = [t for t in _expand(p, [*mods, *by]) if resolver.inner_actor(p.token(t)) is not None]
    if named:
        return named, False
    if dep[noun] in ("dobj", "attr", "nsubjpass") or (dep[noun] == "pobj" and dep[p.head[noun]] == "prep"):
        verb = _governing_verb(p, noun)
        if verb is not None and p.lemma[verb] in modality_words().support_verbs:
            toks, _ = _verb_sources(p, verb)
            return toks, True
    return [], False


def _noun_targets(p: DocView, noun: int, entry: Entry) -> Iterator[int]:
    order = entry.target or DEFAULT_TARGET_PREPS
    for key in order:
        if key != "dobj":
            yield from _expand(p, p.by_prep(noun, key))
    # "the withdrawal of its forces from Panama": the target may hang from the noun's "of" phrase
    for inner in p.by_prep(noun, "of"):
        for key in order:
            if key not in ("dobj", "of"):
                yield from _expand(p, p.by_prep(inner, key))
    verb = _governing_verb(p, noun)
    if verb is not None and p.dep[noun] in ("dobj", "attr"):
        for key in order:
            if key != "dobj":
                yield from _expand(p, p.by_prep(verb, key))
        yield from _expand(p, [c for c in p.kids[verb] if p.dep[c] == "dative"])
    if entry.absorbs:
        for comp in (c for c in p.kids[noun] if p.dep[c] in ("acl", "xcomp", "relcl") and p.pos[c] == "VERB"):
            if p.dep[comp] != "relcl":
                yield from _clause_targets(p, comp)


def resolver_actors(resolver: DocResolver, p: DocView, tokens: list[int]) -> list[Actor]:
    """Actors named by the tokens (or inside them), one per country for "Israeli and Palestinian negotiators"."""
    out: list[Actor] = []
    for t in tokens:
        for a in resolver.inner_actors(p.token(t)):
            if a.country is not None and all(not _same(a, b) for b in out):
                out.append(a)
    return out


def _same(a: Actor, b: Actor) -> bool:
    if a.kb_id and b.kb_id and a.kb_id.startswith("person:"):
        return a.kb_id == b.kb_id
    return a.span == b.span if a.span and b.span else (a.country, a.sector, a.name) == (b.country, b.sector, b.name)
