"""The neutral-sentence shortcut and the text-slicing tone must give exactly the stock numbers."""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from tests.test_events import CASES
from tidings.context.tone import analyzer, article_tone

SENTENCES = [
    "The envoy was calm, patient and generous!", "The envoy was VERY CALM, patient and GENEROUS!!!",
    "The ceasefire was not so solid, but without doubt it HOLDS!!!", "It isn't a terrible treaty, nor a fine one.",
    "a kiss of death for the coalition", "The minister never so much as nodded... at least not today??",
    "Nobody thinks the budget is the bomb", "No no no deal", "no problem at all, kind of pleasant",
    "The talks were sort of productive, yet hardly a success?", "At least they voted. Least of all her.",
    "Delegates sent emoji such as 💘 and 🎉 and 😁", "Not bad at all 😀 but kind of dull 🙁",
    "Sanctions were lifted; trade resumed; relief, hope and anger mixed.", ":) :( :D lol", "", "   ", "!!!",
    "The army killed 12 rebels and wounded 30; the government praised the 'heroic' operation.",
    "Officials said the peace deal was a tremendous step, but critics called it a disaster.",
]


def test_quick_vader_scores_like_the_stock_analyzer(seed_text):
    quick, stock = analyzer(), SentimentIntensityAnalyzer()
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
