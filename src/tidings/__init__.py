"""tidings: news text to evidence-linked political events (CAMEO and PLOVER), actors resolved as of the date.

The package is cheap to import: the data classes come from ``tidings.models`` (no spaCy), and ``Pipeline`` and
``code``, which load spaCy, are imported on first use. So ``import tidings.store.db`` or ``tidings export`` never
load the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidings.models import Actor, Amount, Article, CodedArticle, Event, Modality, Quote, Span

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline, code

__version__ = "0.1.0"

__all__ = ["Actor", "Amount", "Article", "CodedArticle", "Event", "Modality", "Pipeline", "Quote", "Span", "code",
           "__version__"]

_LAZY = {"Pipeline", "code"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    """``tidings.Pipeline`` and ``tidings.code`` load the pipeline module (and spaCy) only when first asked for."""
    if name in _LAZY:
        from tidings import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
