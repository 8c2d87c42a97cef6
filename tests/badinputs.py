"""A held-back set of bad and odd inputs for issue 18's "done when": every reader format broken in many ways, and
text that is odd in itself, each beside good articles.

``make_inputs(root)`` writes the set under ``root``, one folder per family (text, jsonl, json, html, feeds, warc,
gz, names, empties), and returns a ``Case`` per bad file or record with what must become of it: stored as an
article, rejected, or either (a record whose fate is a judgement call, such as text of only punctuation), never
lost and never the run's end. ``tests/test_badinputs_sweep.py`` runs it through ``tidings ingest`` and
``tidings code``; ``bench/badinputs.py`` does the same as a user would, one process per command, with peak memory.

Every sentence here is written for this file.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

STORE, REJECT, EITHER, SKIP = "store", "reject", "either", "skip"  # SKIP: nothing to code (a WARC request)
SECRET = "tidings-xxe-secret-7d1c"  # what an external entity would leak into the store


@dataclass(frozen=True)
class Case:
    """One bad (or good) input: its file, the locator inside it (a JSON line, a feed entry), what must happen."""

    kind: str
    path: Path
    locator: str = ""
    expect: str = EITHER
    code: bool = True  # also run alone through ``tidings code``


def good(n: int) -> str:
    """A distinct article that codes to events (the number keeps its text, and so its hash, its own)."""
    return (f"Kenyan police arrested {n + 3} protesters in Nairobi on Monday, officials said.\n\n"
            f"The French president will visit Germany next week to discuss trade, his office said on "
            f"day {n}.\n")


class _Maker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.cases: list[Case] = []
        self.n = 0

    def next_good(self) -> str:
        self.n += 1
        return good(self.n)

    def write(self, family: str, name: str | bytes, data: bytes, kind: str, expect: str = EITHER,
              code: bool = True) -> Path:
        folder = self.root / family
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
        path.write_bytes(data)
        self.cases.append(Case(kind, path, "", expect, code))
        return path

    def add_good(self, family: str) -> None:
        self.write(family, f"good-{self.n + 1}.txt", self.next_good().encode(), "good article", STORE)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def gzip_bomb(unit: bytes, total: int) -> bytes:
    """A small .gz that inflates to about ``total`` bytes of ``unit`` repeated: one 64 MB member compressed once
    and repeated (gzip readers read concatenated members as one stream), so a 4 GB bomb is made in a second."""
    block = min(total, 64 << 20)
    member = gzip.compress(unit * (block // len(unit)), compresslevel=9, mtime=0)
    return member * max(1, total // block)


def _text_family(m: _Maker, heavy: bool) -> None:
    f = "text"
    big = 5 if heavy else 1  # the heavy set scales the long texts up (bench); the test's set codes in seconds
    m.add_good(f)
    g = m.next_good
    w = m.write
    w(f, "fm-unclosed.txt", b"---\ntitle: x\n" + g().encode(), "front matter never closed", STORE)
    w(f, "fm-invalid.txt", b"---\ntitle: [unclosed\n---\n" + g().encode(), "front matter invalid YAML", REJECT)
    laughs = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i, (x, y) in enumerate(zip("bcdefghi", "abcdefgh", strict=True)):
        laughs += f"{x}: &{x} [" + ",".join([f"*{y}"] * 9) + "]\n"
        del i
    laughs += "title: *i\nsource: *i\nurl: *i\n---\n"
    w(f, "fm-yaml-laughs.txt", laughs.encode() + g().encode(), "front matter YAML billion laughs")
    w(f, "fm-date-int.txt", b"---\ndate: 20260102\n---\n" + g().encode(), "front matter date int", REJECT)
    w(f, "fm-date-year0.txt", b"---\ndate: 0000-01-01\n---\n" + g().encode(), "front matter date year 0", REJECT)
    w(f, "fm-date-feb30.txt", b"---\ndate: 2026-02-30\n---\n" + g().encode(), "front matter 2026-02-30", REJECT)
    w(f, "fm-date-list.txt", b"---\ndate: [2026, 1, 2]\n---\n" + g().encode(), "front matter date list", REJECT)
    w(f, "fm-date-neg.txt", b"---\ndate: -2026-01-02\n---\n" + g().encode(), "front matter negative year", REJECT)
    w(f, "fm-title-object.txt", b"---\ntitle: {a: {b: [1, 2]}}\nid: 1.5\n---\n" + g().encode(),
      "front matter title object, id float", STORE)
    w(f, "fm-binary.txt", b"---\ntitle: \x00\x01\x02\n---\n" + g().encode(), "front matter with NUL", REJECT)
    w(f, "fm-huge.txt", b"---\ntitle: " + b"x" * 70_000 + b"\n---\n" + g().encode(), "front matter of 70 kB")
    w(f, "fm-deep.txt", b"---\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n" + g().encode(),
      "front matter nested 5000 deep")
    w(f, "fm-tags.txt", b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n" + g().encode(),
      "front matter python tag", REJECT)
    w(f, "fm-only.txt", b"---\ntitle: nothing after\n---\n", "front matter and no body", REJECT)
    w(f, "whitespace.txt", b" \n\t\n\x0c  \n" * 50, "only whitespace", REJECT)
    w(f, "nbsp.txt", "\u00a0\u2003\u3000\n".encode() * 50, "only unicode spaces")
    w(f, "punct.txt", b"!?.,;:-()[]{}'\"" * 400, "only punctuation")
    w(f, "emoji.txt", ("\U0001f600\U0001f1ef\U0001f1f5\U0001f468\u200d\U0001f469\u200d\U0001f467 " * 2000).encode(),
      "only emoji")
    w(f, "rtl.txt", ("\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202e" + "e\u0301\u0308\u0327" * 3
                     + " Israel met Egypt. ").encode() * 300, "RTL, bidi overrides and combining marks")
    w(f, "zwj.txt", "\u200d".join(g()).encode(), "zero-width joiner between every character")
    w(f, "zwsp.txt", ("\u200b\ufeff" * 3).join(g().split(" ")).encode(), "zero-width spaces and BOMs between words")
    w(f, "longword.txt", (g() + "a" * 100_000 + " " + g()).encode(), "a 100k-character word")
    w(f, "parens.txt", ("The minister said " + "(" * 1000 + "Kenya" + ")" * 1000 + ". ").encode() + g().encode(),
      "a 1,000-level nested parenthesis sentence")
    said = "".join(f"Minister {i % 50} said \u201cno{i}.\u201d " for i in range(1000 * big))
    w(f, "said.txt", said.encode() + b"\n" + g().encode(), f"{1000 * big:,} quotes")
    w(f, "xsaid.txt", ("X said. " * 5000).encode(), "5,000 sentences of 'X said.'")
    w(f, "mixed-scripts.txt", ("Путин met 习近平 in Ελλάδα; الرئيس visited भारत. Japan's 外務大臣 said "
                               "\u3042\u3044. " * 200).encode() + g().encode(), "mixed scripts")
    w(f, "odd-dates.txt", (b"On 31 December 9999 and on April 31 and in year 0 and on the 1st of Never, "
                           b"on 0000-00-00, on 29 February 2100 and on 32/13/2026 the Russian army attacked "
                           b"Ukraine. ") * 20 + g().encode(), "odd dates in the text", STORE)
    w(f, "amounts.txt", ("Kenya will pay " + "9" * 400 + " dollars to Uganda, and $1e308 and 10^1000 dollars "
                         "and 1e-400 euros, and " + "1," * 300 + "000 shillings. ").encode() + g().encode(),
      "huge amounts", STORE)
    w(f, "urls.txt", (" ".join(f"https://example.org/{i}?q={'x' * 50} mail{i}@example.org" for i in range(2000))
                      ).encode(), "URLs and emails only")
    w(f, "crlf.txt", g().replace("\n", "\r\n").encode(), "CRLF line ends", STORE)
    w(f, "cr.txt", g().replace("\n", "\r").encode(), "lone CR line ends", STORE)
    w(f, "utf16-bom.txt", g().encode("utf-16"), "UTF-16 with BOM", REJECT)
    w(f, "utf16-nobom.txt", g().encode("utf-16-le"), "UTF-16 without BOM", REJECT)
    w(f, "utf32.txt", g().encode("utf-32"), "UTF-32", REJECT)
    w(f, "latin1.txt", ("Caf\u00e9 " + g()).encode("latin-1"), "latin-1", REJECT)
    w(f, "overlong.txt", b"Kenya \xc0\xaf \xe0\x80\xaf " + g().encode(), "overlong UTF-8", REJECT)
    w(f, "surrogate-bytes.txt", b"Kenya \xed\xa0\x80 " + g().encode(), "UTF-8 encoded surrogate", REJECT)
    w(f, "bom-middle.txt", (g() + "\ufeff" * 5 + g()).encode(), "BOMs in the middle", STORE)
    w(f, "nul-middle.txt", g().encode() * 300 + b"\x00" + g().encode(), "NUL byte past the first 8 kB")
    w(f, "controls.txt", ("\x1b[31m" + g() + "\x07\x08\x7f\x85\u2028\u2029").encode(), "escape codes, NEL, LS, PS")
    w(f, "private-use.txt", ("\ue000\U000f0000\ufffe\uffff " + g()).encode(), "private use and noncharacters")
    w(f, "one-char.txt", b"K", "one character")
    w(f, "numbers.txt", (" ".join(str(i) for i in range(20_000 * big))).encode(), "only numbers")
    w(f, "bytes-fe.txt", b"\xfe\xff\x00K\x00e", "UTF-16BE BOM, short", REJECT)
    w(f, "tabs.txt", (g().replace(" ", "\t\t\t")).encode(), "tabs for spaces", STORE)
    if heavy:  # about 40 s to code (linear: 35 kB/s of place names), so over the 30 s --article-timeout
        w(f, "sentence-1mb.txt", ("Kenya and Uganda and " * 60_000 + "Tanzania met. ").encode(),
          "one sentence of 1.2 MB")


def _jsonl_family(m: _Maker) -> None:
    f = "jsonl"
    g = m.next_good
    lines: list[tuple[bytes, str, str]] = []  # raw line, what, expect

    def rec(what: str, expect: str, **kw: object) -> None:
        lines.append((json.dumps(kw).encode(), what, expect))

    rec("good", STORE, text=g(), date="2026-01-02", id="a")
    rec("text number", REJECT, text=42)
    rec("text list", REJECT, text=[g()])
    rec("text null", REJECT, text=None)
    rec("text object", REJECT, text={"body": g()})
    rec("text bool", REJECT, text=True)
    rec("no text", REJECT, title="x")
    rec("date int", REJECT, text=g(), date=20260102)
    rec("date float", REJECT, text=g(), date=1.5e9)
    rec("date list", REJECT, text=g(), date=[2026, 1, 2])
    rec("date object", REJECT, text=g(), date={"y": 2026})
    rec("date huge string", REJECT, text=g(), date="2026-01-02 " * 100_000)
    rec("date negative year", REJECT, text=g(), date="-2026-01-02")
    rec("date 2026-02-30", REJECT, text=g(), date="2026-02-30")
    rec("date year 0", REJECT, text=g(), date="0000-01-01")
    rec("date 9999", REJECT, text=g(), date="9999-12-31")
    rec("date bool", REJECT, text=g(), date=True)
    rec("date words", REJECT, text=g(), date="the 1st of Never")
    rec("date relative", REJECT, text=g(), date="yesterday")
    rec("date epoch string", EITHER, text=g(), date="1767312000")
    rec("date rfc2822 year 1", REJECT, text=g(), date="Mon, 01 Jan 0001 00:00:00 GMT")
    rec("date with tz name", EITHER, text=g(), date="2 January 2026 10:00 CET")
    rec("date NaN-like", REJECT, text=g(), date="NaN")
    rec("title object", STORE, text=g(), title={"a": [1, {"b": None}]})
    rec("title list", STORE, text=g(), title=["x", "y"])
    rec("id float", STORE, text=g(), id=1.5)
    rec("id huge int", STORE, text=g(), id=10 ** 300)
    rec("id object", STORE, text=g(), id={"x": 1})
    rec("url 1 MB", EITHER, text=g(), url="https://example.org/" + "a" * 1_000_000)
    rec("url object", STORE, text=g(), url={"href": "x"})
    rec("source number", STORE, text=g(), source=7)
    rec("nul in text", EITHER, text=g() + "\x00" + g())
    rec("nul in title", STORE, text=g(), title="a\x00b")
    rec("bom in text", STORE, text="\ufeff" + g() + "\ufeff")
    rec("lone surrogate in title", STORE, text=g(), title="\ud800x")
    rec("text whitespace", REJECT, text=" \n\t ")
    rec("text empty", REJECT, text="")
    lines.append((('{"text": "' + g().replace("\n", "\\n") + '", "text": 5}').encode(), "duplicate key, last wins",
                  REJECT))
    lines.append((('{"text": 5, "text": "' + g().replace("\n", "\\n") + '"}').encode(), "duplicate key, good last",
                  STORE))
    lines.append((b"[" * 100_000 + b"]" * 100_000, "nested brackets", REJECT))
    lines.append((b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested objects", REJECT))
    lines.append((b'{"text": "' + g().replace("\n", "\\n").encode() + b'", "n": 1' + b"0" * 5000 + b"}",
                  "5,000-digit number", REJECT))
    lines.append((b'{"text": "' + g().replace("\n", "\\n").encode() + b'", "n": 1e999}', "infinite float",
                  EITHER))
    lines.append((b'{"text": "' + g().replace("\n", "\\n").encode() + b'", "n": NaN}', "NaN literal", EITHER))
    lines.append((b'{"text": "caf\xe9 ' + g().replace("\n", "\\n").encode("latin-1") + b'"}', "latin-1 line",
                  REJECT))
    lines.append((b'{"text": "\\ud800 ' + g().replace("\n", "\\n").encode() + b'"}', "escaped lone surrogate",
                  REJECT))
    lines.append((b'{"text": "' + g().replace("\n", "\\n").encode() + b'"', "cut line", REJECT))
    lines.append((b"not json at all", "not JSON", REJECT))
    lines.append((b"42", "a number", REJECT))
    lines.append((b'"a string"', "a string", REJECT))
    lines.append((b"null", "null", REJECT))
    lines.append((b"\xef\xbb\xbf" + json.dumps({"text": g()}).encode(), "BOM at line start", STORE))
    lines.append((json.dumps({"text": g()}).encode() + b"\r", "CRLF line", STORE))
    body = b""
    cases: list[Case] = []
    path = m.root / f / "records.jsonl"
    for i, (raw, what, expect) in enumerate(lines, start=1):
        body += raw + b"\n"
        cases.append(Case(f"jsonl: {what}", path, f"line {i}", expect, code=False))
    body += json.dumps({"text": g()}).encode() + b"\n"
    cases.append(Case("jsonl: good last line", path, f"line {len(lines) + 1}", STORE, code=False))
    (m.root / f).mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    m.cases.extend(cases)
    m.write(f, "lone-cr.jsonl", b"\r".join(json.dumps({"text": g()}).encode() for _ in range(3)),
            "JSON Lines separated by lone CR")
    m.write(f, "utf16.jsonl", (json.dumps({"text": g()}) + "\n").encode("utf-16"), "UTF-16 JSON Lines", REJECT)
    m.write(f, "one-line-no-newline.jsonl", json.dumps({"text": g()}).encode(), "no final newline", STORE)
    m.write(f, "empty.jsonl", b"", "empty JSON Lines", EITHER)
    m.write(f, "blank-lines.jsonl", b"\n" * 100_000, "only blank lines", EITHER)
    m.write(f, "cut.jsonl.gz", _gz(json.dumps({"text": g()}).encode() * 200)[:300], "JSON Lines .gz cut", REJECT)
    m.write(f, "zero.jsonl.gz", b"", "zero-byte .jsonl.gz", EITHER)
    m.write(f, "bomb-newlines.jsonl.gz", gzip_bomb(b"\n", 2 << 30), "gzip bomb of 2 GB of newlines")
    m.write(f, "bomb-records.jsonl.gz", gzip_bomb(b'{"text": 1}\n', 1 << 30), "gzip bomb of 1 GB of records")
    m.write(f, "bomb-line.jsonl.gz", gzip_bomb(b"a", 2 << 30), "gzip bomb of one 2 GB line")


def _json_family(m: _Maker) -> None:
    f = "json"
    g = m.next_good
    w = m.write
    w(f, "object.json", json.dumps({"text": g(), "date": "2026-01-02"}).encode(), "a .json object", STORE)
    w(f, "number.json", b"12345", "a .json number", REJECT)
    w(f, "string.json", b'"just a string"', "a .json string", REJECT)
    w(f, "deep.json", b"[" * 200_000 + b"]" * 200_000, "a .json nested 200,000 deep", REJECT)
    w(f, "deep-item.json", b'[{"text": ' + json.dumps(g()).encode() + b"}, " + b"[" * 100_000 + b"]" * 100_000
      + b', {"text": ' + json.dumps(g()).encode() + b"}]", "array with a deep item")
    w(f, "array-mixed.json", json.dumps([{"text": g()}, 5, None, "x", [], {"text": 3},
                                         {"text": g(), "date": "0001-01-01"}]).encode(), "array of mixed items")
    w(f, "array-cut.json", b'[{"text": ' + json.dumps(g()).encode() + b'}, {"text": "cut', "array cut short")
    w(f, "array-empty.json", b"[]", "empty array")
    w(f, "utf16.json", json.dumps([{"text": g()}]).encode("utf-16"), "UTF-16 JSON array", REJECT)
    w(f, "bomb.json.gz", _gz(b"[") + gzip_bomb(b'{"text": 1},', 1 << 30), "gzip bomb JSON array")


def _html_family(m: _Maker) -> None:
    f = "html"
    g = m.next_good
    w = m.write
    w(f, "no-body.html", b"<html><head><title>Only a head</title></head></html>", "HTML with no body", REJECT)
    w(f, "scripts.html", b"<html><body>" + b"<script>var x = 1;</script>" * 500 + b"</body></html>",
      "HTML of scripts only", REJECT)

    def para() -> str:  # each page its own article, so that none is a duplicate of another
        return "".join(f"<p>{s}</p>" for s in g().split("\n") if s)

    w(f, "huge-attr.html", f'<html><body><div data-x="{"y" * 2_000_000}">{para()}</div></body></html>'.encode(),
      "a 2 MB attribute")
    w(f, "bad-charset.html", f'<html><head><meta charset="no-such-codec"></head><body>{para()}'
      '\xe9</body></html>'.encode("latin-1"), "charset that does not exist", REJECT)
    w(f, "charset-lies.html", f'<html><head><meta charset="utf-16"></head><body>{para()} caf\xe9</body></html>'
      .encode("latin-1"), "meta charset lies (says utf-16, is latin-1)")
    w(f, "charset-ebcdic.html", f'<html><head><meta charset="cp500"></head><body>{para()}\xe9</body></html>'
      .encode("latin-1"), "meta charset EBCDIC on latin-1 bytes")
    w(f, "nested-divs.html", b"<html><body>" + b"<div>" * 50_000 + para().encode() + b"</div>" * 50_000
      + b"</body></html>", "50,000 nested divs")
    w(f, "entities.html", ("<html><body><p>" + "&amp;&#0;&#xD800;&#x110000;&#99999999999;&nosuch; " * 500
                           + f"</p>{para()}</body></html>").encode(), "odd character references")
    w(f, "good.html", f"<html><head><title>T</title></head><body><article>{para()}</article></body></html>"
      .encode(), "good page", EITHER)
    w(f, "binary.html", b"\x89PNG\r\n\x1a\n\x00\x00" + os.urandom(2000), "a PNG named .html", REJECT)
    w(f, "empty.html", b"", "empty .html", REJECT)
    w(f, "big-xml-decl.xhtml", b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [<!ENTITY a "'
      + b"b" * 100 + b'">]><html xmlns="http://www.w3.org/1999/xhtml"><body>' + para().encode()
      + b"&a;&a;</body></html>", "XHTML with an internal entity")


def _feed(items: str, head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{head}<rss version="2.0"><channel><title>Feed</title>'
            f"{items}</channel></rss>").encode()


def _item(text: str, date: str = "Fri, 02 Jan 2026 10:00:00 GMT", extra: str = "") -> str:
    return (f"<item><title>t</title><link>https://example.org/{abs(hash(text))}</link><description>"
            f"<![CDATA[{text}]]></description><pubDate>{date}</pubDate>{extra}</item>")


def _feeds_family(m: _Maker, secret_file: Path) -> None:
    f = "feeds"
    g = m.next_good
    w = m.write
    laughs = '<!DOCTYPE rss [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    w(f, "laughs.rss", _feed(_item(g()) + "<item><title>&lol9;</title><description>&lol9;</description></item>",
                             laughs), "billion laughs")
    w(f, "xxe.rss", _feed(_item(g()) + "<item><title>x</title><description>&xxe; The Kenyan army attacked "
                          "Somalia.</description><pubDate>Fri, 02 Jan 2026 10:00:00 GMT</pubDate></item>",
                          f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'), "external entity (XXE)")
    w(f, "xxe-param.rss", _feed(_item(g()), f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{secret_file}"> %p;]>'),
      "external parameter entity")
    w(f, "no-items.rss", _feed(""), "feed without items", REJECT)
    w(f, "no-text.rss", _feed("<item><title>only a title</title></item>" + _item(g())), "item without text")
    dates = ["Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "2026-02-30", "yesterday",
             "1767312000", "", "Fri, 02 Jan 2026 25:61:61 GMT", "x" * 100_000, "-0001-01-01",
             "2026-01-02T10:00:00+99:00"]
    w(f, "odd-dates.rss", _feed("".join(_item(g(), d) for d in dates) + _item(g())), "items with odd dates")
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            f"<entry><title>x</title><updated>0000-00-00T00:00:00Z</updated><content type=\"html\">{g()}</content>"
            "</entry><entry><title>y</title><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
            f"{g()}</div></content><updated>2026-01-02T00:00:00Z</updated></entry></feed>")
    w(f, "odd.atom", atom.encode(), "Atom with an odd date and xhtml content")
    w(f, "not-a-feed.xml", b"<?xml version='1.0'?><root><a>1</a></root>", "XML that is not a feed", REJECT)
    w(f, "cut.rss", _feed(_item(g()) + _item(g()))[:-60], "feed cut short")
    w(f, "deep.rss", _feed(_item(g(), extra="<x>" * 100_000 + "</x>" * 100_000)), "item nested 100,000 deep")
    w(f, "latin1.rss", _feed(_item("Caf\u00e9. " + g())).decode().encode("latin-1"), "latin-1 declared as utf-8")
    w(f, "empty.rss", b"", "empty feed file", REJECT)
    w(f, "html-in-desc.rss", _feed(_item("<script>alert(1)</script><p>" + g() + "</p><img src=x onerror=1>")),
      "scripts in a description")


def _warc(records: list[tuple[str, dict[str, str], bytes]], length_override: dict[int, str] | None = None) -> bytes:
    out = b""
    for i, (rtype, headers, block) in enumerate(records):
        length = (length_override or {}).get(i, str(len(block)))
        head = f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{i:08d}-0000-0000-0000-000000000000>\r\n"
        head += "WARC-Date: 2026-01-02T10:00:00Z\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"Content-Length: {length}\r\n\r\n"
        out += head.encode() + block + b"\r\n\r\n"
    return out


def _http(text: str, ctype: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    para = "".join(f"<p>{s}</p>" for s in text.split("\n") if s)
    body = f"<html><body><article>{para}</article></body></html>".encode()
    return f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def _warc_family(m: _Maker) -> None:
    f = "warc"
    g = m.next_good
    w = m.write

    def resp(n: int) -> tuple[str, dict[str, str], bytes]:
        return ("response", {"WARC-Target-URI": f"https://example.org/w{n}",
                             "Content-Type": "application/http; msgtype=response"}, _http(g()))

    w(f, "good.warc", _warc([resp(1)]), "good WARC", EITHER)
    w(f, "zero.warc", b"", "WARC of 0 bytes", REJECT)
    w(f, "zero.warc.gz", b"", "WARC.gz of 0 bytes", REJECT)
    w(f, "too-long.warc", _warc([resp(2), resp(3)], {0: "999999"}), "Content-Length too large")
    w(f, "too-short.warc", _warc([resp(4), resp(5)], {0: "50"}), "Content-Length too small")
    w(f, "negative.warc", _warc([resp(6), resp(7)], {0: "-5"}), "negative Content-Length")
    w(f, "huge-length.warc", _warc([resp(8)], {0: "9" * 40}), "40-digit Content-Length")
    w(f, "non-http.warc", _warc([("response", {"WARC-Target-URI": "dns:example.org", "Content-Type": "text/dns"},
                                  b"example.org. 300 IN A 1.2.3.4"), resp(9)]), "a DNS response record")
    w(f, "revisit.warc", _warc([("revisit", {"WARC-Target-URI": "https://example.org/r",
                                             "WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/"
                                                             "identical-payload-digest"},
                                 b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"), resp(10)]), "a revisit record")
    w(f, "request.warc", _warc([("request", {"WARC-Target-URI": "https://example.org/q"}, b"GET / HTTP/1.1\r\n\r\n"),
                                ("warcinfo", {}, b"software: x\r\n"), ("metadata", {}, b"a: b\r\n"), resp(11)]),
      "request, warcinfo and metadata records")
    w(f, "bad-http.warc", _warc([("response", {"WARC-Target-URI": "https://example.org/b",
                                               "Content-Type": "application/http; msgtype=response"},
                                  b"NOT HTTP AT ALL\r\n\r\n<p>x</p>"), resp(12)]), "a response whose HTTP is garbage")
    w(f, "http-500.warc", _warc([("response", {"WARC-Target-URI": "https://example.org/e",
                                               "Content-Type": "application/http; msgtype=response"},
                                  _http(g(), status="500 Oops")), resp(13)]), "an HTTP 500")
    w(f, "pdf.warc", _warc([("response", {"WARC-Target-URI": "https://example.org/p",
                                          "Content-Type": "application/http; msgtype=response"},
                             _http(g(), ctype="application/pdf")), resp(14)]), "a PDF response")
    w(f, "text-plain.warc", _warc([("resource", {"WARC-Target-URI": "https://example.org/t",
                                                 "Content-Type": "text/plain"}, b"caf\xe9 " + g().encode())]),
      "a text/plain resource of latin-1")
    w(f, "bad-date.warc", _warc([("resource", {"WARC-Target-URI": "https://example.org/d",
                                               "Content-Type": "text/plain"}, g().encode())]).replace(
        b"2026-01-02T10:00:00Z", b"0001-01-01T00:00:00Z"), "a WARC-Date of year 1")
    members = b"".join(_gz(_warc([resp(20 + i)])) for i in range(3))
    w(f, "cut-member.warc.gz", members[: len(members) - 40], "gzip member cut")
    w(f, "garbage-member.warc.gz", _gz(_warc([resp(30)])) + b"\x1f\x8b\x08\x00garbage" + _gz(_warc([resp(31)])),
      "a garbage gzip member between two good ones")
    w(f, "not-warc.warc", b"this is not a WARC file\n" * 10, "text named .warc", REJECT)
    w(f, "arc.arc", b"filedesc://x.arc 0.0.0.0 20260102000000 text/plain 5\n1 0 x\n\nabc\n", "an ARC header")
    w(f, "bomb.warc.gz", _gz(_warc([resp(40)])[:-4]) + gzip_bomb(b"\x00", 1 << 30),
      "a WARC whose second member is a 1 GB bomb")
    big = ("response", {"WARC-Target-URI": "https://example.org/big",
                        "Content-Type": "application/http; msgtype=response"},
           _http(g() + "Kenya said. " * 600_000))
    w(f, "big-record.warc", _warc([big, resp(41)]), "a 7 MB record")


def _gz_family(m: _Maker) -> None:
    f = "gz"
    g = m.next_good
    w = m.write
    w(f, "zero.txt.gz", b"", "zero-byte .txt.gz", REJECT)
    w(f, "cut.txt.gz", _gz(g().encode() * 50)[:40], "truncated .txt.gz", REJECT)
    w(f, "bomb.txt.gz", gzip_bomb(b"Kenya. ", 4 << 30), "4 GB gzip bomb .txt.gz", REJECT)
    w(f, "bomb.gz", gzip_bomb(b"\x00", 1 << 30), "1 GB gzip bomb, no inner suffix", REJECT)
    w(f, "double.txt.gz", _gz(_gz(g().encode())), "gzip inside gzip", REJECT)
    w(f, "good.txt.gz", _gz(g().encode()), "good .txt.gz", STORE)
    w(f, "not-gzip.txt.gz", g().encode(), "plain text named .gz", REJECT)


def _names_family(m: _Maker) -> None:
    f = "names"
    g = m.next_good
    m.write(f, "new\nline.txt", g().encode(), "a file name with a newline", STORE)
    m.write(f, b"latin\xe9.txt", g().encode(), "a file name that is not UTF-8", STORE)
    m.write(f, "tab\tand\rcr.txt", g().encode(), "a file name with a tab and a CR", STORE)
    m.write(f, "-dash.txt", g().encode(), "a file name starting with a dash", STORE)
    folder = m.root / f
    os.symlink("loop-a", folder / "loop-b")
    os.symlink("loop-b", folder / "loop-a")
    m.cases.append(Case("a symbolic link loop", folder / "loop-a", "", REJECT, code=True))
    os.symlink(".", folder / "self")  # a link to its own folder: not followed
    os.symlink("/nonexistent/target", folder / "dangling.txt")
    m.cases.append(Case("a dangling symbolic link", folder / "dangling.txt", "", REJECT, code=True))
    (folder / "noperm.txt").write_bytes(g().encode())
    os.chmod(folder / "noperm.txt", 0)
    if os.geteuid() != 0:
        m.cases.append(Case("a file without read permission", folder / "noperm.txt", "", REJECT, code=True))
    (folder / "sub").mkdir()
    (folder / "sub" / "deep").mkdir()
    (folder / "sub" / "deep" / "x.txt").write_bytes(g().encode())
    m.cases.append(Case("a file two folders down", folder / "sub" / "deep" / "x.txt", "", STORE, code=False))


def _empties_family(m: _Maker, n: int) -> None:
    folder = m.root / "empties"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"e{i:04d}.txt").write_bytes(b"")
    m.cases.append(Case(f"a folder of {n} empty files (first)", folder / "e0000.txt", "", REJECT, code=True))
    m.cases.append(Case(f"a folder of {n} empty files (last)", folder / f"e{n - 1:04d}.txt", "", REJECT,
                        code=False))
    m.add_good("empties")


def make_inputs(root: Path, *, empties: int = 2000, heavy: bool = False) -> list[Case]:
    """Write the whole set under ``root`` (which must exist) and return its cases; the folders to ingest are
    ``root``'s subfolders, each holding at least one good article among its bad inputs. ``heavy`` adds a 1.2 MB
    sentence and makes the long texts five times longer."""
    secret = root / "secret.txt"
    secret.write_text(SECRET + "\n")
    m = _Maker(root / "in")
    _text_family(m, heavy)
    _jsonl_family(m)
    m.add_good("jsonl")
    _json_family(m)
    m.add_good("json")
    _html_family(m)
    m.add_good("html")
    _feeds_family(m, secret)
    m.add_good("feeds")
    _warc_family(m)
    m.add_good("warc")
    _gz_family(m)
    m.add_good("gz")
    _names_family(m)
    _empties_family(m, empties)
    return m.cases


def shown(path: Path) -> str:
    """A path as the store shows it: valid UTF-8, a name's other bytes as \\x escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def check_fates(cases: list[Case], stored: set[tuple[str, str]], rejected: set[tuple[str, str]]) -> list[str]:
    """Each case's fate against what it must be: a list of the cases that went wrong (empty when all is well)."""
    stored_paths = {p for p, _ in stored}
    rejected_paths = {p for p, _ in rejected}
    wrong = []
    for c in cases:
        key = (shown(c.path), c.locator)
        is_stored = key in stored if c.locator else key[0] in stored_paths
        is_rejected = key in rejected if c.locator else key[0] in rejected_paths
        if c.expect == STORE and not is_stored or c.expect == REJECT and not is_rejected or \
                c.expect == EITHER and not (is_stored or is_rejected):
            wrong.append(f"{c.kind} ({c.path.name!r} {c.locator}): expected {c.expect}, stored={is_stored}, "
                         f"rejected={is_rejected}")
    return wrong
