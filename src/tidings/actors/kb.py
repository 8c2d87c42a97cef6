"""The actor knowledge base: countries, IGOs, organisations, companies, sector words and people with dated roles.

All of it is YAML under ``data/actors``; this module only loads and indexes it. Look-ups go through ``fold`` so
spelling variants meet, and people resolve to the role they hold on a given date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from tidings.actors.near import NearIndex, one_edit
from tidings.actors.roles import IdIndex, People, Person, Role
from tidings.datafiles import schema
from tidings.datafiles.check import read
from tidings.datafiles.compiled import compiled
from tidings.datafiles.read import DataFile, data_dir, parse_date
from tidings.errors import DataFileError
from tidings.nlp.text_norm import fold, member_form

NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "MNC"})


@dataclass(frozen=True)
class Entry:
    """What a surface term means: a country, a capital (its government), an organisation or a person."""

    kind: str  # country | demonym | capital | metonym | igo | org | company | person
    id: str
    name: str
    country: str | None
    sector: str | None = None
    # an organisation's dated roles (a movement that takes power, a party in and out of government, a body
    # dissolved): the role holding on a day overrides ``country`` and ``sector``, which hold on other days
    roles: tuple[Role, ...] = ()

    def on(self, day: dt.date | None) -> tuple[str | None, str | None]:
        """(country, sector) of a non-person entry on ``day``; with no date (an undated article) its own, undated
        country and sector. A role with no sector is a body that no longer acts (dissolved)."""
        for r in self.roles if day is not None else ():
            if r.holds_on(day):
                return r.country, r.sector or None
        return self.country, self.sector


@dataclass(frozen=True)
class SectorWord:
    term: str
    sector: str
    title: bool = False
    role: str | None = None
    generic: bool = False  # takes the sector of a sector word right before it (``TermScanner.phrase_sector``)


@dataclass
class KnowledgeBase:
    terms: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, Person] | People = field(default_factory=dict)
    sectors: dict[str, SectorWord] = field(default_factory=dict)
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    surfaces: set[str] = field(default_factory=set)  # terms as written, for the tokenizer-level pre-filter
    first_words: set[str] = field(default_factory=set)  # first word of every folded term: cheap scan start test
    max_term_words: int = 1
    # names whose possessive is part of the name ("Moody's"): folding drops it, so the bare word ("Moody" in
    # "Vice-President Moody Awori") must not match them
    possessive_names: set[str] = field(default_factory=set)
    # a party's member in the singular, made from its plural alias ("Tory", "Lib Dem", "Democrat": ``member_form``):
    # a modifier of a role ("Tory MP"), never part of another body's longer name ("Republican Guard")
    member_forms: set[str] = field(default_factory=set)
    # people only an imported file (one whose entries carry ``source``) lists: found by their names and the
    # aliases the import gives, never by a bare first or last word (``surname_index``): among 19,000 imported
    # office holders every common given name and surname has an obscure namesake "in office" on any date
    imported_people: set[str] = field(default_factory=set)
    # memos of look-ups, filled as they are asked (not part of what the knowledge base says): the answer of
    # ``near_country_term`` by word, and ``last_words`` with the shape of the keys it was built from
    near_country_memo: dict[str, Entry | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    last_words_memo: tuple[tuple[int, int, int, int], frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False)
    # kept by the compiled copy (``__getstate__``): the office and surname indexes as ids, and the hash of the terms
    office_ids: dict[tuple[str, str], tuple[tuple[str, int], ...]] | None = field(
        default=None, init=False, repr=False, compare=False)
    surname_ids: dict[str, tuple[str, ...]] | None = field(default=None, init=False, repr=False, compare=False)
    surface_digest: str | None = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """What the compiled copy keeps: the fields, with the people as plain rows (``roles.People``), and none of
        the indexes built on first use (they are rebuilt from what is loaded)."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("offices", "surname_index", "near_index")}
        state["people"] = People.rows_of(self.people)
        state["office_ids"] = office_ids(self.people)
        state["surname_ids"] = surname_ids(self.people, self.imported_people)
        state["surface_digest"] = self.surfaces_digest()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["people"] = People(state["people"])
        self.__dict__.update(state)

    @cached_property
    def offices(self) -> Mapping[tuple[str, str], list[tuple[Person, Role]]]:
        """Every role ever held, by (country, folded title), with its holder. Built on first use (thousands of
        people, and resolving "the foreign minister" asks often) from the people loaded by then; a compiled
        copy holds it as ids, and makes only the people of the offices asked for."""
        people = self.people
        ids = self.office_ids or office_ids(people)
        return IdIndex(ids, lambda ref: (people[ref[0]], people[ref[0]].roles[ref[1]]))

    @cached_property
    def surname_index(self) -> Mapping[str, list[Person]]:
        """People by the first and by the last word of their folded name (names of two words or more), for a name
        written alone ("Lee said"). Built on first use from the people loaded by then (ids in a compiled copy)."""
        people = self.people
        ids = self.surname_ids or surname_ids(people, self.imported_people)
        return IdIndex(ids, people.__getitem__)

    @cached_property
    def near_index(self) -> NearIndex:
        """The one-word country and demonym terms, for ``near_country_term``. Built on first use."""
        return NearIndex(self.terms)

    def sorted_surfaces(self) -> list[str]:
        """The terms as written (not blank), sorted: what the pre-filter matches."""
        return sorted(t for t in self.surfaces if t.strip())

    def surfaces_digest(self) -> str:
        """A hash of ``sorted_surfaces``, kept (and compiled): the pre-filter's cache key without a sort of 36,000
        terms on every start; ``add`` forgets it."""
        if self.surface_digest is None:
            text = "\n".join(self.sorted_surfaces()).encode()
            self.surface_digest = hashlib.blake2b(text, digest_size=16).hexdigest()
        return self.surface_digest

    @property
    def sectors_surface(self) -> set[str]:
        return {s.term for s in self.sectors.values()}

    def lookup(self, text: str) -> list[Entry]:
        return self.terms.get(fold(text), [])

    def sector_word(self, text: str) -> SectorWord | None:
        return self.sectors.get(fold(text))

    def country_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        c = self.countries.get(code)
        return c["name"] if c else code

    def holders(self, country: str, title: str, day: dt.date | None) -> list[Person]:
        """People holding ``title`` for ``country`` on ``day`` ("the Japanese foreign minister" as of a date)."""
        out: list[Person] = []
        for p, r in self.offices.get((country, _title_key(title)), []):
            if (day is None or r.holds_on(day)) and (day is not None or r.end is None) and p not in out:
                out.append(p)
        return out

    def person_facts(self, person: Person, day: dt.date | None) -> tuple[str | None, str | None, str | None]:
        """(country, sector, role) of a person on a day (no date: see ``Person.role_on``); a former office holder
        is ELI of their country: whoever's last dated role ended before the day, by rule, so that no entry goes
        stale when a term ends."""
        role = person.role_on(day)
        if role is not None:
            return role.country, role.sector, role.title
        if day is not None:
            past = person.last_role_before(day)
            if past is not None:
                return past.country, "ELI", f"former {past.title}"
            # before their first office the person is still a national of the one country they served: an
            # archive story about "Putin" in 1999 is about a Russian, whatever he was then
            countries = {r.country for r in person.roles}
            if len(countries) == 1 and "IGO" not in countries:
                return countries.pop(), None, None
        return None, None, None

    def facts(self, e: Entry, day: dt.date | None) -> tuple[str | None, str | None, str | None]:
        if e.kind == "person":
            return self.person_facts(self.people[e.id], day)
        return (*e.on(day), None)

    def last_words(self) -> frozenset[str]:
        """The last word of every term and sector key: a text whose folded form ends in another word is neither.

        Built on first use and kept while the keys stay the same objects in the same number (terms are only ever
        added, so a new key changes the count)."""
        version = (id(self.terms), len(self.terms), id(self.sectors), len(self.sectors))
        cached = self.last_words_memo
        if cached is None or cached[0] != version:
            words = frozenset(key.rsplit(" ", 1)[-1] for keys in (self.terms, self.sectors) for key in keys)
            cached = self.last_words_memo = (version, words)
        return cached[1]

    def near_country_term(self, word: str) -> Entry | None:
        """The country or demonym one edit (insertion, deletion, substitution, swap) away from a one-word
        ``word``, if exactly one country is that close."""
        if word in self.terms:
            return None
        seen = self.near_country_memo
        if word in seen:
            return seen[word]
        index = self.near_index
        hits = {e.country: e for n in (len(word) - 1, len(word), len(word) + 1)
                for key, e in index.candidates(word, n) if one_edit(word, key)}
        found = seen[word] = next(iter(hits.values())) if len(hits) == 1 else None
        return found

    def add(self, term: str, entry: Entry, source: str) -> None:
        key = fold(term)
        if not key:
            return
        if term.rstrip().endswith(("'s", "’s")):
            self.possessive_names.add(key)
        bucket = self.terms[key]
        self.surfaces.add(term)
        self.surface_digest = None
        if entry not in bucket:
            bucket.append(entry)
            self.sources[key].append(source)
        self.max_term_words = max(self.max_term_words, len(key.split()))
        self.first_words.add(key.split()[0])


