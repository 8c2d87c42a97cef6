"""JSON Lines and JSON arrays of articles ``{id?, url?, title?, date, source?, text}``.

Both are read record by record, so that one bad record - mis-encoded, malformed, nested deeper than the parser
goes, a number Python will not convert - is that record's reject and the file goes on. Lines are read with a
length limit and an array is parsed item by item: neither an endless line nor a bad item stops the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tidings.errors import first_line
from tidings.models import Item, Reject
from tidings.readers.records import ReadOptions, make_item, open_input, record_failed, whole_file_limit


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    """JSON Lines ``{id?, url?, title?, date, source?, text}``, or a .json file holding one array of them.

    Lines are read as bytes and decoded one by one, so one mis-encoded line rejects that line, not the file; a line
    nested too deeply for the parser, or failing in any other way, is that line's reject too.
    """
    with open_input(path) as fh:
        first = fh.read(4096).lstrip()
    if first.startswith(b"["):
        yield from read_json_array(path, opts)
    else:
        yield from _read_lines(path, opts)


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[bytes, bool]]:
    """Lines of at most ``limit`` bytes, each with whether it was longer (its rest is skipped, never held): a
    "JSON Lines" file that is one endless line (a dump with no newline) must not fill memory."""
    while raw := fh.readline(limit):
        whole = raw.endswith(b"\n") or len(raw) < limit
        if not whole:
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield raw, whole


def _read_lines(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    name = str(path)
    # an article's text may be max_bytes of UTF-8, and a \uXXXX escape takes 6 bytes for 1 to 3 of them
    limit = 6 * opts.max_bytes + (1 << 20)
    with open_input(path) as fh:
        for n, (raw, whole) in enumerate(_lines(fh, limit), start=1):
            if not raw.strip():
                continue
            loc = f"line {n}"
            if not whole:
                yield Reject(name, loc, f"{name} {loc} is longer than {limit:,} bytes, too long for one article "
                                        f"(--max-bytes {opts.max_bytes:,})")
                continue
            try:
                line = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                yield Reject(name, loc, f"{name} {loc} is not valid UTF-8 (byte 0x{raw[exc.start]:02x})")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Reject(name, loc, f"{name} {loc} is not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            except Exception as exc:  # noqa: BLE001 - RecursionError on deep nesting, and anything else: this line's
                yield record_failed(name, loc, exc)
                continue
            yield _guarded_record(record, name, loc, opts)


_WS = re.compile(r"[ \t\n\r]*")
# strings (escapes included) and brackets: enough to find where a value too deep to parse ends
_BARE = re.compile(r"[^,\]\s]*")
_SKIP_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def read_json_array(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    """A JSON array of article objects, parsed one item at a time so that a bad item costs only itself.

    An item nested too deeply for the parser is rejected and skipped; at a syntax error the items before it are
    kept and the rest of the file is one reject (past it nothing can be trusted). The array is read whole, so a
    file over ``whole_file_limit`` is one reject. A file whose first line is a
    whole value with more lines after it is JSON Lines whose first record happens to start with "[".
    """
    name = str(path)
    limit = whole_file_limit(opts)
    try:
        with open_input(path) as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            yield Reject(name, "", f"{name} is a JSON array of over {limit / 1e6:,.0f} MB, read whole: too large "
                                   f"(write it as JSON Lines, one article a line, or raise --max-bytes)")
            return
        doc = data.decode("utf-8-sig")
        del data
    except UnicodeDecodeError as exc:
        yield Reject(name, "", f"{name} is not a valid JSON array ({first_line(exc)})")
        return
    pos = _WS.match(doc).end()
    if _first_line_is_a_record(doc, pos):
        yield from _read_lines(path, opts)
        return
    decoder = json.JSONDecoder()
    pos = _WS.match(doc, pos + 1).end()
    n = 0
    while not doc.startswith("]", pos):
        n += 1
        loc = f"item {n}"
        try:
            record, end = decoder.raw_decode(doc, pos)
        except json.JSONDecodeError as exc:
            yield Reject(name, loc, f"{name} {loc} is not valid JSON ({exc.msg} at line {exc.lineno} column "
                                    f"{exc.colno}); the rest of the file is not read")
            return
        except (RecursionError, ValueError) as exc:  # too deep; an integer of more digits than Python converts
            yield record_failed(name, loc, exc)
            end = _skip_value(doc, pos)
        else:
            yield _guarded_record(record, name, loc, opts)
        pos = _WS.match(doc, end).end()
        if doc.startswith(",", pos):
            pos = _WS.match(doc, pos + 1).end()
        elif not doc.startswith("]", pos):
            what = "the file ends" if pos >= len(doc) else "expected , or ]"
            yield Reject(name, "", f"{name} is not a valid JSON array ({what} after {loc})")
            return
    if doc[pos + 1:].strip():
        yield Reject(name, "", f"{name} is not a valid JSON array (more data after its closing ])")


def _first_line_is_a_record(doc: str, pos: int) -> bool:
    nl = doc.find("\n", pos)
    if nl == -1 or not doc[nl:].strip():
        return False
    try:
        json.loads(doc[pos:nl])
    except json.JSONDecodeError:
        return False
    except RecursionError:
        return True
    return True


def _skip_value(doc: str, pos: int) -> int:
    """Where the array or object starting at ``pos`` ends (brackets counted outside strings); the end of ``doc`` if
    it never closes. Used only after the parser gave up on a value, so plain Python speed is fine."""
    if not doc.startswith(("[", "{"), pos):  # a bare value: a number, say
        return _BARE.match(doc, pos).end()
    depth = 0
    for m in _SKIP_TOKENS.finditer(doc, pos):
        tok = m.group()
        if tok in "[{":
            depth += 1
        elif tok in "]}":
            depth -= 1
            if depth == 0:
                return m.end()
    return len(doc)


def _guarded_record(record: object, name: str, loc: str, opts: ReadOptions) -> Item | Reject:
    try:
        return _json_record(record, name, loc, opts)
    except Exception as exc:  # noqa: BLE001 - one record's failure (a date library's, say) is its own reject
        return record_failed(name, loc, exc)


def _json_record(record: object, name: str, loc: str, opts: ReadOptions) -> Item | Reject:
    if not isinstance(record, dict):
        return Reject(name, loc, f"{name} {loc} is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        return Reject(name, loc, f'{name} {loc} has no "text" string')
    return make_item(text, path=name, locator=loc, date=record.get("date"), title=record.get("title"),
                     url=record.get("url"), source=record.get("source"), doc_id=record.get("id"),
                     default_date=opts.default_date, max_bytes=opts.max_bytes)
