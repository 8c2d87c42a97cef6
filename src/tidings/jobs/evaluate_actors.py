"""``tidings eval --format actors``: country and sector accuracy on actor descriptions resolved on their own.

A description is a short text ("Iraqi border guards", "Nigeria's army chief", "Jacques Chirac") with the date it
is read on, the country it names and the CAMEO sector(s) it has: the knowledge base and the phrase resolver
measured without an article around them, as ``tidings actor`` answers. The file is TSV, one description a line:

    text<TAB>date<TAB>country<TAB>sector

``country`` empty: the text names no country ("riot police"). ``sector``: the accepted codes split by ``|``
("COP|MIL" where CAMEO coders differ); ``*`` among them: the sector is not scored (an IGO's own officials);
empty: the text has no sector. Lines starting with ``#`` and a header line starting ``text`` are skipped.
The dev/check split is a hash of the text, so one text with several dates stays in one half.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.errors import InputError
from tidings.jobs.actors import resolve_phrases
from tidings.jobs.evaluate import read_gold
from tidings.models import parse_date
from tidings.pipeline import Pipeline


@dataclass(frozen=True)
class Description:
    """One gold actor description: the text, its date, the expected country (None: none) and sectors."""

    line: int
    text: str
    date: dt.date | None
    country: str | None
    sectors: frozenset[str]  # accepted codes; empty: no sector expected

    @property
    def sector_scored(self) -> bool:
        return "*" not in self.sectors


def split_of(text: str) -> str:
    """'dev' or 'check' by a hash of the text: half each, fixed before anything was measured."""
    return "check" if hashlib.sha256(text.encode()).digest()[0] % 2 else "dev"


def load_descriptions(path: Path) -> list[Description]:
    rows: list[Description] = []
    for n, line in enumerate(read_gold(path).splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("text\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or not parts[0].strip():
            raise InputError(f"{path}:{n}: expected 'text<TAB>date<TAB>country<TAB>sector'")
        text, date, country, sector = (p.strip() for p in parts)
        try:
            day = parse_date(date) if date else None
        except (ValueError, InputError) as exc:
            raise InputError(f"{path}:{n}: bad date {date!r}") from exc
        sectors = frozenset(s for s in sector.split("|") if s)
        rows.append(Description(n, text, day, country or None, sectors))
    if not rows:
        raise InputError(f"{path}: no actor descriptions (expected 'text<TAB>date<TAB>country<TAB>sector' lines)")
    return rows


def _score(rows: list[tuple[Description, str | None, str | None]]) -> dict[str, Any]:
    scored = [(d, s) for d, _, s in rows if d.sector_scored]
    country_ok = sum(d.country == c for d, c, _ in rows)
    sector_ok = sum((s in d.sectors) if d.sectors else s is None for d, s in scored)
    return {
        "records": len(rows),
        "country_accuracy": round(country_ok / len(rows), 4) if rows else 0.0,
        "sector_accuracy": round(sector_ok / len(scored), 4) if scored else 0.0,
    }


def evaluate_actors(path: Path, pipe: Pipeline) -> dict[str, Any]:
    """Country and sector accuracy over all descriptions and per split, with every miss listed."""
    gold = load_descriptions(path)
    rows: list[tuple[Description, str | None, str | None]] = []
    misses: list[dict[str, Any]] = []
    for d in gold:
        # no date in the file means today, as ``tidings actor`` reads it
        (a,) = resolve_phrases(pipe, [d.text], d.date)
        country = a.country if a is not None else None
        sector = a.sector if a is not None else None
        rows.append((d, country, sector))
        sector_ok = not d.sector_scored or ((sector in d.sectors) if d.sectors else sector is None)
        if country != d.country or not sector_ok:
            misses.append({"line": d.line, "split": split_of(d.text), "text": d.text,
                           "date": d.date.isoformat() if d.date else None,
                           "expected": f"{d.country or '-'} {'|'.join(sorted(d.sectors)) or '-'}",
                           "got": f"{country or '-'} {sector or '-'}"})
    report = _score(rows)
    report = {"descriptions": report.pop("records"), **report}
    for part in ("dev", "check"):
        report[f"split_{part}"] = _score([r for r in rows if split_of(r[0].text) == part])
    report["actor_misses"] = misses
    return report
