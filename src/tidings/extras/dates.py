"""Temporal expressions resolved against the article date: "on Sunday" -> 2026-01-04, "in December" -> 2025-12.

spaCy's DATE entities say *where* the expressions are; dateparser says *what* they mean relative to the article
date. What dateparser cannot know is the direction: "Sunday" in an article dated Friday 2 January 2026 is the 4th
in "will host ... starting on Sunday" and 28 December in "met on Sunday". The direction comes from the sentence:
the expression's own words ("last", "next"), then a cue word just before it ("starting on Sunday" looks ahead), then
the tense of the verb it hangs from ("will", "is set to" -> future; past tense -> past); a bare present takes whichever
reading is nearer the article date. Durations ("two months", "annual", "the 1990s") are not dates and are skipped.

dateparser costs about half a millisecond a call, so results are cached per (expression, article date, direction).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# an expression is worth resolving only if it names a day, a month, a year or a relative anchor
DATE_CUE = re.compile(
    rf"\b(?:{_WEEKDAYS}|{_MONTHS})\b\.?|\b(?:today|yesterday|tomorrow|tonight|ago)\b"
    r"|\b(?:last|next|this|coming|previous)\s+(?:week|month|year)\b|\b(?:1[89]|20)\d\d\b(?!s)|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)
_MODIFIERS = re.compile(r"\b(?:earlier|later|early|late|mid|the end of|the start of|the beginning of|end of|"
                        r"start of|beginning of)\b[\s-]*", re.IGNORECASE)
_LEAD = re.compile(r"^(?:on|in|since|by|until|till|from|at|during|around|before|after|as of|the)\s+", re.IGNORECASE)
_MONTH_ANCHOR = re.compile(rf"^(last|next|this|coming)\s+(?=(?:{_MONTHS})\b)", re.IGNORECASE)

PAST_WORDS = frozenset({"last", "ago", "previous", "yesterday", "earlier", "past"})
FUTURE_WORDS = frozenset({"next", "coming", "upcoming", "tomorrow"})
FUTURE_CUES = frozenset({"starting", "beginning", "ahead"})
FUTURE_HEADS = frozenset({"plan", "aim", "expect", "schedule", "intend", "hope", "set", "due", "prepare", "seek"})
RESOLUTION = {"day": "day", "part_of_day": "day", "week": "week", "month": "month", "year": "year"}


@dataclass(frozen=True)
class DateMention:
    """A resolved temporal expression: ``value`` is YYYY-MM-DD, YYYY-MM or YYYY as ``resolution`` says."""

    text: str
    start: int
    end: int
    value: str
    resolution: str  # day | week | month | year
    sentence: int
    root: int  # token index of the expression's head, to attach it to events

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": [self.start, self.end], "date": self.value,
                "resolution": self.resolution, "sentence": self.sentence}


def find_dates(doc: Doc, sent_of: list[int], day: dt.date | None, ents: tuple[Span, ...] | None = None
               ) -> list[DateMention]:
    """Every DATE/TIME entity that names a point in time, resolved against the article date ``day`` (``ents``: the
    doc's entities, when the caller has them: spaCy builds the tuple anew on each ``doc.ents``)."""
    out: list[DateMention] = []
    for ent in doc.ents if ents is None else ents:
        if ent.label_ not in ("DATE", "TIME") or not DATE_CUE.search(ent.text):
            continue
        text = ent.text.strip()
        if day is None and not re.search(r"\b(?:1[89]|20)\d\d\b", text):
            continue  # a relative expression with no article date to anchor it means nothing
        resolved = resolve(text, day, direction(ent))
        if resolved is not None:
            out.append(DateMention(text, ent.start_char, ent.end_char, resolved[0], resolved[1],
                                   sent_of[ent.root.i], ent.root.i))
    return out


def direction(ent: Span) -> str | None:
    """"past", "future" or None (nearest) for an expression, from its words, its verb's tense and cue words."""
    words = {t.lower_ for t in ent}
    if words & PAST_WORDS:
        return "past"
    if words & FUTURE_WORDS:
        return "future"
    doc = ent.doc
    for i in range(max(ent.start - 2, 0), ent.start):
        if doc[i].lower_ in FUTURE_CUES:  # "a visit starting on Sunday" looks ahead whatever the main verb's tense
            return "future"
    return _tense(ent.root)


def _tense(tok: Token) -> str | None:
    """Walk up from the expression to the first finite verb and read its tense."""
    at = tok.i
    for _ in range(8):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if tok.dep_ == "ccomp" and subj is not None and tok.head.i < at < subj.i:
            continue  # "said in December he would ...": the date is the saying's, misattached by the parser
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        lemmas = {c.lemma_.lower() for c in aux}
        if lemmas & {"will", "shall", "would", "'ll"} or tok.lower_ in ("will", "shall"):
            return "future"
        if any(c.lower_ == "to" for c in aux):
            head = tok.head
            if head.lemma_.lower() in FUTURE_HEADS or any(c.lower_ in ("set", "due", "scheduled")
                                                          for c in head.children):
                return "future"
        if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux) or (lemmas & {"have"} and tok.tag_ == "VBN"):
            return "past"
        if tok.tag_ in ("VBZ", "VBP") and not aux:
            return None
        if any(c.lower_ in ("going",) for c in aux):
            return "future"
    return None


