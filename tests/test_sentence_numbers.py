"""An event's and an amount's sentence number points at the article sentence that holds its trigger or its number,
on texts written for this test. The pre-filter parses only some sentences, joined; the parser may start a sentence
with a quotation mark the pre-filter's sentencizer gave to the sentence before, or join two of the article's
sentences into one, and the numbers must still be the article's (``models.SENTENCE``, ``nlp.offsets``)."""

from __future__ import annotations

import pytest

TEXTS = [
    'The senator spoke in Ulaanbaatar. "Too many people forget what the party did to Mongolia," he said. "They '
    'kept the country under a dictatorship. You were not allowed to speak your mind." Mongolian police arrested '
    'two journalists on Friday.',
    'The talks stalled in Geneva. "We will never accept their terms, and 400 soldiers will stay at the border." '
    'Iran accused Iraq of shelling three villages. "' "It is over," '" an aide said. Iraq denied the charge.',
]


@pytest.mark.parametrize("text", TEXTS)
def test_numbers_point_at_the_sentence_that_holds_them(pipe, text):
    coded = pipe.code(text, date="2015-06-01")
    assert coded.events
    for e in coded.events:
        s = coded.sentences[e.sentence]
        assert s.start <= e.trigger_span.start < s.end, (e.trigger, e.sentence, text[s.start:s.end])
    for a in coded.amounts:
        s = coded.sentences[a.sentence]
        assert s.start <= a.span.start < s.end, (a.text, a.sentence, text[s.start:s.end])
