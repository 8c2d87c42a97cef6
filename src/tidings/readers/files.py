"""Turn paths into a stream of Items and Rejects: plain text (with optional front matter), and by delegation
JSON Lines and arrays (``jsonl``), HTML, RSS/Atom and WARC (``web``).

Readers never raise for a bad record: each one becomes a ``Reject`` with a one-line reason and the stream goes
on, because one broken line in a million-article dump must not stop an overnight ingest. Folders are walked
recursively in sorted order so that a rerun meets the articles in the same order (resume and dedup rely on it).
"""

from __future__ import annotations

import dataclasses
import errno
import gzip
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from tidings.errors import InputError, first_line
from tidings.models import Item, Reject
from tidings.readers.jsonl import read_jsonl
from tidings.readers.records import ReadOptions, clean_reject, make_item, open_input, record_failed, utf8_path
from tidings.readers.validate import decode_article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc", ".arc"}
SUPPORTED = "txt, md, jsonl, json, html, rss, atom, xml, warc (also .gz)"
FRONT_MATTER_CHARS = 65_536
_MISSING = {errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP}  # what Path.exists calls "not there"


def is_missing(path: Path) -> bool:
    """True when nothing is at ``path`` (as ``Path.exists`` says), False for anything there, even unreadable.

    ``Path.exists`` raises PermissionError for a path inside a folder the user may not enter; that path is not
    missing, it is unreadable, and the reader turns it into a reject instead of refusing the run.
    """
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno in _MISSING
    return False


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Reject]:
    """Files under the given paths, recursively and sorted; hidden files and folders (.git, .DS_Store) skipped.

    Only regular files are ever opened: a named pipe, socket or device (named directly or met in a folder) would
    block the run forever or feed it without end, so it is a reject, as is a file or folder that cannot be read.
    """
    for raw in paths:
        p = Path(raw)
        try:
            mode = p.stat().st_mode
        except OSError as exc:
            reason = "no such file or folder" if exc.errno in _MISSING else f"cannot read ({exc.strerror or exc})"
            yield Reject(str(p), "", f"{p}: {reason}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(p)
        else:
            yield p if stat.S_ISREG(mode) else _not_regular(p, mode)


def _walk(root: Path) -> Iterator[Path | Reject]:
    """Depth first with each folder's entries sorted by name: the order ``sorted(root.rglob("*"))`` gives, without
    its silence on unreadable folders and its recursion. Symbolic links to folders are not followed (no loops)."""
    stack: list[Iterator[os.DirEntry[str]]] = []
    folder: Path | None = root
    while True:
        if folder is not None:
            try:
                with os.scandir(folder) as it:
                    entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
            except OSError as exc:
                yield Reject(str(folder), "", f"{folder}: cannot read folder ({exc.strerror or exc})")
                entries = []
            stack.append(iter(entries))
            folder = None
        entry = next(stack[-1], None) if stack else None
        if entry is None:
            if not stack:
                return
            stack.pop()
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                folder = path
                continue
            mode = os.stat(path).st_mode
        except OSError as exc:
            link = entry.is_symlink() and exc.errno in _MISSING
            what = ("a loop of symbolic links" if link and exc.errno == errno.ELOOP else "broken symbolic link"
                    if link else exc.strerror)
            yield Reject(str(path), "", f"{path}: cannot read ({what})")
            continue
        if stat.S_ISREG(mode):
            yield path
        elif not stat.S_ISDIR(mode):  # a link to a folder is skipped, as rglob did
            yield _not_regular(path, mode)


def special_kind(mode: int) -> str | None:
    """What a path that is neither a regular file nor a folder is ("a named pipe", ...), from its ``st_mode``; None
    for a file or folder. Opening a pipe blocks until someone writes to it: check before any open (the CLI's
    ``code`` can use this too)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")


def _not_regular(path: Path, mode: int) -> Reject:
    return Reject(str(path), "", f"{path} is not a regular file ({special_kind(mode)}); give files or folders of "
                                 "articles")


def iter_records(paths: Iterable[str | Path], opts: ReadOptions | None = None) -> Iterator[Item | Reject]:
    """Every article (or reject) under ``paths``, in a deterministic order.

    One guard per file: whatever a reader raises (a library's bug on odd input, a gzip cut short, nesting too deep
    for the parser) ends that file with a reject at the last record reached, and the stream goes on with the next
    file. Readers guard each record themselves where the format lets them go on past it. A file that gives no
    record at all is a reject too, so that every file given is accounted for in the store.
    """
    opts = opts or ReadOptions()
    for f in iter_files(paths):
        if isinstance(f, Reject):
            yield _utf8_path(clean_reject(f), f.path)
            continue
        yield from (_utf8_path(rec, str(f)) for rec in _read_guarded(f, opts))


def _read_guarded(f: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    last = None
    try:
        for rec in read_file(f, opts):
            last = rec.locator
            yield clean_reject(rec) if isinstance(rec, Reject) else rec
    except OSError as exc:
        yield clean_reject(Reject(str(f), "", f"{f}: cannot read ({exc.strerror or first_line(exc)})"))
    except Exception as exc:  # noqa: BLE001 - the guard: any failure is this file's reject, never the run's
        yield clean_reject(record_failed(str(f), f"after {last}" if last else "", exc))
    else:
        if last is None:  # an empty array, a WARC of 0 bytes or of requests only: say so, never drop it silently
            yield clean_reject(Reject(str(f), "", f"{f} holds no article (no record with text in it)"))


def _utf8_path(rec: Item | Reject, name: str) -> Item | Reject:
    """The record with its path as valid UTF-8 (``utf8_path``), in the reason too (where ``clean_reject`` had
    escaped the surrogates)."""
    safe = utf8_path(name)
    if safe == name:
        return rec
    if isinstance(rec, Item):
        return dataclasses.replace(rec, path=safe)
    escaped = name.encode("unicode_escape").decode("ascii")  # how one_line wrote it into the reason
    return Reject(safe, rec.locator, rec.reason.replace(name, safe).replace(escaped, safe))


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


def _read_bytes(path: Path, limit: int) -> bytes:
    with open_input(path) as fh:
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
        # front matter is a few lines: a closing marker further on is a rule in the text, and PyYAML would take
        # seconds a megabyte to parse what lies between
        end = text.find("\n---", 4, FRONT_MATTER_CHARS)
        if end != -1:
            try:
                loaded = yaml.safe_load(text[4:end])
            except yaml.YAMLError as exc:
                return Reject(name, "front matter", f"{name}: front matter is not valid YAML ({first_line(exc)})")
            except RecursionError:
                return Reject(name, "front matter", f"{name}: front matter is nested too deeply to read")
            if isinstance(loaded, dict):
                meta = {str(k).lower(): v for k, v in loaded.items()}
                text = text[end + 4:].lstrip("-").lstrip("\n")
    return make_item(text, path=name, locator="", date=meta.get("date"), title=meta.get("title"),
                     url=meta.get("url"), source=meta.get("source"), doc_id=meta.get("id"),
                     default_date=opts.default_date, max_bytes=opts.max_bytes)
