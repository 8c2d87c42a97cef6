"""tidings: news text to evidence-linked political events (CAMEO and PLOVER), actors resolved as of the date."""

from .models import Actor, Amount, Article, CodedArticle, Event, Modality, Quote, Span
from .pipeline import Pipeline, code

__version__ = "0.1.0"

__all__ = ["Actor", "Amount", "Article", "CodedArticle", "Event", "Modality", "Pipeline", "Quote", "Span", "code",
           "__version__"]
