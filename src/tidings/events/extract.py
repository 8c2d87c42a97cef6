"""Turns a parsed sentence into events: find lexicon triggers, take source and target from the dependency tree.

A verb trigger's source is its subject (the ``by`` agent of a passive; the antecedent of "which"; the subject of
the governing verb for "X plans to attack Y"), its target the object or a preposition the entry names. An event
noun ("a state visit", "sanctions on") takes its source from its possessor or adjective, or from the subject of
the verb that carries it ("X held talks with Y"). A trigger inside the complement of an absorbing trigger
("urged Iran to halt", "threatened to impose") belongs to that event and yields none of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .. import cameo
from ..actors.resolve import DocResolver
from ..models import Actor, Event, Modality, Span
from .lexicon import DEFAULT_TARGET_PREPS, Entry, Lexicon
from .modality import modality_of, statement_code
from .modality import words as modality_words

CLAUSE_BARRIERS = frozenset({"relcl", "parataxis", "appos", "advcl", "csubj"})
OBJECT_CONTROL = frozenset({"persuade", "urge", "ask", "force", "help", "allow", "encourage", "press", "call",
                            "invite", "order", "pressure", "push", "tell", "warn", "enable", "lead", "compel"})
REPORTING = frozenset({"say", "tell", "add", "announce", "report", "state", "claim", "confirm", "declare"})
ARMED = frozenset({"MIL", "COP", "REB", "UAF", "SPY"})
CIVILIAN = frozenset({"CVL", "OPP", "LAB", "EDU", "REL", "AGR", "ENV", "REF", "HLH", "MED", "NGO"})
# nouns that only carry the event named by their modifier: "a mediation effort", "a rescue mission"
LIGHT_HEADS = frozenset({"effort", "attempt", "bid", "campaign", "initiative", "mission", "drive", "push"})
SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06", "19"})


class EventExtractor:
    """Applies the lexicon to one parsed document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self._keys: dict[int, tuple[bool, bool]] = {}

    def _lexical(self, tok: Token) -> tuple[bool, bool]:
        """Whether the token's lemma heads any verb entry, any noun entry: most words head none, and for those
        the full match (part of speech, particles, objects) need not run. Cached per lemma for the process."""
        keys = self._keys.get(tok.lemma)
        if keys is None:
            low = tok.lemma_.lower()
            keys = self._keys[tok.lemma] = (low in self.lex.verbs, low in self.lex.nouns)
        return keys

    # --------------------------------------------------------------- matching
    def match_verb(self, tok: Token, root: str | None = None) -> tuple[Entry, Token | None] | None:
        if not (tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")):
            return None
        best: tuple[Entry, Token | None] | None = None
        for e in self.lex.verbs.get(tok.lemma_.lower(), ()):
            if root is not None and e.cameo[:2] != root:
                continue
            if e.particle and not _has_particle(tok, e.particle):
                continue
            if e.prep and not any(c.dep_ in ("prep", "agent", "prt") and c.lower_ == e.prep for c in tok.children):
                continue
            obj = None
            if e.object:
                obj = _find_object(tok, e.object)
                if obj is None:
                    continue
            if e.complement and not _has_complement(tok, obj):
                continue
            if best is None or e.specificity > best[0].specificity:
                best = (e, obj)
        return best

    def match_noun(self, tok: Token) -> Entry | None:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        best = None
        for e in self.lex.nouns.get(tok.lemma_.lower(), ()):
            if e.modifiers:
                mods = {c.lower_ for c in tok.lefts} | {c.lemma_.lower() for c in tok.lefts}
                if not all(m in mods for m in e.modifiers):
                    continue
            if best is None or e.specificity > best.specificity:
                best = e
        return best

    # ------------------------------------------------------------ extraction
    def extract(self, doc: Doc, resolver: DocResolver, day: dt.date | None,
                sentences: Iterable[tuple[int, SpacySpan]] | None = None) -> list[Event]:
        events: list[Event] = []
        sents = sentences if sentences is not None else enumerate(doc.sents)
        for s_idx, sent in sents:
            events.extend(self._sentence(sent, s_idx, resolver))
        return events

    def _sentence(self, sent: SpacySpan, s_idx: int, resolver: DocResolver) -> list[Event]:
        cands: list[tuple[Token, Entry, Token | None]] = []
        consumed: set[int] = set()
        toks = list(sent)  # one pass of token objects for the four scans below
        keys = [self._lexical(t) for t in toks]
        for tok, (verb, _) in zip(toks, keys, strict=True):
            if not verb:
                continue
            m = self.match_verb(tok)
            if m is not None:
                cands.append((tok, m[0], m[1]))
                if m[1] is not None:
                    consumed.add(m[1].i)
        triggers = {t.i for t, _, _ in cands}
        for tok, (_, noun) in zip(toks, keys, strict=True):
            if not noun or tok.i in consumed or tok.i in triggers:
                continue
            e = self.match_noun(tok)
            if e is not None and (tok.dep_ == "compound" or (tok.i + 1 < len(tok.doc) and tok.nbor(1).text == "-")) \
                    and tok.head.lemma_.lower() not in LIGHT_HEADS:
                continue  # "invasion forces", "war-torn": a modifier of another noun, not an event
            if e is not None and not _carried_by_event(tok, triggers):
                cands.append((tok, e, None))
        cands.extend(_obligations(toks, {t.i for t, _, _ in cands}))
        cands.extend(_intent_frames(toks, {t.i for t, _, _ in cands}))
        roots = modality_words().absorbing_roots
        absorbers = [(t, e) for t, e, _ in cands if e.absorbs or (e.cameo[:2] in roots and e.kind == "verb")]
        absorbed: dict[int, list[Entry]] = {}
        kept = []
        for tok, entry, obj in cands:
            owners = [a for a, _ in absorbers if a.i != tok.i and _inside_complement(tok, a)]
            if owners:
                if tok.head.i == owners[0].i or (tok.dep_ == "conj" and tok.head.head.i == owners[0].i):
                    absorbed.setdefault(owners[0].i, []).append(entry)  # the complement's own act
            else:
                kept.append((tok, entry, obj))
        out: list[tuple[bool, Event]] = []
        seen: set[tuple] = set()
        for tok, entry, obj in kept:
            entry = _intent_to_threat(entry, absorbed.get(tok.i, []))
            for ev in self._events_for(tok, entry, obj, sent, s_idx, resolver):
                key = (ev.source.country, ev.source.kb_id, ev.target.country if ev.target else None,
                       ev.target.kb_id if ev.target else None, ev.cameo, ev.trigger_span)
                if key not in seen:
                    seen.add(key)
                    out.append((_background(tok), ev))
        # a sentence reports its main clause; what a relative clause, an "after ..." phrase or an attributive
        # participle mentions ("the besieged town", "whom they had taken hostage") is background, coded only
        # when the sentence reports nothing else
        if any(not bg for bg, _ in out):
            return [ev for bg, ev in out if not bg]
        return [ev for _, ev in out]

    def _events_for(self, tok: Token, entry: Entry, obj: Token | None, sent: SpacySpan, s_idx: int,
                    resolver: DocResolver) -> Iterator[Event]:
        if entry.kind == "verb":
            src_toks, inferred = _verb_sources(tok)
            tgt_toks = list(_verb_targets(tok, entry, obj))
        else:
            # "a mediation effort between X and Y": the light head carries the phrase's place in the clause
            carrier = tok.head if tok.dep_ == "compound" and tok.head.lemma_.lower() in LIGHT_HEADS else tok
            src_toks, inferred = _noun_sources(carrier, resolver)
            tgt_toks = list(_noun_targets(carrier, entry))
        sources = resolver_actors(resolver, src_toks)
        if not sources and src_toks:
            # an unknown group described by the actors it belongs to: "militants loyal to Iraq's al-Qaeda",
            # "a newspaper based in east Beirut"
            for t in (x for s in src_toks for x in s.subtree):
                if t.i != src_toks[0].i and t.pos_ in ("PROPN", "NOUN", "ADJ"):
                    sources = resolver_actors(resolver, [t])[:1]
                    if sources:
                        inferred = True
                        break
        source_from = "text"
        if not sources and entry.kind == "verb" and entry.cameo[:2] in ("18", "19", "20"):
            # violence by unnamed attackers ("was killed in a car bombing in Beirut"): CAMEO codes unidentified
            # armed forces (UAF) of the country where it happened
            where = _sentence_place(sent, resolver)
            if where is not None:
                sources = [Actor(text="", name=f"unidentified attackers ({where.name})", country=where.country,
                                 sector="UAF", kb_id=None)]
                source_from, inferred = "location", True
        if not sources and entry.kind == "verb" and src_toks:
            # "hundreds of thousands of people blocked streets in Hong Kong": a crowd, police, troops ... with no
            # country of their own act where the sentence puts them
            where = _sentence_place(sent, resolver)
            if where is not None:
                for t in (x for s in src_toks for x in s.subtree):
                    local = resolver.sector_actor(t, where.country)
                    if local is not None:
                        sources, source_from, inferred = [local], "location", True
                        break
        if not sources:
            # the event stands even when its actor is unknown to the knowledge base ("Ibo traditional elders
            # demanded", "Aristide has been accused of"): keep the words, leave the country empty
            if entry.cameo[:2] == "01":
                return  # an unplaced comment is not worth an event
            if src_toks:
                found = resolver.unresolved(src_toks[0])
            elif entry.kind == "verb" and (_is_passive(tok) or (_infinitival(tok) and tok.head.pos_ == "NOUN")):
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
                home = resolver.sole_country(tok)
                if home is not None:
                    sources, source_from = [replace(found, country=home, name=found.name)], "sentence"
        if entry.kind == "verb" and entry.cameo[:2] in ("17", "18", "19", "20") and sources[0].sector in CIVILIAN:
            # civilians blocking a road or occupying a building are protesting, not using force
            alt = self.match_verb(tok, root="14")
            if alt is not None:
                entry, obj = alt
                tgt_toks = list(_verb_targets(tok, entry, obj))
        elif entry.kind == "verb" and entry.cameo[:2] == "14" and sources[0].sector in ARMED:
            for root in ("19", "17", "18"):
                alt = self.match_verb(tok, root=root)
                if alt is not None:
                    entry, obj = alt
                    tgt_toks = list(_verb_targets(tok, entry, obj))
                    break
        targets: list[Actor] = []
        src_ids = {s.i for s in src_toks}
        for cand in tgt_toks:
            if cand.i in src_ids:
                continue
            found = [t for t in resolver_actors(resolver, [cand, *cand.conjuncts])
                     if not any(_same(s, t) for s in sources)]
            if found:
                targets = found
                break
        if not targets and entry.absorbs:
            # the first actor named inside the absorbed complement ("agreed to provide aid for Romania")
            for comp in (c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "acl")):
                named = [a for t in comp.subtree
                         if t.pos_ in ("PROPN", "NOUN", "ADJ") and t.i not in src_ids and t.dep_ != "nsubj"
                         for a in resolver_actors(resolver, [t]) if not any(_same(x, a) for x in sources)]
                # another country named in the complement is the likelier target than the source's own
                foreign = [a for a in named if a.country != sources[0].country]
                if foreign or named:
                    targets = (foreign or named)[:1]
                    break
        if not targets:
            # "protested against the government": an unplaced state organ is the source's own country's
            for cand in tgt_toks:
                if cand.i not in src_ids:
                    local = resolver.sector_actor(cand, sources[0].country)
                    if local is not None:
                        targets = [local]
                        break
        target_from = "text"
        places: list[Actor] = []
        anchor = tok if entry.kind == "verb" else _governing_verb(tok)
        if not targets and anchor is not None:
            # another country named in what the clause is about ("to show their disapproval of US policy",
            # "in defiance of Chinese authorities") is the target
            skip = {t.i for s in src_toks for t in s.subtree}
            for child in anchor.children:
                if child.dep_ in ("nsubj", "nsubjpass", "csubj", "punct", "cc", "conj", "relcl", "ccomp") or (
                        child.dep_ == "prep" and child.lower_ in PLACE_PREPS):
                    continue  # places are weighed below, as locations
                foreign = [a for t in child.subtree if t.i not in skip and t.pos_ in ("PROPN", "NOUN", "ADJ")
                           and not _under_place_prep(t, anchor)
                           for a in resolver_actors(resolver, [t])
                           if a.country not in (sources[0].country, None) and not any(_same(a, s) for s in sources)]
                if foreign:
                    targets, target_from = foreign[:1], "clause"
                    break
        if not targets and anchor is not None:
            # no named target: where it happened, if that is another country ("remained on alert in the West
            # Bank"), as CAMEO coders do
            skip = {t.i for s in src_toks for t in s.subtree}
            deeper = [t for t in anchor.subtree
                      if t.i not in skip and t.dep_ == "pobj" and _under_place_prep(t, anchor)]
            places = [loc for p in [*_places(anchor, entry), *(_places(tok, entry) if anchor is not tok else []),
                                    *deeper] for loc in [resolver.place(p)] if loc is not None]
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
        reading = modality_of(tok if entry.kind == "verb" else _governing_verb(tok) or tok)
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
        for source, target in pairs:
            conf = 0.55 + (0.15 if target is not None else 0) + (0.1 if entry.specificity else 0)
            conf -= 0.1 if inferred else 0
            conf -= 0.2 if source.country is None else 0
            conf += _clause_weight(tok if entry.kind == "verb" else (_governing_verb(tok) or tok))
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
                evidence=sent.text.strip(),
                trigger=tok.text if obj is None else f"{tok.text} {obj.text}",
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


