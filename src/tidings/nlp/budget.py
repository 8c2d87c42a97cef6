"""The per-article budget: text cleaned of pathological runs before tokenizing, and long text parsed in pieces.

Why cleaning: spaCy's tokenizer splits a whitespace-free chunk by peeling off one prefix or suffix at a time, and
each peel runs the suffix regex over the rest of the chunk, so a chunk costs about (affixes x length): 4,000
brackets take 2 s, 40,000 take minutes, and a chunk of mixed symbols and letters is quadratic too. Tokenizing a
chunk never looks past its whitespace, so bounding every chunk's length bounds the cost per character. And text
that is nearly all symbols ("[[[[", a run of quotes, nested JSON) is a token per character or two: it would be
tokenized, kept by the pre-filter for its quote marks, and parsed at a few thousand tokens a second, for nothing
a news event could come from. ``clean`` therefore:

- blanks symbol-dense stretches of at least ``JUNK_CHARS`` characters (no two words without a symbol between
  them, as in JSON, markup or a run of brackets or quotes): every character but a newline becomes a space;
- breaks the rest of any run of more than ``MAX_SYMBOL_RUN`` symbols, and any whitespace-free run of more than
  ``MAX_CHUNK`` characters, with a space every so many characters.

Every change replaces one character by one space, so each offset in the cleaned text is the same offset in the
article: spans need no remapping. Articles keep their own text; only the tokenizer and what is read from its
tokens see the cleaned one. The bounds are far above anything in the project's 9,553 corpus articles (longest
symbol run 48, whitespace-free run 305, symbol-dense stretch 5,836 characters), so real articles come out
unchanged. For an article under 10,000 characters the check is one regex scan (about 25 ns a character) that
finds nothing; a longer one adds the symbol-dense scan (about 100 ns a character); 85 us an article on average
over the corpora, against tens of milliseconds to code it.

Why pieces: the parser's memory grows with the tokens of a batch (about 15 kB a token here: 650 kB of text in
one doc took 1.9 GB), spaCy refuses text over ``nlp.max_length`` (E088) for that reason, and some of tidings'
per-sentence steps grow faster than the sentence. ``pieces`` cuts a doc longer than ``MAX_PIECE_TOKENS``, or
holding a run of more than ``MAX_SENTENCE_TOKENS`` tokens with no sentence end, into pieces the pipeline parses
one by one and joins again (``Doc.from_docs``), so memory stays that of a normal batch and no sentence is longer
than the cap. Real articles (at most 3,008 parsed tokens, 618 between sentence ends) are never cut.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.tokens import Doc

from tidings.errors import InputError

MAX_SYMBOL_RUN = 64  # characters that are neither letters, digits nor whitespace, in a row
MAX_CHUNK = 500  # characters without whitespace (the longest URL in the corpora is 305)
JUNK_CHARS = 10_000  # a symbol-dense stretch this long is blanked
MAX_SENTENCE_TOKENS = 1_000  # tokens without a sentence end before a forced cut
MAX_PIECE_TOKENS = 10_000  # tokens parsed as one doc
SENTENCE_ENDS = (".", "!", "?", "...", "…", "。", "！", "？", "?!", "!?", "!!")

_SURROGATES = re.compile(r"[\ud800-\udfff]")
# one unit of symbol-dense text: up to four symbols, then at most one short word, with any whitespace. The
# lookahead-and-backreference makes the unit atomic (what Python 3.11's possessive quantifiers would say), so a
# stretch that falls short is given up in linear time instead of being re-split every possible way.
_UNIT = r"(?=(?P<u>[^\w\s]{1,4}\s*(?:\w{1,20}(?!\w)\s*)?))(?P=u)"
_JUNK = re.compile(rf"(?:{_UNIT}){{16,}}")
# any run this long is a symbol run or a chunk that may need breaking: one scan (about 25 ns a character) that
# finds nothing in almost every article; the junk scan costs four times as much, and only text at least as long as
# a blanked stretch needs it
_LONG_RUN = re.compile(rf"\S{{{MAX_SYMBOL_RUN + 1}}}")
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")
_CHUNK = re.compile(rf"(?<!\S)\S{{{MAX_CHUNK + 1},}}")
_NOT_NEWLINE = re.compile(r"[^\n]")
_FIRST_UNIT = re.compile(_UNIT)
_TRAILING_WORDS = re.compile(r"[\w\s]*\Z")


def _every(n: int) -> re.Pattern[str]:
    return re.compile(rf"(.{{{n}}}).", re.S)


_BREAK_SYMBOLS = _every(MAX_SYMBOL_RUN)
_BREAK_CHUNK = _every(MAX_CHUNK)


def clean(text: str) -> str:
    """``text`` with pathological runs blanked or broken by spaces (see the module docstring), the same length;
    ``text`` itself when it has none. InputError for a lone surrogate (``require_unicode``)."""
    require_unicode(text)
    if _LONG_RUN.search(text) is None and (len(text) < JUNK_CHARS or _JUNK.search(text) is None):
        return text
    if len(text) >= JUNK_CHARS:
        text = _JUNK.sub(_blank, text)
    text = _SYMBOL_RUN.sub(lambda m: _BREAK_SYMBOLS.sub(r"\1 ", m.group()), text)
    return _CHUNK.sub(lambda m: _BREAK_CHUNK.sub(r"\1 ", m.group()), text)


def require_unicode(text: str) -> None:
    """InputError if ``text`` holds a lone surrogate (U+D800 to U+DFFF), which Python strings allow (JSON's
    "\\ud800" escape makes one) but which is not Unicode text: no encoding can write it, not the store, not JSON
    output, not the article's hash. Refused rather than repaired, so that what is stored is what was given."""
    if text.isascii():
        return
    bad = _SURROGATES.search(text)
    if bad is not None:
        raise InputError(f"the text has a lone surrogate (U+{ord(bad.group()):04X}) at character {bad.start()}, "
                         "which is not Unicode text; decode it with errors='replace' first")


