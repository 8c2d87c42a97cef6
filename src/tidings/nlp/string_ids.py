"""What a spaCy string id stands for, cached across documents.

An id is the hash of its string in every spaCy vocabulary, so the string, and anything computed from the string
alone, is the same whichever document the id comes from. The extractor and the resolver read a whole document's
labels, words and lemmas as id arrays (``Doc.to_array``) and turn them into strings (or folded forms) through
these caches: a news corpus repeats a few tens of thousands of ids, and a dictionary look-up per token is far
cheaper than a string-store look-up, let alone a Token object, per access.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

LIMIT = 1 << 18  # a cache is emptied when it grows past this: a long run meets ever new names and numbers


def strings_of(ids: list[int], cache: dict[int, Any], strings: Any, how: Callable[[str], T] | None = None) -> list:
    """``how(strings[i])`` (or the plain string) for each id, through ``cache``, which holds the answers by id and
    is filled with those it lacks. One ``map`` when every id is known, as it is for most documents once a run has
    warmed up."""
    try:
        return list(map(cache.__getitem__, ids))
    except KeyError:
        if len(cache) > LIMIT:
            cache.clear()
        for i in set(ids).difference(cache):
            cache[i] = strings[i] if how is None else how(strings[i])
        return list(map(cache.__getitem__, ids))


def string_of(i: int, cache: dict[int, Any], strings: Any, how: Callable[[str], T] | None = None) -> Any:
    """``strings_of`` for one id, for callers that look ids up one at a time."""
    hit = cache.get(i)
    if hit is None:
        if len(cache) > LIMIT:
            cache.clear()
        hit = cache[i] = strings[i] if how is None else how(strings[i])
    return hit
