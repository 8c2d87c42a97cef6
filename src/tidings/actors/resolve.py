"""Which words in a parsed article name which actors, as of the article date: the resolver the pipeline calls.

``Resolver.for_doc`` gives a ``DocResolver`` for one article, which runs the steps in order:

    parsed.ParsedDoc      what the resolver reads of the doc (its DocView, entities, dateline, phrase extents)
    terms.TermScanner     the knowledge-base terms a phrase holds
    phrase_actor          phrase -> actor, from its terms; with
      coref                 pronouns, lone surnames and speakers, from a prepass over the article
      people                people the knowledge base lacks, from titles and appositions
    fallbacks             what the extractor asks when a phrase names no known actor

``DocResolver`` only wires them and answers for them, so that callers (the event extractor, quotes, the pipeline's
list of mentions) ask one object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tidings.actors.fallbacks import Fallbacks
from tidings.actors.kb import KnowledgeBase
from tidings.actors.parsed import ACTOR_LABELS, SPEECH_LEMMAS, ParsedDoc, PlaceCountry
from tidings.actors.phrase_actor import PhraseActors
from tidings.actors.terms import TermScanner
from tidings.models import Actor
from tidings.nlp.docview import DocReader, DocView

__all__ = ["SPEECH_LEMMAS", "DocResolver", "Resolver"]

Gazetteer = PlaceCountry  # a place name -> (country code, place name), if known


class DocResolver:
    """Resolves actors in one parsed article. Holds the article's coreference state; build one per document.

    ``speakers``, ``surnames``, ``person_mentions`` (see ``coref.Coreference``) and ``dateline_chars`` are what the
    prepass over the article found."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, day: dt.date | None, gazetteer: Gazetteer | None = None,
                 text: str | None = None, view: DocView | None = None, whole: str | None = None) -> None:
        """``text``: ``doc.text`` when the caller has it (spaCy rebuilds it on every access); the resolver slices
        it, so it must be the text the doc was parsed from. ``view``: the doc's ``DocView``, when the caller reads
        the doc through one already (the pipeline does: the extractor reads the same view). ``whole``: the
        article's whole text, when ``doc`` holds only some of its sentences (``homes`` reads the article's
        countries and spelt-out acronyms from all of it)."""
        self.kb = kb
        self.gazetteer = gazetteer
        self.doc = doc
        self.day = day
        self.view = view if view is not None else DocReader().read(doc)
        self.parsed = parsed = ParsedDoc(self.view, text)
        self.text = parsed.text
        self.terms = TermScanner(kb, parsed)
        self.fallbacks = Fallbacks(kb, parsed, self.terms, day)
        self.phrases = PhraseActors(kb, parsed, self.terms, self.fallbacks, day, gazetteer, whole)
        self.coref = coref = self.phrases.coref
        self.speakers, self.surnames, self.person_mentions = coref.speakers, coref.surnames, coref.person_mentions
        self.dateline_chars = parsed.dateline_chars
        coref.prepass(parsed.speech_verbs, parsed.according)

    def actor(self, tok: Token) -> Actor | None:
        """The actor a noun phrase headed by ``tok`` names, or None (unknown phrases give None, not guesses)."""
        return self.phrases.actor(tok)

    def inner_actor(self, tok: Token, depth: int = 0) -> Actor | None:
        """The actor a phrase names, or else the actor inside it ("Seoul's outreach", "a U.S. request")."""
        return self.phrases.inner_actor(tok, depth)

    def inner_actors(self, tok: Token) -> list[Actor]:
        """``inner_actor``, one per country for conjoined modifiers ("Hungarian and Romanian officials")."""
        return self.phrases.inner_actors(tok)

    def place(self, tok: Token) -> Actor | None:
        """The country a place phrase lies in ("in the West Bank"), as a place, not a government."""
        return self.phrases.place(tok)

    def describe_phrase(self, tokens: list[Token], head: Token | None = None) -> Actor | None:
        """Resolve a free-standing phrase ("the Japanese foreign minister", "former Chancellor Y")."""
        return self.phrases.describe_phrase(tokens, head)

    def sector_actor(self, tok: Token, country: str | None) -> Actor | None:
        """A sector phrase with no country of its own ("the government", "police"), placed in ``country``."""
        return self.fallbacks.sector_actor(tok, country)

    def bare_sector(self, tok: Token) -> Actor | None:
        """A sector phrase naming no country ("riot police"): its sector, country unknown."""
        return self.fallbacks.bare_sector(tok)

    def unresolved(self, tok: Token) -> Actor | None:
        """An actor the text names but the knowledge base cannot place, country unknown; but a role or group
        word ("the civil aviation minister", "community activists") in an article about one country
        (``ArticleCountries.dominant``) is that country's."""
        a = self.fallbacks.unresolved(tok)
        if a is None or a.sector is None or a.country is not None or tok.pos_ == "PROPN" \
                or any(m.entries for m in self.terms.scan(self.parsed.phrase(tok.i))):
            return a  # a phrase with a name in it ("Israeli troops") is that name's or nobody's
        home = self.phrases.homes.dominant()
        return a if home is None else replace(a, name=f"{self.kb.country_name(home)} ({a.text})", country=home,
                                              kb_id=f"country:{home}")

    def sole_country(self, tok: Token, skip: SpacySpan | None = None) -> str | None:
        """The one country the sentence of ``tok`` names, if it names exactly one."""
        return self.fallbacks.sole_country(tok, skip)

    def bound_subject(self, tok: Token) -> Token | None:
        """Whom a reported "he" or "she" stands for: the subject of the speech verb whose clause holds it ("the
        officer" in "The officer said he objected"), placed or not; None elsewhere."""
        j = self.coref.bound_subject(tok.i)
        return None if j is None else tok.doc[j]

    def speaker_before(self, sent_start: int) -> Actor | None:
        """The speaker of the last sentence with one before the sentence starting at token ``sent_start``."""
        return self.coref.speaker_before(sent_start)

    def resolved(self) -> dict[int, Actor | None]:
        """Every phrase head resolved so far, asked or on the way (None: named no actor): what two resolvers that
        answer alike must also have worked out alike (later answers depend on it through the cycle guard)."""
        return dict(self.phrases.cache)

    def mentions(self) -> list[Actor]:
        """Every resolved actor mention in the article, in order: named entities and noun-phrase heads."""
        parsed, actor = self.parsed, self.phrases.actor
        heads = [ent.root for ent in parsed.ents if ent.label in ACTOR_LABELS]
        first, sectors, folded, ent_at = self.kb.first_words, self.kb.sectors, parsed.folded, parsed.ent_at
        # only chunks that hold a known word can name an actor: skip the rest without resolving them
        for start, end in parsed.noun_chunks():
            root = parsed.chunk_root(start, end)
            if root in ent_at:
                continue
            if parsed.lemma_key(root) in sectors:
                heads.append(root)
                continue
            for i in range(start, end):
                if folded[i].first in first:
                    heads.append(root)
                    break
        out: list[Actor] = []
        seen: set[tuple[int, int]] = set()
        tokens = parsed.tokens
        for i in sorted(heads):
            a = actor(tokens[i])
            if a is None or a.country is None or a.span is None:
                continue
            key = (a.span.start, a.span.end)
            if key not in seen:
                seen.add(key)
                out.append(a)
        return out


class Resolver:
    """Entry point: one resolver per knowledge base; ``for_doc`` gives the per-article state. ``reader``: the
    ``DocReader`` the event extractor reads docs through, so that both read one view per doc (and its caches of
    strings by id serve both)."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer | None = None, reader: DocReader | None = None) -> None:
        self.kb = kb
        self.gazetteer = gazetteer
        self.reader = reader if reader is not None else DocReader()

    def for_doc(self, doc: Doc, day: dt.date | None, text: str | None = None, whole: str | None = None
                ) -> DocResolver:
        """``text``: the doc's text when the caller already has it (spaCy rebuilds ``doc.text`` on each access);
        ``whole``: the article's whole text, when the doc holds only the sentences the pre-filter kept."""
        return DocResolver(self.kb, doc, day, self.gazetteer, text, self.reader.read(doc), whole)
