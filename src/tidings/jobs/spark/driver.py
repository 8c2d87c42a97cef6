"""The driver side of the Spark job: ``run_spark`` starts (or joins) a session, codes, writes, and reports.

The union table the executors return is persisted once and split into ``OUTPUT/events``, ``OUTPUT/quotes`` and
``OUTPUT/amounts``, so the expensive NLP never runs twice. Output is Parquet partitioned by the article's month,
``year_month=YYYY-MM`` (articles without a date go to Spark's ``__HIVE_DEFAULT_PARTITION__``, which DuckDB reads
as NULL). Month, not day: a day is too small a file for most corpora, a year too coarse for time-sliced queries.
What a run did is written to ``OUTPUT/_summary.json``.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from tidings.errors import InputError, TidingsError, first_line
from tidings.jobs.spark.executor import DEFAULT_BATCH_SIZE, ArticleCoder
from tidings.jobs.spark.fs import DEFAULT_MASTER, SUMMARY_FILE, check_output, delete, local_file, write_text
from tidings.jobs.spark.inputs import read_articles
from tidings.jobs.spark.schema import OUTPUTS, PARTITION_COLUMN, UNION_DDL

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Spark's folder for a NULL partition value; DuckDB reads it as NULL
MAX_RECORDS_PER_FILE = 500_000  # keeps each Parquet file in the tens of MB even when one month is huge


class SparkError(TidingsError):
    """pyspark is missing, or Spark could not run the job; the message says what to do."""

    exit_code = 1


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


def code_dataframe(articles: DataFrame, model: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                   pipeline_options: dict[str, Any] | None = None) -> DataFrame:
    """The union table of coded rows for a DataFrame from ``read_articles`` (lazy; nothing runs yet)."""
    articles.sparkSession.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_size))
    options = tuple(sorted((pipeline_options or {}).items()))
    return articles.mapInArrow(ArticleCoder(model=model, batch_size=batch_size, options=options), UNION_DDL)


def split_output(coded: DataFrame, name: str) -> DataFrame:
    """One output table (events, quotes or amounts) from the union table, with its partition column."""
    from pyspark.sql import functions as F

    out = OUTPUTS[name]
    return coded.where(F.col("kind") == out.kind).select(*(c.name for c in out.columns), PARTITION_COLUMN)


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
    check_output(None, output, chosen, overwrite)
    from py4j.protocol import Py4JError
    from pyspark import StorageLevel
    from pyspark.errors import PySparkException

    started = time.monotonic()
    model = model or os.environ.get("TIDINGS_MODEL") or None  # executors must use the driver's choice
    try:
        spark, owned, used_master = _session(chosen, "tidings", spark_conf)
    except (PySparkException, Py4JError) as exc:
        raise SparkError(f"cannot start Spark ({first_line(exc)}); is Java 17+ installed (java on PATH or "
                         "JAVA_HOME)?") from exc
    report = SparkReport(input=input, output=output, master=used_master)
    try:
        check_output(spark, output, used_master, overwrite)
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
                        delete(spark, path)
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
        write_text(spark, f"{output.rstrip('/')}/{SUMMARY_FILE}", json.dumps(report.to_dict(), indent=2) + "\n")
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
    msg = first_line(exc)
    if "PATH_NOT_FOUND" in msg or "Path does not exist" in msg:
        return InputError(msg)
    if "PATH_ALREADY_EXISTS" in msg:
        return InputError(f"{msg} (pass --overwrite to replace it)")
    return SparkError(f"Spark job failed: {msg}")
