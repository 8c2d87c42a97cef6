"""Who does the act: an ordered list of named strategies, the first that yields an actor wins.

The dependency tree first says where the doer's words are (``arguments.verb_sources`` / ``noun_sources``); then
each strategy in ``SOURCE_STRATEGIES`` tries, in order, to make an actor of them or, failing that, of the
sentence around them. The winner's name is the event's ``source_from``, so a user can tell an actor the text
names from one the coder inferred. When none yields, the trigger makes no event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from tidings.events import wrappers
from tidings.events.anaphor import ANAPHOR, placeholder
from tidings.events.arguments import MISSIONS, noun_sources, resolver_actors, sentence_place, verb_sources
from tidings.events.confidence import background
from tidings.events.frame import Frame
from tidings.events.register import unplaced_doer_can
from tidings.events.speech import side_clause
from tidings.events.tree import LOCAL_ROOTS, PLACE_PREPS, VIOLENT_ROOTS, expand, infinitival, is_passive
from tidings.models import Actor
from tidings.nlp.docview import DocView

PETITION_ROOTS = ("10", "11", "14")  # demands, disapproval, protest: what unnamed crowds of a country do
# acts two parties do with each other: talks, meetings, clashes ("trade between X and Y", "an accord between X
# and Y" name a relation or a thing more often than an act)
RECIPROCAL_ROOTS = ("04", "19")
PROTEST_ROOT = "14"
CROWD_NUMBERS = frozenset(("thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million", "millions",
                           "score", "scores"))  # "thousands protested": a crowd, not an actor
# armed men of no sector of their own ("fighters", "gunmen"; UAF) loyal to an actor of these sectors: their sector
ARMED_OF = {"GOV": "MIL", "MIL": "MIL", "REB": "REB", "INS": "INS"}
THIRD_PARTY = "045"  # "a mediation effort between X and Y": X and Y are mediated, the mediator is someone else
# acts only a state's organs do to people, by the organ that does them when the text names none: arrests and
# detentions (CAMEO 173) the police, expulsions and deportations (174) the government; charging, trying, convicting
# and sentencing (verbs of ``JUDICIAL_ACTS``, coded 173 too) the courts
STATE_ACTS = {"173": "COP", "174": "GOV"}
JUDICIAL_ACTS = frozenset({"charge", "indict", "prosecute", "try", "convict", "sentence", "jail", "imprison"})
STATE_ORGANS = {"COP": "police", "GOV": "government", "JUD": "courts"}


class Sources(NamedTuple):
    """The actors of the source side, the tokens the tree gave for it, whether they were inferred (from a governing
    clause or a fallback: it lowers the confidence) and the name of the strategy that found them. A ``NamedTuple``:
    immutable, and cheaper to make (once per trigger) than a frozen dataclass."""

    actors: list[Actor]
    tokens: list[int]
    inferred: bool
    strategy: str


class Search:
    """One trigger's source search: the tree's words for the doer, read once, and the actor an unnamed doer is
    kept as (read at most once: two strategies ask for it)."""

    __slots__ = ("f", "tokens", "inferred", "_unnamed", "_unnamed_read")

    def __init__(self, f: Frame) -> None:
        self.f = f
        if f.is_verb:
            self.tokens, self.inferred = verb_sources(f.p, f.i)
        else:
            self.tokens, self.inferred = noun_sources(f.p, f.carrier, f.resolver, f.root)
        self._unnamed: Actor | None = None
        self._unnamed_read = False

    def unnamed(self) -> Actor | None:
        """The doer as the text leaves it: the words the knowledge base cannot place ("Ibo traditional elders"),
        or "(unstated)" for "X was accused of ...", "an attempt to assassinate X". None for a comment (root 01):
        an unplaced comment is not worth an event."""
        if not self._unnamed_read:
            self._unnamed_read = True
            self._unnamed = None if self.f.root == "01" else _unnamed_doer(self.f, self.tokens)
        return self._unnamed


def _unnamed_doer(f: Frame, tokens: list[int]) -> Actor | None:
    p, i = f.p, f.i
    if tokens:
        if p.pos[tokens[0]] == "NOUN" and not unplaced_doer_can(f.root, p.lemma[tokens[0]]):
            return None  # "higher oil prices forced ...", "a bomb blasted through ...": no doer of this act (a
            # name stays one: "the County Commission" is no fee)
        tok = p.token(tokens[0])
        # "An intelligence officer said he objected": the doer is the officer, unplaced, not a guess from before
        return f.resolver.unresolved(f.resolver.bound_subject(tok) or tok)
    if f.is_verb and (is_passive(p, i) or (infinitival(p, i) and p.pos[p.head[i]] == "NOUN")):
        return Actor(text="", name="(unstated)", country=None, sector=None, kb_id=None)
    return None


Found = tuple[list[Actor], bool]  # the actors and whether they were inferred


@dataclass(frozen=True, slots=True)
class SourceStrategy:
    """A way to find the source: ``find`` gives the actors and whether they were inferred, or None to pass."""

    name: str
    find: Callable[[Search], Found | None]


def _argument(s: Search) -> Found | None:
    """The actors the tree's words for the doer name: the subject, a passive's ``by`` agent, a noun's possessor."""
    found = resolver_actors(s.f.resolver, s.f.p, s.tokens)
    return (found, s.inferred) if found else None


