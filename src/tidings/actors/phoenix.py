"""Importing the Phoenix actor and agent dictionaries into tidings' own knowledge-base files (a build-time step).

    python -m tidings.actors.phoenix [--source ../shared/reference/petrarch2] [--corpora ../shared/corpora]

The dictionaries (PETRARCH2, MIT) are decades of human curation: ~18,000 people and bodies with dated roles, IGOs,
NGOs, companies, armed groups, and the common nouns that give a sector. They are converted here, once, into YAML
files of the knowledge base (``data/actors/people/phoenix.yaml``, ``organisations_phoenix.yaml``,
``companies_phoenix.yaml``, ``igos_phoenix.yaml``, ``sectors_phoenix.yaml``), one entry per line, each with its
``source`` (file, line and the code as written). It is a build-time step, not a run-time reader, because the
files are then held to the same schema as every other data file (``tidings kb`` names the file and line of a
broken entry), reviewed and diffed like them, and compiled into the same cache; and because the import makes
choices (junk dropped, precedence over tidings' own entries) that should be visible in the data, not redone on
every start. Rerun it when the dictionaries or tidings' own entries change; the counts it prints are what
``docs/data-files.md`` reports.

Precedence: tidings' own entries win. A term tidings already has is not imported again; a person tidings already
has (same name) keeps tidings' id and gets only the imported roles that end before 2015 (tidings' files cover
2015 on) and do not overlap a role tidings gives; among the dictionary's own roles, dated roles come first and
the undated one is the fallback, as PETRARCH reads them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tidings.actors.kb import KnowledgeBase, build_kb_from
from tidings.actors.phoenix_map import (
    CUTOFF,
    ORG_WORDS,
    Meaning,
    agent_terms,
    common_words,
    display_name,
    meaning,
    slug,
)
from tidings.datafiles.phoenix import Code, Record, read_dictionary
from tidings.datafiles.read import data_dir
from tidings.nlp.text_norm import fold

FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENTS = "Phoenix.agents.txt"
OUTPUTS = {"person": "people/phoenix.yaml", "org": "organisations_phoenix.yaml",
           "company": "companies_phoenix.yaml", "igo": "igos_phoenix.yaml", "sector": "sectors_phoenix.yaml"}
# the day each dictionary was last curated, written as the entries' ``checked``: the Countries file says it was
# generated on 2014-01-30; the others come with the PETRARCH2 release of 2019 (commit 676801c)
CHECKED = {"Phoenix.Countries.actors.txt": "2014-01-30"}
CHECKED_DEFAULT = "2019-01-01"
# the word sets of tidings' own people's names, per knowledge base (by id) of an import run
OWN_NAME_WORDS: dict[int, tuple[KnowledgeBase, dict[str, list[frozenset[str]]]]] = {}
NAME_OK = re.compile(r"^[A-Za-z0-9À-ÿ .'&/\-]+$")


@dataclass
class Report:
    """What the import did, by reason: printed by the command and written to ``docs/data-files.md``."""

    parsed: Counter[str] = field(default_factory=Counter)
    imported: Counter[str] = field(default_factory=Counter)
    merged: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    terms_dropped: Counter[str] = field(default_factory=Counter)


@dataclass
class Candidate:
    """One record on its way to a knowledge-base entry."""

    record: Record
    kind: str  # person | org | company | igo
    terms: list[str]  # display forms, the head first
    roles: list[tuple[Meaning, Code]]
    fallback: Meaning | None


def words_of(name: str) -> list[str]:
    """The words of a dictionary name ("HAMID_KARZAI_": HAMID, KARZAI)."""
    return re.split(r"[_ ]+", name.strip("_ ")) if name.strip("_ ") else [""]


def own_kb(actors: Path) -> KnowledgeBase:
    """tidings' own knowledge base, without the files this import wrote (so a rerun sees what it would overwrite)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "actors"
        shutil.copytree(actors, copy, ignore=shutil.ignore_patterns("*phoenix*"))
        return build_kb_from(copy)


