"""Code a corpus with Spark when it outgrows one machine: ``run_spark(input, output)`` or ``tidings spark``.

One job, one module per side of it:

* ``inputs``: articles read as JSON Lines or Parquet (``read_articles``) and checked record by record
  (``to_article``) like every other reader, so Spark skips exactly what ``tidings code`` refuses; a bad record
  (empty text, binary, too large, unparseable date, malformed JSON line) is skipped and counted, never fatal.
* ``executor``: ``ArticleCoder``, the function ``mapInArrow`` runs on Arrow batches (no per-row pickling), with
  one ``Pipeline`` per executor process; an article whose coding raises is skipped and counted too.
* ``schema``: the output columns, views of the store's columns (``store/schema.py``) filled by the store's own
  flattener (``store/rows.py``), so the Parquet says what the store says.
* ``fs``: local, HDFS and S3 paths (existence checks, the summary file).
* ``driver``: ``run_spark``: session, coding, the partitioned Parquet writes and the ``SparkReport``.

pyspark is imported lazily, inside the functions that need it: tidings works without the ``spark`` extra, and
says how to get it when asked for Spark.
"""

from tidings.jobs.spark.driver import SparkError, SparkReport, code_dataframe, resolve_master, run_spark, split_output
from tidings.jobs.spark.executor import DEFAULT_BATCH_SIZE, ArticleCoder
from tidings.jobs.spark.fs import DEFAULT_MASTER, SUMMARY_FILE, local_file
from tidings.jobs.spark.inputs import detect_format, read_articles, to_article
from tidings.jobs.spark.schema import OUTPUTS, PARTITION_COLUMN, output_rows

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_MASTER", "OUTPUTS", "PARTITION_COLUMN", "SUMMARY_FILE", "ArticleCoder",
           "SparkError", "SparkReport", "code_dataframe", "detect_format", "local_file", "output_rows",
           "read_articles", "resolve_master", "run_spark", "split_output", "to_article"]
