"""People a phrase names by a name the knowledge base does not hold whole.

"Lee" after "Lee Jae Myung" is the person named before (coreference); "President Bush" alone is the one Bush in
office that day; "Kang Jun-young, a professor at Hankuk University" is described by the title before the name and
the apposition after it; a titled person of unknown nationality acting in a named place is most often that
place's official. The phrase step (``phrase_actor``) asks here once it has found a person's name and no entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from tidings.actors.coref import ActorLookup, Coreference
from tidings.actors.fallbacks import Fallbacks
from tidings.actors.kb import NON_STATE_CODES, Entry, KnowledgeBase, Person, SectorWord, best_entry
from tidings.actors.parsed import ParsedDoc, PlaceCountry
from tidings.actors.roles import PLACEHOLDER_TITLES
from tidings.actors.terms import Match, TermScanner
from tidings.models import Actor, Span
from tidings.nlp.text_norm import fold

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "sheikh",
                        "sheik", "mullah", "ayatollah", "imam", "gen", "col", "maj", "capt", "lt", "sgt", "sen",
                        "rep", "gov", "pres", "president", "senator", "general", "king", "queen", "prince"})

# how the phrase step builds its actor: (name, country, sector, role, kb_id) -> the actor of the whole phrase
# countries whose people are written family name first in English ("Lee Jae-myung",
# but "Hun Sen", "Kim Jong Un", "Xi Jinping"): there a lone first word of a known name is the family name
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "KOR", "PRK", "VNM", "KHM", "MMR", "SGP", "MNG"})
COUNTRY_LABELS = frozenset({"GPE", "NORP", "LOC", "ORG"})  # entities whose country ``article_countries`` reads

MakeActor = Callable[[str | None, str | None, str | None, str | None, str | None], Actor]


class People:
    """Describes the people one article names but the knowledge base does not hold under that name."""

    def __init__(self, kb: KnowledgeBase, doc: ParsedDoc, terms: TermScanner, coref: Coreference,
                 fallbacks: Fallbacks, actors: ActorLookup, day: dt.date | None,
                 gazetteer: PlaceCountry | None = None) -> None:
        self.kb = kb
        self.gazetteer = gazetteer
        self.countries: frozenset[str] | None = None  # ``article_countries``, once asked
        self.doc = doc
        self.terms = terms
        self.coref = coref
        self.fallbacks = fallbacks
        self.actors = actors
        self.day = day

    def another_given_name(self, person: Person, head: Match, matches: list[Match]) -> bool:
        """Whether the one-word name ``head`` (a known person's surname) follows a given name that is not that
        person's, in the same person entity: "Paul Nixon" is not Richard Nixon, "David Blair" not Tony Blair.
        A title or honorific before the surname ("Senator", "Mr") and any word of the person's own name
        ("Richard Nixon" for "Richard M. Nixon") do not count; a known alias of two words matches as a whole."""
        doc, t = self.doc, head.start - 1
        if head.end - head.start != 1 or t < 0 or doc.pos[t] != "PROPN" or not doc.tokens[t].is_title:
            return False
        ent = doc.ent_at.get(head.start)
        if ent is None or ent.label != "PERSON" or ent.start > t or any(m.start <= t < m.end for m in matches):
            return False
        given = fold(doc.tokens[t].text).rstrip(".")
        return given not in HONORIFICS and len(given) > 1 and given not in fold(person.name).replace(".", " ").split()

    def unknown_person(self, ent: SpacySpan, head: Token, make: MakeActor, country: str | None,
                       matches: list[Match]) -> Actor | None:
        """The person entity ``ent`` (headed by ``head``), none of whose names is a known term of its own;
        ``country``: what the phrase's other terms say, if anything."""
        name = ent.text.rstrip("’'s").strip() if ent.text.endswith(("’s", "'s")) else ent.text
        words = fold(name).split()
        if len(words) == 1:
            prior = self.coref.surnames.get(words[0])
            if prior is not None:
                return replace(prior, text=ent.text, span=Span(ent.start_char, ent.end_char))
            title = self.title_before(matches, ent.start)[0]
            kb_person = self.kb_surname(words[0], title)
            if kb_person is not None:
                c, s, r = self.person_facts(kb_person, matches, ent.start)
                return make(kb_person.name, c, s, r, f"person:{kb_person.id}")
            # "President Bush" when two Bushes served: which one is unsure, their country is not
            kin = {self.kb.person_facts(p, self.day)[0] for p in self.kb_people(words[0])}
            if len(kin) == 1 and None not in kin and (title is not None or self.agrees(next(iter(kin)))):
                country = country or kin.pop()
        sector, role = self.title_before(matches, ent.start)
        if sector is None or country is None:
            desc = self.appositive_description(ent, head)
            if desc is not None:
                country = country or desc.country
                sector = sector or desc.sector
                role = role or desc.role
        if country is None and sector is not None:
            # a titled person of unknown nationality acting in a named place ("President Laurent Gbagbo ...
            # the curfew in Abidjan") is most often that place's official
            country = self.sentence_place_country(head) or self.fallbacks.sole_country(head, ent)
        if country is None:
            return None
        return make(name, country, sector, role, None)

    def name_not_country(self, tok: Token, actor: Actor | None) -> Actor | None:
        """``actor``, unless it is a bare country read from the one word ``tok`` that the article uses as part of
        a person's full name ("Michael Jordan ... Jordan scored", "Chad Johnson ... Chad caught") and that the
        entity recogniser also reads as a person here: then the person, if known, else no actor. A name of
        someone from that country ("Abdullah of Jordan") keeps it, and so does a place ("expelled from Canada"
        in a story that names "B'nai Brith Canada", tagged a person)."""
        ent = self.doc.ent_at.get(tok.i)
        if actor is None or actor.sector is not None or actor.text != tok.text or ent is None or \
                ent.label != "PERSON" or actor.kb_id != f"country:{actor.country}":
            return actor
        word = fold(tok.text)
        prior = self.coref.surnames.get(word)
        if prior is not None and prior.country != actor.country:
            return replace(prior, text=actor.text, span=actor.span)
        return None if prior is None and word in self.coref.unknown_words else actor

    def titled_name(self, ent: SpacySpan, head: Token, matches: list[Match]) -> bool:
        """A proper name right after a title is a person, whatever the entity recogniser called it ("Vice-President
        Moody Awori" tagged ORG)."""
        if head.pos_ != "PROPN" or ent.label_ not in ("ORG", "NORP", "GPE", "FAC"):
            return False
        for m in matches:
            if m.sector_term and m.end <= ent.start + 1 and self.kb.sectors[fold(m.sector_term)].title:
                between = self.doc.doc[m.end : head.i + 1]
                return all(t.pos_ == "PROPN" and not t.is_punct for t in between) and 1 <= len(between) <= 3
        return False

    def person_facts(self, person: Person, matches: list[Match], start: int) -> tuple[str | None, str | None,
                                                                                    str | None]:
        """(country, sector, role) of a known person named at token ``start`` after the phrase's ``matches``: the
        knowledge base's, as of the day, with the title written before the name where the knowledge base has no
        sector that day ("President X" before their first dated role) or only an import's placeholder title for
        the role (the Phoenix import calls every GOV code "government official": "Agriculture Minister X" keeps
        the text's "agriculture minister")."""
        c, s, r = self.kb.person_facts(person, self.day)
        if s is None:
            s, r = self.title_before(matches, start)
        elif r in PLACEHOLDER_TITLES:
            r = self.title_before(matches, start)[1] or r
        return c, s, r

    def title_holder(self, country: str, sw: SectorWord, body: Entry | None = None) -> Person | None:
        """The one person holding the title ``sw`` for ``country`` that day ("the Japanese foreign minister"), if
        one. Many IGOs have a secretary-general, so the knowledge base writes an IGO office with its body where
        the title alone is ambiguous ("secretary-general of NATO", "... of the United Nations"): for a phrase
        naming an IGO (``body``) that office is looked for first, and a bare title only after it, so that "the
        NATO secretary general" is not the UN's."""
        if not sw.title:
            return None
        titles = [sw.role or sw.term] + ([sw.term] if sw.role else [])
        holders: list[Person] = []
        if country in NON_STATE_CODES and body is not None:
            names = (body.name, body.id.partition(":")[2])
            for title in (f"{t} of {the}{n}" for t in titles for n in names for the in ("", "the ")):
                holders += [p for p in self.kb.holders(country, title, self.day) if p not in holders]
        for t in titles:
            holders = holders or self.kb.holders(country, t, self.day)
        return holders[0] if len(holders) == 1 else None

    def owner_body(self, head: Token) -> Actor | None:
        """The named body a generic sector word is "of" or "for" ("a spokesman for Hamas", "the leader of the
        Pakistani Taliban", "officials of the World Bank"): an organisation, company or IGO the knowledge base
        knows, whose country and sector the word's holder takes, as "Hamas spokesman" does. A state organ ("the
        Interior Ministry") is no such body: the phrase is then the country's government, as before."""
        doc = self.doc
        for c in doc.kids[head.i]:
            if doc.dep[c] != "prep" or doc.lower[c] not in ("of", "for"):
                continue
            for g in doc.kids[c]:
                a = self.actors.actor(doc.tokens[g]) if doc.dep[g] == "pobj" else None
                if a is not None and a.sector and (a.kb_id or "").split(":")[0] in ("org", "company", "igo"):
                    return a
        return None

    def title_before(self, matches: list[Match], start: int) -> tuple[str | None, str | None]:
        """Sector and role of the title written before a name ("President Bush"), the last one if several. A
        generic title ("leader", "spokesman") after a named party, group or company is that body's: "Tory leader
        Michael Howard" and "BNP leader Nick Griffin" lead parties, not governments."""
        sector, role = None, None
        body: str | None = None
        for m in matches:
            if m.start >= start:
                break
            e = best_entry(m.entries) if m.entries else None
            if e is not None:
                body = self.kb.facts(e, self.day)[1] if e.kind in ("org", "company") else None
            if m.sector_term:
                sw = self.kb.sectors[fold(m.sector_term)]
                sector, role = (body or sw.sector) if sw.generic else sw.sector, sw.role or sw.term
        return sector, role

    def sentence_place_country(self, tok: Token) -> str | None:
        """The country of the first place the sentence names after "in" or "at"."""
        sent = tok.sent
        doc = self.doc
        dep, head, lower, ent_at = doc.dep, doc.head, doc.lower, doc.ent_at
        for t in range(sent.start, sent.end):
            if dep[t] == "pobj" and lower[head[t]] in ("in", "at") and t in ent_at \
                    and ent_at[t].label in ("GPE", "LOC"):
                a = self.actors.place(doc.tokens[t])
                if a is not None:
                    return a.country
        return None

    def appositive_description(self, ent: SpacySpan, head: Token) -> Actor | None:
        """What an apposition says of the person ("X, a professor at Y")."""
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos" and child.i not in range(ent.start, ent.end):
                return self.describe_subtree(child)
        if root.dep_ == "appos" and root.head.i not in range(ent.start, ent.end):
            return self.describe_subtree(root.head, stop=ent.start)
        return None

    def describe_subtree(self, tok: Token, stop: int | None = None) -> Actor | None:
        matches = self.terms.scan([t.i for t in tok.subtree if stop is None or t.i < stop])
        country, sector, role = None, None, None
        sw = self.kb.sectors.get(fold(tok.text)) or self.kb.sectors.get(fold(tok.lemma_))
        for m in matches:
            if m.sector_term and m.start <= tok.i < m.end:
                sw = self.kb.sectors[fold(m.sector_term)]
        if sw is not None:
            sector, role = sw.sector, sw.role or sw.term
        for m in matches:
            e = best_entry(m.entries)
            if e is None:
                continue
            c, s, _ = self.kb.facts(e, self.day)
            if c is not None:
                country = c
                if sector is None:
                    sector = s
                break
        if country is None:
            return None
        return Actor(text=tok.text, country=country, sector=sector, role=role)

    def kb_people(self, word: str) -> list[Person]:
        """The known people a name written alone (and not named in full earlier in the article) can be: those
        whose family name ``word`` is. The index holds first and last words; for a person of a country that
        writes the family name first the first word is the family name and the last a part of the given name
        ("Wen" is not Tsai Ing-wen), elsewhere the last: a given name alone ("Morgan" in a sport story, "Michelle"
        in a welfare story) is someone else far more often than a leader of that name."""
        # a name the article gave in full to someone the knowledge base lacks ("Michael Howard ... Howard") is
        # that person, not a known namesake with another first name (John Howard); the same first name
        # ("Amadou Toure" for Amadou Toumani Toure) may be the known person written shorter
        firsts = self.coref.unknown_names.get(word)
        out = []
        for p in self.kb.surname_index.get(word, []):
            words = fold(p.name).split()
            family_first = not FAMILY_NAME_FIRST.isdisjoint(r.country for r in p.roles)
            if words[0 if family_first else -1] == word and (firsts is None or words[0] in firsts):
                out.append(p)
        return out

    def kb_surname(self, word: str, title: str | None = None) -> Person | None:
        """The one known person ``word`` can name alone: the one in office that day, else the one with a country;
        either only when the article's places agree (``article_countries``): a lone "Davis" in a story set in
        Britain is not a Bahamian prime minister. A title of the sector the person holds that day (``title``:
        "President Bush") is agreement enough."""
        people = self.kb_people(word)
        hits = [p for p in people if p.role_on(self.day) is not None]
        if not hits:
            # nobody of that name in office that day: the one known person it can be, if only one
            hits = [p for p in people if self.kb.person_facts(p, self.day)[0] is not None]
        if len(hits) != 1:
            return None
        country, sector, _ = self.kb.person_facts(hits[0], self.day)
        return hits[0] if (title is not None and title == sector) or self.agrees(country) else None

    def agrees(self, country: str | None) -> bool:
        """Whether a lone name's known bearer of ``country`` fits the article: it names no country, or that one."""
        countries = self.article_countries()
        return not countries or country in countries

    def article_countries(self) -> frozenset[str]:
        """The countries the article's named places, peoples and bodies belong to (as of the day), read once per
        article on first use: what a lone surname's known bearer must agree with. Empty when the article names
        none (then nothing contradicts the bearer). A town few know counts for nothing (``known_only``,
        ``Gazetteer.well_known``): its name says too little of where a story is, and it is often a namesake abroad
        of a place the gazetteer lacks ("Somerset", an English county and towns in New Jersey)."""
        if self.countries is None:
            found: set[str] = set()
            for ent in self.doc.ents:
                if ent.label not in COUNTRY_LABELS:
                    continue
                entry = best_entry(self.kb.lookup(ent.span.text))
                if entry is not None and entry.kind != "person":
                    country = entry.on(self.day)[0]
                elif ent.label == "GPE" and self.gazetteer is not None:
                    country = (self.gazetteer(ent.span.text, known_only=True) or (None, ""))[0]
                else:
                    country = None
                if country is not None and country not in NON_STATE_CODES:
                    found.add(country)
            self.countries = frozenset(found)
        return self.countries
