"""Part-of-speech and lemmas without spaCy's attribute ruler and lemmatizer components.

In en_core_web_sm those two rule components cost about a quarter of the whole pipeline, almost all of it Python
work repeated for every token. Their rules are tables (tag -> POS, word+tag exceptions, lemma rules), and a news
corpus repeats the same few thousand (word, tag) pairs, so tidings applies the same tables once per distinct pair
and caches the answer. The tables come from the loaded pipeline itself, so any English pipeline with these
components works; if one is missing, tidings runs the components as they are.

The attribute ruler's few multi-token patterns ("gonna", "ain't") and its MORPH-only rules are not applied:
tidings reads no morphology. ``tests/test_fasttags.py`` checks agreement with the full components.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.symbols import IDS
from spacy.tokens import Doc

SKIPPED = ("attribute_ruler", "lemmatizer")


def _condition(v: Any) -> tuple[frozenset[str], bool]:
    """(values, negated) of one token-pattern value: "DT", {"IN": [...]} or {"NOT_IN": [...]}."""
    if isinstance(v, dict):
        if "NOT_IN" in v:
            return frozenset(str(x) for x in v["NOT_IN"]), True
        return frozenset(str(x) for x in v.get("IN", [])), False
    return frozenset([str(v)]), False


class FastTagger:
    """Applies the pipeline's own attribute-ruler tables and rule lemmatizer, cached per (word, tag, dep)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.usable = all(n in nlp.pipe_names for n in SKIPPED) and \
            getattr(nlp.get_pipe("lemmatizer"), "mode", "") == "rule"
        self.lemmatizer = nlp.get_pipe("lemmatizer") if self.usable else None
        self.rules: list[tuple[dict[str, tuple[frozenset[str], bool]], dict[str, str]]] = []
        self._by_word: dict[str, list[int]] = {}  # rules that name the word: only these can apply to it
        self._general: list[int] = []  # rules that do not name a word
        self._deps: set[str] = set()  # dependency labels some rule tests: other labels share one cache entry
        self._cache: dict[tuple[int, int, int], tuple[int, int]] = {}
        self._lemmas: dict[tuple[int, str, str], str] = {}
        if self.usable:
            self._load(nlp.get_pipe("attribute_ruler").patterns)

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

    @property
    def disabled(self) -> list[str]:
        """Components to leave out of ``nlp.pipe`` when this tagger replaces them."""
        return list(SKIPPED) if self.usable else []

    def __call__(self, doc: Doc) -> Doc:
        if not self.usable or len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER, TAG, DEP])
        out = np.zeros((len(doc), 2), dtype="uint64")
        cache = self._cache
        every = "*" in self._deps
        deps = {strings.add(d) for d in self._deps}
        for i, (orth, low, tag, dep) in enumerate(arr.tolist()):
            key = (orth, tag, dep if every or dep in deps else 0)
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = self._resolve(doc[i], strings[low], strings[tag], strings[dep])
            out[i, 0], out[i, 1] = hit
        doc.from_array([POS, LEMMA], out)
        return doc

    def _resolve(self, token: Any, low: str, tag: str, dep: str) -> tuple[int, int]:
        attrs: dict[str, str] = {}
        # a label no rule names stands for all such labels, as in the cache key
        values = {"TAG": tag, "LOWER": low, "DEP": dep if "*" in self._deps or dep in self._deps else "<other>"}
        for i in sorted(self._general + self._by_word.get(low, [])):  # the ruler's order: later rules win
            cond, rule = self.rules[i]
            if all((values[k] in v) != negated for k, (v, negated) in cond.items()):
                attrs.update(rule)
        token.pos_ = attrs.get("POS", "X")
        if "MORPH" in attrs:
            token.set_morph(attrs["MORPH"])
        lemma = attrs.get("LEMMA")
        if lemma is None:
            key = (token.orth, token.pos_, attrs.get("MORPH", ""))
            lemma = self._lemmas.get(key)
            if lemma is None:
                assert self.lemmatizer is not None
                lemmas = self.lemmatizer.rule_lemmatize(token)
                lemma = self._lemmas[key] = lemmas[0] if lemmas else token.text
        return IDS.get(token.pos_, 0), token.doc.vocab.strings.add(lemma)
