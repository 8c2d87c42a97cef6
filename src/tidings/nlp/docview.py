"""One doc's parse as plain lists indexed by token, read once from ``Doc.to_array``.

spaCy makes a new Token object on every ``doc[i]``, ``tok.head``, ``tok.children`` or ``tok.subtree`` step and
looks every ``dep_`` and ``lemma_`` up in its string store again. The walks over the dependency tree (event
triggers, their sources and targets, modality) visit the same few tokens many times for each candidate, so they
read the tree through a ``DocView``: heads, children, labels and words as lists, made once per document, and
token indices in and out. A Token object is made only for a token handed to the resolver or read for its text,
once per document (``DocView.token``).

``DocReader`` makes the views and keeps, for the life of the process, the caches of what a string id stands
for (see ``string_ids``): a news corpus repeats a few tens of thousands of ids, and one dictionary look-up per
token is far cheaper than a string-store look-up. The actor resolver and the event extractor read a doc through
one reader, which hands both the same view: one ``Doc.to_array`` per doc.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, LEMMA, LENGTH, LOWER, ORTH, POS, SPACY, TAG
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tidings.nlp.string_ids import strings_of

NOTHING: list[int] = []  # an empty answer shared by the look-ups below; never changed
# the columns of the one ``Doc.to_array`` a view reads
ATTRS = [HEAD, DEP, LOWER, LEMMA, POS, TAG, ORTH, SPACY, IDX, LENGTH, IS_PUNCT]


@dataclass(frozen=True, slots=True)
class DocView:
    """One doc's dependency tree as lists indexed by token.

    ``head`` holds absolute indices (a root is its own head); ``kids`` each token's children in the order
    ``Token.children`` gives them (left to right); ``lemma`` the lower-cased lemma; ``dep``, ``lower``, ``pos``
    and ``tag`` the strings of ``dep_``, ``lower_``, ``pos_`` and ``tag_``; ``orth`` and ``space`` the ids of the
    words and whether a space follows, for a sentence's text. ``lemma_id`` holds the ids of the lemmas as spaCy
    gives them (not lower-cased); ``idx`` and ``end`` each token's first and past-last character; ``punct``
    ``is_punct``. ``token(i)`` is the doc's Token, for the resolver and for a trigger's text and offsets; ``tokens()``
    all of them, for the resolver, which hands Token objects around. Token objects, conjuncts, subtrees,
    prepositional phrases and sentence texts are cached on first use: the walks ask for the same few tokens again
    and again. ``names`` is the reader's cache of strings by id (see ``DocReader``), for the words of a sentence's
    text."""

    doc: Doc
    head: list[int]
    kids: list[list[int]]
    dep: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    orth: list[int]
    space: list[int]
    names: dict[int, str]
    lemma_id: list[int]
    idx: list[int]
    end: list[int]
    punct: list[bool]
    _all: list[Token] = field(default_factory=list)
    _tokens: dict[int, Token] = field(default_factory=dict)
    _conjuncts: dict[int, list[int]] = field(default_factory=dict)
    _subtrees: dict[int, list[int]] = field(default_factory=dict)
    _preps: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    _texts: dict[int, str] = field(default_factory=dict)

    def token(self, i: int) -> Token:
        if self._all:  # the resolver asked for every token: the same objects
            return self._all[i]
        tok = self._tokens.get(i)
        if tok is None:
            tok = self._tokens[i] = self.doc[i]
        return tok

    def tokens(self) -> list[Token]:
        """Every Token of the doc, made once (``doc[i]`` makes a new object on every call). The list is shared: do
        not change it."""
        if not self._all:
            self._all.extend(self.doc)
        return self._all

    def evidence(self, sent: SpacySpan) -> str:
        """``sent.text.strip()``, from the word ids (``Span.text`` makes a Token object per word)."""
        text = self._texts.get(sent.start)
        if text is None:
            lo, hi = sent.start, sent.end
            words = strings_of(self.orth[lo:hi], self.names, self.doc.vocab.strings)
            spaced = (w + " " if s else w for w, s in zip(words, self.space[lo:hi], strict=True))
            text = self._texts[lo] = "".join(spaced).strip()
        return text

    def by_prep(self, i: int, prep: str) -> list[int]:
        """What the token's preposition (particle, agent, dative) ``prep`` governs: its ``pobj`` and ``pcomp``.
        The list is shared: do not change it."""
        return self.preps(i).get(prep, NOTHING)

    def preps(self, i: int) -> dict[str, list[int]]:
        """``by_prep`` for every preposition of the token at once: word -> what it governs. Shared, as above."""
        table = self._preps.get(i)
        if table is None:
            dep, kids = self.dep, self.kids
            table = self._preps[i] = {}
            for c in kids[i]:
                if dep[c] in ("prep", "agent", "prt", "dative"):
                    table.setdefault(self.lower[c], []).extend(g for g in kids[c] if dep[g] in ("pobj", "pcomp"))
        return table

    def conjuncts(self, i: int) -> list[int]:
        """``Token.conjuncts``: up the ``conj`` chain to its first member, then that member's ``conj`` children
        (right of it) breadth first; without ``i`` itself. Cached: targets ask for the same tokens again."""
        out = self._conjuncts.get(i)
        if out is None:
            head, dep, kids = self.head, self.dep, self.kids
            start = i
            while start != head[start] and dep[start] == "conj":
                start = head[start]
            chain = [start]
            for w in chain:
                chain.extend(c for c in kids[w] if c > w and dep[c] == "conj")
            out = self._conjuncts[i] = [w for w in chain if w != i]
        return out

    def subtree(self, i: int) -> list[int]:
        """``Token.subtree``: the left children's subtrees, the token, the right children's subtrees. The list is
        shared: do not change it."""
        out = self._subtrees.get(i)
        if out is None:
            out = self._subtrees[i] = []
            self._collect(i, out)
        return out

    def _collect(self, i: int, out: list[int]) -> None:
        kids = self.kids[i]
        for c in kids:
            if c < i:
                self._collect(c, out)
        out.append(i)
        for c in kids:
            if c > i:
                self._collect(c, out)

    def lefts(self, i: int) -> list[int]:
        return [c for c in self.kids[i] if c < i]


class DocReader:
    """Makes ``DocView``s. Keeps two caches for the life of the process, both from a string-store id to its
    string (see ``string_ids``): ``names`` for dependency labels, lower-cased words, parts of speech, tags and the
    words of sentence texts; ``lemmas`` for lower-cased lemmas (a separate cache: the same id folds differently)."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.lemmas: dict[int, str] = {}
        self.last: DocView | None = None  # the view of the doc read last

    def read(self, doc: Doc) -> DocView:
        """The doc's tree as lists (see ``DocView``), from one ``Doc.to_array``. The doc read last gets the view it
        got then: the resolver and the extractor each ask for the view of the doc the pipeline is coding, and one
        read serves both. (So a doc's annotations must not change once it is read, as nothing in the pipeline
        does.)"""
        last = self.last
        if last is not None and last.doc is doc:
            return last
        n = len(doc)
        arr = doc.to_array(ATTRS)
        head = (arr[:, 0].astype(np.int64) + np.arange(n)).tolist()  # to_array gives the head's offset
        dep, lower, lemma, pos, tag, orth, space, idx = (arr[:, k].tolist() for k in range(1, 9))
        end = (arr[:, 8] + arr[:, 9]).tolist()
        kids: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(head):
            if h != i:
                kids[h].append(i)
        strings, names = doc.vocab.strings, self.names
        view = self.last = DocView(
            doc, head, kids, strings_of(dep, names, strings), strings_of(lower, names, strings),
            strings_of(lemma, self.lemmas, strings, str.lower), strings_of(pos, names, strings),
            strings_of(tag, names, strings), orth, space, names, lemma_id=lemma, idx=idx, end=end,
            punct=(arr[:, 10] != 0).tolist())
        return view
