"""``nlp.offsets.remap``: one walk moves every span and sentence number of a parsed sub-text onto the article, and
``nlp.dateline`` finds dateline-like lines from the text alone. Texts are written for these tests."""

from __future__ import annotations

from tidings.models import (
    Actor,
    Amount,
    DateMention,
    Event,
    EventContext,
    Location,
    Modality,
    Place,
    Quote,
    Span,
)
from tidings.nlp.dateline import dateline_matches, dateline_place_chars
from tidings.nlp.offsets import OffsetMap, remap

ARTICLE = "Skipped one. Kept alpha here. Skipped two. Kept beta there."
#          0           13               30           43
KEPT = ("Kept alpha here.", "Kept beta there.")
SUB = "\n\n".join(KEPT)  # what the parser sees
OFFSETS = OffsetMap(segments=((0, 13, 16), (18, 43, 16)), sentence_starts=(0, 13, 30, 43),
                    parsed_sentence_starts=(0, 18))


def _sub(word: str) -> Span:
    start = SUB.index(word)
    return Span(start, start + len(word))


def _art(word: str) -> Span:
    start = ARTICLE.index(word)
    return Span(start, start + len(word))


def test_map_is_built_right():
    for (sub, orig, length), text in zip(OFFSETS.segments, KEPT, strict=True):
        assert SUB[sub:sub + length] == ARTICLE[orig:orig + length] == text


def test_spans_at_any_depth_and_sentence_numbers_move():
    place = Place("Beta", "XXX", None, None, None, 1, "P")
    source = Actor("alpha", span=_sub("alpha"))
    event = Event(source=source, target=Actor("beta", span=_sub("beta")), cameo="010", cameo_root="01",
                  cameo_name="x", plover=None, plover_mode=None, goldstein=0.0, quad_class=1,
                  modality=Modality.ASSERTED, reported=False, sentence=1, evidence="", trigger="there",
                  trigger_span=_sub("there"), rule="r", confidence=1.0,
                  context=EventContext(None, None, place, "sentence", ()))
    quote = Quote("here", _sub("here"), speaker=None, sentence=0)
    amount = Amount(1.0, "beta", None, None, _sub("beta"), sentence=1)
    date = DateMention("there", _sub("there"), "2026", "year", sentence=1)
    location = Location(place, "Beta", (_sub("alpha"), _sub("beta")))
    ev, q, am, d, loc = remap((event, quote, amount, date, location), OFFSETS)
    assert (ev.source.span, ev.target.span, ev.trigger_span) == (_art("alpha"), _art("beta"), _art("there"))
    assert ev.context == event.context and ev.source.text == "alpha"  # what holds no span is left alone
    assert (ev.sentence, q.sentence, am.sentence) == (3, 1, 3)  # renumbered among the article's sentences
    assert (q.span, am.span, d.span) == (_art("here"), _art("beta"), _art("there"))
    assert d.sentence == 1  # a date's sentence is the parsed doc's, as the JSON has always said
    assert loc.spans == (_art("alpha"), _art("beta"))


def test_a_span_ending_at_a_segment_end_stays_in_its_segment():
    assert OFFSETS.span(Span(0, 16)) == Span(13, 29) and ARTICLE[13:29] == KEPT[0]


def test_covers_only_kept_sentences():
    assert [OFFSETS.covers(x) for x in (0, 12, 13, 28, 29, 42, 43, 58, 59)] == [
        False, False, True, True, False, False, True, True, False]


def test_dateline_matches_read_the_text_alone():
    text = "A standfirst line.\nVARNA, Jan 5 (Wire) - The story starts here.\nOSLO: a second, later line."
    found = list(dateline_matches(text))
    assert [(m.text, m.agency, m.date_text) for m in found] == [("VARNA", "Wire", "Jan 5"), ("OSLO", None, None)]
    first = found[0]
    assert text[first.span.start:first.span.end] == "VARNA"
    assert text[first.header.end:].startswith("The story")
    assert list(dateline_matches("Taiwan: a sentence, not a dateline.")) == []
    assert dateline_place_chars(text) == set(range(19, 24)) | set(range(text.index("OSLO"), text.index("OSLO") + 4))
    far = "x\n" * 8 + "OSLO: past the sixth line."
    assert list(dateline_matches(far)) == [] and dateline_place_chars(far)  # the line limit is the caller's
