"""Issue 18, readers: property-based tests. Whatever bytes or text a file holds, reading it never raises.

For every reader (plain text with and without front matter, JSON Lines, a JSON array, HTML, RSS/Atom, WARC, and
gzip of them) arbitrary bytes, arbitrary unicode (lone surrogates included) and well-formed files carrying
arbitrary values go through ``iter_records``. Every output must be an Item or a Reject; a Reject's reason is one
non-empty line; an Item's text is non-empty, encodable UTF-8 (no lone surrogate), and its date None or within
1800-2200, as the store's date arithmetic needs.

Runs are derandomized (the same examples every run, in CI too) and sized to stay well under a minute.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tidings.models import Item, Reject
from tidings.readers.files import iter_records

PROPS = settings(deadline=None, derandomize=True, database=None, max_examples=150,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(PROPS, max_examples=60)  # the readers that run trafilatura or warcio on each example

SUFFIXES = [".txt", ".md", ".jsonl", ".json", ".html", ".rss", ".atom", ".xml", ".warc", ".bin",
            ".txt.gz", ".jsonl.gz", ".warc.gz", ".gz"]

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)  # lone surrogates included
clean_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=300)
texts = st.one_of(clean_text, clean_text, any_text)  # weighted so that many examples get as far as an Item
good_dates = st.dates(dt.date(1800, 1, 1), dt.date(2200, 12, 31))
any_dates = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))


def date_formats(dates: st.SearchStrategy[dt.date]) -> st.SearchStrategy[str]:
    return st.one_of(
        dates.map(dt.date.isoformat), dates.map(lambda d: f"{d.isoformat()}T10:00:00Z"),
        dates.map(lambda d: f"{d.day} {d:%B} {d.year}"),
        dates.map(lambda d: email.utils.format_datetime(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc))))


date_values = st.one_of(st.none(), date_formats(good_dates), date_formats(good_dates), date_formats(any_dates),
                        any_text, st.integers(), st.floats(), st.booleans())
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | any_text,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
                           max_leaves=8)
records = st.fixed_dictionaries({"text": st.one_of(texts, texts, json_values)}, optional={"date": date_values,
                                              "title": json_values, "url": json_values, "source": json_values,
                                              "id": json_values})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


def check(path: Path) -> list[Item | Reject]:
    """Read ``path``; every output must keep the readers' promises (module docstring)."""
    out = list(iter_records([path]))
    items = sum(isinstance(r, Item) for r in out)
    event(f"items={items} rejects={len(out) - items}")  # how far examples get: --hypothesis-show-statistics
    for rec in out:
        assert isinstance(rec, (Item, Reject)), rec
        if isinstance(rec, Reject):
            assert isinstance(rec.reason, str) and rec.reason.strip(), rec
            assert len(rec.reason.splitlines()) == 1 and "\t" not in rec.reason, rec.reason  # a line of the TSV
            assert len(rec.locator.splitlines()) <= 1 and "\t" not in rec.locator, rec.locator
            rec.reason.encode("utf-8")  # the store and the report write UTF-8
            continue
        art = rec.article
        assert isinstance(art.text, str) and art.text.strip()
        art.text.encode("utf-8")  # raises on a lone surrogate
        for field in (art.title, art.url, art.source, rec.doc_id):
            assert field is None or isinstance(field, str) and field.encode("utf-8")
        assert art.date is None or 1800 <= art.date.year <= 2200, art.date
    return out


def write(folder: Path, suffix: str, data: bytes, gz: bool = False, cut: int | None = None) -> Path:
    if gz:
        data = gzip.compress(data, mtime=0)
        suffix += ".gz"
    if cut is not None:
        data = data[:cut]
    path = folder / f"example{suffix}"
    path.write_bytes(data)
    return path


@PROPS
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(folder, suffix, data):
    check(write(folder, suffix, data))


@PROPS
@given(suffix=st.sampled_from(SUFFIXES), text=any_text, gz=st.booleans())
def test_arbitrary_unicode_never_raises(folder, suffix, text, gz):
    check(write(folder, suffix, text.encode("utf-8", "surrogatepass"), gz=gz))


@PROPS
@given(title=texts, date=date_values, extra=st.none() | any_text, body=texts, gz=st.booleans())
def test_text_with_front_matter(folder, title, date, extra, body, gz):
    lines = [f"title: {json.dumps(title)}", "" if date is None else f"date: {date}", extra or ""]
    doc = "---\n" + "\n".join(lines) + f"\n---\n{body}"
    check(write(folder, ".md", doc.encode("utf-8", "surrogatepass"), gz=gz))


@PROPS
@given(lines=st.lists(st.one_of(st.builds(json.dumps, records, ensure_ascii=st.booleans()),
                                 st.builds(json.dumps, json_values, ensure_ascii=st.booleans()), any_text),
                       max_size=6),
       gz=st.booleans(), cut=st.none() | st.integers(0, 2000))
def test_json_lines(folder, lines, gz, cut):
    doc = "\n".join(lines)
    check(write(folder, ".jsonl", doc.encode("utf-8", "surrogatepass"), gz=gz, cut=cut))