def _speaker(s: Search) -> Found | None:
    """A speaker's own act said in the first person: "'We will not negotiate,' the minister said" (the quotation's
    speaker, see ``speech.Speakers``), "our troops will withdraw" (the speaker's country's troops)."""
    f = s.f
    if f.speakers is None or background(f.p, f.i) or side_clause(f.p, f.i):
        return None  # "when we ask ...": what a side clause of a quotation mentions is no act of the speaker's
    if s.inferred and f.is_verb and f.p.dep[f.i] != "xcomp":
        # "we need to break the link between arriving and ...": "we" is not who arrives (an event noun's doer is
        # its support verb's subject: "I made a commitment")
        return None
    for t in s.tokens:
        found = f.speakers.first_person(f.p, t)
        if found is not None:
            return [found], s.inferred
    return None


def _between_parties(s: Search) -> Found | None:
    """A reciprocal event noun names its parties in a "between" or "among" phrase: "talks between Armenia and
    Azerbaijan resumed", "clashes between Indian and Chinese troops". Each party is a source, and ``build`` makes
    them each other's targets (one event each way, as CAMEO codes reciprocal acts). Inferred: the phrase names
    parties, not a doer, so the sentence's own act outranks it ("the summit between X and Y failed to agree")."""
    f = s.f
    if f.is_verb or s.tokens or f.root not in RECIPROCAL_ROOTS or f.entry.cameo.startswith(THIRD_PARTY):
        return None
    p = f.p
    parties = expand(p, [*p.by_prep(f.carrier, "between"), *p.by_prep(f.carrier, "among")])
    found = resolver_actors(f.resolver, p, parties)
    if len(found) < 2:
        return None
    s.tokens = parties  # the parties' words are the source's: no target is looked for in them
    return found, True  # the parties, not a grammatical doer: the confidence is that of an inferred source