def _obligations(toks: list[Token], triggers: set[int]) -> list[tuple[Token, Entry, Token | None]]:
    """Speech verbs whose clause obliges someone: "Russia said Sudan must return the helicopter"."""
    w = modality_words()
    out = []
    for tok in toks:
        if tok.i in triggers or tok.lemma_.lower() not in w.obligation_gov:
            continue
        for comp in tok.children:
            if comp.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in w.obligation_modals
                                            for c in comp.children):
                if any(c.dep_ in ("nsubj", "nsubjpass") for c in comp.children):
                    out.append((tok, replace(OBLIGATION, lemma=tok.lemma_.lower()), None))
                    break
    return out


INTENT = Entry(id="intent.intent-adjective", kind="verb", lemma="", cameo="030", absorbs=True,
               note="X is willing / ready / prepared / committed to do Z")


def _intent_frames(toks: list[Token], triggers: set[int]) -> list[tuple[Token, Entry, Token | None]]:
    """Predicates of intention: "Norway is willing to send troops", "Vietnam is committed to opening its
    economy". The promised act is part of the event (a threat when it is hostile: "ready to impose martial law")."""
    adjectives = modality_words().intent_adj
    out = []
    for tok in toks:
        if tok.i in triggers or tok.lower_ not in adjectives or tok.dep_ not in ("acomp", "ROOT", "xcomp", "ccomp"):
            continue
        adjectival = tok.pos_ == "ADJ" or tok.dep_ == "acomp" or any(
            c.dep_ in ("auxpass", "cop") or (c.dep_ == "aux" and c.lemma_ == "be") for c in tok.children)
        if not adjectival:
            continue  # "the army prepared to attack" is a plan (future), not a declared readiness
        takes_act = any(c.dep_ in ("xcomp", "ccomp") for c in tok.children) or any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ in ("pcomp", "pobj") for g in c.children)
            for c in tok.children)
        if takes_act:
            out.append((tok, replace(INTENT, lemma=tok.lower_), None))
    return out


