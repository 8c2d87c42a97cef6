"""Numbers with the thing they count: "About 28,500 US troops" -> 28500 of "US troops", qualifier "about".

Counts, fractions ("nearly half of its supply" -> 0.5), percentages and money. Dates, times, ordinals and
numbers that are part of a name ("Ascend 950", "Boeing 737") are not amounts.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from tidings.models import Amount, Span

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "dozens": 24,
    "hundred": 100, "hundreds": 200, "thousand": 1000, "thousands": 2000, "million": 1e6, "millions": 2e6,
    "billion": 1e9, "billions": 2e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "mn": 1e6, "tn": 1e12, "k": 1e3,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9,
               "mn": 1e6, "m": 1e6, "tn": 1e12}
FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
             "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1}
CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "dollars": "USD",
            "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yen": "JPY", "yuan": "CNY",
            "won": "KRW", "rubles": "RUB", "roubles": "RUB", "rupees": "INR"}
QUALIFIERS = ("more than", "less than", "fewer than", "at least", "at most", "up to", "as many as", "as much as",
              "nearly", "almost", "about", "around", "roughly", "approximately", "some", "over", "under",
              "just over", "just under", "close to", "an estimated", "estimated", "only", "barely", "exactly",
              "precisely")
SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL"})
_FRACTION_IDS = np.array(sorted(get_string_id(w) for w in FRACTIONS), dtype=np.uint64)  # as doc arrays hold them
NUM_RE = re.compile(r"^[\d,]*\.?\d+$")


def _number(tokens: list[Token]) -> float | None:
    value: float | None = None
    for t in tokens:
        w = t.lower_.replace(",", "")
        if NUM_RE.match(w):
            value = float(w) if value is None else value + float(w)
        elif w in MULTIPLIERS and value is not None:
            value *= MULTIPLIERS[w]
        elif w in WORD_NUMBERS:
            n = WORD_NUMBERS[w]
            value = n if value is None else (value * n if n >= 100 else value + n)
        elif w in ("-", "and", "a"):
            continue
        else:
            return value
    return value


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    window = doc[max(0, start - 3) : start].text.lower()
    for q in QUALIFIERS:
        if window.endswith(q):
            return q, start - len(q.split())
    return None, start


def _object_text(head: Token, exclude: set[int]) -> str | None:
    toks = [t for t in head.lefts if t.i not in exclude and t.dep_ in ("compound", "amod", "nmod", "poss", "case")]
    words = [t for t in toks if t.i > max(exclude, default=-1)] + [head]
    return head.doc[words[0].i : head.i + 1].text if words else head.text


def _of_phrase(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                end = pobj.i
                for g in pobj.rights:
                    if g.dep_ == "prep" and g.lower_ == "of":
                        end = max(end, max(x.i for x in g.subtree))
                start = min(x.i for x in pobj.subtree)
                return tok.doc[start : end + 1].text
    return None


def _starts(doc: Doc) -> list[int]:
    """Indices of the tokens an amount can start at: numbers and fraction words (found with array operations, so
    the other nineteen tokens in twenty never become Token objects)."""
    if len(doc) == 0:
        return []
    arr = doc.to_array([LOWER, LIKE_NUM])
    lows = arr[:, 0]
    # membership in the sorted fraction ids by binary search: np.isin costs tens of microseconds a call in set-up
    # alone, which on a short doc is more than the search
    at = np.minimum(np.searchsorted(_FRACTION_IDS, lows), len(_FRACTION_IDS) - 1)
    return np.flatnonzero((arr[:, 1] != 0) | (_FRACTION_IDS[at] == lows)).tolist()


def extract_amounts(doc: Doc) -> list[Amount]:
    out: list[Amount] = []
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    used: set[int] = set()
    for i in _starts(doc):  # any other token is neither a fraction nor like_num: the loop would skip it
        tok = doc[i]
        if tok.i in used or (tok.ent_type_ in SKIP_ENTS):
            continue
        low = tok.lower_
        if low in FRACTIONS and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            value = FRACTIONS[low]
            prev = tok.nbor(-1) if tok.i > 0 else None
            start = tok.i
            if prev is not None and (prev.lower_ in ("a", "one", "an") or prev.lower_ in WORD_NUMBERS):
                start = prev.i
                if prev.lower_ in WORD_NUMBERS and prev.lower_ not in ("a", "an", "one"):
                    value *= WORD_NUMBERS[prev.lower_]
            qual, qstart = _qualifier(doc, start)
            adv = [c.lower_ for c in tok.children if c.dep_ == "advmod"]
            qual = qual or (adv[0] if adv else None)
            if qual and qstart == start and adv:
                qstart = min(c.i for c in tok.children if c.dep_ == "advmod")
            used.update(range(start, tok.i + 1))
            out.append(Amount(value=round(value, 4), text=doc[qstart : tok.i + 1].text, object=_of_phrase(tok),
                              qualifier=qual, span=Span(doc[qstart].idx, tok.idx + len(tok.text)),
                              sentence=sent_index.get(tok.sent.start, 0), unit="share"))
            continue
        if not (tok.like_num and (tok.pos_ == "NUM" or NUM_RE.match(low.replace(",", "")))):
            continue
        if tok.i > 0 and tok.nbor(-1).pos_ == "PROPN" and tok.nbor(-1).ent_type_ not in ("MONEY", "CARDINAL"):
            continue  # a model number: "Ascend 950"
        end = tok.i + 1
        while end < len(doc) and (doc[end].like_num or doc[end].lower_ in MULTIPLIERS):
            end += 1
        start = tok.i
        while start > 0 and doc[start - 1].like_num and doc[start - 1].i not in used:
            start -= 1
        group = list(doc[start:end])
        value = _number(group)
        if value is None:
            continue
        used.update(range(start, end))
        unit = None
        prev = doc[start - 1] if start > 0 else None
        nxt = doc[end] if end < len(doc) else None
        if prev is not None and prev.text.lower() in CURRENCY:
            unit, start = CURRENCY[prev.text.lower()], start - 1
        elif nxt is not None and nxt.lower_ in ("%", "percent", "per"):
            unit = "percent"
        elif nxt is not None and nxt.lower_ in CURRENCY:
            unit = CURRENCY[nxt.lower_]
        qual, qstart = _qualifier(doc, start)
        head = group[-1].head
        obj = None
        if unit == "percent":
            obj = _of_phrase(nxt) if nxt is not None else None
        elif group[-1].dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN"):
            obj = _object_text(head, set(range(start, end)))
        elif unit is None:
            obj = _of_phrase(group[-1])
        if unit is None and obj is None:
            continue  # a bare number with nothing it counts says little
        last = head if obj and head.i >= end and unit != "percent" else doc[end - 1]
        span_end = last.idx + len(last.text)
        out.append(Amount(value=value, text=doc[qstart:end].text, object=obj, qualifier=qual,
                          span=Span(doc[qstart].idx, span_end), sentence=sent_index.get(tok.sent.start, 0),
                          unit=unit))
    return out


def extract_amounts_unparsed(doc: Doc, ranges: list[tuple[int, int, int]]) -> list[Amount]:
    """Amounts in sentences the pre-filter did not send to the parser: tokens only, no dependency tree.

    ``ranges`` holds (sentence index, start char, end char). The object is the run of content words after the
    number ("28,500 US troops are ..." -> "US troops"); a fraction's object is its "of" phrase.
    """
    out: list[Amount] = []
    if not ranges:
        return out
    starts = _starts(doc)  # ascending
    for s_idx, start_char, end_char in ranges:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            continue
        i = span.start
        while True:
            # a token that is neither a fraction nor like_num would only move the scan on by one: go straight to
            # the next that is, rather than stepping through every word of the sentence
            k = bisect_left(starts, i)
            if k == len(starts) or starts[k] >= span.end:
                break
            i = starts[k]
            tok = doc[i]
            low = tok.lower_
            if low in FRACTIONS and i + 1 < span.end and doc[i + 1].lower_ == "of":
                first = i - 1 if i > span.start and doc[i - 1].lower_ in ("a", "one", "an") else i
                qual, qstart = _qualifier(doc, first)
                j = i + 2
                while j < span.end and not doc[j].is_punct and j - i < 10:
                    j += 1
                obj = doc[i + 2 : j].text or None
                out.append(Amount(value=round(FRACTIONS[low], 4), text=doc[qstart : i + 1].text, object=obj,
                                  qualifier=qual, span=Span(doc[qstart].idx, tok.idx + len(tok.text)),
                                  sentence=s_idx, unit="share"))
                i = j
                continue
            if not tok.like_num or (i > span.start and doc[i - 1].is_title and not doc[i - 1].is_sent_start):
                i += 1
                continue
            end = i + 1
            while end < span.end and (doc[end].like_num or doc[end].lower_ in MULTIPLIERS):
                end += 1
            value = _number(list(doc[i:end]))
            unit, first = None, i
            if i > span.start and doc[i - 1].text.lower() in CURRENCY:
                unit, first = CURRENCY[doc[i - 1].text.lower()], i - 1
            elif end < span.end and doc[end].lower_ in ("%", "percent"):
                unit = "percent"
                end += 1
            elif end < span.end and doc[end].lower_ in CURRENCY:
                unit = CURRENCY[doc[end].lower_]
                end += 1
            j = end
            while j < span.end and j - end < 4 and doc[j].is_alpha and (not doc[j].is_stop or doc[j].is_upper):
                j += 1
            if value is None or (j == end and unit is None):
                i = end
                continue
            qual, qstart = _qualifier(doc, first)
            last = doc[j - 1] if j > end else doc[end - 1]
            out.append(Amount(value=value, text=doc[qstart:end].text, object=doc[end:j].text or None, qualifier=qual,
                              span=Span(doc[qstart].idx, last.idx + len(last.text)), sentence=s_idx, unit=unit))
            i = max(j, end)
    return out
