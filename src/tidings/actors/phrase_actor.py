"""Step 3 of resolving actors: the actor a noun phrase names, as of the article date.

A phrase is its head with the head's left modifiers (``ParsedDoc.phrase``). Its known terms (``terms``) decide:
the term covering the head says what the phrase is, the others supply country, sector and role ("South Korean
President Lee Jae Myung", "US officials", "Lee's top security adviser"). Pronouns go to coreference (``coref``),
names the knowledge base lacks to ``people``; a town it lacks to the gazetteer. Unknown phrases give None, not
guesses: the extractor has its own fallbacks (``fallbacks``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Token

from tidings.actors.coref import ALL_PRONOUNS, Coreference
from tidings.actors.fallbacks import AGENT_SUFFIXES, Fallbacks
from tidings.actors.homes import BODY_KINDS, ArticleCountries
from tidings.actors.kb import NON_STATE_CODES, KnowledgeBase
from tidings.actors.origins import AREAS, PlaceOrigins
from tidings.actors.parsed import Ent, ParsedDoc, PlaceCountry
from tidings.actors.people import People
from tidings.actors.terms import BODY_HEADS, Match, TermScanner
from tidings.models import Actor, Span
from tidings.nlp.text_norm import fold

_UNSEEN = object()  # not in the actor cache (None there is a result)


LIVING = frozenset({"live", "reside", "settle", "base"})  # "Hungarians living in Romania"


class PhraseActors:
    """Resolves the phrases of one article; keeps each answer (by head token) and, through ``coref``, the
    article's coreference state."""

    def __init__(self, kb: KnowledgeBase, doc: ParsedDoc, terms: TermScanner, fallbacks: Fallbacks,
                 day: dt.date | None, gazetteer: PlaceCountry | None = None, whole: str | None = None) -> None:
        self.kb = kb
        self.doc = doc
        self.terms = terms
        self.day = day
        self.gazetteer = gazetteer
        self.fallbacks = fallbacks
        self.coref = Coreference(doc, self)
        # shared names chosen by the article: its spelt-out acronyms, its countries
        self.homes = ArticleCountries(kb, doc, day, gazetteer, whole)
        self.people = People(kb, doc, terms, self.coref, fallbacks, self, day, gazetteer)
        self.origins = PlaceOrigins(doc, gazetteer, self.people.article_countries, day)
        self.cache: dict[int, Actor | None] = {}  # head token -> its actor, as worked out (see ``actor``)
        self._busy: set[int] = set()

    def actor(self, tok: Token) -> Actor | None:
        """The actor a noun phrase headed by ``tok`` names, or None. A phrase that leads back to itself (through
        a pronoun or a modifier) names None on the way."""
        i = tok.i
        result = self.cache.get(i, _UNSEEN)
        if result is not _UNSEEN:
            return result
        if i in self._busy:
            return None
        self._busy.add(i)
        try:
            result = self._actor(tok)
        finally:
            self._busy.discard(i)
        self.cache[i] = result
        return result

    def inner_actor(self, tok: Token, depth: int = 0) -> Actor | None:
        """The actor a phrase names, or else the actor inside it: "Seoul's outreach", "a U.S. request", "the
        request of the EU" all point at the actor who owns the thing."""
        a = self.actor(tok)
        if a is not None:
            return a
        doc = self.doc
        i, dep, tokens, kids, lower = tok.i, doc.dep, doc.tokens, doc.kids, doc.lower
        # a possessive pronoun last: "his Ivorian counterpart" is Ivorian whoever "his" is
        for c in sorted((c for c in kids[i] if c < i and dep[c] in ("poss", "compound", "amod", "nmod")),
                        key=lambda c: doc.pos[c] == "PRON"):
            a = self.actor(tokens[c]) if depth > 1 else self.inner_actor(tokens[c], depth + 1)
            if a is not None:
                return a
        for c in kids[i]:
            if dep[c] == "prep" and lower[c] in ("of", "from", "by", "with"):
                for pobj in kids[c]:
                    if dep[pobj] == "pobj":
                        a = self.actor(tokens[pobj]) if depth else self.inner_actor(tokens[pobj], depth + 1)
                        if a is not None:
                            return a
            if dep[c] == "acl" and doc.tag[c] == "VBN":
                # "the proposal put forward by Egypt", "a plan drafted by France"
                for agent in kids[c]:
                    if dep[agent] == "agent" or (dep[agent] == "prep" and lower[agent] == "by"):
                        for pobj in kids[agent]:
                            a = self.actor(tokens[pobj]) if dep[pobj] == "pobj" else None
                            if a is not None:
                                return a
        return None

    def inner_actors(self, tok: Token) -> list[Actor]:
        """Like inner_actor, but a phrase with conjoined modifiers names one actor per country:
        "Hungarian and Romanian officials" -> HUN officials, ROU officials."""
        first = self.inner_actor(tok)
        if first is None:
            return []
        out = [first]
        for c in self.doc.kids[tok.i]:
            if c > tok.i:
                break  # the rest are right children
            child = self.doc.tokens[c]
            if self.doc.dep[c] in ("amod", "compound", "nmod") and child.conjuncts:
                for conj in child.conjuncts:
                    if conj.i > tok.i:
                        continue
                    a = self.actor(conj)
                    if a is not None and a.country and a.country != first.country:
                        out.append(replace(first, text=f"{conj.text} {tok.text}", name=a.name if first.kb_id and
                                           first.kb_id.startswith("country:") else first.name, country=a.country,
                                           kb_id=a.kb_id, span=Span(conj.idx, tok.idx + len(tok.text))))
        return out

    def describes(self, tok: Token) -> Actor | None:
        """Whom the words ``tok`` heads describe, placed or not ("an intelligence officer": an unplaced SPY;
        "Smith": an unplaced person), as against a thing or a bare group word ("the report", "analysts": None)."""
        return self.fallbacks.unresolved(tok)

    def place(self, tok: Token) -> Actor | None:
        """The country a place lies in ("in the West Bank", "in Helmand province"), as a place, not a government."""
        if self.doc.lower[tok.i] in AREAS:  # "Helmand province", "the province of Helmand": the named place
            return self.origins.area(tok, self.place)
        a = self.actor(tok)
        if a is None or a.country is None or not a.kb_id or not a.kb_id.startswith("country:"):
            return None
        ent = self.doc.ent_at.get(tok.i)
        if ent is not None and ent.label not in ("GPE", "LOC", "FAC"):
            return None
        return replace(a, sector=None, name=self.kb.country_name(a.country) if a.sector else a.name)

    def describe_phrase(self, tokens: list[Token], head: Token | None = None) -> Actor | None:
        """Resolve a free-standing phrase ("the Japanese foreign minister", "former Chancellor Y")."""
        if not tokens:
            return None
        head, phrase = head or tokens[-1], [t.i for t in tokens]
        return self._from_matches(phrase, head, self.terms.scan(phrase))

    def _actor(self, tok: Token) -> Actor | None:
        doc = self.doc
        i, pos, ent_at = tok.i, doc.pos, doc.ent_at
        low = doc.lower[i]
        if pos[i] == "PRON" or low in ALL_PRONOUNS and doc.tag[i] in ("PRP", "PRP$", "WDT", "WP", "WP$"):
            return self.coref.pronoun(tok)
        if pos[i] not in ("NOUN", "PROPN", "ADJ", "NUM", "X") or doc.idx[i] in doc.dateline_chars:
            return None
        if low in ("us", "u.s.", "a", "c") and tok.text in ("US", "U.S.", "A", "C") and i + 1 < len(doc.tokens) \
                and doc.tokens[i + 1].text == "$":
            return None  # "US $50 million" names a currency, not a state
        phrase = doc.phrase(i)
        actor = self.people.name_not_country(tok, self._from_matches(phrase, tok, self.terms.scan(phrase)))
        ent = ent_at.get(i)
        before = ent.start - 1 if ent is not None and ent.start > 0 else None
        name_part = before is not None and pos[before] == "PROPN" and before not in ent_at  # "Kenzo Oshima"
        if actor is None and ent is not None and ent.label in ("GPE", "LOC") and self.gazetteer is not None \
                and i == ent.root and not name_part:
            # a town the knowledge base does not list ("shelled Kharkiv"): the country it lies in
            found = self.gazetteer(ent.span.text, self.people.article_countries, day=self.day)
            if found is not None:
                country, name = found
                return Actor(text=ent.span.text, name=name, country=country, sector=None,
                             kb_id=f"country:{country}", span=Span(ent.start_char, ent.end_char))
        if actor is None and pos[i] == "PROPN" and not name_part and (ent is None or ent.label != "PERSON"):
            actor = self.fallbacks.misspelt_country(tok)
        if actor is None:
            # a descriptor noun with a named person in apposition: "Lee's top security adviser, Wi Sung-lac"
            for c in doc.kids[i]:
                if doc.dep[c] == "appos" and c in ent_at and ent_at[c].label == "PERSON":
                    return self.actor(doc.tokens[c])
        return actor

    def _from_matches(self, tokens: Sequence[int], head: Token, matches: list[Match]) -> Actor | None:
        """The actor of the phrase ``tokens`` (indices) headed by ``head``, from the terms found in it."""
        doc, kb, day = self.doc, self.kb, self.day
        h = head.i
        ent = doc.ent_at.get(h)
        former = bool(doc.former_at) and any(t < h and t in doc.former_at for t in tokens)
        head_match = None
        for m in matches:
            if m.start <= h < m.end:
                head_match = m
                break
        matches = [m for m in matches if m is head_match or self._longer_name(matches, m) is None]  # ``_longer_name``

        country, sector, role = None, None, None
        body = None  # the IGO that gives the country, if one: whose office a title is
        for m in matches:
            if m is head_match:
                continue
            e = self.homes.entry(m)
            if e is None:
                continue
            c, s, r = self.homes.facts(e, m)
            if e.kind in ("country", "capital"):  # "Northern Ireland police", "Santiago de Cuba officials"
                c = self.origins.wider_place(m.start, m.end, c, h) or c
            if c is not None and country is None:
                country, body = c, e if e.kind == "igo" else None
                if sector is None and e.kind in ("capital", "metonym", "igo") and s:
                    sector = s

        if country is None:
            # a named person among the modifiers lends their country: "the Lee administration"
            for t in tokens:
                person = doc.ent_at.get(t)
                if t != h and person is not None and person.label == "PERSON" and t == person.root \
                        and not (ent is not None and ent.start <= t < ent.end):
                    a = self.actor(doc.tokens[t])
                    if a is not None and a.country:
                        country = a.country
                        break

        def make(name: str | None, c: str | None, s: str | None, r: str | None, kb_id: str | None) -> Actor:
            if former and c is not None and c not in ("IGO",):
                s = "ELI"
            span, text = self._phrase_span(tokens, head, ent)
            return Actor(text=text, name=name, country=c, sector=s, role=r, kb_id=kb_id, span=span)

        if head_match is not None and head_match.entries:
            e = self.homes.entry(head_match)
            if e is None:
                return None  # an acronym the article spells out as a name the knowledge base lacks
            if e.kind == "person":
                person = kb.people[e.id]
                if self.people.another_given_name(person, head_match, matches):  # "Paul Nixon": someone else
                    return self.people.unknown_person(ent.span, head, make, country, matches) if ent else None
                c, s, r = self.people.person_facts(person, matches, head_match.start)
                if c is not None:
                    return make(person.name, c, s, r, f"person:{person.id}")
                # the person held no role yet: describe them from the phrase instead
            else:
                c, s, r = kb.facts(e, day)
                kb_id = e.id if ":" in e.id else f"country:{e.id}"
                name = e.name
                longer = self._longer_name(matches, head_match)
                if longer is not None:  # a longer name's end: the body that begins it, else an unknown one
                    owner = self.homes.entry(longer) if longer.entries else None
                    return None if owner is None else make(owner.name, *self.homes.facts(owner, longer), owner.id)
                other = self._other_country_before(matches, head_match, c)
                if other is not None and e.kind in ("metonym", "org", "company", "igo"):
                    # "Chile's Defense Department", "a Colombian Self Defense Forces", "the Israeli Security
                    # Council": a body another country owns under the same name is that country's, with the
                    # sector the name gives (an international body's name: the government's)
                    s = "GOV" if s in (None, "IGO") else s
                    return make(f"{kb.country_name(other)} ({e.name})", other, s, r, f"country:{other}")
                home = self.homes.rehome(e, head_match)
                if home is not None:  # "the Democrats" in a Thai story: Thailand's party of that name
                    return make(f"{kb.country_name(home)} ({self.homes.words(head_match)})", home, "PTY", r,
                                f"country:{home}")
                if e.kind == "demonym" and doc.pos[h] in ("NOUN", "PROPN") and doc.tag[h] in ("NNS", "NNPS"):
                    s = s or "CVL"  # "Palestinians", "Israelis": the people, not the state
                    c = self.home_of_community(h) or c
                return make(name, c, s, r, kb_id)

        member = self._body_member(matches, head_match, h, ent is None, make)
        if member is not None:
            return member
        if ent is not None and (ent.label == "PERSON" or self.people.titled_name(ent.span, head, matches)):
            return self.people.unknown_person(ent.span, head, make, country, matches)

        sw = self.terms.phrase_sector(matches, h)
        if sw is None:
            return None
        role = sw.role or sw.term if sw.title or sw.role else None
        if sw.generic and (owner := self.people.owner_body(head)) is not None and country in (None, owner.country):
            return make(owner.name, owner.country, owner.sector, role, owner.kb_id)  # "a spokesman for Hamas"
        if country is None:
            country = self._country_from_preps(head) or self._possessor_country(head) \
                or self.origins.modifier_place(tokens, h)
        if country is None:
            return None
        name = kb.country_name(country)
        holder = None if former or (country in NON_STATE_CODES and body is None) else \
            self.people.title_holder(country, sw, body)
        if holder is not None:
            return make(holder.name, country, sw.sector, role or sw.term, f"person:{holder.id}")
        return make(f"{name} ({sw.term})", country, sw.sector, role, f"country:{country}")

    def home_of_community(self, h: int) -> str | None:
        """Where a community named by its people lives, when the text says so: "Albanians in Macedonia",
        "Hungarians living in Romania", "police detained ethnic Russians in Tallinn" (for "ethnic", the place of
        the clause it belongs to). It is coded there, not as its kin state: a community is not a government."""
        doc = self.doc
        dep, kids, lower = doc.dep, doc.kids, doc.lower
        holders = [h, *(c for c in kids[h] if dep[c] == "acl" and doc.lemma_key(c) in LIVING)]
        if any(dep[c] == "amod" and lower[c] == "ethnic" for c in kids[h]) and dep[h] in ("nsubj", "dobj"):
            holders.append(doc.head[h])
        for holder in holders:
            for kid in kids[holder]:
                if dep[kid] == "prep" and (lower[kid] in ("in", "inside") or (holder == h and lower[kid] == "of")):
                    where = next((self.place(doc.tokens[g]) for g in kids[kid] if dep[g] == "pobj"), None)
                    if where is not None and where.country is not None:
                        return where.country
        return None

    def _body_member(self, matches: list[Match], head_match: Match | None, h: int, no_ent: bool,
                     make: Callable[..., Actor]) -> Actor | None:
        """People of a named body right before the head, by a generic sector word ("Hezbollah fighters", "Kremlin
        officials", "Hamas spokesman": the body's country and sector, the head's role) or by a member or agent noun
        the knowledge base lacks ("IAEA inspectors", "NATO members"); None otherwise. Only a possessive may stand
        between them, and the body must be an organisation, company or metonym, or an IGO before a noun the
        knowledge base lacks (a country's people are the sector word's: "Palestinian gunmen")."""
        doc, kb = self.doc, self.kb
        role = None
        if head_match is not None:
            sw = kb.sectors.get(fold(head_match.sector_term or "")) if not head_match.entries else None
            if sw is None or not sw.generic:
                return None
            start, role = head_match.start, sw.role or (sw.term if sw.title else None)
        elif no_ent and doc.tag[h] == "NNS" and (doc.lemma_key(h) in BODY_HEADS
                                                 or doc.lemma_key(h).endswith(AGENT_SUFFIXES)):
            start = h
        else:
            return None
        before = next((m for m in reversed(matches) if m.end <= start), None)
        if before is None or not before.entries \
                or not all(doc.punct[t] or doc.dep[t] == "case" for t in range(before.end, start)):
            return None
        e = self.homes.entry(before)
        # an IGO's officials keep the head's sector, as before ("UN officials" IGO GOV, "UN peacekeepers" IGO MIL)
        if e is None or e.kind not in ("org", "company", "metonym") and (e.kind != "igo" or head_match is not None):
            return None
        c, s, r = self.homes.facts(e, before)
        return make(e.name, c, s, role or r, e.id if ":" in e.id else f"country:{e.id}")

    def _longer_name(self, matches: list[Match], m: Match) -> Match | None:
        """``TermScanner.longer_name`` of ``m`` where it is a body's alias; but None for an unknown name that ends
        in a party-family name in an article about one other country: "the Progressive Democratic Party" or "the
        Velorian Democratic Party" there is that country's party (``ArticleCountries.rehome``), not nothing."""
        e = self.homes.entry(m) if m.end - m.start > 1 and m.entries else None
        if e is None or e.kind not in BODY_KINDS:
            return None
        longer = self.terms.longer_name(matches, m)
        return None if longer is not None and not longer.entries and self.homes.rehome(e, m) else longer

    def _other_country_before(self, matches: list[Match], head_match: Match, country: str | None) -> str | None:
        """The country a country name, demonym or possessive right before the head term names ("Chile's", "the
        Colombian"), when it is a state other than ``country`` (the head term's, a state or IGO/NGO): whose the
        head term's body is. Only the word next to the term owns it; "pro-Iranian Hezbollah" is not Iran's."""
        if country is None:
            return None
        doc = self.doc
        for m in matches:
            if m.end > head_match.start:
                break
            between = range(m.end, head_match.start)
            if any(doc.lower[t] not in ("'s", "’s") for t in between) or \
                    (doc.idx[m.start] > 0 and doc.text[doc.idx[m.start] - 1] == "-"):
                continue
            e = self.homes.entry(m)
            if e is not None and e.kind in ("country", "demonym") and e.country and e.country != country:
                return e.country
        return None

    def _phrase_span(self, tokens: Sequence[int], head: Token, ent: Ent | None) -> tuple[Span | None, str]:
        """The characters and the text of the phrase ``tokens`` headed by ``head``, with all of its entity (made
        only for a phrase that names an actor)."""
        idx = self.doc.idx
        head_end = self.doc.end[head.i]
        start = idx[tokens[0]] if tokens else idx[head.i]
        if ent is not None:
            span = Span(min(start, ent.start_char), max(ent.end_char, head_end))
        elif tokens:
            span = Span(start, head_end)
        else:
            return None, head.text
        return span, self.doc.text[span.start : span.end]

    def _country_from_preps(self, head: Token) -> str | None:
        doc = self.doc
        dep, kids = doc.dep, doc.kids
        for c in kids[head.i]:
            if dep[c] == "prep" and doc.lower[c] in ("of", "from", "at", "for"):
                for pobj in kids[c]:
                    if dep[pobj] == "pobj":
                        # "doctors from two American aid groups": the owner inside the phrase counts too
                        a = self.inner_actor(doc.tokens[pobj], depth=1)
                        if a is not None and a.country:
                            return a.country
            # "security forces in Guinea", "demonstrators in Baghdad": a group is coded where it acts
            where = self._place_of(c)
            if where is not None:
                return where
        for c in kids[head.i]:
            if dep[c] == "acl":
                # "rebels operating in Macedonia", "troops stationed in Japan"
                for prep in kids[c]:
                    where = self._place_of(prep)
                    if where is not None:
                        return where
        return None

    def _place_of(self, prep: int) -> str | None:
        """The country of the place in an "in X" / "inside X" phrase, if token ``prep`` is one."""
        doc = self.doc
        if doc.dep[prep] == "prep" and doc.lower[prep] in ("in", "inside"):
            for pobj in doc.kids[prep]:
                a = self.place(doc.tokens[pobj]) if doc.dep[pobj] == "pobj" else None
                if a is not None:
                    return a.country
        return None

    def _possessor_country(self, head: Token) -> str | None:
        """ "their forces": the country of whoever "their" stands for."""
        doc = self.doc
        for c in doc.kids[head.i]:
            if doc.dep[c] == "poss" and doc.pos[c] == "PRON":
                a = self.coref.pronoun(doc.tokens[c])
                if a is not None and a.country and a.country != "IGO":
                    return a.country
        return None