def _member(s: Search) -> Found | None:
    """An unknown group described by the actors it belongs to: "militants loyal to Iraq's al-Qaeda", "a newspaper
    based in east Beirut". A group word with a sector of its own is that sector of the member's country ("troops
    loyal to the president" are the country's military, armed men loyal to a rebel leader are rebels, "a
    newspaper based in Beirut" Lebanon's media), not the member itself; members of a known body ("leaders in the
    party") are that body."""
    p, tokens = s.f.p, s.tokens
    if not tokens:
        return None
    for t in (x for tok in tokens for x in p.subtree(tok)):
        if t != tokens[0] and p.pos[t] in ("PROPN", "NOUN", "ADJ"):
            found = resolver_actors(s.f.resolver, p, [t])[:1]
            if found:
                member = found[0]
                if not member.country or (member.kb_id or "country:").split(":")[0] not in ("country", "person"):
                    return found, True  # part of a known body ("kidnappers of a rebel group"): that body
                head = p.token(tokens[0])
                own = s.f.resolver.sector_actor(head, member.country)
                if own is None or not own.sector:
                    # a person's followers are that person's side, a body the knowledge base lacks is of the place
                    # it is in ("a customs agency in Miami"), a modifier names the owner ("a Saudi-led coalition");
                    # but things or people of no sector at a place ("explosions in Baghdad", "critics of the Iraq
                    # war") are nobody's
                    named = (member.kb_id or "").startswith("person:") or head.pos_ == "PROPN" or head.is_upper
                    return (found, True) if named or not _through_prep(p, t, tokens[0]) else None
                if own.sector == "UAF" and member.sector in ARMED_OF:  # "fighters" loyal to a state or rebels
                    own = replace(own, sector=ARMED_OF[member.sector])
                return [own], True
    return None


def _through_prep(p: DocView, t: int, top: int) -> bool:
    """Whether token ``t`` hangs from ``top`` through a preposition ("Baghdad" in "explosions in Baghdad"), not as
    a modifier ("Saudi" in "the Saudi-led coalition")."""
    for _ in range(12):
        if t == top or p.head[t] == t:
            return False
        if p.dep[t] == "prep":
            return True
        t = p.head[t]
    return False


def _clause_attacker(s: Search) -> Found | None:
    """Harm told in the passive with no agent, whose "when", "after" or "as" clause says who attacked: "three
    soldiers were killed when militants attacked their post" were killed by those militants (placed as the clause's
    own event places them), "were wounded after police opened fire" by the police. Only a doer the clause names as
    an actor or a group of the sentence's place: "when their bus overturned" names none (and is a mishap)."""
    f = s.f
    if not f.is_verb or f.root not in VIOLENT_ROOTS or s.tokens or not is_passive(f.p, f.i):
        return None
    p = f.p
    for c in p.kids[f.i]:
        if p.dep[c] != "advcl" or is_passive(p, c) or not any(
                p.dep[m] in ("mark", "advmod") and p.lower[m] in ("when", "after", "as") for m in p.kids[c]):
            continue
        doers = expand(p, [k for k in p.kids[c] if p.dep[k] == "nsubj"])
        found = resolver_actors(f.resolver, p, doers)[:1] or _placed_group(f, doers)
        if found:
            return found, True
    return None


def _attackers_at_place(s: Search) -> Found | None:
    """Violence by unnamed attackers ("was killed in a car bombing in Beirut"): CAMEO codes unidentified armed
    forces (UAF) of the country where it happened."""
    f = s.f
    if not f.is_verb or f.root not in VIOLENT_ROOTS:
        return None
    where = sentence_place(f.p, f.sent, f.resolver)
    if where is None:
        return None
    return [Actor(text="", name=f"unidentified attackers ({where.name})", country=where.country, sector="UAF",
                  kb_id=None)], True


def _authorities_at_place(s: Search) -> Found | None:
    """An arrest, a charge or a deportation reported with no doer ("eleven protesters were arrested in Warsaw",
    "three men were charged in Lahore on Monday"): only a state's organs arrest, charge and deport people, so the
    doer is the police, the courts or the government (``STATE_ACTS``) of the country where the sentence puts it, as
    violence by unnamed attackers is that country's unidentified forces (``attackers-at-place``). Only the passive
    with no agent, and only where the verb itself is placed ("arrested in Warsaw", "detained near the border"): not a
    destination ("deported to Kabul"), an origin ("expelled from Canada") or a place the sentence names elsewhere
    ("the former minister of Ukraine was arrested in Spain" is Spain's arrest)."""
    f = s.f
    if s.tokens or not f.is_verb or not is_passive(f.p, f.i):
        return None
    sector = STATE_ACTS.get(f.entry.cameo[:3])
    if sector is None:
        return None
    where = next((a for t in _verb_places(f.p, f.i) if (a := f.resolver.place(f.p.token(t))) is not None
                  and a.country is not None), None)
    if where is None:
        return None
    if f.p.lemma[f.i] in JUDICIAL_ACTS:
        sector = "JUD"
    return [Actor(text="", name=f"{STATE_ORGANS[sector]} ({where.name})", country=where.country, sector=sector,
                  kb_id=None)], True


