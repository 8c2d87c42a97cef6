"""Part-of-speech and lemmas without spaCy's attribute ruler and lemmatizer components.

In en_core_web_sm those two rule components cost about a quarter of the whole pipeline, almost all of it Python
work repeated for every token. Their rules are tables (tag -> POS, word+tag exceptions, lemma rules), and a news
corpus repeats the same few thousand (word, tag) pairs, so tidings applies the same tables once per distinct pair
and caches the answer. The tables come from the loaded pipeline itself, so any English pipeline with these
components works; if one is missing, tidings runs the components as they are.

A cache miss must be cheap too: a batch job starts cold and meets tens of thousands of new (word, tag, label)
triples in its first thousand articles. So a miss reuses two smaller caches: the attribute-ruler outcome, which
depends on the word only for the hundred-odd words some rule names, and the lemma per (word, POS, morphology).
The rule lemmatizer's own method runs on a copy of its tables whose word index is held as sets (spaCy keeps
it as lists of up to 57,000 words and scans them for every new word).

The attribute ruler's few multi-token patterns ("gonna", "ain't") and its MORPH-only rules are not applied:
tidings reads no morphology. ``tests/test_fasttags.py`` checks agreement with the full components, and
``tests/test_speed_fasttags.py`` that the set-indexed copy gives spaCy's lemmas exactly.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.symbols import IDS
from spacy.tokens import Doc

SKIPPED = ("attribute_ruler", "lemmatizer")
FACTORY = "tidings_fast_tags"  # the registered component's name
OTHER_DEP = "<other>"  # stands for every dependency label that no rule names


def _condition(v: Any) -> tuple[frozenset[str], bool]:
    """(values, negated) of one token-pattern value: "DT", {"IN": [...]} or {"NOT_IN": [...]}."""
    if isinstance(v, dict):
        if "NOT_IN" in v:
            return frozenset(str(x) for x in v["NOT_IN"]), True
        return frozenset(str(x) for x in v.get("IN", [])), False
    return frozenset([str(v)]), False


def _with_set_index(lemmatizer: Any) -> Any:
    """A copy of the rule lemmatizer whose word index holds frozensets instead of lists.

    The lemmatizer tests each candidate form for membership in that index, which spaCy keeps as lists of up to
    57,000 words: a scan per test. The same words as sets give the same answers by hashing, and the lemmatizer's
    own method runs unchanged on them. A copy, so that the pipeline's component itself stays as shipped."""
    from spacy.lookups import Lookups

    tables = getattr(lemmatizer, "lookups", None)
    if tables is None or not tables.has_table("lemma_index"):
        return lemmatizer
    lookups = Lookups()
    for name in tables.tables:
        table = tables.get_table(name)
        copy_ = lookups.add_table(name)
        for key, value in table.items():
            copy_[key] = frozenset(value) if name == "lemma_index" and isinstance(value, list) else value
    quick = copy.copy(lemmatizer)
    quick.lookups = lookups
    quick.cache = {}
    return quick