BACKGROUND_MARKS = frozenset({"after", "when", "since", "before", "as", "while", "because", "if", "unless", "until",
                              "though", "although", "whereas", "once"})
BACKGROUND_PREPS = frozenset({"after", "following", "since", "before", "despite", "amid", "amidst"})


def _background(tok: Token) -> bool:
    """Whether a trigger sits in a side clause that gives background to the sentence's news."""
    cur = tok
    for _ in range(8):
        if cur.dep_ == "ROOT" or cur.head.i == cur.i:
            return False
        if cur.dep_ == "relcl":
            # "North Korea, which has dismissed his outreach" tells what the named actor did: news; "the
            # helicopter that was captured", "whom they had taken hostage" recount the past of a thing or victim
            own = cur is tok and not _is_passive(cur) and any(
                c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in cur.children) and not any(
                c.dep_ == "aux" and c.lower_ == "had" for c in cur.children)
            if not own:
                return True
        if cur.dep_ in ("amod", "acl") and cur.tag_ in ("VBN", "VBG"):
            return True  # "the besieged town", "refugees ordered out of Nigeria"
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in cur.children):
            return True
        if cur.dep_ in ("pobj", "pcomp") and cur.head.dep_ == "prep" and cur.head.lower_ in BACKGROUND_PREPS:
            return True
        cur = cur.head
    return False


