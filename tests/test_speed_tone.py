"""The neutral-sentence shortcut and the text-slicing tone must give exactly the stock numbers."""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from tidings.extras.tone import _analyzer, article_tone

from .test_events import CASES

SENTENCES = [
    "VADER is smart, handsome, and funny!", "VADER is VERY SMART, handsome, and FUNNY!!!",
    "The plan was not so good, but without doubt it WORKS!!!", "It isn't a horrible book, nor a great one.",
    "kiss of death for the bus stop", "He never so much as smiled... at least not today??",
    "I don't think this is the shit, it's the bomb", "No no no good", "no problem at all, kind of nice",
    "The talks were sort of productive, yet hardly a success?", "At least they tried. Least of all him.",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Not bad at all 😀 but kind of meh 🙁",
    "Sanctions were lifted; trade resumed; relief, hope and anger mixed.", ":) :( :D lol", "", "   ", "!!!",
    "The army killed 12 rebels and wounded 30; the government praised the 'heroic' operation.",
    "Officials said the peace deal was a tremendous step, but critics called it a disaster.",
]


def test_quick_vader_scores_like_the_stock_analyzer(seed_text):
    quick, stock = _analyzer(), SentimentIntensityAnalyzer()
    sentences = SENTENCES + [c[0] for c in CASES] + [s.strip() for s in seed_text.split(".")]
    for s in sentences:
        a, b = stock.polarity_scores(s), quick.polarity_scores(s)
        assert a == b and [type(v) for v in a.values()] == [type(v) for v in b.values()], s


def test_article_tone_with_known_text_is_unchanged(pipe, seed_text):
    doc = pipe.nlp(seed_text)
    sents = list(doc.sents)
    assert article_tone(doc, sents, seed_text) == article_tone(doc, sents)
    tokens = pipe.prefilter.select(seed_text)[0]
    assert article_tone(tokens, list(tokens.sents), seed_text) == article_tone(tokens, list(tokens.sents))
