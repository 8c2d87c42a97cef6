"""Turn paths into a stream of Items and Rejects: plain text (with optional front matter), JSON Lines, and by
delegation to ``web`` HTML, RSS/Atom and WARC.

Readers never raise for a bad record: each one becomes a ``Reject`` with a one-line reason and the stream goes
on, because one broken line in a million-article dump must not stop an overnight ingest. Folders are walked
recursively in sorted order so that a rerun meets the articles in the same order (resume and dedup rely on it).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from tidings.errors import InputError, first_line
from tidings.models import Item, Reject
from tidings.readers.records import ReadOptions, make_item
from tidings.readers.validate import decode_article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc", ".arc"}
SUPPORTED = "txt, md, jsonl, json, html, rss, atom, xml, warc (also .gz)"




def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Reject]:
    """Files under the given paths, recursively and sorted; hidden files and folders (.git, .DS_Store) skipped."""
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            yield Reject(str(p), "", f"{p}: no such file or folder")
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield f
        else:
            yield p


def iter_records(paths: Iterable[str | Path], opts: ReadOptions | None = None) -> Iterator[Item | Reject]:
    """Every article (or reject) under ``paths``, in a deterministic order."""
    opts = opts or ReadOptions()
    for f in iter_files(paths):
        if isinstance(f, Reject):
            yield f
            continue
        try:
            yield from read_file(f, opts)
        except OSError as exc:
            yield Reject(str(f), "", f"{f}: cannot read ({exc.strerror or exc})")


def sniff_kind(path: Path, head: bytes) -> str:
    """The reader for a file: by suffix first, then by its first bytes (crawls and dumps lose their suffixes)."""
    suffixes = [s.lower() for s in path.suffixes]
    last = suffixes[-1] if suffixes else ""
    if last == ".gz" and len(suffixes) >= 2:
        last = suffixes[-2]
        if last in WARC_SUFFIXES:
            return "warc"
        return {**dict.fromkeys(TEXT_SUFFIXES, "text"), **dict.fromkeys(JSONL_SUFFIXES, "jsonl")}.get(last, "gzip")
    for kind, group in (("text", TEXT_SUFFIXES), ("jsonl", JSONL_SUFFIXES), ("html", HTML_SUFFIXES),
                        ("feed", FEED_SUFFIXES), ("warc", WARC_SUFFIXES)):
        if last in group:
            return kind
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    if b"\x00" in head[:8192]:
        return "binary"
    start = head.lstrip()[:512].lower()
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and (b"<rss" in start or b"<feed" in start
                                                                      or b"<rdf" in start):
        return "feed"
    if start.startswith(b"<"):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def read_file(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    """Dispatch one file to its reader."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    kind = sniff_kind(path, head)
    name = str(path)
    if kind == "gzip":
        with gzip.open(path, "rb") as fh:
            inner = fh.read(8192)
        if inner.startswith(b"WARC/"):
            kind = "warc"
        else:
            yield Reject(name, "", f"{name}: compressed file of unknown kind; supported: {SUPPORTED}")
            return
    if kind == "binary":
        yield Reject(name, "", f"{name} is a binary file, not an article; supported: {SUPPORTED}")
    elif kind == "text":
        yield read_text(path, opts)
    elif kind == "jsonl":
        yield from read_jsonl(path, opts)
    else:
        from tidings.readers import web

        reader = {"html": web.read_html_file, "feed": web.read_feed, "warc": web.read_warc}[kind]
        yield from reader(path, opts)


def _open(path: Path):  # noqa: ANN202 - a binary file object, plain or gzip
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


def _read_bytes(path: Path, limit: int) -> bytes:
    with _open(path) as fh:
        return fh.read(limit + 1)


def read_text(path: Path, opts: ReadOptions) -> Item | Reject:
    """A plain-text article, optionally opened by YAML front matter (title, date, url, source, id)."""
    name = str(path)
    try:
        text = decode_article(_read_bytes(path, opts.max_bytes), opts.max_bytes, name)
    except InputError as exc:
        return Reject(name, "", str(exc))
    meta: dict = {}
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            try:
                loaded = yaml.safe_load(text[4:end])
            except yaml.YAMLError as exc:
                return Reject(name, "front matter", f"{name}: front matter is not valid YAML ({first_line(exc)})")
            if isinstance(loaded, dict):
                meta = {str(k).lower(): v for k, v in loaded.items()}
                text = text[end + 4:].lstrip("-").lstrip("\n")
    return make_item(text, path=name, locator="", date=meta.get("date"), title=meta.get("title"),
                     url=meta.get("url"), source=meta.get("source"), doc_id=meta.get("id"),
                     default_date=opts.default_date, max_bytes=opts.max_bytes)


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    """JSON Lines ``{id?, url?, title?, date, source?, text}``, or a .json file holding one array of them.

    Lines are read as bytes and decoded one by one, so one mis-encoded line rejects that line, not the file.
    """
    name = str(path)
    with _open(path) as fh:
        first = fh.read(4096).lstrip()
    if first.startswith(b"["):
        yield from _read_json_array(path, opts)
        return
    with _open(path) as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            loc = f"line {n}"
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
            yield _json_record(record, name, loc, opts)


def _read_json_array(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    name = str(path)
    try:
        with _open(path) as fh:
            records = json.loads(fh.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield Reject(name, "", f"{name} is not a valid JSON array ({first_line(exc)})")
        return
    if not isinstance(records, list):
        yield Reject(name, "", f"{name}: expected a JSON array of articles")
        return
    for n, record in enumerate(records, start=1):
        yield _json_record(record, name, f"item {n}", opts)


def _json_record(record: object, name: str, loc: str, opts: ReadOptions) -> Item | Reject:
    if not isinstance(record, dict):
        return Reject(name, loc, f"{name} {loc} is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        return Reject(name, loc, f'{name} {loc} has no "text" string')
    return make_item(text, path=name, locator=loc, date=record.get("date"), title=record.get("title"),
                     url=record.get("url"), source=record.get("source"), doc_id=record.get("id"),
                     default_date=opts.default_date, max_bytes=opts.max_bytes)
