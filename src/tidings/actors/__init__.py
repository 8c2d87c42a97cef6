"""Actors: who is who, as of the article date (``kb``), and which words in a parse name them (``resolve``)."""

from tidings.actors.kb import KnowledgeBase, load_kb
from tidings.actors.resolve import Resolver

__all__ = ["KnowledgeBase", "Resolver", "load_kb"]