@PROPS
@given(items=st.lists(st.one_of(records, json_values), max_size=6), gz=st.booleans(),
       cut=st.none() | st.integers(0, 2000), depth=st.sampled_from([0, 0, 0, 5000]))
def test_json_array(folder, items, gz, cut, depth):
    doc = json.dumps(items, ensure_ascii=False)
    if depth:  # an item too deep for the parser, among the others
        doc = doc[:1] + "[" * depth + "]" * depth + ("," if items else "") + doc[1:]
    check(write(folder, ".json", doc.encode("utf-8", "surrogatepass"), gz=gz, cut=cut))


@FEW
@given(title=texts, paras=st.lists(texts, max_size=4), date=date_values, charset=st.sampled_from(
    ["utf-8", "latin-1", "nonsense", ""]))
def test_html(folder, title, paras, date, charset):
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    doc = (f'<html><head><meta charset="{charset}"><title>{escape(title)}</title>'
           f'<meta property="article:published_time" content="{escape(str(date))}"></head>'
           f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>")
    check(write(folder, ".html", doc.encode("utf-8", "surrogatepass")))


@PROPS
@given(entries=st.lists(st.tuples(texts, texts, date_values), max_size=4), atom=st.booleans(),
       gz=st.booleans(), cut=st.none() | st.integers(0, 1500))
def test_feeds(folder, entries, atom, gz, cut):
    if atom:
        items = "".join(f"<entry><title>{escape(t)}</title><updated>{escape(str(d))}</updated>"
                        f"<summary>{escape(s)}</summary></entry>" for t, s, d in entries)
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Post</title>{items}</feed>'
    else:
        items = "".join(f"<item><title>{escape(t)}</title><pubDate>{escape(str(d))}</pubDate>"
                        f"<description>{escape(s)}</description></item>" for t, s, d in entries)
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Post</title>{items}</channel></rss>'
    suffix = ".atom" if atom else ".rss"
    if gz:  # a feed has no gzip reader: sniffed and rejected, never raised
        suffix = ".xml"
    check(write(folder, suffix, doc.encode("utf-8", "surrogatepass"), gz=gz, cut=cut))


# a page long enough for trafilatura to take it for an article, with an arbitrary paragraph inside
PAGE = ("<html><head><title>Harbour talks</title></head><body><article><h1>Harbour talks</h1>"
        "<p>The two delegations met at the harbour office on Monday and agreed to meet again within a month.</p>"
        "<p>{}</p><p>Officials on both sides said the talks had been useful, and that a joint statement on grain "
        "shipments would follow later in the week.</p></article></body></html>")
warc_stamp = good_dates.map(lambda d: f"{d.isoformat()}T10:00:00Z")
any_record = st.tuples(
    st.sampled_from(["response", "resource", "request", "metadata"]),
    st.sampled_from(["text/html; charset=utf-8", "text/plain", "image/png", "", "text/html; charset=nonsense"]),
    st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]),
    st.one_of(st.binary(max_size=500), texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
              st.lists(texts, min_size=1, max_size=4).map(
                  lambda ps: ("<html><body><article>" + "".join(f"<p>{escape(p)}</p>" for p in ps)
                              + "</article></body></html>").encode("utf-8", "surrogatepass"))),
    st.one_of(warc_stamp, date_values.map(str)))
page_record = st.tuples(st.just("response"), st.just("text/html; charset=utf-8"), st.just("200 OK"),
                        texts.map(lambda t: PAGE.format(escape(t)).encode("utf-8", "surrogatepass")), warc_stamp)
warc_records = st.lists(st.one_of(page_record, any_record), min_size=1, max_size=3)


@FEW
@given(recs=warc_records, gz=st.booleans(), cut=st.none() | st.floats(0, 1),
       flip=st.none() | st.tuples(st.floats(0, 1), st.integers(0, 255)))
def test_warc(folder, recs, gz, cut, flip):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n, (kind, ctype, status, payload, date) in enumerate(recs):
        http = None
        if kind in ("response", "request"):
            http = StatusAndHeaders(status if kind == "response" else f"GET /{n} HTTP/1.1",
                                    [("Content-Type", ctype)], protocol="HTTP/1.1", is_http_request=kind == "request")
        record = writer.create_warc_record(f"https://post.example/{n}", kind, payload=io.BytesIO(payload),
                                           http_headers=http, warc_content_type=ctype if kind != "response" else None)
        record.rec_headers.replace_header("WARC-Date", date.replace("\n", " ").replace("\r", " ")[:80] or "x")
        writer.write_record(record)
    data = bytearray(buf.getvalue())
    if flip is not None:  # one byte changed anywhere: a header, a gzip header, a body
        data[min(int(flip[0] * len(data)), len(data) - 1)] = flip[1]
    # cut anywhere: in a record's headers, its HTTP headers, its body or its gzip trailer
    check(write(folder, ".warc.gz" if gz else ".warc", bytes(data), cut=None if cut is None else int(cut * len(data))))
