"""Fallbacks the event extractor asks for when a phrase names no known actor.

``sector_actor`` places a bare sector phrase in a country the sentence already gave ("the police" in a story about
Kenya); ``unresolved`` keeps an actor the knowledge base cannot place ("Ibo traditional elders"), country unknown;
``sole_country`` is the one country a sentence names, if only one. None of them resolves a phrase through the
knowledge base's people or coreference: they read the terms a phrase holds and the shape of the tree.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from tidings.actors.coref import PERSONAL_PRONOUNS
from tidings.actors.kb import KnowledgeBase, SectorWord
from tidings.actors.parsed import ParsedDoc
from tidings.actors.terms import TermScanner
from tidings.models import Actor, Span
from tidings.nlp.text_norm import fold

# nouns for bodies of people, and endings of nouns for people, that can act though the knowledge base lacks them
GROUP_HEADS = frozenset({"group", "party", "movement", "front", "force", "unit", "team", "agency", "body", "committee",
                         "council", "union", "association", "organisation", "organization", "mission", "wing",
                         "faction", "militia", "army", "gang", "cell", "network", "alliance", "coalition", "league",
                         "tribe", "clan", "community", "delegation", "administration", "court", "board", "crowd",
                         "mob", "bombing", "attack", "explosion", "bomb", "blast", "raid"})
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman")


class Fallbacks:
    """The fallbacks for one article."""

    def __init__(self, kb: KnowledgeBase, doc: ParsedDoc, terms: TermScanner, day: dt.date | None) -> None:
        self.kb = kb
        self.doc = doc
        self.terms = terms
        self.day = day
        self.name_words: frozenset[str] | None = None  # ``in_longer_name``, once asked

    def sector_phrase(self, tok: Token) -> tuple[SectorWord, Span] | None:
        """The sector word that heads the noun phrase of ``tok`` ("riot police", "the army") and the phrase's span,
        when the phrase names nothing the knowledge base knows; None otherwise."""
        i, doc = tok.i, self.doc
        if doc.pos[i] not in ("NOUN", "PROPN"):
            return None
        phrase = doc.phrase(i)
        sw = self.terms.phrase_sector(self.terms.scan(phrase), i)
        if sw is None:
            return None
        return sw, Span(doc.idx[phrase[0]], doc.end[i])

    def sector_actor(self, tok: Token, country: str | None) -> Actor | None:
        """A sector phrase with no country of its own ("the government", "police"), placed in ``country``."""
        if country is None or country in ("IGO", "NGO", "IMG", "MNC"):
            return None
        found = self.sector_phrase(tok)
        if found is None:
            return None
        sw, span = found
        return Actor(text=self.doc.text[span.start:span.end], name=f"{self.kb.country_name(country)} ({sw.term})",
                     country=country, sector=sw.sector, role=sw.role, kb_id=f"country:{country}", span=span)

    def bare_sector(self, tok: Token) -> Actor | None:
        """A sector phrase that names no country at all ("soldiers", "riot police", "a judge"): its sector, country
        unknown. For a phrase asked about on its own (``tidings actor``); in an article the extractor places such a
        phrase in the sentence's country (``sector_actor``) instead."""
        found = self.sector_phrase(tok)
        if found is None:
            return None
        sw, span = found
        text = self.doc.text[span.start:span.end]
        return Actor(text=text, name=text, country=None, sector=sw.sector, role=sw.role or (sw.term if sw.title
                     else None), kb_id=None, span=span)

    def unresolved(self, tok: Token) -> Actor | None:
        """An actor the text names but the knowledge base cannot place ("Ibo traditional elders", "Ethopia"): kept
        with its words and sector, country unknown, so that the event it does is not lost. Pronouns are not."""
        doc = self.doc
        i, dep, pos, lower, kids = tok.i, doc.dep, doc.pos, doc.lower, doc.kids
        if pos[i] not in ("NOUN", "PROPN") or lower[i] in PERSONAL_PRONOUNS:
            return None
        if pos[i] == "NOUN" and not self.described(i) and not any(
                self.described(g) for c in kids[i] if dep[c] == "prep" and lower[c] == "of"
                for g in kids[c] if dep[g] == "pobj"):
            return None  # a bare "analysts" or "the group" identifies nobody; "members of the X" does
        sw = self.kb.sectors.get(doc.lemma_key(i)) or self.kb.sectors.get(fold(tok.text))
        if pos[i] == "NOUN" and sw is None and doc.tag[i] != "NNS" and tok.lemma_.lower() not in GROUP_HEADS \
                and not lower[i].endswith(AGENT_SUFFIXES):
            return None  # "the hierarchy", "the goal": not someone who acts
        span = Span(doc.idx[doc.phrase(i)[0]], doc.end[i])
        text = doc.text[span.start:span.end]
        return Actor(text=text, name=text, country=None, sector=sw.sector if sw else None,
                     role=sw.role if sw else None, kb_id=None, span=span)

    def described(self, i: int) -> bool:
        """A name, or a noun with something that tells whose it is: "Ibo elders", "their forces", "roadside
        bombing"."""
        dep, pos = self.doc.dep, self.doc.pos
        return pos[i] == "PROPN" or any(
            dep[c] == "poss" or (dep[c] in ("amod", "compound", "nmod") and pos[c] in ("PROPN", "ADJ", "NOUN"))
            for c in self.doc.kids[i] if c < i)

    def sole_country(self, tok: Token, skip: SpacySpan | None = None) -> str | None:
        """The one country a sentence names, if it names exactly one ("Vice-President X resisted pressure from
        the Kenya Anti-Corruption Commission"): an untitled-by-country official is most often that country's."""
        sent = tok.sent
        dep = self.doc.dep
        found: set[str] = set()
        for m in self.terms.scan([i for i in range(sent.start, sent.end)
                                  if skip is None or not skip.start <= i < skip.end]):
            if dep[m.end - 1] not in ("amod", "compound", "poss", "nmod"):
                continue  # a country named as a modifier ("Zambian people", "the Kenya Anti-Corruption
                # Commission") places the sentence; one named as a party ("against Russia") may be the other side
            for e in m.entries[:1]:
                if e.kind != "person":
                    c = self.kb.facts(e, self.day)[0]
                    if c is not None and c != "IGO":
                        found.add(c)
        return found.pop() if len(found) == 1 else None

    def misspelt_country(self, tok: Token) -> Actor | None:
        """A lone capitalised word one keystroke away from a country or demonym ("Ethopia", "Quatar",
        "Afganistan"): wire copy is typed fast, and the reader still knows the country. Not a word the article
        writes elsewhere inside a longer name (``in_longer_name``)."""
        if not tok.is_alpha or not tok.is_title or len(tok.text) < 6:
            return None
        pos = self.doc.pos
        for j in (tok.i - 1, tok.i + 1):
            if 0 <= j < len(pos) and pos[j] == "PROPN":
                return None  # part of a longer name ("Angela Merkel")
        if fold(tok.text) in self.kb.sectors or self.doc.lemma_key(tok.i) in self.kb.sectors:
            return None  # a word the knowledge base knows as a sector word ("the Greens") is not a misspelling
        entry = self.kb.near_country_term(fold(tok.text))
        if entry is None or self.in_longer_name(fold(tok.text)):
            return None
        return Actor(text=tok.text, name=entry.name, country=entry.country, sector=None,
                     kb_id=f"country:{entry.country}", span=Span(tok.idx, tok.idx + len(tok.text)))

    def in_longer_name(self, word: str) -> bool:
        """Whether the article writes the folded ``word`` inside an entity of two words or more: then the word
        alone is that name shortened ("Columbia University ... Columbia's invitation", "Rodrigo Granda ...
        Granda") or a word of an amount ("two million Swiss Francs"), not a country misspelt ("Colombia",
        "Uganda", "France"). A misspelling is a slip of the keys, seldom repeated inside a name."""
        if self.name_words is None:
            doc = self.doc
            self.name_words = frozenset(w for ent in doc.ents if ent.end - ent.start > 1
                                        for w in fold(ent.span.text).split())
        return word in self.name_words
