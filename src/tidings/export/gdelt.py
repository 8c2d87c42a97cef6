"""GDELT 2.0 event-table export: 61 tab-separated columns in GDELT's order, no header, one event per line.

Existing GDELT tooling reads columns by position, so the layout is exact (the 2.0 codebook's 61 columns: 1.0's 57
and SOURCEURL, plus an ADM2Code for each of the three geographies) and every field tidings does not have (religion
and ethnic codes, ADM2 codes, the actors' own geography) is empty rather than invented. Mapping notes:
- GLOBALEVENTID is an integer, so it is the first 15 hex digits of our stable event id (fits in 60 bits).
- Only dated events are written: every GDELT row has SQLDATE, MonthYear, Year and FractionDate, and tooling reads
  them as integers. ``write_gdelt`` counts the undated events it leaves out (csv and parquet keep them).
- QuadClass: tidings' 0 (neutral statement, CAMEO 01) is GDELT's 1 (GDELT files CAMEO 01 under verbal
  cooperation); 1-4 are the same.
- Actor codes are CAMEO-style country + agent code ("KENGOV"); non-state actors (IGO, NGO, IMG, MNC) have no
  country code and carry that code as their type.
- IsRootEvent is 1 when the founding mention is in the article's first two sentences (its lead).
- AvgTone is GDELT's: the average tone of the articles that mention the event (each article's ``tone.tone``).
- ActionGeo is the event's ``location`` in GDELT's geography (``GeoIndex``). A geography without a place has
  Type 0 and empty fields, as in GDELT's own files; Actor1Geo and Actor2Geo are always so (tidings does not
  locate actors).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import duckdb

from tidings.context.gazetteer import Gazetteer, country_table, gazetteer
from tidings.models import Place
from tidings.nlp.text_norm import fold

ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS), *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS), *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

NON_STATE = {"IGO", "NGO", "IMG", "MNC"}
# GDELT 2.0's Geo_Type: 1 country, 2 US state, 3 US city or landmark, 4 world city or landmark, 5 world state (ADM1)
COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = 1, 2, 3, 4, 5
NO_GEO = ["0"] + [""] * (len(GEO_FIELDS) - 1)

# The event's first mention gives the sentence and the URL; AvgTone averages the tone of every article (counted
# once) with a mention of the event. Undated events are counted apart (``UNDATED``) and not written.
_SQL = """
SELECT e.event_id, e.date, e.source_name, e.source_country, e.source_sector, e.target_name, e.target_country,
       e.target_sector, e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.num_mentions, e.num_sources,
       e.num_articles, e.created_at, e.data_json, m.sentence, coalesce(a.url, 'tidings:article:' || a.article_id),
       t.tone
FROM events e
LEFT JOIN mentions m ON m.mention_id = e.first_mention_id
LEFT JOIN articles a ON a.article_id = e.first_article_id
LEFT JOIN (
    SELECT x.event_id, avg(TRY_CAST(json_extract_string(r.extra_json, '$.tone.tone') AS DOUBLE)) AS tone
    FROM (SELECT DISTINCT event_id, article_id FROM mentions) x JOIN articles r USING (article_id)
    GROUP BY x.event_id
) t ON t.event_id = e.event_id
WHERE e.date IS NOT NULL
ORDER BY e.date, e.event_id
"""
UNDATED = "SELECT count(*) FROM events WHERE date IS NULL"


@dataclass(frozen=True)
class GdeltExport:
    """What ``write_gdelt`` did: the rows written and the undated events left out."""

    written: int
    undated: int


def _clean(value: object) -> str:
    """A field as GDELT writes it: no tabs or newlines inside, empty for missing."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _actor(name: str | None, country: str | None, sector: str | None) -> list[str]:
    if not (name or country or sector):
        return [""] * len(ACTOR_FIELDS)
    state = country if country and country not in NON_STATE else None
    code = (country or "") + (sector or "")
    type1 = sector or (country if country in NON_STATE else None)
    return [code, (name or "").upper(), state or "", "", "", "", "", type1 or "", "", ""]


