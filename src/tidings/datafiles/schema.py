"""What each kind of data file may contain: every key, the type of its value, and whether it must be there.

A schema is data, not code, so that three things read the same declaration: ``check`` (an unknown key or a wrong
type is an error with a file and line), the loaders (which files of a folder are of which kind) and the test that
holds ``docs/data-files.md`` to it (each key documented with this type name, no documented key missing here).
Facts a schema cannot see (a country code nobody defined, a CAMEO code CAMEO lacks, a role that ends before it
starts) are checked by the loaders and by ``tidings kb``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cached_property
from typing import Any

from tidings.datafiles.read import parse_date


@dataclass(frozen=True)
class Type:
    """A value type: its name as the documentation writes it, and the test a value must pass."""

    name: str
    test: Callable[[Any], bool]
    fields: Schema | None = None  # for a mapping, or a list of mappings: the keys each may have


@dataclass(frozen=True)
class Key:
    name: str
    type: Type
    required: bool = False


@dataclass(frozen=True)
class Schema:
    """The keys of one kind of mapping.

    ``shape`` is how a file of this kind holds its mappings: ``entries`` (a list of them: most files), ``mapping``
    (the file is one mapping: ``modality.yaml``), ``pairs`` (free names, each with a value of ``keys[0]``'s type:
    ``plover.yaml``) or ``table`` (TSV rows, whose columns are the keys, all of them text). ``folder`` and ``glob``
    say which files under the data folder (or a user folder of the same layout) are of this kind."""

    title: str
    keys: tuple[Key, ...]
    folder: str = ""
    glob: str = ""
    shape: str = "entries"
    one_of: tuple[str, ...] = ()  # exactly one of these keys in each mapping

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(k.name for k in self.keys)

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)

    @cached_property
    def types(self) -> dict[str, Type]:
        return {k.name: k.type for k in self.keys}

    def matches(self, relpath: str) -> bool:
        """Whether a file at ``relpath`` (relative to a data folder, with ``/``) is of this kind."""
        folder, _, name = relpath.rpartition("/")
        return folder == self.folder and fnmatch(name, self.glob)

    def key_paths(self) -> list[tuple[str, Type, bool]]:
        """Every key as the documentation names it, nested keys dotted ("roles.start"), with type and whether
        required."""
        out: list[tuple[str, Type, bool]] = []
        for k in self.keys:
            out.append((k.name, k.type, k.required))
            if k.type.fields is not None:
                out += [(f"{k.name}.{name}", t, req) for name, t, req in k.type.fields.key_paths()]
        return out


def _is_date(value: Any) -> bool:  # noqa: ANN401 - any YAML value
    try:
        return parse_date(value) is not None
    except ValueError:
        return False


def _is_texts(value: Any) -> bool:  # noqa: ANN401
    return type(value) is list and all(type(v) is str for v in value)


def _is_code(value: Any) -> bool:  # noqa: ANN401
    return type(value) is str and value.isdigit()


def _is_number(value: Any) -> bool:  # noqa: ANN401
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def mapping_of(fields: Schema) -> Type:
    return Type("mapping", lambda v: type(v) is dict, fields)


def list_of(fields: Schema) -> Type:
    return Type("list of mappings", lambda v: type(v) is list, fields)


TEXT = Type("text", lambda v: type(v) is str)
TEXTS = Type("list of texts", _is_texts)
TEXT_OR_TEXTS = Type("text or list of texts", lambda v: type(v) is str or _is_texts(v))
FLAG = Type("true or false", lambda v: type(v) is bool)
FLAG_OR_TEXTS = Type("true or false, or a list of texts", lambda v: type(v) is bool or (_is_texts(v) and bool(v)))
DATE = Type("date", lambda v: isinstance(v, dt.date) or _is_date(v))
DATE_OR_NULL = Type("date or null", lambda v: v is None or isinstance(v, dt.date) or _is_date(v))
CODE = Type("CAMEO code", _is_code)
CODES = Type("list of CAMEO codes", lambda v: type(v) is list and all(_is_code(c) for c in v))
CODE_MAP = Type("mapping of CAMEO codes", lambda v: type(v) is dict and all(_is_code(k) and _is_code(c)
                                                                            for k, c in v.items()))
QUAD = Type("QuadClass 1-4", lambda v: type(v) is int and 1 <= v <= 4)
# TSV columns: every value is text; these say what the text must be
TSV_TEXT = Type("text", lambda v: type(v) is str and v != "")
TSV_OPTIONAL = Type("text or empty", lambda v: type(v) is str)
TSV_CODE = Type("CAMEO code", _is_code)
TSV_NUMBER = Type("number", _is_number)
TSV_QUAD = Type("QuadClass 0-4", lambda v: v in ("0", "1", "2", "3", "4"))

CHECKED = Key("checked", DATE)
ALIASES = Key("aliases", TEXTS)
SOURCE = Key("source", TEXT)  # where an imported entry came from (file, line, the code as written)

COUNTRY = Schema("country", (
    Key("code", TEXT, required=True),
    Key("name", TEXT),
    ALIASES,
    Key("demonyms", TEXTS),
    Key("capitals", TEXTS),
    Key("metonyms", list_of(Schema("metonym", (Key("term", TEXT, required=True), Key("sector", TEXT))))),
    CHECKED,
), folder="actors", glob="countries*.yaml")

PEOPLES = Schema("people (ethnic or national group)", (
    Key("country", TEXT, required=True),
    Key("terms", TEXTS, required=True),
    CHECKED,
), folder="actors", glob="peoples*.yaml")

IGO = Schema("intergovernmental organisation", (
    Key("id", TEXT, required=True),
    Key("name", TEXT, required=True),
    ALIASES,
    Key("sector", TEXT),
    SOURCE,
    CHECKED,
), folder="actors", glob="igos*.yaml")

SOURCE = Key("source", TEXT)  # where a fact comes from: a URL, a Wikidata id, a document

# a place below the country that ISO 3166-2 (pycountry) lacks or spells otherwise ("Chechnya", "Xinjiang",
# "Kashmir"): compiled into the gazetteer beside pycountry's subdivisions (``context.subdivisions``)
PLACE_ROLE = Schema("place role", (
    Key("country", TEXT, required=True),
    Key("start", DATE_OR_NULL),
    Key("end", DATE_OR_NULL),
    SOURCE,
))
PLACE = Schema("place below the country", (
    Key("name", TEXT, required=True),
    ALIASES,
    Key("adjectives", TEXTS),
    Key("country", TEXT),
    Key("countries", TEXTS),
    Key("roles", list_of(PLACE_ROLE)),
    Key("why", TEXT, required=True),
    SOURCE,
    CHECKED,
), folder="actors", glob="places*.yaml", one_of=("country", "countries"))
WIKIDATA = Key("wikidata", TEXT)  # the entry's Wikidata id (Q...), kept by ``tidings kb update --wikidata``

# a dated role of an organisation: its country and sector between two dates (the Taliban as Afghanistan's
# government from 2021-08-15; no sector: a dissolved body); outside every role its own country and sector hold
ORG_ROLE = Schema("organisation role", (
    Key("country", TEXT),
    Key("sector", TEXT),
    Key("start", DATE_OR_NULL),
    Key("end", DATE_OR_NULL),
    SOURCE,
))

_ORG_KEYS = (
    Key("id", TEXT, required=True),
    Key("name", TEXT, required=True),
    ALIASES,
    Key("country", TEXT),
    Key("sector", TEXT),
    Key("roles", list_of(ORG_ROLE)),
    WIKIDATA,
    SOURCE,
    CHECKED,
)
ORGANISATION = Schema("organisation", _ORG_KEYS, folder="actors", glob="organisations*.yaml")
COMPANY = Schema("company", _ORG_KEYS, folder="actors", glob="companies*.yaml")

SECTOR_WORD = Schema("sector word", (
    Key("term", TEXT, required=True),
    Key("sector", TEXT, required=True),
    Key("title", FLAG),
    Key("role", TEXT),
    # a word for someone of a body ("officials", "spokesman", "leaders"): its sector is the body's when a sector
    # word right before it names one ("police spokesman" COP, "rebel commanders" REB); its own otherwise
    Key("generic", FLAG),
    SOURCE,
    CHECKED,
), folder="actors", glob="sectors*.yaml")

ROLE = Schema("role", (
    Key("country", TEXT, required=True),
    Key("sector", TEXT),
    Key("title", TEXT),
    Key("start", DATE_OR_NULL),
    Key("end", DATE_OR_NULL),
    SOURCE,
))

PERSON = Schema("person", (
    Key("id", TEXT, required=True),
    Key("name", TEXT, required=True),
    ALIASES,
    Key("roles", list_of(ROLE)),
    WIKIDATA,
    SOURCE,
    CHECKED,
), folder="actors/people", glob="*.yaml")

LEXICON_ENTRY = Schema("lexicon entry", (
    Key("id", TEXT),
    Key("verb", TEXT),
    Key("noun", TEXT),
    Key("cameo", CODE, required=True),
    Key("object", TEXT_OR_TEXTS),
    Key("particle", TEXT),
    Key("prep", TEXT),
    Key("target", TEXT_OR_TEXTS),
    Key("absorbs", FLAG),
    Key("complement", FLAG_OR_TEXTS),
    Key("example", TEXT),
    Key("note", TEXT),
    CHECKED,
), folder="lexicon", glob="*.yaml", one_of=("verb", "noun"))

# entries converted from another coder's dictionary (``tidings.jobs.petrarch_import``): generated, never edited by
# hand, each naming the line it came from; a hand-written entry of the same pattern wins (``events.lexicon``)
LEXICON_IMPORTED = Schema("imported lexicon entry", (
    Key("id", TEXT, required=True),
    Key("verb", TEXT, required=True),
    Key("cameo", CODE, required=True),
    Key("object", TEXTS),
    Key("particle", TEXT),
    Key("prep", TEXT),
    Key("target", TEXTS),
    Key("source", TEXT, required=True),
    Key("pattern", TEXT, required=True),
    Key("note", TEXT),
), folder="lexicon/petrarch2", glob="*.yaml")

THEME = Schema("theme", (
    Key("name", TEXT, required=True),
    Key("code", TEXT, required=True),
    Key("description", TEXT),
    Key("lemmas", TEXTS),
    Key("phrases", TEXTS),
    Key("exclude", TEXTS),
), glob="themes.yaml")


def _words(*names: str, required: bool = True) -> Schema:
    return Schema("word lists", tuple(Key(n, TEXTS, required=required) for n in names))


MODALITY = Schema("modality words", (
    Key("future", mapping_of(_words("auxiliaries", "governors", "noun_modifiers", "intent_adjectives", "nouns")), True),
    Key("hypothetical", mapping_of(_words("auxiliaries", "governors", "markers", "discourse", "nouns")), True),
    Key("negated", mapping_of(_words("words", "governors", "quantifiers")), True),
    Key("future_codes", CODE_MAP, True),
    Key("negated_future_codes", CODE_MAP, True),
    Key("question", mapping_of(_words("verbs", "prompts")), True),
    Key("obligation", mapping_of(_words("modals", "governors", "unaddressed", "ending")), True),
    Key("support_verbs", TEXTS, True),
    Key("encounter_support", mapping_of(Schema("encounter support", (
        Key("verbs", TEXTS, required=True), Key("roots", CODES, required=True)))), True),
    Key("absorbing_roots", CODES, True),
), glob="modality.yaml", shape="mapping")

WRAPPERS = Schema("wrapper verbs", (
    Key("wrappers", list_of(Schema("wrapper", (
        Key("verb", TEXT, required=True),
        Key("control", TEXT, required=True),
        Key("embedded", TEXT, required=True),
        Key("code_embedded", FLAG, required=True),
        Key("event", CODE),
        Key("note", TEXT),
    ))), True),
    Key("nouns", TEXTS, True),
    Key("specialise", mapping_of(Schema("specialisation", (
        Key("intent_extra", CODE_MAP, True),
        Key("intent_families", CODES, True),
        Key("threat_families", CODES, True),
        Key("accuse", CODE_MAP, True),
    ))), True),
), glob="wrappers.yaml", shape="mapping")

SPEECH = Schema("speech words", (
    Key("verbs", TEXTS, True),
    Key("evaluative", mapping_of(_words("frames", "negative", "positive", "optimistic", "pessimistic")), True),
), glob="speech.yaml", shape="mapping")

REGISTER = Schema("registers", (
    Key("political", TEXTS, True),
    Key("commercial", TEXTS, True),
    Key("counterparts", TEXTS, True),
    Key("person_objects", TEXTS, True),
    Key("people", TEXTS, True),
    Key("proposal_clauses", TEXTS, True),
    Key("fact_clauses", TEXTS, True),
    Key("intransitive", TEXTS, True),
    Key("thing_objects", TEXTS, True),
    Key("things", TEXTS, True),
    Key("state_passives", TEXTS, True),
    Key("mishap_acts", TEXTS, True),
    Key("mishaps", TEXTS, True),
    Key("theatres", TEXTS, True),
    Key("no_act_verbs", TEXTS, True),
    Key("aim_verbs", TEXTS, True),
    Key("harms", TEXTS, True),
    Key("sport", TEXTS, True),
    Key("entertainment", TEXTS, True),
), glob="register.yaml", shape="mapping")

PLOVER = Schema("PLOVER event types", (Key("TYPE", QUAD),), glob="plover.yaml", shape="pairs")

CAMEO = Schema("CAMEO code", (
    Key("code", TSV_CODE, True),
    Key("root", TSV_CODE, True),
    Key("name", TSV_TEXT, True),
    Key("goldstein", TSV_NUMBER, True),
    Key("quad_class", TSV_QUAD, True),
    Key("plover", TSV_OPTIONAL, True),
    Key("plover_mode", TSV_OPTIONAL, True),
), glob="cameo.tsv", shape="table")

ALL: tuple[Schema, ...] = (COUNTRY, PEOPLES, PLACE, IGO, ORGANISATION, COMPANY, SECTOR_WORD, PERSON, LEXICON_ENTRY,
                           LEXICON_IMPORTED, THEME, MODALITY, WRAPPERS, SPEECH, REGISTER, PLOVER, CAMEO)


def schema_for(relpath: str) -> Schema | None:
    """The schema of the file at ``relpath`` under a data folder ("actors/people/core.yaml"); None if no kind of
    data file lives there."""
    return next((s for s in ALL if s.matches(relpath)), None)


def files_of(schema: Schema) -> str:
    """The files of a kind as the documentation heads its section: "actors/countries*.yaml"."""
    return f"{schema.folder}/{schema.glob}" if schema.folder else schema.glob

