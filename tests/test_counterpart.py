""""His <nationality> counterpart" is of that nationality, whoever "his" stands for: the possessive pronoun is
read last among a phrase's modifiers. The texts are written for this test; each names a person first, whom "his"
would otherwise be taken for."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "source", "target"), [
    ("A Uighur scholar was sentenced in Kashgar. Ghana's president met his Ivorian counterpart in Accra.",
     "GHA", "CIV"),
    ("Lula spoke in Brasilia on Sunday. Chile's foreign minister met his Peruvian counterpart in Lima.",
     "CHL", "PER"),
])
def test_a_counterpart_takes_the_nationality_before_it(pipe: Pipeline, text: str, source: str, target: str) -> None:
    events = pipe.code(text, date="2024-03-01").events
    pairs = {(e.source.country, e.target.country if e.target else None) for e in events if e.cameo_root == "04"}
    assert (source, target) in pairs, pairs
