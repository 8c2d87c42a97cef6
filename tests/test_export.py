"""Issue 4: every export format written by the CLI and read back the way its users read it.

GDELT by column position (as GDELT tooling does), PLOVER as JSON, Parquet with pyarrow and DuckDB, CSV with the
csv module. The store comes from the mixed fixture articles written for these tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.conftest import run_cli
from tests.test_ingest import make_news_folder
from tidings.export.gdelt import GDELT_COLUMNS, gdelt_row
from tidings.jobs.ingest import ingest
from tidings.store import DATA_TABLES

COL = {name: i for i, name in enumerate(GDELT_COLUMNS)}


@pytest.fixture(scope="module")
def news_db(pipe, tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    db = root / "news.duckdb"
    ingest([make_news_folder(root)], db, pipeline=pipe)
    return db


def _export(db, fmt: str, out) -> str:
    proc = run_cli("export", "--db", str(db), "--format", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode()


def _events(db) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT event_id, date, source_country, target_country, cameo, cameo_root, quad_class,
                                     num_mentions, num_sources, num_articles, goldstein FROM events""").fetchall()
    return {r[0]: r for r in rows}


def test_gdelt_export_read_by_column_position(news_db, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    assert "GDELT 2.0" in _export(news_db, "gdelt", out)
    events = _events(news_db)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(events)  # no header, one line per event
    by_id = {int(e[:15], 16): e for e in events}
    kenya = None
    for line in lines[:-1]:
        f = line.split("\t")
        assert len(f) == 61
        event_id, day, src, tgt, cameo, root, quad, n_m, n_s, n_a, goldstein = events[by_id[int(f[0])]]
        assert f[COL["SQLDATE"]] == day.strftime("%Y%m%d") and f[COL["MonthYear"]] == day.strftime("%Y%m")
        assert f[COL["Year"]] == str(day.year) and f[COL["FractionDate"]].startswith(str(day.year) + ".")
        assert f[COL["Actor1CountryCode"]] == (src or "") and f[COL["Actor1Code"]].startswith(src or "")
        assert f[COL["Actor2CountryCode"]] == (tgt or "")
        assert f[COL["EventCode"]] == cameo and f[COL["EventBaseCode"]] == cameo[:3]
        assert f[COL["EventRootCode"]] == root
        assert f[COL["QuadClass"]] == str(max(quad, 1)) and float(f[COL["GoldsteinScale"]]) == goldstein
        assert (f[COL["NumMentions"]], f[COL["NumSources"]], f[COL["NumArticles"]]) == (str(n_m), str(n_s), str(n_a))
        assert f[COL["IsRootEvent"]] in ("0", "1") and len(f[COL["DATEADDED"]]) == 14
        assert f[COL["SOURCEURL"]]
        for missing in ("Actor1EthnicCode", "Actor1Religion1Code", "Actor2Religion2Code", "Actor1Geo_Lat"):
            assert f[COL[missing]] == ""
        if (src, tgt, day) == ("KEN", "SOM", dt.date(2026, 3, 3)):
            kenya = f
    assert kenya is not None
    assert kenya[COL["Actor1Name"]] == "KENYA" and kenya[COL["NumArticles"]] == "3"
    assert kenya[COL["FractionDate"]] == f"{2026 + (3 * 30 + 3) / 365:.4f}"
    # GDELT readers load the file as headerless TSV with 61 columns
    with duckdb.connect() as con:
        rel = con.execute(f"SELECT * FROM read_csv('{out}', delim='\\t', header=false, all_varchar=true)")
        assert len(rel.description) == 61 and len(rel.fetchall()) == len(events)


def test_gdelt_maps_quad_class_zero_to_one():
    row = ("0123456789abcdef", dt.date(2026, 1, 2), "Japan", "JPN", "GOV", None, None, None, "010", "01", 0, 0.0,
           1, 1, 1, dt.datetime(2026, 1, 2, 3, 4, 5),
           '{"location": {"name": "Tokyo", "country": "JPN", "lat": 35.68, "lon": 139.69}}', 0, None, -2.5)
    f = gdelt_row(row)
    assert len(f) == 61 and f[COL["QuadClass"]] == "1" and f[COL["GLOBALEVENTID"]] == str(int("0123456789abcde", 16))
    assert f[COL["Actor1Code"]] == "JPNGOV" and f[COL["Actor1Type1Code"]] == "GOV" and f[COL["Actor2Code"]] == ""
    assert (f[COL["ActionGeo_Type"]], f[COL["ActionGeo_FullName"]], f[COL["ActionGeo_Lat"]]) == ("4", "Tokyo, Japan",
                                                                                             "35.68")
    assert f[COL["ActionGeo_CountryCode"]] == "JA" and f[COL["AvgTone"]] == "-2.5000"
    assert f[COL["DATEADDED"]] == "20260102030405" and f[COL["SOURCEURL"]] == ""


def test_plover_export(news_db, tmp_path):
    out = tmp_path / "events.plover.json"
    _export(news_db, "plover", out)
    records = json.loads(out.read_text(encoding="utf-8"))
    events = _events(news_db)
    with duckdb.connect(str(news_db), read_only=True) as con:
        typed = con.execute("SELECT count(*) FROM events WHERE plover IS NOT NULL").fetchall()[0][0]
    assert len(records) == typed and records
    for r in records:
        assert r["event"] and r["id"] in events and r["source"][0]["code"] == events[r["id"]][2]
        assert len(r["mentions"]) == r["numMentions"] and r["text"] == r["mentions"][0]["text"]
    (kenya,) = [r for r in records if r["date"] == "2026-03-03" and r["target"] and r["target"][0]["code"] == "SOM"]
    assert kenya["numArticles"] == 3 and kenya["modality"] == "asserted"
    assert {m["publication"] for m in kenya["mentions"]} == {"Coastal Courier", "Horn Wire", "The Daily Ledger"}
    assert all(m["spans"]["trigger"] for m in kenya["mentions"])


def test_parquet_export_one_file_per_table(news_db, tmp_path):
    folder = tmp_path / "parquet"
    _export(news_db, "parquet", folder)
    with duckdb.connect(str(news_db), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in DATA_TABLES}
    assert {p.stem for p in folder.glob("*.parquet")} == {*DATA_TABLES, "schema_version"}
    for table, n in counts.items():
        assert pq.read_table(folder / f"{table}.parquet").num_rows == n
    events = pq.read_table(folder / "events.parquet")
    assert {"event_id", "num_mentions", "num_sources", "num_articles", "data_json"} <= set(events.column_names)
    with duckdb.connect() as con:
        joined = con.execute(f"""SELECT count(*) FROM read_parquet('{folder}/mentions.parquet') m
                                 JOIN read_parquet('{folder}/events.parquet') e USING (event_id)""").fetchall()
    assert joined == [(counts["mentions"],)]


def test_csv_export(news_db, tmp_path):
    out = tmp_path / "events.csv"
    _export(news_db, "csv", out)
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    events = _events(news_db)
    assert len(rows) == len(events) and {r["event_id"] for r in rows} == set(events)
    assert all(r["evidence"] for r in rows)
    kenya = [r for r in rows if r["source_country"] == "KEN" and r["num_articles"] == "3"]
    assert len(kenya) == 1 and kenya[0]["date"] == "2026-03-03" and kenya[0]["url"].startswith("https://")


def test_export_rejects_unknown_format(news_db, tmp_path):
    proc = run_cli("export", "--db", str(news_db), "--format", "xml", "-o", str(tmp_path / "x"))
    assert proc.returncode == 2 and "gdelt" in proc.stderr.decode()


def test_gkg_export_from_store(news_db, tmp_path):
    """GKG 2.1 from the store: 27 tab-separated columns, one record per article, read back by position."""
    from tidings.export.gkg import GKG_COLUMNS

    out = tmp_path / "gkg.tsv"
    assert "GKG 2.1" in _export(news_db, "gkg", out)
    gcol = {name: i for i, name in enumerate(GKG_COLUMNS)}
    lines = out.read_text(encoding="utf-8").splitlines()
    with duckdb.connect(str(news_db), read_only=True) as con:
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert len(lines) == n_articles > 0
    fields = [line.split("\t") for line in lines]
    assert all(len(f) == 27 for f in fields)
    kenya = [f for f in fields if "Kenya" in f[gcol["V2ENHANCEDLOCATIONS"]]]
    assert kenya, [f[gcol["V2ENHANCEDLOCATIONS"]] for f in fields]
    tones = [f[gcol["V1.5TONE"]] for f in fields]
    assert all(len(t.split(",")) >= 6 for t in tones)
