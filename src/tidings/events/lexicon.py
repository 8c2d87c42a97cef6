"""Loads the event lexicon: YAML files of verb and noun patterns, one file per CAMEO root."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tidings.datafiles.check import read
from tidings.datafiles.compiled import compiled
from tidings.datafiles.read import DataFile, data_dir
from tidings.datafiles.schema import LEXICON_ENTRY, LEXICON_IMPORTED
from tidings.errors import DataFileError
from tidings.events import cameo

DEFAULT_TARGET_PREPS = ("to", "with", "against", "on", "at", "into", "for", "from", "of", "toward", "towards",
                        "upon", "over", "between", "among")
IMPORTED_DIR = LEXICON_IMPORTED.folder.rpartition("/")[2]  # "petrarch2": generated files, beside the hand-written
HAND_RANK = 100  # added to a constrained hand-written entry's specificity: above any imported entry's
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
    # ... whose verb is one of these lemmas, when the file gives a list ("failed to agree", not "failed to say")
    complement_verbs: frozenset[str] = frozenset()
    example: str | None = None
    note: str | None = None
    file: str = ""
    source: str | None = None  # an imported entry's provenance: "petrarch2 CAMEO.2.0.txt line N"
    pattern: str | None = None  # ... and the pattern as the source wrote it

    @property
    def specificity(self) -> int:
        """How narrow the entry is: the most specific matching entry of a lemma wins. A hand-written entry with
        any constraint outranks every imported one (``source`` set): an import refines only a bare hand-written
        verb ("killed" -> "killed civilians"), never a pattern someone wrote by hand ("failed to agree")."""
        n = (4 * bool(self.object) + 2 * bool(self.particle) + 2 * bool(self.prep) + len(self.modifiers)
             + bool(self.complement) + bool(self.complement_verbs))
        return n + HAND_RANK if n and self.source is None else n


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


def _as_list(v: str | list[str] | None) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return list(v)


def parse_entry(raw: dict[str, Any], file: DataFile, index: int) -> Entry:
    """One entry of a lexicon file, already held to the schema (``datafiles.schema.LEXICON_ENTRY``): keys and
    types are known good; what is checked here is what the schema cannot see."""
    kind = "verb" if "verb" in raw else "noun"
    code = raw["cameo"].strip()
    if code not in cameo.table():
        raise DataFileError(f"{file.where((index, 'cameo'))}: unknown CAMEO code {code!r} (see data/cameo.tsv)")
    words = raw[kind].strip().lower().split()
    if not words:
        raise DataFileError(f"{file.where((index, kind))}: empty {kind}")
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
        id=raw.get("id") or f"{file.path.stem}.{index}",
        kind=kind,
        lemma=lemma,
        cameo=code,
        object=frozenset(o.lower() for o in objects),
        particle=particle.lower() if particle else None,
        prep=raw["prep"].lower() if raw.get("prep") else None,
        target=tuple(t.lower() for t in _as_list(raw.get("target"))),
        modifiers=modifiers,
        absorbs=raw.get("absorbs", False),
        complement=bool(raw.get("complement", False)),
        complement_verbs=frozenset(v.lower() for v in raw["complement"]) if isinstance(raw.get("complement"), list)
        else frozenset(),
        example=raw.get("example"),
        note=raw.get("note"),
        file=f"{IMPORTED_DIR}/{file.path.name}" if "source" in raw else file.path.name,
        source=raw.get("source"),
        pattern=raw.get("pattern"),
    )


def load_lexicon_from(dirs: tuple[Path, ...]) -> Lexicon:
    """The lexicon of ``dirs`` from the compiled cache (``datafiles.compiled``), else built by
    ``build_lexicon_from`` and saved. Entries are checked against the CAMEO table, so it is a source too."""
    return compiled("lexicon", lambda: build_lexicon_from(dirs), what="the event lexicon",
                    sources=(*dirs, data_dir() / "cameo.tsv"))


def build_lexicon_from(dirs: tuple[Path, ...], imported: bool = True) -> Lexicon:
    """The entries of every ``*.yaml`` file in ``dirs``, in order, each folder's hand-written files before its
    imported ones (``petrarch2/*.yaml``, unless ``imported`` is false); a file that breaks the schema, an unknown
    CAMEO code or an id used twice stops the load with the file and line.

    The order is the precedence rule: among the entries of a lemma that match, the most specific wins and, between
    equally specific ones, the first loaded, so a hand-written entry always beats an imported one of the same
    pattern (the converter also leaves out the patterns a hand-written entry covers)."""
    lex = Lexicon()
    for d in dirs:
        kinds = [(LEXICON_ENTRY, d)]
        if imported:
            kinds.append((LEXICON_IMPORTED, d / IMPORTED_DIR))
        for kind, folder in kinds:
            for path in sorted(folder.glob(kind.glob)):
                file = read(path, kind)
                for i, raw in enumerate(file.data or []):
                    entry = parse_entry(raw, file, i)
                    if entry.id in lex.entries:
                        raise DataFileError(f"{file.where((i,))}: duplicate lexicon id {entry.id!r} (also in "
                                            f"{lex.entries[entry.id].file})")
                    lex.add(entry)
    return lex


@lru_cache(maxsize=2)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon plus user folders of the same format."""
    return load_lexicon_from((data_dir() / "lexicon", *(Path(p) for p in extra)))