class GeoIndex:
    """The gazetteer as GDELT's geography needs it. An event's ``location`` carries a name, an ISO3 country,
    coordinates and a GeoNames id, not what kind of place it is: the id says that (a country's, a US state's, a
    continent's, else a city's), and a place named without coordinates (from a store written before places had
    them) is looked up by name among countries, US states and continents.

    GDELT's conventions, as in its own files: a country's CountryCode, ADM1Code and FeatureID are its FIPS 10-4
    code; a US state's ADM1Code is "US" + its postal code and its FeatureID that code; a city's FeatureID is its id
    (GeoNames here, GNS/GNIS in GDELT). Outside the US, ADM1Code stays empty: GeoNames' admin1 codes are FIPS
    codes for most countries but not all (France, the United Kingdom, Switzerland, Belgium...), and a code right
    most of the time would be wrong without a sign. Continents, the only regions the gazetteer places, are written
    as Type 5 (GDELT has no type for a region above a country): their name and centre, FeatureID their GeoNames id.
    """

    def __init__(self, gaz: Gazetteer | None = None) -> None:
        """Nothing loads until the first location asks: a store without placed events never reads the gazetteer."""
        self._gaz = gaz

    @cached_property
    def gaz(self) -> Gazetteer:
        return self._gaz or gazetteer()

    @cached_property
    def areas(self) -> tuple[dict[int, Place], dict[str, Place]]:
        """Countries, US states and continents by GeoNames id and by folded name."""
        countries = [p for p in map(self.gaz.country_place, self.gaz.countries) if p is not None]
        areas = [*countries, *self.gaz.states.values(), *self.gaz.continents.values()]
        return {p.geonames_id: p for p in areas if p.geonames_id is not None}, {fold(p.name): p for p in areas}

    @cached_property
    def city_admin1(self) -> dict[int, str | None]:
        """GeoNames id -> admin1 ("US.TX") of every city: built on the first US city, from the compiled rows."""
        return {row[5]: row[2] for row in self.gaz.cities.rows}

    def fields(self, loc: object) -> list[str]:
        """The eight Geo_ fields of a ``location`` dict (``Place.brief()``); Type 0 and nothing else for none."""
        if not isinstance(loc, dict):
            return list(NO_GEO)
        name = _clean(loc.get("name") or loc.get("text"))
        lat, lon, gid = loc.get("lat"), loc.get("lon", loc.get("lng")), loc.get("geonames_id")
        by_id, by_name = self.areas
        area = by_id.get(gid) if isinstance(gid, int) else None
        if area is None and (lat is None or lon is None) and name:
            area = by_name.get(fold(name))
        if area is not None:
            return self._area(area, name or area.name, lat, lon)
        if lat is None or lon is None:
            # named but not placed ("the Middle East", a river): GDELT has no type for it, so Type 0, name kept
            return ["0", name, "", "", "", "", "", ""] if name else list(NO_GEO)
        iso3 = loc.get("country")
        fips = _fips(iso3)
        if iso3 == "USA":
            admin1 = self.city_admin1.get(gid) if isinstance(gid, int) else None
            state = self.gaz.state_by_code.get(admin1[3:].casefold()) if admin1 else None
            full = ", ".join(x for x in (name, state.name if state else None, "United States") if x)
            return [str(US_CITY), full, fips, _us_adm1(admin1), "", _clean(lat), _clean(lon), _clean(gid)]
        country = country_table().get(iso3 or "", {}).get("name")
        full = f"{name}, {country}" if country and country != name else name
        return [str(WORLD_CITY), full, fips, "", "", _clean(lat), _clean(lon), _clean(gid)]

    @staticmethod
    def _area(area: Place, name: str, lat: object, lon: object) -> list[str]:
        """A country, a US state or a continent: its centre when the location has no coordinates of its own."""
        if lat is None or lon is None:
            lat, lon = area.lat, area.lon
        if area.kind == "country":
            fips = _fips(area.country)
            return [str(COUNTRY), name, fips, fips, "", _clean(lat), _clean(lon), fips]
        if area.kind == "state":
            adm1 = _us_adm1(area.admin1)
            return [str(US_STATE), f"{name}, United States", "US", adm1, "", _clean(lat), _clean(lon), adm1[2:]]
        return [str(WORLD_STATE), name, "", "", "", _clean(lat), _clean(lon), _clean(area.geonames_id)]


def _fips(iso3: object) -> str:
    """The FIPS 10-4 code GDELT's geography uses for a country (ISO3 in tidings), empty when there is none."""
    if not isinstance(iso3, str):
        return ""
    return country_table().get(iso3, {}).get("fips") or ""


def _us_adm1(admin1: str | None) -> str:
    """GeoNames' "US.TX" as GDELT writes it: "USTX"."""
    return admin1.replace(".", "") if admin1 and admin1.startswith("US.") else ""


def gdelt_row(r: tuple, geo: GeoIndex | None = None) -> list[str]:
    """One event as GDELT's 61 fields. ``r``: a row of ``_SQL``; ``geo``: the place index (made here if None)."""
    (event_id, day, sname, scountry, ssector, tname, tcountry, tsector, cameo, root, quad, goldstein, n_mentions,
     n_sources, n_articles, created, data_json, sentence, url, tone) = r
    data = json.loads(data_json) if data_json else {}
    dates = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
             f"{day.year + (day.month * 30 + day.day) / 365:.4f}"]  # GDELT's own FractionDate formula
    action = (geo or GeoIndex()).fields(data.get("location"))
    row = [str(int(event_id[:15], 16)), *dates, *_actor(sname, scountry, ssector), *_actor(tname, tcountry, tsector),
           "1" if sentence is not None and sentence < 2 else "0", cameo or "", (cameo or "")[:3], root or "",
           str(max(int(quad), 1)) if quad is not None else "", _clean(goldstein), _clean(n_mentions),
           _clean(n_sources), _clean(n_articles), f"{tone:.4f}" if tone is not None else "",
           *NO_GEO, *NO_GEO, *action,
           created.strftime("%Y%m%d%H%M%S") if created else "", _clean(url)]
    return [_clean(v) for v in row]


def write_gdelt(con: duckdb.DuckDBPyConnection, out: str | Path) -> GdeltExport:
    """Write every dated event; returns how many rows were written and how many undated events were left out."""
    cur = con.execute(_SQL)
    geo = GeoIndex()
    n = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        while chunk := cur.fetchmany(10_000):
            for r in chunk:
                fh.write("\t".join(gdelt_row(r, geo)) + "\n")
                n += 1
    (undated,) = con.execute(UNDATED).fetchone() or (0,)
    return GdeltExport(n, int(undated))
