"""Which words in a parsed article name which actors, as of the article date.

One mechanism serves every case: a noun phrase is scanned for the longest known terms (countries, demonyms,
capitals, organisations, people, sector words); the term covering the phrase's head decides what the phrase is,
and the other terms supply country, sector and role ("South Korean President Lee Jae Myung", "US officials",
"Lee's top security adviser"). People absent from the knowledge base are described by their titles and
appositions ("Kang Jun-young, a professor at Hankuk University"); surnames and pronouns are resolved within the
article ("Lee", "He added").
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import StringStore
from spacy.symbols import VERB
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..models import Actor, Span
from ..text_norm import fold
from .kb import Entry, KnowledgeBase, Person, best_entry

# "BEIJING:", "WASHINGTON (Reuters) -", "Seoul, Jan 3 (Yonhap) --" at the start of a line place the story;
# they are not actors of its first sentence.
DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Za-z.'-]*(?:[ ][A-Z][A-Za-z.'-]*){0,3})(?:,[^:\n()]{0,30})?[ \t]*"
                      r"(?:\([^)\n]{1,40}\))?[ \t]*(?::|--|—|–|-)[ \t]")
PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "theirs", "itself", "themselves"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "that", "whose"})
PERSONAL_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS
ALL_PRONOUNS = PERSONAL_PRONOUNS | RELATIVE_PRONOUNS
ACTOR_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
FORMER_WORDS = frozenset({"former", "ex", "erstwhile", "onetime", "one-time", "retired", "late"})
NP_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "advmod", "case",
                              "punct", "npadvmod"})
SPEECH_LEMMAS = frozenset({"say", "add", "tell", "state", "announce", "claim", "insist", "declare", "stress",
                           "explain", "argue", "reply", "write", "remark", "comment", "assert", "maintain",
                           "affirm", "reiterate", "acknowledge", "confirm", "emphasise", "emphasize", "note",
                           "predict", "suggest", "ask", "answer", "respond", "continue", "conclude"})


@dataclass(frozen=True)
class Match:
    start: int  # token index in doc
    end: int  # exclusive
    entries: tuple[Entry, ...] = ()
    sector_term: str | None = None


class DocResolver:
    """Resolves actors in one parsed article. Holds the article's coreference state; build one per document."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, day: dt.date | None,
                 gazetteer: Callable[[str], tuple[str, str] | None] | None = None, text: str | None = None) -> None:
        self.kb = kb
        self.gazetteer = gazetteer
        self.doc = doc
        # doc[i] makes a new Token object on every call, and resolving asks for the same tokens again and again
        self._tokens: list[Token] = list(doc)
        self.text = doc.text if text is None else text  # Doc.text rebuilds the string on every access
        self.day = day
        self._ents = doc.ents  # Doc.ents makes new Span objects on every access
        self.ent_of: dict[int, SpacySpan] = {t: ent for ent in self._ents for t in range(ent.start, ent.end)}
        self._cache: dict[int, Actor | None] = {}
        self._fold_cache: dict[int, str] = {}
        self._busy: set[int] = set()
        self.person_mentions: list[tuple[int, Actor]] = []
        self.surnames: dict[str, Actor] = {}
        self.speakers: dict[int, Actor] = {}  # sentence start token -> speaker of that sentence
        self._sent_starts = [s.start for s in doc.sents]
        self.dateline_chars = {i for m in DATELINE.finditer(self.text[:2000]) if _looks_like_dateline(m)
                               for i in range(m.start(1), m.end(1))}
        # the few tokens worth a look, found from the doc's arrays rather than token by token (and without a
        # Python list per token, which kept the garbage collector busy; np.isin costs more than it saves here)
        ids = _word_ids(doc.vocab.strings)
        arr = doc.to_array([LEMMA, POS, LOWER])
        verbs = np.flatnonzero(arr[:, 1] == VERB)
        speech = [i for i, lemma in zip(verbs.tolist(), arr[verbs, 0].tolist(), strict=True) if lemma in ids.speech]
        self._former_at = {i for i, low in enumerate(arr[:, 2].tolist()) if low in ids.former}  # "former", "ex"
        self._prepass(speech, np.flatnonzero(arr[:, 2] == ids.according).tolist())

    # ---------------------------------------------------------------- public
    def actor(self, tok: Token) -> Actor | None:
        """The actor a noun phrase headed by ``tok`` names, or None (unknown phrases give None, not guesses)."""
        if tok.i in self._cache:
            return self._cache[tok.i]
        if tok.i in self._busy:
            return None
        self._busy.add(tok.i)
        try:
            result = self._actor(tok)
        finally:
            self._busy.discard(tok.i)
        self._cache[tok.i] = result
        return result

    def inner_actor(self, tok: Token, depth: int = 0) -> Actor | None:
        """The actor a phrase names, or else the actor inside it: "Seoul's outreach", "a U.S. request", "the
        request of the EU" all point at the actor who owns the thing."""
        a = self.actor(tok)
        if a is not None:
            return a
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < tok.i:
                a = self.actor(child) if depth > 1 else self.inner_actor(child, depth + 1)
                if a is not None:
                    return a
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "by", "with"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        a = self.actor(pobj) if depth else self.inner_actor(pobj, depth + 1)
                        if a is not None:
                            return a
            if child.dep_ == "acl" and child.tag_ == "VBN":
                # "the proposal put forward by Egypt", "a plan drafted by France"
                for agent in child.children:
                    if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"):
                        for pobj in agent.children:
                            a = self.actor(pobj) if pobj.dep_ == "pobj" else None
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
        for child in tok.lefts:
            if child.dep_ in ("amod", "compound", "nmod") and child.conjuncts:
                for conj in child.conjuncts:
                    if conj.i > tok.i:
                        continue
                    c = self.actor(conj)
                    if c is not None and c.country and c.country != first.country:
                        out.append(replace(first, text=f"{conj.text} {tok.text}", name=c.name if first.kb_id and
                                           first.kb_id.startswith("country:") else first.name, country=c.country,
                                           kb_id=c.kb_id, span=Span(conj.idx, tok.idx + len(tok.text))))
        return out

    def place(self, tok: Token) -> Actor | None:
        """The country a place phrase lies in ("in the West Bank", "in central Tehran"), as a place, not a
        government."""
        a = self.actor(tok)
        if a is None or a.country is None or not a.kb_id or not a.kb_id.startswith("country:"):
            return None
        ent = self.ent_of.get(tok.i)
        if ent is not None and ent.label_ not in ("GPE", "LOC", "FAC"):
            return None
        return replace(a, sector=None, name=self.kb.country_name(a.country) if a.sector else a.name)

    def sector_actor(self, tok: Token, country: str | None) -> Actor | None:
        """A sector phrase with no country of its own ("the government", "police"), placed in ``country``."""
        if country is None or country in ("IGO", "NGO", "IMG", "MNC") or tok.pos_ not in ("NOUN", "PROPN"):
            return None
        tokens = self._phrase_tokens(tok)
        head_match = next((m for m in self._scan(tokens) if m.start <= tok.i < m.end), None)
        if head_match is None or not head_match.sector_term or head_match.entries:
            return None
        sw = self.kb.sectors[fold(head_match.sector_term)]
        span = Span(tokens[0].idx, tok.idx + len(tok.text))
        return Actor(text=self.text[span.start:span.end], name=f"{self.kb.country_name(country)} ({sw.term})",
                     country=country, sector=sw.sector, role=sw.role, kb_id=f"country:{country}", span=span)

    def unresolved(self, tok: Token) -> Actor | None:
        """An actor the text names but the knowledge base cannot place ("Ibo traditional elders", "Ethopia"): kept
        with its words and sector, country unknown, so that the event it does is not lost. Pronouns are not."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in PERSONAL_PRONOUNS:
            return None
        if tok.pos_ == "NOUN" and not _described(tok) and not any(
                _described(g) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj"):
            return None  # a bare "analysts" or "the group" identifies nobody; "members of the X" does
        sw = self.kb.sectors.get(fold(tok.lemma_)) or self.kb.sectors.get(fold(tok.text))
        if tok.pos_ == "NOUN" and sw is None and tok.tag_ != "NNS" and tok.lemma_.lower() not in GROUP_HEADS \
                and not tok.lower_.endswith(AGENT_SUFFIXES):
            return None  # "the hierarchy", "the goal": not someone who acts
        tokens = self._phrase_tokens(tok)
        span = Span(tokens[0].idx, tok.idx + len(tok.text))
        text = self.text[span.start:span.end]
        return Actor(text=text, name=text, country=None, sector=sw.sector if sw else None,
                     role=sw.role if sw else None, kb_id=None, span=span)

    def describe_phrase(self, tokens: list[Token], head: Token | None = None) -> Actor | None:
        """Resolve a free-standing phrase ("the Japanese foreign minister", "former Chancellor Y")."""
        if not tokens:
            return None
        head = head or tokens[-1]
        return self._from_matches(tokens, head, self._scan(tokens))

    def mentions(self) -> list[Actor]:
        """Every resolved actor mention in the article, in order: named entities and noun-phrase heads."""
        heads: list[Token] = [ent.root for ent in self._ents if ent.label_ in ACTOR_LABELS]
        first, sectors = self.kb.first_words, self.kb.sectors
        # only chunks that hold a known word can name an actor: skip the rest without resolving them
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if root.i not in self.ent_of and (fold(root.lemma_) in sectors or any(
                    self._folded_at(i) in first for i in range(chunk.start, chunk.end))):
                heads.append(root)
        out: list[Actor] = []
        seen: set[tuple[int, int]] = set()
        for tok in sorted(heads, key=lambda t: t.i):
            a = self.actor(tok)
            if a is None or a.country is None or a.span is None:
                continue
            key = (a.span.start, a.span.end)
            if key not in seen:
                seen.add(key)
                out.append(a)
        return out

    def speaker_before(self, sent_start: int) -> Actor | None:
        prior = [s for s in self.speakers if s < sent_start]
        return self.speakers[max(prior)] if prior else None

    # ---------------------------------------------------------------- internals
    def _prepass(self, speech: list[int], accord: list[int]) -> None:
        """Walk the article in order once, so that surnames and pronouns can look back. ``speech``: the indices of
        speech verbs ("said"); ``accord``: of "according"."""
        doc = self.doc
        person_roots = sorted({ent.root.i for ent in self._ents if ent.label_ == "PERSON"})
        for sent in doc.sents:
            for i in person_roots[bisect_left(person_roots, sent.start):bisect_left(person_roots, sent.end)]:
                a = self.actor(self._tokens[i])
                if a is not None:
                    self._remember_person(self.ent_of[i], a)
            for i in speech[bisect_left(speech, sent.start):bisect_left(speech, sent.end)]:
                tok = self._tokens[i]
                subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    pronoun = subj.lower_ in PERSON_PRONOUNS
                    a = self._speaker_pronoun(sent.start) if pronoun else self.actor(subj)
                    if a is not None:
                        self.speakers[sent.start] = a
                        break
            else:
                for i in accord[bisect_left(accord, sent.start):bisect_left(accord, sent.end)]:
                    if i + 1 < len(doc) and self._tokens[i + 1].lower_ == "to":
                        pobj = next((c for c in self._tokens[i + 1].children if c.dep_ == "pobj"), None)
                        a = self.actor(pobj) if pobj is not None else None
                        if a is not None:
                            self.speakers[sent.start] = a

    def _inside_person(self, start: int, end: int) -> bool:
        ent = self.ent_of.get(start)
        return ent is not None and ent.label_ == "PERSON" and (ent.start, ent.end) != (start, end) \
            and ent.start <= start and end <= ent.end

    def _folded(self, tok: Token) -> str:
        return self._folded_at(tok.i)

    def _folded_at(self, i: int) -> str:
        """The folded first word of token ``i``, by index so that scanning a span need not make its Token objects."""
        f = self._fold_cache.get(i)
        if f is None:
            text = self._tokens[i].text
            f = self._fold_cache[i] = fold(text).split(" ")[0] if text.strip() else ""
        return f

    def _remember_person(self, ent: SpacySpan, actor: Actor) -> None:
        self.person_mentions.append((ent.end - 1, actor))
        words = fold(ent.text).split()
        if len(words) >= 2:
            for w in (words[0], words[-1]):
                self.surnames.setdefault(w, actor)

    def _speaker_pronoun(self, sent_start: int) -> Actor | None:
        return self.speaker_before(sent_start) or self._last_person_before(sent_start)

    def _last_person_before(self, i: int) -> Actor | None:
        best = None
        for j, a in self.person_mentions:
            if j < i:
                best = a
        return best

    def _actor(self, tok: Token) -> Actor | None:
        low = tok.lower_
        if tok.pos_ == "PRON" or low in ALL_PRONOUNS and tok.tag_ in (
            "PRP", "PRP$", "WDT", "WP", "WP$"
        ):
            return self._pronoun(tok)
        if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "X") or tok.idx in self.dateline_chars:
            return None
        if tok.text in ("US", "U.S.", "A", "C") and tok.i + 1 < len(self._tokens) \
                and self._tokens[tok.i + 1].text == "$":
            return None  # "US $50 million" names a currency, not a state
        tokens = self._phrase_tokens(tok)
        actor = self._from_matches(tokens, tok, self._scan(tokens))
        ent = self.ent_of.get(tok.i)
        before = self._tokens[ent.start - 1] if ent is not None and ent.start > 0 else None
        name_part = before is not None and before.pos_ == "PROPN" and before.i not in self.ent_of  # "Kenzo Oshima"
        if actor is None and ent is not None and ent.label_ in ("GPE", "LOC") and self.gazetteer is not None \
                and tok.i == ent.root.i and not name_part:
            # a town the knowledge base does not list ("shelled Kharkiv"): the country it lies in
            found = self.gazetteer(ent.text)
            if found is not None:
                country, name = found
                return Actor(text=ent.text, name=name, country=country, sector=None, kb_id=f"country:{country}",
                             span=Span(ent.start_char, ent.end_char))
        if actor is None and tok.pos_ == "PROPN" and not name_part and (ent is None or ent.label_ != "PERSON"):
            actor = self._misspelt_country(tok)
        if actor is None:
            # a descriptor noun with a named person in apposition: "Lee's top security adviser, Wi Sung-lac"
            for child in tok.children:
                if child.dep_ == "appos" and child.i in self.ent_of and self.ent_of[child.i].label_ == "PERSON":
                    return self.actor(child)
        return actor

    def _phrase_tokens(self, tok: Token) -> list[Token]:
        """The head with its left modifiers (and the rest of its named entity)."""
        start = tok.i
        for child in tok.lefts:
            if child.dep_ in NP_MODIFIER_DEPS or child.dep_ in ("appos",):
                start = min(start, child.left_edge.i)
        end = tok.i + 1
        ent = self.ent_of.get(tok.i)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end)
        while start < tok.i and self._tokens[start].dep_ in ("det", "punct", "case", "cc"):
            start += 1
        return self._tokens[start:end]

    def _scan(self, tokens: list[Token]) -> list[Match]:
        """Longest-first matching of known terms over the phrase."""
        out: list[Match] = []
        i, n = 0, len(tokens)
        maxw = max(self.kb.max_term_words, 4) + 2
        first_words, sectors = self.kb.first_words, self.kb.sectors
        while i < n:
            tok = tokens[i]
            if tok.is_punct or tok.dep_ == "case":
                i += 1
                continue
            lemma_key = None
            if self._folded_at(tok.i) not in first_words:
                lemma_key = fold(tok.lemma_)
                if lemma_key not in sectors:
                    i += 1
                    continue
            found = self._longest_match(tokens, i, min(n, i + maxw), lemma_key)
            if found:
                out.append(found)
                i += found.end - found.start
            else:
                i += 1
        return out

    def _longest_match(self, tokens: list[Token], i: int, stop: int, lemma_key: str | None) -> Match | None:
        """The longest known term starting at ``tokens[i]`` and ending before ``tokens[stop]``.

        ``lemma_key``: the folded lemma of ``tokens[i]`` when the caller has it already."""
        text, kb = self.text, self.kb
        tok = tokens[i]
        start_char = tok.idx
        for j in range(stop, i, -1):
            last = tokens[j - 1]
            key = fold(text[start_char : last.idx + len(last.text)])
            if not key:
                continue
            entries = kb.terms.get(key)
            if entries and not any(t.is_title or t.is_upper or not t.is_alpha for t in tokens[i:j]):
                entries = None  # names are written with capitals: "shell bombs" is not Shell, "us" not the US
            if entries and key in kb.possessive_names:
                after = last.nbor(1) if last.i + 1 < len(self._tokens) else None
                if after is None or after.lower_ not in ("'s", "’s"):
                    entries = [e for e in entries if e.kind in ("person", "country", "demonym")] or None
            if entries and self._inside_person(tok.i, last.i + 1):
                entries = [e for e in entries if e.kind == "person"] or None  # "Moody" in "Moody Awori"
            sector = kb.sectors.get(key)
            if sector is None and j - i == 1:
                sector = kb.sectors.get(lemma_key if lemma_key is not None else fold(tok.lemma_))
            if entries or sector:
                return Match(tok.i, last.i + 1, tuple(entries or ()), sector.term if sector else None)
        return None

    def _from_matches(self, tokens: list[Token], head: Token, matches: list[Match]) -> Actor | None:
        ent = self.ent_of.get(head.i)
        span_start = tokens[0].idx if tokens else head.idx
        span = Span(span_start, head.idx + len(head.text)) if tokens else None
        if ent is not None:
            span = Span(min(span_start, ent.start_char), max(ent.end_char, head.idx + len(head.text)))
        text = self.text[span.start : span.end] if span else head.text
        former = bool(self._former_at) and any(t.i < head.i and t.i in self._former_at for t in tokens)
        head_match = next((m for m in matches if m.start <= head.i < m.end), None)

        country, sector, role = None, None, None
        for m in matches:
            if m is head_match:
                continue
            e = _best(m.entries)
            if e is None:
                continue
            c, s, r = self._entry_facts(e)
            if c is not None and country is None:
                country = c
                if sector is None and e.kind in ("capital", "metonym", "igo") and s:
                    sector = s

        if country is None:
            # a named person among the modifiers lends their country: "the Lee administration"
            for t in tokens:
                if t.i != head.i and t.i in self.ent_of and self.ent_of[t.i].label_ == "PERSON" \
                        and t.i == self.ent_of[t.i].root.i \
                        and not (ent is not None and t.i in range(ent.start, ent.end)):
                    a = self.actor(t)
                    if a is not None and a.country:
                        country = a.country
                        break

        def make(name: str | None, c: str | None, s: str | None, r: str | None, kb_id: str | None) -> Actor:
            if former and c is not None and c not in ("IGO",):
                s = "ELI"
            return Actor(text=text, name=name, country=c, sector=s, role=r, kb_id=kb_id, span=span)

        if head_match is not None and head_match.entries:
            e = _best(head_match.entries)
            assert e is not None
            if e.kind == "person":
                person = self.kb.people[e.id]
                c, s, r = self._person_facts(person)
                if c is not None:
                    if s is None:
                        s, r = self._title_before(matches, head_match.start)
                    return make(person.name, c, s, r, f"person:{person.id}")
                # the person held no role yet: describe them from the phrase instead
            else:
                c, s, r = self._entry_facts(e)
                kb_id = e.id if ":" in e.id else f"country:{e.id}"
                name = e.name
                if e.kind == "demonym" and head.pos_ in ("NOUN", "PROPN") and head.tag_ in ("NNS", "NNPS"):
                    s = s or "CVL"  # "Palestinians", "Israelis": the people, not the state
                    # "ethnic Albanians in southern Serbia": a community is coded where it lives
                    for child in head.children:
                        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                            where = next((self.place(g) for g in child.children if g.dep_ == "pobj"), None)
                            if where is not None:
                                c = where.country
                return make(name, c, s, r, kb_id)

        if ent is not None and (ent.label_ == "PERSON" or self._titled_name(ent, head, matches)):
            return self._unknown_person(ent, head, make, country, matches)

        sector_match = head_match if head_match is not None and head_match.sector_term else None
        if sector_match is None:
            return None
        sw = self.kb.sectors[fold(sector_match.sector_term or "")]
        role = sw.role or sw.term if sw.title or sw.role else None
        if country is None:
            country = self._country_from_preps(head) or self._possessor_country(head)
        if country is None:
            return None
        name = self.kb.country_name(country)
        holder = self._title_holder(country, sw, former)
        if holder is not None:
            return make(holder.name, country, sw.sector, role or sw.term, f"person:{holder.id}")
        return make(f"{name} ({sw.term})", country, sw.sector, role, f"country:{country}")

    def _title_holder(self, country: str, sw, former: bool) -> Person | None:  # noqa: ANN001
        if former or not sw.title:
            return None
        holders = self.kb.holders(country, sw.role or sw.term, self.day)
        if not holders and sw.role:
            holders = self.kb.holders(country, sw.term, self.day)
        return holders[0] if len(holders) == 1 else None

    def _country_from_preps(self, head: Token) -> str | None:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "at", "for"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        # "doctors from two American aid groups": the owner inside the phrase counts too
                        a = self.inner_actor(pobj, depth=1)
                        if a is not None and a.country:
                            return a.country
            # "security forces in Guinea", "demonstrators in Baghdad": a group is coded where it acts
            where = self._place_of(child)
            if where is not None:
                return where
        for child in head.children:
            if child.dep_ == "acl":
                # "rebels operating in Macedonia", "troops stationed in Japan"
                for prep in child.children:
                    where = self._place_of(prep)
                    if where is not None:
                        return where
        return None

    def _place_of(self, prep: Token) -> str | None:
        """The country of the place in an "in X" / "inside X" phrase, if ``prep`` is one."""
        if prep.dep_ == "prep" and prep.lower_ in ("in", "inside"):
            for pobj in prep.children:
                a = self.place(pobj) if pobj.dep_ == "pobj" else None
                if a is not None:
                    return a.country
        return None

    def _unknown_person(self, ent: SpacySpan, head: Token, make, country, matches) -> Actor | None:  # noqa: ANN001
        name = ent.text.rstrip("’'s").strip() if ent.text.endswith(("’s", "'s")) else ent.text
        words = fold(name).split()
        if len(words) == 1:
            prior = self.surnames.get(words[0])
            if prior is not None:
                return replace(prior, text=ent.text, span=Span(ent.start_char, ent.end_char))
            kb_person = self._kb_surname(words[0])
            if kb_person is not None:
                c, s, r = self._person_facts(kb_person)
                if s is None:
                    s, r = self._title_before(matches, ent.start)
                return make(kb_person.name, c, s, r, f"person:{kb_person.id}")
            # "President Bush" when two Bushes served: which one is unsure, their country is not
            kin = {self._person_facts(p)[0] for p in self._surname_index().get(words[0], [])}
            if len(kin) == 1 and None not in kin:
                country = country or kin.pop()
        sector, role = self._title_before(matches, ent.start)
        if sector is None or country is None:
            desc = self._appositive_description(ent, head)
            if desc is not None:
                country = country or desc.country
                sector = sector or desc.sector
                role = role or desc.role
        if country is None and sector is not None:
            # a titled person of unknown nationality acting in a named place ("President Laurent Gbagbo ...
            # the curfew in Abidjan") is most often that place's official
            country = self._sentence_place_country(head) or self.sole_country(head, ent)
        if country is None:
            return None
        return make(name, country, sector, role, None)

    def sole_country(self, tok: Token, skip: SpacySpan | None = None) -> str | None:
        """The one country a sentence names, if it names exactly one ("Vice-President X resisted pressure from
        the Kenya Anti-Corruption Commission"): an untitled-by-country official is most often that country's."""
        sent = tok.sent
        found: set[str] = set()
        for m in self._scan([t for t in sent if skip is None or not skip.start <= t.i < skip.end]):
            if self._tokens[m.end - 1].dep_ not in ("amod", "compound", "poss", "nmod"):
                continue  # a country named as a modifier ("Zambian people", "the Kenya Anti-Corruption
                # Commission") places the sentence; one named as a party ("against Russia") may be the other side
            for e in m.entries[:1]:
                if e.kind != "person":
                    c = self._entry_facts(e)[0]
                    if c is not None and c != "IGO":
                        found.add(c)
        return found.pop() if len(found) == 1 else None

    def _misspelt_country(self, tok: Token) -> Actor | None:
        """A lone capitalised word one keystroke away from a country or demonym ("Ethopia", "Quatar",
        "Afganistan"): wire copy is typed fast, and the reader still knows the country."""
        doc = self.doc
        if not tok.is_alpha or not tok.is_title or len(tok.text) < 6:
            return None
        for j in (tok.i - 1, tok.i + 1):
            if 0 <= j < len(doc) and doc[j].pos_ == "PROPN":
                return None  # part of a longer name ("Angela Merkel")
        entry = self.kb.near_country_term(fold(tok.text))
        if entry is None:
            return None
        return Actor(text=tok.text, name=entry.name, country=entry.country, sector=None,
                     kb_id=f"country:{entry.country}", span=Span(tok.idx, tok.idx + len(tok.text)))

    def _possessor_country(self, head: Token) -> str | None:
        """ "their forces": the country of whoever "their" stands for."""
        for c in head.children:
            if c.dep_ == "poss" and c.pos_ == "PRON":
                a = self._pronoun(c)
                if a is not None and a.country and a.country != "IGO":
                    return a.country
        return None

    def _titled_name(self, ent: SpacySpan, head: Token, matches: list[Match]) -> bool:
        """A proper name right after a title is a person, whatever the entity recogniser called it ("Vice-President
        Moody Awori" tagged ORG)."""
        if head.pos_ != "PROPN" or ent.label_ not in ("ORG", "NORP", "GPE", "FAC"):
            return False
        for m in matches:
            if m.sector_term and m.end <= ent.start + 1 and self.kb.sectors[fold(m.sector_term)].title:
                between = self.doc[m.end : head.i + 1]
                return all(t.pos_ == "PROPN" and not t.is_punct for t in between) and 1 <= len(between) <= 3
        return False

    def _title_before(self, matches: list[Match], start: int) -> tuple[str | None, str | None]:
        """Sector and role of the title written before a name ("President Bush"), the last one if several."""
        sector, role = None, None
        for m in matches:
            if m.sector_term and m.start < start:
                sw = self.kb.sectors[fold(m.sector_term)]
                sector, role = sw.sector, sw.role or sw.term
        return sector, role

    def _sentence_place_country(self, tok: Token) -> str | None:
        sent = tok.sent
        for t in sent:
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "at") and t.i in self.ent_of \
                    and self.ent_of[t.i].label_ in ("GPE", "LOC"):
                a = self.place(t)
                if a is not None:
                    return a.country
        return None

    def _appositive_description(self, ent: SpacySpan, head: Token) -> Actor | None:
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos" and child.i not in range(ent.start, ent.end):
                return self._describe_subtree(child)
        if root.dep_ == "appos" and root.head.i not in range(ent.start, ent.end):
            return self._describe_subtree(root.head, stop=ent.start)
        return None

    def _describe_subtree(self, tok: Token, stop: int | None = None) -> Actor | None:
        tokens = [t for t in tok.subtree if stop is None or t.i < stop]
        matches = self._scan(tokens)
        country, sector, role = None, None, None
        sw = self.kb.sectors.get(fold(tok.text)) or self.kb.sectors.get(fold(tok.lemma_))
        for m in matches:
            if m.sector_term and m.start <= tok.i < m.end:
                sw = self.kb.sectors[fold(m.sector_term)]
        if sw is not None:
            sector, role = sw.sector, sw.role or sw.term
        for m in matches:
            e = _best(m.entries)
            if e is None:
                continue
            c, s, _ = self._entry_facts(e)
            if c is not None:
                country = c
                if sector is None:
                    sector = s
                break
        if country is None:
            return None
        return Actor(text=tok.text, country=country, sector=sector, role=role)

    def _kb_surname(self, word: str) -> Person | None:
        people = self._surname_index().get(word, [])
        hits = [p for p in people if p.role_on(self.day) is not None]
        if not hits:
            # nobody of that name in office that day: the one known person it can be, if only one
            hits = [p for p in people if self._person_facts(p)[0] is not None]
        return hits[0] if len(hits) == 1 else None

    def _surname_index(self) -> dict[str, list[Person]]:
        idx = getattr(self.kb, "_surname_idx", None)
        if idx is None:
            idx = {}
            for p in self.kb.people.values():
                words = fold(p.name).split()
                if len(words) >= 2:
                    for w in {words[0], words[-1]}:
                        idx.setdefault(w, []).append(p)
            self.kb._surname_idx = idx  # type: ignore[attr-defined]
        return idx

    def _person_facts(self, person: Person) -> tuple[str | None, str | None, str | None]:
        return self.kb.person_facts(person, self.day)

    def _entry_facts(self, e: Entry) -> tuple[str | None, str | None, str | None]:
        return self.kb.facts(e, self.day)

    def _speech_subject(self, tok: Token) -> Actor | None:
        """In "X said they would ...", "they" is X: the subject of the speech verb whose clause holds the pronoun."""
        anc = tok.head
        while anc.i != anc.head.i:
            if anc.dep_ == "ccomp" and anc.head.lemma_ in SPEECH_LEMMAS:
                subj = next((c for c in anc.head.children if c.dep_ == "nsubj"), None)
                if subj is None or subj.i == tok.i or subj.lower_ in THING_PRONOUNS:
                    return None
                return self.inner_actor(subj) or next(
                    (a for t in subj.subtree if t.i != subj.i for a in [self.actor(t)] if a is not None), None)
            anc = anc.head
        return None

    def _pronoun(self, tok: Token) -> Actor | None:
        low = tok.lower_
        if low in RELATIVE_PRONOUNS:
            verb = tok.head
            if verb.dep_ == "relcl":
                return self.actor(verb.head)
            return None
        if low in PERSON_PRONOUNS:
            sent = tok.sent
            # inside what a speaker says, "he" is the speaker: "Wi said he expected ..."
            anc = tok.head
            while anc is not None and anc.i != anc.head.i:
                if anc.dep_ in ("ccomp", "xcomp") and anc.head.lemma_ in SPEECH_LEMMAS:
                    subj = next((c for c in anc.head.children if c.dep_ == "nsubj"), None)
                    if subj is not None and subj.i != tok.i and subj.lower_ not in PERSON_PRONOUNS:
                        a = self.actor(subj)
                        if a is not None:
                            return a
                    break
                anc = anc.head
            if tok.dep_ == "nsubj" and tok.head.lemma_ in SPEECH_LEMMAS:
                return self._speaker_pronoun(sent.start)
            return self._last_person_before(tok.i)
        if low in THING_PRONOUNS:
            speaker = self._speech_subject(tok)
            if speaker is not None:
                return speaker
            sent = tok.sent
            for t in sent:
                if t.i >= tok.i:
                    break
                if t.dep_ == "nsubj" and t.lower_ not in THING_PRONOUNS:
                    a = self.actor(t)
                    if a is not None and a.kb_id and not a.kb_id.startswith("person:"):
                        return a
            return None
        return None


