"""The one pipeline every interface uses: the CLI, the store, workers and the Spark job all call ``Pipeline``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as nlp_mod
from .actors.kb import KnowledgeBase, load_kb
from .actors.resolve import Resolver
from .events.extract import EventExtractor
from .events.lexicon import Lexicon, load_lexicon
from .extras.amounts import extract_amounts
from .extras.quotes import extract_quotes
from .models import Article, CodedArticle, Span


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        from .errors import InputError

        raise InputError(f"bad date {value!r}: use YYYY-MM-DD") from exc


class Pipeline:
    """Loads the spaCy model, knowledge base and lexicon once; codes articles one by one or as a stream."""

    def __init__(self, model: str | None = None, kb: KnowledgeBase | None = None,
                 lexicon: Lexicon | None = None, batch_size: int = 16) -> None:
        self.nlp: Language = nlp_mod.load(model)
        self.kb = kb or load_kb()
        self.lexicon = lexicon or load_lexicon()
        self.resolver = Resolver(self.kb)
        self.extractor = EventExtractor(self.lexicon)
        self.batch_size = batch_size

    def code(self, text: str | Article, date: str | dt.date | None = None, title: str | None = None) -> CodedArticle:
        article = text if isinstance(text, Article) else Article(text=text, date=parse_date(date), title=title)
        return self.code_doc(article, self.nlp(article.text))

    def code_many(self, articles: Iterable[Article], n_process: int = 1) -> Iterator[CodedArticle]:
        """Stream coded articles; spaCy parses in batches (the expensive part)."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=n_process):
            yield self.code_doc(article, doc)

    def code_doc(self, article: Article, doc: Doc) -> CodedArticle:
        day = article.date
        resolver = self.resolver.for_doc(doc, day)
        events = self.extractor.extract(doc, resolver, day)
        if day is not None:
            events = [_with_date(e, day) for e in events]
        quotes = extract_quotes(doc, resolver)
        amounts = extract_amounts(doc)
        sentences = tuple(Span(s.start_char, s.end_char) for s in doc.sents)
        return CodedArticle(article=article, events=tuple(events), quotes=tuple(quotes), amounts=tuple(amounts),
                            actors=tuple(resolver.mentions()), sentences=sentences)


def _with_date(event, day: dt.date):  # noqa: ANN001, ANN202
    from dataclasses import replace

    return replace(event, date=day.isoformat())


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def code(text: str, date: str | dt.date | None = None, title: str | None = None) -> CodedArticle:
    """Code one article with the default pipeline: ``tidings.code(text, date="2026-01-02")``."""
    return default_pipeline().code(text, date=date, title=title)
