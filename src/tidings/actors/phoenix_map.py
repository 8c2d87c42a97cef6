"""What the Phoenix dictionaries' codes and names mean in tidings' terms (used by ``actors.phoenix``).

A CAMEO actor code is a country (or ``IGO``, ``NGO``, ``IMG``, ``MNC``) followed by 3-letter role codes
(``AFGGOVAGR``: Afghanistan, government, agriculture). tidings keeps one country and one sector per role, so the
sector is the first role code tidings has (religions become REL, insurgents and separatists REB), and the old
state codes the dictionaries still use become today's (USSR is RUS, Yugoslavia SRB, as ``historical.yaml`` does).
Regional codes (``MEA``, ``SAS``, ``WEU``...) name no country: tidings cannot express them, and those entries are
dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tidings.actors.roles import TITLES
from tidings.datafiles.phoenix import Record

CUTOFF = dt.date(2015, 1, 1)  # tidings' own files cover office holders from 2015: they win from this day on
SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "ELI", "OPP", "PTY", "REB", "SPY", "BUS", "EDU", "MED",
                     "NGO", "CVL", "LAB", "REF", "HLH", "REL", "AGR", "ENV", "CRM", "UAF"})
SECTOR_MAP = {"INS": "REB", "SEP": "REB", "JRN": "MED", "HRI": "NGO", "IGO": "IGO", "NGM": "NGO",
              **dict.fromkeys(("MUS", "CHR", "CTH", "BUD", "JEW", "HIN", "SHI", "SUN", "ORT", "PRO", "JAN", "SIK",
                               "ZRO", "ALE", "DRZ", "ATH", "BAH", "CON", "MOS", "TAO", "JAI", "SHN", "ITH"), "REL")}
OLD_STATES = {"USR": "RUS", "YUG": "SRB", "KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "BUR": "MMR",
              "DDR": "DEU", "GDR": "DEU", "CSK": "CZE", "SCG": "SRB", "ANT": "NLD"}
ORG_WORDS = frozenset(("ARMY FORCE FORCES PARTY COUNCIL MINISTRY DEPARTMENT COMMITTEE FRONT BRIGADE BRIGADES "
                       "MOVEMENT ORGANIZATION ORGANISATION UNION ASSOCIATION GROUP AGENCY BANK COMPANY CORP INC LTD "
                       "CORPORATION THE OF AND FOR COURT ASSEMBLY PARLIAMENT CONGRESS SENATE OFFICE BUREAU "
                       "COMMISSION INSTITUTE FOUNDATION UNIVERSITY SCHOOL POLICE GUARD GUARDS NEWS TIMES RADIO "
                       "TELEVISION SOCIETY FEDERATION LEAGUE ALLIANCE NETWORK CENTER CENTRE FUND TRUST "
                       "GOVERNMENT ADMINISTRATION REGIME CABINET AUTHORITY BATTALION REGIMENT MILITIA").split())
SMALL = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "des", "del", "al", "el", "y"})


@dataclass(frozen=True)
class Meaning:
    """What one code says: kind ("state", "igo", "org", "company"), country and sector (None: none given)."""

    kind: str
    country: str | None
    sector: str | None

    @property
    def title(self) -> str:
        return TITLES.get(self.sector or "", "")


def sector_of(chunks: list[str]) -> str | None:
    """The first of the role codes that is a tidings sector; else the first that maps to one (a religion is REL
    only when no other role is given: "Islamic militants", ``~MUSREB``, are rebels)."""
    for ch in chunks:
        if ch in SECTORS:
            return ch
    for ch in chunks:
        if ch in SECTOR_MAP:
            return SECTOR_MAP[ch]
    return None


def meaning(code: str, countries: set[str]) -> Meaning | None:
    """A code in tidings' terms; None for a code tidings cannot express (a region, "---", a code of no country)."""
    code = code.strip().lstrip("~")
    if not code or not code.isalpha() or len(code) % 3:
        return None
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    head, rest = chunks[0], chunks[1:]
    if head == "IGO":
        return Meaning("igo", "IGO", "IGO")
    if head == "NGO":
        return Meaning("org", "NGO", "NGO")
    if head == "MNC":
        home = OLD_STATES.get(rest[0], rest[0]) if rest else None
        return Meaning("company", home if home in countries else "MNC", "BUS")
    if head == "IMG":  # a transnational armed group: its religion (IMGMUSALQ) does not make it a religious body
        return Meaning("org", "IMG", next((ch for ch in rest if ch in SECTORS), "REB"))
    state = OLD_STATES.get(head, head)
    if state in countries:
        return Meaning("state", state, sector_of(rest))
    if head in SECTORS or head in SECTOR_MAP:
        return None  # a sector with no country ("[ELI]" after an IGO career): tidings says who a former holder is
    return None


