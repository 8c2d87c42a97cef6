"""The one pipeline every interface uses: the CLI, the store, workers and the Spark job all call ``Pipeline``."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from itertools import groupby, islice
from time import perf_counter

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from tidings.actors.kb import KnowledgeBase, best_entry, load_kb
from tidings.actors.resolve import Resolver
from tidings.context.amounts import extract_amounts, extract_amounts_unparsed
from tidings.context.annotate import ContextAnnotator
from tidings.context.quotes import extract_quotes
from tidings.events.context_source import fill_sources
from tidings.events.evaluative import vocabulary
from tidings.events.extract import EventExtractor
from tidings.events.learned import Proposals
from tidings.events.lexicon import Lexicon, load_lexicon
from tidings.events.register import register_of_text
from tidings.models import Actor, Amount, Article, CodedArticle, Event, Quote, Span, parse_date
from tidings.nlp import model as nlp_mod
from tidings.nlp.blas import use_fastest
from tidings.nlp.budget import MAX_SENTENCE_TOKENS, clean, pieces, require_unicode
from tidings.nlp.fastembed import cache_embeddings
from tidings.nlp.fasttags import install as install_fast_tags
from tidings.nlp.offsets import OffsetMap, remap
from tidings.nlp.prefilter import JOIN, Prefilter, Selection
from tidings.nlp.quadmodel import LazyModel, QuadScorer

# Docs whose model run goes to the model's thread at once. spaCy still parses ``parse_batch`` docs at a time; the
# model reads each sentence alone, so a small chunk loses nothing. At the end of a stream (of each batch in
# ``tidings ingest``) the chunks still queued, up to ``MODEL_AHEAD``, wait for the model with nothing to overlap.
MODEL_CHUNK = 4
MODEL_AHEAD = 16  # chunks coded by the rules and waiting for the model, at most (two parse batches of docs)


class Pipeline:
    """Loads the spaCy model, knowledge base and lexicon once; codes articles one by one or as a stream."""

    def __init__(self, model: str | None = None, kb: KnowledgeBase | None = None,
                 lexicon: Lexicon | None = None, batch_size: int = 16, prefilter: bool = True,
                 warm: bool = False, blas: str | None = None, learned: bool | QuadScorer = True) -> None:
        """``warm`` builds the place gazetteer now (about a second) rather than in the first article: for batch
        jobs, so that per-article timings are steady. ``blas``: "blis", "numpy" or "auto" (see ``tidings.nlp.blas``;
        default ``TIDINGS_BLAS``, else "auto"). ``learned``: use the learned event model (``events.learned``),
        loaded on a thread of its own while the rest loads (``LazyModel.preload``); False codes with the rules
        alone (``--no-model``: today's output and speed); a ``QuadScorer`` is used as the model (an evaluation
        passes held-out probabilities)."""
        self.learned: LazyModel | None = None
        if learned is not False:
            self.learned = LazyModel()
            if learned is not True:
                self.learned.loaded, self.learned.model = True, learned
            else:
                self.learned.preload()  # on its own thread, beside the loading below
        self.nlp: Language = nlp_mod.load(model)
        cache_embeddings(self.nlp)  # same numbers, computed once per distinct token shape
        self.blas = use_fastest(self.nlp, blas)  # the model's products through the faster BLAS here, one thread
        self.kb = kb or load_kb()
        self.lexicon = lexicon or load_lexicon()
        self.context = ContextAnnotator(self.kb, warm=warm, common_words=nlp_mod.common_words(self.nlp))
        self.extractor = EventExtractor(self.lexicon)
        self.resolver = Resolver(self.kb, gazetteer=self.context.country_of_place, reader=self.extractor.reader)
        self.batch_size = batch_size
        self.fast_tags = install_fast_tags(self.nlp)  # nlp(text) and nlp.pipe tag as code() does
        self.prefilter = Prefilter(self.nlp, self.kb, vocabulary(self.lexicon)) if prefilter else None
        self.model_seconds = 0.0  # time spent in the learned model (bench/throughput.py reports its share)

    def code(self, text: str | Article, date: str | dt.date | None = None, title: str | None = None) -> CodedArticle:
        """Code one article. InputError (the one error bad input gives) for text that is not Unicode text."""
        if not isinstance(text, Article):
            require_unicode(text)  # before the Article hashes it
        article = text if isinstance(text, Article) else Article(text=text, date=parse_date(date), title=title)
        return next(self.code_many([article]))

    def code_many(self, articles: Iterable[Article], n_process: int = 1) -> Iterator[CodedArticle]:
        """Stream coded articles; spaCy parses in batches (the expensive part), only what the pre-filter keeps.

        An article too long to parse as one doc (``nlp.budget.pieces``) interrupts the stream: its pieces are
        parsed one per batch, so that the parser's memory stays that of a normal batch, and joined again. Real
        articles never are, and then this is one ``nlp.pipe`` over the whole stream."""
        plans = (self._plan(a) for a in articles)
        # The learned model reads each chunk's sentences on a second thread while this one parses and codes the
        # next chunks: onnxruntime runs without the GIL, so on two cores much of its time leaves the wall. Each
        # sentence is run alone (``QuadModel.probabilities``), so the answers do not depend on this overlap.
        ahead: deque[tuple[list[tuple[Doc, _Plan]], list[_Parsed], Future | None]] = deque()
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-model")
        try:
            for split, group in groupby(plans, key=lambda plan: plan.cuts is not None):
                if split:
                    while ahead:
                        yield from self._scored(*ahead.popleft())
                    for plan in group:
                        doc = self._parse_pieces(plan)
                        part = self._parsed(doc, plan.article.date, plan.text, plan.article.text)
                        self._score([part])
                        yield self._finish(plan, doc, part)
                    continue
                pairs = ((plan.text if plan.doc is None else plan.doc, plan) for plan in group)
                docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.parse_batch, n_process=n_process)
                while chunk := list(islice(docs, MODEL_CHUNK if self.learned is not None else self.parse_batch)):
                    # the rules first, for a few docs; then one model run over all their candidate sentences
                    parts = [self._parsed(doc, plan.article.date, plan.text, plan.article.text) for doc, plan in chunk]
                    ahead.append((chunk, parts, self._score_later(pool, parts)))
                    # hand on what the model has finished; wait only when it falls a parse batch behind, so that
                    # it keeps reading while this thread parses the next batch (the parse comes in bursts)
                    while ahead and (len(ahead) > MODEL_AHEAD or ahead[0][2] is None or ahead[0][2].done()):
                        yield from self._scored(*ahead.popleft())
            while ahead:
                yield from self._scored(*ahead.popleft())
        finally:
            # a consumer that stops early (an article timeout) must not wait for a model run it no longer needs
            pool.shutdown(wait=False, cancel_futures=True)

    def _score_later(self, pool: ThreadPoolExecutor, parts: list[_Parsed]) -> Future | None:
        """Start the model's run over the candidate sentences of ``parts`` on ``pool``; None when there is
        nothing to run (no model, or no sentence with a rule event)."""
        texts, model = self._asked(parts)
        return None if model is None else pool.submit(self._probabilities, model, texts)

    def _scored(self, chunk: list[tuple[Doc, _Plan]], parts: list[_Parsed], future: Future | None
                ) -> Iterator[CodedArticle]:
        """The coded articles of one batch, once its model run (if any) has finished."""
        if future is not None:
            self._apply(parts, future.result())
        for (doc, plan), part in zip(chunk, parts, strict=True):
            yield self._finish(plan, doc, part)

    def _parse_pieces(self, plan: _Plan) -> Doc:
        """Parse ``plan.doc`` piece by piece and join the parsed pieces into one doc of the same text. Each piece
        starts with no sentence boundaries set (the pre-filter's tokens carry its sentencizer's), so the parser
        decides them as it does for a whole doc."""
        assert plan.doc is not None and plan.cuts is not None
        parts = []
        for a, b in plan.cuts:
            part = plan.doc[a:b].as_doc()
            part.from_array([SENT_START], numpy.zeros((len(part), 1), dtype="uint64"))
            parts.append(part)
        return Doc.from_docs(list(self.nlp.pipe(parts, batch_size=1)), ensure_whitespace=False)

    @property
    def parse_batch(self) -> int:
        """Docs per ``nlp.pipe`` batch. ``batch_size`` counts articles; with the pre-filter on, a parsed doc holds
        about half an article (the kept sentences), and a batch of twice as many such docs parses about 5% faster
        than one of ``batch_size`` (the parser and NER work on a batch's tokens at once; 16 whole articles is
        spaCy's sweet spot on this model). Batching changes no result: each doc is parsed on its own."""
        return self.batch_size * 2 if self.prefilter is not None else self.batch_size

    def _plan(self, original: Article) -> _Plan:
        """What to parse of one article. Its text is cleaned first (``nlp.budget.clean``: same length, so every
        offset holds); the coding reads the cleaned text and the result carries the article as it came."""
        text = clean(original.text)
        article = original if text is original.text else replace(original, text=text)
        if self.prefilter is None:
            return self._whole(original, article, None)
        tokens, sel = self.prefilter.select(text)
        if all(sel.keep):
            return self._whole(original, article, sel, tokens)
        pieces_, segments, pos = [], [], 0
        for (start, end), keep in zip(sel.sentences, sel.keep, strict=False):
            if keep:
                segments.append((pos, start, end - start))
                pieces_.append(text[start:end])
                pos += end - start + len(JOIN)
        kept = JOIN.join(pieces_)
        doc = self.prefilter.kept_doc(sel) if pieces_ else None
        if doc is None and len(kept) > MAX_SENTENCE_TOKENS:
            doc = self.nlp.tokenizer(kept)
        return _Plan(original, article, kept, tokens, sel, segments, doc, pieces(doc) if doc is not None else None)

    def _whole(self, original: Article, article: Article, sel: Selection | None, tokens: Doc | None = None
               ) -> _Plan:
        """The plan to parse the whole (cleaned) text: as text, as spaCy's own pipe would tokenize it, unless it
        may need cutting into pieces (a token is at least a character, so only text longer than the sentence cap
        can) or is longer than spaCy takes as text. The pre-filter's ``tokens`` are that same tokenization, when
        there are any (but they carry the sentencizer's boundaries, which the parser must not see)."""
        text = article.text
        if len(text) <= MAX_SENTENCE_TOKENS:
            return _Plan(original, article, text, None, sel, [])
        doc = tokens if tokens is not None else self.nlp.tokenizer(text)
        cuts = pieces(doc)
        if cuts is None and tokens is not None:
            if len(text) <= self.nlp.max_length:
                return _Plan(original, article, text, None, sel, [])  # as before: spaCy tokenizes the text again
            doc = self.nlp.tokenizer(text)  # few tokens in much text (cleaned junk): spaCy would refuse the text
        return _Plan(original, article, text, None, sel, [], doc, cuts)

    def _finish(self, plan: _Plan, doc: Doc, part: _Parsed) -> CodedArticle:
        """Code the parsed ``doc`` of ``plan``. When it holds only the kept sentences, what was found in it is
        moved onto the article by one ``remap``, and the context, the amounts and the known actors cover the
        sentences that were not parsed too."""
        if plan.tokens is None or plan.selection is None:
            return replace(self.code_doc(plan.article, doc, text=plan.text, part=part), article=plan.original)
        article, sel = plan.article, plan.selection
        events, quotes, amounts, actors = part.result()
        offsets = OffsetMap(tuple(plan.segments), tuple(s for s, _ in sel.sentences),
                            tuple(_words_start(s) for s in doc.sents))
        context, per_event = self.context.annotate_part(doc, article, events, plan.text, offsets, plan.tokens,
                                                        sel.unparsed_terms())
        events = [replace(e, context=c) for e, c in zip(events, per_event, strict=True)]
        # one walk moves every span and sentence number of the parsed text onto the article
        events, quotes, amounts, actors = remap((tuple(events), tuple(quotes), tuple(amounts), tuple(actors)),
                                                offsets)
        skipped = [(i, s, e) for i, ((s, e), keep) in enumerate(zip(sel.sentences, sel.keep, strict=True))
                   if not keep]
        amounts = sorted((*amounts, *extract_amounts_unparsed(plan.tokens, skipped)), key=lambda m: m.span.start)
        actors = sorted((*actors, *_term_actors(plan, self.kb)), key=lambda a: a.span.start if a.span else 0)
        return CodedArticle(article=plan.original, events=fill_sources(events), quotes=quotes, amounts=tuple(amounts),
                            actors=tuple(actors), sentences=tuple(Span(s, e) for s, e in sel.sentences),
                            context=context)

    def code_doc(self, article: Article, doc: Doc, text: str | None = None, part: _Parsed | None = None
                 ) -> CodedArticle:
        """Code one doc parsed from the whole article. ``text`` is the text ``doc`` was parsed from, when the caller
        has it: spaCy rebuilds ``doc.text`` from every token on each access, and the context reads it several
        times. ``part``: what ``_parsed`` found in it, already scored by the model (``code_many`` does that for a
        batch of docs at once)."""
        if text is None:
            text = doc.text
        if part is None:
            part = self._parsed(doc, article.date, text)
            self._score([part])
        events, quotes, amounts, actors = part.result()
        context, per_event = self.context.annotate(doc, article, events, text=text)
        events = [replace(e, context=c) for e, c in zip(events, per_event, strict=True)]
        return CodedArticle(article=article, events=fill_sources(events), quotes=tuple(quotes), amounts=tuple(amounts),
                            actors=tuple(actors), sentences=tuple(Span(s.start_char, s.end_char) for s in doc.sents),
                            context=context)

    def _parsed(self, doc: Doc, day: dt.date | None, text: str, whole: str | None = None) -> _Parsed:
        """The rules' events, quotes, amounts and actor mentions of a parsed doc, in its offsets and sentence
        numbers, with the sentences the learned model is to read (none without a model). ``whole``: the article's
        whole text, when ``doc`` holds only the sentences the pre-filter kept (the article's register, sport or
        entertainment, is read from all of it)."""
        resolver = self.resolver.for_doc(doc, day, text, whole)
        quotes = extract_quotes(doc, resolver, text)
        register = register_of_text(whole if whole is not None else text)
        events = self.extractor.extract(doc, resolver, day, quotes=quotes, register=register)
        proposals = None
        if self.learned is not None:
            proposals = Proposals.of(self.extractor.parse(doc), resolver, events, list(doc.sents),
                                     self.extractor.lex, register)
        return _Parsed(events, proposals, day, quotes, extract_amounts(doc),
                       list(resolver.mentions()))

    def _score(self, parts: list[_Parsed]) -> None:
        """One model run over the candidate sentences of ``parts``, here; each part then holds its final events.
        Rules only when there is no model (``--no-model``, or none installed: ``LazyModel`` said so once on
        stderr)."""
        texts, model = self._asked(parts)
        if model is not None:
            self._apply(parts, self._probabilities(model, texts))

    def _asked(self, parts: list[_Parsed]) -> tuple[list[str], QuadScorer | None]:
        """The sentences the model is to read for ``parts``, in order (``_apply`` hands the rows back), and the
        model; None when there is nothing to read or no model."""
        texts = [t for p in parts if p.proposals is not None for t in p.proposals.texts]
        return texts, self.learned.get() if self.learned is not None and texts else None

    def _probabilities(self, model: QuadScorer, texts: list[str]) -> numpy.ndarray:
        t0 = perf_counter()
        probs = model.probabilities(texts)
        self.model_seconds += perf_counter() - t0
        return probs

    @staticmethod
    def _apply(parts: list[_Parsed], probs: numpy.ndarray) -> None:
        """Give each part its model-scored events from its rows of ``probs``."""
        row = 0
        for part in parts:
            if part.proposals is not None and part.proposals.texts:
                n = len(part.proposals.texts)
                part.events = part.proposals.finish(probs[row:row + n])
                row += n


def _words_start(sent: SpacySpan) -> int:
    """Where a parsed sentence's words start: its first token that is neither punctuation nor space. The parser may
    begin a sentence with a quotation mark that the pre-filter's sentencizer gave to the sentence before ('...
    the plaintiffs."' then 'He told ...'), and that sentence must not number the events of this one."""
    return next((t.idx for t in sent if not (t.is_punct or t.is_space)), sent.start_char)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def code(text: str, date: str | dt.date | None = None, title: str | None = None) -> CodedArticle:
    """Code one article with the default pipeline: ``tidings.code(text, date="2026-01-02")``."""
    return default_pipeline().code(text, date=date, title=title)


class _Parsed:
    """What the rules found in one parsed doc; ``events`` become the model-scored ones after ``Pipeline._score``."""

    __slots__ = ("events", "proposals", "day", "quotes", "amounts", "actors")

    def __init__(self, events: list[Event], proposals: Proposals | None, day: dt.date | None, quotes: list[Quote],
                 amounts: list[Amount], actors: list[Actor]) -> None:
        self.events, self.proposals, self.day = events, proposals, day
        self.quotes, self.amounts, self.actors = quotes, amounts, actors

    def result(self) -> tuple[list[Event], list[Quote], list[Amount], list[Actor]]:
        """Events (dated with the article), quotes, amounts and actors, as the rest of the pipeline takes them."""
        events = self.events
        if self.day is not None:
            events = [replace(e, date=self.day.isoformat()) for e in events]
        return events, self.quotes, self.amounts, self.actors


class _Plan:
    """What to parse for one article: the text of the kept sentences, and how to map offsets back."""

    __slots__ = ("original", "article", "text", "tokens", "selection", "segments", "doc", "cuts")

    def __init__(self, original: Article, article: Article, text: str, tokens: Doc | None,
                 selection: Selection | None, segments: list[tuple[int, int, int]], doc: Doc | None = None,
                 cuts: list[tuple[int, int]] | None = None) -> None:
        """``original``: the article as given; ``article``: the same with its cleaned text, which the coding reads.
        ``doc``: ``text`` already tokenized (the kept sentences, from the pre-filter's tokens), or None to let
        the pipeline tokenize ``text``. ``cuts``: the token ranges of ``doc`` to parse as pieces, or None."""
        self.original, self.article, self.text, self.tokens, self.selection, self.segments, self.doc, self.cuts = (
            original, article, text, tokens, selection, segments, doc, cuts)


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
