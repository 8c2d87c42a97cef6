"""The shortcuts of the article-context stage give what the plain computations give.

Dateline search tries the pattern at line starts only, theme matching looks tokens up by type through a cache,
place resolution caches what a name points to on its own across articles, and the full-article tone takes the
part-of-speech densities from the parse. Texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from tidings.context.annotate import ContextAnnotator
from tidings.context.dateline import find_dateline, place_of
from tidings.context.places import PlaceResolver
from tidings.context.themes import ThemeMatcher
from tidings.context.tone import article_tone
from tidings.models import Article, Dateline
from tidings.nlp.dateline import DATELINE_RE, MAX_LINES, SEARCH_CHARS, match_of

DAY = dt.date(2026, 1, 2)

DATELINE_TEXTS = [
    "WASHINGTON (Reuters) - The Treasury announced new measures.",
    "Ministers meet again.\nBEIJING: China announced new export rules.",
    "One.\nTwo.\nThree.\nFour.\nFive.\nSEOUL: sixth line, still in reach.",
    "One.\nTwo.\nThree.\nFour.\nFive.\nSix.\nSEOUL: seventh line, out of reach.",
    "The story starts here, TOKYO: not at a line start.",
    "\n\nKYIV, Ukraine (AP) — Air raid sirens sounded across the capital.\n",
    "Taiwan: the island held drills.\nPARIS, Texas — Storms knocked out power overnight.",
    "NOWHERELAND: no such place.\nMOSCOW: but this one is.",
    "   \t BERLIN -- indented dateline\nLONDON: second",
    "x" * (SEARCH_CHARS - 3) + "\nROME: past the search window.",
    "",
    "\n",
]


def _scan_whole_head(text: str, resolver: PlaceResolver) -> Dateline | None:
    """find_dateline done the long way: every match of the pattern anywhere in the head, kept if it starts one of
    the first lines."""
    head = text[:SEARCH_CHARS]
    allowed = set(([0] + [m.end() for m in re.finditer(r"\n", head)])[:MAX_LINES])
    for m in DATELINE_RE.finditer(head):
        matched = match_of(m) if m.start() in allowed else None
        found = place_of(matched, resolver) if matched is not None else None
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("text", DATELINE_TEXTS)
def test_dateline_at_line_starts_is_the_whole_head_scan(pipe, text):
    resolver = PlaceResolver(pipe.kb)
    assert find_dateline(text, resolver) == _scan_whole_head(text, resolver)


def test_dateline_line_limit(pipe):
    resolver = PlaceResolver(pipe.kb)
    assert find_dateline(DATELINE_TEXTS[2], resolver).place.country == "KOR"
    assert find_dateline(DATELINE_TEXTS[3], resolver) is None
    assert find_dateline(DATELINE_TEXTS[7], resolver).place.country == "RUS"


THEME_TEXTS = [
    "Nuclear-armed states met to discuss women's rights and rare earths.",
    "The trade union marched while the trade war went on.",  # an exclusion next to a match of the same theme
    "They discussed “free trade” and a nuclear",  # a two-word pattern cut off by the end of the doc
    "- ' ' -",  # transparent tokens only
    "Sanctions, tariffs and export controls: the trade deal collapsed.",
]


def test_theme_hits_do_not_depend_on_what_the_matcher_saw_before(pipe):
    """A fresh matcher and one that has matched the other texts first (so its cache is full) agree."""
    docs = [pipe.nlp(t) for t in THEME_TEXTS]
    warmed = ThemeMatcher()
    for doc in docs:
        warmed.match(doc, [0] * len(doc))
    for doc in reversed(docs):
        fresh = ThemeMatcher()
        got = [(h.theme.name, h.start, h.end) for h in warmed.match(doc, [0] * len(doc))]
        assert got == [(h.theme.name, h.start, h.end) for h in fresh.match(doc, [0] * len(doc))]


def test_theme_hits_across_transparent_tokens_and_exclusions(pipe):
    m = ThemeMatcher()
    doc = pipe.nlp(THEME_TEXTS[0])
    spans = {h.theme.name: doc.text[h.start:h.end] for h in m.match(doc, [0] * len(doc))}
    assert spans["nuclear weapons"] == "Nuclear-armed"
    doc = pipe.nlp(THEME_TEXTS[1])
    assert [doc.text[h.start:h.end] for h in m.match(doc, [0] * len(doc)) if h.theme.name == "trade"] \
        == ["trade war"]
    doc = pipe.nlp(THEME_TEXTS[2])
    assert "nuclear weapons" not in {h.theme.name for h in m.match(doc, [0] * len(doc))}
    doc = pipe.nlp(THEME_TEXTS[3])
    assert m.match(doc, [0] * len(doc)) == []


PLACE_TEXTS = [
    "Voters in Atlanta lined up early as Georgia counted ballots. Georgia's governor spoke in Atlanta.",
    "Protesters filled the streets of Tbilisi as Georgia's parliament debated the law in Georgia.",
    "A tornado damaged homes in Paris, Texas, on Tuesday, and Paris residents cleaned up.",
    "The French foreign minister hosted his German counterpart in Paris and then flew to Berlin.",
]


def test_places_do_not_depend_on_earlier_articles(pipe):
    """An annotator that has seen the other articles (whose names it caches) places names as a new one does."""
    docs = [pipe.nlp(t) for t in PLACE_TEXTS]
    seasoned = ContextAnnotator(pipe.kb)
    for doc, text in zip(docs, PLACE_TEXTS, strict=True):
        seasoned.annotate(doc, Article(text=text, date=DAY), [])
    for doc, text in reversed(list(zip(docs, PLACE_TEXTS, strict=True))):
        got = seasoned.annotate(doc, Article(text=text, date=DAY), [])[0].locations
        assert got == ContextAnnotator(pipe.kb).annotate(doc, Article(text=text, date=DAY), [])[0].locations
    first = seasoned.annotate(docs[0], Article(text=PLACE_TEXTS[0], date=DAY), [])[0].locations
    georgia = next(loc for loc in first if loc.text == "Georgia")
    assert (georgia.place.country, georgia.place.admin1, len(georgia.spans)) == ("USA", "US.GA", 2)


def test_tone_with_given_densities_is_tone_with_densities_replaced(pipe):
    text = "The leaders praised the excellent talks. The attack killed dozens. It rained."
    doc = pipe.nlp(text)
    given = (12.5, 3.25)
    replaced = {"activity_density": 12.5, "self_group_density": 3.25}
    plain = article_tone(doc, list(doc.sents), text)
    assert plain.activity_density > 0
    assert article_tone(doc, list(doc.sents), text, pos_densities=given) == replace(plain, **replaced)
    empty = pipe.nlp("... !!!")
    assert article_tone(empty, list(empty.sents), "... !!!", pos_densities=given) == replace(
        article_tone(empty, list(empty.sents), "... !!!"), **replaced)


def test_full_article_places_in_unparsed_sentences(pipe):
    """Country names in sentences the pre-filter skipped are counted once per mention, as before."""
    text = ("The weather was mild on Monday. Iran and Iraq were mentioned in passing. Nothing happened in Iran. "
            "The foreign minister of France said sanctions on Iran would be tightened, officials said.")
    article = Article(text=text, date=DAY)
    plan = pipe._plan(article)
    skipped = [text[s:e] for (s, e), keep in zip(plan.selection.sentences, plan.selection.keep, strict=True)
               if not keep]
    assert plan.tokens is not None and sum("Iran" in s for s in skipped) == 2
    coded = pipe.code(article)
    locs = {loc["name"]: loc for loc in coded.to_dict()["locations"]}
    iran = locs["Iran"]
    assert iran["count"] == 3 and [text[s:e] for s, e in iran["spans"]] == ["Iran"] * 3
    assert sorted(s for s, _ in iran["spans"]) == [m.start() for m in re.finditer("Iran", text)]


AMOUNT_TEXT = ("Half of the 28,500 US troops left. A third of voters and two thirds of members agreed; a tenth of "
               "$5 billion went to 3 quarters of the towns, and zebras, yaks and halves of 12 apples remained.")


def test_amount_starts_are_the_numbers_and_fraction_words(pipe):
    """Fraction words are found by binary search over their sorted ids: the words before the first id, after the
    last and between them must all be told apart."""
    from tidings.context.amounts import FRACTIONS, _starts

    doc = pipe.nlp(AMOUNT_TEXT)
    expected = [t.i for t in doc if t.like_num or t.lower_ in FRACTIONS]
    assert _starts(doc) == expected
    assert {doc[i].lower_ for i in expected} >= {"half", "third", "thirds", "tenth", "quarters", "halves", "3"}


def test_amounts_in_unparsed_sentences(pipe):
    """The scan jumps from one number or fraction word to the next; what it finds is what a word-by-word scan
    finds, sentence by sentence."""
    from tidings.context.amounts import extract_amounts_unparsed

    sentences = ["Officials met on Monday. ", "Some 28,500 US troops left. ", "They spent $5 billion on fuel. ",
                 "A third of voters agreed, and 40 percent of members disagreed."]
    text = "".join(sentences)
    tokens = pipe.prefilter.select(text)[0]
    bounds, pos = [], 0
    for k, sent in enumerate(sentences):
        bounds.append((k, pos, pos + len(sent.rstrip())))
        pos += len(sent)
    found = extract_amounts_unparsed(tokens, bounds)
    got = [(a.text, a.value, a.unit, a.object, a.sentence) for a in found]
    assert got == [("Some 28,500", 28500.0, None, "US troops left", 1), ("$5 billion", 5e9, "USD", None, 2),
                   ("A third", 0.3333, "share", "voters agreed", 3),
                   ("40 percent", 40.0, "percent", None, 3)]
    assert all(text[a.span.start:a.span.end].startswith(a.text) for a in found)
    assert extract_amounts_unparsed(tokens, bounds[:1]) == []
