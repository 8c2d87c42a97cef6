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
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, LEMMA, LENGTH, LOWER, ORTH, POS
from spacy.lang.en.syntax_iterators import noun_chunks as _english_noun_chunks
from spacy.strings import StringStore
from spacy.symbols import ADJ, NOUN, NUM, PRON, PROPN, VERB, X
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tidings.actors.kb import Entry, KnowledgeBase, Person, best_entry
from tidings.models import Actor, Span
from tidings.nlp.string_ids import string_of, strings_of
from tidings.nlp.text_norm import fold, line_starts

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


_UNSEEN = object()  # not in DocResolver's actor cache (None there is a result)


class Match(NamedTuple):
    """A known term found in a phrase (a tuple: one is made for every term the scan finds)."""

    start: int  # token index in doc
    end: int  # exclusive
    entries: tuple[Entry, ...] = ()
    sector_term: str | None = None


class _Ent(NamedTuple):
    """What the resolver reads of a named entity, read once per article (a spaCy Span computes ``label_`` and
    ``root`` anew on each access)."""

    start: int
    end: int
    label: str
    root: int
    start_char: int
    end_char: int
    span: SpacySpan  # the entity itself, for its text and for the callers that take a Span


class DocResolver:
    """Resolves actors in one parsed article. Holds the article's coreference state; build one per document."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, day: dt.date | None,
                 gazetteer: Callable[[str], tuple[str, str] | None] | None = None, text: str | None = None) -> None:
        """``text``: ``doc.text`` when the caller has it (spaCy rebuilds it on every access); the resolver slices
        it, so it must be the text the doc was parsed from."""
        self.kb = kb
        self.gazetteer = gazetteer
        self.doc = doc
        # doc[i] makes a new Token object on every call, and resolving asks for the same tokens again and again
        self._tokens: list[Token] = list(doc)
        self.text = doc.text if text is None else text  # Doc.text rebuilds the string on every access
        self.day = day
        self._ent_at: dict[int, _Ent] = {}  # token -> its entity, as read once: label and root without a Span look-up
        self._ent_list: list[_Ent] = []
        for ent in doc.ents:  # read once: Doc.ents makes new Span objects on every access
            label = ent.label_
            info = _Ent(ent.start, ent.end, label, ent.root.i if label in ACTOR_LABELS else -1, ent.start_char,
                        ent.end_char, ent)
            self._ent_list.append(info)
            for t in range(info.start, info.end):
                self._ent_at[t] = info
        self._cache: dict[int, Actor | None] = {}
        self._busy: set[int] = set()
        self.person_mentions: list[tuple[int, Actor]] = []
        self.surnames: dict[str, Actor] = {}
        self.speakers: dict[int, Actor] = {}  # sentence start token -> speaker of that sentence
        self._sents = [(s.start, s.end) for s in doc.sents]
        self.dateline_chars = _dateline_chars(self.text)
        self._last_words = kb.last_words()
        self._prepass(*self._read_arrays(doc))

    def _read_arrays(self, doc: Doc) -> tuple[list[int], list[int]]:
        """Per-token lists of what resolving reads most, from one ``Doc.to_array``: reading them from Token
        objects (``tok.dep_``, ``tok.children``, ``tok.idx``...) made a Token or a string on every look, and the
        same tokens are looked at again for every phrase they are part of. What is read only now and then
        (``lower_``, ``tag_``, ``is_title``...) is read from the Token when asked.

        ``_pos`` holds spaCy's part-of-speech symbols (``tok.pos``); ``_dep`` the strings ``tok.dep_`` gives;
        ``_folded[i]``: the folded token text and its first and last word. Children are kept as one list of
        token indices ordered by head (see ``_children``), not a list per token: that many lists, alive for the
        whole article, kept the garbage collector busy.

        Returns the few tokens worth a look for the prepass: speech verbs ("said") and "according", and keeps
        "former", "ex" and the like in ``_former_at``."""
        cols = doc.to_array(_ATTRS).T
        n = len(doc)
        strings = doc.vocab.strings
        self._idx: list[int] = cols[_A_IDX].tolist()
        self._end: list[int] = (cols[_A_IDX] + cols[_A_LENGTH]).tolist()
        up = cols[_A_HEAD].astype(np.int64)  # offset to the head (HEAD)
        upto = np.arange(n + 1)
        heads = up + upto[:n]
        self._head: list[int] = heads.tolist()
        self._punct: list[bool] = (cols[_A_PUNCT] != 0).tolist()
        self._pos: list[int] = cols[_A_POS].tolist()
        self._lemma: list[int] = cols[_A_LEMMA].tolist()
        self._dep = _strings_of(cols[_A_DEP].tolist(), strings)
        self._folded = _folded_words(cols[_A_ORTH].tolist(), strings)
        parent = heads.copy()
        parent[up == 0] = n  # a sentence root is its own head: file it under n, past every token
        by_parent = parent.argsort(kind="stable")
        self._by_parent: list[int] = by_parent.tolist()
        self._parent_bounds: list[int] = parent.searchsorted(upto, sorter=by_parent).tolist()

        ids = _word_ids(strings)
        self._speech_ids = ids.speech
        speech = [i for i in np.flatnonzero(cols[_A_POS] == VERB).tolist() if self._lemma[i] in ids.speech]
        lower = cols[_A_LOWER].tolist()  # most articles have neither word: test that without a loop in Python first
        self._former_at = set() if ids.former.isdisjoint(lower) else {
            i for i, low in enumerate(lower) if low in ids.former}
        return speech, [i for i, low in enumerate(lower) if low == ids.according] if ids.according in lower else []

    def _children(self, i: int) -> list[int]:
        """The indices of ``tok.children`` of token ``i``, in order: the tokens whose head is ``i`` (spaCy's edges
        always reach a token's own children), from the tokens sorted by head (stably, so in text order)."""
        return self._by_parent[self._parent_bounds[i] : self._parent_bounds[i + 1]]

    # ---------------------------------------------------------------- public
    def actor(self, tok: Token) -> Actor | None:
        """The actor a noun phrase headed by ``tok`` names, or None (unknown phrases give None, not guesses)."""
        i = tok.i
        result = self._cache.get(i, _UNSEEN)
        if result is not _UNSEEN:
            return result
        if i in self._busy:
            return None
        self._busy.add(i)
        try:
            result = self._actor(tok)
        finally:
            self._busy.discard(i)
        self._cache[i] = result
        return result

    def inner_actor(self, tok: Token, depth: int = 0) -> Actor | None:
        """The actor a phrase names, or else the actor inside it: "Seoul's outreach", "a U.S. request", "the
        request of the EU" all point at the actor who owns the thing."""
        a = self.actor(tok)
        if a is not None:
            return a
        i, dep, tokens = tok.i, self._dep, self._tokens
        for c in self._children(i):
            if dep[c] in ("poss", "compound", "amod", "nmod") and c < i:
                a = self.actor(tokens[c]) if depth > 1 else self.inner_actor(tokens[c], depth + 1)
                if a is not None:
                    return a
        for c in self._children(i):
            if dep[c] == "prep" and self._tokens[c].lower_ in ("of", "from", "by", "with"):
                for pobj in self._children(c):
                    if dep[pobj] == "pobj":
                        a = self.actor(tokens[pobj]) if depth else self.inner_actor(tokens[pobj], depth + 1)
                        if a is not None:
                            return a
            if dep[c] == "acl" and tokens[c].tag_ == "VBN":
                # "the proposal put forward by Egypt", "a plan drafted by France"
                for agent in self._children(c):
                    if dep[agent] == "agent" or (dep[agent] == "prep" and self._tokens[agent].lower_ == "by"):
                        for pobj in self._children(agent):
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
        for c in self._children(tok.i):
            if c > tok.i:
                break  # the rest are right children
            child = self._tokens[c]
            if self._dep[c] in ("amod", "compound", "nmod") and child.conjuncts:
                for conj in child.conjuncts:
                    if conj.i > tok.i:
                        continue
                    a = self.actor(conj)
                    if a is not None and a.country and a.country != first.country:
                        out.append(replace(first, text=f"{conj.text} {tok.text}", name=a.name if first.kb_id and
                                           first.kb_id.startswith("country:") else first.name, country=a.country,
                                           kb_id=a.kb_id, span=Span(conj.idx, tok.idx + len(tok.text))))
        return out

    def place(self, tok: Token) -> Actor | None:
        """The country a place phrase lies in ("in the West Bank", "in central Tehran"), as a place, not a
        government."""
        a = self.actor(tok)
        if a is None or a.country is None or not a.kb_id or not a.kb_id.startswith("country:"):
            return None
        ent = self._ent_at.get(tok.i)
        if ent is not None and ent.label not in ("GPE", "LOC", "FAC"):
            return None
        return replace(a, sector=None, name=self.kb.country_name(a.country) if a.sector else a.name)

    def sector_actor(self, tok: Token, country: str | None) -> Actor | None:
        """A sector phrase with no country of its own ("the government", "police"), placed in ``country``."""
        i = tok.i
        if country is None or country in ("IGO", "NGO", "IMG", "MNC") or self._pos[i] not in (NOUN, PROPN):
            return None
        phrase = self._phrase(i)
        head_match = next((m for m in self._scan(phrase) if m.start <= i < m.end), None)
        if head_match is None or not head_match.sector_term or head_match.entries:
            return None
        sw = self.kb.sectors[fold(head_match.sector_term)]
        span = Span(self._idx[phrase[0]], self._end[i])
        return Actor(text=self.text[span.start:span.end], name=f"{self.kb.country_name(country)} ({sw.term})",
                     country=country, sector=sw.sector, role=sw.role, kb_id=f"country:{country}", span=span)

    def unresolved(self, tok: Token) -> Actor | None:
        """An actor the text names but the knowledge base cannot place ("Ibo traditional elders", "Ethopia"): kept
        with its words and sector, country unknown, so that the event it does is not lost. Pronouns are not."""
        i, dep = tok.i, self._dep
        if self._pos[i] not in (NOUN, PROPN) or self._tokens[i].lower_ in PERSONAL_PRONOUNS:
            return None
        if self._pos[i] == NOUN and not self._described(i) and not any(
                self._described(g) for c in self._children(i) if dep[c] == "prep" and self._tokens[c].lower_ == "of"
                for g in self._children(c) if dep[g] == "pobj"):
            return None  # a bare "analysts" or "the group" identifies nobody; "members of the X" does
        sw = self.kb.sectors.get(self._lemma_key(i)) or self.kb.sectors.get(fold(tok.text))
        if self._pos[i] == NOUN and sw is None and tok.tag_ != "NNS" and tok.lemma_.lower() not in GROUP_HEADS \
                and not tok.lower_.endswith(AGENT_SUFFIXES):
            return None  # "the hierarchy", "the goal": not someone who acts
        span = Span(self._idx[self._phrase(i)[0]], self._end[i])
        text = self.text[span.start:span.end]
        return Actor(text=text, name=text, country=None, sector=sw.sector if sw else None,
                     role=sw.role if sw else None, kb_id=None, span=span)

    def describe_phrase(self, tokens: list[Token], head: Token | None = None) -> Actor | None:
        """Resolve a free-standing phrase ("the Japanese foreign minister", "former Chancellor Y")."""
        if not tokens:
            return None
        head = head or tokens[-1]
        phrase = [t.i for t in tokens]
        return self._from_matches(phrase, head, self._scan(phrase))

    def mentions(self) -> list[Actor]:
        """Every resolved actor mention in the article, in order: named entities and noun-phrase heads."""
        heads = [ent.root for ent in self._ent_list if ent.label in ACTOR_LABELS]
        first, sectors, folded = self.kb.first_words, self.kb.sectors, self._folded
        # only chunks that hold a known word can name an actor: skip the rest without resolving them
        for start, end in self._noun_chunks():
            root = self._chunk_root(start, end)
            if root in self._ent_at:
                continue
            if self._lemma_key(root) in sectors:
                heads.append(root)
                continue
            for i in range(start, end):
                if folded[i].first in first:
                    heads.append(root)
                    break
        out: list[Actor] = []
        seen: set[tuple[int, int]] = set()
        for i in sorted(heads):
            a = self.actor(self._tokens[i])
            if a is None or a.country is None or a.span is None:
                continue
            key = (a.span.start, a.span.end)
            if key not in seen:
                seen.add(key)
                out.append(a)
        return out

    def resolved(self) -> dict[int, Actor | None]:
        """Every phrase head resolved so far, asked or on the way (None: named no actor): what two resolvers that
        answer alike must also have worked out alike (later answers depend on it through the cycle guard)."""
        return dict(self._cache)

    def speaker_before(self, sent_start: int) -> Actor | None:
        prior = [s for s in self.speakers if s < sent_start]
        return self.speakers[max(prior)] if prior else None

    # ---------------------------------------------------------------- internals
    def _prepass(self, speech: list[int], accord: list[int]) -> None:
        """Walk the article in order once, so that surnames and pronouns can look back. ``speech``: the indices of
        speech verbs ("said"); ``accord``: of "according"."""
        tokens, dep = self._tokens, self._dep
        person_roots = sorted({ent.root for ent in self._ent_list if ent.label == "PERSON"})
        for start, end in self._sents:
            for i in person_roots[bisect_left(person_roots, start):bisect_left(person_roots, end)]:
                a = self.actor(tokens[i])
                if a is not None:
                    self._remember_person(self._ent_at[i].span, a)
            for i in speech[bisect_left(speech, start):bisect_left(speech, end)]:
                subj = next((c for c in self._children(i) if dep[c] in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    pronoun = tokens[subj].lower_ in PERSON_PRONOUNS
                    a = self._speaker_pronoun(start) if pronoun else self.actor(tokens[subj])
                    if a is not None:
                        self.speakers[start] = a
                        break
            else:
                for i in accord[bisect_left(accord, start):bisect_left(accord, end)]:
                    if i + 1 < len(tokens) and tokens[i + 1].lower_ == "to":
                        pobj = next((c for c in self._children(i + 1) if dep[c] == "pobj"), None)
                        a = self.actor(tokens[pobj]) if pobj is not None else None
                        if a is not None:
                            self.speakers[start] = a

    def _noun_chunks(self) -> Iterator[tuple[int, int]]:
        """(start, end) of each of ``Doc.noun_chunks``.

        For English, spaCy's chunk iterator (``spacy.lang.en.syntax_iterators.noun_chunks``) done over the doc's
        arrays: the same steps, without a Token object for every word and its head. Other languages run their
        own iterator, without the Span objects ``Doc.noun_chunks`` wraps the chunks in."""
        doc = self.doc
        chunks = doc.noun_chunks_iterator
        if chunks is None:  # no iterator for the language: Doc.noun_chunks raises
            yield from ((c.start, c.end) for c in doc.noun_chunks)
            return
        if chunks is not _english_noun_chunks or not doc.has_annotation("DEP"):
            for start, end, _ in chunks(doc):
                yield start, end
            return
        pos, dep, head, tokens = self._pos, self._dep, self._head, self._tokens
        prev_end = -1
        for i, p in enumerate(pos):
            if p not in (NOUN, PROPN, PRON):
                continue
            left = tokens[i].left_edge.i
            if left <= prev_end:  # no chunk inside another
                continue
            if dep[i] in _NP_DEPS:
                prev_end = i
                yield left, i + 1
            elif dep[i] == "conj":
                h = head[i]
                while dep[h] == "conj" and head[h] < h:
                    h = head[h]
                if dep[h] in _NP_DEPS:  # coordinated to a noun phrase: one too
                    prev_end = i
                    yield left, i + 1

    def _chunk_root(self, start: int, end: int) -> int:
        """The index of ``doc[start:end].root``. Span.root is the first sentence root in the span, else the token
        nearest the sentence root among those whose head lies outside the span. A noun chunk is its last token with
        what that governs on its left, so the last token is almost always the one whose head is outside (or a
        sentence root), and none of the others is: then it is the root. Any other case asks spaCy."""
        head, last = self._head, end - 1
        if head[last] == last or not start <= head[last] < end:
            for k in range(start, last):
                if head[k] == k or not start <= head[k] < end:
                    break
            else:
                if "root" not in self.doc.user_span_hooks:
                    return last
        return self.doc[start:end].root.i

    def _inside_person(self, start: int, end: int) -> bool:
        ent = self._ent_at.get(start)
        return ent is not None and ent.label == "PERSON" and (ent.start, ent.end) != (start, end) \
            and ent.start <= start and end <= ent.end

    def _folded_at(self, i: int) -> str:
        """The folded first word of token ``i``."""
        return self._folded[i].first

    def _lemma_key(self, i: int) -> str:
        """``fold(lemma_)`` of token ``i``, kept by lemma for every article (see _FOLDED)."""
        return string_of(self._lemma[i], _FOLDED, self.doc.vocab.strings, fold)

    def _described(self, i: int) -> bool:
        """A name, or a noun with something that tells whose it is: "Ibo elders", "their forces", "roadside
        bombing"."""
        dep, pos = self._dep, self._pos
        return pos[i] == PROPN or any(
            dep[c] == "poss" or (dep[c] in ("amod", "compound", "nmod") and pos[c] in (PROPN, ADJ, NOUN))
            for c in self._children(i) if c < i)

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
        i, pos = tok.i, self._pos
        low = tok.lower_
        if pos[i] == PRON or low in ALL_PRONOUNS and tok.tag_ in (
            "PRP", "PRP$", "WDT", "WP", "WP$"
        ):
            return self._pronoun(tok)
        if pos[i] not in (NOUN, PROPN, ADJ, NUM, X) or self._idx[i] in self.dateline_chars:
            return None
        if low in ("us", "u.s.", "a", "c") and tok.text in ("US", "U.S.", "A", "C") and i + 1 < len(self._tokens) \
                and self._tokens[i + 1].text == "$":
            return None  # "US $50 million" names a currency, not a state
        phrase = self._phrase(i)
        actor = self._from_matches(phrase, tok, self._scan(phrase))
        ent = self._ent_at.get(i)
        before = ent.start - 1 if ent is not None and ent.start > 0 else None
        name_part = before is not None and pos[before] == PROPN and before not in self._ent_at  # "Kenzo Oshima"
        if actor is None and ent is not None and ent.label in ("GPE", "LOC") and self.gazetteer is not None \
                and i == ent.root and not name_part:
            # a town the knowledge base does not list ("shelled Kharkiv"): the country it lies in
            found = self.gazetteer(ent.span.text)
            if found is not None:
                country, name = found
                return Actor(text=ent.span.text, name=name, country=country, sector=None,
                             kb_id=f"country:{country}", span=Span(ent.start_char, ent.end_char))
        if actor is None and pos[i] == PROPN and not name_part and (ent is None or ent.label != "PERSON"):
            actor = self._misspelt_country(tok)
        if actor is None:
            # a descriptor noun with a named person in apposition: "Lee's top security adviser, Wi Sung-lac"
            for c in self._children(i):
                if self._dep[c] == "appos" and c in self._ent_at and self._ent_at[c].label == "PERSON":
                    return self.actor(self._tokens[c])
        return actor

    def _phrase(self, i: int) -> range:
        """The indices of the head ``i`` with its left modifiers (and the rest of its named entity)."""
        start, dep = i, self._dep
        for c in self._children(i):
            if c > i:
                break  # the rest are right children
            if dep[c] in NP_MODIFIER_DEPS or dep[c] in ("appos",):
                start = min(start, self._tokens[c].left_edge.i)
        end = i + 1
        ent = self._ent_at.get(i)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end)
        while start < i and dep[start] in ("det", "punct", "case", "cc"):
            start += 1
        return range(start, end)

    def _scan(self, tokens: Sequence[int]) -> list[Match]:
        """Longest-first matching of known terms over the phrase (token indices, in order)."""
        out: list[Match] = []
        k, n = 0, len(tokens)
        maxw = max(self.kb.max_term_words, 4) + 2
        first_words, sectors, folded = self.kb.first_words, self.kb.sectors, self._folded
        punct, dep = self._punct, self._dep
        while k < n:
            i = tokens[k]
            if punct[i] or dep[i] == "case":
                k += 1
                continue
            lemma_key = None
            if folded[i].first not in first_words:
                lemma_key = self._lemma_key(i)
                if lemma_key not in sectors:
                    k += 1
                    continue
            found = self._longest_match(tokens, k, k + maxw if k + maxw < n else n, lemma_key)
            if found:
                out.append(found)
                k += found.end - found.start
            else:
                k += 1
        return out

    def _longest_match(self, tokens: Sequence[int], k: int, stop: int, lemma_key: str | None) -> Match | None:
        """The longest known term starting at token ``tokens[k]`` and ending before ``tokens[stop]``.

        ``lemma_key``: the folded lemma of ``tokens[k]`` when the caller has it already.

        A text of several tokens whose last token follows a space ends in the last word of that token's folded
        text (folding works within words, and on the ends of the whole text only), so where no known term ends
        in that word (``KnowledgeBase.last_words``), the text is no term and is not folded."""
        text, kb, idx, folded = self.text, self.kb, self._idx, self._folded
        last_words = self._last_words
        i = tokens[k]
        start_char = idx[i]
        for j in range(stop, k, -1):
            last = tokens[j - 1]
            at = idx[last]
            if at > start_char and text[at - 1].isspace() and folded[last].last \
                    and folded[last].last not in last_words:
                continue
            # one token's text is its folded text, kept by word for every article
            key = folded[i].key if j - k == 1 else fold(text[start_char : self._end[last]])
            if not key:
                continue
            entries = kb.terms.get(key)
            if entries:
                for x in tokens[k:j]:
                    t = self._tokens[x]
                    if t.is_title or t.is_upper or not t.is_alpha:
                        break
                else:  # names are written with capitals: "shell bombs" is not Shell, "us" not the US
                    entries = None
            if entries and key in kb.possessive_names:
                if last + 1 >= len(self._tokens) or self._tokens[last + 1].lower_ not in ("'s", "’s"):
                    entries = [e for e in entries if e.kind in ("person", "country", "demonym")] or None
            if entries and self._inside_person(i, last + 1):
                entries = [e for e in entries if e.kind == "person"] or None  # "Moody" in "Moody Awori"
            sector = kb.sectors.get(key)
            if sector is None and j - k == 1:
                sector = kb.sectors.get(lemma_key if lemma_key is not None else self._lemma_key(i))
            if entries or sector:
                return Match(i, last + 1, tuple(entries or ()), sector.term if sector else None)
        return None

    def _from_matches(self, tokens: Sequence[int], head: Token, matches: list[Match]) -> Actor | None:
        """The actor of the phrase ``tokens`` (indices) headed by ``head``, from the terms found in it."""
        h = head.i
        ent = self._ent_at.get(h)
        former = bool(self._former_at) and any(t < h and t in self._former_at for t in tokens)
        head_match = None
        for m in matches:
            if m.start <= h < m.end:
                head_match = m
                break

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
                person = self._ent_at.get(t)
                if t != h and person is not None and person.label == "PERSON" and t == person.root \
                        and not (ent is not None and ent.start <= t < ent.end):
                    a = self.actor(self._tokens[t])
                    if a is not None and a.country:
                        country = a.country
                        break

        def make(name: str | None, c: str | None, s: str | None, r: str | None, kb_id: str | None) -> Actor:
            if former and c is not None and c not in ("IGO",):
                s = "ELI"
            span, text = self._phrase_span(tokens, head, ent)
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
                if e.kind == "demonym" and self._pos[h] in (NOUN, PROPN) and head.tag_ in ("NNS", "NNPS"):
                    s = s or "CVL"  # "Palestinians", "Israelis": the people, not the state
                    # "ethnic Albanians in southern Serbia": a community is coded where it lives
                    for kid in self._children(h):
                        if self._dep[kid] == "prep" and self._tokens[kid].lower_ in ("in", "of"):
                            where = next((self.place(self._tokens[g]) for g in self._children(kid)
                                          if self._dep[g] == "pobj"), None)
                            if where is not None:
                                c = where.country
                return make(name, c, s, r, kb_id)

        if ent is not None and (ent.label == "PERSON" or self._titled_name(ent.span, head, matches)):
            return self._unknown_person(ent.span, head, make, country, matches)

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

    def _phrase_span(self, tokens: Sequence[int], head: Token, ent: _Ent | None) -> tuple[Span | None, str]:
        """The characters and the text of the phrase ``tokens`` headed by ``head``, with all of its entity (made
        only for a phrase that names an actor)."""
        head_end = self._end[head.i]
        start = self._idx[tokens[0]] if tokens else self._idx[head.i]
        if ent is not None:
            span = Span(min(start, ent.start_char), max(ent.end_char, head_end))
        elif tokens:
            span = Span(start, head_end)
        else:
            return None, head.text
        return span, self.text[span.start : span.end]

    def _title_holder(self, country: str, sw, former: bool) -> Person | None:  # noqa: ANN001
        if former or not sw.title:
            return None
        holders = self.kb.holders(country, sw.role or sw.term, self.day)
        if not holders and sw.role:
            holders = self.kb.holders(country, sw.term, self.day)
        return holders[0] if len(holders) == 1 else None

    def _country_from_preps(self, head: Token) -> str | None:
        dep = self._dep
        for c in self._children(head.i):
            if dep[c] == "prep" and self._tokens[c].lower_ in ("of", "from", "at", "for"):
                for pobj in self._children(c):
                    if dep[pobj] == "pobj":
                        # "doctors from two American aid groups": the owner inside the phrase counts too
                        a = self.inner_actor(self._tokens[pobj], depth=1)
                        if a is not None and a.country:
                            return a.country
            # "security forces in Guinea", "demonstrators in Baghdad": a group is coded where it acts
            where = self._place_of(c)
            if where is not None:
                return where
        for c in self._children(head.i):
            if dep[c] == "acl":
                # "rebels operating in Macedonia", "troops stationed in Japan"
                for prep in self._children(c):
                    where = self._place_of(prep)
                    if where is not None:
                        return where
        return None

    def _place_of(self, prep: int) -> str | None:
        """The country of the place in an "in X" / "inside X" phrase, if token ``prep`` is one."""
        if self._dep[prep] == "prep" and self._tokens[prep].lower_ in ("in", "inside"):
            for pobj in self._children(prep):
                a = self.place(self._tokens[pobj]) if self._dep[pobj] == "pobj" else None
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
        for m in self._scan([i for i in range(sent.start, sent.end) if skip is None or not skip.start <= i < skip.end]):
            if self._dep[m.end - 1] not in ("amod", "compound", "poss", "nmod"):
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
        if not tok.is_alpha or not tok.is_title or len(tok.text) < 6:
            return None
        for j in (tok.i - 1, tok.i + 1):
            if 0 <= j < len(self._pos) and self._pos[j] == PROPN:
                return None  # part of a longer name ("Angela Merkel")
        entry = self.kb.near_country_term(fold(tok.text))
        if entry is None:
            return None
        return Actor(text=tok.text, name=entry.name, country=entry.country, sector=None,
                     kb_id=f"country:{entry.country}", span=Span(tok.idx, tok.idx + len(tok.text)))

    def _possessor_country(self, head: Token) -> str | None:
        """ "their forces": the country of whoever "their" stands for."""
        for c in self._children(head.i):
            if self._dep[c] == "poss" and self._pos[c] == PRON:
                a = self._pronoun(self._tokens[c])
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
        for t in range(sent.start, sent.end):
            if self._dep[t] == "pobj" and self._tokens[self._head[t]].lower_ in ("in", "at") and t in self._ent_at \
                    and self._ent_at[t].label in ("GPE", "LOC"):
                a = self.place(self._tokens[t])
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
        matches = self._scan([t.i for t in tok.subtree if stop is None or t.i < stop])
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
        head, dep = self._head, self._dep
        anc = head[tok.i]
        while anc != head[anc]:
            verb = head[anc]
            if dep[anc] == "ccomp" and self._lemma[verb] in self._speech_ids:
                subj = next((c for c in self._children(verb) if dep[c] == "nsubj"), None)
                if subj is None or subj == tok.i or self._tokens[subj].lower_ in THING_PRONOUNS:
                    return None
                s = self._tokens[subj]
                return self.inner_actor(s) or next(
                    (a for t in s.subtree if t.i != subj for a in [self.actor(t)] if a is not None), None)
            anc = verb
        return None

    def _pronoun(self, tok: Token) -> Actor | None:
        i, head, dep, tokens = tok.i, self._head, self._dep, self._tokens
        low = tok.lower_
        if low in RELATIVE_PRONOUNS:
            verb = head[i]
            if dep[verb] == "relcl":
                return self.actor(self._tokens[head[verb]])
            return None
        if low in PERSON_PRONOUNS:
            sent = tok.sent
            # inside what a speaker says, "he" is the speaker: "Wi said he expected ..."
            anc = head[i]
            while anc != head[anc]:
                verb = head[anc]
                if dep[anc] in ("ccomp", "xcomp") and self._lemma[verb] in self._speech_ids:
                    subj = next((c for c in self._children(verb) if dep[c] == "nsubj"), None)
                    if subj is not None and subj != i and tokens[subj].lower_ not in PERSON_PRONOUNS:
                        a = self.actor(self._tokens[subj])
                        if a is not None:
                            return a
                    break
                anc = verb
            if dep[i] == "nsubj" and self._lemma[head[i]] in self._speech_ids:
                return self._speaker_pronoun(sent.start)
            return self._last_person_before(i)
        if low in THING_PRONOUNS:
            speaker = self._speech_subject(tok)
            if speaker is not None:
                return speaker
            sent = tok.sent
            for t in range(sent.start, i):
                if dep[t] == "nsubj" and tokens[t].lower_ not in THING_PRONOUNS:
                    a = self.actor(self._tokens[t])
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


class _WordIds(NamedTuple):
    """String ids of words the resolver looks for, as a doc's arrays hold them."""

    speech: frozenset[int]  # SPEECH_LEMMAS
    according: int
    former: frozenset[int]  # FORMER_WORDS


@lru_cache(maxsize=1)  # keyed by the string store (by identity): the same for every article of one vocabulary
def _word_ids(strings: StringStore) -> _WordIds:
    """The ids, adding the words to the store as well, as looking them up once per article did."""
    def ids(words: frozenset[str]) -> frozenset[int]:
        return frozenset(strings.add(w) for w in words)
    return _WordIds(ids(SPEECH_LEMMAS), strings.add("according"), ids(FORMER_WORDS))


# the dependency labels of the words that head an English noun chunk (spaCy's English noun_chunks)
_NP_DEPS = frozenset({"oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"})

# What DocResolver._read_arrays takes from Doc.to_array, and the column of each.
_ATTRS = [ORTH, LEMMA, LOWER, POS, DEP, HEAD, IDX, LENGTH, IS_PUNCT]
_A_ORTH, _A_LEMMA, _A_LOWER, _A_POS, _A_DEP, _A_HEAD, _A_IDX, _A_LENGTH, _A_PUNCT = range(len(_ATTRS))

# Caches by string id, shared by every article (see ``string_ids``).
_STRING_OF: dict[int, str] = {}  # id -> the string (interned: comparing it with a literal is mostly an identity test)
_FOLDED_WORDS: dict[int, _Folded] = {}  # orth id -> the folded text
_FOLDED: dict[int, str] = {}  # lemma id -> fold(lemma)


class _Folded(NamedTuple):
    """A token text folded (``fold``), with its first and last word ("" for none)."""

    key: str
    first: str
    last: str


def _strings_of(ids: list[int], strings: StringStore) -> list[str]:
    """The strings of ``ids``, as ``Token.dep_`` and the like give them (``strings[id]``), interned."""
    return strings_of(ids, _STRING_OF, strings, sys.intern)


def _fold_words(text: str) -> _Folded:
    key = fold(text) if text.strip() else ""
    return _Folded(key, key.split(" ")[0], key.rsplit(" ", 1)[-1])


def _folded_words(orths: list[int], strings: StringStore) -> list[_Folded]:
    """The folded text of each token, by orth id."""
    return strings_of(orths, _FOLDED_WORDS, strings, _fold_words)


def _dateline_chars(text: str) -> set[int]:
    """The characters of a dateline's place ("BEIJING:") in the first 2,000 characters. DATELINE matches only at
    line starts and never across a line end, so trying it at each line start finds what ``finditer`` finds."""
    head = text[:2000]
    out: set[int] = set()
    for pos in line_starts(head):
        m = DATELINE.match(head, pos)
        if m is not None and _looks_like_dateline(m):
            out.update(range(m.start(1), m.end(1)))
    return out


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
