"""Temporal expressions resolved against the article date: "on Sunday" -> 2026-01-04, "in December" -> 2025-12.

spaCy's DATE entities say *where* the expressions are; dateparser says *what* they mean relative to the article
date. What dateparser cannot know is the direction: "Sunday" in an article dated Friday 2 January 2026 is the 4th
in "will host ... starting on Sunday" and 28 December in "met on Sunday". The direction comes from the sentence:
the expression's own words ("last", "next"), then a cue word just before it ("starting on Sunday" looks ahead), then
the tense of the verb it hangs from ("will", "is set to" -> future; past tense -> past); a bare present takes whichever
reading is nearer the article date. Durations ("two months", "annual", "the 1990s") are not dates and are skipped.

dateparser costs about half a millisecond a call, so the shapes news uses most (a year, "january 4", "4 january 2026",
"january 2026", "last week", "two years ago", "last friday", "friday night"...) are read directly by ``_direct``,
which gives exactly what dateparser gives (tests/test_speed_dates.py checks it against dateparser over a grid of
expressions and article dates); the rest go to dateparser, cached per (expression, article date, direction).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tidings.models import DateMention, Span, year_in_range

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


def find_dates(doc: Doc, sent_of: list[int], day: dt.date | None, ents: tuple[SpacySpan, ...] | None = None
               ) -> list[tuple[DateMention, int]]:
    """Every DATE/TIME entity that names a point in time, resolved against the article date ``day``, with the
    index of its head token (to attach it to events; ``ents``: the doc's entities, when the caller has them: spaCy
    builds the tuple anew on each ``doc.ents``)."""
    out: list[tuple[DateMention, int]] = []
    for ent in doc.ents if ents is None else ents:
        if ent.label_ not in ("DATE", "TIME") or not DATE_CUE.search(ent.text):
            continue
        text = ent.text.strip()
        if day is None and not re.search(r"\b(?:1[89]|20)\d\d\b", text):
            continue  # a relative expression with no article date to anchor it means nothing
        resolved = resolve(text, day, direction(ent))
        if resolved is not None:
            root = ent.root.i
            out.append((DateMention(text, Span(ent.start_char, ent.end_char), resolved[0], resolved[1],
                                    sent_of[root]), root))
    return out


def direction(ent: SpacySpan) -> str | None:
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


# A range of days names its first day: "April 9-12", "April 9 to 12", "9-12 April", "between 9 and 12 April",
# "April 30-May 2" (with or without a year after it) are read as "April 9" (or "April 30"), in the article's year.
# Left whole, dateparser reads the second day as a two-digit year: "April 9-12" became 9 April 1912 (or 2012).
_RANGE_SEP = r"\s*(?:-|–|—|to|and|through|until|till)\s*"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_MON = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|" \
       r"jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_DAY_RANGE = re.compile(
    rf"^(?:(?P<m1>{_MON})\s+(?:the\s+)?(?P<d1>{_DAY}){_RANGE_SEP}(?:{_MON}\s+)?(?:the\s+)?{_DAY}"
    rf"|(?:between\s+)?(?:the\s+)?(?P<d2>{_DAY})(?:\s+(?:of\s+)?(?P<m3>{_MON}))?{_RANGE_SEP}(?:the\s+)?{_DAY}\s+(?:of\s+)?"
    rf"(?P<m2>{_MON}))(?=$|[\s,])", re.IGNORECASE)


def first_day(text: str) -> str:
    """A range of days reduced to its first day ("april 9-12, 2011" -> "april 9, 2011"); other text unchanged."""
    m = _DAY_RANGE.match(text)
    if m is None:
        return text
    day = f"{m['m1']} {m['d1']}" if m["m1"] else f"{m['d2']} {m['m3'] or m['m2']}"
    return day + text[m.end():]


def normalise(text: str) -> tuple[str, str | None]:
    """Strip what dateparser stumbles on ("late December" -> "December", "April 9-12" -> "April 9"); "last December"
    gives a direction."""
    t = _MODIFIERS.sub("", text.replace("’", "'")).strip(" -,")
    for _ in range(2):
        t = _LEAD.sub("", t)
    hint = None
    m = _MONTH_ANCHOR.match(t)
    if m:
        hint = {"last": "past"}.get(m.group(1).lower(), "future" if m.group(1).lower() != "this" else None)
        t = t[m.end():]
    return first_day(t.strip()), hint


def resolve(text: str, day: dt.date | None, prefer: str | None) -> tuple[str, str] | None:
    """(value, resolution) for one expression, or None when dateparser cannot read it or reads a year outside the
    dates tidings keeps (``models.FIRST_DATE``..``LAST_DATE``: "31 December 9999" is no event's date)."""
    found = _resolve(text, day, prefer)
    return found if found is None or year_in_range(int(found[0][:4])) else None


def _resolve(text: str, day: dt.date | None, prefer: str | None) -> tuple[str, str] | None:
    norm, hint = normalise(text)
    if not norm:
        return None
    prefer = hint or prefer
    base = day or dt.date(2000, 1, 1)
    if day is not None:
        quick = _simple(norm, day, prefer)
        if quick is not None:
            return quick
    low = norm.lower()
    if prefer is not None:
        return _read(low, base, prefer)
    past, future = _read(low, base, "past"), _read(low, base, "future")
    if past is None or future is None or past == future:
        return past or future
    return past if _distance(past[0], base) <= _distance(future[0], base) else future


def _distance(value: str, base: dt.date) -> int:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return abs((dt.date(parts[0], parts[1], parts[2]) - base).days)


def _read(text: str, base: dt.date, prefer: str) -> tuple[str, str] | None:
    """What dateparser makes of ``text`` (lower case), directly for the shapes ``_direct`` knows."""
    found = _direct(text, base, prefer)
    return found if found is not None else _parse(text, base, prefer)


@lru_cache(maxsize=20_000)
def _parse(text: str, base: dt.date, prefer: str) -> tuple[str, str] | None:
    """dateparser's reading of ``text`` (lower case) against ``base``, as (value, resolution)."""
    data = _parser(base, prefer).get_date_data(text)
    if data is None or data.date_obj is None or data.period not in RESOLUTION:
        return None
    return _value(data.date_obj.date(), RESOLUTION[data.period], base, prefer,
                  written_year=_WRITTEN_YEAR.search(text) is not None)


def _value(d: dt.date, res: str, base: dt.date, prefer: str, written_year: bool = False) -> tuple[str, str]:
    """(value, resolution) of a date dateparser read with period ``res``: YYYY-MM-DD, YYYY-MM or YYYY.
    ``written_year``: the expression names its year, which then stands as written."""
    if res == "month":
        if prefer == "future" and d.month == base.month and d.year == base.year + 1 and not written_year:
            d = d.replace(year=base.year)  # "in January", written in January, is this January ("January 2027" is not)
        return f"{d.year:04d}-{d.month:02d}", res
    if res == "year":
        return f"{d.year:04d}", res
    return d.isoformat(), res


# ----------------------------------------------------------------------------------- dateparser's readings, directly
# Each shape below is read as dateparser 1.5 reads it with ``_parser``'s settings (RELATIVE_BASE at midnight,
# PREFER_DATES_FROM past or future, RETURN_TIME_AS_PERIOD, languages en); ``_direct`` gives None for anything else
# and for the corners where dateparser does something of its own (an invalid day, 29 February without a year), which
# then go to dateparser itself. tests/test_speed_dates.py holds the two to the same value over a grid of expressions
# and article dates.
_MONTH_NUMBER = {**{m: i + 1 for i, m in enumerate(_MONTH_NAMES)}, **{m[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES)},
                 "sept": 9}
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_M = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|" \
     r"jul|aug|sept|sep|oct|nov|dec)"
