"""Code a corpus with Spark when it outgrows one machine: ``run_spark(input, output)`` or ``tidings spark``.

Design, and why:

* Articles are read as JSON Lines or Parquet and coded with ``mapInArrow``: Arrow batches cross the JVM/Python
  boundary without per-row pickling, and each batch goes through ``Pipeline.code_many`` (``nlp.pipe``), the same
  code path as one process, so Spark output equals single-process output.
* Loading spaCy, the knowledge base and the lexicon takes seconds; coding a short article takes milliseconds. So
  each executor Python process builds ONE ``Pipeline``, lazily, in the module-level ``_PIPELINES`` cache, and
  ``spark.python.worker.reuse=true`` keeps those processes (and their pipeline) alive across tasks. The mapped
  callable is a module-level class, so cloudpickle ships it by reference and the cache really is this module's.
* One coding pass yields a single "union" table (events, quotes, amounts, skipped articles, per-batch worker
  stats, told apart by ``kind``); it is persisted once and split into ``OUTPUT/events``, ``OUTPUT/quotes`` and
  ``OUTPUT/amounts``, so the expensive NLP never runs twice.
* Output is Parquet partitioned by the article's month, ``year_month=YYYY-MM`` (articles without a date go to
  Spark's ``__HIVE_DEFAULT_PARTITION__``, which DuckDB reads as NULL). Month, not day: a day is too small a file
  for most corpora, a year too coarse for time-sliced queries.
* Bad articles (empty text, binary, too large, unparseable date, malformed JSON line, an exception while coding)
  are skipped and counted in ``OUTPUT/_summary.json``; they never fail the job.

pyspark is imported lazily: tidings works without the ``spark`` extra, and says how to get it when asked for Spark.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from tidings.errors import InputError, TidingsError
from tidings.models import Actor, Article, CodedArticle, Span
from tidings.readers.validate import MAX_ARTICLE_BYTES, decode_article

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from tidings.pipeline import Pipeline

DEFAULT_MASTER = "local[2]"
DEFAULT_BATCH_SIZE = 32
PARTITION_COLUMN = "year_month"
OUTPUTS = ("events", "quotes", "amounts")
SUMMARY_FILE = "_summary.json"
_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Spark's folder for a NULL partition value; DuckDB reads it as NULL
MAX_RECORDS_PER_FILE = 500_000  # keeps each Parquet file in the tens of MB even when one month is huge


class SparkError(TidingsError):
    """pyspark is missing, or Spark could not run the job; the message says what to do."""

    exit_code = 1


# ---------------------------------------------------------------- output schema (one place for Spark and Arrow)

_ACTOR_FIELDS = ("name", "country", "sector", "role", "kb_id", "text")

EVENT_COLUMNS: list[tuple[str, str]] = [
    ("article_id", "string"),
    ("sentence", "int"),
    *[(f"source_{f}", "string") for f in _ACTOR_FIELDS],
    *[(f"target_{f}", "string") for f in _ACTOR_FIELDS],
    ("cameo", "string"),
    ("cameo_root", "string"),
    ("cameo_name", "string"),
    ("plover", "string"),
    ("plover_mode", "string"),
    ("goldstein", "double"),
    ("quad_class", "int"),
    ("modality", "string"),
    ("reported", "boolean"),
    ("evidence", "string"),
    ("trigger", "string"),
    ("trigger_start", "int"),
    ("trigger_end", "int"),
    ("source_start", "int"),
    ("source_end", "int"),
    ("target_start", "int"),
    ("target_end", "int"),
    ("rule", "string"),
    ("confidence", "double"),
    ("event_date", "date"),
    ("event_json", "string"),
]
QUOTE_COLUMNS: list[tuple[str, str]] = [
    ("article_id", "string"),
    ("sentence", "int"),
    *[(f"speaker_{f}", "string") for f in _ACTOR_FIELDS],
    ("quote_text", "string"),
    ("span_start", "int"),
    ("span_end", "int"),
    ("article_date", "date"),
    ("quote_json", "string"),
]
AMOUNT_COLUMNS: list[tuple[str, str]] = [
    ("article_id", "string"),
    ("sentence", "int"),
    ("value", "double"),
    ("amount_text", "string"),
    ("object", "string"),
    ("qualifier", "string"),
    ("unit", "string"),
    ("span_start", "int"),
    ("span_end", "int"),
    ("article_date", "date"),
    ("amount_json", "string"),
]
# bookkeeping rows: why an article was skipped; which worker coded a batch and how many pipelines it has built
_BOOK_COLUMNS: list[tuple[str, str]] = [
    ("skip_reason", "string"),
    ("skip_detail", "string"),
    ("worker", "string"),
    ("pipeline_loads", "int"),
    ("batch_articles", "int"),
    ("batch_undated", "int"),
]
COLUMNS_BY_OUTPUT: dict[str, list[tuple[str, str]]] = {
    "events": EVENT_COLUMNS, "quotes": QUOTE_COLUMNS, "amounts": AMOUNT_COLUMNS,
}


def _union_columns() -> list[tuple[str, str]]:
    """kind + partition column + every output's columns once (shared names must share a type)."""
    cols: dict[str, str] = {"kind": "string", PARTITION_COLUMN: "string"}
    for name, typ in [c for spec in COLUMNS_BY_OUTPUT.values() for c in spec] + _BOOK_COLUMNS:
        if cols.setdefault(name, typ) != typ:
            raise AssertionError(f"column {name} has two types")  # a programming error in the specs above
    return list(cols.items())