def _verb_places(p: DocView, verb: int) -> list[int]:
    """The objects of the place prepositions (``PLACE_PREPS``: in, at, near ...) the verb governs itself, each
    followed by the place it is in ("outside the parliament in Warsaw")."""
    out: list[int] = []
    for g in (g for prep, objs in p.preps(verb).items() if prep in PLACE_PREPS for g in objs):
        out.append(g)
        out.extend(h for prep, objs in p.preps(g).items() if prep in PLACE_PREPS for h in objs)
    return out


def _group_at_place(s: Search) -> Found | None:
    """"Tens of thousands of residents blocked highways in Santiago": a crowd, police, troops ... with no country
    of their own act where the sentence puts them."""
    f = s.f
    if not f.is_verb or not s.tokens:
        return None
    found = _placed_group(f, (x for tok in s.tokens for x in f.p.subtree(tok)))
    return (found, True) if found else None


def _protest_at_place(s: Search) -> Found | None:
    """A protest the text tells without naming who protests ("there were protests in Seoul against X", "protests
    erupted in Hanoi", "thousands marched in Lima"): CAMEO codes the civilians of the country where it happens, as
    it codes unnamed attackers (``_attackers_at_place``). Only a verb whose subject is a number of people, or a
    noun with no doer at all, and only where the protest itself is placed: "demonstrations against the war in
    Iraq" or "protests are common in Italy" say nothing about one protest in that place. Not a noun that only
    sets the scene ("spoke at a rally in X": a rally is as often a campaign meeting)."""
    f, p = s.f, s.f.p
    if f.root != PROTEST_ROOT or (s.tokens[:1] and p.lemma[s.tokens[0]] not in CROWD_NUMBERS) or (
            f.is_verb and not s.tokens):
        return None
    if p.dep[f.carrier] == "pobj" and p.lower[p.head[f.carrier]] == "at":
        return None  # "speaking at a rally in X", "arrested at a demonstration": a setting, often not a protest
    holders = [f.carrier]
    head = p.head[f.carrier]
    if not f.is_verb and p.dep[f.carrier] in ("nsubj", "attr") and (
            p.lemma[head] != "be" or any(p.dep[c] == "expl" for c in p.kids[head])):
        # "protests erupted in Hanoi", "there were protests in Seoul"; not "protests are common in Italy"
        holders.append(head)
    for h in holders:
        for prep, objs in p.preps(h).items():
            for t in objs if prep in PLACE_PREPS else ():
                # "outside the US embassy in Seoul": in Seoul, not in the US
                spot = next((o for q, os in p.preps(t).items() if q in PLACE_PREPS for o in os), t) if (
                    p.lemma[t] in MISSIONS) else t
                where = None if p.lemma[spot] in MISSIONS else f.resolver.place(p.token(spot))
                if where is not None and where.country:
                    return [Actor(text="", name=f"protesters ({where.name})", country=where.country, sector="CVL",
                                  kb_id=None)], True
    return None


def _placed_group(f: Frame, tokens: Iterable[int]) -> list[Actor]:
    """The first of ``tokens`` that is a group word (police, troops, a crowd ...), placed in the country of the
    sentence's place (``sentence_place``); empty when the sentence has no place or no such word."""
    where = sentence_place(f.p, f.sent, f.resolver, venues=f.root not in LOCAL_ROOTS)
    if where is None:
        return []
    for t in tokens:
        local = f.resolver.sector_actor(f.p.token(t), where.country)
        if local is not None:
            return [local]
    return []