def classify(r: Record, countries: set[str], given: set[str]) -> tuple[Candidate | None, str | None]:
    """The candidate entry of a record, or the reason it is dropped."""
    usable = [(meaning(c.code, countries), c) for c in r.codes if not c.error]
    if not r.codes:
        return None, "no code"
    if not usable and any(c.error for c in r.codes):
        return None, "unreadable date"
    known = [(m, c) for m, c in usable if m is not None]
    if not known:
        return None, "code tidings cannot express"
    if all(m.sector is None and m.kind == "state" for m, _ in known):
        return None, "country name (countries.yaml and the gazetteer hold them)"
    dated = [(m, c) for m, c in known if c.dated and m.sector is not None]
    undated = [m for m, c in known if not c.dated and m.sector is not None]
    fallback = undated[0] if undated else None
    head = words_of(r.name)
    kinds = {m.kind for m, _ in known}
    if dated or "CountryInfo" in r.note:
        kind = "person"
    elif kinds & {"igo"}:
        kind = "igo"
    elif kinds & {"company"}:
        kind = "company"
    elif 2 <= len(head) <= 4 and not set(head) & ORG_WORDS and head[0] in given and r.file != FILES[2]:
        kind = "person"
    else:
        kind = "org"
    if kind == "person" and not dated and fallback is None:
        return None, "no role with a sector"
    if kind != "person" and fallback is None:
        fallback = next((m for m, _ in known if m.sector is not None), None)
        if fallback is None:
            return None, "no role with a sector"
    terms = [display_name(t, kind) for t in [r.name, *(s for s, _ in r.synonyms)]]
    return Candidate(r, kind, terms, dated, fallback), None


def given_names(records: list[Record]) -> set[str]:
    """First words of the dated people's names (given names, or a title): a one-word alias among them names no one."""
    firsts = Counter(words_of(r.name)[0] for r in records
                     if any(c.dated for c in r.codes) and len(words_of(r.name)) > 1)
    return {w for w, n in firsts.items() if n >= 2}


def keep_terms(c: Candidate, kb: KnowledgeBase, common: set[str], given: set[str], report: Report,
               surnames: Counter[str] | None = None, merged: bool = False) -> list[str]:
    """The candidate's terms that tidings can use: new to the knowledge base, not a common word, not a first name
    alone, not malformed; for a person, an alias whose only word of the person's name is a surname several people
    share ("President Bush", "the Bush administration") names whoever held the office then, not this person."""
    out: list[str] = []
    own = set(fold(c.terms[0]).split())
    for i, t in enumerate(c.terms):
        key = fold(t)
        words = key.split()
        reason = None
        shared = [w for w in words if w in own]
        if i and c.kind == "person" and surnames and len(shared) == 1 and surnames[shared[0]] > 1:
            reason = "surname several people share"
        elif c.kind in ("org", "igo") and any(f" {w} " in f" {key} " for w in title_words(kb)):
            # "US President", "Kosovar prime minister": tidings composes a country (or body) and a title itself
            reason = "a title with a country or body"
        elif c.kind == "person" and not merged and shared and part_of_own_name(shared, kb):
            # "George Bush" for the elder, where tidings has "George W. Bush": part of another person's name
            reason = "part of the name of a person tidings has"
        if not NAME_OK.match(t) or not words:
            reason = "malformed name"
        elif len(key.replace(" ", "")) < 3:
            reason = "too short"
        elif len(words) == 1 and key in common:
            reason = "common word"
        elif len(words) == 1 and c.kind == "person" and t.upper() in given:
            reason = "first name only"
        elif key in kb.terms or key in kb.sectors:
            reason = "tidings has the term"
        if reason:
            report.terms_dropped[reason] += 1
        elif t not in out and key not in {fold(o) for o in out}:
            out.append(t)
    return out


def title_words(kb: KnowledgeBase) -> frozenset[str]:
    """tidings' sector words that stand before a name as a title ("president", "prime minister")."""
    return frozenset(key for key, sw in kb.sectors.items() if sw.title)


def part_of_own_name(words: list[str], kb: KnowledgeBase) -> bool:
    """Whether some person of tidings' own has every one of ``words`` in their name or in one alias (the index of
    those word sets is built once per knowledge base)."""
    found = OWN_NAME_WORDS.get(id(kb))
    index = found[1] if found is not None and found[0] is kb else None
    if index is None:
        index = {}
        OWN_NAME_WORDS[id(kb)] = (kb, index)  # the knowledge base is kept, so its id is never reused
        for key, entries in kb.terms.items():
            if any(e.kind == "person" for e in entries):
                names = frozenset(key.split())
                for w in names:
                    index.setdefault(w, []).append(names)
    return any(set(words) <= names for names in index.get(words[0], ()))


def role_dict(m: Meaning, code: Code | None, start: dt.date | None, end: dt.date | None) -> dict[str, object]:
    d: dict[str, object] = {"country": m.country, "sector": m.sector, "title": m.title}
    if start is not None:
        d["start"] = start.isoformat()
    if end is not None:
        d["end"] = end.isoformat()
    if code is not None:
        d["source"] = f"{code.text} line {code.line}"
    return d