def _clause_weight(tok: Token) -> float:
    """Events of the main clause are what a sentence reports; those in side clauses are background."""
    cur = tok
    for _ in range(6):
        if cur.dep_ == "ROOT":
            return 0.1
        if cur.dep_ in ("advcl", "relcl", "acl", "pcomp") or (cur.dep_ == "pobj" and cur.head.dep_ == "prep"):
            return -0.1
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in REPORTING:
            return 0.1
        cur = cur.head
    return 0.0


def _has_particle(tok: Token, particle: str) -> bool:
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "agent", "advmod") and c.lower_ == particle:
            return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ == particle


def _object_matches(tok: Token, objects: frozenset[str]) -> bool:
    """The token is one of the objects; a multiword object ("chemical weapon") needs its modifiers too."""
    mods = {c.lower_ for c in tok.lefts} | {c.lemma_.lower() for c in tok.lefts}
    forms = (tok.lemma_.lower(), tok.lower_)
    for o in objects:
        words = o.split()
        if words[-1] in forms and all(w in mods for w in words[:-1]):
            return True
    return False


def _find_object(verb: Token, objects: frozenset[str]) -> Token | None:
    cands: list[Token] = []
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    for c in verb.children:
        if c.dep_ in ("dobj", "attr", "oprd") or (passive and c.dep_ == "nsubjpass"):
            cands.append(c)
            cands.extend(c.conjuncts)
        elif c.dep_ in ("prep", "prt"):
            cands.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
        elif c.dep_ in ("xcomp", "ccomp") and c.pos_ == "NOUN":
            cands.append(c)
    for c in cands:
        if _object_matches(c, objects):
            return c
        # "air strikes", "peace talks": the object word may be the compound
        for g in c.lefts:
            if g.dep_ == "compound" and _object_matches(g, objects):
                return c
    for c in cands:
        # "700 kg of medicine", "$50,000 worth of goods", "a shipment of arms": the measure's substance
        for g in _children_by_prep(c, "of"):
            if _object_matches(g, objects):
                return g
    return None


