"""Issue 4: the store's schema and migrations, cross-story dedup, the events query and the dyad time series.

Dedup is tested twice: its rules on hand-made mentions (exact and independent of how the pipeline codes), and end
to end on three differently worded articles, written for this test, that report one expulsion.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import duckdb
import pyarrow as pa
import pytest

from tests.conftest import FIXTURES, run_cli
from tests.test_ingest import make_news_folder
from tidings.analytics.relations import QUAD_COLUMNS, SERIES_COLUMNS, dyad_series
from tidings.jobs.ingest import ingest
from tidings.models import Item
from tidings.store import LATEST, Store, StoreError
from tidings.store.migrations import DATA_TABLES, MIGRATIONS
from tidings.store.rows import coded_rows
from tidings.store.schema import TABLES, TYPES


@pytest.fixture(scope="module")
def news_db(pipe, tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    db = root / "news.duckdb"
    report = ingest([make_news_folder(root)], db, pipeline=pipe)
    assert report.added == 9
    return db


# -- schema -----------------------------------------------------------------------------------------------------
def test_schema_is_versioned_and_migrated_once(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        assert store.schema_version() == LATEST
        tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "evidence", "events", "mentions", "actors", "quotes", "amounts", "rejects",
            "schema_version"} <= tables
    with Store(db) as store:  # reopening applies nothing twice
        assert store.con.execute("SELECT count(*) FROM schema_version").fetchall() == [(LATEST,)]
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO schema_version VALUES (?, 'from the future', now())", [LATEST + 1])
    with pytest.raises(StoreError, match="newer than this tidings"):
        Store(db)
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:  # a store from before the first migration
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
                    "applied_at TIMESTAMP)")
    with pytest.raises(StoreError, match="older than"):
        Store(old, read_only=True)
    with Store(old) as store:
        assert store.schema_version() == LATEST and store.counts()["events"] == 0



def _catalog(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Per table: its columns in order (name, type, nullable) and its constraints, as DuckDB reports them."""
    out: dict[str, list[tuple]] = {}
    for table, name, typ, nullable in con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY table_name, column_index").fetchall():
        out.setdefault(table, []).append((name, typ, nullable))
    for table, kind, text in con.execute(
            "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() "
            "WHERE database_name = current_database() ORDER BY ALL").fetchall():
        out[table].append((kind, text))
    return out


def test_migration_1_creates_the_released_v1_schema(tmp_path):
    """store/schema.py generates migration 1; it must create what v1 stores hold (the DDL as released, kept in
    tests/fixtures/store/schema_v1.sql), column for column, type, order, NOT NULL and PRIMARY KEY alike."""
    released = duckdb.connect()
    released.execute((FIXTURES / "store" / "schema_v1.sql").read_text(encoding="utf-8"))
    generated = duckdb.connect()
    generated.execute(MIGRATIONS[0].sql)
    want, got = _catalog(released), _catalog(generated)
    assert sorted(got) == sorted(DATA_TABLES)
    for table in DATA_TABLES:
        assert got[table] == want[table], table


def test_latest_schema_is_the_declared_one(tmp_path):
    """A store brought to the latest version has exactly the columns store/schema.py declares (a column declared
    without its migration fails here), and the store writes with those columns' Arrow types."""
    with Store(tmp_path / "s.duckdb") as store:
        for name, table in TABLES.items():
            described = store.con.execute(f"DESCRIBE {name}").fetchall()
            assert [(r[0], r[1], r[2] == "YES") for r in described] == [
                (c.name, c.type, c.nullable and not c.primary_key) for c in table.stored()], name
            assert store.arrow_schema(name) == pa.schema([(r[0], TYPES[r[1]][0]) for r in described])


