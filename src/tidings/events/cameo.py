"""CAMEO code facts: name, Goldstein weight, QuadClass and PLOVER type, read from ``data/cameo.tsv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tidings.datafiles.check import read_packaged
from tidings.datafiles.schema import CAMEO


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None


QUAD_NAMES = {
    0: "neutral statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@lru_cache(maxsize=1)
def table() -> dict[str, CameoCode]:
    out: dict[str, CameoCode] = {}
    for r in read_packaged(CAMEO).data:  # rows held to the schema: every column, typed
        out[r["code"]] = CameoCode(
            code=r["code"],
            root=r["root"],
            name=r["name"],
            goldstein=float(r["goldstein"]),
            quad_class=int(r["quad_class"]),
            plover=r["plover"] or None,
            plover_mode=r["plover_mode"] or None,
        )
    return out


def lookup(code: str) -> CameoCode:
    """Facts for a code; raises KeyError for a code CAMEO 1.1b3 does not have."""
    return table()[code]


def plover_quad(plover_type: str) -> int:
    """QuadClass of a PLOVER type, from the CAMEO codes that map to it (most common wins)."""
    counts: dict[int, int] = {}
    for c in table().values():
        if c.plover == plover_type:
            counts[c.quad_class] = counts.get(c.quad_class, 0) + 1
    return max(counts, key=lambda q: counts[q]) if counts else 0
