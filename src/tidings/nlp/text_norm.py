"""Normalising surface forms so that "U.S.", "US", "the U.S." and "Lee Jae-myung"/"Lee Jae Myung" meet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


@lru_cache(maxsize=262144)  # the same few thousand names and words recur in every article
def fold(text: str) -> str:
    """Lower-case, strip accents and dots, unify quotes/hyphens/whitespace, drop a leading article and a possessive."""
    if text.isascii():
        # most words of English news: NFKD leaves ASCII as it is, it has no accents, and "`" is the one ASCII
        # character _QUOTES maps; translating and decomposing char by char were most of the cost of a cache miss
        t = text.replace("`", "'")
    else:
        t = unicodedata.normalize("NFKD", text.translate(_QUOTES))
        t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = t.casefold().strip()
    t = _POSSESSIVE.sub("", t)
    t = t.replace(".", "").replace("-", " ")
    t = " ".join(t.split())  # split() and the regex \s agree on what whitespace is (str.isspace)
    return _LEADING_ARTICLE.sub("", t)


def line_starts(text: str, limit: int | None = None) -> list[int]:
    """Offsets where the lines of ``text`` start (the first ``limit`` of them): a pattern anchored at a line start
    that never crosses a line end matches exactly where ``match`` at these offsets does, without a scan of every
    position (the two dateline searches use it)."""
    starts = [0]
    while limit is None or len(starts) < limit:
        nl = text.find("\n", starts[-1])
        if nl < 0:
            break
        starts.append(nl + 1)
    return starts


def member_form(name: str) -> str | None:
    """A party name's member in the singular, when the name is its members in the plural: "Tories" Tory,
    "Lib Dems" Lib Dem, "Liberal Democrats" Liberal Democrat; None for other names (acronyms, "Congress")."""
    *rest, last = name.split() or [""]
    if len(last) < 4 or not last[0].isupper() or not last[1:].islower() or not last.endswith("s") \
            or last.endswith(("ss", "us", "is")):
        return None
    return " ".join([*rest, last[:-3] + "y" if last.endswith("ies") else last[:-1]])
