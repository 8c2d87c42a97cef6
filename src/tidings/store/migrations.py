"""The store's schema as numbered migrations.

The SQL lives in Python, not in .sql files, because the package data rules only ship ``data/`` files: a wheel
install would otherwise lose the schema. A migration is never edited once released; a change is a new entry, so
an old store file is brought forward step by step (``Store`` applies what ``schema_version`` lacks).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str


_V1 = """
CREATE TABLE articles (
    article_id   VARCHAR PRIMARY KEY,   -- first 16 hex of models.text_hash: the identity used for re-ingest
    text_hash    VARCHAR NOT NULL,      -- full hash of the whitespace-normalised, case-folded text
    doc_id       VARCHAR,               -- the id the input gave (JSONL "id"), if any
    url          VARCHAR,
    title        VARCHAR,
    source       VARCHAR,               -- the outlet (JSONL "source", feed title, site name, WARC host)
    date         DATE,
    text         VARCHAR NOT NULL,
    n_chars      INTEGER,
    n_sentences  INTEGER,
    n_events     INTEGER,
    n_quotes     INTEGER,
    n_amounts    INTEGER,
    path         VARCHAR,               -- the file it came from
    locator      VARCHAR,               -- where in that file (line, entry, WARC record)
    run_id       VARCHAR,
    ingested_at  TIMESTAMP,
    extra_json   VARCHAR                -- keys of CodedArticle.to_dict() beyond the standard ones
);
CREATE TABLE evidence (
    evidence_id  VARCHAR PRIMARY KEY,   -- article_id:sentence
    article_id   VARCHAR NOT NULL,
    sentence     INTEGER,
    start_char   INTEGER,
    end_char     INTEGER,
    text         VARCHAR
);
CREATE TABLE events (
    event_id         VARCHAR PRIMARY KEY,   -- stable: derived from the mention that founded the event
    date             DATE,
    source_key       VARCHAR,
    source_name      VARCHAR,
    source_country   VARCHAR,
    source_sector    VARCHAR,
    source_kb_id     VARCHAR,
    target_key       VARCHAR,
    target_name      VARCHAR,
    target_country   VARCHAR,
    target_sector    VARCHAR,
    target_kb_id     VARCHAR,
    cameo            VARCHAR,
    cameo_root       VARCHAR,
    cameo_name       VARCHAR,
    plover           VARCHAR,
    plover_mode      VARCHAR,
    goldstein        DOUBLE,
    quad_class       TINYINT,
    modality         VARCHAR,
    num_mentions     INTEGER,
    num_sources      INTEGER,
    num_articles     INTEGER,
    first_mention_id VARCHAR,
    first_article_id VARCHAR,
    created_at       TIMESTAMP,
    data_json        VARCHAR                -- the founding mention's full Event.to_dict()
);
CREATE TABLE mentions (
    mention_id     VARCHAR PRIMARY KEY,     -- article_id:index of the event in the article
    event_id       VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    evidence_id    VARCHAR,
    idx            INTEGER,
    sentence       INTEGER,
    date           DATE,
    source_text    VARCHAR,
    source_name    VARCHAR,
    source_country VARCHAR,
    source_sector  VARCHAR,
    source_role    VARCHAR,
    source_kb_id   VARCHAR,
    target_text    VARCHAR,
    target_name    VARCHAR,
    target_country VARCHAR,
    target_sector  VARCHAR,
    target_role    VARCHAR,
    target_kb_id   VARCHAR,
    cameo          VARCHAR,
    cameo_root     VARCHAR,
    cameo_name     VARCHAR,
    plover         VARCHAR,
    plover_mode    VARCHAR,
    goldstein      DOUBLE,
    quad_class     TINYINT,
    modality       VARCHAR,
    reported       BOOLEAN,
    trigger        VARCHAR,
    rule           VARCHAR,
    confidence     DOUBLE,
    source_start   INTEGER,
    source_end     INTEGER,
    target_start   INTEGER,
    target_end     INTEGER,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    sentence_start INTEGER,
    sentence_end   INTEGER,
    similarity     DOUBLE,                  -- evidence similarity to the event it joined (1.0 if it founded it)
    data_json      VARCHAR                  -- the full Event.to_dict(), whatever keys it grows
);
CREATE TABLE actors (
    article_id VARCHAR NOT NULL,
    idx        INTEGER,
    text       VARCHAR,
    name       VARCHAR,
    country    VARCHAR,
    sector     VARCHAR,
    role       VARCHAR,
    kb_id      VARCHAR,
    start_char INTEGER,
    end_char   INTEGER
);
CREATE TABLE quotes (
    article_id      VARCHAR NOT NULL,
    idx             INTEGER,
    text            VARCHAR,
    sentence        INTEGER,
    start_char      INTEGER,
    end_char        INTEGER,
    speaker_text    VARCHAR,
    speaker_name    VARCHAR,
    speaker_country VARCHAR,
    speaker_sector  VARCHAR,
    speaker_kb_id   VARCHAR,
    data_json       VARCHAR
);
CREATE TABLE amounts (
    article_id VARCHAR NOT NULL,
    idx        INTEGER,
    value      DOUBLE,
    text       VARCHAR,
    object     VARCHAR,
    qualifier  VARCHAR,
    unit       VARCHAR,
    sentence   INTEGER,
    start_char INTEGER,
    end_char   INTEGER,
    data_json  VARCHAR
);
CREATE TABLE rejects (
    reject_id  VARCHAR PRIMARY KEY,     -- hash of path, locator and reason: the same bad record is listed once
    run_id     VARCHAR,
    path       VARCHAR,
    locator    VARCHAR,
    reason     VARCHAR,
    created_at TIMESTAMP
);
CREATE TABLE runs (
    run_id         VARCHAR PRIMARY KEY,
    started_at     TIMESTAMP,
    finished_at    TIMESTAMP,           -- NULL: the run was interrupted (the next run resumes it)
    paths          VARCHAR,
    workers        INTEGER,
    articles_added INTEGER,
    duplicates     INTEGER,
    rejected       INTEGER
);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, evidence, events, mentions, actors, quotes, amounts, rejects, runs", _V1),
)

LATEST = MIGRATIONS[-1].version

# Tables a user would export or count, in the order a reader meets them.
DATA_TABLES = ("articles", "evidence", "events", "mentions", "actors", "quotes", "amounts", "rejects", "runs")
