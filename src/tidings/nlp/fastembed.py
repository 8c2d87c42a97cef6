"""Word embeddings computed once per distinct token shape, not once per token.

A spaCy CNN pipeline turns every token into a vector in two steps: an *embedding* that reads only the token's own
features (for en_core_web_sm: NORM, PREFIX, SUFFIX, SHAPE and two whitespace flags, hashed into tables and mixed by a
maxout layer with layer normalisation), then an *encoder* that mixes each vector with its neighbours. The embedding is a
pure function of the feature row, and news repeats the same rows: after 300 Wikinews articles, about nine tokens in ten
of the next 300 have a row already seen. en_core_web_sm runs this embedding twice per token (the shared ``tok2vec`` and
the NER's own), and it is about a fifth of the parse.

So tidings keeps each row's embedding once computed, and computes only rows it has not seen, in one batch. The
numbers are the same bits spaCy would compute: each output row of the maxout's matrix product and of the layer
norm depends on its own input row only (BLIS computes a row alike in any batch, so these layers keep BLIS even where
``blas.py`` moves the rest of the model to NumPy), and ``tests/test_speed_embed.py`` checks the cached layer against
the stock one, token for token, on real news and on batches of every small size.

Only layers of exactly the MultiHashEmbed shape (features -> hash tables -> maxout -> list) are cached; any other
architecture (static vectors, transformers) runs as shipped. Training (``is_train=True``) always runs the stock
layer, and the model's tree, parameters and serialisation are untouched: only the layer's forward function is
swapped, and it can be swapped back (``uncache_embeddings``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy
from spacy.language import Language
from thinc.layers.chain import forward as chain_forward
from thinc.model import Model

# rows per cache: at width 96, 25 MB of vectors and about 8 MB of keys. 1,000 Wikinews articles fill about 20,000;
# a cache is emptied when a batch would pass it (a long run meets ever new names and numbers)
LIMIT = 1 << 16
SHAPE = ("extract_features", "list2ragged", "with_array", "with_array", "ragged2list")


class EmbeddingCache:
    """The embedding of every feature row seen, as rows of one growing array."""

    __slots__ = ("index", "table", "size")

    def __init__(self, width: int) -> None:
        self.index: dict[bytes, int] = {}
        self.table = numpy.empty((1024, width), dtype="float32")
        self.size = 0

    def add(self, keys: list[bytes], vectors: Any) -> None:
        end = self.size + len(keys)
        if end > len(self.table):
            grown = numpy.empty((max(end, 2 * len(self.table)), self.table.shape[1]), dtype=self.table.dtype)
            grown[: self.size] = self.table[: self.size]
            self.table = grown
        self.table[self.size:end] = vectors
        # the rows are taken before the keys point at them: an article time limit (a signal, ``jobs.runtime``) may
        # stop this between any two steps, and keys recorded before ``size`` moved would point at rows the next add
        # overwrites, giving later documents another word's vectors for the rest of the process
        start, self.size = self.size, end
        self.index.update(zip(keys, range(start, end), strict=True))

    def clear(self) -> None:
        self.index.clear()
        self.size = 0


_CACHES: dict[int, EmbeddingCache] = {}  # by thinc model id: one cache per embedding layer


def is_hash_embed(node: Model) -> bool:
    """A MultiHashEmbed layer without static vectors: the shape whose output depends on each token's row alone."""
    names = [layer.name for layer in node.layers]
    return (node._func in (chain_forward, _forward) and len(names) == len(SHAPE)
            and all(n == s or n.startswith(s + "(") for n, s in zip(names, SHAPE, strict=True))
            and "hashembed" in names[2] and "maxout" in names[3] and "static_vectors" not in node.name)


def component_models(nlp: Language) -> Iterator[Model]:
    """The thinc model of each of ``nlp``'s components that has one (the rule components have none)."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield model


def cache_embeddings(nlp: Language) -> int:
    """Swap in the cached forward on every embedding layer of ``nlp``'s components; returns how many are cached.
    Idempotent."""
    n = 0
    for node in (node for model in component_models(nlp) for node in model.walk()):
        if is_hash_embed(node):
            node._func = _forward
            n += 1
    return n


def uncache_embeddings(nlp: Language) -> None:
    """Put the stock forward back (and drop the caches): ``nlp`` is then as spaCy loaded it."""
    for node in (node for model in component_models(nlp) for node in model.walk()):
        if node._func is _forward:
            node._func = chain_forward
            _CACHES.pop(node.id, None)


def _forward(model: Model, docs: list, is_train: bool) -> tuple[list, Any]:
    if is_train:
        return chain_forward(model, docs, is_train)
    extract, _, hashed, mixed, _ = model.layers
    feats = extract.predict(docs)
    lengths = [len(f) for f in feats]
    width = mixed.get_dim("nO")
    total = sum(lengths)
    if total == 0:
        return [model.ops.alloc2f(0, width) for _ in docs], _no_backprop
    rows = numpy.ascontiguousarray(numpy.concatenate(feats), dtype="uint64")
    keys = rows.view(numpy.dtype((numpy.void, rows.shape[1] * 8))).ravel().tolist()
    cache = _CACHES.get(model.id)
    if cache is None:
        cache = _CACHES[model.id] = EmbeddingCache(width)
    index = cache.index
    try:
        at = list(map(index.__getitem__, keys))
    except KeyError:
        new = [i for i, k in enumerate(keys) if k not in index]
        first = {keys[i]: i for i in reversed(new)}  # each new row once
        if cache.size + len(first) > LIMIT:
            cache.clear()
            first = {k: i for i, k in reversed(list(enumerate(keys)))}
        picked = numpy.fromiter(first.values(), dtype="int64", count=len(first))
        cache.add(list(first), mixed.predict(hashed.predict(rows[picked])))
        at = list(map(index.__getitem__, keys))
    out = cache.table[numpy.asarray(at, dtype="int64")]
    return numpy.split(out, numpy.cumsum(lengths[:-1])), _no_backprop


def _no_backprop(_: Any) -> Any:
    raise NotImplementedError("the cached embedding is for prediction; training runs the stock layer")
