"""``tidings gkg FILE --date D``: the GKG side of one article (dateline, places, themes, tone, dates) as JSON.

A thin command over ``context.annotate.ContextAnnotator``. When the pipeline already attaches the context keys to
its CodedArticle they are printed as they are; otherwise the annotator runs here on the same parsed doc, so the
article is parsed once either way.
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
    from tidings.context.annotate import ContextAnnotator
    from tidings.models import Article
    from tidings.pipeline import Pipeline, parse_date

    pipe = Pipeline(model=model)
    article = Article(text=text, date=parse_date(date), title=title)
    doc = pipe.nlp(text)
    coded = pipe.code_doc(article, doc)
    if all(k in coded.extra for k in ARTICLE_KEYS[:4]):
        record = {k: coded.extra.get(k) for k in ARTICLE_KEYS}
    else:
        annotator = getattr(pipe, "context", None) or ContextAnnotator(pipe.kb)
        record, _ = annotator.annotate(doc, article, coded.events)
        record = {k: record.get(k) for k in ARTICLE_KEYS}
    typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
