"""Places below the country as an actor's origin: "Kandahar police", "Darfur rebels", "the Basra governor".

The gazetteer (``context.places`` through the pipeline) reads a place name as a city, a US state or a first-level
subdivision or region of another country (``context.subdivisions``). Here is where in a phrase such a name is
looked for, and when a reading that is not sure enough on its own (a name two countries' subdivisions share, or a
common word, or a person's name) may ask the article's countries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence

from spacy.tokens import Token

from tidings.actors.parsed import ParsedDoc, PlaceCountry
from tidings.models import Actor

REGION_ONLY = ("region",)  # what a name with no place entity may be read as (see ``modifier_place``)
REGION_OR_TOWN = ("region", "city")  # ... right before the sector word, with towns guarded (``unsure_cities``)
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ"})  # the small model tags "Punjab" in "Punjab police" ADJ, "Wales" NOUN
# entity labels the small model gives a place before a sector word ("Dagestan police" NORP, "Tamil Nadu police"
# PERSON): their words are read as if no entity held them
WEAK_LABELS = frozenset({"NORP", "PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC"})  # "Xinjiang police" GPE, "Kashmir police" LOC
PLACE_KINDS = ("city", "state", "region")


# words for an area a proper name is compounded with or follows "of": "Helmand province", "the region of Darfur"
AREAS = frozenset({"province", "provinces", "region", "district", "state", "governorate", "county", "prefecture",
                   "oblast", "valley", "territory", "department", "municipality", "emirate"})


class PlaceOrigins:
    """The country of the place a phrase's modifiers name, for one article. ``countries`` gives the countries the
    article names (``People.article_countries``), asked only for a name that needs them; ``day`` the article date
    (a place whose actors changed country: Crimea)."""

    def __init__(self, doc: ParsedDoc, gazetteer: PlaceCountry | None,
                 countries: Callable[[], Collection[str]], day: dt.date | None = None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.countries = countries
        self.day = day

    def bare(self, t: int) -> bool:
        """Whether token ``t`` is in no entity, or in one of a label that does not decide (``WEAK_LABELS``)."""
        ent = self.doc.ent_at.get(t)
        return ent is None or ent.label in WEAK_LABELS

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
        often tags no entity at all before a sector word ("Punjab police", "Baqubah insurgents"), or a NORP or
        PERSON one ("Dagestan police", "Tamil Nadu police"): a run of capitalised words (proper nouns, or what the
        small model takes for nouns and adjectives) outside any other entity counts when it names a subdivision or
        region, or, right before the sector word, a town whose name is no common word, sector word or person's
        name and whose towns of that name lie in one country (else the article's countries decide:
        ``PlaceResolver.unsure_cities``)."""
        if self.gazetteer is None:
            return None
        doc = self.doc
        for t in tokens:
            ent = doc.ent_at.get(t)
            if ent is None or (ent.label in WEAK_LABELS and ent.start == t and ent.end <= h):
                end = self.name_end(t, h)
                if end > t and (t == tokens[0] or not doc.tokens[t - 1].is_title):
                    found = self.ask(t, end, h, REGION_OR_TOWN if end == h else REGION_ONLY, True)
                    if found is not None:
                        return found
                continue
            if t != ent.start or ent.end > h or ent.label not in PLACE_LABELS | {"ORG"} \
                    or not all(doc.tokens[k].is_title or doc.tokens[k].is_upper for k in (ent.start, ent.end - 1)):
                continue
            # a longer ORG entity is a body's name, which the knowledge base resolves, unless it names a region
            # ("Khyber Pakhtunkhwa police")
            one = ent.label in PLACE_LABELS or ent.end - ent.start == 1
            found = self.ask(ent.start, ent.end, h, PLACE_KINDS if one else REGION_ONLY, False)
            if found is not None:
                return found
        return None

    def name_end(self, t: int, h: int, any_entity: bool = False) -> int:
        """The end of the run of capitalised words from token ``t`` before the head ``h``, in no entity that
        decides (``bare``; ``any_entity``: in any): proper nouns, or what the small model takes for nouns and
        adjectives; a hyphen between two of them joins them ("Nagorno-Karabakh")."""
        doc = self.doc
        end = t
        while end < h and (any_entity or self.bare(end)) and (
                (doc.pos[end] in NAME_POS and doc.tokens[end].is_title)
                or (end > t and doc.tokens[end].text == "-" and end + 1 < h and doc.tokens[end + 1].is_title
                    and doc.idx[end] == doc.end[end - 1])):
            end += 1
        return end if doc.tokens[end - 1].text != "-" else end - 1

    def ask(self, start: int, end: int, h: int, kinds: Collection[str], unsure: bool) -> str | None:
        """The gazetteer's country for the words ``start``-``end`` read as a place of ``kinds``; failing that, with
        the lower-case words up to the head that follow them ("Kurdistan region officials", "the Kashmir valley
        residents"), read as a region."""
        doc = self.doc
        assert self.gazetteer is not None
        found = self.gazetteer(doc.text[doc.idx[start]:doc.end[end - 1]], self.countries, kinds, self.day, unsure)
        if found is None and end < h and all(doc.tokens[k].is_lower and doc.pos[k] == "NOUN" for k in range(end, h)):
            found = self.gazetteer(doc.text[doc.idx[start]:doc.end[h - 1]], self.countries, REGION_ONLY, self.day)
        return found[0] if found is not None else None

    def wider_place(self, start: int, end: int, country: str | None, h: int | None = None) -> str | None:
        """The country of the place that holds the name of a country or capital at tokens ``start``-``end`` and
        more, when the gazetteer reads the whole as a place of another country: "Northern Ireland" holds
        "Ireland", "Santiago de Cuba" holds Chile's capital, "the Niger Delta" Niger. The whole is the place entity
        there (the small model often tags such a name ORG; the gazetteer must read all of it as a place, which a
        body's name is not), else the run of capitalised words from ``start`` up to the head ``h``, read as a
        region; None where there is no such name or reading."""
        if self.gazetteer is None:
            return None
        doc = self.doc
        ent = doc.ent_at.get(start)
        if ent is not None and ent.label in ("GPE", "LOC", "ORG") and ent.start <= start and ent.end >= end \
                and not (ent.start == start and ent.end == end):
            found = self.gazetteer(ent.span.text, self.countries, day=self.day)
        elif h is not None and end < h and ent is None and doc.tokens[end].is_title and doc.pos[end] in NAME_POS:
            wider = self.name_end(end, h, any_entity=True)
            found = self.gazetteer(doc.text[doc.idx[start]:doc.end[wider - 1]], self.countries, REGION_ONLY,
                                   self.day)
        else:
            return None
        return found[0] if found is not None and found[0] != country else None

    def area(self, tok: Token, place: Callable[[Token], Actor | None]) -> Actor | None:
        """The place an area word names (``AREAS``): its proper-name compound ("Helmand province") or its "of"
        phrase ("the province of Helmand"), read by ``place``; None for an area no name specifies."""
        doc = self.doc
        for c in doc.kids[tok.i]:
            if doc.dep[c] == "compound" and doc.pos[c] == "PROPN":
                inner = [c]
            elif doc.dep[c] == "prep" and doc.lower[c] == "of":
                inner = [g for g in doc.kids[c] if doc.dep[g] == "pobj"]
            else:
                continue
            for g in inner:
                found = place(doc.tokens[g])
                if found is not None:
                    return found
        return None
