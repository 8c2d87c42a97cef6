"""How readers make what they hand to the ingest run: an ``Item`` (an Article plus where it came from) or a
``Reject`` (both defined in ``tidings.models``).

Provenance travels with every article so that a reject, a duplicate or a stored row can always be traced back to
the file and the line, entry or WARC record it came from.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tidings.errors import InputError, first_line
from tidings.models import DATE_RANGE, Article, Item, Reject, text_hash, year_in_range
from tidings.readers.plaintext import plain_article
from tidings.readers.validate import MAX_ARTICLE_BYTES, decode_article

MAX_DATE_CHARS = 200  # the longest written-out date with a weekday and a time zone name is under 80


@dataclass(frozen=True)
class ReadOptions:
    """What every reader needs besides the bytes: the date for undated records and the size limit."""

    default_date: dt.date | None = None
    max_bytes: int = MAX_ARTICLE_BYTES


MAX_INFLATION = 50  # gzip of news text or JSON is 3-10 times smaller; a bomb is ~1,000 times (DEFLATE's limit)
INFLATION_SLACK = 1 << 18  # a small file of repeated bytes (padding, blank lines) may inflate this much anyway
WHOLE_FILE_FACTOR = 20  # a format read whole (a JSON array, a feed) may be this many times --max-bytes


def whole_file_limit(opts: ReadOptions) -> int:
    """The most a reader that must hold a whole file (a JSON array, a feed) reads: 100 MB at the default
    --max-bytes. A larger dump belongs in JSON Lines, which is read a line at a time."""
    return WHOLE_FILE_FACTOR * opts.max_bytes


class _Inflation(io.RawIOBase):
    """A gzip file's inflated bytes, refused once they outgrow the compressed bytes read by ``MAX_INFLATION``
    times (plus ``INFLATION_SLACK``): a small .gz that inflates to gigabytes (a "gzip bomb") is stopped after a quarter
    of a megabyte instead of being inflated whole by a reader that skips through it (a line too long, blank lines),
    and the check costs one comparison per 64 kB block."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.raw = path.open("rb")
        self.gz = gzip.GzipFile(fileobj=self.raw, mode="rb")
        self.path = path
        self.inflated = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self.gz.readinto(memoryview(buffer)[:1 << 16])  # a block at a time: a big read() is checked as it goes
        self.inflated += n
        if self.inflated > MAX_INFLATION * self.raw.tell() + INFLATION_SLACK:
            raise InputError(f"inflates to over {MAX_INFLATION} times its compressed size (a gzip bomb?); "
                             "the rest of the file is not read")
        return n

    def close(self) -> None:
        if not self.closed:
            self.gz.close()
            self.raw.close()
        super().close()


def open_input(path: Path) -> BinaryIO:
    """A file's bytes, decompressed when it is a .gz (with the inflation bounded: ``_Inflation``): every reader of
    line- or record-wise formats opens this way."""
    if path.suffix.lower() != ".gz":
        return path.open("rb")
    return io.BufferedReader(_Inflation(path), buffer_size=1 << 16)  # type: ignore[return-value]


def parse_when(value: object) -> dt.date | None:
    """An article date from what feeds and files carry; ValueError for a value that is present but not a date, or
    a date outside the range tidings keeps (``models.FIRST_DATE``..``LAST_DATE``), whatever form it came in.

    Missing (None, "") is not an error: undated articles are stored, they only stay out of time series.
    ISO dates and datetimes come first, then RFC 2822 (RSS, HTTP, WARC), then dateparser for the rest - with
    day, month and year all required, because "Tuesday" is not a date an article can be filed under. Dates that
    come already parsed (feedparser's struct_time, YAML's date) pass the same range check as text.
    """
    if value is None or value == "":
        return None
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, time.struct_time):
        day = dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    elif not isinstance(value, str):
        raise ValueError(f"date {value!r} is not text")
    elif not (s := value.strip()):
        return None
    elif s[0] in "-+\u2212":  # a signed (negative or expanded) year: dateparser drops the sign, -2026 became 2026
        raise ValueError(f"date {value!r} has a signed year")
    else:
        try:
            day = dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                day = email.utils.parsedate_to_datetime(s).date()
                if any(len(t) == 4 and t.isdigit() and t < "1000" for t in s.replace(",", " ").split()):
                    day = dt.date.min  # RFC 2822 reads a written "0001" as 2001, as if it were "01"
            except (TypeError, ValueError, IndexError):
                import dateparser

                # absolute dates only: "the day after tomorrow" has no meaning for an article with no other date
                parsed = dateparser.parse(s, languages=["en"], settings={
                    "STRICT_PARSING": True, "PARSERS": ["absolute-time", "custom-formats"]})
                day = parsed.date() if parsed else None
    if day is None:
        raise ValueError(f"unparseable date {value!r}")
    if not year_in_range(day.year):
        raise ValueError(f"date {day.isoformat()} is out of range: {DATE_RANGE}")
    return day


