"""A country's embassy or consulate abroad stands in the host country: people gathered outside it are placed in
the host country, and the mission's country is the target; an ambassador recalled or withdrawn targets the
country of the posting ("its ambassador to Somalia"). Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "source", "target"), [
    ("Protesters gathered outside the US embassy in Seoul on Friday.", "KOR", "USA"),
    ("Hundreds of students demonstrated outside the Japanese embassy in Beijing.", "CHN", "JPN"),
    ("Protesters burned flags outside the French consulate in Karachi.", "PAK", "FRA"),
])
def test_protesters_at_a_mission_are_the_hosts(pipe: Pipeline, text: str, source: str, target: str) -> None:
    events = pipe.code(text, date="2012-05-01").events
    assert events and all((e.source.country, e.target.country if e.target else None) == (source, target)
                          for e in events), events


@pytest.mark.parametrize(("text", "target"), [
    ("Kenya recalled its ambassador to Somalia.", "SOM"),
    ("Peru recalled its envoy to Venezuela over the remarks.", "VEN"),
    ("Ghana withdrew its ambassador to Togo on Monday.", "TGO"),
    ("Chad recalled its ambassador from Israel for consultations.", "ISR"),
])
def test_an_ambassador_recalled_targets_the_country_of_the_posting(pipe: Pipeline, text: str, target: str) -> None:
    events = [e for e in pipe.code(text, date="2012-05-01").events if e.cameo == "161"]
    assert events and all(e.target is not None and e.target.country == target for e in events), events
