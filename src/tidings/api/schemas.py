"""Request and response bodies of the API, as pydantic models: they make the OpenAPI document at /openapi.json
that /docs shows and that the schemathesis tests check every response against."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    status: str
    version: str
    articles: int
    events: int
