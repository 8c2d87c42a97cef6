"""Resolving actor phrases on their own, as ``tidings actor`` does."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tidings.models import Actor

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline


def resolve_phrases(pipe: Pipeline, phrases: list[str], day: dt.date | None,
                    context: str | None = None) -> list[Actor | None]:
    """Each phrase is parsed after the optional context, so names introduced there resolve."""
    out: list[Actor | None] = []
    prefix = (context.strip() + "\n\n") if context else ""
    for phrase in phrases:
        text = prefix + phrase.strip()
        doc = pipe.nlp(text)
        span = doc.char_span(len(prefix), len(text), alignment_mode="expand")
        if span is None or len(span) == 0:
            out.append(None)
            continue
        res = pipe.resolver.for_doc(doc, day)
        head = span.root
        a = res.actor(head)
        if a is None:
            a = res.describe_phrase(list(span), head)
        out.append(a if a is not None and a.country is not None else None)
    return out
