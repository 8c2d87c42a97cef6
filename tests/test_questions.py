"""Questions and the modality of acts inside what is said, on sentences written for these tests: a question is
not an appeal, an act asked about is not asserted, a purpose takes the negation and tense of its act, an
impersonal "it would be wrong to ..." weighs an act without reporting it, and "if you look at ..." is no
condition."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.models import Article, Modality


def events(pipe, text: str):  # noqa: ANN001, ANN201
    return pipe.code(Article(text=text, date=dt.date(2021, 3, 1))).events


def modality_of(pipe, text: str, root: str) -> Modality:  # noqa: ANN001
    found = [e for e in events(pipe, text) if e.cameo_root == root]
    assert found, text
    return found[0].modality


@pytest.mark.parametrize("text", [
    "Asked whether Russia would attack Georgia, the French minister said nothing.",
    "The Russian envoy was asked why Moscow had expelled the British diplomats.",
    "The Kenyan president was asked to comment on the Somali attack on Ethiopia.",  # an interviewer's prompt
    "When asked about the Chinese sanctions, the Japanese minister smiled.",
    '"Will Israel attack Iran?" the Turkish minister asked.',
])
def test_a_question_is_no_appeal(pipe, text) -> None:  # noqa: ANN001
    assert not [e for e in events(pipe, text) if e.cameo_root == "02"], text


@pytest.mark.parametrize("text, source, target", [
    ("The French foreign minister asked Russia to release the Ukrainian sailors.", "FRA", "RUS"),
    ("Germany asked Greece for a loan.", "DEU", "GRC"),
    ("Peru asked that Chile withdraw its ambassador.", "PER", "CHL"),
    ("The Nigerian government asked Ghana to extradite the suspects.", "NGA", "GHA"),
    ("If the talks fail, Chile will ask Peru to withdraw its ambassador.", "CHL", "PER"),  # a condition, no "if"
    ("Even if the court disagrees, Bolivia will ask Brazil for more time.", "BOL", "BRA"),  # question
])
def test_a_request_is_still_an_appeal(pipe, text, source, target) -> None:  # noqa: ANN001
    found = [e for e in events(pipe, text) if e.cameo_root == "02"]
    assert [(e.source.country, e.target.country if e.target else None) for e in found] == [(source, target)]


@pytest.mark.parametrize("text, root", [
    ('"Will Israel attack Iran?" the Turkish minister asked.', "19"),
    ("Did Russia expel the Polish diplomats last week?", "16"),
    ("Why would Iran close the Strait of Hormuz to American ships?", "19"),
])
def test_an_act_asked_about_is_hypothetical(pipe, text, root) -> None:  # noqa: ANN001
    assert modality_of(pipe, text, root) is Modality.HYPOTHETICAL


@pytest.mark.parametrize("text, root", [
    ('The Syrian army attacked the Turkish border post, and the Turkish minister asked: "Why?"', "19"),
    # what a question takes for granted: the act its wh-adverb asks about, an act in a side clause
    ("Why did Russia expel the Polish diplomats last week?", "16"),
    ("Is the region safer now than when Iraq attacked Kuwait?", "19"),
])
def test_an_act_a_question_does_not_ask_about_stays_asserted(pipe, text, root) -> None:  # noqa: ANN001
    assert modality_of(pipe, text, root) is Modality.ASSERTED


@pytest.mark.parametrize("text, root, modality", [
    ("The Iraqi government did not send troops to protect the Kurdish villages.", "07", Modality.NEGATED),
    ("Iranian students will travel to Baghdad to protest against the Iraqi government.", "13", Modality.FUTURE),
    ("The Japanese army will send ships to rescue the Korean sailors.", "03", Modality.FUTURE),
    # an asserted act's purpose stays as it was
    ("The Japanese army sent ships to rescue the Korean sailors.", "07", Modality.ASSERTED),
])
def test_a_purpose_takes_the_modality_of_its_act(pipe, text, root, modality) -> None:  # noqa: ANN001
    assert modality_of(pipe, text, root) is modality


@pytest.mark.parametrize("text, root", [
    ("It would be wrong to impose sanctions on Iran, the German minister said.", "16"),
    ("It would be a mistake to expel the Russian diplomats, the Polish president said.", "16"),
])
def test_an_impersonal_judgement_of_an_act_is_hypothetical(pipe, text, root) -> None:  # noqa: ANN001
    assert modality_of(pipe, text, root) is Modality.HYPOTHETICAL


@pytest.mark.parametrize("text, root", [
    ("Israel insists that the border with Egypt be closed.", "19"),
    ("It is essential that Iran halt its attacks on Iraq.", "08"),
])
def test_a_subjunctive_that_clause_is_hypothetical(pipe, text, root) -> None:  # noqa: ANN001
    assert modality_of(pipe, text, root) is Modality.HYPOTHETICAL


def test_a_reported_that_clause_stays_asserted(pipe) -> None:  # noqa: ANN001
    assert modality_of(pipe, "Kenya said that Somalia withdrew its troops.", "08") is Modality.ASSERTED


@pytest.mark.parametrize("text, root", [
    ("Kenya defended its right to expel the Somali diplomats.", "16"),
    ("Japan lacks the capability to attack North Korea.", "19"),
])
def test_an_act_that_is_only_possible_is_hypothetical(pipe, text, root) -> None:  # noqa: ANN001
    assert modality_of(pipe, text, root) is Modality.HYPOTHETICAL


@pytest.mark.parametrize("text, root, modality", [
    ("If you look at the figures, Iraq attacked Kuwait first.", "19", Modality.ASSERTED),
    ("If you compare the two years, Syria has sent more aid to Lebanon.", "07", Modality.ASSERTED),
    ("If Pakistan attacks the border posts, India will expel the Pakistani diplomats.", "13", Modality.HYPOTHETICAL),
])
def test_if_you_look_is_no_condition(pipe, text, root, modality) -> None:  # noqa: ANN001
    assert modality_of(pipe, text, root) is modality


@pytest.mark.parametrize("text, root", [
    ("The head of the Kenyan teachers union criticised Somalia's lack of support for the refugees: \"The response "
     "of the Somali president has been a disgrace - he should be ashamed.\"", "11"),
    ("A spokesman for the Greek government criticised Turkey's treatment of the migrants: \"The conduct of the "
     "Turkish police has been shameful - they should apologise.\"", "11"),
])
def test_the_verb_that_introduces_a_quotation_keeps_its_own_modality(pipe, text, root) -> None:  # noqa: ANN001
    """The parser may hang the criticism under the quotation's verb: the quotation's "should" is not its own."""
    assert modality_of(pipe, text, root) is Modality.ASSERTED


def test_a_scare_quote_takes_the_modality_of_its_clause(pipe) -> None:  # noqa: ANN001
    text = 'The court warned that Hungary could have its "voting rights suspended" by the European Union.'
    assert modality_of(pipe, text, "16") is Modality.HYPOTHETICAL
