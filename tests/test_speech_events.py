"""Speech and context on sentences written for these tests: a quoted first person is the speaker, evaluative
criticism and praise (111 / 051) aimed at the actor judged, and an agentless passive whose doer the sentence
before names."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.models import Article
from tidings.nlp.speech import speech_words


def events(pipe, text: str):  # noqa: ANN001, ANN201
    return pipe.code(Article(text=text, date=dt.date(2021, 3, 1))).events


def triples(pipe, text: str) -> set[tuple[str | None, str | None, str]]:  # noqa: ANN001
    return {(e.source.country, e.target.country if e.target else None, e.cameo) for e in events(pipe, text)}


@pytest.mark.parametrize("text, source, target, root", [
    ('"We will not negotiate with the rebels," the Colombian interior minister said.', "COL", "COL", "12"),
    ('"I will meet the Chinese president next week," the French president said.', "FRA", "CHN", "04"),
    ('"We will never negotiate with Russia," said a spokesman for the Ukrainian army.', "UKR", "RUS", "12"),
    ('"I made a commitment to the Iraqi people," the American president said.', "USA", "IRQ", "03"),
    ("The Turkish foreign minister said we would never meet the Greek president.", "TUR", "GRC", "12"),
])
def test_first_person_acts_go_to_the_speaker(pipe, text, source, target, root) -> None:  # noqa: ANN001
    found = [e for e in events(pipe, text) if e.cameo_root == root]
    assert found, text
    assert (found[0].source.country, found[0].target.country if found[0].target else None) == (source, target)
    assert found[0].source_from == "speaker"


@pytest.mark.parametrize("text", [
    '"We will never meet the Greek president," a voice shouted.',  # nobody known says it
    # a speaker's act aimed at no named actor is no news: quotations are full of them
    '"We have attacked their positions near the border," said a spokesman for the Ukrainian army.',
    '"When we ask the Greek president, he never answers," the Turkish minister said.',  # a side clause
    '"We need to stop the flow of refugees arriving in Britain," the French minister said.',  # not "we" arriving
])
def test_no_first_person_event_without_speaker_or_target(pipe, text) -> None:  # noqa: ANN001
    assert not [e for e in events(pipe, text) if e.source_from == "speaker"]


@pytest.mark.parametrize("text, source, target, code", [
    ("The Iranian foreign ministry called the remarks of the French president irresponsible.", "IRN", "FRA", "111"),
    ("Venezuela's president compared the US president to a dictator.", "VEN", "USA", "111"),
    ("The Kremlin dismissed the British report as baseless propaganda.", "RUS", "GBR", "111"),
    ("Pakistan called India's decision a dangerous provocation.", "PAK", "IND", "111"),
    ("The Chinese foreign minister said the American sanctions were illegal.", "CHN", "USA", "111"),
    ("The Japanese prime minister described the talks with China as constructive.", "JPN", "CHN", "051"),
    ("The Indian government described the visit of the Nepalese prime minister as fruitful.", "IND", "NPL",
     "051"),
    ("Germany's chancellor said the agreement with France was a historic step.", "DEU", "FRA", "051"),
    # an act judged is aimed at its doer
    ("Italy's prime minister said the American invasion of Iraq was a mistake.", "ITA", "USA", "111"),
    ("The Lebanese prime minister said Israel's response was a violation of international law.", "LBN", "ISR",
     "111"),
])
def test_evaluations_are_criticism_or_praise_of_the_actor_judged(pipe, text, source, target, code) -> None:  # noqa: ANN001
    assert (source, target, code) in triples(pipe, text)


@pytest.mark.parametrize("text", [
    "The opposition leader called the situation in the Kenyan capital dangerous.",
    "The Brazilian minister said it was a historic day.",
    "The Nigerian president called on Ghana to reopen the border.",
    "Italy's prime minister said the invasion of Iraq was a mistake.",  # whose invasion is not said
    "Environmental groups say the Japanese whale hunt is illegal.",  # a judge the text does not place
])
def test_no_evaluation_without_an_actor_judged_or_a_named_judge(pipe, text) -> None:  # noqa: ANN001
    assert not [e for e in events(pipe, text) if e.rule.startswith("evaluative.")]


@pytest.mark.parametrize("text, source, target, code", [
    ("Egypt's foreign minister said he was optimistic about the negotiations with Ethiopia.", "EGY", "ETH", "013"),
    ("The Japanese government is sceptical about North Korea's offer of talks.", "JPN", "PRK", "012"),
])
def test_a_stated_position_on_an_actor_is_a_01_statement(pipe, text, source, target, code) -> None:  # noqa: ANN001
    assert (source, target, code) in triples(pipe, text)


@pytest.mark.parametrize("text", [
    "The Turkish president is not optimistic about the talks with Greece.",
    "The Brazilian president was optimistic about the economy.",
])
def test_no_position_when_negated_or_about_no_actor(pipe, text) -> None:  # noqa: ANN001
    assert not [e for e in events(pipe, text) if e.cameo in ("012", "013")]


def test_the_words_are_one_data_file() -> None:
    w = speech_words()
    assert "say" in w.verbs and "as" in w.frames["describe"] and "" in w.frames["call"]
    assert "irresponsible" in w.negative and "constructive" in w.positive


@pytest.mark.parametrize("text, source, code", [
    ("Police in Kenya arrested dozens of opposition supporters on Monday. Two journalists were also arrested in "
     "Nairobi.", "KEN", "173"),
    ("The European Union imposed new sanctions on Belarus. Sanctions were also imposed on Russia over its role.",
     "IGO", "163"),
])
def test_an_agentless_passive_takes_its_doer_from_the_sentence_before(pipe, text, source, code) -> None:  # noqa: ANN001
    second = [e for e in events(pipe, text) if e.sentence == 1 and e.cameo == code]
    assert second and second[0].source.country == source and second[0].source_from == "context"
    assert second[0].extra["source_sentence"] == 0


@pytest.mark.parametrize("text", [
    "The Canadian prime minister visited Mexico on Monday. Sanctions were imposed on Russia over its role.",
    # another act of the same root is no evidence of who did this one
    "Israeli troops raided the Palestinian town of Jenin. Two Israeli civilians were killed in Tel Aviv.",
    # two doers of the same act before: which of them did this one is not said
    "Germany and France imposed sanctions on Syria. Sanctions were also imposed on Iran.",
])
def test_an_agentless_passive_with_no_doer_of_the_same_act_before_stays_unstated(pipe, text) -> None:  # noqa: ANN001
    second = [e for e in events(pipe, text) if e.sentence == 1]
    assert all(e.source_from != "context" for e in second)


def test_a_speech_verb_that_opens_the_next_quotation_is_not_this_ones_speaker(pipe) -> None:  # noqa: ANN001
    text = ('The European Union rejected the plan. "We will not accept the American tariffs." A spokesman for the '
            'Chinese commerce ministry said "We are disappointed."')
    speakers = {q.text: q.speaker.country if q.speaker else None
                for q in pipe.code(Article(text=text, date=dt.date(2021, 3, 1))).quotes}
    assert speakers == {"We will not accept the American tariffs.": None, "We are disappointed.": "CHN"}
    one = pipe.code(Article(text='"We will not accept the tariffs," a Chinese spokesman said.',
                            date=dt.date(2021, 3, 1))).quotes
    assert [q.speaker.country for q in one if q.speaker] == ["CHN"]
