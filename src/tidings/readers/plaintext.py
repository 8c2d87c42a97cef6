"""Plain-text article text as a reader of the page saw it: HTML character references decoded, the HTML comments
and tags they spelled out removed, and MediaWiki bold/italic quote runs stripped.

Why: text that reaches tidings as plain text (a .txt file, a JSON Lines record, a WARC text/plain record, the
text of ``tidings code`` or POST /api/code) is often text that was cut out of a web page or a wiki dump without
being rendered. Wikinews dumps, for one, carry ``&quot;`` for every quotation mark, ``&amp;mdash;`` (escaped
twice) for a dash, ``&lt;!-- ... --&gt;`` for an editor's hidden note, and ``''italic''`` / ``'''bold'''``
around titles and names. Left as they are, the quote and speech machinery never sees a quotation mark, a hidden
note is coded as if it were text, and ``''Daily Courier ''`` is not the paper's name.

What is done, in this order (``normalise``):

1. Character references - ``&name;``, ``&#N;``, ``&#xH;``, each with its semicolon - are decoded with
   ``html.unescape``. Scraped text is often escaped twice or more (``&amp;quot;``, ``&amp;amp;mdash;``): a chain
   of ``&amp;`` is one ampersand, and decoding is repeated while a reference is left (at most
   ``MAX_DECODE_ROUNDS``, for the odd ``&#38;quot;``), so the text comes out as it was meant. Only references
   with their semicolon are touched: a bare ampersand is far more often a real one in news ("AT&T", "R&D",
   "Barnes&Noble"), and ``html.unescape`` on the whole text would also turn HTML's legacy forms without a
   semicolon ("&copy 2004", "&pound5") into symbols. Decoding is safe for news text because a well-formed
   reference in plain text is almost never meant literally: only an article about HTML would spell one out, and
   then it is one word in an article, against every quotation mark of thousands of articles lost.
2. HTML comments (``<!-- ... -->`` of at most ``MAX_COMMENT`` characters, with what they hold: a reader never
   sees it; an unclosed one is left as it is, so that no text is lost after it) and tags (``<br />``,
   ``<blockquote>``, ``<noinclude>``) are removed - block tags leave a line break so that sentences on either side
   stay apart. Only a well-formed tag is removed (a name, then nothing or attributes with ``=``), so that "a < b"
   and "x<y and z>w" stay text.
3. Runs of two or more straight apostrophes are MediaWiki's italic (2), bold (3), bold-italic (5) and their
   leftovers (4: an empty italic whose link was stripped), and are removed. A single apostrophe is never touched:
   O'Neill, Pakistan's, the leaders' talks and rock 'n' roll keep theirs. Where a run stands between a word and a
   possessive s (``''Daily Courier'''s``), one apostrophe is kept for the possessive. A few texts use two
   apostrophes as a double quotation mark (a typewriter habit: 21 runs in 5 of the 2,225 BBC articles, none in
   Wikinews, whose quotation marks are ``&quot;``); they are removed as well. Telling them from italics would take
   a guess at every pair, and the quote finder never took them for quotes, so nothing found before is lost.
   One convention is told apart first, because it is unambiguous: two backticks open a quotation that two
   apostrophes close (the Penn Treebank and LaTeX way, left in news corpora tokenized for NLP: ````no deal''``);
   MediaWiki has no backtick markup, so such a pair becomes two real quotation marks, ``"no deal"``.

Spacing before punctuation ("the minister , in a statement", "(UN )", "Iran 's") is left alone: spaCy tokenizes
and parses "X , Y" and "X, Y" the same way (checked on sentences of those forms: the same tokens, dependencies,
entities and events), so removing it would only move offsets for nothing.

The article that tidings stores is the normalised text, and every span (event evidence, actor mentions, quotes)
points into it: there is no offset map back to the raw input. Text without an ampersand, a "<" or two apostrophes
in a row - most text - is returned as it is after three substring scans, so the step costs nothing on clean text
and a few microseconds an article on Wikinews text. ``normalise`` is idempotent: normalising twice gives the same
text as once (the steps are repeated until nothing changes, up to ``MAX_ROUNDS`` times, which only text escaped
and marked up in layers more than a dozen deep would exhaust).

HTML pages and feeds do not come through here: trafilatura and the feed reader's parser have already decoded
their references, and decoding again would turn an article's literal "&amp;" (written ``&amp;amp;`` in the page)
into "&".
"""

from __future__ import annotations

import html
import re

from tidings.errors import InputError

MAX_DECODE_ROUNDS = 4  # after the &amp; chains: a reference that decodes into another one is rare already
MAX_ROUNDS = 4  # normalise's outer rounds: only text whose steps uncover more residue needs a second one
MAX_COMMENT = 5_000  # characters: bounds the search for "-->" after each "<!--"

_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AMP_CHAIN = re.compile(r"&(?:amp;)+")
_COMMENT = re.compile(rf"<!--.{{0,{MAX_COMMENT}}}?-->", re.DOTALL)
# a tag: its name, then either nothing or attributes that hold an "=" (as every HTML attribute written out does)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]{0,30})(?:\s*/?|\s+[^<>=]*=[^<>]*)>")
_BLOCK_TAGS = frozenset({"br", "p", "div", "blockquote", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2",
                         "h3", "h4", "h5", "h6", "center", "gallery", "hr", "dd", "dt", "dl"})
_QUOTE_RUN = re.compile(r"''+")
# ``...'': what is inside has no backtick, line break or run of two apostrophes, and is of a quotation's length
_BACKTICK_QUOTE = re.compile(r"``((?:[^`'\n]|'(?!')){0,2000}?)''(?!')")
_POSSESSIVE_AFTER = re.compile(r"s(?![A-Za-z])")


def _decode(text: str) -> str:
    text = _AMP_CHAIN.sub("&", text)
    for _ in range(MAX_DECODE_ROUNDS):
        decoded = _REFERENCE.sub(lambda m: html.unescape(m.group()), text)
        if decoded == text:
            break
        text = decoded
    return text


def _tag(m: re.Match[str]) -> str:
    return "\n" if m.group(1).lower() in _BLOCK_TAGS else ""


def _quote_run(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    if start > 0 and text[start - 1].isalnum() and _POSSESSIVE_AFTER.match(text, end):
        return "'"
    return ""


def _once(text: str) -> str:
    if "&" in text:
        text = _decode(text)
    if "<" in text:
        text = _TAG.sub(_tag, _COMMENT.sub("", text))
    if "''" in text:
        if "``" in text:
            text = _BACKTICK_QUOTE.sub(r'"\1"', text)
        text = _QUOTE_RUN.sub(_quote_run, text)
    return text


def normalise(text: str) -> str:
    """``text`` as a reader of the rendered page saw it (see the module docstring); ``text`` itself when it holds
    no residue. Idempotent: ``normalise(normalise(t)) == normalise(t)``."""
    for _ in range(MAX_ROUNDS):
        out = _once(text)
        if out == text:
            break
        text = out
    return text


def plain_article(text: str, what: str = "input") -> str:
    """A plain-text article's text (already through ``validate.decode_article``) as tidings stores and codes it:
    ``normalise``d, or InputError when nothing but markup was in it. Every plain-text way in - the file readers,
    ``tidings code``, POST /api/code, the Spark job - goes through here, so one text gives one article whatever
    way it came in."""
    out = normalise(text)
    if not out.strip():
        raise InputError(f"{what} is empty once its markup is removed")
    return out