UNION_COLUMNS = _union_columns()
_ARROW_TYPES = {"string": pa.string(), "int": pa.int32(), "double": pa.float64(), "boolean": pa.bool_(),
                "date": pa.date32()}
UNION_ARROW_SCHEMA = pa.schema([(n, _ARROW_TYPES[t]) for n, t in UNION_COLUMNS])
UNION_DDL = ", ".join(f"`{n}` {t}" for n, t in UNION_COLUMNS)


# ---------------------------------------------------------------- executor side

_PIPELINES: dict[tuple[Any, ...], Pipeline] = {}
_PIPELINE_LOADS = 0  # how many Pipelines this process has built; the job summary checks it is one per process


def _pipeline(model: str | None, batch_size: int, options: tuple[tuple[str, Any], ...] = ()) -> Pipeline:
    """This process's Pipeline, built on first use: loading spaCy costs seconds, so never once per batch."""
    global _PIPELINE_LOADS
    key = (model, batch_size, options)
    pipe = _PIPELINES.get(key)
    if pipe is None:
        from tidings.jobs.runtime import settle_heap
        from tidings.pipeline import Pipeline

        pipe = Pipeline(model=model, batch_size=batch_size, warm=True, **dict(options))
        settle_heap()
        _PIPELINES[key] = pipe
        _PIPELINE_LOADS += 1
    return pipe


def _first_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    return msg[0][:300] if msg else type(exc).__name__


def to_article(rec: dict[str, Any]) -> Article | tuple[str, str]:
    """An Article from one input record, or (reason, detail) saying why it cannot be coded.

    Goes through ``decode_article`` like every other reader, so Spark skips exactly what ``tidings code`` refuses.
    """
    from tidings.pipeline import parse_date

    rid = rec.get("id") or None
    what = f"article {rid}" if rid else "article without id"
    if rec.get("_corrupt_record") is not None:
        return "malformed_record", f"not a JSON object: {str(rec['_corrupt_record'])[:80]!r}"
    text = rec.get("text")
    if text is None or not str(text).strip():
        return "empty_text", f"{what} has no text"
    try:
        text = decode_article(str(text).encode("utf-8"), MAX_ARTICLE_BYTES, what)
    except InputError as exc:
        return "unreadable_text", _first_line(exc)
    raw_date = rec.get("date")
    try:
        day = parse_date(raw_date.strip()) if isinstance(raw_date, str) and raw_date.strip() else None
    except InputError as exc:
        return "bad_date", f"{what}: {_first_line(exc)}"
    return Article(text=text, date=day, id=str(rid) if rid else "", title=rec.get("title"), url=rec.get("url"),
                   source=rec.get("source"))


def _actor_cols(prefix: str, actor: Actor | None) -> dict[str, Any]:
    return {f"{prefix}_{f}": getattr(actor, f) if actor is not None else None for f in _ACTOR_FIELDS}


def _span_cols(prefix: str, span: Span | None) -> dict[str, Any]:
    return {f"{prefix}_start": span.start if span else None, f"{prefix}_end": span.end if span else None}


