"""What the Spark job reads: articles from JSON Lines or Parquet, checked the way every tidings reader checks them.

Records that cannot be coded (malformed JSON, no text, binary or oversized text, a date that is not a date) become
a (reason, detail) pair that the executor counts as a skip: a bad record never fails the job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidings.errors import InputError, first_line
from tidings.jobs.spark.fs import DEFAULT_MASTER, local_file
from tidings.models import Article, parse_date
from tidings.readers.plaintext import plain_article
from tidings.readers.validate import MAX_ARTICLE_BYTES, decode_article

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


def to_article(rec: dict[str, Any]) -> Article | tuple[str, str]:
    """An Article from one input record, or (reason, detail) saying why it cannot be coded.

    Goes through ``decode_article`` and ``plain_article`` like every other plain-text reader, so Spark skips
    exactly what ``tidings code`` refuses and codes the same normalised text.
    """
    rid = rec.get("id") or None
    what = f"article {rid}" if rid else "article without id"
    if rec.get("_corrupt_record") is not None:
        return "malformed_record", f"not a JSON object: {str(rec['_corrupt_record'])[:80]!r}"
    text = rec.get("text")
    if text is None or not str(text).strip():
        return "empty_text", f"{what} has no text"
    try:
        text = plain_article(decode_article(str(text).encode("utf-8"), MAX_ARTICLE_BYTES, what), what)
    except InputError as exc:
        return "unreadable_text", first_line(exc)
    raw_date = rec.get("date")
    try:
        day = parse_date(raw_date.strip()) if isinstance(raw_date, str) and raw_date.strip() else None
    except InputError as exc:
        return "bad_date", f"{what}: {first_line(exc)}"
    return Article(text=text, date=day, id=str(rid) if rid else "", title=rec.get("title"), url=rec.get("url"),
                   source=rec.get("source"))


def detect_format(path: str, master: str | None = DEFAULT_MASTER) -> str:
    """``json`` or ``parquet`` from the path: *.parquet files, or a local folder holding them, are Parquet."""
    p = path.rstrip("/").lower()
    if p.endswith(".parquet") or p.endswith(".pq"):
        return "parquet"
    local = local_file(path, master)
    if local is not None and local.is_dir() and any(local.rglob("*.parquet")):
        return "parquet"
    return "json"


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