_D = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:1[89]|20)\d\d"
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# [weekday[,]] day and month in one of four orders [[,] year]: "4 january", "jan. 4th, 2026", "sunday, 4th of january"
_DAY_MONTH = re.compile(
    rf"(?:{_WD}\s*,?\s+)?(?:(?P<m1>{_M})\.?\s+(?:the\s+)?(?P<d1>{_D})|(?P<d2>{_D})\s+(?:of\s+)?(?P<m2>{_M})\.?)"
    rf"(?:(?:\s*,\s*|\s+)(?P<y>{_Y}))?")
_MONTH_YEAR = re.compile(rf"(?P<m>{_M})\.?(?:\s*,\s*|\s+|\s+of\s+)(?P<y>{_Y})")  # "january 2026", "jan. of 2026"
_MONTH = re.compile(rf"(?P<m>{_M})\.?")  # "january", "jan.": ``_simple`` reads it first when it has a direction
_YEAR_ONLY = re.compile(_Y)
_WRITTEN_YEAR = re.compile(rf"\b{_Y}\b")
_RELATIVE = re.compile(r"(?P<mod>last|this|next)\s+(?P<unit>week|month|year)(?:'s)?")  # "last week", "next year's"
_AGO = re.compile(rf"(?P<n>\d{{1,2}}|{'|'.join(_COUNT)})\s+(?P<unit>day|week|month|year)s?\s+ago")  # "two years ago"
_WEEKDAY_MOD = re.compile(rf"(?P<mod>last|this|next)\s+(?P<wd>{_WD})")  # "last friday"
_WEEKDAY_PART = re.compile(rf"(?P<wd>{_WD})\s+(?:morning|afternoon|evening|night)")  # "friday night"


