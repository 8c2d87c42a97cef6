"""Harm told in the passive with no agent takes its doer from the "when", "after" or "as" clause that says who
attacked, not "unidentified attackers"; a mishap in that clause gives no attacker. Sentences written for this
test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "source"), [
    ("Four Afghan policemen were killed when Taliban fighters stormed a checkpoint in Kandahar.", ("AFG", "REB")),
    ("Five protesters were wounded after police opened fire in Karachi.", ("PAK", "COP")),
    ("Two Israeli soldiers were injured as Palestinian gunmen fired on a patrol near Hebron.", ("PSE", "UAF")),
])
def test_the_clause_names_the_attacker(pipe: Pipeline, text: str, source: tuple[str, str]) -> None:
    harm = [e for e in pipe.code(text, date="2010-05-01").events if e.rule.startswith("fight.") and
            e.trigger in ("killed", "wounded", "injured")]
    assert harm and all((e.source.country, e.source.sector) == source for e in harm), harm


def test_a_mishap_names_no_attacker(pipe: Pipeline) -> None:
    events = pipe.code("Twelve people were killed when their bus overturned in Peru.", date="2010-05-01").events
    assert not events, events
