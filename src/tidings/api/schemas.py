"""Request and response bodies of the API, as pydantic models: they make the OpenAPI document at /openapi.json
that /docs shows and that the schemathesis tests check every response against.

Large responses (pages of events, articles) are built as plain dicts and sent as they are; the models describe
them, and the schema tests hold the two together.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Health(BaseModel):
    status: str
    version: str
    articles: int
    events: int


class ActorRef(BaseModel):
    name: str | None
    country: str | None
    sector: str | None
    kb_id: str | None


class ArticleRef(BaseModel):
    id: str | None
    title: str | None
    url: str | None
    date: str | None
    source: str | None = Field(description="the outlet")


class Spans(BaseModel):
    source: list[int] | None
    target: list[int] | None
    trigger: list[int] | None


class EventOut(BaseModel):
    """A deduplicated event with the evidence of its founding mention and that mention's article."""

    event_id: str
    date: str | None
    source: ActorRef | None
    target: ActorRef | None
    cameo: str | None
    cameo_root: str | None
    cameo_name: str | None
    plover: str | None
    plover_mode: str | None
    quad_class: int | None
    goldstein: float | None
    modality: str | None
    num_mentions: int | None
    num_sources: int | None
    num_articles: int | None
    evidence: str | None
    sentence: int | None
    trigger: str | None
    reported: bool | None
    spans: Spans
    article: ArticleRef


class EventPage(BaseModel):
    events: list[EventOut]
    next: str | None = Field(description="pass as cursor= for the next page; null on the last page")


class ArticleMeta(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    url: str | None
    title: str | None
    source: str | None
    date: str | None


class ArticleDetail(BaseModel):
    """The article's text and everything coded in it; every span is [start, end) in ``text``."""

    article: ArticleMeta
    text: str
    events: list[dict[str, Any]] = Field(description="each as in tidings code's JSON, plus the stored event_id")
    quotes: list[dict[str, Any]]
    amounts: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    context: dict[str, Any] = Field(description="dateline, locations, themes, tone, dates")


class SeriesRow(BaseModel):
    period: str
    direction: str
    events: int
    q0_neutral: int
    q1_verbal_coop: int
    q2_material_coop: int
    q3_verbal_conflict: int
    q4_material_conflict: int
    goldstein_sum: float
    goldstein_mean: float | None
    mentions: int
    coverage: int
    share: float | None


class Relations(BaseModel):
    a: str
    b: str
    by: str
    series: list[SeriesRow]


class ActorAnswer(BaseModel):
    text: str
    name: str | None
    country: str | None
    sector: str | None
    role: str | None
    kb_id: str | None


class CodeRequest(BaseModel):
    text: str = Field(description="the article's text")
    date: str | None = Field(None, description="YYYY-MM-DD: actors resolve as of this date")
    title: str | None = None
    url: str | None = None


class Coded(BaseModel):
    """Exactly the JSON of ``tidings code``."""

    model_config = ConfigDict(extra="allow")
    article: dict[str, Any]
    events: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    amounts: list[dict[str, Any]]
    actors: list[dict[str, Any]]


class IngestResult(BaseModel):
    run_id: str
    added: int
    duplicates: int
    mentions: int
    new_events: int
    rejected: int
    seconds: float
    rejects: list[dict[str, str]] = Field(description="the first rejects: where (line) and why")


class Problem(BaseModel):
    detail: str