def test_a_v1_store_opens_and_takes_writes(tmp_path):
    """A store file made by the released v1 DDL (not by store/schema.py) opens without a migration and stores."""
    db = tmp_path / "v1.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
                    "applied_at TIMESTAMP)")
        con.execute((FIXTURES / "store" / "schema_v1.sql").read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_version VALUES (1, 'v1', now())")
    mentions = [_mention("a1", "2026-03-03", "Kenya expelled two Somali diplomats.")]
    with Store(db) as store:
        assert store.schema_version() == 1
        store.write_batch(_batch(mentions, {"a1": "Ledger"}), [], "run1")
        assert store.counts()["events"] == 1 and store.counts()["mentions"] == 1


def test_rows_have_the_declared_columns(seed):
    """The flattener writes every stored column (but those dedup and the ingest fill in) and nothing undeclared."""
    item = Item(seed.article, "h" * 64, "doc", "path", "1")
    rows = coded_rows(seed, item, "run", dt.datetime(2026, 1, 2))
    filled_later = {"mentions": {"event_id", "similarity"}}
    for name, table_rows in rows.items():
        assert table_rows, name  # the seed has rows in every table, so the check below is not vacuous
        declared = set(TABLES[name].by_name)
        stored = {c.name for c in TABLES[name].stored()}
        for row in table_rows:
            assert set(row) <= declared, (name, set(row) - declared)
            assert stored - filled_later.get(name, set()) <= set(row), (name, stored - set(row))


# -- dedup rules on hand-made mentions ------------------------------------------------------------------------------
def _mention(article: str, day: str | None, text: str, source: str = "KEN", target: str = "SOM", root: str = "16",
             modality: str = "asserted", sector: str | None = "GOV") -> dict:
    names = {"KEN": "Kenya", "SOM": "Somalia"}
    return {"mention_id": f"{article}:0", "article_id": article, "evidence_id": f"{article}:0", "idx": 0,
            "sentence": 0, "date": dt.date.fromisoformat(day) if day else None, "source_key": source,
            "target_key": target,
            "source_name": names[source], "source_country": source, "source_sector": sector,
            "target_name": names[target], "target_country": target, "cameo": root + "1", "cameo_root": root,
            "modality": modality, "quad_class": 4, "goldstein": -4.0, "evidence": text, "data_json": "{}"}


def _batch(mentions: list[dict], outlet: dict[str, str]) -> dict[str, list[dict]]:
    articles = [{"article_id": m["article_id"], "text_hash": m["article_id"], "text": m["evidence"],
                 "source": outlet[m["article_id"]], "date": m["date"]} for m in mentions]
    evidence = [{"evidence_id": m["evidence_id"], "article_id": m["article_id"], "sentence": 0, "start_char": 0,
                 "end_char": len(m["evidence"]), "text": m["evidence"]} for m in mentions]
    return {"articles": articles, "evidence": evidence, "mentions": mentions}


def test_dedup_rules(tmp_path):
    expel = "Kenya expelled two Somali diplomats on Tuesday, accusing them of meddling in elections."
    first = [
        _mention("a1", "2026-03-03", expel),
        _mention("a2", "2026-03-04", "Kenyan officials expelled two Somali diplomats for election meddling."),
        _mention("a3", "2026-03-03", "Kenya shut the Somali consulate in Mandera, citing security threats."),
        _mention("a4", "2026-03-06", expel),                       # outside the 1-day window
        _mention("a5", "2026-03-03", expel, modality="future"),    # "will expel" is not "expelled"
        _mention("a6", "2026-03-03", expel, root="17"),            # another CAMEO family
        _mention("a7", "2026-03-03", expel, source="SOM", target="KEN"),  # the other direction
        _mention("a8", "2026-03-03", expel, sector="MIL"),         # the army, not the government
        _mention("a9", "2026-03-03", "Kenya expelled two Somali diplomats.", sector=None),  # sector unsaid: joins
        _mention("u1", None, expel), _mention("u2", None, expel),  # undated: nothing bounds a match across stories
    ]
    outlets = {m["article_id"]: "Ledger" if m["article_id"] in ("a1", "a2") else "Wire" for m in first}
    db = tmp_path / "dedup.duckdb"
    with Store(db) as store:
        store.write_batch(_batch(first, outlets), [], "run1")
        later = [_mention("b1", "2026-03-02", "On Monday Kenya expelled two Somali diplomats accused of meddling.")]
        store.write_batch(_batch(later, {"b1": "Courier"}), [], "run2")  # a later batch joins a stored event
        events = {r[0]: r[1:] for r in store.con.execute(
            "SELECT event_id, num_mentions, num_articles, num_sources, first_article_id FROM events").fetchall()}
        by_mention = dict(store.con.execute("SELECT article_id, event_id FROM mentions").fetchall())
    founded = hashlib.sha256(b"event:a1:0").hexdigest()[:16]  # stable: derived from the founding mention
    assert {a for a, e in by_mention.items() if e == founded} == {"a1", "a2", "a9", "b1"}
    assert events[founded] == (4, 4, 3, "a1")  # outlets Ledger, Wire, Courier
    assert len(events) == 1 + 8  # a3, a4, a5, a6, a7, a8, u1, u2 each stand alone
    assert all(v[0] == 1 for k, v in events.items() if k != founded)


# -- dedup end to end --------------------------------------------------------------------------------------------
def test_three_articles_on_one_expulsion_make_one_event(news_db):
    with duckdb.connect(str(news_db), read_only=True) as con:
        rows = con.execute("""SELECT event_id, date, num_mentions, num_sources, num_articles FROM events
                              WHERE source_country = 'KEN' AND target_country = 'SOM' AND modality = 'asserted'
                              ORDER BY date""").fetchall()
        assert len(rows) == 2, rows  # 3 March (three outlets) and 10 March (another expulsion, a week later)
        event_id, day, n_mentions, n_sources, n_articles = rows[0]
        assert (day, n_mentions, n_sources, n_articles) == (dt.date(2026, 3, 3), 3, 3, 3)
        assert rows[1][1:] == (dt.date(2026, 3, 10), 1, 1, 1)
        mentions = con.execute("""SELECT a.source, v.text, a.text[m.sentence_start + 1 : m.sentence_end]
                                  FROM mentions m JOIN articles a USING (article_id) JOIN evidence v USING (evidence_id)
                                  WHERE m.event_id = ? ORDER BY a.source""", [event_id]).fetchall()
    assert [m[0] for m in mentions] == ["Coastal Courier", "Horn Wire", "The Daily Ledger"]
    for _, evidence, sliced in mentions:  # each mention keeps its own evidence, linked by offsets
        assert "expel" in evidence and evidence == sliced


# -- events query ----------------------------------------------------------------------------------------------
def _cli_json(*args: str) -> list[dict]:
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_events_command_filters(news_db):
    db = str(news_db)
    everything = _cli_json("events", "--db", db, "--format", "json")
    with duckdb.connect(db, read_only=True) as con:
        assert len(everything) == con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    kenya = _cli_json("events", "--db", db, "-f", "json", "--source", "KEN", "--target", "somalia", "--cameo", "16")
    assert {(e["source_country"], e["target_country"], e["cameo"][:2]) for e in kenya} == {("KEN", "SOM", "16")}
    assert [e["num_mentions"] for e in kenya] == [3, 1] and kenya[0]["date"] == "2026-03-03"
    march = _cli_json("events", "--db", db, "-f", "json", "--from", "2026-03-01", "--to", "2026-03-05")
    assert march and all("2026-03-01" <= e["date"] <= "2026-03-05" for e in march)
    future = _cli_json("events", "--db", db, "-f", "json", "--modality", "future")
    assert future and all(e["modality"] == "future" for e in future)
    assert any(e["source_country"] == "KOR" and e["target_country"] == "CHN" for e in future)  # "will visit"
    sanction = _cli_json("events", "--db", db, "-f", "json", "--plover", kenya[0]["plover"])
    assert kenya[0]["event_id"] in {e["event_id"] for e in sanction}
    table = run_cli("events", "--db", db, "--source", "KEN")
    assert table.returncode == 0 and "Kenya" in table.stdout.decode() and "3/3/3" in table.stdout.decode()
    bad = run_cli("events", "--db", db, "--from", "March")
    assert bad.returncode == 2 and bad.stderr.decode().startswith("tidings: error: bad --from")


# -- relations ---------------------------------------------------------------------------------------------------
def _direct_counts(con: duckdb.DuckDBPyConnection, s: str, t: str, month: str, modality: str = "asserted") -> int:
    return con.execute("""SELECT count(*) FROM events WHERE source_country = ? AND target_country = ?
                          AND strftime(date, '%Y-%m') = ? AND (modality = ? OR ? = 'all')""",
                       [s, t, month, modality, modality]).fetchall()[0][0]


def test_dyad_series(news_db):
    with duckdb.connect(str(news_db), read_only=True) as con:
        df = dyad_series(con, "chn", "KOR", "month", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
        every = dyad_series(con, "CHN", "KOR", "month", dt.date(2026, 1, 1), dt.date(2026, 3, 31), modality="all")
        assert list(df.columns) == list(SERIES_COLUMNS)
        assert len(df) == 9  # three months (empty ones too) x (CHN->KOR, KOR->CHN, CHN<->KOR)
        rows = {(str(r.period)[:7], r.direction): r for r in df.itertuples()}
        for month in ("2026-01", "2026-02", "2026-03"):
            ab, ba, both = rows[(month, "CHN->KOR")], rows[(month, "KOR->CHN")], rows[(month, "CHN<->KOR")]
            assert ab.events == _direct_counts(con, "CHN", "KOR", month)
            assert ba.events == _direct_counts(con, "KOR", "CHN", month)
            assert both.events == ab.events + ba.events
            assert sum(getattr(both, q) for q in QUAD_COLUMNS) == both.events
            assert both.goldstein_sum == pytest.approx(ab.goldstein_sum + ba.goldstein_sum)
            assert both.coverage >= both.events and both.share == pytest.approx(both.events / both.coverage)
        assert rows[("2026-01", "CHN->KOR")].q1_verbal_coop >= 1          # the foreign ministers met
        assert rows[("2026-02", "CHN->KOR")].q3_verbal_conflict >= 1      # China criticised the radar
        assert rows[("2026-02", "CHN->KOR")].goldstein_mean < 0
        assert rows[("2026-02", "KOR->CHN")].q1_verbal_coop >= 1          # Seoul urged and praised
        march = rows[("2026-03", "CHN<->KOR")]
        assert march.events == 0 and march.coverage >= 1 and march.share == 0  # China praised Japan: coverage only
        future = every[(every.direction == "KOR->CHN") & (every.period == dt.date(2026, 3, 1))]
        assert int(future.events.iloc[0]) == _direct_counts(con, "KOR", "CHN", "2026-03", "all") >= 1


def test_relations_command_formats(news_db, tmp_path):
    db = str(news_db)
    proc = run_cli("relations", "CHN", "KOR", "--db", db, "--format", "csv", "--from", "2026-01-01")
    assert proc.returncode == 0, proc.stderr.decode()
    table = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    assert list(table[0]) == list(SERIES_COLUMNS) and table[0]["period"] == "2026-01-01"
    assert {r["direction"] for r in table} == {"CHN->KOR", "KOR->CHN", "CHN<->KOR"}
    weekly = _cli_json("relations", "CHN", "KOR", "--db", db, "--by", "week", "-f", "json")
    assert all(dt.date.fromisoformat(r["period"]).weekday() == 0 for r in weekly)  # weeks start on Monday
    assert sum(r["events"] for r in weekly if r["direction"] == "CHN<->KOR") == sum(
        int(r["events"]) for r in table if r["direction"] == "CHN<->KOR")
    png = tmp_path / "chn-kor.png"
    proc = run_cli("relations", "CHN", "KOR", "--db", db, "-f", "png", "-o", str(png))
    assert proc.returncode == 0, proc.stderr.decode()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    shown = run_cli("relations", "CHN", "KOR", "--db", db)
    assert shown.returncode == 0 and "CHN<->KOR" in shown.stdout.decode()
    bad = run_cli("relations", "CHN", "KOR", "--db", db, "--by", "decade")
    assert bad.returncode == 2 and "use day, week, month or year" in bad.stderr.decode()
