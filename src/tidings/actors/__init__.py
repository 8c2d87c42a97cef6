"""Actors: who is who, as of the article date (``kb``), and which words in a parse name them (``resolve``, which
runs ``parsed`` -> ``terms`` -> ``phrase_actor`` with ``coref`` and ``people``, and offers ``fallbacks``)."""

from tidings.actors.kb import KnowledgeBase, load_kb
from tidings.actors.resolve import Resolver

__all__ = ["KnowledgeBase", "Resolver", "load_kb"]
