"""Tone: how positive or negative an article and each of its sentences are, on GDELT's scale.

VADER (vaderSentiment) scores each sentence: its lexicon ships inside the package, so nothing is downloaded, and
its rules read negation ("not good"), intensifiers ("very"), contrast ("but") and capitals, which a bare word count
misses; it is fast (about 50 microseconds a sentence), which matters on corpora. VADER gives each sentence the
share of its sentiment-bearing intensity that is positive, negative and neutral, plus a normalised ``compound``.

From those, on GDELT's V1.5TONE conventions:
- ``positive`` / ``negative``: percentage of the text that is positive / negative (word-weighted over sentences);
- ``tone`` = positive - negative, in [-100, 100] (0 is neutral; news sits mostly between -10 and +10);
- ``polarity`` = positive + negative: how emotionally charged the text is, whichever the direction;
- ``activity_density``: percentage of words that are verbs; ``self_group_density``: percentage that are pronouns;
- ``compound``: VADER's compound score x 100, word-weighted, for users who know VADER;
- ``sentences``: the tone of each sentence, same definition, in sentence order.
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.attrs import IS_ALPHA, POS
from spacy.parts_of_speech import PRON, VERB
from spacy.tokens import Doc, Span

from tidings.models import Tone


@lru_cache(maxsize=1)
def analyzer() -> Any:
    """VADER's analyzer, loaded once per process, behind a shortcut for sentences it would score neutral."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return _NeutralFirst(SentimentIntensityAnalyzer())


class _NeutralFirst:
    """Most news sentences hold no word of VADER's lexicon ("The talks took place in Geneva on Monday."). VADER
    gives every word outside its lexicon a valence of 0, and a sentence of zero valences the all-neutral score, so
    such a sentence need not go through its rules; everything else goes to VADER unchanged.
    ``tests/test_speed_tone.py`` checks the scores equal the stock analyzer's."""

    NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}

    def __init__(self, vader: Any) -> None:
        self.vader = vader
        self.lexicon = frozenset(vader.lexicon)
        # VADER swaps emoji for their descriptions (which may hold lexicon words) before splitting
        self.emoji = frozenset(ch for key in vader.emojis for ch in key)

    def polarity_scores(self, text: str) -> dict[str, float]:
        if self.emoji.isdisjoint(text):
            # VADER's words are the whitespace-split words, some with their punctuation stripped: if neither form
            # of any word is in the lexicon, none of VADER's is (a hit on the plain form ends the test early)
            words = text.lower().split()
            if words and self.lexicon.isdisjoint(words) and self.lexicon.isdisjoint(
                    w.strip(string.punctuation) for w in words):
                return dict(self.NEUTRAL)
        return self.vader.polarity_scores(text)


def article_tone(doc: Doc, sents: list[Span], text: str | None = None,
                 pos_densities: tuple[float, float] | None = None) -> Tone:
    """Article-level tone plus the tone of each sentence (see the module docstring for the definitions).

    ``text`` is ``doc.text`` when the caller has it already: spaCy rebuilds ``doc.text`` from every token on each
    access, which on a whole article costs about as much as scoring it. ``pos_densities`` holds the two
    part-of-speech densities (``densities``) when the caller has them from elsewhere (the parsed sentences, for an
    article the pre-filter parsed only in part, whose other tokens carry no tags), so that the doc's tags are not
    counted for values that would be replaced.
    """
    pos = neg = comp = 0.0
    words_total = 0
    per_sentence: list[float] = []
    alpha = doc.to_array(IS_ALPHA).tolist()  # arrays, not Token objects: this runs on every article
    if text is None:
        text = doc.text
    # a sentence's text is its slice of the doc's (Span.text would join its tokens again)
    scorer = analyzer()
    for sent in sents:
        words = sum(alpha[sent.start:sent.end])
        s = scorer.polarity_scores(text[sent.start_char:sent.end_char])
        per_sentence.append(round(100.0 * (s["pos"] - s["neg"]), 2))
        pos += s["pos"] * words
        neg += s["neg"] * words
        comp += s["compound"] * words
        words_total += words
    if pos_densities is not None:
        activity, self_group = pos_densities
    elif words_total == 0:
        activity = self_group = 0.0
    else:
        tags = doc.to_array(POS).tolist()
        activity = round(100.0 * tags.count(VERB) / words_total, 2)
        self_group = round(100.0 * tags.count(PRON) / words_total, 2)
    if words_total == 0:
        return Tone(0.0, 0.0, 0.0, 0.0, activity, self_group, 0.0, 0, tuple(per_sentence))
    positive = 100.0 * pos / words_total
    negative = 100.0 * neg / words_total
    return Tone(tone=round(positive - negative, 2), positive=round(positive, 2), negative=round(negative, 2),
                polarity=round(positive + negative, 2), activity_density=activity, self_group_density=self_group,
                compound=round(100.0 * comp / words_total, 2), word_count=words_total,
                sentences=tuple(per_sentence))


def densities(doc: Doc) -> tuple[float, float]:
    """The part-of-speech densities alone, (verbs, pronouns) per 100 words, for parsed text whose tone is computed
    over other tokens (``article_tone``'s ``pos_densities``)."""
    arr = doc.to_array([IS_ALPHA, POS])  # one array for both attributes
    words = int(arr[:, 0].sum()) or 1
    tags = arr[:, 1]
    verbs, pronouns = int(np.count_nonzero(tags == VERB)), int(np.count_nonzero(tags == PRON))
    return round(100.0 * verbs / words, 2), round(100.0 * pronouns / words, 2)