def coded_rows(coded: CodedArticle) -> Iterator[dict[str, Any]]:
    """Flat rows (kind event/quote/amount) for one coded article; the full dicts ride along as JSON."""
    a = coded.article
    common = {"article_id": a.id, PARTITION_COLUMN: a.date.strftime("%Y-%m") if a.date else None}
    for e in coded.events:
        yield {
            **common, "kind": "event", "sentence": e.sentence,
            **_actor_cols("source", e.source), **_actor_cols("target", e.target),
            "cameo": e.cameo, "cameo_root": e.cameo_root, "cameo_name": e.cameo_name, "plover": e.plover,
            "plover_mode": e.plover_mode, "goldstein": float(e.goldstein), "quad_class": e.quad_class,
            "modality": e.modality.value, "reported": bool(e.reported), "evidence": e.evidence, "trigger": e.trigger,
            **_span_cols("trigger", e.trigger_span), **_span_cols("source", e.source.span),
            **_span_cols("target", e.target.span if e.target else None),
            "rule": e.rule, "confidence": float(e.confidence),
            "event_date": dt.date.fromisoformat(e.date[:10]) if e.date else None,
            "event_json": json.dumps(e.to_dict(), ensure_ascii=False),
        }
    for q in coded.quotes:
        yield {
            **common, "kind": "quote", "sentence": q.sentence, **_actor_cols("speaker", q.speaker),
            "quote_text": q.text, **_span_cols("span", q.span), "article_date": a.date,
            "quote_json": json.dumps(q.to_dict(), ensure_ascii=False),
        }
    for m in coded.amounts:
        yield {
            **common, "kind": "amount", "sentence": m.sentence, "value": float(m.value), "amount_text": m.text,
            "object": m.object, "qualifier": m.qualifier, "unit": m.unit, **_span_cols("span", m.span),
            "article_date": a.date, "amount_json": json.dumps(m.to_dict(), ensure_ascii=False),
        }


def _code_batch(pipe: Pipeline, articles: list[Article]) -> Iterator[dict[str, Any]]:
    """Code a batch through ``nlp.pipe``; if anything in it fails, retry one by one so one bad article costs
    only itself."""
    try:
        coded = list(pipe.code_many(articles))
    except Exception:  # noqa: BLE001 - isolate the culprit below instead of failing the task
        coded = None
    if coded is not None:
        for c in coded:
            yield from coded_rows(c)
        return
    for article in articles:
        try:
            rows = list(coded_rows(pipe.code(article)))
        except Exception as exc:  # noqa: BLE001 - counted as skipped; the job goes on
            yield _skip_row("coding_error", f"article {article.id}: {type(exc).__name__}: {_first_line(exc)}")
            continue
        yield from rows


def _skip_row(reason: str, detail: str) -> dict[str, Any]:
    return {"kind": "skip", "skip_reason": reason, "skip_detail": detail}