class FastTagger:
    """Applies the pipeline's own attribute-ruler tables and rule lemmatizer, cached per (word, tag, dep)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.usable = all(n in nlp.component_names for n in SKIPPED) and \
            getattr(nlp.get_pipe("lemmatizer"), "mode", "") == "rule"
        self.lemmatizer = nlp.get_pipe("lemmatizer") if self.usable else None
        self.rules: list[tuple[dict[str, tuple[frozenset[str], bool]], dict[str, str]]] = []
        self._by_word: dict[str, list[int]] = {}  # rules that name the word: only these can apply to it
        self._general: list[int] = []  # rules that do not name a word
        self._general_reads_word = False  # a rule that tests the word without naming it ("NOT_IN" a list)
        self._deps: set[str] = set()  # dependency labels some rule tests: other labels share one cache entry
        self._cache: dict[tuple[int, int, int], tuple[int, int]] = {}
        self._ruled: dict[tuple[str | None, str, str], tuple[str, str, str | None]] = {}  # ruler outcome
        self._lemmas: dict[tuple[int, str, str], str] = {}
        if self.usable:
            self._load(nlp.get_pipe("attribute_ruler").patterns)
            self.lemmatizer = _with_set_index(self.lemmatizer)

    def _load(self, patterns: list[dict[str, Any]]) -> None:
        for p in patterns:
            pattern = p["patterns"][0]
            attrs = {k: str(v) for k, v in p["attrs"].items() if k in ("POS", "LEMMA", "MORPH")}
            if len(pattern) != 1 or not attrs or not set(pattern[0]) <= {"TAG", "LOWER", "DEP"}:
                continue
            cond = {k: _condition(v) for k, v in pattern[0].items()}
            if "DEP" in cond:
                self._deps.update(cond["DEP"][0])
                if cond["DEP"][1]:
                    self._deps.add("*")  # a negated label test: every label matters
            index = len(self.rules)
            self.rules.append((cond, attrs))
            if "LOWER" in cond and not cond["LOWER"][1]:
                for word in cond["LOWER"][0]:
                    self._by_word.setdefault(word, []).append(index)
            else:
                self._general.append(index)
                if "LOWER" in cond:
                    self._general_reads_word = True

    @property
    def disabled(self) -> list[str]:
        """Components to leave out of ``nlp.pipe`` when this tagger replaces them."""
        return list(SKIPPED) if self.usable else []

    def __call__(self, doc: Doc) -> Doc:
        if not self.usable or len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER, TAG, DEP])
        cache = self._cache
        every = "*" in self._deps
        deps = {strings.add(d) for d in self._deps}
        out = []
        for i, (orth, low, tag, dep) in enumerate(arr.tolist()):
            key = (orth, tag, dep if every or dep in deps else 0)
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = self._resolve(doc, i, orth, low, tag, dep)
            out.append(hit)
        doc.from_array([POS, LEMMA], np.array(out, dtype="uint64"))
        return doc

    def _resolve(self, doc: Doc, i: int, orth: int, low: int, tag: int, dep: int) -> tuple[int, int]:
        """(POS id, lemma id) of token ``i``, whose text, lower-case form, tag and dependency label are given as
        string ids."""
        strings = doc.vocab.strings
        lower, label = strings[low], strings[dep]
        if "*" not in self._deps and label not in self._deps:
            label = OTHER_DEP  # a label no rule names stands for all such labels, as in the cache key
        # the ruler's outcome depends on the word only if some rule names it (or tests words in general)
        key = (lower if self._general_reads_word or lower in self._by_word else None, strings[tag], label)
        ruled = self._ruled.get(key)
        if ruled is None:
            ruled = self._ruled[key] = self._rule(lower, key[1], label)
        pos, morph, lemma = ruled
        if lemma is None:
            key = (orth, pos, morph)
            lemma = self._lemmas.get(key)
            if lemma is None:
                lemma = self._lemmas[key] = self._lemma(doc, i, pos, morph)
        return IDS.get(pos, 0), strings.add(lemma)

    def _rule(self, low: str, tag: str, dep: str) -> tuple[str, str, str | None]:
        """(POS, MORPH, LEMMA or None) that the attribute ruler's single-token rules give this word."""
        attrs: dict[str, str] = {}
        values = {"TAG": tag, "LOWER": low, "DEP": dep}
        for i in sorted(self._general + self._by_word.get(low, [])):  # the ruler's order: later rules win
            cond, rule = self.rules[i]
            if all((values[k] in v) != negated for k, (v, negated) in cond.items()):
                attrs.update(rule)
        pos = attrs.get("POS", "X")
        if pos not in IDS:
            raise ValueError(f"attribute ruler sets an unknown part of speech {pos!r}")
        return pos, attrs.get("MORPH", ""), attrs.get("LEMMA")

    def _lemma(self, doc: Doc, i: int, pos: str, morph: str) -> str:
        """The rule lemmatizer's first lemma for token ``i`` with this POS and morphology, as spaCy's component
        would give it."""
        assert self.lemmatizer is not None
        token = doc[i]
        text = token.text
        token.pos_ = pos
        if morph:
            token.set_morph(morph)
        lemmas = self.lemmatizer.rule_lemmatize(token)
        return lemmas[0] if lemmas else text


@Language.factory(FACTORY, requires=["token.tag", "token.dep"], assigns=["token.pos", "token.lemma"])
def make_fast_tagger(nlp: Language, name: str) -> FastTagger:
    """spaCy's factory for the component: it reads the tables of the pipeline it is added to."""
    return FastTagger(nlp)


def install(nlp: Language) -> FastTagger:
    """Put the fast tagger into ``nlp`` in place of the attribute ruler and the lemmatizer, and return it.

    A registered component rather than a step after ``nlp.pipe``, so that every way of running the pipeline
    (``nlp(text)``, ``nlp.pipe``, the ``tidings actor`` and ``gkg`` commands, the tests) tags alike: part of
    speech and lemma as ``Pipeline.code`` sees them. Runs last, where it ran as a separate step, so nothing
    before it sees different tags. Installing twice is harmless (the process shares one loaded pipeline); a
    pipeline without the two rule components keeps them and gets no fast tagger."""
    if FACTORY in nlp.pipe_names:
        return nlp.get_pipe(FACTORY)
    tagger = FastTagger(nlp)
    if not tagger.usable:
        return tagger
    nlp.add_pipe(FACTORY, last=True, validate=False)  # no config to check (and pydantic cannot read the hints)
    for name in SKIPPED:
        nlp.disable_pipe(name)
    return nlp.get_pipe(FACTORY)
