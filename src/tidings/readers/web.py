"""Readers for the web's formats: HTML pages (trafilatura), RSS/Atom feeds (feedparser) and WARC crawls (warcio).

Pages carry navigation, footers and cookie banners; coding those would invent events from menus, so HTML always
goes through trafilatura's boilerplate removal. Feed entries are short HTML fragments, which trafilatura would
discard as too short, so they only have their tags stripped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

from tidings.errors import first_line
from tidings.models import Item, Reject
from tidings.readers.records import ReadOptions, make_item

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
                     max_bytes=opts.max_bytes)


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
    data = path.read_bytes()
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = first_line(feed.bozo_exception) if feed.get("bozo") else "no entries"
        yield Reject(name, "", f"{name} is not a readable RSS/Atom feed ({reason})")
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, start=1):
        loc = f"entry {n}"
        body = entry.get("content")[0].get("value") if entry.get("content") else entry.get("summary", "")
        text = strip_tags(body or "")
        date = entry.get("published_parsed") or entry.get("updated_parsed")
        if date is None:
            date = entry.get("published") or entry.get("updated")  # present but unparsed: parse_when decides
        yield make_item(text, path=name, locator=loc, date=date, title=entry.get("title"), url=entry.get("link"),
                        source=outlet, doc_id=entry.get("id"), default_date=opts.default_date,
                        max_bytes=opts.max_bytes)


def read_warc(path: Path, opts: ReadOptions) -> Iterator[Item | Reject]:
    """HTML responses in a WARC (plain or gzipped, e.g. CC-NEWS); other records are requests, metadata or media.

    The page's own publication date wins over WARC-Date, which is only when the crawler fetched it.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    with path.open("rb") as fh:
        try:
            for n, record in enumerate(ArchiveIterator(fh), start=1):
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                loc = f"record {n} ({url})" if url else f"record {n}"
                if record.rec_type == "response" and record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    if status and not status.startswith("2"):
                        yield Reject(name, loc, f"{name} {loc}: HTTP status {status}, not a page")
                        continue
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                data = record.content_stream().read(opts.max_bytes + 1)
                kind = ctype.split(";")[0].strip().lower()
                if len(data) > opts.max_bytes:
                    yield Reject(name, loc, f"{name} {loc} is larger than {opts.max_bytes / 1e6:.1f} MB")
                elif "html" in kind:
                    yield html_item(data, path=name, locator=loc, opts=opts, url=url,
                                    fallback_date=record.rec_headers.get_header("WARC-Date"))
                elif kind == "text/plain":
                    host = urlparse(url).hostname if url else None
                    yield make_item(data.decode("utf-8", "surrogateescape"), path=name, locator=loc, url=url,
                                    source=host, date=record.rec_headers.get_header("WARC-Date"),
                                    default_date=opts.default_date, max_bytes=opts.max_bytes)
                else:
                    yield Reject(name, loc, f"{name} {loc} is {kind or 'untyped'}, not HTML")
        except ArchiveLoadFailed as exc:
            yield Reject(name, "", f"{name} is not a readable WARC file ({first_line(exc)})")
