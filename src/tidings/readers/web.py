"""Readers for the web's formats: HTML pages (trafilatura), RSS/Atom feeds (feedparser) and WARC crawls (warcio).

Pages carry navigation, footers and cookie banners; coding those would invent events from menus, so HTML always
goes through trafilatura's boilerplate removal. Feed entries are short HTML fragments, which trafilatura would
discard as too short, so they only have their tags stripped.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

from tidings.errors import InputError, first_line
from tidings.models import Item, Reject
from tidings.readers.records import (
    INFLATION_SLACK,
    MAX_INFLATION,
    ReadOptions,
    make_item,
    record_failed,
    whole_file_limit,
)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str | None:
    """HTML as text: UTF-8, else the charset the page declares; None when neither works (the page is rejected)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            return None
    return None


def html_item(data: bytes, *, path: str, locator: str, opts: ReadOptions, url: str | None = None,
              fallback_date: str | None = None) -> Item | Reject:
    """The article inside one HTML page, with the title, date and site name trafilatura finds in it."""
    import trafilatura

    where = f"{path} {locator}".strip()
    if b"\x00" in data[:8192]:
        return Reject(path, locator, f"{where} is binary, not HTML")
    html = decode_html(data)
    if html is None:
        return Reject(path, locator, f"{where} is not valid UTF-8 and declares no usable charset")
    doc = trafilatura.bare_extraction(html, url=url, favor_recall=True, with_metadata=True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        return Reject(path, locator, f"{where}: no article text found in the HTML (boilerplate only)")
    title = getattr(doc, "title", None)
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title.strip():  # the headline again, with no full stop
        text = "\n".join(lines[1:])
    page_url = url or getattr(doc, "url", None)
    source = getattr(doc, "sitename", None) or (urlparse(page_url).hostname if page_url else None)
    return make_item(text, path=path, locator=locator, date=getattr(doc, "date", None) or fallback_date,
                     title=title, url=page_url, source=source, default_date=opts.default_date,
                     max_bytes=opts.max_bytes, plain=False)  # trafilatura decoded the page: never twice


def read_html_file(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    with path.open("rb") as fh:
        data = fh.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        yield Reject(str(path), "", f"{path} is larger than {opts.max_bytes / 1e6:.1f} MB")
        return
    yield html_item(data, path=str(path), locator="", opts=opts)


class _TextOnly(HTMLParser):
    """Tag stripper for feed fragments: block tags become line breaks so sentences do not run together."""

    BLOCKS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def strip_tags(fragment: str) -> str:
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return parser.text()


def read_feed(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    """Each RSS/Atom entry is an article: its full content if the feed carries it, else its summary."""
    import feedparser

    name = str(path)
    limit = whole_file_limit(opts)
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        yield Reject(name, "", f"{name} is a feed of over {limit / 1e6:,.0f} MB, read whole: too large "
                               "(split it, or raise --max-bytes)")
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = first_line(feed.bozo_exception) if feed.get("bozo") else "no entries"
        yield Reject(name, "", f"{name} is not a readable RSS/Atom feed ({reason})")
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, start=1):
        try:
            yield _feed_item(entry, name, f"entry {n}", outlet, opts)
        except Exception as exc:  # noqa: BLE001 - one odd entry is its own reject, the feed's others still count
            yield record_failed(name, f"entry {n}", exc)


def _feed_item(entry: dict, name: str, loc: str, outlet: object, opts: ReadOptions) -> Item | Reject:
    body = entry.get("content")[0].get("value") if entry.get("content") else entry.get("summary", "")
    text = strip_tags(body or "")
    date = entry.get("published_parsed") or entry.get("updated_parsed")
    if date is None:
        date = entry.get("published") or entry.get("updated")  # present but unparsed: parse_when decides
    return make_item(text, path=name, locator=loc, date=date, title=entry.get("title"), url=entry.get("link"),
                     source=outlet, doc_id=entry.get("id"), default_date=opts.default_date,
                     max_bytes=opts.max_bytes, plain=False)  # strip_tags decoded the fragment: never twice


def read_warc(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    """HTML responses in a WARC (plain or gzipped, e.g. CC-NEWS); other records are requests, metadata or media.

    The page's own publication date wins over WARC-Date, which is only when the crawler fetched it.

    A crawl cut short (a copy or download that stopped) must not store half a page as if it were the article:
    each record's block is read to its Content-Length before anything of it is used, and a record the file ends
    inside is a reject naming its WARC offset. warcio ends quietly when the cut falls in a record's headers and
    raises odd errors on a few bytes of one, so both cases are checked here. Records before the cut are kept.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    head = _warc_head(path)
    if head and not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        # warcio reads any text as ARC records (a line of five words is an ARC header): refuse what is not a crawl
        yield Reject(name, "", f"{name} is not a WARC file (it does not start with 'WARC/'); supported: WARC and ARC")
        return
    with path.open("rb") as fh:
        counted = _Counted(fh)
        archive = ArchiveIterator(counted)
        counted.reader = archive.reader
        records = iter(archive)
        n = 0
        while True:
            n += 1
            try:
                with _quiet():
                    record = next(records)
            except StopIteration:
                break
            except InputError as exc:  # a gzip bomb: _Counted stopped it
                yield Reject(name, f"record {n}", f"{name} record {n} at WARC offset {archive.offset}: {exc}")
                return
            except ArchiveLoadFailed as exc:
                start = archive.offset
                if _cut_in_headers(archive, fh, start):
                    yield Reject(name, f"record {n}", f"{name} record {n} at WARC offset {start} {_CUT_HEADERS}")
                    return
                where = "" if n == 1 else f" at record {n} (WARC offset {start})"
                yield Reject(name, "" if n == 1 else f"record {n}",
                             f"{name} is not a readable WARC file{where} ({first_line(exc)})")
                return
            except Exception as exc:  # noqa: BLE001 - warcio on a record it cannot parse (AttributeError on a stub)
                start = archive.offset  # warcio moves it to a record's start once the one before is read
                what = (_CUT_HEADERS if _cut_in_headers(archive, fh, start)
                        else f"cannot be parsed ({type(exc).__name__}: {first_line(exc)})")
                yield Reject(name, f"record {n}", f"{name} record {n} at WARC offset {start} {what}")
                return
            start = archive.offset
            if not _whole_headers(record):  # without a length, where the next record starts is unknown
                what = (_CUT_HEADERS if _cut_in_headers(archive, fh, start) else
                        "has no WARC-Type or valid Content-Length header; the rest of the file is not read")
                yield Reject(name, f"record {n}", f"{name} record {n} at WARC offset {start} {what}")
                return
            url = record.rec_headers.get_header("WARC-Target-URI")
            loc = f"record {n} ({url})" if url else f"record {n}"
            try:
                with _quiet():
                    out = _warc_record(record, name, loc, start, url, opts)
            except Exception as exc:  # noqa: BLE001 - one record's failure is its reject; warcio skips to the next
                out = record_failed(name, loc, exc)
            if out is not None:
                yield out
        end = archive.offset
        fh.seek(end)
        if fh.read(1 << 16).strip():  # warcio stopped before the end of the file: a record cut in its headers
            yield Reject(name, f"record {n}", f"{name} record {n} at WARC offset {end} {_CUT_HEADERS}")


class _Counted:
    """The crawl as warcio reads it, with the bytes read counted: warcio inflates each gzip member itself, so the
    bound ``open_input`` puts on other .gz files is checked here, against warcio's count of inflated bytes, before
    each read (a member of gigabytes of header lines took warcio 12 s a GB). Everything else goes to the file."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.compressed = 0
        self.reader: object = None

    def read(self, size: int = -1) -> bytes:
        if getattr(self.reader, "num_read", 0) > MAX_INFLATION * self.compressed + INFLATION_SLACK:
            raise InputError(f"inflates to over {MAX_INFLATION} times its compressed size (a gzip bomb?); the rest "
                             "of the file is not read")
        data = self.fh.read(size)
        self.compressed += len(data)
        return data

    def __getattr__(self, name: str) -> object:
        return getattr(self.fh, name)


def _warc_head(path: Path) -> bytes:
    """The first bytes of a crawl, inflated when it is gzipped (b"" for an empty file or a gzip that is not one)."""
    import zlib

    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"\x1f\x8b"):
        try:
            return zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return b""
    return head


def _quiet() -> contextlib.AbstractContextManager:
    """Around warcio's calls only (never across a ``yield``): warcio writes its warnings ("perhaps Content-Length is
    invalid", a gzip member it cannot inflate) straight to ``sys.stderr``, once per bad line, which would drown an
    ingest's own one-line messages; what they say reaches the user as the record's reject."""
    return contextlib.redirect_stderr(io.StringIO())


_CUT_HEADERS = "is truncated (the file ends inside its headers)"


def _whole_headers(record: object) -> bool:
    """A type and a Content-Length a block can be read by: warcio takes the end of the file for the end of the
    headers, so a cut inside them shows as a missing type or a missing, empty or cut length."""
    if record.rec_type is None or record.length is None:
        return False
    if record.format != "warc":
        return True
    value = record.rec_headers.get_header("Content-Length") or ""
    return value.strip().isdigit()


def _cut_in_headers(archive: object, fh: BinaryIO, start: int) -> bool:
    """Whether the file ends inside the headers of the record at ``start``, rather than holding a malformed one:
    its gzip member never ends, or (uncompressed) what is left starts as a record does and has no blank line."""
    decompressor = getattr(getattr(archive, "reader", None), "decompressor", None)
    if decompressor is not None:
        return not getattr(decompressor, "eof", True)
    here = fh.tell()
    fh.seek(start)
    rest = fh.read(1 << 20)
    fh.seek(here)  # warcio may read on
    return b"WARC/".startswith(rest[:5]) and b"\r\n\r\n" not in rest and b"\n\n" not in rest


def _warc_record(record: object, name: str, loc: str, start: int, url: str | None,
                 opts: ReadOptions) -> Item | Reject | None:
    """One record's article, reject or nothing (requests, metadata): its block read in full first, so that a
    record the file ends inside is a reject and never half an article."""
    ctype = ""
    status = None
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        ctype = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type in ("response", "resource"):
        ctype = record.rec_headers.get_header("Content-Type") or ""
    article = record.rec_type in ("response", "resource") and not (status and not status.startswith("2"))
    data = record.content_stream().read(opts.max_bytes + 1) if article else b""
    missing = _unread(record)
    if missing:
        return Reject(name, loc, f"{name} {loc} is truncated: the file ends {missing} bytes before the end of the "
                                 f"record at WARC offset {start}")
    if record.rec_type not in ("response", "resource"):
        return None
    if not article:
        return Reject(name, loc, f"{name} {loc}: HTTP status {status}, not a page")
    kind = ctype.split(";")[0].strip().lower()
    if len(data) > opts.max_bytes:
        return Reject(name, loc, f"{name} {loc} is larger than {opts.max_bytes / 1e6:.1f} MB")
    if "html" in kind:
        return html_item(data, path=name, locator=loc, opts=opts, url=url,
                         fallback_date=record.rec_headers.get_header("WARC-Date"))
    if kind == "text/plain":
        host = urlparse(url).hostname if url else None
        return make_item(data.decode("utf-8", "surrogateescape"), path=name, locator=loc, url=url, source=host,
                         date=record.rec_headers.get_header("WARC-Date"), default_date=opts.default_date,
                         max_bytes=opts.max_bytes)
    return Reject(name, loc, f"{name} {loc} is {kind or 'untyped'}, not HTML")


def _unread(record: object) -> int:
    """Bytes of the record's block the file does not have: 0 for a whole record. The block is read to its end
    (warcio would read it too, to reach the next record), and its reader counts down from Content-Length."""
    from warcio.limitreader import LimitReader

    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return raw.limit if isinstance(raw, LimitReader) else 0
