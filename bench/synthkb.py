"""A synthetic knowledge base for ``bench/start.py --kb-scale``: made-up people, organisations and companies with
unique names, valid per ``tidings.datafiles.schema``, written as a user folder laid out like ``data/actors``.

The knowledge base will grow by an order of magnitude with the actor imports (issue 16), so start-up is measured
at that size before the real data exists. The names are built from syllables no real name shares, so they add
load work (parsing, indexing, the pre-filter's terms) without changing how any real text codes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from tidings.datafiles.read import data_dir
from tidings.datafiles.schema import COMPANY, IGO, ORGANISATION, PERSON

SYLLABLES = ("bar", "dun", "fel", "gor", "hask", "jov", "kel", "lun", "mer", "nov", "pral", "quen", "ros", "siv",
             "tam", "ulv", "ves", "wyn", "xar", "yel", "zor", "brin", "dres", "grav", "thol")
TITLES = ("minister of trade", "minister of health", "governor", "senator", "member of parliament", "mayor",
          "ambassador", "army chief of staff", "central bank governor", "party leader")
SECTORS = {"person": ("GOV", "LEG", "MIL", "OPP", "ELI"), "org": ("NGO", "EDU", "MED", "PTY", "LAB", "REB"),
           "company": ("BUS",)}
KIND_WORDS = {"org": ("Institute", "Foundation", "Union", "Party", "Front", "Council"),
              "company": ("Holdings", "Group", "Industries", "Energy", "Logistics", "Bank")}
ENTRY = re.compile(r"^- id:", re.M)


def today_counts() -> dict[str, int]:
    """Entries of the packaged knowledge base by kind: people, organisations (IGOs counted with them) and
    companies, counted as the files list them (one ``- id:`` line per entry)."""
    actors = data_dir() / "actors"

    def count(glob: str, folder: Path = actors) -> int:
        return sum(len(ENTRY.findall(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob(glob)))

    return {"person": count(PERSON.glob, actors / "people"),
            "org": count(ORGANISATION.glob) + count(IGO.glob), "company": count(COMPANY.glob)}


class Names:
    """Unique made-up words of two to four syllables, capitalised, from a seeded generator (25 syllables give
    about 400,000 such words: a run asks for under 100,000, so a fresh one turns up within a few tries)."""

    def __init__(self, seed: int = 16) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def word(self) -> str:
        while True:
            w = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 3, 4)))).capitalize()
            if w not in self.used:
                self.used.add(w)
                return w


def _q(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def write_synthetic_kb(folder: Path, scale: int, countries: list[str]) -> dict[str, int]:
    """Write (scale - 1) times today's entries into ``folder`` (``people/synthetic.yaml``,
    ``organisations_synthetic.yaml``, ``companies_synthetic.yaml``), so that the packaged knowledge base plus this
    folder is ``scale`` times today's size. Returns the entries written, by kind."""
    names = Names()
    rng = names.rng
    extra = {k: v * (scale - 1) for k, v in today_counts().items()}
    (folder / "people").mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(extra["person"]):
        first, last = names.word(), names.word()
        start = f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        end = "null" if rng.random() < 0.5 else f"{int(start[:4]) + rng.randint(1, 6)}-01-15"
        lines += [f"- id: synthetic-person-{i}", f"  name: {_q(f'{first} {last}')}",
                  f"  aliases: [{_q(f'{first[0]}. {last}')}]", "  roles:",
                  f"    - {{country: {rng.choice(countries)}, sector: {rng.choice(SECTORS['person'])}, "
                  f"title: {_q(rng.choice(TITLES))}, start: {start}, end: {end}}}", "  checked: 2026-12-07"]
    (folder / "people" / "synthetic.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for kind, file in (("org", "organisations_synthetic.yaml"), ("company", "companies_synthetic.yaml")):
        lines = []
        for i in range(extra[kind]):
            stem = f"{names.word()} {names.word()}"
            lines += [f"- id: synthetic-{kind}-{i}", f"  name: {_q(f'{stem} {rng.choice(KIND_WORDS[kind])}')}",
                      f"  aliases: [{_q(stem)}]", f"  country: {rng.choice(countries)}",
                      f"  sector: {rng.choice(SECTORS[kind])}", "  checked: 2026-12-07"]
        (folder / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extra
