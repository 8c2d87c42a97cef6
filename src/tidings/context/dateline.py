"""The dateline's place: where the story was filed, the best evidence of an article's location and the default
place of its events.

``nlp.dateline`` finds the lines that start like a dateline; here the first whose place resolves is the dateline,
with cities preferred: "WASHINGTON" is the capital, not the state, and "PARIS, Texas" is the Texan town.
"""

from __future__ import annotations

from tidings.context.places import Context, PlaceResolver
from tidings.models import Dateline
from tidings.nlp.dateline import DatelineMatch, dateline_matches
from tidings.nlp.text_norm import fold


def place_of(found: DatelineMatch, resolver: PlaceResolver) -> Dateline | None:
    """The dateline ``found`` makes if its place resolves to a town or region (cities preferred)."""
    place = resolver.best(fold(found.text), Context(), qualifier=found.region, dateline=True, allow_cc=False)
    if place is None or place.kind == "feature":
        return None
    return Dateline(place, found.text, found.span, found.header, found.agency, found.date_text)


def find_dateline(text: str, resolver: PlaceResolver) -> Dateline | None:
    """The first line-initial dateline in the opening lines whose place resolves; None when there is none."""
    for found in dateline_matches(text):
        dateline = place_of(found, resolver)
        if dateline is not None:
            return dateline
    return None