def _carried_by_event(noun: Token, triggers: set[int]) -> bool:
    """True when the noun only completes a verb event ("hosts Lee for a state visit")."""
    tok = noun
    for _ in range(4):
        if tok.dep_ not in ("pobj", "prep", "dobj", "compound", "attr", "npadvmod", "nsubjpass"):
            return False
        tok = tok.head
        if tok.i in triggers:
            return True
        if tok.pos_ == "VERB":
            return False
    return False


def _infinitival(tok: Token) -> bool:
    """A to-infinitive the parser hung as an adverbial or noun clause ("have sworn to fight", "a consensus to
    exchange"): a complement all the same."""
    return tok.dep_ in ("advcl", "acl") and tok.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _has_complement(verb: Token, obj: Token | None) -> bool:
    if any(c.dep_ in ("xcomp", "ccomp") or _infinitival(c) for c in verb.children):
        return True
    return obj is not None and any(_infinitival(c) for c in obj.children)


def _inside_complement(tok: Token, absorber: Token) -> bool:
    """Whether ``tok`` lies in the complement of ``absorber`` without crossing into another clause."""
    cur = tok
    while cur.head.i != cur.i:
        if (cur.dep_ in CLAUSE_BARRIERS and not _infinitival(cur)) or (
                cur.dep_ == "conj" and cur.head.i == absorber.i):
            return False
        if cur.head.i == absorber.i:
            return cur.dep_ not in ("nsubj", "nsubjpass", "agent", "csubj")
        cur = cur.head
    return False


