"""GDELT 2.0 event-table export: 61 tab-separated columns in GDELT's order, no header, one event per line.

Existing GDELT tooling reads columns by position, so the layout is exact and every field tidings does not have
(religion and ethnic codes, geography unless the pipeline gives a location, tone unless it gives one) is empty
rather than invented. Mapping notes:
- GLOBALEVENTID is an integer, so it is the first 15 hex digits of our stable event id (fits in 60 bits).
- QuadClass: tidings' 0 (neutral statement, CAMEO 01) is GDELT's 1 (GDELT files CAMEO 01 under verbal
  cooperation); 1-4 are the same.
- Actor codes are CAMEO-style country + agent code ("KENGOV"); non-state actors (IGO, NGO, IMG, MNC) have no
  country code and carry that code as their type.
- IsRootEvent is 1 when the founding mention is in the article's first two sentences (its lead).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

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

_SQL = """
SELECT e.event_id, e.date, e.source_name, e.source_country, e.source_sector, e.target_name, e.target_country,
       e.target_sector, e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.num_mentions, e.num_sources,
       e.num_articles, e.created_at, e.data_json, m.sentence, coalesce(a.url, 'tidings:article:' || a.article_id)
FROM events e
LEFT JOIN mentions m ON m.mention_id = e.first_mention_id
LEFT JOIN articles a ON a.article_id = e.first_article_id
ORDER BY e.date NULLS LAST, e.event_id
"""


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


def _action_geo(data: dict[str, Any]) -> list[str]:
    """ActionGeo from a ``location`` the pipeline may add to events: name, lat/lon, feature id if present."""
    loc = data.get("location")
    if not isinstance(loc, dict):
        return [""] * len(GEO_FIELDS)
    lat, lon = loc.get("lat"), loc.get("lon", loc.get("lng"))
    geo_type = "4" if lat is not None and lon is not None else ("1" if loc.get("country") else "")
    return [geo_type, _clean(loc.get("name") or loc.get("text")), _clean(loc.get("fips")), "", "", _clean(lat),
            _clean(lon), _clean(loc.get("geonameid") or loc.get("feature_id"))]


def gdelt_row(r: tuple) -> list[str]:
    (event_id, day, sname, scountry, ssector, tname, tcountry, tsector, cameo, root, quad, goldstein, n_mentions,
     n_sources, n_articles, created, data_json, sentence, url) = r
    data = json.loads(data_json) if data_json else {}
    tone = data.get("tone")
    if isinstance(tone, dict):
        tone = tone.get("avg", tone.get("compound"))
    dates = ["", "", "", ""]
    if day is not None:
        dates = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
                 f"{day.year + (day.month * 30 + day.day) / 365:.4f}"]  # GDELT's own FractionDate formula
    row = [str(int(event_id[:15], 16)), *dates, *_actor(sname, scountry, ssector), *_actor(tname, tcountry, tsector),
           "1" if sentence is not None and sentence < 2 else "0", cameo or "", (cameo or "")[:3], root or "",
           str(max(int(quad), 1)) if quad is not None else "", _clean(goldstein), _clean(n_mentions),
           _clean(n_sources), _clean(n_articles), _clean(tone if isinstance(tone, (int, float)) else None),
           *([""] * len(GEO_FIELDS)), *([""] * len(GEO_FIELDS)), *_action_geo(data),
           created.strftime("%Y%m%d%H%M%S") if created else "", _clean(url)]
    return [_clean(v) for v in row]


def write_gdelt(con: duckdb.DuckDBPyConnection, out: str | Path) -> int:
    """Write every event; returns the number of lines written."""
    cur = con.execute(_SQL)
    n = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        while chunk := cur.fetchmany(10_000):
            for r in chunk:
                fh.write("\t".join(gdelt_row(r)) + "\n")
                n += 1
    return n
