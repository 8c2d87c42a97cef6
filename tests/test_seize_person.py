"""Seizing or capturing a person is an arrest (CAMEO 173), not the seizure of territory (192), which stays the
reading for places. Sentences written for this test."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


@pytest.mark.parametrize(("text", "code"), [
    ("Indian police seized him in Mumbai.", "173"),
    ("Belarusian security agents seized the dissident journalist at Minsk airport.", "173"),
    ("Syrian troops captured him near Aleppo.", "173"),
    ("Russian forces seized the airport near Kyiv.", "192"),
    ("M23 rebels seized the town of Goma from Congolese troops.", "192"),
])
def test_seizing_people_and_places(pipe: Pipeline, text: str, code: str) -> None:
    codes = [e.cameo for e in pipe.code(text, date="2020-05-01").events]
    assert codes and codes[0] == code, codes