def _expand(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        for x in (t, *t.conjuncts):
            if x not in out:
                out.append(x)
    return out


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _agent(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            return [g for g in c.children if g.dep_ == "pobj"]
    return []


def _verb_sources(verb: Token) -> tuple[list[Token], bool]:
    """Source tokens of a verb trigger, and whether they were inferred from a governing clause."""
    if _is_passive(verb):
        agent = _agent(verb)
        if not agent and verb.lower_ in modality_words().intent_adj:
            # "Vietnam is committed to ...", "Iran is determined to ...": an adjectival passive of intention
            return _expand([c for c in verb.children if c.dep_ == "nsubjpass"]), False
        return _expand(agent), False
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subj:
        return _expand(subj), False
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        # "X donated and delivered goods" parsed with X on the second verb: the subject is shared
        subj = [c for c in conj.children if c.dep_ == "nsubj"]
        if subj and not _is_passive(conj):
            return _expand(subj), True
    cur, inferred = verb, False
    for _ in range(4):
        link, head = cur.dep_, cur.head
        if head.i == cur.i:
            break
        inferred = True
        if link == "relcl" or (link == "acl" and cur.tag_ in ("VBG", "VBD")):
            return [head], True
        if link == "acl" and cur.tag_ == "VBN":
            return _expand(_agent(cur)), True
        if link == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ == "dobj"]
            if objs:
                return _expand(objs), True
        if link in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acl"):
            if _is_passive(head) and link == "xcomp":
                # "X is expected to visit": the raised subject is the source
                subj = [c for c in head.children if c.dep_ == "nsubjpass"]
            else:
                subj = [c for c in head.children if c.dep_ in ("nsubj", "csubj")]
            if subj:
                return _expand(subj), True
            cur = head
            continue
        if link in ("pobj", "prep", "dobj", "acomp"):
            cur = head
            if link == "acomp":
                # "France is ready to contribute", "Vietnam is committed to opening": the copula's subject
                subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    return _expand(subj), True
            continue
        break
    return [], inferred


def _children_by_prep(tok: Token, prep: str) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "prt", "dative") and c.lower_ == prep:
            out.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
    return out


