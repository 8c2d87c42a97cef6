"""``tidings gkg FILE --date D``: the GKG side of one article (dateline, places, themes, tone, dates) as JSON.

A thin command over the pipeline: the article is parsed whole and its context (``CodedArticle.context``, typed)
printed with the keys of ``tidings code``.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tidings.cli.app import DateOpt, ModelOpt, app, read_input
from tidings.readers.validate import MAX_ARTICLE_BYTES

ARTICLE_KEYS = ("dateline", "locations", "themes", "tone", "dates", "theme_spans")


@app.command()
def gkg(
    path: Annotated[str, typer.Argument(help="Article text file, or - for standard input")],
    date: DateOpt = None,
    title: Annotated[str | None, typer.Option(help="Article title")] = None,
    model: ModelOpt = None,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted, in bytes")] = MAX_ARTICLE_BYTES,
) -> None:
    """Print an article's dateline, resolved places, themes, tone and dates as one JSON object."""
    text = read_input(path, max_bytes)
    from tidings.models import Article, parse_date
    from tidings.pipeline import Pipeline

    pipe = Pipeline(model=model)
    article = Article(text=text, date=parse_date(date), title=title)
    doc = pipe.nlp(text)
    coded = pipe.code_doc(article, doc, text=text)
    assert coded.context is not None  # code_doc always computes it
    context = coded.context.to_dict()
    record = {k: context.get(k) for k in ARTICLE_KEYS}
    typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
