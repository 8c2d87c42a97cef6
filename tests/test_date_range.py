"""Issue 18: one range of dates (1800-01-01 to 2200-12-31) for every date source, and day ranges read as their first
day. Every article here is written for these tests.

Before: a feed's already-parsed pubDate, `--date 0001-01-01` and "31 December 9999" in the text all reached the
store's dedup, whose date window overflowed and stopped the whole ingest; "April 9-12" was read as 9 April 1912.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tidings.context.dates import first_day, resolve
from tidings.errors import InputError
from tidings.jobs.ingest import ingest
from tidings.models import Article, parse_date
from tidings.readers.records import parse_when
from tidings.store import Store
from tidings.store.dedup import assign_events, shifted

STORY = "Ecuador recalled its ambassador from Bolivia on {when}, the foreign ministry in Quito said."


def _feed(pub_dates: list[str]) -> str:
    items = "".join(f"<item><title>Envoy {i}</title><link>https://wire.example/{i}</link>"
                    f"<description>{STORY.format(when='Friday')} Story {i}.</description>"
                    f"<pubDate>{d}</pubDate></item>" for i, d in enumerate(pub_dates))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Andes Wire</title>{items}</channel></rss>'


def _warc(path: Path, warc_dates: list[str]) -> None:
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, d in enumerate(warc_dates):
            body = f"{STORY.format(when='Monday')} Crawled page {i}.".encode()
            writer.write_record(writer.create_warc_record(
                f"https://andes.example/{i}", "resource", payload=io.BytesIO(body),
                warc_headers_dict={"WARC-Date": d, "Content-Type": "text/plain"}))


def test_every_date_source_keeps_to_one_range(pipe, tmp_path):
    """One good and one out-of-range record per format: the bad ones are rejects naming the range, the good ones
    are stored, nothing stops the batch (before: OverflowError in dedup from the feed's year 0001)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.rss").write_text(_feed(["Mon, 01 Jan 0001 00:00:00 +0000", "Fri, 06 Mar 2026 09:00:00 +0000",
                                            "Fri, 31 Dec 9999 23:59:59 +0000"]))
    (folder / "old.txt").write_text("---\ndate: 0001-01-01\n---\n" + STORY.format(when="Tuesday") + "\n")
    (folder / "new.txt").write_text("---\ndate: 2026-03-03\n---\n" + STORY.format(when="Tuesday") + " Again.\n")
    (folder / "records.jsonl").write_text("".join(json.dumps({"text": STORY.format(when=w) + f" Record {w}.",
                                                              "date": d}) + "\n"
                                                  for w, d in (("Sunday", "9999-12-31"), ("Monday", "2026-03-02"))))
    _warc(folder / "crawl.warc.gz", ["0001-01-01T00:00:00Z", "2026-03-04T08:00:00Z"])
    db = tmp_path / "range.duckdb"
    report = ingest([folder], db, pipeline=pipe)
    reasons = sorted(r.reason for r in report.rejects)
    assert report.rejected == 5 and all("out of range" in r and "1800-01-01 to 2200-12-31" in r for r in reasons)
    assert report.added == 4
    with Store(db, read_only=True) as store:
        days = sorted(d for (d,) in store.con.execute("SELECT date FROM articles").fetchall())
        assert days == [dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4), dt.date(2026, 3, 6)]


def test_parsed_feed_dates_are_range_checked():
    """feedparser hands over a struct_time and YAML a date: they skipped the check text dates had."""
    for value in (time.struct_time((1, 1, 1, 0, 0, 0, 0, 1, 0)), dt.date(9999, 12, 31), dt.datetime(1, 1, 1),
                  "Mon, 01 Jan 0001 00:00:00 +0000"):  # RFC 2822 would read a written 0001 as 2001
        with pytest.raises(ValueError, match="out of range"):
            parse_when(value)
    assert parse_when(time.struct_time((2026, 3, 6, 9, 0, 0, 4, 65, 0))) == dt.date(2026, 3, 6)
    assert parse_when(dt.date(1800, 1, 1)) == dt.date(1800, 1, 1) and parse_when("2200-12-31") == dt.date(2200, 12, 31)


def test_user_dates_out_of_range_are_input_errors(tmp_path):
    for bad in ("0001-01-01", "9999-12-31", dt.date(1799, 12, 31)):
        with pytest.raises(InputError, match="1800-01-01 to 2200-12-31"):
            parse_date(bad, "--date")
    with pytest.raises(InputError, match="out of range"):
        Article(text="A made-up article.", date=dt.date(1, 1, 1))  # the API cannot build one either
    f = tmp_path / "a.txt"
    f.write_text(STORY.format(when="Tuesday") + "\n")
    for bad in ("0001-01-01", "9999-12-31"):
        proc = run_cli("ingest", str(f), "--db", str(tmp_path / "x.duckdb"), "--date", bad)
        err = proc.stderr.decode()
        assert proc.returncode == 2, err
        assert err.startswith(f"tidings: error: bad --date '{bad}'") and err.count("\n") == 1, err
    proc = run_cli("code", "--date", "9999-12-31", stdin=STORY.format(when="Tuesday").encode())
    assert proc.returncode == 2 and "Traceback" not in proc.stderr.decode()


