"""The GKG side of an article: dateline, places, dates, themes and tone, for the article and for each event.

``ContextAnnotator`` is built once per ``Pipeline`` (it holds the knowledge base and compiled themes; the
gazetteer and dateparser load lazily, once per process) and runs on every article, so everything in it is a pass
over the doc's entities and tokens plus cached look-ups.

The context is computed once per article, over the whole article. When the pre-filter parsed only some sentences
(``annotate_part``), what needs the parse (the places and dates the entities name, and each event's date, place and
themes, which hang on its dependency arcs) comes from the parsed doc and is moved to the article's offsets by
``nlp.offsets.remap``; the dateline is found in the article's text, the themes and tone over all its tokens, and
the places of the unparsed sentences from the known terms the pre-filter found there. An event's location is the
place the sentence puts it in ("in Tokyo", "at the border with Turkey", "a visit to Beijing"), else the dateline;
its date the temporal expression attached to it, else the article date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from spacy.tokens import Doc, Span, Token

from tidings.context.dateline import find_dateline
from tidings.context.dates import find_dates, resolve, warm_dates
from tidings.context.places import Context, PlaceResolver, country_name_patterns
from tidings.context.placing import EntityPlace, PlaceFinder, PlaceMention, locations, with_dateline
from tidings.context.themes import ThemeHit, summarise, theme_matcher
from tidings.context.tone import analyzer, article_tone, densities
from tidings.models import Article, ArticleContext, Dateline, DateMention, Event, EventContext, Place
from tidings.nlp.offsets import OffsetMap, remap
from tidings.nlp.text_norm import fold

T = TypeVar("T")

LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "along", "off", "within", "around",
                            "throughout"})
# "at the border with Turkey", "on the outskirts of Kyiv": the place is inside a noun phrase that is the location
LOCATIVE_NOUNS = frozenset({"border", "frontier", "coast", "capital", "city", "outskirts", "region", "province",
                            "waters", "shore", "area", "north", "south", "east", "west", "centre", "center",
                            "side", "edge", "heart", "streets", "airport", "port", "embassy", "parts", "part"})
MOTION = frozenset({"visit", "travel", "trip", "fly", "arrive", "come", "go", "head", "return", "journey", "sail",
                    "deploy", "send", "dispatch", "tour"})
PLACE_KINDS = ("city", "state", "region")  # the readings of a place name that give an actor its country
EVENT_NOUNS = frozenset({"summit", "talks", "talk", "meeting", "conference", "visit", "protest", "attack",
                         "exercise", "drill", "rally", "forum", "negotiations"})


@dataclass(frozen=True)
class ParsedPlacesAndDates:
    """The places and dates a parsed doc names, in the doc's offsets (``remap`` moves them to the article's)."""

    places: tuple[PlaceMention, ...]
    dates: tuple[DateMention, ...]


class ContextAnnotator:
    """Adds dateline, locations, themes, tone and dates to an article, and date, place and themes to its events."""

    def __init__(self, kb: Any, warm: bool = False, common_words: frozenset[str] = frozenset()) -> None:
        """``common_words``: see ``PlaceResolver`` (the pipeline passes its model's, ``nlp.model.common_words``)."""
        self.kb = kb
        self.places = PlaceResolver(kb, common_words)
        self.themes = theme_matcher()
        self.finder = PlaceFinder(kb, self.places)
        if warm:
            self.places.gaz  # noqa: B018 - build the gazetteer now, not inside the first article
            # and the other per-process loads the first articles would otherwise pay (half a second together):
            warm_dates()  # dateparser's English locale data
            country_name_patterns()  # country_converter's name table, read on the first place nobody else knows
            analyzer()  # VADER's lexicon

    def annotate(self, doc: Doc, article: Article, events: Sequence[Event], text: str | None = None
                 ) -> tuple[ArticleContext, list[EventContext]]:
        """The context of an article parsed whole as ``doc``, and of each of its events in order.

        ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds ``doc.text`` from the tokens on every
        access); the entities are read once and shared by the place and date passes for the same reason."""
        if text is None:
            text = doc.text
        sents, sent_of = _sentences(doc)
        dateline = self.dateline(text, article)
        found, per_event, hits = self._parsed(doc, sent_of, article, events, dateline, None, True)
        context = ArticleContext(dateline, locations(with_dateline(dateline, found.places)), summarise(hits),
                                 article_tone(doc, sents, text), found.dates)
        return context, per_event

    def annotate_part(self, doc: Doc, article: Article, events: Sequence[Event], text: str, offsets: OffsetMap,
                      tokens: Doc, unparsed_terms: list[tuple[int, int]]) -> tuple[ArticleContext, list[EventContext]]:
        """The same for an article of which ``doc`` (parsed from ``text``) holds some sentences: ``tokens`` are the
        whole article's (untagged) tokens, ``offsets`` maps ``text`` onto the article, ``unparsed_terms`` are the
        spans of known terms in the sentences that were not parsed. The result is in the article's offsets.

        The parse sees the article's dateline only if it parsed the sentence the dateline opens."""
        dateline = self.dateline(article.text, article)
        seen = dateline if dateline is not None and offsets.covers(dateline.span.start) else None
        _, sent_of = _sentences(doc)
        found, per_event, _ = self._parsed(doc, sent_of, article, events, seen, offsets, bool(events))
        found = remap(found, offsets)
        mentions = with_dateline(seen, found.places)
        countries = {m.place.country for m in mentions if m.place.country}
        mentions += self.finder.in_unparsed(article.text, unparsed_terms, countries)
        tok_sents, tok_sent_of = _sentences(tokens)
        # the part-of-speech densities need tags, which only the parsed sentences have: they come from the parse
        tone = article_tone(tokens, tok_sents, article.text, pos_densities=densities(doc))
        context = ArticleContext(dateline, locations(mentions), summarise(self.themes.match(tokens, tok_sent_of)),
                                 tone, found.dates)
        return context, per_event

    def dateline(self, text: str, article: Article) -> Dateline | None:
        """The dateline of ``text`` (the article's), with the date it names resolved against the article date."""
        dateline = find_dateline(text, self.places)
        if dateline is not None and dateline.date_text and article.date is not None:
            found = resolve(dateline.date_text, article.date, None)
            if found:
                dateline = replace(dateline, date=found[0])
        return dateline

    def _parsed(self, doc: Doc, sent_of: list[int], article: Article, events: Sequence[Event],
                dateline: Dateline | None, offsets: OffsetMap | None, match_themes: bool
                ) -> tuple[ParsedPlacesAndDates, list[EventContext], list[ThemeHit]]:
        """What the parse gives: the places and dates the entities name (not the dates in the dateline's header:
        that is the filing date; ``offsets`` maps the doc's offsets onto the article's, where the header is), each
        event's context, and the theme matches (only when ``match_themes``)."""
        ents = doc.ents
        entity_places = self.finder.in_doc(doc, sent_of, dateline, ents)
        dates = find_dates(doc, sent_of, article.date, ents)
        if dateline is not None:
            header = dateline.header
            at = offsets.char if offsets is not None else int
            dates = [(d, root) for d, root in dates if not header.start <= at(d.span.start) < header.end]
        hits = self.themes.match(doc, sent_of) if match_themes else []
        # each event reads its own sentence's places, dates and themes: grouped once, not scanned per event (an
        # article of thousands of events and places would cost their product)
        places_at, dates_at, hits_at = (_by_sentence(entity_places, lambda p: p.sentence),
                                        _by_sentence(dates, lambda d: d[0].sentence),
                                        _by_sentence(hits, lambda h: h.sentence))
        per_event = [self._event(doc, sent_of, e, places_at, dates_at, hits_at, dateline, article) for e in events]
        found = ParsedPlacesAndDates(tuple(p.mention for p in entity_places), tuple(d for d, _ in dates))
        return found, per_event, hits

    def country_of_place(self, name: str, countries: Callable[[], Collection[str]] | None = None,
                         kinds: Collection[str] = PLACE_KINDS, day: dt.date | None = None,
                         unsure_cities: bool = False, known_only: bool = False) -> tuple[str, str] | None:
        """(ISO3, place name) of a town or region by its most likely reading, for actor resolution.

        ``countries``: the countries the article names, asked when the name has a reading that needs them (a
        region's name two countries share, or that is also a common word or a person's name) or places in two
        countries ("Ontario": a Canadian province, a Californian city), and when its reading is a town few know
        (``stray_town``); a name whose guarded readings lie in two of the article's countries ("Punjab" in a story
        naming India and Pakistan) places nothing. ``known_only``: read only a place that says on its own which
        country a story is about (``Gazetteer.well_known``): what the article's countries are counted from.
        ``kinds``: the kinds of place the name's best reading may be (a name with no place entity may be only a
        region, or a town with ``unsure_cities``: ``PlaceResolver.unsure_cities``). ``day``: the article date, for
        a place whose actors changed country (``Gazetteer.country_on``)."""
        key = fold(name)
        if not key or len(key) < 3:
            return None
        places = self.places
        cands = places.candidates(key)
        if unsure_cities:
            cands = places.unsure_cities(key, cands)
        if countries is not None and (any(c.guarded for c in cands)
                                      or len({c.place.country for c in cands if c.place.kind in kinds}) > 1):
            named = set(countries())
            if len({c.place.country for c in cands if c.guarded and c.place.kind in kinds
                    and c.place.country in named}) > 1:
                return None
            place = places.best(key, Context(countries=named), cands=cands)
        else:
            place = places.best(key, Context(), cands=cands)
        if place is None or place.country is None or place.kind not in kinds:
            return None
        if place.kind == "city" and not places.gaz.well_known(place, key) \
                and (known_only or (countries is not None and stray_town(place, countries()))):
            return None
        return places.gaz.country_on(place, day) or place.country, place.name

    def _event(self, doc: Doc, sent_of: list[int], event: Event, places_at: dict[int, list[EntityPlace]],
               dates_at: dict[int, list[tuple[DateMention, int]]], hits_at: dict[int, list[ThemeHit]],
               dateline: Dateline | None, article: Article) -> EventContext:
        trig = _trigger_token(doc, event)
        # the sentence is found from the trigger's offsets: the pipeline may number sentences its own way
        s_idx = sent_of[trig.i] if trig is not None else event.sentence
        places, dates, hits = places_at.get(s_idx, []), dates_at.get(s_idx, []), hits_at.get(s_idx, [])
        location: Place | None = None
        loc_source = None
        ranked = []
        for p in places:
            if p.sentence != s_idx:
                continue
            anchor = _locative_anchor(p.ent)
            if anchor is not None:
                dist = abs(p.mention.span.start - trig.idx) if trig is not None else 0
                ranked.append((_rank(anchor, trig), dist, p))
        if ranked:
            location, loc_source = min(ranked, key=lambda x: (x[0], x[1]))[2].mention.place, "sentence"
        elif dateline is not None:
            location, loc_source = dateline.place, "dateline"
        event_date, date_source = None, None
        in_sent = [(d, root) for d, root in dates if d.sentence == s_idx]
        ranked_d = []
        for d, root in in_sent:
            tok = doc[root]
            r = _rank(tok.head if tok.dep_ == "pobj" else tok, trig)
            if r <= 1 or len(in_sent) == 1:
                ranked_d.append((r, abs(tok.idx - trig.idx) if trig is not None else 0, d))
        if ranked_d:
            event_date, date_source = min(ranked_d, key=lambda x: (x[0], x[1]))[2].value, "sentence"
        elif article.date is not None:
            event_date, date_source = article.date.isoformat(), "article"
        themes: list[str] = []
        for h in hits:
            if h.sentence == s_idx and h.theme.name not in themes:
                themes.append(h.theme.name)
        return EventContext(event_date, date_source, location, loc_source, tuple(themes))


def _by_sentence(items: Sequence[T], sentence: Callable[[T], int]) -> dict[int, list[T]]:
    """``items`` grouped by sentence number, each group in the order given."""
    out: dict[int, list[T]] = {}
    for item in items:
        out.setdefault(sentence(item), []).append(item)
    return out


def _sentences(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's sentences, and the sentence number of each token."""
    sents = list(doc.sents)
    sent_of = [0] * len(doc)
    for i, s in enumerate(sents):
        sent_of[s.start:s.end] = [i] * (s.end - s.start)
    return sents, sent_of


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger_span.start, event.trigger_span.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _rank(anchor: Token, trig: Token | None) -> int:
    """0: attached inside the event's own phrase; 1: to a word that governs the event; 2: elsewhere."""
    if trig is None:
        return 2
    if anchor.i == trig.i or trig.is_ancestor(anchor):
        return 0
    if anchor.is_ancestor(trig) or (anchor.head.i != anchor.i and anchor.head.is_ancestor(trig)):
        return 1
    return 2


def _locative_anchor(ent: Span) -> Token | None:
    """The preposition (or event noun) that makes a place mention a location, or None ("ties with Seoul")."""
    tok = ent.root
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in EVENT_NOUNS:
        return tok.head  # "the Tokyo summit"
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("visit", "tour"):
        return tok.head  # "will visit Moscow"
    via_noun = False
    for _ in range(4):
        prep = tok.head
        if prep.i == tok.i or prep.pos_ != "ADP":
            return None
        word, governor = prep.lower_, prep.head
        if word in LOCATIVE_PREPS or (word == "on" and via_noun):  # "on the outskirts of Kyiv", not "on Taiwan"
            return prep
        if word == "to" and governor.lemma_.lower() in MOTION:
            return prep
        if word in ("with", "of", "to", "from") and governor.lemma_.lower() in LOCATIVE_NOUNS:
            tok, via_noun = governor, True
            continue
        return None
    return None


def stray_town(place: Place, named: Collection[str]) -> bool:
    """Whether the reading of a town few know lies in a country the article does not name while it names others:
    in a story about Britain, "Somerset police" are English, not of a New Jersey town of that name, and a place
    the gazetteer lacks (an English county, an Afghan district) is better left unread than read abroad. An article
    that names no country gives no ground to doubt the reading."""
    return bool(named) and place.country not in named
