"""``tidings spark``: code a corpus with Spark. Kept out of cli.py so the CLI never imports pyspark unless asked."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tidings.cli.app import ModelOpt, app
from tidings.errors import InputError


@app.command("spark")
def spark_cmd(
    input: Annotated[str, typer.Argument(help="JSON Lines or Parquet of articles (file, folder, glob; HDFS/S3 URLs)")],
    output: Annotated[str, typer.Argument(help="Folder for events/, quotes/, amounts/ (Parquet by year_month)")],
    master: Annotated[str | None, typer.Option(
        help="Spark master URL, e.g. local[4], yarn, k8s://https://host:443 [default: local[2]; spark-submit's "
             "--master when run under spark-submit]")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per Arrow batch and per nlp.pipe batch")] = 32,
    date_field: Annotated[str, typer.Option(help="Input field holding the article date (YYYY-MM-DD...)")] = "date",
    input_format: Annotated[str, typer.Option("--format", help="auto | json | parquet")] = "auto",
    partitions: Annotated[int | None, typer.Option(
        help="Coding tasks [default: twice the cluster's cores]")] = None,
    conf: Annotated[list[str] | None, typer.Option(
        "--conf", help="Spark setting KEY=VALUE, repeatable (e.g. spark.executor.memory=4g)")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace existing output under OUTPUT")] = False,
    no_prefilter: Annotated[bool, typer.Option("--no-prefilter", help="Parse every sentence (slower)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON")] = False,
    model: ModelOpt = None,
) -> None:
    """Code a corpus on Spark (local mode by default) into Parquet that DuckDB and tidings query directly."""
    from tidings.jobs.spark import run_spark

    spark_conf: dict[str, str] = {}
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--conf {item!r}: use KEY=VALUE, e.g. --conf spark.executor.memory=4g")
        spark_conf[key.strip()] = value
    report = run_spark(input, output, master, batch_size=batch_size, date_field=date_field,
                       input_format=input_format, model=model, partitions=partitions, overwrite=overwrite,
                       pipeline_options={"prefilter": False} if no_prefilter else None, spark_conf=spark_conf)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    skipped = sum(report.skipped.values())
    why = ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items()))
    hint = f": is --date-field {date_field!r} right?" if report.coded and report.undated == report.coded else ""
    typer.echo(f"coded {report.coded} of {report.articles} articles"
               + (f" ({skipped} skipped: {why})" if skipped else "")
               + (f" ({report.undated} without a date{hint})" if report.undated else "")
               + f"; {report.events} events, {report.quotes} quotes, {report.amounts} amounts"
               + f" -> {output} (partitioned by {report.partition_by}; {report.seconds:.0f}s on {report.master})")
