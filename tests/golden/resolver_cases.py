"""What the resolver answers on a few paragraphs, recorded the same way for the golden file and for the test.

The paragraphs are news text written for these tests: people with titles, surnames and pronouns ("He added"),
countries, capitals standing for governments, demonyms, organisations, datelines and quotations. Every public
question is asked of every token, in text order and in reverse (coreference and the resolver's cycle guard depend
on the order questions come in), so a change that moves any one answer shows up as a changed line of
``resolver.json``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from tidings.models import Actor, parse_date
from tidings.pipeline import Pipeline

PARAGRAPHS = [
    ("SEOUL (Yonhap) -- South Korean President Lee Jae Myung met Japanese Prime Minister Shigeru Ishiba in Tokyo "
     "on Friday. Lee said the two countries would expand cooperation. He added that Seoul wanted closer ties with "
     "Washington. Lee's top security adviser, Wi Sung-lac, told reporters that North Korea had fired two missiles.",
     "2025-10-03"),
    ("Israeli troops raided a refugee camp in the West Bank, the Palestinian health ministry said. The United Nations "
     "condemned the raid, and the European Union called for restraint. Palestinians protested in Ramallah. According "
     "to Reuters, Egyptian mediators were in Cairo for talks with Hamas.", "2024-05-10"),
    ("Moscow rejected the proposal put forward by Washington. Former Chancellor Angela Merkel criticised the Kremlin. "
     "The Pentagon said it would send US $50 million in aid to Kyiv. Hungarian and Romanian officials met in Warsaw. "
     "They said their forces would cooperate.", "2023-03-01"),
    ("Kang Jun-young, a professor at Hankuk University of Foreign Studies, said Ethopia was unlikely to sign. "
     "Vice-President Moody Awori resisted pressure from the Kenya Anti-Corruption Commission. Ethnic Albanians in "
     "southern Serbia held a rally. The ex-minister, who resigned in March, declined to comment. "
     "\"We will not back down,\" she said.", "2005-06-01"),
    ("BEIJING: China announced new export rules on Monday. The Chinese foreign ministry, which oversees the talks, "
     "said they were aimed at protecting national security. Officials in Beijing said Chinese police arrested three "
     "men. \"This is a matter for China alone,\" said Foreign Minister Wang Yi.", "2025-01-06"),
    ("President Bush told Congress that the United States would not leave Iraq. He said Iraqi security forces "
     "were growing stronger. Iraqi Prime Minister Nouri al-Maliki, speaking in Baghdad, said his government "
     "would ask NATO for help. Doctors from two American aid groups treated civilians in Fallujah.", "2007-01-10"),
    ("Brazilian farmers blocked roads near Brasilia. Shell bombs hit the town, and the us of it all was lost on "
     "them. WASHINGTON (Reuters) - U.S. officials said the former president's aides, who met Chinese officials in "
     "Geneva, had not been told. It was unclear whether they knew.", "2019-08-20"),
    ("Egypt, Jordan and Saudi Arabia condemned the attack, while farmers and fishermen protested in Dhaka. Iranian "
     "and Iraqi diplomats met in Geneva; Tehran and Baghdad welcomed the talks. Leaders of the g20 met in Rome, and "
     "m23 rebels seized Goma. Pakistani F-16 jets struck targets, the army said.", "2013-01-10"),
    ("Opposition leader Maria Santos arrived in Caracas on Tuesday. Police detained her briefly, and officials "
     "later released him. Rebels operating in Macedonia attacked a checkpoint, and troops stationed in Japan "
     "returned home. The Quatar delegation met Afganistan officials. Bush met Merkel in Berlin.", "2006-03-02"),
    ("A senior adviser, Ahmed Karimi, said the talks in Kabul had stalled. President Ramos Ortega, speaking to "
     "reporters in Dili, denied it. Governor Okafor, a former minister of Nigeria, later resigned. According to the "
     "United Nations, he had been warned. Moody's downgraded Greece, and Moody Awori thanked the minister.",
     "2008-05-05"),
]
# the questions asked of every token, in this order going forward and in the reverse order going backward
PUBLIC = ("actor", "inner_actors", "place", "unresolved", "inner_actor")
ORDERS = ("forward", "backward")
ACTOR_FIELDS = [f.name for f in fields(Actor)]


def actor_row(a: Actor | None) -> list[Any] | None:
    """An actor as a JSON list of its fields in ``ACTOR_FIELDS`` order (the span as [start, end])."""
    if a is None:
        return None
    return [v.to_list() if f == "span" and v is not None else v for f in ACTOR_FIELDS for v in [getattr(a, f)]]


def _actors(found: dict[int, Actor | None] | list[Actor]) -> Any:
    if isinstance(found, dict):
        return [[i, actor_row(a)] for i, a in sorted(found.items())]
    return [actor_row(a) for a in found]


def _state(res: Any) -> dict[str, Any]:
    """What the resolver's prepass leaves behind: speakers by sentence, surnames, people in order, dateline."""
    return {
        "speakers": _actors(res.speakers),
        "surnames": [[w, actor_row(a)] for w, a in sorted(res.surnames.items())],
        "person_mentions": [[j, actor_row(a)] for j, a in res.person_mentions],
        "dateline_chars": sorted(res.dateline_chars),
    }