ENTRY_PRIORITY = {"person": 0, "igo": 1, "org": 2, "company": 3, "metonym": 4, "capital": 5, "country": 6,
                  "demonym": 7}


def best_entry(entries: tuple[Entry, ...] | list[Entry]) -> Entry | None:
    """When a term names several things, people and organisations win over places."""
    if len(entries) == 1:  # most terms name one thing
        return entries[0]
    return min(entries, key=lambda e: ENTRY_PRIORITY.get(e.kind, 9)) if entries else None


def office_ids(people: Mapping[str, Person]) -> dict[tuple[str, str], tuple[tuple[str, int], ...]]:
    """(person id, role index) of every role, by (country, folded title), in the order of the people."""
    index: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for p in people.values():
        for i, r in enumerate(p.roles):
            index.setdefault((r.country, _title_key(r.title)), []).append((p.id, i))
    return {k: tuple(v) for k, v in index.items()}


def surname_ids(people: Mapping[str, Person], skip: set[str]) -> dict[str, tuple[str, ...]]:
    """Ids of the people by the first and the last word of their folded name (of two words or more), but those
    in ``skip``."""
    index: dict[str, list[str]] = {}
    for p in people.values():
        if p.id in skip:
            continue
        words = fold(p.name).split()
        if len(words) >= 2:
            for w in dict.fromkeys((words[0], words[-1])):
                index.setdefault(w, []).append(p.id)
    return {k: tuple(v) for k, v in index.items()}


