"""The gates on the events the learned model adds where the rules are silent (``events.learned_gates``), with the
real ONNX model and the real spaCy parse.

Each sentence here is one the model is confident about (``ADD_THRESHOLD``, a class other than statements) and the
rules leave silent, and each gets a model event when its own gate alone is switched off (checked for every gate
when the gates were written, each gate replaced by a no-op in turn; the model's class is asserted, so a changed
model cannot make a test pass by saying nothing). The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from tidings.events import learned as learned_mod
from tidings.events.learned import ADD_THRESHOLD, MODEL_RULE
from tidings.events.learned_gates import improper, lexicon_code, state_named
from tidings.events.lexicon import Entry
from tidings.models import Actor, Span
from tidings.pipeline import Pipeline


@pytest.fixture(scope="module")
def every() -> Pipeline:
    """Every sentence parsed (the pre-filter keeps only sentences with a trigger form), the model on."""
    pipe = Pipeline(prefilter=False)
    assert pipe.learned is not None and pipe.learned.get() is not None, "no usable learned model"
    return pipe


@pytest.fixture
def adding(monkeypatch) -> None:
    monkeypatch.setattr(learned_mod, "ADD_EVENTS", True)


def added(pipe: Pipeline, text: str) -> list:
    return [e for e in pipe.code(text, date="2024-03-04").events if e.rule == MODEL_RULE]


def confident(pipe: Pipeline, sentence: str) -> int:
    """The model's class of the sentence, asserted confident and not a statement: what it would add."""
    row = pipe.learned.get().probabilities([sentence])[0]
    k = int(row.argmax())
    assert k != 0 and row[k] >= ADD_THRESHOLD, f"the model is not confident here: {list(row)}"
    return k


def test_confident_model_events_still_come_with_both_sides(every, adding) -> None:
    """The gates let a plain political act through: a police force, an army, a state and its aid."""
    for text, src in (("Kenyan police roughed up Somali traders at the market.", "KEN"),
                      ("Mali extended a helping hand to Nigerien refugees.", "MLI")):
        confident(every, text)
        assert [e.source.country for e in added(every, text)] == [src], text


# (gate of ``learned_gates``, a sentence the model is confident about, what comes before it in its article): each
# sentence gets a model event when that gate alone is switched off
STOPPED = [
    # the verb names no act (``no_act_verbs``: being, having, remaining)
    ("no_act", "Norway has the biggest fishing fleet in Europe after Spain.", ""),
    ("no_act", "Peru remains the largest copper producer after Chile.", ""),
    # under a verb of aim, its complement's verb is the act (``act_verb``: "plans to become")
    ("aim", "Norway plans to become the largest gas supplier to Sweden.", ""),
    ("aim", "Bolivia aims to remain the top supplier of gas to Argentina.", ""),
    # a lexicon verb in its everyday sense, as the register stage judges it for the rules (``thing_object``): a film
    # shot, a bill killed
    ("sense", "Thai soldiers shot a documentary about Cambodian refugees.", ""),
    ("sense", "Uganda's army killed the bill on Kenyan traders.", ""),
    # a sport article (``register_of_text``): the model is as sure of a match as of a clash
    ("register", "Fiji beat Samoa in the semifinal, and the coach praised the squad and the referee after the "
                 "championship match.", "The rugby season ends soon. "),
    ("register", "India crushed Sri Lanka in the final at the stadium, and the coach praised the squad, the batsmen "
                 "and the bowler.", "The cricket season is over. "),
    # a person known only by a demonym (the other side is political, so no other gate stops it) or a country that
    # only modifies the doer (``improper``)
    ("improper", "The Peruvian embraced the Chilean president after the meeting in Lima.", ""),
    ("improper", "The Austrian dragged the Hungarian minister into the river.", ""),
    ("improper", "Russia's gas giant cut supplies to Ukraine.", ""),
    ("improper", "Argentina's wine makers flooded Chile with cheap bottles.", ""),
    # a company acting on a country, not on its government: trade (``registers().commercial``)
    ("commercial", "Volkswagen shipped ten thousand cars to Mexico in March.", ""),
    ("commercial", "Germany's car industry poured money into Hungary.", ""),
    # no political actor and no state on either side
    ("political", "Kenyan villagers roughed up Somali herders near the well.", ""),
    ("political", "Chadian herders roughed up Sudanese farmers near the border.", ""),
    # the words' lexicon entries are all of another class than the model's (``lexicon_code``): talks are
    # consultation and a ceasefire is no fighting, whatever the model says
    ("other_class", "Colombia shelved the talks with Venezuelan officials.", ""),
    ("other_class", "Armenia mulled the ceasefire with Azerbaijani forces.", ""),
]


@pytest.mark.parametrize(("gate", "text", "before"), STOPPED, ids=[f"{g}-{i}" for i, (g, _, _) in enumerate(STOPPED)])
def test_a_gate_stops_a_confident_model_event(every, adding, gate, text, before) -> None:
    confident(every, text)
    assert added(every, before + text) == [], gate


def test_a_company_acting_on_a_government_is_an_event(every, adding) -> None:
    text = "Shell handed a large sum to the Nigerian government."
    confident(every, text)
    assert [(e.source.sector, e.target.sector) for e in added(every, text)] == [("BUS", "GOV")]


@pytest.mark.parametrize("text", [
    "Cuba permitted talks with American diplomats in Havana.",
    "Vietnam arranged talks with Chinese envoys in Hanoi.",
])
def test_lexicon_words_of_the_models_class_give_the_code(every, adding, text) -> None:
    """The object's entry (talks: consult, 04) says more than the class's generic code (050)."""
    assert confident(every, text) == 1
    assert {e.cameo for e in added(every, text)} == {"040"}


def test_lexicon_code_reads_only_entries_that_speak_for_the_words_as_used() -> None:
    launch_attack = Entry(id="t.launch", kind="verb", lemma="launch", cameo="190", object=frozenset({"attack"}))
    talks = Entry(id="t.talks", kind="noun", lemma="talks", cameo="040")
    assert lexicon_code([launch_attack], 2, "060") == "060"  # "launched a website": the entry does not apply
    assert lexicon_code([talks], 3, "110") is None
    assert lexicon_code([launch_attack, talks], 1, "050") == "040"


def test_a_date_or_a_demonym_is_no_party_and_a_named_country_is_a_state(every) -> None:
    text = "Portugal signed on June 3 with the Estonian."
    doc = every.nlp(text)
    p = every.extractor.parse(doc)

    def actor(words: str, sector: str | None = None, kb: str | None = None) -> Actor:
        start = text.index(words)
        return Actor(text=words, country="PRT", sector=sector, kb_id=kb, span=Span(start, start + len(words)))

    assert improper(p, actor("June 3", "REB", "org:a-group"))
    assert improper(p, actor("Estonian"))
    assert not improper(p, actor("Portugal", kb="country:PRT"))
    assert state_named(p, actor("Portugal", kb="country:PRT"))
    assert not state_named(p, actor("Portugal"))  # a name the knowledge base does not know as the country
