"""Where the Spark job reads and writes: local paths checked before Spark starts, others through Hadoop's
FileSystem, so the same existence checks and summary write work on local disk, HDFS and S3."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.errors import InputError
from tidings.jobs.spark.schema import OUTPUTS

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
SUMMARY_FILE = "_summary.json"


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


def _fs(spark: SparkSession, path: str) -> tuple[Any, Any]:
    """Hadoop FileSystem and Path for ``path``: the same existence checks and summary write on local disk, HDFS
    and S3."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    return hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hpath


def check_output(spark: SparkSession | None, output: str, master: str | None, overwrite: bool) -> None:
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


def write_text(spark: SparkSession, path: str, text: str) -> None:
    """Write a small text file (the run summary) on any Hadoop filesystem; nothing under Spark Connect."""
    try:
        fs, hpath = _fs(spark, path)
    except AttributeError:
        return
    out = fs.create(hpath, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def delete(spark: SparkSession, path: str) -> None:
    """Remove ``path`` and what is under it, on any Hadoop filesystem; nothing under Spark Connect."""
    try:
        fs, hpath = _fs(spark, path)
    except AttributeError:
        return
    if fs.exists(hpath):
        fs.delete(hpath, True)