def _blank(m: re.Match[str]) -> str:
    """A symbol-dense stretch blanked, all but its first unit and its last word: they may belong to the text
    around it (the full stop of the sentence before, the first word of the line after)."""
    s = m.group()
    if len(s) < JUNK_CHARS:
        return s
    lead = _FIRST_UNIT.match(s).end()
    tail = len(s) - len(_TRAILING_WORDS.search(s).group())
    middle = s[lead:tail]
    return s[:lead] + (_NOT_NEWLINE.sub(" ", middle) if "\n" in middle else " " * len(middle)) + s[tail:]


def pieces(doc: Doc) -> list[tuple[int, int]] | None:
    """Token ranges to parse ``doc`` in, or None to parse it whole (every real article).

    Cuts fall after sentence-final punctuation or whitespace tokens; a run of more than ``MAX_SENTENCE_TOKENS``
    tokens with neither is cut every ``MAX_SENTENCE_TOKENS`` tokens, and those forced cuts always end a piece. The
    work is numpy over the doc's token array, and only for docs longer than the sentence cap."""
    n = len(doc)
    if n <= MAX_SENTENCE_TOKENS:
        return None
    strings = doc.vocab.strings
    cols = doc.to_array([ORTH, IS_SPACE])
    ends = numpy.isin(cols[:, 0], numpy.asarray([strings.add(e) for e in SENTENCE_ENDS], dtype="uint64"))
    bounds = (numpy.flatnonzero(ends | (cols[:, 1] == 1)) + 1).tolist()
    natural: list[int] = []
    forced: set[int] = set()
    prev = 0
    for b in [*bounds, n]:
        while b - prev > MAX_SENTENCE_TOKENS:
            prev += MAX_SENTENCE_TOKENS
            natural.append(prev)
            forced.add(prev)
        if prev < b < n:
            natural.append(b)
        prev = max(prev, b)
    if not forced and n <= MAX_PIECE_TOKENS:
        return None
    out: list[tuple[int, int]] = []
    start = last = 0
    for b in [*natural, n]:
        if b - start > MAX_PIECE_TOKENS and last > start:
            out.append((start, last))
            start = last
        last = b
        if b in forced or b == n:
            out.append((start, b))
            start = b
    return [(a, b) for a, b in out if b > a]
