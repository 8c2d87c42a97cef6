"""The dateline: where the story was filed ("BEIJING:", "WASHINGTON (Reuters) -", "Seoul, Jan 3 (Yonhap) --").

A dateline is the best evidence of an article's location, and the default place of its events, so it is looked for
at the start of each of the first few lines (a standfirst often comes before it). Only a line that starts like a
dateline counts: a place in capitals followed by a separator, or any place followed by a date or an agency in
parentheses or slashes, and then a separator. The place must resolve, with cities preferred: "WASHINGTON" is the
capital, not the state, and "PARIS, Texas" is the Texan town.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tidings.context.places import Context, Place, PlaceResolver
from tidings.nlp.text_norm import fold, line_starts

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
class Dateline:
    """A dateline found in the text, with its resolved place and the character span of the place name."""

    place: Place
    text: str
    start: int
    end: int
    agency: str | None = None
    date_text: str | None = None
    header_end: int = 0  # where the dateline ends and the story begins: its date is not an event's date

    def to_dict(self, date: str | None = None) -> dict[str, Any]:
        d = self.place.to_dict()
        d.update({"text": self.text, "span": [self.start, self.end], "agency": self.agency,
                  "date_text": self.date_text, "date": date})
        return d


def find_dateline(text: str, resolver: PlaceResolver) -> Dateline | None:
    """The first line-initial dateline in the opening lines whose place resolves; None when there is none."""
    head = text[:SEARCH_CHARS]
    # no part of the pattern matches a newline and it is anchored at a line start, so its matches in ``head`` are
    # exactly the matches at the starts of lines: trying it at the first few of those (rather than scanning the
    # whole head and dropping the matches on later lines) finds the same matches in the same order
    for start_of_line in line_starts(head, MAX_LINES):
        m = DATELINE_RE.match(head, start_of_line)
        found = dateline_of(m, resolver) if m is not None else None
        if found is not None:
            return found
    return None


def dateline_of(m: re.Match[str], resolver: PlaceResolver) -> Dateline | None:
    """The dateline one match of the pattern makes, if its place resolves to a town or region."""
    place_text = m.group("place").rstrip(".-’'")
    marked = bool(m.group("agency") or m.group("wire") or m.group("date"))
    letters = [c for c in place_text if c.isalpha()]
    if not marked and not (len(letters) > 1 and all(c.isupper() for c in letters)):
        return None  # "Taiwan: the island ..." is a sentence, "TAIPEI:" is a dateline
    place = resolver.best(fold(place_text), Context(), qualifier=m.group("region"), dateline=True, allow_cc=False)
    if place is None or place.kind == "feature":
        return None
    start = m.start("place")
    agency = (m.group("agency") or m.group("wire") or "").strip() or None
    return Dateline(place, place_text, start, start + len(place_text), agency, m.group("date"), m.end())