def _direct(text: str, base: dt.date, prefer: str) -> tuple[str, str] | None:
    """``_parse(text, base, prefer)`` without dateparser, for the shapes above; None for any other text."""
    if prefer not in ("past", "future"):
        return None
    m = _DAY_MONTH.fullmatch(text)
    if m is not None:
        month = _MONTH_NUMBER[m["m1"] or m["m2"]]
        day = int((m["d1"] or m["d2"]).rstrip("stndrh"))
        if m["y"] is not None:
            try:
                return _value(dt.date(int(m["y"]), month, day), "day", base, prefer)
            except ValueError:
                return None  # "february 30, 2026": left to dateparser (which reads nothing there)
        if month == 2 and day == 29:
            return None  # dateparser moves a yearless 29 February to a leap year of its choosing
        try:
            d = dt.date(base.year, month, day)
        except ValueError:
            return None
        # a day and month without a year: this year's, unless it falls on the wrong side of the article date
        # (the article's own day counts as past)
        if base < d and prefer == "past":
            d = d.replace(year=base.year - 1)
        elif base >= d and prefer == "future":
            d = d.replace(year=base.year + 1)
        return _value(d, "day", base, prefer)
    m = _MONTH_YEAR.fullmatch(text)
    if m is not None:
        return _value(dt.date(int(m["y"]), _MONTH_NUMBER[m["m"]], 1), "month", base, prefer, written_year=True)
    if _YEAR_ONLY.fullmatch(text):
        return text, "year"
    m = _MONTH.fullmatch(text)
    if m is not None:
        month = _MONTH_NUMBER[m["m"]]
        day = min(base.day, calendar.monthrange(base.year, month)[1])  # the article's day, within the month
        if month == 2 and day == 29:
            return None  # moving 29 February a year sends dateparser to a leap year
        year = base.year
        if base < dt.date(year, month, day):
            if prefer == "past":
                year -= 1
        elif prefer == "future":
            year += 1
        return _value(dt.date(year, month, 1), "month", base, prefer)
    m = _RELATIVE.fullmatch(text)
    if m is not None:
        step = {"last": -1, "this": 0, "next": 1}[m["mod"]]
        return _shift(base, step, m["unit"], prefer)
    m = _AGO.fullmatch(text)
    if m is not None:
        n = _COUNT.get(m["n"]) or int(m["n"])
        return _shift(base, -n, m["unit"], prefer)
    m = _WEEKDAY_MOD.fullmatch(text)
    if m is not None:
        target = _WEEKDAY_NAMES.index(m["wd"])
        forward, back = (target - base.weekday()) % 7, (base.weekday() - target) % 7
        steps = {"last": -(back or 7), "this": forward, "next": forward or 7}[m["mod"]]
        return _value(base + dt.timedelta(days=steps), "day", base, prefer)
    m = _WEEKDAY_PART.fullmatch(text)
    if m is not None:
        target = _WEEKDAY_NAMES.index(m["wd"])
        forward, back = (target - base.weekday()) % 7, (base.weekday() - target) % 7
        steps = (forward or 7) if prefer == "future" else -(back or 7)  # a week away on the article's own weekday
        return _value(base + dt.timedelta(days=steps), "day", base, prefer)
    return None


def _shift(base: dt.date, n: int, unit: str, prefer: str) -> tuple[str, str]:
    """The article date moved ``n`` days, weeks, months or years, with that unit as the period, as dateparser's
    relative dates ("last week", "3 months ago") are."""
    if unit == "day":
        return _value(base + dt.timedelta(days=n), "day", base, prefer)
    if unit == "week":
        return _value(base + dt.timedelta(weeks=n), "week", base, prefer)
    if unit == "month":
        year, month0 = divmod(base.year * 12 + base.month - 1 + n, 12)
        return _value(dt.date(year, month0 + 1, 1), "month", base, prefer)
    return _value(dt.date(base.year + n, 1, 1), "year", base, prefer)


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
