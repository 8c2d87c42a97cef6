"""Plain data passed between stages.

Everything that leaves a stage is a frozen dataclass with character offsets into the article text, so it can be
serialised, sent across processes (workers, Spark) and stored without spaCy objects. Every offset is a ``Span``
and every sentence number a field marked ``SENTENCE``, so that ``nlp.offsets.remap`` can move all of them from a
parsed sub-text to the article without code of its own for each class. The article context (dateline, places,
themes, tone, dates, each event's date and place) lives here too, typed, because the stages above ``context/``
(store, export) read it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from tidings.errors import InputError


class Modality(str, Enum):
    """How firmly the text asserts an event: "hosted" is not "will host" is not "might host"."""

    ASSERTED = "asserted"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


@dataclass(frozen=True)
class Span:
    """Half-open character offsets [start, end) into the article text."""

    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end]


# ``field(metadata=SENTENCE)`` marks an int field as a sentence number of the parsed text, which ``remap`` renumbers
# among the article's; with an "anchor" span field, as the article sentence that holds that span's start
SENTENCE: dict[str, Any] = {"offsets": "sentence"}


# The one range of dates tidings keeps, whatever gives them (--date, API, front matter, JSON, feeds, WARC, the text):
# outside it a date is a typo or a placeholder (0001-01-01, 9999-12-31), and dates near the ends of Python's calendar
# overflow the date arithmetic downstream (dedup's window, "last week"). Whole years, so a lone year can be checked.
FIRST_DATE, LAST_DATE = date(1800, 1, 1), date(2200, 12, 31)
DATE_RANGE = f"dates run from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def year_in_range(year: int) -> bool:
    """Whether a date of this year is one tidings keeps (``FIRST_DATE``..``LAST_DATE``)."""
    return FIRST_DATE.year <= year <= LAST_DATE.year


@dataclass(frozen=True)
class Article:
    """One news article as read by ``ingest``; ``id`` defaults to a hash of the normalised text. A date outside
    ``FIRST_DATE``..``LAST_DATE`` is an ``InputError``: no article gets past here with one, however it was made."""

    text: str
    date: date | None = None
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if self.date is not None and not year_in_range(self.date.year):
            raise InputError(f"article date {self.date.isoformat()} is out of range: {DATE_RANGE}")
        if not self.id:
            object.__setattr__(self, "id", text_hash(self.text)[:16])


def text_hash(text: str) -> str:
    """Hash of whitespace-normalised, case-folded text: the identity used for idempotent re-ingest."""
    norm = " ".join(text.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def parse_date(value: str | date | None, what: str = "date") -> date | None:
    """A date a user or a caller gives (``--date``, ``--from``, an API argument): ISO ``YYYY-MM-DD`` (a datetime's
    time is ignored), a ``date``, or nothing. The one strict parser: a bad value is an ``InputError`` naming
    ``what``, as is a date outside ``FIRST_DATE``..``LAST_DATE``. Feeds and files: ``readers.records.parse_when``."""
    if value is None:
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip()[:10])
        except ValueError as exc:
            raise InputError(f"bad {what} {value!r}: use YYYY-MM-DD") from exc
    if not year_in_range(value.year):
        raise InputError(f"bad {what} {value.isoformat()!r}: {DATE_RANGE}")
    return value

@dataclass(frozen=True)
class Item:
    """One article ready for coding, with its identity (``text_hash``) and provenance."""

    article: Article
    text_hash: str
    doc_id: str | None
    path: str
    locator: str


@dataclass(frozen=True)
class Reject:
    """A record that cannot be coded, and the one-line reason a user can act on."""

    path: str
    locator: str
    reason: str


@dataclass(frozen=True)
class Actor:
    """An actor as of the article date.

    ``country`` is ISO 3166 alpha-3, or a CAMEO non-state code (IGO, NGO, IMG, MNC); ``sector`` a CAMEO agent code.
    """

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    kb_id: str | None = None
    span: Span | None = None

    @property
    def resolved(self) -> bool:
        return self.country is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "role": self.role,
            "kb_id": self.kb_id,
        }


@dataclass(frozen=True)
class Event:
    """A coded event with the evidence that supports it."""

    source: Actor
    target: Actor | None
    cameo: str
    cameo_root: str
    cameo_name: str
    plover: str | None
    plover_mode: str | None
    goldstein: float
    quad_class: int
    modality: Modality
    reported: bool
    sentence: int = field(metadata={**SENTENCE, "anchor": "trigger_span"})
    evidence: str
    trigger: str
    trigger_span: Span
    rule: str
    confidence: float
    date: str | None = None
    # the name of the strategy that filled each side (``events.sources.SOURCE_STRATEGIES``,
    # ``events.targets.TARGET_STRATEGIES``, or "other-party"); None for a side that is empty
    source_from: str | None = None
    target_from: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    context: EventContext | None = field(default=None, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "source_from": self.source_from,
            "target_from": self.target_from,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "cameo_name": self.cameo_name,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "modality": self.modality.value,
            "reported": self.reported,
            "sentence": self.sentence,
            "evidence": self.evidence,
            "trigger": self.trigger,
            "spans": {
                "source": self.source.span.to_list() if self.source.span else None,
                "target": self.target.span.to_list() if self.target and self.target.span else None,
                "trigger": self.trigger_span.to_list(),
            },
            "rule": self.rule,
            "confidence": self.confidence,
        }
        d.update(self.extra)
        if self.context is not None:
            d.update(self.context.to_dict())
        return d


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it."""

    text: str
    span: Span
    speaker: Actor | None
    sentence: int = field(metadata=SENTENCE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "text": self.text,
            "span": self.span.to_list(),
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Amount:
    """A number with the thing it counts ("28,500 US troops" -> 28500, "US troops")."""

    value: float
    text: str
    object: str | None
    qualifier: str | None
    span: Span
    sentence: int = field(metadata={**SENTENCE, "anchor": "span"})
    unit: str | None = None  # None for counts; "share" for fractions; "percent"; ISO 4217 for money

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = self.span.to_list()
        return d


@dataclass(frozen=True)
class CodedArticle:
    """Everything tidings extracted from one article."""

    article: Article
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    amounts: tuple[Amount, ...] = ()
    actors: tuple[Actor, ...] = ()
    sentences: tuple[Span, ...] = ()
    context: ArticleContext | None = field(default=None, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        d: dict[str, Any] = {
            "article": {
                "id": a.id,
                "date": a.date.isoformat() if a.date else None,
                "title": a.title,
                "url": a.url,
                "source": a.source,
            },
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "amounts": [m.to_dict() for m in self.amounts],
            "actors": [dict(a.to_dict(), span=a.span.to_list() if a.span else None) for a in self.actors],
        }
        if self.context is not None:
            d.update(self.context.to_dict())
        return d


# --------------------------------------------------------------------------------- the article context
@dataclass(frozen=True)
class Place:
    """A resolved place. ``admin1`` is geonames' "CC.code" (e.g. "US.TX", "FR.11"); ``feature_class`` geonames'
    (A country or state, P populated place, L continent or region, H water, T relief)."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature_class: str
    kind: str = field(default="city", compare=False)  # continent | country | state | city | feature
    population: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "admin1": self.admin1, "lat": self.lat,
                "lon": self.lon, "geonames_id": self.geonames_id, "feature_class": self.feature_class}

    def brief(self) -> dict[str, Any]:
        """The short form each event carries as ``location``."""
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "geonames_id": self.geonames_id}


@dataclass(frozen=True)
class Dateline:
    """Where the story was filed: the resolved place, the place name as written and where it is (``span``), and
    the whole header up to where the story begins (``header``: a date in it is the filing date, not an event's)."""

    place: Place
    text: str
    span: Span
    header: Span
    agency: str | None = None
    date_text: str | None = None
    date: str | None = None  # ``date_text`` resolved against the article date

    def to_dict(self) -> dict[str, Any]:
        d = self.place.to_dict()
        d.update({"text": self.text, "span": self.span.to_list(), "agency": self.agency,
                  "date_text": self.date_text, "date": self.date})
        return d


@dataclass(frozen=True)
class Location:
    """One distinct place of the article with every mention of it, in order of first mention."""

    place: Place
    text: str
    spans: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.place.to_dict(), text=self.text, count=len(self.spans),
                    spans=[s.to_list() for s in self.spans])


@dataclass(frozen=True)
class ThemeSpans:
    """One theme of the article and the character spans of its matches."""

    name: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Tone:
    """Tone on GDELT's V1.5TONE conventions (see ``context.tone``); ``sentences`` the tone of each sentence."""

    tone: float
    positive: float
    negative: float
    polarity: float
    activity_density: float
    self_group_density: float
    compound: float
    word_count: int
    sentences: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"tone": self.tone, "positive": self.positive, "negative": self.negative, "polarity": self.polarity,
                "activity_density": self.activity_density, "self_group_density": self.self_group_density,
                "compound": self.compound, "word_count": self.word_count, "sentences": list(self.sentences)}


@dataclass(frozen=True)
class DateMention:
    """A resolved temporal expression: ``value`` is YYYY-MM-DD, YYYY-MM or YYYY as ``resolution`` says.

    ``sentence`` is numbered among the sentences of the parsed doc, also when the pre-filter parsed only some of
    the article's (it is not a ``SENTENCE`` field, so ``remap`` leaves it): that is what the JSON has always said."""

    text: str
    span: Span
    value: str
    resolution: str  # day | week | month | year
    sentence: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": self.span.to_list(), "date": self.value,
                "resolution": self.resolution, "sentence": self.sentence}


@dataclass(frozen=True)
class EventContext:
    """When and where one event happened, and the themes of its sentence.

    ``date_source`` says where ``event_date`` comes from ("sentence", "article" or None); ``location_source``
    likewise ("sentence", "dateline" or None)."""

    event_date: str | None
    date_source: str | None
    location: Place | None
    location_source: str | None
    themes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"event_date": self.event_date, "date_source": self.date_source,
                "location": self.location.brief() if self.location is not None else None,
                "location_source": self.location_source, "themes": list(self.themes)}


@dataclass(frozen=True)
class ArticleContext:
    """The article's dateline, places, themes (most mentioned first), tone and dates."""

    dateline: Dateline | None
    locations: tuple[Location, ...]
    themes: tuple[ThemeSpans, ...]
    tone: Tone
    dates: tuple[DateMention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dateline": self.dateline.to_dict() if self.dateline is not None else None,
            "locations": [loc.to_dict() for loc in self.locations],
            "themes": [t.name for t in self.themes],
            "theme_spans": {t.name: [s.to_list() for s in t.spans] for t in self.themes},
            "tone": self.tone.to_dict(),
            "dates": [d.to_dict() for d in self.dates],
        }