def every_answer(pipe: Pipeline, text: str, day: dt.date | None, order: str) -> dict[str, Any]:
    """Every public answer of a fresh resolver on ``text``, asked token by token in ``order``.

    ``tokens``: per token, [index, text, actor, inner_actors, place, unresolved, inner_actor, sector_actor in the
    United States, sole_country] (each method is asked in ``PUBLIC`` order going forward, reversed going
    backward; the row keeps one order). ``phrases``: ``describe_phrase`` of the first 1-7 words of each
    sentence. ``resolved``: every actor the resolver had worked out by the end, by token."""
    doc = pipe.nlp(text)
    res = pipe.resolver.for_doc(doc, day)
    out: dict[str, Any] = {"state": _state(res)}
    tokens = list(doc) if order == "forward" else list(doc)[::-1]
    rows = []
    for tok in tokens:
        got: dict[str, Any] = {}
        for name in PUBLIC if order == "forward" else PUBLIC[::-1]:
            found = getattr(res, name)(tok)
            got[name] = _actors(found) if name == "inner_actors" else actor_row(found)
        rows.append([tok.i, tok.text, *(got[name] for name in PUBLIC), actor_row(res.sector_actor(tok, "USA")),
                     res.sole_country(tok)])
    out["tokens"] = sorted(rows)
    phrases = []
    for sent in doc.sents:
        words = list(sent)
        for k in range(1, min(len(words), 8)):
            phrases.append([sent.start, k, actor_row(res.describe_phrase(words[:k]))])
    out["phrases"] = phrases
    out["mentions"] = _actors(res.mentions())
    out["resolved"] = _actors(res.resolved())
    return out


def mentions_first(pipe: Pipeline, text: str, day: dt.date | None) -> dict[str, Any]:
    """``mentions`` of a fresh resolver (its own noun chunks and roots, nothing resolved before), and what it had to
    resolve on the way."""
    res = pipe.resolver.for_doc(pipe.nlp(text), day)
    return {"mentions": _actors(res.mentions()), "resolved": _actors(res.resolved())}


def coded(pipe: Pipeline, text: str, day: str) -> dict[str, Any]:
    """The whole pipeline's JSON for the paragraph (events, quotes, mentions)."""
    return pipe.code(text, date=day).to_dict()


def record(pipe: Pipeline) -> dict[str, Any]:
    """Everything ``resolver.json`` holds, by paragraph number."""
    out: dict[str, Any] = {"actor_fields": ACTOR_FIELDS, "paragraphs": []}
    for text, day in PARAGRAPHS:
        date = parse_date(day)
        out["paragraphs"].append({
            "text": text,
            "date": day,
            **{order: every_answer(pipe, text, date, order) for order in ORDERS},
            "mentions_first": mentions_first(pipe, text, date),
            "coded": coded(pipe, text, day),
        })
    return out