def merged_roles(c: Candidate, own: list[tuple[dt.date | None, dt.date | None]]) -> list[dict[str, object]]:
    """The imported offices of a person tidings has: those ending before 2015 (clipped there), minus the days a
    role tidings gives covers (an imported office that runs into a curated one keeps its earlier part, a
    chancellor's years before the curated premiership, not what runs on past its end: ``uncovered``); no fallback
    and no ELI span (the dictionaries' "notable from birth year to office" is a placeholder: tidings says what
    someone is before, between and after offices, and a senator of 2008 is not a "former notable" because the
    placeholder ended in 2000)."""
    out = []
    for m, code in c.roles:
        if m.sector == "ELI":
            continue
        start, end = code.start, code.end if code.end is not None and code.end < CUTOFF else None
        if end is None:
            end = CUTOFF - dt.timedelta(days=1)
        if start is not None and start > end:
            continue
        for lo, hi in uncovered(start, end, own):
            out.append(role_dict(m, code, lo, hi))
    return out


def uncovered(start: dt.date | None, end: dt.date, own: list[tuple[dt.date | None, dt.date | None]]
              ) -> list[tuple[dt.date | None, dt.date]]:
    """The parts of [start, end] before the ``own`` spans it overlaps, each at least 30 days long. What runs on
    past a curated role's end is the same office with the import's rougher end date (the dictionary ends a
    premiership two months late), and a few days between two sources' dates are rounding, not an office."""
    parts: list[tuple[dt.date | None, dt.date]] = [(start, end)]
    for s, e in own:
        s_lo, e_hi = s or dt.date.min, e or dt.date.max
        nxt: list[tuple[dt.date | None, dt.date]] = []
        for lo, hi in parts:
            if (lo or dt.date.min) > e_hi or hi < s_lo:
                nxt.append((lo, hi))
                continue
            if s is not None and lo is not None and lo < s_lo:
                nxt.append((lo, s_lo - dt.timedelta(days=1)))
        parts = nxt
    return [(lo, hi) for lo, hi in parts if lo is None or (hi - lo).days >= 30]


def convert(source: Path, actors: Path, corpora: Path | None) -> tuple[dict[str, list[dict[str, object]]], Report]:
    """The entries to write, by kind, and the report."""
    kb = own_kb(actors)
    countries = set(kb.countries)
    common = common_words(corpora) if corpora else set()
    report = Report()
    records: list[Record] = []
    for name in FILES:
        recs, _ = read_dictionary(source / name)
        report.parsed[name] = len(recs)
        records += recs
    given = given_names(records)
    # how many people (tidings' own and the dictionaries') have each word in their name
    names = [p.name for p in kb.people.values()] + [display_name(r.name, "person") for r in records
                                                    if any(c.dated for c in r.codes)]
    surnames = Counter(w for n in names for w in set(fold(n).split()))
    out: dict[str, list[dict[str, object]]] = {k: [] for k in OUTPUTS}
    ids: set[str] = set(kb.people)
    claimed: dict[str, str] = {}  # folded term -> id of the imported entry that took it (the first, by file order)
    made: dict[str, dict[str, object]] = {}  # id -> imported person, to merge a later record of one name into
    for r in records:
        cand, reason = classify(r, countries, given)
        if cand is None:
            report.dropped[reason or "?"] += 1
            continue
        if cand.kind == "person" and merge_same_name(cand, made.get(claimed.get(fold(cand.terms[0]), ""))):
            report.dropped["same name as an earlier record (roles merged into it)"] += 1
            continue
        entry = build_entry(cand, kb, common, given, ids, claimed, report, surnames)
        if entry is not None and cand.kind == "person":
            made[str(entry["id"])] = entry
        if entry is None:
            continue
        out[cand.kind].append(entry)
    agents, _ = read_dictionary(source / AGENTS)
    report.parsed[AGENTS] = len(agents)
    out["sector"] = agent_entries(source / AGENTS, kb, common, report)
    return out, report


def merge_same_name(c: Candidate, earlier: dict[str, object] | None) -> bool:
    """Whether ``c`` is a later record of an imported person of the very same name (the dictionaries list some
    people twice, or an office in pieces: a Cambodian minister's February 2003 in one record, the months around it
    in another): its dated roles join that entry's, before its undated fallback, so that the first record's
    claim on the name does not drop the rest of the person's offices."""
    if earlier is None or fold(str(earlier["name"])) != fold(c.terms[0]):
        return False
    roles = earlier["roles"]
    assert isinstance(roles, list)
    dated = [x for x in roles if "start" in x or "end" in x]
    for m, code in c.roles:
        new = role_dict(m, code, code.start, code.end)
        if not any({k: v for k, v in x.items() if k != "source"} == {k: v for k, v in new.items() if k != "source"}
                   for x in roles):
            dated.append(new)
    roles[:] = dated + [x for x in roles if "start" not in x and "end" not in x]
    return True


