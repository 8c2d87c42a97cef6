"""People and their dated roles, and the table that holds them in the compiled knowledge base.

After the Phoenix import the knowledge base holds ~20,000 people with ~60,000 roles. An article names a few of
them, so the compiled copy keeps them as plain rows (tuples of text and day numbers, which unpickle at C speed)
and ``People`` makes a ``Person`` the first time one is asked for: loading no longer grows with the number of
people by the cost of building each one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# (country, sector, title, start as a day number or None, end as a day number or None)
RoleRow = tuple[str, str, str, int | None, int | None]
PersonRow = tuple[str, tuple[RoleRow, ...]]  # (name, roles)

# the Phoenix import's title for each sector (``actors.phoenix_map`` writes them): they say only the sector of a
# code, not the office, so a title the text writes before a name wins over them (``people.People.person_facts``)
TITLES = {"GOV": "government official", "MIL": "military officer", "COP": "police officer", "JUD": "judge",
          "LEG": "legislator", "ELI": "notable", "OPP": "opposition figure", "PTY": "party official",
          "REB": "rebel leader", "SPY": "intelligence official", "BUS": "business figure", "EDU": "academic",
          "MED": "journalist", "NGO": "activist", "IGO": "international official", "REL": "religious leader",
          "LAB": "union leader", "CVL": "civilian", "REF": "refugee", "HLH": "health official", "AGR": "farmer",
          "ENV": "environmentalist", "CRM": "criminal", "UAF": "armed group member"}
PLACEHOLDER_TITLES = frozenset(TITLES.values())


@dataclass(frozen=True)
class Role:
    country: str
    sector: str
    title: str
    start: dt.date | None
    end: dt.date | None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: tuple[Role, ...]

    def role_on(self, day: dt.date | None) -> Role | None:
        """The most senior role held that day (first listed wins); None if none. No date (an undated article):
        the role held now, else the first listed, since an undated archive story is most often about a person's
        time in office. A phrase asked about on its own with no date is asked as of today (``jobs.actors``)."""
        if day is None:
            current = [r for r in self.roles if r.end is None]
            return current[0] if current else (self.roles[0] if self.roles else None)
        for r in self.roles:
            if r.holds_on(day):
                return r
        return None

    def last_role_before(self, day: dt.date) -> Role | None:
        past = [r for r in self.roles if r.end is not None and r.end < day]
        return max(past, key=lambda r: r.end or dt.date.min) if past else None


class People(MutableMapping[str, Person]):
    """People by id, made from their rows on first use (and kept). Iterating the values makes them all: the
    indexes that need every person (offices, surnames) are built on first use, not at load."""

    def __init__(self, rows: dict[str, PersonRow]) -> None:
        self.rows = rows
        self.made: dict[str, Person] = {}

    @staticmethod
    def rows_of(people: Mapping[str, Person]) -> dict[str, PersonRow]:
        days: dict[dt.date, int] = {}

        def day(d: dt.date | None) -> int | None:
            return None if d is None else days.setdefault(d, d.toordinal())

        return {pid: (p.name, tuple((r.country, r.sector, r.title, day(r.start), day(r.end)) for r in p.roles))
                for pid, p in people.items()}

    def __getitem__(self, pid: str) -> Person:
        person = self.made.get(pid)
        if person is None:
            name, roles = self.rows[pid]
            person = self.made[pid] = Person(pid, name, tuple(
                Role(c, s, t, None if a is None else dt.date.fromordinal(a), None if b is None else
                     dt.date.fromordinal(b)) for c, s, t, a, b in roles))
        return person

    def __setitem__(self, pid: str, person: Person) -> None:
        self.made[pid] = person
        self.rows[pid] = (person.name, ())  # the row only marks the id as present; ``made`` holds the person

    def __delitem__(self, pid: str) -> None:
        del self.rows[pid]
        self.made.pop(pid, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, pid: object) -> bool:
        return pid in self.rows


class IdIndex(Mapping[K, list[V]], Generic[K, V]):
    """An index of the knowledge base (offices, surnames) kept as ids, whose values are made by ``make`` from each
    id on first use: a look-up makes the few people it names, not all of them."""

    def __init__(self, ids: Mapping[K, tuple[object, ...]], make: Callable[[object], V]) -> None:
        self.ids = ids
        self.make = make
        self.made: dict[K, list[V]] = {}

    def __getitem__(self, key: K) -> list[V]:
        hit = self.made.get(key)
        if hit is None:
            hit = self.made[key] = [self.make(ref) for ref in self.ids[key]]
        return hit

    def __iter__(self) -> Iterator[K]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, key: object) -> bool:
        return key in self.ids