def test_text_dates_out_of_range_are_ignored(pipe, tmp_path):
    """A date the text gives outside the range is no event's date (before: 9999-12-31, then OverflowError)."""
    text = ("Peru and Chile signed a fisheries accord on 31 December 9999, according to the satirical weekly. "
            "Chile also thanked Peru on Monday.")
    coded = pipe.code(text, date="2026-03-04")
    assert coded.events
    assert all(not d.value.startswith("9999") for d in coded.context.dates)
    assert all(e.context.event_date is None or e.context.event_date.startswith("2026") for e in coded.events)
    assert resolve("31 December 9999", dt.date(2026, 3, 4), None) is None
    assert resolve("in 3000", dt.date(2026, 3, 4), None) is None
    f = tmp_path / "far.jsonl"
    f.write_text(json.dumps({"text": text, "date": "2026-03-04"}) + "\n")
    db = tmp_path / "far.duckdb"
    report = ingest([f], db, pipeline=pipe)
    assert report.added == 1 and report.rejected == 0
    with Store(db, read_only=True) as store:
        assert {d.year for (d,) in store.con.execute("SELECT date FROM events").fetchall()} == {2026}


def _mention(article: str, day: dt.date) -> dict:
    return {"mention_id": f"{article}:0", "article_id": article, "evidence_id": f"{article}:0", "idx": 0,
            "sentence": 0, "date": day, "source_key": "PER", "target_key": "CHL", "source_name": "Peru",
            "target_name": "Chile", "cameo": "057", "cameo_root": "05", "modality": "asserted",
            "evidence": "Peru and Chile signed an accord.", "data_json": "{}"}


def test_dedup_cannot_overflow(tmp_path):
    """Defence in depth: a date at the very ends of the calendar, or a window of a billion days, still bounds a
    search instead of raising OverflowError (as it did for date.min - 1 day)."""
    assert shifted(dt.date.min, -1) == dt.date.min and shifted(dt.date.max, 1) == dt.date.max
    assert shifted(dt.date(2026, 3, 4), 10**12) == dt.date.max
    with Store(tmp_path / "d.duckdb") as store:
        mentions = [_mention("a1", dt.date.min), _mention("a2", dt.date.max), _mention("a3", dt.date(2026, 3, 4))]
        for window, n_events in ((1, 3), (10**10, 1)):  # a billion-day window joins them all
            new, _ = assign_events(store.con, [dict(m) for m in mentions], window_days=window)
            assert len(new) == n_events


@pytest.mark.parametrize(("text", "article_day", "expected"), [
    ("April 9-12", dt.date(2011, 4, 20), "2011-04-09"),            # was 1912-04-09: "12" read as a year
    ("April 9–12", dt.date(2011, 4, 20), "2011-04-09"),            # en dash
    ("April 29-30", dt.date(2011, 5, 2), "2011-04-29"),            # was 1930-04-29
    ("April 9 and 12", dt.date(2011, 4, 20), "2011-04-09"),        # was 1912-04-09
    ("April 9 to 12", dt.date(2011, 4, 20), "2011-04-09"),         # was nothing
    ("between 9 and 12 April", dt.date(2011, 4, 20), "2011-04-09"),  # was nothing
    ("9-12 April", dt.date(2011, 4, 20), "2011-04-09"),            # already right: stays so
    ("April 30-May 2", dt.date(2011, 5, 20), "2011-04-30"),
    ("December 28-30", dt.date(2012, 1, 5), "2011-12-28"),         # the year context: last December
    ("December 28-30, 2009", dt.date(2012, 1, 5), "2009-12-28"),  # a written year stands
])
def test_day_ranges_take_their_first_day(text, article_day, expected):
    assert resolve(text, article_day, "past") == (expected, "day")
    assert resolve(text, article_day, None) == (expected, "day")


def test_first_day_leaves_other_dates_alone():
    for text in ("April 2011 - May 2012", "1-2 weeks", "April 9", "9/12", "2011-2012"):
        assert first_day(text) == text
    assert first_day("9 April to 12 May 2011") == "9 April 2011"


def test_range_in_an_article_dates_its_event(pipe):
    coded = pipe.code("Ecuador hosted Bolivian trade negotiators in Quito on April 9-12.", date="2011-04-20")
    assert [d.value for d in coded.context.dates] == ["2011-04-09"]
    assert coded.events and {e.context.event_date for e in coded.events} == {"2011-04-09"}