def display_name(raw: str, kind: str) -> str:
    """``HAMID_KARZAI_`` as a name is written: "Hamid Karzai"; acronyms of organisations stay in capitals."""
    text = re.sub(r"\([^)]*\)", " ", raw.replace("_", " "))
    words = text.split()
    out = []
    for i, w in enumerate(words):
        letters = re.sub(r"[^A-Za-z]", "", w)
        if "." in w and len(letters) <= 4 or (kind != "person" and (
                (len(words) == 1 and len(letters) <= 5) or (letters and not re.search(r"[AEIOUY]", letters.upper())))):
            out.append(w.upper())
        elif i > 0 and w.lower() in SMALL:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def common_words(corpora: Path, min_count: int = 5) -> set[str]:
    """Words the news corpora write in lower case at least ``min_count`` times and more often than capitalised: a
    one-word name that is such a word ("Shell" aside, "Guard", "Liberty") names too many things to be imported."""
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for path in sorted(corpora.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                for w in re.findall(r"(?<=[a-z,;] )[A-Za-z]+", text):
                    (lower if w[0].islower() else upper)[w.lower()] += 1
    return {w for w, n in lower.items() if n >= min_count and n >= upper[w]}


def plural(phrase: str) -> str | None:
    """The regular English plural of a phrase (agents list singulars): of its last word, or of the word before
    "of"/"for"/"in" ("coalitions of opposition parties"); None where the word looks plural already or is an
    abbreviation."""
    words = phrase.split()
    at = next((i - 1 for i, w in enumerate(words) if w in ("of", "for", "in") and i > 0), len(words) - 1)
    w = words[at]
    if w.endswith("s") or "." in w or not w.isalpha():
        return None
    if w.endswith("man"):
        w = w[:-3] + "men"
    elif w.endswith("person"):
        w = w[:-6] + "people"
    elif w.endswith(("sh", "ch", "x", "z")):
        w += "es"
    elif w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        w = w[:-1] + "ies"
    else:
        w += "s"
    return " ".join([*words[:at], w, *words[at + 1:]])


def agent_terms(r: Record, sets: dict[str, list[str]]) -> tuple[list[str], str | None, str | None]:
    """The sector words of one agents-file record (lower case, singular and plural), its sector, or why it is
    skipped. Substitution sets are expanded (``BUSINESS!PERSON!`` gives businessman, businessmen, businesswoman,
    businesswomen, businessperson); a set name glued inside a word on both sides is an editing accident in the
    file (``AD!MINIST!RATIVE``) and the record is skipped."""
    codes = [c.code for c in r.codes]
    if len(codes) != 1 or not codes[0].startswith("~"):
        return [], None, "not one agent code"
    chunks = [codes[0][1 + i : 4 + i] for i in range(0, len(codes[0]) - 1, 3)]
    sector = sector_of(chunks)
    if sector is None:
        return [], None, f"code tidings cannot express ({codes[0]})"
    names = [r.name, *(s for s, _ in r.synonyms)]
    out: list[str] = []
    for name in names:
        if re.search(r"[A-Za-z]![A-Z]+![A-Za-z]", name):
            return [], None, "broken substitution"
        forms = [name]
        for key, words in sets.items():
            forms = [f.replace(key, w, 1) for f in forms for w in words] if any(key in f for f in forms) else forms
        if any("!" in f for f in forms):
            return [], None, "unknown substitution set"
        for f in forms:
            text = " ".join(f.replace("_", " ").lower().split())
            if not re.fullmatch(r"[a-z][a-z .'\-]*", text):
                return [], None, "malformed name"
            out.append(text)
    expanded = any("!" in n for n in names)
    if not expanded:
        given = [" ".join(p.replace("_", " ").lower().split()) for p in r.plurals]
        out += given or [p for p in map(plural, out) if p]
    return list(dict.fromkeys(out)), sector, None