def _verb_targets(verb: Token, entry: Entry, obj: Token | None) -> Iterator[Token]:
    order = entry.target or ("dobj", "dative", *DEFAULT_TARGET_PREPS)
    if _is_passive(verb):
        yield from _expand([c for c in verb.children if c.dep_ == "nsubjpass" and c is not obj])
    if entry.particle:
        yield from _expand(_children_by_prep(verb, entry.particle))
    if entry.prep:
        yield from _expand(_children_by_prep(verb, entry.prep))
    holders = [obj, verb] if obj is not None else [verb]
    for key in order:
        for h in holders:
            if key == "dobj" and h is verb:
                yield from _expand([c for c in verb.children if c.dep_ == "dobj" and c is not obj])
            elif key == "dative":
                yield from _expand([c for c in h.children if c.dep_ in ("dative", "iobj")])
            elif key not in ("dobj", "dative"):
                yield from _expand(_children_by_prep(h, key))
                if h is verb and obj is None:
                    for d in (c for c in verb.children if c.dep_ == "dobj"):
                        yield from _expand(_children_by_prep(d, key))
    if obj is not None:
        yield obj  # "rejected Seoul's proposal": the actor inside the object
    if entry.absorbs:
        for comp in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")
                     or (c.dep_ == "prep" and c.lower_ == "to" and entry.id == INTENT.id)):
            if entry is OBLIGATION or entry.id == OBLIGATION.id:
                yield from _expand([c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")])
            yield from _clause_targets(comp)


def _clause_targets(verb: Token, depth: int = 0) -> Iterator[Token]:
    yield from _expand([c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubj")])
    for p in DEFAULT_TARGET_PREPS:
        yield from _expand(_children_by_prep(verb, p))
        for d in (c for c in verb.children if c.dep_ == "dobj"):
            yield from _expand(_children_by_prep(d, p))
    if depth < 1:
        for comp in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acl")):
            yield from _clause_targets(comp, depth + 1)


PLACE_PREPS = ("in", "at", "near", "inside", "outside", "across", "throughout", "along")


def _under_place_prep(tok: Token, anchor: Token) -> bool:
    cur = tok
    while cur.i != anchor.i and cur.head.i != cur.i:
        if cur.dep_ == "prep" and cur.lower_ in PLACE_PREPS:
            return True
        cur = cur.head
    return False


def _sentence_place(sent: SpacySpan, resolver: DocResolver) -> Actor | None:
    """The first place the sentence puts things in ("in central Baghdad", "near the town of Samarra")."""
    for t in sent:
        if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS + ("of",):
            where = resolver.place(t)
            if where is not None:
                return where
    return None


def _places(verb: Token, entry: Entry) -> Iterator[Token]:
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    holders = [verb, *objects, *(t for o in objects for t in o.subtree if t.pos_ == "NOUN" and t is not o)]
    if entry.absorbs:
        holders += [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
        holders += [g for c in verb.children if c.dep_ in ("xcomp", "ccomp") for g in c.children if g.dep_ == "dobj"]
    for h in holders:
        for p in PLACE_PREPS:
            yield from _children_by_prep(h, p)


def _governing_verb(noun: Token) -> Token | None:
    tok = noun
    for _ in range(4):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _noun_sources(noun: Token, resolver: DocResolver) -> tuple[list[Token], bool]:
    mods = [c for c in noun.lefts if c.dep_ in ("poss", "compound", "amod", "nmod")]
    by = _children_by_prep(noun, "by")
    named = [t for t in _expand(mods + by) if resolver.inner_actor(t) is not None]
    if named:
        return named, False
    if noun.dep_ in ("dobj", "attr", "nsubjpass") or (noun.dep_ == "pobj" and noun.head.dep_ == "prep"):
        verb = _governing_verb(noun)
        if verb is not None and verb.lemma_.lower() in modality_words().support_verbs:
            toks, _ = _verb_sources(verb)
            return toks, True
    return [], False


def _noun_targets(noun: Token, entry: Entry) -> Iterator[Token]:
    order = entry.target or DEFAULT_TARGET_PREPS
    for key in order:
        if key != "dobj":
            yield from _expand(_children_by_prep(noun, key))
    # "the withdrawal of its forces from Panama": the target may hang from the noun's "of" phrase
    for inner in _children_by_prep(noun, "of"):
        for key in order:
            if key not in ("dobj", "of"):
                yield from _expand(_children_by_prep(inner, key))
    verb = _governing_verb(noun)
    if verb is not None and noun.dep_ in ("dobj", "attr"):
        for key in order:
            if key != "dobj":
                yield from _expand(_children_by_prep(verb, key))
        yield from _expand([c for c in verb.children if c.dep_ == "dative"])
    if entry.absorbs:
        for comp in (c for c in noun.children if c.dep_ in ("acl", "xcomp", "relcl") and c.pos_ == "VERB"):
            if comp.dep_ != "relcl":
                yield from _clause_targets(comp)


def resolver_actors(resolver: DocResolver, tokens: list[Token]) -> list[Actor]:
    """Actors named by the tokens (or inside them), one per country for "Israeli and Palestinian negotiators"."""
    out: list[Actor] = []
    for t in tokens:
        for a in resolver.inner_actors(t):
            if a.country is not None and all(not _same(a, b) for b in out):
                out.append(a)
    return out


def _same(a: Actor, b: Actor) -> bool:
    if a.kb_id and b.kb_id and a.kb_id.startswith("person:"):
        return a.kb_id == b.kb_id
    return a.span == b.span if a.span and b.span else (a.country, a.sector, a.name) == (b.country, b.sector, b.name)
