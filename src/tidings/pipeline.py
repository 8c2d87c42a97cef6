"""The one pipeline every interface uses: the CLI, the store, workers and the Spark job all call ``Pipeline``."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from tidings.actors.kb import KnowledgeBase, best_entry, load_kb
from tidings.actors.resolve import Resolver
from tidings.context.amounts import extract_amounts, extract_amounts_unparsed
from tidings.context.annotate import ContextAnnotator
from tidings.context.full_context import full_article_context
from tidings.context.quotes import extract_quotes
from tidings.errors import InputError
from tidings.events.extract import EventExtractor
from tidings.events.lexicon import Lexicon, load_lexicon
from tidings.models import Actor, Article, CodedArticle, Span
from tidings.nlp import model as nlp_mod
from tidings.nlp.blas import use_fastest
from tidings.nlp.fastembed import cache_embeddings
from tidings.nlp.fasttags import FastTagger
from tidings.nlp.prefilter import JOIN, Prefilter, Selection


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise InputError(f"bad date {value!r}: use YYYY-MM-DD") from exc


class Pipeline:
    """Loads the spaCy model, knowledge base and lexicon once; codes articles one by one or as a stream."""

    def __init__(self, model: str | None = None, kb: KnowledgeBase | None = None,
                 lexicon: Lexicon | None = None, batch_size: int = 16, prefilter: bool = True,
                 warm: bool = False, blas: str | None = None) -> None:
        """``warm`` builds the place gazetteer now (about a second) rather than in the first article: for batch
        jobs, so that per-article timings are steady. ``blas``: "blis", "numpy" or "auto" (see ``tidings.nlp.blas``;
        default ``TIDINGS_BLAS``, else "auto")."""
        self.nlp: Language = nlp_mod.load(model)
        cache_embeddings(self.nlp)  # same numbers, computed once per distinct token shape
        self.blas = use_fastest(self.nlp, blas)  # the model's products through the faster BLAS here, one thread
        self.kb = kb or load_kb()
        self.lexicon = lexicon or load_lexicon()
        self.context = ContextAnnotator(self.kb, warm=warm)
        self.extractor = EventExtractor(self.lexicon)
        self.resolver = Resolver(self.kb, gazetteer=self.context.country_of_place, reader=self.extractor.reader)
        self.batch_size = batch_size
        self.fast_tags = FastTagger(self.nlp)
        self.prefilter = Prefilter(self.nlp, self.kb, self.lexicon) if prefilter else None

    def code(self, text: str | Article, date: str | dt.date | None = None, title: str | None = None) -> CodedArticle:
        article = text if isinstance(text, Article) else Article(text=text, date=parse_date(date), title=title)
        return next(self.code_many([article]))

    def code_many(self, articles: Iterable[Article], n_process: int = 1) -> Iterator[CodedArticle]:
        """Stream coded articles; spaCy parses in batches (the expensive part), only what the pre-filter keeps."""
        plans = (self._plan(a) for a in articles)
        pairs = ((plan.text if plan.doc is None else plan.doc, plan) for plan in plans)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.parse_batch, n_process=n_process,
                             disable=self.fast_tags.disabled)
        for doc, plan in docs:
            yield self._finish(plan, self.fast_tags(doc))

    @property
    def parse_batch(self) -> int:
        """Docs per ``nlp.pipe`` batch. ``batch_size`` counts articles; with the pre-filter on, a parsed doc holds
        about half an article (the kept sentences), and a batch of twice as many such docs parses about 5% faster
        than one of ``batch_size`` (the parser and NER work on a batch's tokens at once; 16 whole articles is
        spaCy's sweet spot on this model). Batching changes no result: each doc is parsed on its own."""
        return self.batch_size * 2 if self.prefilter is not None else self.batch_size

    def _plan(self, article: Article) -> _Plan:
        if self.prefilter is None:
            return _Plan(article, article.text, None, None, [])
        tokens, sel = self.prefilter.select(article.text)
        if all(sel.keep):
            return _Plan(article, article.text, None, sel, [])
        pieces, segments, pos = [], [], 0
        for (start, end), keep in zip(sel.sentences, sel.keep, strict=False):
            if keep:
                segments.append((pos, start, end - start))
                pieces.append(article.text[start:end])
                pos += end - start + len(JOIN)
        return _Plan(article, JOIN.join(pieces), tokens, sel, segments,
                     self.prefilter.kept_doc(sel) if pieces else None)

    def _finish(self, plan: _Plan, doc: Doc) -> CodedArticle:
        whole = plan.tokens is None  # else full_article_context recomputes tone and themes over every sentence
        coded = self.code_doc(plan.article, doc, with_tone=whole, text=plan.text, article_context=whole)
        if plan.tokens is None or plan.selection is None:
            return coded
        remapped = _remap(coded, plan, self.kb)
        return replace(remapped, extra=full_article_context(self.context, plan, coded.extra, _offset_map(plan)))

    def code_doc(self, article: Article, doc: Doc, with_tone: bool = True, text: str | None = None,
                 article_context: bool = True) -> CodedArticle:
        """Code one parsed doc. ``text`` is the text ``doc`` was parsed from, when the caller has it: spaCy rebuilds
        ``doc.text`` from every token on each access, and the extras read it several times. ``with_tone=False``
        and ``article_context=False`` leave out the article-level tone and themes, for a doc of some sentences
        whose article-level context is computed over all of them (``_finish``)."""
        if text is None:
            text = doc.text
        day = article.date
        resolver = self.resolver.for_doc(doc, day, text)
        events = self.extractor.extract(doc, resolver, day)
        if day is not None:
            events = [_with_date(e, day) for e in events]
        quotes = extract_quotes(doc, resolver, text)
        amounts = extract_amounts(doc)
        sentences = tuple(Span(s.start_char, s.end_char) for s in doc.sents)
        article_keys, per_event = self.context.annotate(doc, article, events, with_tone=with_tone, text=text,
                                                        article_themes=article_context)
        events = [_with_extra(e, extra) for e, extra in zip(events, per_event, strict=True)]
        return CodedArticle(article=article, events=tuple(events), quotes=tuple(quotes), amounts=tuple(amounts),
                            actors=tuple(resolver.mentions()), sentences=sentences, extra=article_keys)


def _with_extra(event, extra: dict):  # noqa: ANN001, ANN202
    return replace(event, extra={**event.extra, **extra})


def _with_date(event, day: dt.date):  # noqa: ANN001, ANN202
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


class _Plan:
    """What to parse for one article: the text of the kept sentences, and how to map offsets back."""

    __slots__ = ("article", "text", "tokens", "selection", "segments", "doc")

    def __init__(self, article: Article, text: str, tokens: Doc | None, selection: Selection | None,
                 segments: list[tuple[int, int, int]], doc: Doc | None = None) -> None:
        """``doc``: ``text`` already tokenized (the kept sentences, from the pre-filter's tokens), or None to let
        the pipeline tokenize ``text``."""
        self.article, self.text, self.tokens, self.selection, self.segments, self.doc = (
            article, text, tokens, selection, segments, doc)


def _term_actors(plan: _Plan, kb: KnowledgeBase) -> list:
    """Actors named in sentences that were not parsed: known terms only, resolved from the knowledge base."""
    assert plan.selection is not None
    out = []
    for start, end in plan.selection.unparsed_terms():
        text = plan.article.text[start:end]
        e = best_entry(kb.lookup(text))
        if e is None:
            continue
        country, sector, role = kb.facts(e, plan.article.date)
        if country is None:
            continue
        kb_id = e.id if ":" in e.id else (f"person:{e.id}" if e.kind == "person" else f"country:{e.id}")
        out.append(Actor(text=text, name=e.name, country=country, sector=sector, role=role, kb_id=kb_id,
                         span=Span(start, end)))
    return out


def _offset_map(plan: _Plan):  # noqa: ANN202
    """A function from offsets in the parsed sub-text to offsets in the article."""
    seg_starts = [s[0] for s in plan.segments]

    def off(x: int) -> int:
        k = max(0, bisect_right(seg_starts, x) - 1)
        sub, orig, _ = plan.segments[k]
        return orig + (x - sub)

    return off


def _remap(coded: CodedArticle, plan: _Plan, kb: KnowledgeBase) -> CodedArticle:
    """Map offsets and sentence numbers of the parsed sub-text back onto the article."""
    assert plan.selection is not None and plan.tokens is not None
    sent_starts = [s for s, _ in plan.selection.sentences]
    off = _offset_map(plan)

    def span(sp: Span | None) -> Span | None:
        return Span(off(sp.start), off(sp.end - 1) + 1 if sp.end > sp.start else off(sp.end)) if sp else None

    def sent(sub_start: int) -> int:
        return max(0, bisect_right(sent_starts, off(sub_start)) - 1)

    def actor(a):  # noqa: ANN001, ANN202
        return replace(a, span=span(a.span)) if a is not None else None

    sub_sent_starts = [s.start for s in coded.sentences]
    events = tuple(replace(e, source=actor(e.source), target=actor(e.target), trigger_span=span(e.trigger_span),
                           sentence=sent(sub_sent_starts[e.sentence])) for e in coded.events)
    quotes = tuple(replace(q, span=span(q.span), speaker=actor(q.speaker), sentence=sent(sub_sent_starts[q.sentence]))
                   for q in coded.quotes)
    amounts = [replace(m, span=span(m.span), sentence=sent(sub_sent_starts[m.sentence])) for m in coded.amounts]
    pairs = zip(plan.selection.sentences, plan.selection.keep, strict=True)
    skipped = [(i, s, e) for i, ((s, e), keep) in enumerate(pairs) if not keep]
    amounts += extract_amounts_unparsed(plan.tokens, skipped)
    amounts.sort(key=lambda m: m.span.start)
    actors = [actor(a) for a in coded.actors] + _term_actors(plan, kb)
    actors.sort(key=lambda a: a.span.start if a.span else 0)
    return replace(coded, events=events, quotes=quotes, amounts=tuple(amounts), actors=tuple(actors),
                   sentences=tuple(Span(s, e) for s, e in plan.selection.sentences))
