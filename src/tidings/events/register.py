"""Whether an event is politics, or the language of business, sport and entertainment read as politics.

The lexicon's verbs are the verbs of all news: a company "offers" a product, "backs" a standard, "releases" its
results; a team "beats" another country's team, a coach "accuses" a striker of cheating; a film is "shot" in a
city. Read from the words alone these are offers, support, releases, assaults. What tells them apart is who takes
part, so the test runs on the coded event, after its sides are known (``data/register.yaml``):

- a company acting commercially: one side is a company and the other is neither a political actor nor a state
  nor a union or campaign group ("Microsoft will offer an anti-virus program", "Nokia agreed to work with Sierra
  Wireless"). A company that sues a government, a ministry that fines a company, miners who strike against a
  mining company stay events;
- an article in the register of sport or entertainment (at least ``MIN_CUES`` different words only that reporting
  uses): there a country names a team ("Wales beat France") or a film's setting, so an event needs a side that is
  a political actor by its sector ("the sports minister criticised the federation" stays).

A third test reads one word's sense: an entry whose act is done to people (``person_objects``: "released the
hostages", "received the Japanese emperor") is that act only when its object names people; with a thing for object
the verb has its everyday sense ("released a study", "received criticism", "receive a bailout"). An entry whose
act is done to people, places or forces (``thing_objects``: "attacked the town") has its everyday sense when its
object is a thing of ``things``: "attacked the proposal", "killed the foxes", "charged a fee", "a film shot in".
An entry whose passive states a condition (``state_passives``) is no act when no agent does it: "we are encouraged
that", "was forced to close" (had to), against "was forced by the army to leave".
Harm done by an accident or a disaster (``mishap_acts``, ``mishaps``: "killed in a helicopter crash") is no assault.
The words are a data file's, so a political scientist can correct a sense without touching code.

A fourth reads a proposing verb's clause: "suggested that the talks move to Havana" or "... that Canada should
negotiate" proposes an act (an appeal), but "figures suggest that TB has increased", "she suggested it was no
accident" state a belief (``proposal_clauses``): only a clause with a modal of obligation or a subjunctive verb is
a proposal. "Recognised that the plan failed" acknowledges a fact (``fact_clauses``): no diplomatic recognition.

Why on the event and per article, not per word: the article's register costs one set intersection of its words
(C code, no Python loop over tokens), and each event is tested once, so the hot path gains no per-token work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from tidings.actors.resolve import DocResolver
from tidings.datafiles.check import read_packaged
from tidings.datafiles.schema import REGISTER
from tidings.events.tree import VIOLENT_ROOTS, agent, is_passive
from tidings.models import Actor, Event
from tidings.nlp.docview import DocView

MIN_CUES = 3  # different register words an article needs: 1% of politics articles have 3, 85% of sport ones
NON_STATES = frozenset({"IGO", "NGO", "IMG", "MNC"})  # CAMEO's non-state "country" codes
REGISTERS = ("sport", "entertainment")
FROM_DOC = "from the doc"  # ``EventExtractor.extract``'s default: read the register from the parsed doc's words
WORD = re.compile(r"[a-z]+")
OBLIGING_MODALS = frozenset({"should", "must", "ought", "shall"})
PAST = frozenset({"VBD", "VBN"})
MISHAP_PREPS = frozenset({"in", "after", "during", "by"})
PEOPLE_ENTITIES = frozenset({"PERSON", "NORP", "GPE", "ORG"})  # named entities that are people or act as people


# nouns of the way walked, which "marched the streets" takes as a path, not an object
PATHS = frozenset({"street", "road", "square", "avenue", "boulevard", "highway", "city", "town", "capital"})


@dataclass(frozen=True)
class Registers:
    """The sectors that make an actor political or a company, and the cue words of each non-political register."""

    political: frozenset[str]
    commercial: frozenset[str]
    counterparts: frozenset[str]  # a union's strike against a company is contention, not commerce
    cues: tuple[tuple[str, frozenset[str]], ...]
    person_objects: frozenset[str]  # lexicon entry ids whose act is done to people
    people: frozenset[str]  # nouns that name people and are no sector word ("prisoners", "pilots")
    proposal_clauses: frozenset[str]  # lexicon entry ids whose clausal complement must propose an act
    fact_clauses: frozenset[str]  # lexicon entry ids that with a that-clause acknowledge a fact
    thing_objects: frozenset[str]  # lexicon entry ids whose act, done to a thing, is the verb's everyday sense
    things: frozenset[str]  # nouns that name things no political act is done to ("study", "fee", "fox")
    state_passives: frozenset[str]  # lexicon entry ids whose passive with no agent is a state, not an act
    mishap_acts: frozenset[str]  # lexicon entry ids of harm that a mishap may cause as well as an attacker
    mishaps: frozenset[str]  # accidents and disasters ("crash", "earthquake"), as nouns or verbs
    theatres: frozenset[str]  # nouns of a war as a whole: a proper name compounded with one is where, not who
    intransitive: frozenset[str]  # lexicon entry ids of acts that take no direct object ("demonstrated a device")
    no_act_verbs: frozenset[str]  # verbs that name no act on their own (gates on the learned model's events)
    aim_verbs: frozenset[str]  # verbs of aim whose act is their complement's ("plans to build")
    harms: frozenset[str]  # attacks and weapons: as an unplaced doer, of harm only ("a car bomb killed six")


@lru_cache(maxsize=1)
def registers() -> Registers:
    raw = read_packaged(REGISTER).data  # held to its schema: every list is there
    return Registers(frozenset(raw["political"]), frozenset(raw["commercial"]), frozenset(raw["counterparts"]),
                     tuple((name, frozenset(str(w).lower() for w in raw[name])) for name in REGISTERS),
                     frozenset(raw["person_objects"]), frozenset(str(w).lower() for w in raw["people"]),
                     frozenset(raw["proposal_clauses"]), frozenset(raw["fact_clauses"]),
                     frozenset(raw["thing_objects"]),
                     frozenset(str(w).lower() for w in raw["things"]), frozenset(raw["state_passives"]),
                     frozenset(raw["mishap_acts"]), frozenset(str(w).lower() for w in raw["mishaps"]),
                     frozenset(str(w).lower() for w in raw["theatres"]), frozenset(raw["intransitive"]),
                     frozenset(str(w).lower() for w in raw["no_act_verbs"]),
                     frozenset(str(w).lower() for w in raw["aim_verbs"]),
                     frozenset(str(w).lower() for w in raw["harms"]))


def register_of_text(text: str) -> str | None:
    """The non-political register of an article's whole text (see ``register_of``). The pipeline asks this of the
    article, not of the parsed doc, which may hold only the sentences the pre-filter kept."""
    return register_of(WORD.findall(text.lower()))


def register_of(words: Iterable[str]) -> str | None:
    """The non-political register of an article, given its lowercased words ("sport", "entertainment"), or None
    when it reads as news of politics (or of nothing in particular)."""
    present = set(words)
    for name, cues in registers().cues:
        if len(cues.intersection(present)) >= MIN_CUES:
            return name
    return None


def political(a: Actor | None) -> bool:
    """Whether an actor is political by its sector (a government, an army, a party, rebels, an IGO)."""
    return a is not None and a.sector in registers().political


def state_or_political(a: Actor | None) -> bool:
    """A political actor, or a state named as such (a bare country: "sanctions on Iran")."""
    if a is None:
        return False
    return political(a) or (a.sector is None and a.country is not None and a.country not in NON_STATES)


def commercial(ev: Event) -> bool:
    """A company acting commercially: a company on one side, and on the other no political actor, state, union or
    campaign group."""
    r = registers()
    src, tgt = ev.source, ev.target
    if src.sector in r.commercial:
        other = tgt
    elif tgt is not None and tgt.sector in r.commercial:
        other = src
    else:
        return False
    return not (state_or_political(other) or (other is not None and other.sector in r.counterparts))


def is_politics(ev: Event, register: str | None) -> bool:
    """Whether an event stays: not a company's commerce, and in a sport or entertainment article, an act with a
    political actor on one side."""
    if commercial(ev):
        return False
    return register is None or political(ev.source) or political(ev.target)


def thing_object(p: DocView, verb: int, entry_id: str, resolver: DocResolver) -> bool:
    """Whether the verb has its everyday sense because of what it is done to (its object, the subject of a
    passive, or the noun a participle modifies: "a film shot in Cape Town").

    Two kinds of entry ask (``data/register.yaml``): an act done to people (``person_objects``: "released the
    hostages") is no event when its object is not people ("released a study", "No comment was released"); an act
    that may be done to people, places and forces (``thing_objects``: "attacked the town", "killed ten soldiers")
    is no event when its object is a thing (``things``: "attacked the proposal", "killed the foxes", "charged a
    fee", "visited the website"). No object at all is no evidence either way. An act that takes no object
    (``intransitive``: "demonstrated outside the embassy") is no event with one ("demonstrated a new battery")."""
    r = registers()
    if entry_id in r.intransitive:  # a path is no object: "marched the streets of the capital"
        return not is_passive(p, verb) and any(p.dep[c] == "dobj" and p.lemma[c] not in PATHS for c in p.kids[verb])
    person = entry_id in r.person_objects
    if not person and entry_id not in r.thing_objects:
        return False
    role = "nsubjpass" if is_passive(p, verb) else "dobj"
    objects = [c for c in p.kids[verb] if p.dep[c] == role]
    if not objects and p.dep[verb] == "acl" and p.tag[verb] == "VBN":
        objects = [p.head[verb]]  # "the film shot in Cape Town", "a deal struck with the airline"
    if not objects:
        return False
    if person:
        return not any(_people(p, o, resolver) for o in objects)
    return all(_thing(p, o) for o in objects)


def unplaced_doer_can(root: str, lemma: str) -> bool:
    """Whether a doer the knowledge base cannot place, headed by the noun ``lemma``, can do an act of CAMEO
    ``root`` (two digits). An attack or a weapon (``harms``) stands for whoever set it off, but only in harm
    ("a car bomb killed six"): a bomb that "blasted through a checkpoint" criticised no one. A thing (``things``)
    does nothing: "higher oil prices forced the government to borrow" is no coercion, "the report accused ..."
    names no accuser."""
    r = registers()
    if lemma in r.things:
        return False
    return lemma not in r.harms or root in VIOLENT_ROOTS


def _thing(p: DocView, t: int) -> bool:
    """Whether the phrase headed by ``t`` names a thing (``things``), or a quantity of one ("three litres of
    water", "a barrel of oil")."""
    things = registers().things
    if p.lemma[t] in things or p.lower[t] in things:
        return True
    return any(p.lemma[g] in things for c in p.kids[t] if p.dep[c] == "prep" and p.lower[c] == "of"
               for g in p.kids[c] if p.dep[g] == "pobj")


def state_passive(p: DocView, verb: int, entry_id: str) -> bool:
    """Whether a verb of ``state_passives`` is a past participle with no agent and no perfect "have": a state of
    mind or a necessity, not an act someone did ("we are encouraged that", "not everyone is convinced",
    "convinced that talks would fail, she left", "the company may be forced to close"). With its agent ("was
    forced by the army to leave") or in the active voice ("has convinced Iran to", "forced the army to") it is
    the act."""
    if p.tag[verb] != "VBN" or entry_id not in registers().state_passives:
        return False
    if agent(p, verb):
        return False
    return is_passive(p, verb) or not any(p.dep[c] == "aux" and p.lemma[c] == "have" for c in p.kids[verb])


def by_mishap(p: DocView, verb: int, entry_id: str) -> bool:
    """Whether harm (``mishap_acts``: "killed", "injured") came from an accident or a disaster (``mishaps``), no
    attacker's act: its subject ("the earthquake killed"), the noun of an "in", "after" or "during" phrase
    ("killed in a helicopter crash", "injured after an accident at the mine") or a "when" clause ("killed when
    their helicopter crashed") is one."""
    r = registers()
    if entry_id not in r.mishap_acts:
        return False
    for c in p.kids[verb]:
        dep = p.dep[c]
        if dep == "nsubj" or (dep == "advcl" and p.pos[c] == "VERB"):
            if p.lemma[c] in r.mishaps:
                return True
        elif dep == "prep" and p.lower[c] in MISHAP_PREPS:
            if any(p.lemma[g] in r.mishaps for g in p.kids[c] if p.dep[g] == "pobj"):
                return True
    return False


def belief_clause(p: DocView, verb: int, entry_id: str) -> bool:
    """Whether a proposing verb (``proposal_clauses``) has a clause that states a belief rather than proposes an
    act: no modal of obligation ("should", "must"), no subjunctive ("that he resign"; "suggested that the talks
    move": a present verb under a past one). A verb with no clause ("suggested talks") proposes. An entry of
    ``fact_clauses`` with a that-clause acknowledges a fact ("recognised that the plan failed"), whatever its mood."""
    r = registers()
    if entry_id in r.fact_clauses:
        # "recognised that the plan failed", "a recognition that something is wrong": a fact acknowledged
        return any(p.dep[c] == "ccomp" or (p.dep[c] == "acl" and any(
            p.dep[g] == "mark" and p.lower[g] == "that" for g in p.kids[c])) for c in p.kids[verb])
    if entry_id not in r.proposal_clauses:
        return False
    clauses = [c for c in p.kids[verb] if p.dep[c] == "ccomp"]
    return bool(clauses) and not any(_proposes(p, verb, c) for c in clauses)


def _proposes(p: DocView, verb: int, clause: int) -> bool:
    auxes = [c for c in p.kids[clause] if p.dep[c] in ("aux", "auxpass")]
    if any(p.lower[a] in OBLIGING_MODALS for a in auxes):
        return True
    if auxes:
        return False  # "has increased", "may continue", "was done"
    return p.tag[clause] == "VB" or (p.tag[clause] == "VBP" and p.tag[verb] in PAST)


def _people(p: DocView, t: int, resolver: DocResolver, depth: int = 0) -> bool:
    """Whether the phrase headed by ``t`` names people: a pronoun, a number or a name; a counted noun ("two
    Kenyan pilots"); a people noun (``people`` in data/register.yaml); an actor or a sector word; or a quantity
    of any of these ("dozens of political activists", "many of those arrested"), or a noun with such an
    appositive ("his rival, the Taiwanese president"). A thing word is no people, even
    as a name or counted ("the World Development Report", "eight litres of water")."""
    if _thing(p, t):
        return False
    if p.pos[t] in ("PRON", "NUM", "PROPN") or p.lemma[t] in registers().people:
        return True
    kids = p.kids[t]
    if any(p.dep[c] == "nummod" for c in kids):
        return True
    if depth == 0:
        if any(p.dep[c] == "appos" and _people(p, c, resolver, 1) for c in kids):
            return True  # "his rival, the Taiwanese president"
        for c in kids:
            if p.dep[c] == "prep" and p.lower[c] == "of":
                if any(_people(p, g, resolver, 1) for g in p.kids[c] if p.dep[g] == "pobj"):
                    return True
    tok = p.token(t)
    return tok.ent_type_ in PEOPLE_ENTITIES or resolver.actor(tok) is not None or resolver.bare_sector(tok) is not None
