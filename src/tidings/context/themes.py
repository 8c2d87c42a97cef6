"""Themes: which international-relations topics an article and each of its events touch.

The taxonomy and its words live in ``data/themes.yaml`` so that an analyst can add a theme or a phrase without
touching code. Matching is a single pass over the tokens: every pattern is indexed by its first word, a word
matches a token by lemma or lower-case form (or a plural "s" dropped, for proper nouns the lemmatiser leaves
alone), and hyphens and possessive 's are transparent, so "nuclear-armed", "nuclear armed", "women's rights" and
"women rights" all meet their patterns. This costs well under a millisecond an article, which matters on corpora.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter
from pathlib import Path
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc

from tidings.datafiles.check import read
from tidings.datafiles.compiled import compiled
from tidings.datafiles.read import data_dir
from tidings.datafiles.schema import THEME
from tidings.errors import DataFileError
from tidings.models import Span, ThemeSpans

TRANSPARENT = frozenset({"-", "–", "'s", "’s", "'", "’", "“", "”", '"'})  # "aims to “restore” ties"
MIN_THEMES = 40


@dataclass(frozen=True)
class Theme:
    name: str
    code: str
    description: str


@dataclass(frozen=True)
class ThemeHit:
    """One match: the theme, its character span and the sentence it is in."""

    theme: Theme
    start: int
    end: int
    sentence: int


_Entry = tuple[tuple[str, ...], int, bool]  # a pattern's words, its theme's index, whether it excludes
# a token type's forms, and the patterns they start as (the pattern's words after the first, theme index,
# is_exclusion); None for a transparent token type
_Seen = tuple[frozenset[str], tuple[_Entry, ...]] | None


class _SeenCache(dict[tuple[int, int], _Seen]):
    """(lower id, lemma id) -> ``ThemeMatcher._see`` of that token type. A miss is filled by ``__missing__``, so
    that ``match`` can look every token up in one ``map`` over the doc's arrays instead of a Python loop with a
    test per token. ``strings`` is the string store of the doc being matched (set by ``match``)."""

    def __init__(self, see: Callable[[str, str], _Seen]) -> None:
        super().__init__()
        self.see = see
        self.strings: Any = None

    def __missing__(self, key: tuple[int, int]) -> _Seen:
        hit = self.see(self.strings[key[0]], self.strings[key[1]])
        if len(self) > 200_000:
            self.clear()
        self[key] = hit
        return hit


def _words(pattern: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s\-–]+", pattern.casefold().replace("’", "'").replace("'s", ""))
                 if w and w not in TRANSPARENT)


class ThemeMatcher:
    """The taxonomy of ``data/themes.yaml`` (or another file of the same shape), compiled for matching."""

    def __init__(self, path: Path | None = None, cache: bool = True) -> None:
        """The taxonomy comes from the compiled cache when ``path`` is unchanged (``datafiles.compiled``); with
        ``cache`` False it is read from the file (``tidings kb`` checks the file, not a copy)."""
        self.path = path or data_dir() / "themes.yaml"
        self.themes: list[Theme] = []
        # first word -> [(words, theme index, is_exclusion)]
        self._index: dict[str, list[tuple[tuple[str, ...], int, bool]]] = defaultdict(list)
        if cache:
            self.themes, self._index = compiled("themes", self._load, what="the themes", sources=(self.path,))
        else:
            self._load()
        self._seen = _SeenCache(self._see)  # (lower id, lemma id) -> what _see says about such a token

    def _load(self) -> tuple[list[Theme], dict[str, list[_Entry]]]:
        """Read the taxonomy through ``datafiles`` (held to ``schema.THEME``: an unknown key or a wrong type is an
        error with file and line); what the schema cannot see, a theme listed twice or one with no words, is
        checked here. Gives the themes and the index, which are what is compiled."""
        file = read(self.path, THEME)
        names: set[str] = set()
        codes: set[str] = set()
        for i, e in enumerate(file.data or []):
            name, code = e["name"], e["code"]
            if not name or not code:
                raise DataFileError(f"{file.where((i,))}: a theme needs a non-empty name and code")
            if name in names or code in codes:
                raise DataFileError(f"{file.where((i,))}: theme {name!r} ({code}) is listed twice")
            names.add(name)
            codes.add(code)
            patterns = [*(e.get("lemmas") or []), *(e.get("phrases") or [])]
            if not patterns:
                raise DataFileError(f"{file.where((i,))}: theme {name!r} has no lemmas or phrases")
            idx = len(self.themes)
            self.themes.append(Theme(name, code, e.get("description") or ""))
            for p in patterns:
                self._add(p, idx, False)
            for p in e.get("exclude") or []:
                self._add(p, idx, True)
        return self.themes, self._index

    def _see(self, low: str, lemma: str) -> _Seen:
        """(forms, patterns starting with one of the forms, in the order the forms and the index give them) of a
        token with this lower-case form and lemma; None when such a token is transparent. A pattern is kept
        without its first word, which the token has already matched."""
        if low in TRANSPARENT:
            return None
        forms = _forms(low, lemma)
        return forms, tuple((words[1:], idx, exclude) for f in forms for words, idx, exclude in self._index.get(f, ()))

    def _add(self, pattern: str, idx: int, exclude: bool) -> None:
        words = _words(pattern)
        if words:
            self._index[words[0]].append((words, idx, exclude))

    @property
    def by_name(self) -> dict[str, Theme]:
        return {t.name: t for t in self.themes}

    def match(self, doc: Doc, sent_of: list[int]) -> list[ThemeHit]:
        """All theme matches in ``doc``, in text order; ``sent_of`` maps token index to sentence index.

        Tokens are read as (lower, lemma) string ids; what a pair offers (its forms, and the patterns those forms
        start) is looked up once per distinct pair, and only the tokens that start some pattern (about one in ten)
        are visited one by one.
        """
        if len(doc) == 0:
            return []
        arr = doc.to_array([LOWER, LEMMA])
        seen = self._seen
        seen.strings = doc.vocab.strings
        kinds = list(map(seen.__getitem__, zip(arr[:, 0].tolist(), arr[:, 1].tolist(), strict=True)))
        kept = list(filter(None, kinds))  # transparent tokens (None) are skipped by matching: leave them out
        stream: list[int] | range = list(compress(count(), kinds)) if len(kept) < len(kinds) else range(len(kinds))
        kinds = kept
        found: list[tuple[int, int, int]] = []  # (theme, first stream pos, last stream pos)
        blocked: list[tuple[int, int, int]] = []
        n = len(kinds)
        for i in compress(count(), map(itemgetter(1), kinds)):  # the stream positions that start some pattern
            for rest, idx, exclude in kinds[i][1]:
                end = i + len(rest)
                if end >= n:
                    continue
                j = i
                for word in rest:
                    j += 1
                    if word not in kinds[j][0]:
                        break
                else:
                    (blocked if exclude else found).append((idx, i, end))
        hits: list[ThemeHit] = []
        covered: dict[int, int] = {}  # theme -> last stream position already inside one of its matches
        for idx, a, b in sorted(found, key=lambda x: (x[1], -x[2])):  # longest first at each start
            if any(bi == idx and ba <= b and a <= bb for bi, ba, bb in blocked) or covered.get(idx, -1) >= a:
                continue
            covered[idx] = b
            first, last = doc[stream[a]], doc[stream[b]]
            hits.append(ThemeHit(self.themes[idx], first.idx, last.idx + len(last.text), sent_of[first.i]))
        return hits


_FORMS: dict[tuple[str, str], frozenset[str]] = {}


def _forms(low: str, lemma: str) -> frozenset[str]:
    """The forms a token offers to patterns; memoised, since the same words recur across a corpus."""
    key = (low, lemma)
    hit = _FORMS.get(key)
    if hit is not None:
        return hit
    lem = lemma.casefold()
    if len(low) > 3 and low.endswith("s"):
        out = frozenset((low, lem, low[:-1], low[:-2] if low.endswith("es") else low))
    else:
        out = frozenset((low, lem))
    if len(_FORMS) > 200_000:
        _FORMS.clear()
    _FORMS[key] = out
    return out


@lru_cache(maxsize=4)
def theme_matcher(path: str | None = None) -> ThemeMatcher:
    """The packaged taxonomy, compiled once per process."""
    return ThemeMatcher(Path(path) if path else None)


def summarise(hits: list[ThemeHit]) -> tuple[ThemeSpans, ...]:
    """The themes of ``hits`` with the character spans of each, most mentioned first (then first mention)."""
    spans: dict[str, list[Span]] = {}
    for h in hits:
        spans.setdefault(h.theme.name, []).append(Span(h.start, h.end))
    names = sorted(spans, key=lambda k: (-len(spans[k]), spans[k][0].start))
    return tuple(ThemeSpans(k, tuple(spans[k])) for k in names)


def describe() -> list[dict[str, Any]]:
    """The taxonomy as data: name, code, description (for documentation and the GKG exporter)."""
    return [{"name": t.name, "code": t.code, "description": t.description} for t in theme_matcher().themes]
