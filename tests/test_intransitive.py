"""Acts that take no direct object (register.yaml ``intransitive``: demonstrating, marching, rallying as protest)
have another sense with one: showing a device, leading prisoners. Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize("text", [
    "The company demonstrated a new battery in Tokyo.",
    "Engineers demonstrated the drone near the Turkish border.",
    "Soldiers marched the prisoners to the Syrian border.",
])
def test_with_an_object_it_is_no_protest(pipe: Pipeline, text: str) -> None:
    events = pipe.code(text, date="2010-05-01").events
    assert not [e for e in events if e.cameo_root == "14"], events


@pytest.mark.parametrize("text", [
    "Students demonstrated outside the Israeli embassy in Ankara.",
    "Thousands of Kenyan nurses marched on parliament over unpaid wages.",
    "Hundreds of Chilean students marched the streets of Santiago against the reform.",
])
def test_without_one_it_is_still_a_protest(pipe: Pipeline, text: str) -> None:
    events = pipe.code(text, date="2010-05-01").events
    assert [e for e in events if e.cameo_root == "14"], events