@dataclass(frozen=True)
class ArticleCoder:
    """The function given to ``mapInArrow``: Arrow batches of articles in, Arrow batches of union rows out.

    A module-level class (not a closure) so cloudpickle sends it by reference: executors import this module and
    share its ``_PIPELINES`` cache across tasks instead of unpickling a private copy each time.
    """

    model: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    options: tuple[tuple[str, Any], ...] = ()  # further Pipeline keyword arguments, e.g. (("prefilter", False),)

    def __call__(self, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        worker = f"{socket.gethostname()}:{os.getpid()}"
        for batch in batches:
            records = batch.to_pylist()
            if not records:
                continue
            pipe = _pipeline(self.model, self.batch_size, self.options)
            rows: list[dict[str, Any]] = []
            articles: list[Article] = []
            for rec in records:
                got = to_article(rec)
                if isinstance(got, Article):
                    articles.append(got)
                else:
                    rows.append(_skip_row(*got))
            rows.extend(_code_batch(pipe, articles))
            rows.append({"kind": "batch", "worker": worker, "pipeline_loads": _PIPELINE_LOADS,
                         "batch_articles": len(records), "batch_undated": sum(a.date is None for a in articles)})
            yield pa.RecordBatch.from_pylist(rows, schema=UNION_ARROW_SCHEMA)


# ---------------------------------------------------------------- driver side


@dataclass
class SparkReport:
    """What a run did; also written to ``OUTPUT/_summary.json``."""

    input: str
    output: str
    master: str
    partition_by: str = PARTITION_COLUMN
    articles: int = 0
    coded: int = 0
    undated: int = 0  # coded without a date (actors resolved as of no date); many means a wrong --date-field?
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_examples: list[str] = field(default_factory=list)
    events: int = 0
    quotes: int = 0
    amounts: int = 0
    workers: int = 0
    pipelines_per_worker: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkError("pyspark is not installed; install the extra: pip install 'tidings[spark]'") from exc


def resolve_master(master: str | None) -> str | None:
    """The master URL to set: the caller's; else none under spark-submit (PYSPARK_GATEWAY_PORT is set), so its
    ``--master`` applies; else local[2]. An already active session keeps its own master regardless."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active.sparkContext.master
    if master:
        return master
    return None if "PYSPARK_GATEWAY_PORT" in os.environ else DEFAULT_MASTER


def local_file(path: str, master: str | None) -> Path | None:
    """The local path behind ``path`` if it names one: ``file:`` URLs always, bare paths only in local mode (on a
    cluster a bare path is on the default filesystem, usually HDFS). None means "ask Spark"."""
    if path.startswith("file://"):
        return Path(path[len("file://"):])
    if path.startswith("file:"):
        return Path(path[len("file:"):])
    if "://" in path or not (master or "").startswith("local"):
        return None
    return Path(path)


def detect_format(path: str, master: str | None = DEFAULT_MASTER) -> str:
    """``json`` or ``parquet`` from the path: *.parquet files, or a local folder holding them, are Parquet."""
    p = path.rstrip("/").lower()
    if p.endswith(".parquet") or p.endswith(".pq"):
        return "parquet"
    local = local_file(path, master)
    if local is not None and local.is_dir() and any(local.rglob("*.parquet")):
        return "parquet"
    return "json"


def _session(chosen: str | None, app_name: str,
             conf: dict[str, str] | None = None) -> tuple[SparkSession, bool, str]:
    """The active SparkSession if there is one (notebook, test, spark-submit), else a new one we own.

    Returns (session, we_created_it, master). ``chosen`` comes from ``resolve_master``; ``conf`` are the user's
    Spark settings, applied after tidings' pins so they win.
    """
    conf = dict(conf or {})
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False, active.sparkContext.master
    if not os.environ.get("PYSPARK_PYTHON"):
        # pyspark sends executors the interpreter named by the driver's PYSPARK_PYTHON (default: `python3` on
        # PATH, which may lack tidings); spark.pyspark.python only reaches it through spark-submit, so honour it
        # here, and in local mode use the interpreter running this driver.
        import sys

        if conf.get("spark.pyspark.python"):
            os.environ["PYSPARK_PYTHON"] = conf["spark.pyspark.python"]
        elif chosen and chosen.startswith("local"):
            os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.appName(app_name)
    if chosen:
        builder = builder.master(chosen)
    builder = (builder
               .config("spark.python.worker.reuse", "true")  # keep workers, hence their loaded Pipeline
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.debug.maxToStringFields", "200"))  # the union schema is wide; no truncation warning
    if chosen and chosen.startswith("local"):
        builder = builder.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark, True, spark.sparkContext.master


def _fs(spark: SparkSession, path: str) -> tuple[Any, Any]:
    """Hadoop FileSystem and Path for ``path``: the same existence checks and summary write on local disk, HDFS
    and S3."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    return hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hpath


def _check_output(spark: SparkSession | None, output: str, master: str | None, overwrite: bool) -> None:
    """Refuse to mix two runs' files: OUTPUT must not already hold tidings output unless --overwrite.

    Local paths are checked before Spark starts (an instant error); others through Hadoop's FileSystem.
    """
    if overwrite:
        return
    local = local_file(output, master)
    if local is not None:
        taken = [n for n in (*OUTPUTS, SUMMARY_FILE) if (local / n).exists()]
    elif spark is None:
        return
    else:
        taken = _remote_taken(spark, output)
    if taken:
        raise InputError(f"{output} already holds tidings output ({', '.join(taken)}); pass --overwrite to replace it")


def _remote_taken(spark: SparkSession, output: str) -> list[str]:
    try:
        fs, base = _fs(spark, output)
        jvm = spark.sparkContext._jvm
        return [n for n in (*OUTPUTS, SUMMARY_FILE) if fs.exists(jvm.org.apache.hadoop.fs.Path(base, n))]
    except AttributeError:  # no JVM handle (Spark Connect): let the writer's own error-if-exists speak
        return []


def _write_text(spark: SparkSession, path: str, text: str) -> None:
    try:
        fs, hpath = _fs(spark, path)
    except AttributeError:
        return
    out = fs.create(hpath, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def _delete(spark: SparkSession, path: str) -> None:
    try:
        fs, hpath = _fs(spark, path)
    except AttributeError:
        return
    if fs.exists(hpath):
        fs.delete(hpath, True)


def read_articles(spark: SparkSession, path: str, fmt: str = "auto", date_field: str = "date") -> DataFrame:
    """Articles as (id, url, title, date, source, text, _corrupt_record), all strings, whatever the input types.

    JSON is read with a fixed schema in PERMISSIVE mode, so unknown fields are ignored and malformed lines arrive
    as ``_corrupt_record`` (skipped and counted later) instead of failing the job.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    fmt = detect_format(path, spark.sparkContext.master) if fmt == "auto" else fmt
    wanted = {"id": "id", "url": "url", "title": "title", "date": date_field, "source": "source", "text": "text"}
    if fmt == "json":
        fields = dict.fromkeys([*wanted.values(), "_corrupt_record"])
        schema = StructType([StructField(n, StringType()) for n in fields])
        df = (spark.read.schema(schema).option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", "_corrupt_record").json(path))
    elif fmt == "parquet":
        df = spark.read.parquet(path)
        if "text" not in df.columns:
            raise InputError(f"{path}: no 'text' column (found: {', '.join(df.columns) or 'none'})")
        df = df.withColumn("_corrupt_record", F.lit(None).cast("string"))
    else:
        raise InputError(f"unknown input format {fmt!r}: use auto, json or parquet")
    cols = [(F.col(f"`{src}`").cast("string") if src in df.columns else F.lit(None).cast("string")).alias(dst)
            for dst, src in wanted.items()]
    return df.select(*cols, F.col("_corrupt_record"))


def code_dataframe(articles: DataFrame, model: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                   pipeline_options: dict[str, Any] | None = None) -> DataFrame:
    """The union table of coded rows for a DataFrame from ``read_articles`` (lazy; nothing runs yet)."""
    articles.sparkSession.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_size))
    options = tuple(sorted((pipeline_options or {}).items()))
    return articles.mapInArrow(ArticleCoder(model=model, batch_size=batch_size, options=options), UNION_DDL)


def split_output(coded: DataFrame, name: str) -> DataFrame:
    """One output table (events, quotes or amounts) from the union table, with its partition column."""
    from pyspark.sql import functions as F

    kind = name[:-1]  # events -> event
    cols = [c for c, _ in COLUMNS_BY_OUTPUT[name]]
    return coded.where(F.col("kind") == kind).select(*cols, PARTITION_COLUMN)


def run_spark(input: str | os.PathLike[str], output: str | os.PathLike[str], master: str | None = None, *,
              batch_size: int = DEFAULT_BATCH_SIZE,
              date_field: str = "date", input_format: str = "auto", model: str | None = None,
              partitions: int | None = None, overwrite: bool = False,
              pipeline_options: dict[str, Any] | None = None, spark_conf: dict[str, str] | None = None) -> SparkReport:
    """Code INPUT (JSON Lines or Parquet of articles) into partitioned Parquet under OUTPUT/{events,quotes,amounts}.

    ``master``: a Spark master URL; default local[2], or spark-submit's when run under it, or the active session's
    when one exists (which is then left running). ``partitions``: how many coding tasks; default twice the
    cluster's cores, because one big gzipped file is a single input partition and would use one core.
    ``pipeline_options``: extra ``Pipeline`` keyword arguments (e.g. ``{"prefilter": False}``), the same on every
    executor. ``spark_conf``: Spark settings for a session this call creates (e.g. ``spark.archives``).
    """
    _require_pyspark()
    input, output = os.fspath(input), os.fspath(output)
    if batch_size < 1:
        raise InputError("--batch-size must be at least 1")
    chosen = resolve_master(master)
    local_in = local_file(input, chosen)
    if local_in is not None and not any(ch in input for ch in "*?[{") and not local_in.exists():
        raise InputError(f"{input}: no such file or folder")
    _check_output(None, output, chosen, overwrite)
    from py4j.protocol import Py4JError
    from pyspark import StorageLevel
    from pyspark.errors import PySparkException

    started = time.monotonic()
    model = model or os.environ.get("TIDINGS_MODEL") or None  # executors must use the driver's choice
    try:
        spark, owned, used_master = _session(chosen, "tidings", spark_conf)
    except (PySparkException, Py4JError) as exc:
        raise SparkError(f"cannot start Spark ({_first_line(exc)}); is Java 17+ installed (java on PATH or "
                         "JAVA_HOME)?") from exc
    report = SparkReport(input=input, output=output, master=used_master)
    try:
        _check_output(spark, output, used_master, overwrite)
        articles = read_articles(spark, input, input_format, date_field)
        n_parts = partitions or max(articles.rdd.getNumPartitions(), 2 * spark.sparkContext.defaultParallelism)
        coded = code_dataframe(articles.repartition(n_parts), model=model, batch_size=batch_size,
                               pipeline_options=pipeline_options)
        coded = coded.persist(StorageLevel.MEMORY_AND_DISK)  # code once, write three times
        try:
            _fill_report(report, coded)
            mode = "overwrite" if overwrite else "errorifexists"
            for name in OUTPUTS:
                table = split_output(coded, name)
                path = f"{output.rstrip('/')}/{name}"
                if getattr(report, name) == 0:
                    # a partitioned write of nothing writes no Parquet file, and DuckDB fails on a glob that
                    # matches none; one empty file with the schema keeps `read_parquet(...)` answering 0 rows.
                    # It goes one level down, so clear the table first or old months would survive --overwrite.
                    if overwrite:
                        _delete(spark, path)
                    (table.drop(PARTITION_COLUMN).coalesce(1).write.mode(mode)
                     .parquet(f"{path}/{PARTITION_COLUMN}={_NULL_PARTITION}"))
                    continue
                (table.repartition(PARTITION_COLUMN)  # one file per month (split at MAX_RECORDS_PER_FILE)
                 .sortWithinPartitions(PARTITION_COLUMN, "article_id", "sentence")
                 .write.mode(mode)
                 .option("maxRecordsPerFile", MAX_RECORDS_PER_FILE)
                 .partitionBy(PARTITION_COLUMN)
                 .parquet(path))
        finally:
            coded.unpersist()
        report.seconds = round(time.monotonic() - started, 1)
        _write_text(spark, f"{output.rstrip('/')}/{SUMMARY_FILE}", json.dumps(report.to_dict(), indent=2) + "\n")
    except (PySparkException, Py4JError) as exc:
        raise _spark_error(exc) from exc
    finally:
        if owned:
            spark.stop()
    return report


def _fill_report(report: SparkReport, coded: DataFrame) -> None:
    """Counts from the persisted union table in ONE small aggregation; this first action is what runs the NLP."""
    from pyspark.sql import functions as F

    rows = (coded.groupBy("kind", "skip_reason", "worker")
            .agg(F.count("*").alias("n"), F.first("skip_detail", ignorenulls=True).alias("example"),
                 F.max("pipeline_loads").alias("loads"), F.sum("batch_articles").alias("articles"),
                 F.sum("batch_undated").alias("undated"))
            .collect())
    for r in rows:
        if r["kind"] in ("event", "quote", "amount"):
            setattr(report, r["kind"] + "s", getattr(report, r["kind"] + "s") + r["n"])
        elif r["kind"] == "skip":
            report.skipped[r["skip_reason"]] = r["n"]
            report.skipped_examples.append(r["example"])
        elif r["kind"] == "batch":
            report.pipelines_per_worker[r["worker"]] = r["loads"]
            report.articles += r["articles"]
            report.undated += r["undated"]
    report.workers = len(report.pipelines_per_worker)
    report.coded = report.articles - sum(report.skipped.values())


def _spark_error(exc: BaseException) -> TidingsError:
    """Spark errors are pages long; the user gets the first line, as an InputError when the input is at fault."""
    msg = _first_line(exc)
    if "PATH_NOT_FOUND" in msg or "Path does not exist" in msg:
        return InputError(msg)
    if "PATH_ALREADY_EXISTS" in msg:
        return InputError(f"{msg} (pass --overwrite to replace it)")
    return SparkError(f"Spark job failed: {msg}")
