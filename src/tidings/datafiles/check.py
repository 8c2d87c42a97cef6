"""Holding a parsed data file to its schema: unknown keys, missing keys and wrong types, each with file and line.

The loaders call ``read`` and stop at the first problem (a ``DataFileError``: the CLI prints it on one line and
exits with code 4); ``tidings kb`` calls ``check_tree`` to list every problem of every file at once. The test of a
whole file is a walk over its mappings with a set difference and one type test per value: 30-70 ms for all the
packaged files, against the several seconds PyYAML's Python parser used to take to read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from tidings.datafiles.read import DataFile, Location, data_dir, read_tsv, read_yaml
from tidings.datafiles.schema import CODE, CODE_MAP, CODES, TSV_CODE, Schema, Type, files_of, schema_for
from tidings.errors import DataFileError

MAX_PER_FILE = 20  # problems listed per file by ``check_tree``: past that, one file is wrong throughout


@dataclass(frozen=True)
class Problem:
    at: Location
    message: str


def read(path: Path, schema: Schema) -> DataFile:
    """Parse a data file and hold it to ``schema``; the first problem is a ``DataFileError`` with file and line."""
    file = read_tsv(path) if schema.shape == "table" else read_yaml(path)
    found = problems(file.data, schema)
    if found:
        raise DataFileError(f"{file.where(found[0].at)}: {found[0].message}")
    return file


def read_packaged(schema: Schema) -> DataFile:
    """The packaged file of a kind that is one file (``themes.yaml``, ``modality.yaml``, ``plover.yaml``,
    ``cameo.tsv``), read and checked."""
    return read(data_dir() / files_of(schema), schema)


def check_tree(root: Path) -> tuple[list[tuple[DataFile, Schema]], list[str]]:
    """Every data file under ``root`` (a folder laid out like the packaged ``data/``) held to its schema, and
    checked for keys written twice (which loading cannot see): the files that pass, with their schema, and one
    message per problem (file and line first)."""
    files: list[tuple[DataFile, Schema]] = []
    errors: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".tsv") and p.is_file()):
        relpath = path.relative_to(root).as_posix()
        schema = schema_for(relpath)
        if schema is None:
            errors.append(f"{relpath}: no kind of data file has this name or place (see docs/data-files.md)")
            continue
        try:
            file = read_tsv(path) if schema.shape == "table" else read_yaml(path)
        except DataFileError as exc:
            errors.append(str(exc))
            continue
        found = problems(file.data, schema)
        twice = file.duplicate_keys()
        errors += [f"{file.name}:{line}: key {key!r} written twice in one entry (YAML keeps only the last)"
                   for line, key in twice]
        errors += [f"{file.where(p.at)}: {p.message}" for p in found[:MAX_PER_FILE]]
        if len(found) > MAX_PER_FILE:
            errors.append(f"{file.name}: {len(found) - MAX_PER_FILE} more problems")
        if not found and not twice:
            files.append((file, schema))
    return files, errors


def problems(data: Any, schema: Schema) -> list[Problem]:  # noqa: ANN401 - a parsed file: whatever YAML gave
    """Everything in ``data`` (a parsed file) that ``schema`` does not allow, in file order."""
    out: list[Problem] = []
    if schema.shape == "entries":
        if data is None:  # an empty file: no entries
            return out
        if type(data) is not list:
            return [Problem((), f"expected a list of entries (each a {schema.title}), got {describe(data)}")]
        for i, entry in enumerate(data):
            _check_mapping(entry, schema, (i,), out)
    elif schema.shape == "mapping":
        _check_mapping(data, schema, (), out)
    elif schema.shape == "pairs":
        if type(data) is not dict:
            return [Problem((), f"expected a mapping of names to values, got {describe(data)}")]
        kind = schema.keys[0].type
        for name, value in data.items():
            if type(name) is not str:
                out.append(Problem((), f"{name!r}: names must be text, got {describe(name)}"))
            elif not kind.test(value):
                out.append(Problem((name,), f"{name}: expected {kind.name}, got {describe(value)}"))
    else:
        _check_table(data, schema, out)
    return out


def _check_mapping(value: Any, schema: Schema, at: Location, out: list[Problem]) -> None:  # noqa: ANN401
    if type(value) is not dict:
        out.append(Problem(at, f"expected a mapping (a {schema.title}), got {describe(value)}"))
        return
    names = schema.names
    if not names.issuperset(value):
        for key in value:
            if key not in names:
                out.append(Problem((*at, key), f"unknown key {key!r}{_did_you_mean(key, names)}"))
    for key in schema.required:
        if key not in value:
            out.append(Problem(at, f"missing key {key!r} (every {schema.title} needs it)"))
    if schema.one_of and sum(key in value for key in schema.one_of) != 1:
        keys = " or ".join(repr(k) for k in schema.one_of)
        out.append(Problem(at, f"a {schema.title} needs exactly one of {keys}"))
    types = schema.types
    for key, v in value.items():
        kind = types.get(key)
        if kind is None:
            continue
        if not kind.test(v):
            out.append(Problem((*at, key), f"{key}: expected {kind.name}, got {describe(v)}{_hint(kind, v)}"))
        elif kind.fields is not None:
            if type(v) is list:
                for j, item in enumerate(v):
                    _check_mapping(item, kind.fields, (*at, key, j), out)
            else:
                _check_mapping(v, kind.fields, (*at, key), out)


def _check_table(rows: list[dict[str | None, Any]], schema: Schema, out: list[Problem]) -> None:
    if not rows:
        out.append(Problem((), "no rows under the header"))
        return
    columns = [c for c in rows[0] if c is not None]
    for c in columns:
        if c not in schema.names:
            out.append(Problem((), f"unknown column {c!r}{_did_you_mean(c, schema.names)}"))
    for c in schema.required:
        if c not in columns:
            out.append(Problem((), f"missing column {c!r}"))
    types = schema.types
    for i, row in enumerate(rows):
        if None in row:
            out.append(Problem((i,), f"{len(columns) + len(row[None])} fields, the header has {len(columns)}"))
        for c, v in row.items():
            kind = types.get(c) if c is not None else None
            if kind is None:
                continue
            if v is None:
                out.append(Problem((i,), f"no value for column {c!r}"))
            elif not kind.test(v):
                out.append(Problem((i,), f"{c}: expected {kind.name}, got {describe(v)}"))


def _did_you_mean(key: Any, names: frozenset[str]) -> str:  # noqa: ANN401 - a key as YAML read it
    close = get_close_matches(str(key), sorted(names), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _hint(kind: Type, value: Any) -> str:  # noqa: ANN401 - a value as YAML read it
    """How to write a CAMEO code that YAML read as a number."""
    if kind in (CODE, CODES, CODE_MAP, TSV_CODE) and not isinstance(value, str):
        return ' (write CAMEO codes in quotes, "043": unquoted, YAML reads them as numbers)'
    return ""


def describe(value: Any) -> str:  # noqa: ANN401
    """A value as an error message names it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}" if value else "an empty text"
    if isinstance(value, dt.date):
        return f"the date {value}"
    if isinstance(value, list):
        bad = next((v for v in value if not isinstance(v, str)), None)
        return f"a list holding {describe(bad)}" if bad is not None or None in value else "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
