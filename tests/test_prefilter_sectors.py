"""The pre-filter keeps sentences whose only actors are sector words ("police", "gunmen"): the coder makes actors of
them, placed by the town the sentence names, so skipping such sentences lost events a full parse finds. The texts
are written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline

SECTOR_ONLY = [  # (sentence, country the event is placed in, CAMEO root)
    ("Police arrested forty protesters in Lagos on Saturday.", "NGA", "17"),
    ("Gunmen kidnapped two aid workers near Kandahar.", "AFG", "18"),
    ("Rebels killed six peacekeepers near Goma on Monday.", "COD", "19"),
]
NOTHING = "The weather in the north stayed mild for most of the week."


@pytest.mark.parametrize(("text", "country", "root"), SECTOR_ONLY)
def test_a_sentence_with_sector_words_only_is_parsed_and_coded(pipe: Pipeline, text: str, country: str,
                                                                root: str) -> None:
    assert pipe.prefilter is not None
    _, sel = pipe.prefilter.select(text)
    assert sel.keep == [True]
    events = pipe.code(text, date="2024-03-01").events
    assert any(e.cameo_root == root and country in {e.source.country, e.target and e.target.country}
               for e in events), [(e.source.name, e.cameo, e.target and e.target.name) for e in events]


def test_a_sentence_without_actor_or_trigger_is_still_skipped(pipe: Pipeline) -> None:
    assert pipe.prefilter is not None
    _, sel = pipe.prefilter.select(f"{SECTOR_ONLY[0][0]} {NOTHING}")
    assert sel.keep == [True, False]


@pytest.mark.parametrize(("text", "source"), [
    ("Rebels killed six peacekeepers near Goma on Monday.", ("COD", "REB")),
    ("Soldiers opened fire on demonstrators in Mandalay.", ("MMR", "MIL")),
    ("Militants attacked a bus near Peshawar, killing four passengers.", ("PAK", "REB")),
])
def test_a_group_the_sentence_names_is_the_placed_doer_not_unidentified_attackers(pipe: Pipeline, text: str,
                                                                                   source: tuple[str, str]) -> None:
    events = pipe.code(text, date="2024-03-01").events
    assert any((e.source.country, e.source.sector) == source and e.cameo_root in {"18", "19"} for e in events), \
        [(e.source.name, e.source.country, e.source.sector, e.cameo) for e in events]


def test_violence_by_nobody_named_is_still_unidentified_attackers_of_the_place(pipe: Pipeline) -> None:
    events = pipe.code("A police officer was killed in a car bombing in Mosul.", date="2024-03-01").events
    assert [(e.source.country, e.source.sector) for e in events] == [("IRQ", "UAF")]
