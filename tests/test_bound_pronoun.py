""""X said he ..." makes "he" X, even when nobody can place X: an unplaced speaker's reported act is that speaker's
(kept unresolved), never the act of the last person the article named before. The texts are written for this
test; each names a known leader first, whom "he" used to be taken for."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "speaker"), [
    ("Rebels loyal to Saddam Hussein attacked a convoy near Tikrit. The intelligence officer said he objected "
     "to the plan.", "intelligence officer"),
    ("The Kenyan president visited Uganda on Monday. A senior official said he opposed the deal.",
     "senior official"),
])
def test_an_unplaced_speaker_keeps_his_own_act(pipe: Pipeline, text: str, speaker: str) -> None:
    events = pipe.code(text, date="2024-03-01").events
    second = [e for e in events if e.sentence == 1]
    assert second, events
    assert all(e.source.name == speaker and e.source.country is None for e in second), second


def test_a_placed_speaker_still_gives_his_country(pipe: Pipeline) -> None:
    events = pipe.code("Saddam Hussein spoke in Baghdad. The American envoy said he objected to the plan.",
                       date="2024-03-01").events
    assert any(e.sentence == 1 and e.source.country == "USA" and e.cameo_root == "11" for e in events), events


@pytest.mark.parametrize("text", [
    "Boris Johnson visited a hospital in Leeds on Monday. The prime minister said he objected to the plan.",
    "Angela Merkel toured a plant in Saxony on Friday. The chancellor said she objected to the plan.",
])
def test_a_definite_role_of_the_last_person_named_is_that_person(pipe: Pipeline, text: str) -> None:
    second = [e for e in pipe.code(text, date="2015-05-01" if "Merkel" in text else "2021-05-01").events
              if e.sentence == 1]
    assert second and all(e.source.kb_id and e.source.kb_id.startswith("person:") for e in second), second


@pytest.mark.parametrize("text", [
    "Boris Johnson visited a hospital in Leeds on Monday. A senior official said he objected to the plan.",
    "Joe Biden toured a plant in Ohio on Friday. The senior official said he objected to the plan.",
    "Angela Merkel toured a plant in Saxony on Friday. The intelligence officer said he objected to the plan.",
])
def test_a_new_or_other_role_is_someone_else(pipe: Pipeline, text: str) -> None:
    second = [e for e in pipe.code(text, date="2015-05-01" if "Merkel" in text else "2021-05-01").events
              if e.sentence == 1]
    assert second and all(e.source.kb_id is None for e in second), second
