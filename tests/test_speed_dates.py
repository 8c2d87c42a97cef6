"""Oracle test: the shapes ``dates._direct`` reads without dateparser must give exactly dateparser's value.

A generated grid of expressions of every shape ``_direct`` knows (day and month in four orders, with or without a
weekday and a year, ordinals, abbreviations with and without a dot, invalid days; month and year; a year; a bare
month; last/this/next week, month, year; N units ago; last/this/next weekday; weekday and part of day) is read
against article dates at month and year edges and in leap and common years, and compared with the dateparser path
(``_parse`` unwrapped from its cache) for each direction, and through ``resolve`` with no direction (the nearer of the
two readings) against ``resolve`` with the direct path switched off.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random

import pytest

from tidings.context import dates
from tidings.context.dates import _direct, resolve

DATEPARSER = dates._parse.__wrapped__  # the dateparser path itself, not its cache

# month and year edges, leap years (2024, 2000) and common ones (2023, 2025, 1900), every weekday
BASES = [dt.date(*d) for d in [
    (2024, 2, 28), (2024, 2, 29), (2024, 3, 1), (2023, 2, 28), (2023, 3, 1), (2024, 12, 31), (2025, 1, 1),
    (2024, 1, 31), (2024, 1, 30), (2024, 3, 31), (2025, 6, 15), (2000, 2, 29), (1900, 3, 1), (2026, 1, 2),
    (2025, 11, 30), (2023, 4, 30), (2004, 11, 13), (2024, 7, 4), (2025, 9, 1),
]]
assert {b.weekday() for b in BASES} == set(range(7))

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]


def month_names(m: int) -> list[str]:
    """Every way the grid writes month ``m``: full, three letters and (September) four, each with and without a dot."""
    full = MONTHS[m - 1]
    names = {full, full[:3], full + ".", full[:3] + "."}
    if m == 9:
        names |= {"sept", "sept."}
    return sorted(names)


def ordinal(d: int, rng: random.Random) -> str:
    right = "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{rng.choice([right, right, right, 'st', 'nd', 'rd', 'th'])}"


NO_YEAR = ["{M} {D}", "{M} {O}", "{M} the {O}", "{D} {M}", "{O} {M}", "{O} of {M}", "{D} of {M}", "{D}  {M}",
           "{W}, {M} {D}", "{W} {M} {D}", "{W} {O} {M}", "{W}, {O} of {M}", "{M} {D:02d}"]
WITH_YEAR = ["{M} {D}, {Y}", "{M} {D} , {Y}", "{M} {D} {Y}", "{M} {D},{Y}", "{D} {M} {Y}", "{D} {M}, {Y}",
             "{M} {O}, {Y}", "{M} {O} {Y}", "{O} of {M} {Y}", "{O} of {M}, {Y}", "{W}, {M} {D}, {Y}",
             "{W} {D} {M} {Y}", "{M} the {O}, {Y}"]
MONTH_YEAR = ["{M} {Y}", "{M}, {Y}", "{M} , {Y}", "{M} of {Y}"]
COUNTS = ["a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "0", "1", "2", "3", "5", "7", "10", "12", "13", "24", "30", "52", "99"]
PARTS = ["morning", "afternoon", "evening", "night"]


def day_months(base: dt.date, rng: random.Random) -> list[tuple[int, int]]:
    """(month, day) pairs around the article date and at month ends, with invalid days."""
    out = set()
    for m in range(1, 13):
        last = calendar.monthrange(2023, m)[1]
        out |= {(m, 1), (m, 2), (m, 13), (m, last), (m, last + 1), (m, 31), (m, rng.randint(1, 31))}
    for delta in (-1, 0, 1):
        d = base + dt.timedelta(days=delta)
        out.add((d.month, d.day))
    out |= {(2, 28), (2, 29), (2, 30), (base.month, 29), (base.month, 30), (base.month, 0), (base.month, 32)}
    return sorted(out)


def grid(base: dt.date) -> list[tuple[str, bool]]:
    """(expression, whether ``_direct`` must read it) for one article date."""
    rng = random.Random(base.toordinal())
    out: list[tuple[str, bool]] = []
    years = [base.year - 1, base.year, base.year + 1, 2000, 1900, 1999, 2050, 1800]
    for m, d in day_months(base, rng):
        names = month_names(m)
        for forms, with_year in ((NO_YEAR, False), (NO_YEAR, False), (WITH_YEAR, True)):  # two forms without a year
            year = rng.choice(years)
            text = rng.choice(forms).format(M=rng.choice(names), D=d, O=ordinal(d, rng), Y=year, W=rng.choice(WEEKDAYS))
            try:
                dt.date(year if with_year else 2024, m, d)
                valid = not (m == 2 and d == 29 and not with_year)  # dateparser's own leap-year choice
            except ValueError:
                valid = False
            out.append((text, valid))
    for m in range(1, 13):
        for name in month_names(m):
            out.append((name, not (m == 2 and min(base.day, calendar.monthrange(base.year, 2)[1]) == 29)))
            for form in rng.sample(MONTH_YEAR, 2):
                out.append((form.format(M=name, Y=rng.choice(years)), True))
        # the article's month a year on, which the future reading brings back to this year (``_value``)
        out.append((f"{MONTHS[base.month - 1]} {base.year + 1}", True))
    out += [(str(y), True) for y in years + [1850, 2099]]
    out += [(f"{mod} {unit}{s}", True) for mod in ("last", "this", "next") for unit in ("week", "month", "year")
            for s in ("", "'s")]
    for unit in ("day", "week", "month", "year"):
        for n in COUNTS:
            plural = "" if n in ("a", "an", "one", "1") and rng.random() < 0.7 else "s"
            out.append((f"{n} {unit}{plural} ago", True))
    out += [(f"{mod} {w}", True) for mod in ("last", "this", "next") for w in WEEKDAYS]
    out += [(f"{w} {p}", True) for w in WEEKDAYS for p in PARTS]
    # near misses that the direct path must leave to dateparser
    out += [(t, False) for t in ("march 45", "march 2-3", "may 10 to 11", "the weekend", "mid-2025", "2024-25",
                                 "early march", "march this year", "1.5 years ago", "100 years ago",
                                 "last monday night", "sunday, march 31 at noon", "weekend", "")]
    return out


def test_direct_reads_like_dateparser():
    read = 0
    for base in BASES:
        for text, must in grid(base):
            for prefer in ("past", "future"):
                got = _direct(text, base, prefer)
                if got is None:
                    assert not must, (text, base, prefer)
                    continue
                read += 1
                assert got == DATEPARSER(text, base, prefer), (text, base, prefer)
    assert read > 8_000


def test_resolve_without_direction_is_unchanged(monkeypatch):
    rng = random.Random(7)
    cases = []
    for base in BASES:
        exprs = [t for t, must in grid(base) if must]
        cases += [(t, base) for t in rng.sample(exprs, 60)]
        cases += [(t, None) for t in exprs if any(c.isdigit() for c in t) and rng.random() < 0.1]
    cases = [(t.title() if rng.random() < 0.5 else t, base) for t, base in cases]
    direct = [resolve(t, base, None) for t, base in cases]
    monkeypatch.setattr(dates, "_direct", lambda text, base, prefer: None)
    for (text, base), got in zip(cases, direct, strict=True):
        assert got == resolve(text, base, None), (text, base)


@pytest.mark.parametrize("text,value", [
    ("January 4", "2026-01-04"), ("4 January 2026", "2026-01-04"), ("Jan. 4th, 2026", "2026-01-04"),
    ("January 2026", "2026-01"), ("last week", "2025-12-26"), ("two years ago", "2024"), ("2015", "2015"),
    ("last Friday", "2025-12-26"), ("Sunday night", "2026-01-04"),
])
def test_direct_path_examples(text, value):
    """An article of Friday 2 January 2026: read directly, with the values dateparser gives."""
    assert _direct(text.lower(), dt.date(2026, 1, 2), "future") is not None
    assert resolve(text, dt.date(2026, 1, 2), "future")[0] == value
