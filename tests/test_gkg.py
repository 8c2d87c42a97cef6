"""GKG 2.1 export: 27 tab-separated columns in GDELT's order, read back by position as GDELT tools read them."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.context.annotate import ContextAnnotator
from tidings.export.gkg import GKG_COLUMNS, gkg_record, write_gkg
from tidings.models import Article

COL = {name: i for i, name in enumerate(GKG_COLUMNS)}


def blocks(field: str, sep: str = ";") -> list[str]:
    return [b for b in field.split(sep) if b]


def read_back(path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    rows = [line.split("\t") for line in lines[:-1]]
    assert all(len(r) == 27 for r in rows)
    return rows


@pytest.fixture(scope="module")
def seed_row(pipe, seed_text):
    """A coded-article dict with its context keys, as the store hands it to the exporter."""
    article = Article(text=seed_text, date=dt.date(2026, 1, 2), title="Xi hosts Lee", url="https://news.example/a1")
    coded = pipe.code(article)
    art_keys, per_event = ContextAnnotator(pipe.kb).annotate(pipe.nlp(seed_text), article, coded.events)
    row = coded.to_dict()
    row.update(art_keys.to_dict())
    for ev, extra in zip(row["events"], per_event, strict=True):
        ev.update(extra.to_dict())
    return row


def test_columns_are_gdelts():
    assert len(GKG_COLUMNS) == 27
    assert GKG_COLUMNS[0] == "GKGRECORDID" and GKG_COLUMNS[-1] == "V2EXTRASXML"
    order = ["V2ENHANCEDLOCATIONS", "V2ENHANCEDPERSONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES",
             "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS"]
    assert [COL[c] for c in order] == [10, 12, 14, 15, 16, 22, 23, 24]


def test_seed_round_trip(tmp_path, seed_row):
    out = tmp_path / "seed.gkg.csv"
    assert write_gkg([seed_row], out) == 1
    (f,) = read_back(out)
    assert f[0] == "20260102000000-0" and f[1] == "20260102000000"
    assert f[2] == "1" and f[3] == "news.example" and f[4] == "https://news.example/a1"

    themes = blocks(f[7])
    assert {"SEMICONDUCTORS", "CRITICAL_MINERALS", "ARTIFICIAL_INTELLIGENCE", "ALLIANCES"} <= set(themes)
    for block in blocks(f[8]):
        code, offset = block.rsplit(",", 1)
        assert code in themes and offset.isdigit()

    v1 = {b.split("#")[1]: b.split("#") for b in blocks(f[9])}
    seoul = v1["Seoul, South Korea"]
    assert seoul[0] == "4" and seoul[2] == "KS" and seoul[3] == "KS11"  # FIPS codes, as GDELT writes them
    assert float(seoul[4]) == pytest.approx(37.57, abs=0.05) and seoul[6] == "1835848"
    assert v1["China"][:4] == ["1", "China", "CH", "CH"]
    v2 = [b.split("#") for b in blocks(f[10])]
    assert all(len(b) == 9 for b in v2)
    beijing = [b for b in v2 if b[1] == "Beijing, China"]
    assert beijing and min(int(b[8]) for b in beijing) == seed_row["dateline"]["span"][0]

    assert "Xi Jinping" in blocks(f[11]) and "Lee Jae Myung" in blocks(f[11])
    xi = [b for b in blocks(f[12]) if b.startswith("Xi Jinping,")]
    assert xi and seed_row["article"] and int(xi[0].split(",")[1]) == 18
    assert "Huawei Technologies" in blocks(f[13])

    tone = f[15].split(",")
    assert len(tone) == 7 and float(tone[0]) == pytest.approx(seed_row["tone"]["tone"])
    assert int(tone[6]) == seed_row["tone"]["word_count"]

    dates = [b.split("#") for b in blocks(f[16])]
    assert ["3", "1", "4", "2026", "279"] in dates  # "on Sunday": day resolution, month, day, year, offset
    assert any(d[:4] == ["2", "12", "0", "2025"] for d in dates)  # "in December"
    assert f[17] == f"wc:{seed_row['tone']['word_count']}"

    quotes = [q.split("|") for q in blocks(f[22], "#")]
    assert all(len(q) == 4 for q in quotes)
    chapter = [q for q in quotes if q[3] == "new chapter"]
    assert chapter and seed_row["article"] and int(chapter[0][1]) == len("new chapter")

    names = [b.rsplit(",", 1)[0] for b in blocks(f[23])]
    assert {"Xi Jinping", "Seoul", "Huawei Technologies"} <= set(names)
    amounts = [b.split(",") for b in blocks(f[24])]
    assert any(a[0] == "28500" and a[1] == "US troops" for a in amounts)
    assert f[26] == "<PAGE_TITLE>Xi hosts Lee</PAGE_TITLE>"


def test_delimiters_inside_values_do_not_break_columns(tmp_path):
    row = {
        "article": {"id": "abc", "date": "2026-01-02", "title": "Tabs\tand\nnewlines", "url": None, "source": None},
        "date_added": dt.datetime(2026, 1, 2, 13, 45, 7),
        "themes": ["protest"],
        "theme_spans": {"protest": [[10, 17]]},
        "locations": [
            {"name": "Paris", "country": "USA", "admin1": "US.TX", "lat": 33.66, "lon": -95.56,
             "geonames_id": 4717560, "feature_class": "P", "spans": [[0, 5], [40, 45]]},
            {"name": "Texas", "country": "USA", "admin1": "US.TX", "lat": 31.1, "lon": -97.0,
             "geonames_id": 4736286, "feature_class": "A", "spans": [[7, 12]]},
            {"name": "Jordan", "country": None, "admin1": None, "lat": None, "lon": None, "geonames_id": None,
             "feature_class": "H", "spans": [[60, 66]]},
        ],
        "actors": [{"text": "Smith; Jones", "name": "Smith; Jones #2", "kb_id": "person:x", "span": [20, 32]}],
        "quotes": [{"text": "we want | peace # now", "span": [70, 91], "speaker": None, "sentence": 0}],
        "amounts": [{"value": 12.0, "text": "12 people", "object": "people killed, many", "unit": None,
                     "span": [100, 109], "sentence": 1, "qualifier": None}],
        "dates": [{"text": "2025", "span": [120, 124], "date": "2025", "resolution": "year"}],
        "tone": {"tone": -1.5, "positive": 1.0, "negative": 2.5, "polarity": 3.5, "activity_density": 10.0,
                 "self_group_density": 1.0, "word_count": 42},
    }
    out = tmp_path / "x.gkg.csv"
    write_gkg([row, {"article": {"id": "empty"}}], out)
    f, empty = read_back(out)
    assert f[0] == "20260102134507-0" and f[1] == "20260102134507"
    assert f[2] == "2" and f[4] == "tidings:article:abc"  # no URL: a citation-only record
    locs = [b.split("#") for b in blocks(f[9])]
    assert locs[0][:4] == ["3", "Paris, Texas, United States", "US", "USTX"]
    assert locs[1][:4] == ["2", "Texas, United States", "US", "USTX"]
    assert len(locs) == 2  # a river with no country or coordinates is not a GDELT location
    assert [b.split("#")[8] for b in blocks(f[10])] == ["0", "40", "7"]
    assert blocks(f[11]) == ["Smith Jones 2"]
    (quote,) = blocks(f[22], "#")
    assert quote.split("|") == ["70", "21", "", "we want peace now"]
    assert blocks(f[5]) == ["KILL#12#people killed, many#######"]
    assert blocks(f[6])[0].endswith("#100")
    assert blocks(f[24]) == ["12,people killed many,100"]
    assert blocks(f[16]) == ["1#0#0#2025#120"]
    assert f[26] == "<PAGE_TITLE>Tabs and newlines</PAGE_TITLE>"
    assert empty[0] == "0-1" and all(v == "" for v in empty[1:2] + empty[5:])


def test_record_is_a_list_of_27_strings(seed_row):
    fields = gkg_record(seed_row, 7)
    assert len(fields) == 27 and all(isinstance(v, str) and "\t" not in v and "\n" not in v for v in fields)
    assert fields[0].endswith("-7")
