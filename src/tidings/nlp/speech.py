"""The words of speech, read once from ``data/speech.yaml``: the speech verbs and the evaluative vocabulary.

One list of speech verbs serves every stage that asks "does someone say this?": the quotation's speaker
(``context.quotes``), the pronoun a speaker's clause refers to (``actors.coref``), reported speech
(``events.modality``), a clause's weight as news (``events.confidence``) and the speaker's acts
(``events.speech``). It lives here, below ``actors`` and ``events``, so that all of them read the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tidings.datafiles.check import read_packaged
from tidings.datafiles.schema import SPEECH


@dataclass(frozen=True)
class SpeechWords:
    """``verbs``: speech verb lemmas. ``frames``: evaluative frame verb -> the prepositions that carry the
    judgement ("" for the bare verb: "called X irresponsible"). ``negative`` / ``positive``: words of judgement
    (one word each), lower case. ``optimistic`` / ``pessimistic``: adjectives of a stated position."""

    verbs: frozenset[str]
    frames: dict[str, frozenset[str]]
    negative: frozenset[str]
    positive: frozenset[str]
    optimistic: frozenset[str]
    pessimistic: frozenset[str]


@lru_cache(maxsize=1)
def speech_words() -> SpeechWords:
    raw = read_packaged(SPEECH).data  # held to its schema: every list is there
    frames: dict[str, set[str]] = {}
    for frame in raw["evaluative"]["frames"]:
        verb, _, prep = str(frame).lower().partition(" ")
        frames.setdefault(verb, set()).add(prep)
    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw["evaluative"][key])

    return SpeechWords(frozenset(str(v).lower() for v in raw["verbs"]), {v: frozenset(p) for v, p in frames.items()},
                       words("negative"), words("positive"), words("optimistic"), words("pessimistic"))


def speech_verbs() -> frozenset[str]:
    """The speech verb lemmas ("say", "tell", "declare" ...)."""
    return speech_words().verbs
