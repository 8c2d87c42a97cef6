"""Issue 18: the GDELT export read as GDELT 2.0 files are read: by the codebook's 61 column names with strict dtypes
(integers as int64, so one empty integer field fails the read), and its geography, tone and dates checked against
the store. The articles are written for this test, one per kind of place GDELT distinguishes.

Before: ActionGeo_CountryCode and ActionGeo_FeatureID were empty in every row, countries had Type 4 (world city),
AvgTone was empty in every row, the three Geo_Type columns were empty where GDELT writes 0, and undated events had
empty SQLDATE, MonthYear, Year and FractionDate: the strict read below failed.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from tests.conftest import run_cli
from tidings.jobs.ingest import ingest

# The GDELT 2.0 event codebook's columns, in its order, with its types (INTEGER, FLOAT, else STRING).
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
CODEBOOK = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
            *(f"Actor1{f}" for f in _ACTOR), *(f"Actor2{f}" for f in _ACTOR),
            "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
            "NumMentions", "NumSources", "NumArticles", "AvgTone",
            *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in _GEO), "DATEADDED", "SOURCEURL"]
INTEGER = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions", "NumSources",
           "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED"}
FLOAT = {"FractionDate", "GoldsteinScale", "AvgTone",
         *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in ("Lat", "Long"))}
DTYPES = {c: "int64" if c in INTEGER else "float64" if c in FLOAT else "string" for c in CODEBOOK}

ARTICLES = [  # (date, text): each places its event somewhere else
    ("2026-03-04", "Kenya expelled two Somali diplomats in Nairobi on Tuesday, the foreign ministry said."),
    ("2026-03-04", "On Tuesday Kenya expelled two Somali diplomats in Nairobi, calling them a grave threat."),
    ("2026-03-04", "The governor of Texas met Mexican trade officials in Austin, Texas on Monday."),
    ("2026-03-04", "Peru and Chile signed a fisheries accord in Peru on Wednesday."),
    ("2026-03-04", "Brazil condemned the attack on its embassy in Africa on Thursday."),
    ("2026-03-04", "Officials in Texas accused Mexico of blocking the border crossing on Friday."),
    ("2026-03-04", "Somalia accused Kenya of meddling in its elections."),
    (None, "Ecuador recalled its ambassador from Bolivia, the ministry said."),
]


@pytest.fixture(scope="module")
def gdelt(pipe, tmp_path_factory):
    root = tmp_path_factory.mktemp("gdelt")
    src = root / "wire.jsonl"
    src.write_text("".join(json.dumps({"id": f"w{i}", "text": text, **({"date": day} if day else {})}) + "\n"
                           for i, (day, text) in enumerate(ARTICLES)))
    db = root / "wire.duckdb"
    assert ingest([src], db, pipeline=pipe).added == len(ARTICLES)
    out = root / "events.gdelt.tsv"
    proc = run_cli("export", "--db", str(db), "--format", "gdelt", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    df = pd.read_csv(out, sep="\t", header=None, names=CODEBOOK, dtype=DTYPES, quoting=3, keep_default_na=False,
                     na_values={c: [""] for c in CODEBOOK})
    return db, df, proc


def test_reads_with_gdelt_names_and_strict_dtypes(gdelt):
    db, df, proc = gdelt
    assert df.dtypes.to_dict() == {c: pd.StringDtype() if t == "string" else t for c, t in DTYPES.items()}
    with duckdb.connect(str(db), read_only=True) as con:
        ((dated, undated),) = con.execute("SELECT count(date), count(*) - count(date) FROM events").fetchall()
    assert len(df) == dated and undated >= 1  # undated events are left out, and said so on one line
    note = [line for line in proc.stderr.decode().splitlines() if "undated" in line]
    assert note == [f"tidings: {undated} undated events left out of the GDELT file (a GDELT row must have a date; "
                    "csv and parquet keep them)"]
    assert df["AvgTone"].notna().all() and df["SQLDATE"].between(18000101, 22001231).all()
    assert (df["MonthYear"] == df["SQLDATE"] // 100).all() and (df["Year"] == df["SQLDATE"] // 10000).all()
    assert set(df["ActionGeo_Type"]) <= {0, 1, 2, 3, 4, 5} and (df["Actor1Geo_Type"] == 0).all()


def _action_geo(df: pd.DataFrame, name: str) -> dict:
    rows = df[df["ActionGeo_FullName"] == name]
    assert len(rows) >= 1, (name, sorted(df["ActionGeo_FullName"].dropna().unique()))
    return {k.removeprefix("ActionGeo_"): v for k, v in rows.iloc[0].items() if k.startswith("ActionGeo_")}


def test_action_geography_follows_gdelt_conventions(gdelt):
    _, df, _ = gdelt
    nairobi = _action_geo(df, "Nairobi, Kenya")
    assert (nairobi["Type"], nairobi["CountryCode"], nairobi["FeatureID"]) == (4, "KE", "184745")
    assert nairobi["Lat"] == pytest.approx(-1.283, abs=0.01) and pd.isna(nairobi["ADM1Code"])
    austin = _action_geo(df, "Austin, Texas, United States")
    assert (austin["Type"], austin["CountryCode"], austin["ADM1Code"]) == (3, "US", "USTX")
    texas = _action_geo(df, "Texas, United States")
    assert (texas["Type"], texas["ADM1Code"], texas["FeatureID"]) == (2, "USTX", "TX")
    peru = _action_geo(df, "Peru")  # a country: Type 1 and its FIPS code, as GDELT writes countries
    assert (peru["Type"], peru["CountryCode"], peru["ADM1Code"], peru["FeatureID"]) == (1, "PE", "PE", "PE")
    africa = _action_geo(df, "Africa")  # a region the gazetteer places: Type 5 with its centre
    assert africa["Type"] == 5 and pd.notna(africa["Lat"]) and pd.isna(africa["CountryCode"])
    unplaced = df[df["ActionGeo_Type"] == 0]
    assert len(unplaced) >= 1 and unplaced["ActionGeo_Lat"].isna().all()


def test_avg_tone_is_the_mean_tone_of_the_articles_that_mention_the_event(gdelt):
    db, df, _ = gdelt
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT e.event_id, a.article_id, a.extra_json FROM events e
                              JOIN mentions m USING (event_id) JOIN articles a USING (article_id)
                              WHERE e.date IS NOT NULL""").fetchall()
    tones: dict[str, dict[str, float]] = {}
    for event_id, article_id, extra in rows:
        tones.setdefault(event_id, {})[article_id] = json.loads(extra)["tone"]["tone"]
    expected = {int(e[:15], 16): sum(t.values()) / len(t) for e, t in tones.items()}
    got = dict(zip(df["GLOBALEVENTID"], df["AvgTone"], strict=True))
    assert got == pytest.approx(expected, abs=1e-4)
    assert any(len(t) == 2 and len(set(t.values())) == 2 for t in tones.values())  # two articles, two tones
