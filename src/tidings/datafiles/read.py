"""One reader for every data file: YAML through libyaml, TSV through ``csv``, and the line any value stands on.

libyaml's ``CSafeLoader`` builds exactly the objects PyYAML's pure-Python ``SafeLoader`` builds (the same types,
the same order: ``tests/test_datafiles.py`` compares them on every packaged file) in about a ninth of the time
(0.8 s against 7 s for all the packaged files; the knowledge base alone is some 25,000 lines). Line numbers are not
kept while loading, which would cost on every start: a file keeps its text, and only when something in it is wrong
is the text composed again (also by libyaml) to find the line of the offending value.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tidings.errors import DataFileError

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same objects; the C one only when libyaml is present

Location = tuple[int | str, ...]
"""Where a value sits in a file: the list indices and mapping keys that lead to it from the top."""


def data_dir() -> Path:
    """The packaged data folder (``src/tidings/data``)."""
    return Path(str(resources.files("tidings").joinpath("data")))


def display_name(path: Path) -> str:
    """The name an error gives a file: relative to the packaged data folder ("lexicon/12_reject.yaml"), so that it
    says which of the files of that name is meant; a user's own file as its path was given."""
    try:
        return path.resolve().relative_to(data_dir().resolve()).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class DataFile:
    """A parsed data file: its content, and the way back from a value to the line it was written on.

    ``row_lines`` is set for a TSV file (the line of each row, counted from 1) and a file of one JSON entry per
    line (the line of each entry: ``json_entries``); a YAML file finds lines by
    composing its ``text`` again, once, on the first question."""

    path: Path
    data: Any
    text: str
    row_lines: tuple[int, ...] | None = None
    header_line: int = 1

    @property
    def name(self) -> str:
        return display_name(self.path)

    def line(self, at: Location = ()) -> int:
        """The line (from 1) of the value at ``at``; of a mapping entry, the line of its key. A location that does
        not exist (a missing key) gives the line of the nearest enclosing value that does."""
        if self.row_lines is not None:
            if not at:
                return self.header_line
            row = at[0]
            return self.row_lines[row] if isinstance(row, int) and 0 <= row < len(self.row_lines) else 1
        node = self._node
        if node is None:
            return 1
        line = node.start_mark.line
        for step in at:
            if isinstance(node, yaml.MappingNode):
                hit = next(((k, v) for k, v in node.value if k.value == str(step)), None)
                if hit is None:
                    break
                line, node = hit[0].start_mark.line, hit[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line
            else:
                break
        return line + 1

    def where(self, at: Location = ()) -> str:
        """``file:line`` of the value at ``at``, the prefix of every error about it."""
        return f"{self.name}:{self.line(at)}"

    def duplicate_keys(self) -> list[tuple[int, str]]:
        """(line, key) of every key written twice in one mapping: YAML keeps the last silently, so a second
        ``note:`` or ``object:`` would hide the first. Composing costs about what loading does, so only ``tidings
        kb`` asks, not every load."""
        out: list[tuple[int, str]] = []
        todo = [self._node] if self.row_lines is None and self._node is not None else []
        while todo:
            node = todo.pop()
            if isinstance(node, yaml.MappingNode):
                seen: set[str] = set()
                for k, v in node.value:
                    if k.value in seen:
                        out.append((k.start_mark.line + 1, str(k.value)))
                    seen.add(k.value)
                    todo.append(v)
            elif isinstance(node, yaml.SequenceNode):
                todo += node.value
        return sorted(out)

    @cached_property
    def _node(self) -> yaml.Node | None:
        return yaml.compose(self.text, Loader=LOADER)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"{display_name(path)}: no such file") from exc
    except OSError as exc:
        raise DataFileError(f"{display_name(path)}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{display_name(path)}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def json_entries(text: str) -> tuple[list[Any], tuple[int, ...]] | None:
    """The entries of a YAML file written as one JSON object per line (``- {"id": ...}``: what a generated file
    such as the Phoenix import writes), with the line of each; None for any other file.

    JSON is YAML (a quoted date stays text, as YAML reads it), so the data is what the YAML loader would give, in a
    tenth of the time: libyaml parses in C but builds every value in Python, 15 s for the 60,000 entries of the
    Phoenix import. Any line that is not such an entry (a nested block, a YAML-only value) makes the whole file
    go through the YAML loader."""
    entries, lines = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        if not line.startswith('- {"'):
            return None
        try:
            entries.append(json.loads(line[2:]))
        except ValueError:
            return None
        lines.append(n)
    return (entries, tuple(lines)) if entries else None


def read_yaml(path: Path) -> DataFile:
    """Parse a YAML data file; a syntax error is a ``DataFileError`` naming the file and line."""
    text = read_text(path)
    fast = json_entries(text)
    if fast is not None:
        return DataFile(path, fast[0], text, row_lines=fast[1])
    try:
        data = yaml.load(text, Loader=LOADER)  # noqa: S506 - LOADER is a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(f"{display_name(path)}{line}: not valid YAML: {problem}") from exc
    except ValueError as exc:  # a value that parses but cannot be built: an unquoted 2026-13-01
        line, value = bad_timestamp(text)
        raise DataFileError(f"{display_name(path)}:{line}: not valid YAML: bad date {value!r} ({exc}; "
                            "quote it if it is not a date)") from exc
    return DataFile(path, data, text)


def bad_timestamp(text: str) -> tuple[int, str]:
    """The line (from 1) and text of the first scalar YAML takes for a date but cannot build (month 13): the
    loader's ValueError has no mark, so the text is composed again, only on this error path, to find it."""
    tag = "tag:yaml.org,2002:timestamp"
    todo: list[yaml.Node] = [yaml.compose(text, Loader=LOADER)]
    while todo:
        node = todo.pop(0)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == tag:
                try:
                    LOADER(text).construct_yaml_timestamp(node)
                except ValueError:
                    return node.start_mark.line + 1, str(node.value)
        elif isinstance(node, yaml.SequenceNode):
            todo[:0] = node.value
        elif isinstance(node, yaml.MappingNode):
            todo[:0] = [n for pair in node.value for n in pair]
    return 1, ""


def read_tsv(path: Path) -> DataFile:
    """Parse a tab-separated data file with a header row; lines starting with ``#`` are comments.

    Rows are what ``csv.DictReader`` makes of them: a dict of column name to text, with the fields past the
    header's width under the key None and missing fields None, which the check reports."""
    text = read_text(path)
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    reader = csv.DictReader((line for _, line in numbered), delimiter="\t")
    rows, lines = [], []
    for row in reader:
        rows.append(row)
        lines.append(numbered[reader.line_num - 1][0])
    header = numbered[0][0] if numbered else 1
    return DataFile(path, rows, text, row_lines=tuple(lines), header_line=header)


def parse_date(value: Any) -> dt.date | None:  # noqa: ANN401 - a YAML value of any type
    """A YAML date (unquoted ``2026-01-02``) or an ISO date string; None for null or an empty string. Raises
    ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(value)
