"""Article-level context when the pre-filter parsed only some sentences.

Events, their places and dates come from the parsed sentences; but the article's themes, tone, dateline and
places must cover every sentence. Themes and tone need only tokens, the dateline only the raw text, and places in
unparsed sentences come from the knowledge-base terms the pre-filter already found (countries and capitals).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tidings.actors.kb import best_entry
from tidings.context.annotate import ContextAnnotator
from tidings.context.dateline import find_dateline
from tidings.context.dates import resolve
from tidings.context.places import Context, Place
from tidings.context.themes import summarise
from tidings.context.tone import article_tone
from tidings.nlp.text_norm import fold

if TYPE_CHECKING:
    from tidings.pipeline import _Plan

_DENSITIES = ("activity_density", "self_group_density")


def full_article_context(ctx: ContextAnnotator, plan: _Plan, parsed: dict[str, Any],
                         off: Callable[[int], int]) -> dict[str, Any]:
    assert plan.tokens is not None and plan.selection is not None
    tokens, article = plan.tokens, plan.article
    sents = list(tokens.sents)
    sent_of = [0] * len(tokens)
    for i, s in enumerate(sents):
        sent_of[s.start:s.end] = [i] * (s.end - s.start)
    out = dict(parsed)
    dateline = find_dateline(article.text, ctx.places)
    dl_date = None
    if dateline is not None and dateline.date_text and article.date is not None:
        found = resolve(dateline.date_text, article.date, None)
        dl_date = found[0] if found else None
    out["dateline"] = dateline.to_dict(dl_date) if dateline else None
    names, spans = summarise(ctx.themes.match(tokens, sent_of))
    out["themes"], out["theme_spans"] = names, spans
    # the part-of-speech densities need tags, which only the parsed sentences have: they come from the parse
    parsed_tone = parsed.get("tone") or {}
    if all(k in parsed_tone for k in _DENSITIES):
        # the tokens are the article's: their text is its text
        tone = article_tone(tokens, sents, article.text, pos_densities=parsed_tone)
    else:
        tone = article_tone(tokens, sents, article.text)
        for k in _DENSITIES:
            tone[k] = parsed_tone.get(k, tone[k])
    out["tone"] = tone
    out["dates"] = [dict(d, span=[off(d["span"][0]), off(d["span"][1] - 1) + 1]) if d.get("span") else d
                    for d in parsed.get("dates", [])]
    out["locations"] = _locations(ctx, plan, parsed.get("locations", []), off)
    return out


def _locations(ctx: ContextAnnotator, plan: _Plan, parsed: list[dict[str, Any]],
               off: Callable[[int], int]) -> list[dict[str, Any]]:
    assert plan.selection is not None
    out = [dict(loc, spans=[[off(s), off(e - 1) + 1] for s, e in loc.get("spans", [])]) for loc in parsed]
    index = {(loc.get("geonames_id"), loc.get("name"), loc.get("country")): loc for loc in out}
    countries = {loc.get("country") for loc in out if loc.get("country")}
    context = Context(countries=countries)  # read, never changed, by PlaceResolver.best
    places: dict[str, Place | None] = {}  # the same term gets the same place throughout the article
    for start, end in plan.selection.unparsed_terms():
        text = plan.article.text[start:end]
        if text in places:
            place = places[text]
        else:
            e = best_entry(plan_lookup(ctx, text))
            ok = e is not None and e.kind in ("country", "capital")
            place = places[text] = ctx.places.best(fold(text), context) if ok else None
        if place is None:
            continue
        d = place.to_dict()
        key = (d.get("geonames_id"), d.get("name"), d.get("country"))
        if key not in index:
            index[key] = dict(d, text=text, count=0, spans=[])
            out.append(index[key])
        index[key]["count"] += 1
        index[key]["spans"].append([start, end])
    return out


def plan_lookup(ctx: ContextAnnotator, text: str) -> list:
    return ctx.kb.lookup(text)
