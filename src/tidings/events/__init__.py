"""Events: a lexicon of verb and noun patterns (``lexicon``), a walk over the dependency parse (``extract``, which
runs ``triggers``, ``sources``, ``recode``, ``targets`` and ``build`` in turn) and how firmly each event is
asserted (``modality``)."""

from tidings.events.extract import EventExtractor
from tidings.events.lexicon import Lexicon, load_lexicon

__all__ = ["EventExtractor", "Lexicon", "load_lexicon"]