def make_item(text: str, *, path: str, locator: str, date: object = None, title: object = None,
              url: object = None, source: object = None, doc_id: object = None,
              default_date: dt.date | None = None, max_bytes: int = MAX_ARTICLE_BYTES,
              plain: bool = True) -> Item | Reject:
    """Check text and metadata the same way for every format; a Reject says what is wrong with the record.

    ``plain``: the text is plain text as it was cut from a page (a text file, a JSON record, a WARC text/plain
    record), so it is normalised (``plaintext.plain_article``: character references, comments and tags, wiki
    quote runs); the stored article and all its spans are that text. HTML and feed readers pass False: their parsers
    have decoded the page already, and a second decoding would change what the page says.
    """
    where = f"{path} {locator}".strip()
    try:
        # surrogatepass: a lone surrogate from a broken JSON escape reaches the gate as invalid UTF-8
        text = decode_article(text.encode("utf-8", "surrogatepass"), max_bytes, where)
        if plain:
            text = plain_article(text, where)
    except InputError as exc:
        return Reject(path, locator, str(exc))
    if isinstance(date, str) and len(date) > MAX_DATE_CHARS:  # dateparser takes minutes on megabytes of it
        return Reject(path, locator, f"{where}: a date of {len(date):,} characters is not a date; use YYYY-MM-DD")
    try:
        day = parse_when(date)
    except ValueError as exc:
        return Reject(path, locator, f"{where}: {exc}; use YYYY-MM-DD")
    h = text_hash(text)
    article = Article(text=text, date=day or default_date, id=h[:16], title=_str(title), url=_str(url),
                      source=_str(source))
    return Item(article=article, text_hash=h, doc_id=_str(doc_id), path=path, locator=locator)


def one_line(text: str) -> str:
    """``text`` as one printable line: whitespace runs (line breaks of every kind included) become a space, other
    unprintable characters (controls, lone surrogates) their escapes. Reasons quote input - a content type, a URL,
    a file name - and a reject list, the TSV report and the store all need exactly one line of valid UTF-8."""
    if text.isprintable():
        return text
    flat = " ".join(text.split())
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in flat)


def utf8_path(name: str) -> str:
    """A path as valid UTF-8: a file name of other bytes ("caf\\xe9.txt" in Latin-1) arrives from the OS as lone
    surrogates, which no store, report or terminal can write; its bytes are shown as \\x escapes."""
    if name.isascii() or name.isprintable():
        return name
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def clean_reject(rec: Reject) -> Reject:
    """The reject with a one-line reason and locator (unchanged, and no copy, when they already are)."""
    if rec.reason.isprintable() and rec.locator.isprintable():
        return rec
    return Reject(rec.path, one_line(rec.locator), one_line(rec.reason) or "unreadable record")


def record_failed(path: str, locator: str, exc: BaseException) -> Reject:
    """The reject for a record (or the rest of a file) a reader could not get through: the guard's one line."""
    where = f"{path} {locator}".strip()
    if isinstance(exc, RecursionError):
        return Reject(path, locator, f"{where} is nested too deeply to read")
    if isinstance(exc, InputError):  # the reader's own reason (a gzip bomb stopped)
        return Reject(path, locator, f"{where}: {exc}")
    if isinstance(exc, EOFError):  # what gzip raises for a file cut short
        return Reject(path, locator, f"{where}: the file is cut short ({first_line(exc)})")
    return Reject(path, locator, f"{where} could not be read ({type(exc).__name__}: {first_line(exc)})")


def _str(value: object) -> str | None:
    """Metadata as clean text (None for a list or mapping): a lone surrogate (from a broken JSON escape) becomes
    U+FFFD, so that the row can still be written as UTF-8; only the article text is strict, because offsets and
    hashes depend on it."""
    if value is None or isinstance(value, (dict, list, tuple, set)):
        # a mapping or list is not a title or URL; and through YAML aliases ("billion laughs" in front matter) a
        # few hundred bytes make a list whose str() is gigabytes
        return None
    s = str(value).strip()
    if s and not s.isascii():
        s = s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return s or None