_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"]
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def _simple(norm: str, day: dt.date, prefer: str | None) -> tuple[str, str] | None:
    """The common expressions resolved directly, as dateparser would, without its cost (a bare weekday, month
    or year; today, yesterday, tomorrow). None for anything else."""
    w = norm.lower().rstrip(".")
    if w in ("today", "tonight"):
        return day.isoformat(), "day"
    if w in ("yesterday", "tomorrow"):
        return (day + dt.timedelta(days=1 if w == "tomorrow" else -1)).isoformat(), "day"
    if _YEAR.match(w):
        return w, "year"
    if w.rstrip("s") in _WEEKDAY_NAMES:
        target = _WEEKDAY_NAMES.index(w.rstrip("s"))
        if target == day.weekday():
            return day.isoformat(), "day"  # "on Tuesday" in a Tuesday's paper is that day, not a week away
        back = (day.weekday() - target) % 7
        past, future = day - dt.timedelta(days=back), day + dt.timedelta(days=7 - back)
        if prefer == "past":
            return past.isoformat(), "day"
        if prefer == "future":
            return future.isoformat(), "day"
        return (past if back <= 7 - back else future).isoformat(), "day"
    if w in _MONTH_NAMES and prefer in ("past", "future"):
        m = _MONTH_NAMES.index(w) + 1
        year = day.year
        if prefer == "past" and m > day.month:
            year -= 1
        elif prefer == "future" and m < day.month:
            year += 1
        return f"{year:04d}-{m:02d}", "month"
    return None


def normalise(text: str) -> tuple[str, str | None]:
    """Strip what dateparser stumbles on ("late December" -> "December"); "last December" gives a direction."""
    t = _MODIFIERS.sub("", text.replace("’", "'")).strip(" -,")
    for _ in range(2):
        t = _LEAD.sub("", t)
    hint = None
    m = _MONTH_ANCHOR.match(t)
    if m:
        hint = {"last": "past"}.get(m.group(1).lower(), "future" if m.group(1).lower() != "this" else None)
        t = t[m.end():]
    return t.strip(), hint


def resolve(text: str, day: dt.date | None, prefer: str | None) -> tuple[str, str] | None:
    """(value, resolution) for one expression, or None when dateparser cannot read it."""
    norm, hint = normalise(text)
    if not norm:
        return None
    prefer = hint or prefer
    base = day or dt.date(2000, 1, 1)
    if day is not None:
        quick = _simple(norm, day, prefer)
        if quick is not None:
            return quick
    if prefer is not None:
        return _parse(norm.lower(), base, prefer)
    past, future = _parse(norm.lower(), base, "past"), _parse(norm.lower(), base, "future")
    if past is None or future is None or past == future:
        return past or future
    return past if _distance(past[0], base) <= _distance(future[0], base) else future


def _distance(value: str, base: dt.date) -> int:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return abs((dt.date(parts[0], parts[1], parts[2]) - base).days)


@lru_cache(maxsize=20_000)
def _parse(text: str, base: dt.date, prefer: str) -> tuple[str, str] | None:
    data = _parser(base, prefer).get_date_data(text)
    if data is None or data.date_obj is None or data.period not in RESOLUTION:
        return None
    d = data.date_obj.date()
    res = RESOLUTION[data.period]
    if res == "month":
        if prefer == "future" and d.month == base.month and d.year == base.year + 1:
            d = d.replace(year=base.year)  # "in January", written in January, is this January
        return f"{d.year:04d}-{d.month:02d}", res
    if res == "year":
        return f"{d.year:04d}", res
    return d.isoformat(), res


@lru_cache(maxsize=1)
def warm_dates() -> None:
    """Load dateparser's English data now (a fifth of a second, once per process) rather than in the first article
    that has a date to resolve. Uses a parser of its own, so no cache of this module sees the warm-up."""
    from dateparser.date import DateDataParser

    DateDataParser(languages=["en"]).get_date_data("1 January 2000")


@lru_cache(maxsize=64)
def _parser(base: dt.date, prefer: str) -> Any:
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer,
                "RETURN_TIME_AS_PERIOD": True, "REQUIRE_PARTS": []}
    return DateDataParser(languages=["en"], settings=settings)
