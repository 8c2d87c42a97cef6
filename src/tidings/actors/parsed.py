"""Step 1 of resolving actors: what the resolver reads of one parsed article, read once.

The words, tags and tree come from the doc's ``DocView`` (``nlp.docview``), the one view the event extractor reads
too. On top of it this module reads what only the resolver needs: the named entities (a spaCy Span computes
``label_`` and ``root`` anew on each access), each token's folded text, the dateline, the tokens worth a look for
speakers ("said", "according to") and "former"; and it answers the questions of shape every later step asks:
which tokens make the phrase a word heads, the noun chunks and their roots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache
from typing import NamedTuple, Protocol

from spacy.lang.en.syntax_iterators import noun_chunks as _english_noun_chunks
from spacy.strings import StringStore
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from tidings.nlp.dateline import dateline_place_chars
from tidings.nlp.docview import DocView
from tidings.nlp.speech import speech_verbs
from tidings.nlp.string_ids import string_of, strings_of
from tidings.nlp.text_norm import fold

ACTOR_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
FORMER_WORDS = frozenset({"former", "ex", "erstwhile", "onetime", "one-time", "retired", "late"})
NP_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "advmod", "case",
                              "punct", "npadvmod"})
SPEECH_LEMMAS = speech_verbs()  # the one list of speech verbs (data/speech.yaml)

# the dependency labels of the words that head an English noun chunk (spaCy's English noun_chunks)
_NP_DEPS = frozenset({"oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"})


class Ent(NamedTuple):
    """What the resolver reads of a named entity, read once per article."""

    start: int
    end: int
    label: str
    root: int  # -1 unless the label is one of ACTOR_LABELS
    start_char: int
    end_char: int
    span: SpacySpan  # the entity itself, for its text and for the callers that take a Span


class PlaceCountry(Protocol):
    """The gazetteer as the resolver asks it: a place name -> (ISO3, its name), or None. ``countries`` gives the
    countries the article names; it is asked only for a name that needs them (a region's name two countries
    share, or that is also a common word or a person's name: ``context.places``); ``kinds`` the kinds of place
    (city, state, region) the name may be read as; ``day`` the article date (a place whose actors changed country:
    Crimea); ``unsure_cities``: a town read from a bare capitalised word, which a common word, a person's name or
    towns of two countries leave to the article's countries; ``known_only``: no town few know (what the article's
    countries are counted from: ``context.annotate``)."""

    def __call__(self, name: str, countries: Callable[[], Collection[str]] | None = None,
                 kinds: Collection[str] = ..., day: dt.date | None = None,
                 unsure_cities: bool = False, known_only: bool = False) -> tuple[str, str] | None: ...


class Folded(NamedTuple):
    """A token text folded (``fold``), with its first and last word ("" for none)."""

    key: str
    first: str
    last: str


# Caches by string id, shared by every article (see ``string_ids``).
FOLDED_WORDS: dict[int, Folded] = {}  # orth id -> the folded text
FOLDED_LEMMAS: dict[int, str] = {}  # lemma id -> fold(lemma)


class ParsedDoc:
    """One parsed article as the resolver reads it. Read-only once made; shared by the resolver's steps.

    ``head``, ``kids``, ``dep``, ``lower``, ``tag``, ``pos`` (strings, as ``pos_``), ``lemma_id``, ``idx``, ``end``
    and ``punct`` are the view's lists; ``tokens`` every Token (the resolver hands Token objects around, and
    ``doc[i]`` makes a new one on every call); ``text`` the text the doc was parsed from (``Doc.text`` rebuilds
    it on every access). ``ent_at`` maps a token to its entity; ``sents`` holds (start, end) of each sentence.
    ``speech_verbs`` and ``according`` are the indices of speech verbs ("said") and of "according", the only
    tokens the coreference prepass looks at; ``former_at`` those of "former", "ex" and the like."""

    def __init__(self, view: DocView, text: str | None = None) -> None:
        doc = self.doc = view.doc
        self.view = view
        self.text = doc.text if text is None else text
        self.tokens: list[Token] = view.tokens()
        self.head, self.kids, self.dep, self.lower = view.head, view.kids, view.dep, view.lower
        self.tag, self.pos, self.lemma_id = view.tag, view.pos, view.lemma_id
        self.idx, self.end, self.punct = view.idx, view.end, view.punct
        strings = doc.vocab.strings
        self.folded: list[Folded] = strings_of(view.orth, FOLDED_WORDS, strings, fold_words)
        self.ent_at: dict[int, Ent] = {}
        self.ents: list[Ent] = []
        for ent in doc.ents:  # read once: Doc.ents makes new Span objects on every access
            label = ent.label_
            info = Ent(ent.start, ent.end, label, ent.root.i if label in ACTOR_LABELS else -1, ent.start_char,
                       ent.end_char, ent)
            self.ents.append(info)
            for t in range(info.start, info.end):
                self.ent_at[t] = info
        self.sents = [(s.start, s.end) for s in doc.sents]
        # "BEIJING:", "WASHINGTON (Reuters) -" at a line start place the story; they are not actors of its first
        # sentence. Every line of the head is read: a parsed sub-text can start with a standfirst.
        self.dateline_chars = dateline_place_chars(self.text, max_lines=None)
        self.speech_ids = speech_ids(strings)
        lower, pos, lemma_id, ids = self.lower, self.pos, self.lemma_id, self.speech_ids
        self.speech_verbs = [] if ids.isdisjoint(lemma_id) else [
            i for i, lemma in enumerate(lemma_id) if lemma in ids and pos[i] == "VERB"]
        # most articles have neither word: test that without a loop in Python first
        self.according = [i for i, low in enumerate(lower) if low == "according"] if "according" in lower else []
        self.former_at = set() if FORMER_WORDS.isdisjoint(lower) else {
            i for i, low in enumerate(lower) if low in FORMER_WORDS}

    def lemma_key(self, i: int) -> str:
        """``fold(lemma_)`` of token ``i``, kept by lemma for every article (see FOLDED_LEMMAS)."""
        return string_of(self.lemma_id[i], FOLDED_LEMMAS, self.doc.vocab.strings, fold)

    def phrase(self, i: int) -> range:
        """The indices of the head ``i`` with its left modifiers (and the rest of its named entity)."""
        start, dep = i, self.dep
        for c in self.kids[i]:
            if c > i:
                break  # the rest are right children
            if dep[c] in NP_MODIFIER_DEPS or dep[c] in ("appos",):
                start = min(start, self.tokens[c].left_edge.i)
        end = i + 1
        ent = self.ent_at.get(i)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end)
        while start < i and dep[start] in ("det", "punct", "case", "cc"):
            start += 1
        return range(start, end)

    def inside_person(self, start: int, end: int) -> bool:
        """Tokens ``start:end`` are part of a person's name, not all of it ("Moody" in "Moody Awori")."""
        ent = self.ent_at.get(start)
        return ent is not None and ent.label == "PERSON" and (ent.start, ent.end) != (start, end) \
            and ent.start <= start and end <= ent.end

    def noun_chunks(self) -> Iterator[tuple[int, int]]:
        """(start, end) of each of ``Doc.noun_chunks``.

        For English, spaCy's chunk iterator (``spacy.lang.en.syntax_iterators.noun_chunks``) done over the doc's
        lists: the same steps, without a Token object for every word and its head. Other languages run their
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
        pos, dep, head, tokens = self.pos, self.dep, self.head, self.tokens
        prev_end = -1
        for i, p in enumerate(pos):
            if p not in ("NOUN", "PROPN", "PRON"):
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

    def chunk_root(self, start: int, end: int) -> int:
        """The index of ``doc[start:end].root``. Span.root is the first sentence root in the span, else the token
        nearest the sentence root among those whose head lies outside the span. A noun chunk is its last token with
        what that governs on its left, so the last token is almost always the one whose head is outside (or a
        sentence root), and none of the others is: then it is the root. Any other case asks spaCy."""
        head, last = self.head, end - 1
        if head[last] == last or not start <= head[last] < end:
            for k in range(start, last):
                if head[k] == k or not start <= head[k] < end:
                    break
            else:
                if "root" not in self.doc.user_span_hooks:
                    return last
        return self.doc[start:end].root.i


def fold_words(text: str) -> Folded:
    key = fold(text) if text.strip() else ""
    return Folded(key, key.split(" ")[0], key.rsplit(" ", 1)[-1])


@lru_cache(maxsize=1)  # keyed by the string store (by identity): the same for every article of one vocabulary
def speech_ids(strings: StringStore) -> frozenset[int]:
    """The ids of SPEECH_LEMMAS, as a doc's lemma ids hold them (adding the words to the store, as looking them up
    once per article did)."""
    return frozenset(strings.add(w) for w in SPEECH_LEMMAS)
