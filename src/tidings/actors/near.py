"""Country and demonym terms one spelling edit away from a word ("Pakistian", "Afganistan"), found without
comparing the word to every country term: the knowledge base's near-miss index."""

from __future__ import annotations

from typing import Protocol


class Entry(Protocol):
    """What the index needs of a knowledge-base entry (``kb.Entry``), without importing kb (which imports this)."""

    kind: str


class NearIndex:
    """The one-word country and demonym terms (five letters or more), by length and by first and by last letter.

    One edit changes at most two neighbouring letters, or shifts the letters after one point: a term one edit away
    from a word of similar length (both four letters or more) therefore shares its first letter or its last letter
    with it. Looking only at those terms, in their order in the knowledge base, makes the few comparisons that can
    succeed instead of one per country term, and finds the same terms in the same order."""

    def __init__(self, terms: dict[str, list[Entry]]) -> None:
        self.rows: dict[int, list[tuple[str, Entry]]] = {}
        self.by_first: dict[tuple[int, str], list[int]] = {}
        self.by_last: dict[tuple[int, str], list[int]] = {}
        for key, entries in terms.items():
            if " " not in key and len(key) >= 5:
                for e in entries:
                    if e.kind in ("country", "demonym"):
                        rows = self.rows.setdefault(len(key), [])
                        self.by_first.setdefault((len(key), key[0]), []).append(len(rows))
                        self.by_last.setdefault((len(key), key[-1]), []).append(len(rows))
                        rows.append((key, e))

    def candidates(self, word: str, length: int) -> list[tuple[str, Entry]]:
        """The terms of ``length`` letters that can be one edit from ``word``, in knowledge-base order."""
        rows = self.rows.get(length)
        if not rows or not word:
            return []
        at = set(self.by_first.get((length, word[0]), ())).union(self.by_last.get((length, word[-1]), ()))
        return [rows[i] for i in sorted(at)]


def one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1 (the strings differ)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]
