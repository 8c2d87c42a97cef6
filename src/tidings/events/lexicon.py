"""Loads the event lexicon: YAML files of verb and noun patterns, one file per CAMEO root."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tidings.actors.kb import data_dir
from tidings.errors import DataFileError
from tidings.events import cameo

DEFAULT_TARGET_PREPS = ("to", "with", "against", "on", "at", "into", "for", "from", "of", "toward", "towards",
                        "upon", "over", "between", "among")
PARTICLE_WORDS = frozenset({"up", "down", "out", "off", "on", "in", "back", "over", "away", "through", "about",
                            "around", "along", "aside", "forward", "apart", "together", "by"})


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # verb | noun
    lemma: str
    cameo: str
    object: frozenset[str] = frozenset()
    particle: str | None = None
    prep: str | None = None
    target: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()  # extra words a multiword noun needs ("hunger" in "hunger strike")
    absorbs: bool = False
    complement: bool = False  # the verb counts only with an infinitive/clausal complement ("declined to X")
    example: str | None = None
    note: str | None = None
    file: str = ""

    @property
    def specificity(self) -> int:
        return (4 * bool(self.object) + 2 * bool(self.particle) + 2 * bool(self.prep) + len(self.modifiers)
                + bool(self.complement))


@dataclass
class Lexicon:
    verbs: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    nouns: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    entries: dict[str, Entry] = field(default_factory=dict)

    def add(self, e: Entry) -> None:
        if e.id in self.entries:
            raise DataFileError(f"{e.file}: duplicate lexicon id {e.id!r} (also in {self.entries[e.id].file})")
        self.entries[e.id] = e
        (self.verbs if e.kind == "verb" else self.nouns)[e.lemma].append(e)

    def trigger_words(self) -> set[str]:
        """Every lemma and object word that can start an event: the pre-filter's vocabulary."""
        words: set[str] = set(self.verbs) | set(self.nouns)
        for e in self.entries.values():
            words |= set(e.object)
        return words


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def parse_entry(raw: dict[str, Any], file: str, index: int) -> Entry:
    where = f"{file}[{index}]"
    if not isinstance(raw, dict):
        raise DataFileError(f"{where}: an entry must be a mapping")
    has_verb, has_noun = "verb" in raw, "noun" in raw
    if has_verb == has_noun:
        raise DataFileError(f"{where}: an entry needs exactly one of 'verb' or 'noun'")
    code = str(raw.get("cameo", "")).strip()
    if code not in cameo.table():
        raise DataFileError(f"{where}: unknown CAMEO code {code!r}")
    kind = "verb" if has_verb else "noun"
    words = str(raw[kind]).strip().lower().split()
    if not words:
        raise DataFileError(f"{where}: empty {kind}")
    lemma, particle, objects, modifiers = words[0], raw.get("particle"), set(_as_list(raw.get("object"))), ()
    if kind == "verb" and len(words) > 1:
        # "pull out" -> particle; "open fire" -> object
        rest = words[1:]
        if rest[0] in PARTICLE_WORDS and not particle:
            particle = rest[0]
            rest = rest[1:]
        if rest:
            objects.add(rest[-1])
    elif kind == "noun" and len(words) > 1:
        lemma, modifiers = words[-1], tuple(words[:-1])
    return Entry(
        id=str(raw.get("id") or f"{Path(file).stem}.{index}"),
        kind=kind,
        lemma=lemma,
        cameo=code,
        object=frozenset(o.lower() for o in objects),
        particle=str(particle).lower() if particle else None,
        prep=str(raw["prep"]).lower() if raw.get("prep") else None,
        target=tuple(t.lower() for t in _as_list(raw.get("target"))),
        modifiers=modifiers,
        absorbs=bool(raw.get("absorbs", False)),
        complement=bool(raw.get("complement", False)),
        example=raw.get("example"),
        note=raw.get("note"),
        file=file,
    )


def load_lexicon_from(dirs: tuple[Path, ...]) -> Lexicon:
    lex = Lexicon()
    for d in dirs:
        for path in sorted(d.glob("*.yaml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            except yaml.YAMLError as exc:
                raise DataFileError(f"{path.name}: not valid YAML: {str(exc).splitlines()[0]}") from exc
            if not isinstance(data, list):
                raise DataFileError(f"{path.name}: expected a list of entries")
            for i, raw in enumerate(data):
                lex.add(parse_entry(raw, path.name, i))
    return lex


@lru_cache(maxsize=2)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon plus user folders of the same format."""
    return load_lexicon_from((data_dir() / "lexicon", *(Path(p) for p in extra)))