def build_entry(c: Candidate, kb: KnowledgeBase, common: set[str], given: set[str], ids: set[str],
                claimed: dict[str, str], report: Report, surnames: Counter[str]) -> dict[str, object] | None:
    r = c.record
    checked = CHECKED.get(r.file, CHECKED_DEFAULT)
    src = f"{r.file}:{r.line} {r.name}"
    if c.kind == "person":
        same = [e for t in c.terms[:1] for e in kb.terms.get(fold(t), []) if e.kind == "person"]
        if same:  # tidings has this person: its id, the imported earlier roles
            person = kb.people[same[0].id]
            roles = merged_roles(c, [(x.start, x.end) for x in person.roles])
            if not roles:
                report.dropped["tidings has the person, no earlier role"] += 1
                return None
            report.merged += 1
            aliases = keep_terms(c, kb, common, given, report, surnames, merged=True)
            return {"id": person.id, "name": person.name, "aliases": aliases, "roles": roles, "source": src,
                    "checked": checked}
    terms = [t for t in keep_terms(c, kb, common, given, report, surnames) if claimed.get(fold(t)) is None]
    if not terms:
        report.dropped["no term left (tidings or an earlier entry has them)"] += 1
        return None
    base = f"phoenix-{slug(terms[0])}"
    eid, n = base, 2
    while eid in ids:
        eid, n = f"{base}-{n}", n + 1
    ids.add(eid)
    for t in terms:
        claimed[fold(t)] = eid
    report.imported[c.kind] += 1
    entry: dict[str, object] = {"id": eid, "name": terms[0], "aliases": terms[1:]}
    if c.kind == "person":
        roles = [role_dict(m, code, code.start, code.end) for m, code in c.roles]
        if c.fallback is not None:
            roles.append(role_dict(c.fallback, None, None, None))
        entry["roles"] = roles
    else:
        assert c.fallback is not None
        if c.kind != "igo":
            entry["country"] = c.fallback.country
        entry["sector"] = c.fallback.sector
    entry["source"] = src + ("" if c.kind == "person" else f" {' '.join(x.text for x in r.codes)}")
    entry["checked"] = checked
    return entry


def agent_entries(path: Path, kb: KnowledgeBase, common: set[str], report: Report) -> list[dict[str, object]]:
    """Sector words from the agents dictionary that tidings lacks (substitution sets expanded, plurals made)."""
    records, sets = read_dictionary(path)
    out: list[dict[str, object]] = []
    seen: set[str] = set(kb.sectors) | set(kb.terms)
    for r in records:
        terms, sector, reason = agent_terms(r, sets)
        if reason:
            report.dropped[f"agent: {reason}"] += 1
            continue
        new = []
        for t in terms:
            if fold(t) not in seen:
                seen.add(fold(t))
                new.append(t)
        if not new:
            report.dropped["agent: tidings has the words"] += 1
            continue
        report.imported["sector word"] += len(new)
        code = " ".join(c.text for c in r.codes)
        out += [{"term": t, "sector": sector, "source": f"{r.file}:{r.line} {r.name} {code}"} for t in new]
    return out


HEADER = """# Imported from the Phoenix dictionaries (PETRARCH2, MIT licence: ../shared/reference/petrarch2/LICENSE) by
# `python -m tidings.actors.phoenix`: one JSON object per line (JSON is YAML; tidings reads such files with the
# JSON parser, ten times faster). Generated, do not edit by hand (edit the converter or tidings' own files,
# whose entries win). `source` is the dictionary file, line and name (and the code as written); each role's
# `source` is its code and line. See docs/data-files.md, "The Phoenix import".
"""


def write(out: dict[str, list[dict[str, object]]], actors: Path) -> None:
    for kind, rel in OUTPUTS.items():
        lines = [HEADER] + [f"- {json.dumps(e, ensure_ascii=False)}\n" for e in out[kind]]
        (actors / rel).write_text("".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parents[3]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=here.parent / "shared" / "reference" / "petrarch2")
    ap.add_argument("--corpora", type=Path, default=here.parent / "shared" / "corpora",
                    help="news text whose lower-case words are the 'common words' a one-word name may not be")
    ap.add_argument("--actors", type=Path, default=data_dir() / "actors")
    args = ap.parse_args(argv)
    corpora = args.corpora if args.corpora.is_dir() else None
    out, report = convert(args.source, args.actors, corpora)
    write(out, args.actors)
    print(json.dumps({"parsed": report.parsed, "imported": report.imported, "merged": report.merged,
                      "dropped": report.dropped, "terms dropped": report.terms_dropped}, indent=1), file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
