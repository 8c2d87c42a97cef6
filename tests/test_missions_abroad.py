"""A country's embassy or consulate abroad stands in the host country: people gathered outside it are placed in
the host country, and the mission's country is the target. Sentences written for this test."""

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