def _ordered_organ(s: Search) -> Found | None:
    """"The president ordered police to arrest the protesters": a state organ with no country of its own, ordered
    to act by a wrapper verb (``wrappers``), is the orderer's own country's."""
    f = s.f
    if not f.is_verb or not s.tokens or wrappers.governing(f.p, f.i) is None:
        return None
    orderer = resolver_actors(f.resolver, f.p, verb_sources(f.p, f.p.head[f.i])[0])
    if not orderer or orderer[0].country is None:
        return None
    for t in s.tokens:
        local = f.resolver.sector_actor(f.p.token(t), orderer[0].country)
        if local is not None:
            return [local], True
    return None


def _sentence_country(s: Search) -> Found | None:
    """Unnamed protesters and petitioners in a sentence about one country are that country's ("Islamic
    fundamentalists ... demand the resignation of the Algerian president")."""
    found = s.unnamed()
    if found is None or s.f.root not in PETITION_ROOTS:
        return None
    home = s.f.resolver.sole_country(s.f.p.token(s.f.i))
    if home is None:
        return None
    return [replace(found, country=home, name=found.name)], s.inferred


def _unresolved(s: Search) -> Found | None:
    """The event stands even when its actor is unknown to the knowledge base ("Ibo traditional elders demanded"):
    keep the words, leave the country empty."""
    if not s.tokens:
        return None
    found = s.unnamed()
    return ([found], s.inferred) if found is not None else None


def _unstated(s: Search) -> Found | None:
    """The text does not name the doer ("Aristide has been accused of", "an attempt to assassinate X"): the source
    is "(unstated)", with no words and no country."""
    if s.tokens:
        return None
    found = s.unnamed()
    return ([found], s.inferred) if found is not None else None


def _anaphor(s: Search) -> Found | None:
    """A doer the sentence names only by a pronoun or a bare group word that nothing before it in the sentence
    resolves ("He met ...", "The insurgents attacked ..."): kept as a placeholder (``anaphor.placeholder``) that
    ``context_source`` fills from the sentence before, or drops. Only where every other strategy passed, so an
    event the text places otherwise is never replaced; not for a comment (root 01), as with ``unnamed``."""
    f = s.f
    if len(s.tokens) != 1 or f.root == "01" or s.inferred:
        # a subject borrowed from a governing clause ("they sent a ship to rescue the crew") is that clause's,
        # and the clause's own event already has it
        return None
    found = placeholder(f.resolver, f.p.token(s.tokens[0]))
    return ([found], s.inferred) if found is not None else None


SOURCE_STRATEGIES: tuple[SourceStrategy, ...] = (
    SourceStrategy("argument", _argument),
    SourceStrategy("speaker", _speaker),
    SourceStrategy("between-parties", _between_parties),
    SourceStrategy("member", _member),
    # a group the sentence names ("rebels", "soldiers") before unnamed attackers: "Rebels killed six peacekeepers
    # near <a town>" is that country's rebels, not "unidentified attackers"
    SourceStrategy("group-at-place", _group_at_place),
    SourceStrategy("protest-at-place", _protest_at_place),
    SourceStrategy("clause-attacker", _clause_attacker),
    SourceStrategy("attackers-at-place", _attackers_at_place),
    SourceStrategy("authorities-at-place", _authorities_at_place),
    SourceStrategy("ordered-organ", _ordered_organ),
    SourceStrategy("sentence-country", _sentence_country),
    SourceStrategy("unresolved", _unresolved),
    SourceStrategy("unstated", _unstated),
    SourceStrategy(ANAPHOR, _anaphor),
)


def find_sources(f: Frame) -> Sources | None:
    """The source side of the trigger, by the first strategy that yields an actor; None when none does."""
    s = Search(f)
    for strategy in SOURCE_STRATEGIES:
        found = strategy.find(s)
        if found is not None:
            return Sources(found[0], s.tokens, found[1], strategy.name)
    return None
