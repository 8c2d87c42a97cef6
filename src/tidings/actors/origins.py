"""Places below the country as an actor's origin: "Kandahar police", "Darfur rebels", "the Basra governor".

The gazetteer (``context.places`` through the pipeline) reads a place name as a city, a US state or a first-level
subdivision or region of another country (``context.subdivisions``). Here is where in a phrase such a name is
looked for, and when a reading that is not sure enough on its own (a name two countries' subdivisions share, or a
common word, or a person's name) may ask the article's countries.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from tidings.actors.parsed import ParsedDoc, PlaceCountry

REGION_ONLY = ("region",)  # what a name with no place entity may be read as (see ``modifier_place``)
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ"})  # the small model tags "Punjab" in "Punjab police" ADJ, "Wales" NOUN


class PlaceOrigins:
    """The country of the place a phrase's modifiers name, for one article. ``countries`` gives the countries the
    article names (``People.article_countries``), asked only for a name that needs them."""

    def __init__(self, doc: ParsedDoc, gazetteer: PlaceCountry | None,
                 countries: Callable[[], Collection[str]]) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.countries = countries

    def modifier_place(self, tokens: Sequence[int], h: int) -> str | None:
        """The country of a town or region that modifies a sector word and that the knowledge base lacks ("Kandahar
        police", "Texas officials", "the Basra governor", "Darfur rebels"): the gazetteer's reading of it (a city of
        15,000 people or more, a US state, a first-level subdivision or region). Only a capitalised place-name
        entity counts (its first and last word capitalised: "Castilla y Leon"), so that common words the gazetteer
        also holds ("Police" is a Polish town) are not places here; and only before a sector word, which a place
        names the home of: before a name ("Santa Catarina Milton Mendes"), the place is a constituency or a
        birthplace, and the gazetteer's reading of a region it lacks may be a town abroad. The small model often
        tags a lone city before a sector word as an organisation ("Karachi police", "Marseille prosecutors"): a
        one-word ORG entity counts too (a longer one is a body's name, which the knowledge base resolves). It
        often tags no entity at all before a sector word ("Punjab police", "Wales police"): a run of capitalised
        words (proper nouns, or what the small model takes for nouns and adjectives) outside any entity counts
        when it names a subdivision or region, never a town (34,000 town names hold many words and surnames;
        4,000 region names are guarded)."""
        if self.gazetteer is None:
            return None
        doc = self.doc
        for t in tokens:
            ent = doc.ent_at.get(t)
            if ent is None:
                end = t
                while end < h and end not in doc.ent_at and doc.pos[end] in NAME_POS and doc.tokens[end].is_title:
                    end += 1
                if end > t and (t == tokens[0] or not doc.tokens[t - 1].is_title):
                    found = self.gazetteer(doc.text[doc.idx[t]:doc.end[end - 1]], self.countries, REGION_ONLY)
                    if found is not None:
                        return found[0]
                continue
            if t != ent.start or ent.end > h \
                    or not (ent.label == "GPE" or (ent.label == "ORG" and ent.end - ent.start == 1)) \
                    or not all(doc.tokens[k].is_title or doc.tokens[k].is_upper for k in (ent.start, ent.end - 1)):
                continue
            found = self.gazetteer(ent.span.text, self.countries)
            if found is not None:
                return found[0]
        return None

    def wider_place(self, start: int, end: int, country: str | None) -> str | None:
        """The country of the place entity that holds the name of a country or capital at tokens ``start``-``end``
        and more, when the gazetteer reads the whole entity as a place of another country: "Northern Ireland"
        holds "Ireland", "Santiago de Cuba" holds Chile's capital (the small model often tags such a name ORG; the
        gazetteer must read all of it as a place, which a body's name is not); None where there is no such
        entity or reading."""
        ent = self.doc.ent_at.get(start)
        if self.gazetteer is None or ent is None or ent.label not in ("GPE", "LOC", "ORG") \
                or (ent.start == start and ent.end == end) or ent.start > start or ent.end < end:
            return None
        found = self.gazetteer(ent.span.text, self.countries)
        return found[0] if found is not None and found[0] != country else None
