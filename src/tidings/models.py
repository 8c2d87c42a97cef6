"""Plain data passed between stages.

Everything that leaves a stage is a frozen dataclass with character offsets into the article text, so it can be
serialised, sent across processes (workers, Spark) and stored without spaCy objects.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from typing import Any


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


@dataclass(frozen=True)
class Article:
    """One news article as read by ``ingest``; ``id`` defaults to a hash of the normalised text."""

    text: str
    date: date | None = None
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", text_hash(self.text)[:16])


def text_hash(text: str) -> str:
    """Hash of whitespace-normalised, case-folded text: the identity used for idempotent re-ingest."""
    norm = " ".join(text.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


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
    sentence: int
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
        return d


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it."""

    text: str
    span: Span
    speaker: Actor | None
    sentence: int

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
    sentence: int
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
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

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
        d.update(self.extra)
        return d
