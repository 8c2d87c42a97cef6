"""Reading the Phoenix (PETRARCH2 / TABARI) actor and agent dictionaries: the source format, nothing more.

The dictionaries (``../shared/reference/petrarch2``, MIT) are imported into tidings' own data files at build time
by ``tidings.actors.phoenix``; this module only turns their lines into records with the file and line of every
name and code, so that each imported entry can say where it came from. The format, as the files write it:

- an entry starts with a name at the start of a line (``HAMID_KARZAI_``), words joined by ``_``, a trailing ``_``
  meaning the phrase ends there; ``+NAME`` lines under it are synonyms;
- codes are in brackets, on the name's line or on indented lines below it: ``[AFGGOV]`` (undated: the fallback),
  ``[CHNGOV >080401]`` (from a date on), ``[USRARM <900823]`` (until a date), ``[AFGGOV 950101-960626]`` (a
  span); dates are ``YYMMDD`` (years below 30 are 20YY) or ``YYYYMMDD``; ``[---]`` is "no actor";
- heads written one under another, with no code and no blank line between them, share the codes that follow;
- ``#`` starts a comment; the agents file also has plural forms in braces (``{CHAMBERS_OF_COMMERCE}``) and
  substitution sets (``!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON``) used inside names.

The files are mostly UTF-8 with Latin-1 bytes in places: each line is decoded as UTF-8, else as Latin-1, so no
line is lost and no byte stops the import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

CODE = re.compile(r"\[([^\]]*)\]")
PLURAL = re.compile(r"\{([^}]*)\}")
SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
PIVOT = 30  # a two-digit year below this is 20YY, else 19YY ("320101" is 1932, "070723" is 2007)


@dataclass(frozen=True)
class Code:
    """One bracketed code as written (``[AFGGOV 950101-960626]``), with its dates; ``error`` says why the dates
    could not be read (the code is then not usable)."""

    code: str
    start: dt.date | None
    end: dt.date | None
    text: str
    line: int
    error: str | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class Record:
    """One dictionary entry: its head name, its synonyms (each with its line) and its codes, in file order."""

    file: str
    line: int
    name: str
    synonyms: tuple[tuple[str, int], ...]
    codes: tuple[Code, ...]
    plurals: tuple[str, ...] = ()
    note: str = ""  # the comment on the head's line ("CountryInfo.txt": a person from that file's leader lists)


def decode_lines(data: bytes) -> list[str]:
    """The file's lines, each decoded as UTF-8 or, failing that, as Latin-1 (every byte is a Latin-1 character)."""
    out = []
    for raw in data.split(b"\n"):
        try:
            out.append(raw.decode("utf-8").rstrip("\r"))
        except UnicodeDecodeError:
            out.append(raw.decode("latin-1").rstrip("\r"))
    return out


def parse_day(text: str) -> dt.date:
    """``YYMMDD`` or ``YYYYMMDD`` as a date; ValueError otherwise."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"not YYMMDD or YYYYMMDD: {text!r}")
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy < PIVOT else 1900 + yy}{text[2:]}"
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def parse_code(inner: str, line: int) -> Code:
    """The inside of one bracketed code."""
    text = f"[{inner.strip()}]"
    parts = inner.split()
    if not parts:
        return Code("", None, None, text, line, "empty code")
    code, rest = parts[0], "".join(parts[1:])
    start = end = None
    try:
        if rest.startswith(">"):
            start = parse_day(rest[1:])
        elif rest.startswith("<"):
            end = parse_day(rest[1:])
        elif "-" in rest:
            a, b = rest.split("-", 1)
            start, end = parse_day(a), parse_day(b)
        elif rest:
            raise ValueError(f"unreadable date restriction {rest!r}")
    except ValueError as exc:
        return Code(code, None, None, text, line, str(exc))
    return Code(code, start, end, text, line)


def read_dictionary(path: Path) -> tuple[list[Record], dict[str, list[str]]]:
    """The records of one dictionary file, and its substitution sets (``!PERSON!`` -> its words)."""
    return parse_dictionary(path.name, path.read_bytes())


def parse_dictionary(name: str, data: bytes) -> tuple[list[Record], dict[str, list[str]]]:
    """The records of a dictionary given as bytes (``name`` is the file name provenance will cite)."""
    records: list[Record] = []
    sets: dict[str, list[str]] = {}
    head: tuple[str, int] | None = None
    note = ""
    gap = False  # a blank line since the current head
    synonyms: list[tuple[str, int]] = []
    codes: list[Code] = []
    plurals: list[str] = []

    def close() -> None:
        if head is not None:
            records.append(Record(name, head[1], head[0], tuple(synonyms), tuple(codes), tuple(plurals), note))

    for n, line in enumerate(decode_lines(data), 1):
        body = line.split("#", 1)[0]
        if not body.strip():
            gap = gap or not line.strip()
            continue
        sub = SUBSTITUTION.match(body.strip())
        if sub:
            sets[sub.group(1)] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        found = [parse_code(m, n) for m in CODE.findall(body)]
        words = PLURAL.sub(" ", CODE.sub(" ", body))
        forms = [p.strip() for p in PLURAL.findall(body) if p.strip()]
        if body[0] in " \t" and not words.strip():
            codes.extend(found)  # an indented line of codes: the current entry's
            continue
        if body.startswith("+"):
            if head is not None:
                synonyms.append((" ".join(words[1:].split()), n))
                codes.extend(found)
            continue
        text = " ".join(words.split())
        if head is not None and not codes and not gap:
            # heads written one under another with no codes between share the codes that follow (a block)
            synonyms.append((text, n))
            codes.extend(found)
            continue
        close()
        head, gap, note = (text, n), False, line.split("#", 1)[1].strip() if "#" in line else ""
        synonyms, codes, plurals = [], list(found), forms
    close()
    return records, sets