def _title_key(title: str) -> str:
    t = fold(title).replace("defense", "defence").replace("minister of foreign affairs", "foreign minister")
    t = t.replace("minister of defence", "defence minister").replace("secretary of defence", "defence secretary")
    return t


def load_kb_from(actors_dir: Path, extra_dirs: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The knowledge base of a folder of YAML files (plus user folders, whose entries are added last), from the
    compiled cache when it was built from the same files (``datafiles.compiled``: reading the YAML costs most of a
    second, the compiled copy a tenth of that), else built by ``build_kb_from`` and saved."""
    return compiled("kb", lambda: build_kb_from(actors_dir, extra_dirs), what="the knowledge base",
                    sources=(actors_dir, *extra_dirs))


def build_kb_from(actors_dir: Path, extra_dirs: tuple[Path, ...] = ()) -> KnowledgeBase:
    """Build the knowledge base from a folder of YAML files (plus user folders, whose entries are added last).

    Every file is read through ``datafiles`` and held to its schema first, so what is built here can trust keys
    and types; an unknown key or a wrong type stops the load with the file and line."""
    kb = KnowledgeBase()
    shared: dict[Any, Any] = {}
    dirs = (actors_dir, *extra_dirs)
    for d in dirs:
        for path in sorted(d.glob(schema.COUNTRY.glob)):
            _load_countries(kb, read(path, schema.COUNTRY))
        for path in sorted(d.glob(schema.PEOPLES.glob)):
            _load_peoples(kb, read(path, schema.PEOPLES))
        for path in in_source_order((d,), schema.SECTOR_WORD.glob):
            file = read(path, schema.SECTOR_WORD)
            imported = curated_first(path)[0] > 0  # a word the curated files define keeps their definition
            for i, e in enumerate(_entries(file)):
                term = e["term"].strip()
                if not term or not e["sector"]:
                    raise DataFileError(f"{file.where((i,))}: a sector word needs a non-empty term and sector")
                if imported and fold(term) in kb.sectors:
                    continue
                kb.sectors[fold(term)] = SectorWord(term, e["sector"], bool(e.get("title")), e.get("role"),
                                                      bool(e.get("generic")))
                kb.first_words.add(fold(term).split()[0])
    # organisations and people across all folders in source order (``curated_first``), not folder by folder: a
    # Wikidata refresh in a user folder must come before the packaged Phoenix import
    for kind, of in (("igos", schema.IGO), ("organisations", schema.ORGANISATION), ("companies", schema.COMPANY)):
        for path in in_source_order(dirs, of.glob):
            _load_orgs(kb, read(path, of), kind)
    for path in in_source_order(tuple(d / "people" for d in dirs), schema.PERSON.glob):
        _load_people(kb, read(path, schema.PERSON), shared)
    kb.imported_people -= shared.pop("curated", set())
    return kb


def in_source_order(dirs: tuple[Path, ...], glob: str) -> list[Path]:
    """The files matching ``glob`` in ``dirs``, by source (``curated_first``), then folder, then name."""
    found = [(curated_first(p), i, p) for i, d in enumerate(dirs) if d.is_dir() for p in d.glob(glob)]
    return [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]


def curated_first(path: Path) -> tuple[int, str]:
    """Load order of a folder's files: the curated ones, then those ``tidings kb update --wikidata`` writes
    (``*wikidata*.yaml``), then the Phoenix import (``*phoenix*.yaml``, curated until about 2015): a person's roles
    from the earlier files come first in the merged person and win on any day both cover, and an earlier file's
    entry comes first among the entries of one name. The newer dated source wins over the older import."""
    return (2 if "phoenix" in path.stem else 1 if "wikidata" in path.stem else 0), path.name


def _entries(file: DataFile) -> list[dict[str, Any]]:
    """The entries of a checked file (an empty file has none)."""
    return file.data or []


def _load_countries(kb: KnowledgeBase, file: DataFile) -> None:
    name_of_file = file.path.name
    for i, e in enumerate(_entries(file)):
        code = e["code"]
        if not code:
            raise DataFileError(f"{file.where((i, 'code'))}: country without code")
        kb.countries[code] = e
        name = e.get("name", code)
        src = f"{name_of_file}:{code}"
        for t in [name, *(e.get("aliases") or [])]:
            kb.add(t, Entry("country", code, name, code), src)
        for t in e.get("demonyms") or []:
            kb.add(t, Entry("demonym", code, name, code), src)
        for t in e.get("capitals") or []:
            kb.add(t, Entry("capital", code, f"Government of {name}", code, "GOV"), src)
        for m in e.get("metonyms") or []:
            kb.add(m["term"], Entry("metonym", code, m["term"], code, m.get("sector")), src)


def _load_peoples(kb: KnowledgeBase, file: DataFile) -> None:
    """Ethnic and national groups that live mostly in one country ("Ibo elders", "Pashtun tribesmen"): they
    resolve like that country's demonym."""
    for i, e in enumerate(_entries(file)):
        code, terms = e["country"], e["terms"]
        if not terms:
            raise DataFileError(f"{file.where((i, 'terms'))}: a people needs at least one term")
        name = (kb.countries.get(code) or {}).get("name", code)
        for t in terms:
            kb.add(t, Entry("demonym", code, name, code), f"{file.path.name}:{code}")


def _load_orgs(kb: KnowledgeBase, file: DataFile, kind: str) -> None:
    kind_name = {"igos": "igo", "organisations": "org", "companies": "company"}[kind]
    for i, e in enumerate(_entries(file)):
        oid = e["id"]
        if not oid or not e["name"]:
            raise DataFileError(f"{file.where((i,))}: entry needs a non-empty id and name")
        country = "IGO" if kind_name == "igo" else e.get("country")
        roles = tuple(Role(r.get("country") or country or "", r.get("sector") or "", "", parse_date(r.get("start")),
                           parse_date(r.get("end"))) for r in e.get("roles") or [])
        entry = Entry(kind_name, f"{kind_name}:{oid}", e["name"], country, e.get("sector"), roles)
        for t in [e["name"], *(e.get("aliases") or [])]:
            kb.add(t, entry, f"{file.path.name}:{oid}")
            member = member_form(t) if entry.sector in ("PTY", "OPP") else None
            if member is not None and fold(member) not in kb.terms:
                kb.add(member, entry, f"{file.path.name}:{oid}")
                kb.member_forms.add(fold(member))



def _load_people(kb: KnowledgeBase, file: DataFile, shared: dict[Any, Any] | None = None) -> None:
    """The people of one file. ``shared`` holds one object per distinct role and date across files: the
    compiled copy (a pickle) then stores each once, and loading it makes ~15,000 dates and roles rather than one
    per role written (the Phoenix import gives 19,000 people 60,000 roles)."""
    shared = {} if shared is None else shared
    for i, e in enumerate(_entries(file)):
        pid, name = e["id"], e["name"]
        if not pid or not name:
            raise DataFileError(f"{file.where((i,))}: person needs a non-empty id and name")
        where = f"{file.path.name}:{pid}"
        (kb.imported_people if e.get("source") else shared.setdefault("curated", set())).add(pid)
        roles = []
        for r in e.get("roles") or []:
            start, end = r.get("start"), r.get("end")
            role = Role(
                country=r["country"],
                sector=r.get("sector") or "GOV",
                title=r.get("title") or "",
                # the schema let only dates (or nothing) through
                start=shared.setdefault(start, parse_date(start)) if start is not None else None,
                end=shared.setdefault(end, parse_date(end)) if end is not None else None,
            )
            roles.append(shared.setdefault(role, role))
        person = Person(pid, name, tuple(roles))
        if pid in kb.people:
            # the same person in two files: merge roles rather than let one file shadow the other
            old = kb.people[pid]
            person = Person(pid, old.name, old.roles + tuple(r for r in roles if r not in old.roles))
        kb.people[pid] = person
        entry = Entry("person", pid, name, None)
        for t in [name, *(e.get("aliases") or [])]:
            kb.add(t, entry, where)


@lru_cache(maxsize=2)
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The packaged knowledge base, plus any user folders (``TIDINGS_KB`` or ``--kb``) layered on top."""
    return load_kb_from(data_dir() / "actors", tuple(Path(p) for p in extra))