# nouns for bodies of people, and endings of nouns for people, that can act though the knowledge base lacks them
GROUP_HEADS = frozenset({"group", "party", "movement", "front", "force", "unit", "team", "agency", "body", "committee",
                         "council", "union", "association", "organisation", "organization", "mission", "wing",
                         "faction", "militia", "army", "gang", "cell", "network", "alliance", "coalition", "league",
                         "tribe", "clan", "community", "delegation", "administration", "court", "board", "crowd",
                         "mob", "bombing", "attack", "explosion", "bomb", "blast", "raid"})
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman")


def _described(tok: Token) -> bool:
    """A name, or a noun with something that tells whose it is: "Ibo elders", "their forces", "roadside bombing"."""
    return tok.pos_ == "PROPN" or any(
        c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.pos_ in ("PROPN", "ADJ", "NOUN"))
        for c in tok.lefts)


class _WordIds(NamedTuple):
    """String ids of words the resolver looks for, as a doc's arrays hold them."""

    speech: frozenset[int]  # SPEECH_LEMMAS
    according: np.uint64
    former: frozenset[int]  # FORMER_WORDS


@lru_cache(maxsize=1)  # keyed by the string store (by identity): the same for every article of one vocabulary
def _word_ids(strings: StringStore) -> _WordIds:
    """The ids, adding the words to the store as well, as looking them up once per article did."""
    def ids(words: frozenset[str]) -> frozenset[int]:
        return frozenset(strings.add(w) for w in words)
    return _WordIds(ids(SPEECH_LEMMAS), np.uint64(strings.add("according")), ids(FORMER_WORDS))


def _looks_like_dateline(m: re.Match[str]) -> bool:
    """Upper-case place names ("BEIJING:") or a place with an agency in brackets ("Seoul, Jan 3 (Yonhap) --")."""
    place = m.group(1)
    return place.isupper() or "(" in m.group(0)


_best = best_entry


class Resolver:
    """Entry point: one resolver per knowledge base; ``for_doc`` gives the per-article state."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Callable[[str], tuple[str, str] | None] | None = None) -> None:
        self.kb = kb
        self.gazetteer = gazetteer

    def for_doc(self, doc: Doc, day: dt.date | None, text: str | None = None) -> DocResolver:
        """``text``: the doc's text when the caller already has it (spaCy rebuilds ``doc.text`` on each access)."""
        return DocResolver(self.kb, doc, day, self.gazetteer, text)
