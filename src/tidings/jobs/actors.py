"""Resolving actor phrases on their own, as ``tidings actor`` and ``GET /api/actors/resolve`` do.

Below both interfaces (the CLI and the API), so they give the same answer from the same code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tidings.models import Actor
from tidings.pipeline import Pipeline


def resolve_phrases(pipe: Pipeline, phrases: list[str], day: dt.date | None,
                    context: str | None = None) -> list[Actor | None]:
    """Each phrase parsed on its own, after the optional context (so that names and pronouns introduced there
    resolve), and resolved as a phrase; a sector phrase naming no country ("riot police", "a judge") gives its
    sector with a null country; None for a phrase with neither. No date means today."""
    day = day or dt.date.today()
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
        if a is None or a.country is None:
            a = res.bare_sector(head)
        out.append(a)
    return out


def actor_answer(phrase: str, actor: Actor | None) -> dict[str, Any]:
    """What ``tidings actor --json`` prints for one phrase: every key, None where the phrase resolved to nothing."""
    d: dict[str, Any] = {"text": phrase, "name": None, "country": None, "sector": None, "role": None, "kb_id": None}
    if actor is not None:
        d.update({k: v for k, v in actor.to_dict().items() if k != "text"})
    return d
