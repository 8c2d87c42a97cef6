"""The dateline as the text alone shows it ("BEIJING:", "WASHINGTON (Reuters) -", "Seoul, Jan 3 (Yonhap) --").

A dateline is looked for at the start of each of the first few lines (a standfirst often comes before it). Only a
line that starts like a dateline counts: a place in capitals followed by a separator, or any place followed by a
date or an agency in parentheses or slashes, and then a separator. This module says only where such a line is and
what its header holds; whether the place is a place is ``context.dateline``'s question (it needs the gazetteer).
It sits in ``nlp/`` so that both actor resolution (a dateline's place is not an actor of the first sentence) and
the context (the article's location) read the one pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tidings.models import Span
from tidings.nlp.text_norm import line_starts

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WORD = r"[A-Z][A-Za-z.'’\-]*"
_PLACE = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
DATELINE_RE = re.compile(
    rf"^[ \t]*(?P<place>{_PLACE})"
    rf"(?:,[ \t]*(?!{_MONTH}[ \t]+\d)(?P<region>{_PLACE}))?"
    rf"(?:,?[ \t]*(?P<date>{_MONTH}[ \t]+\d{{1,2}}(?:,?[ \t]+\d{{4}})?))?"
    r"[ \t]*(?:\((?P<agency>[^()\n]{1,40})\)|/(?P<wire>[^/\n]{1,40})/)?"
    r"[ \t]*(?P<sep>:|--|—|–|-)[ \t]+",
    re.MULTILINE,
)
MAX_LINES = 6
SEARCH_CHARS = 2000


@dataclass(frozen=True)
class DatelineMatch:
    """A line that starts like a dateline: the place as written and its span, the header up to where the story
    begins (a date in it is the filing date, not an event's), and the region, agency and date the header names."""

    text: str
    span: Span
    header: Span
    region: str | None = None
    agency: str | None = None
    date_text: str | None = None


def dateline_matches(text: str, max_lines: int | None = MAX_LINES) -> Iterator[DatelineMatch]:
    """The lines among the first ``max_lines`` (None: all) of the first ``SEARCH_CHARS`` characters that start like
    a dateline, in order. Nothing is resolved: ``context.dateline.find_dateline`` takes the first whose place
    resolves; a caller that only needs to know which characters may be a dateline's place reads them all."""
    head = text[:SEARCH_CHARS]
    # no part of the pattern matches a newline and it is anchored at a line start, so its matches in ``head`` are
    # exactly the matches at the starts of lines: trying it at the first few of those (rather than scanning the
    # whole head and dropping the matches on later lines) finds the same matches in the same order
    for start_of_line in line_starts(head, max_lines):
        m = DATELINE_RE.match(head, start_of_line)
        found = match_of(m) if m is not None else None
        if found is not None:
            yield found


def match_of(m: re.Match[str]) -> DatelineMatch | None:
    """The dateline one match of ``DATELINE_RE`` makes, if its place is marked as one (capitals, a date, an
    agency): "Taiwan: the island ..." is a sentence, "TAIPEI:" is a dateline."""
    place_text = m.group("place").rstrip(".-’'")
    marked = bool(m.group("agency") or m.group("wire") or m.group("date"))
    letters = [c for c in place_text if c.isalpha()]
    if not marked and not (len(letters) > 1 and all(c.isupper() for c in letters)):
        return None
    start = m.start("place")
    agency = (m.group("agency") or m.group("wire") or "").strip() or None
    return DatelineMatch(place_text, Span(start, start + len(place_text)), Span(start, m.end()), m.group("region"),
                         agency, m.group("date"))


def dateline_place_chars(text: str, max_lines: int | None = None) -> set[int]:
    """The character offsets of every dateline-like place in the head of ``text`` (all lines by default): the
    characters actor resolution must not read as an actor ("BEIJING:" is where the story was filed)."""
    out: set[int] = set()
    for found in dateline_matches(text, max_lines):
        out.update(range(found.span.start, found.span.end))
    return out
