"""The cached word embedding (``tidings.nlp.fastembed``) gives spaCy's own numbers, bit for bit.

The reference is a second copy of the model loaded as spaCy ships it (``nlp.stock()``), multiplying through the
same BLAS as the pipeline (``tidings.nlp.blas``), run on the same texts: the tok2vec and NER outputs, tags, parse and
entities must be equal, whatever the batch, whatever is already in the cache, and when the cache is emptied
mid-run.
"""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, TAG
from spacy.language import Language
from thinc.layers.chain import forward as chain_forward

from tidings.nlp import blas, fastembed
from tidings.nlp import model as nlp_mod
from tidings.pipeline import Pipeline

TEXTS = [
    "Brazil's foreign minister flew to Buenos Aires on Tuesday to patch up a quarrel over beef tariffs.",
    "\"We will not sign,\" the union's negotiator told reporters in Geneva, adding that talks would resume.",
    "Police in Dhaka fired tear gas at about 3,000 protesters who had blocked the airport road since dawn.",
    "The U.S. Treasury said it wouldn't lift sanctions on the bank until Mr. Ortiz's accounts were audited.",
    "Unusual words — zygomorphic, quinquennial, SNAFU'd — test rows the cache has never seen.",
    "",
    "Ghana and Togo agreed to share intelligence on border smuggling.",
]
ATTRS = [HEAD, DEP, TAG, ENT_IOB, ENT_TYPE]


@pytest.fixture(scope="module")
def stock(pipe: Pipeline) -> Language:
    return _copy(pipe)


def _copy(pipe: Pipeline) -> Language:
    """A stock copy of the model, multiplying as ``pipe`` does."""
    nlp = nlp_mod.stock()
    blas.use_fastest(nlp, pipe.blas)
    return nlp


def _embed_layers(nlp: Language) -> list:
    return [node for model in fastembed.component_models(nlp) for node in model.walk() if fastembed.is_hash_embed(node)]


def _same(a: list, b: list) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.text == y.text
        assert numpy.array_equal(x.tensor, y.tensor)  # the shared tok2vec's output, exactly
        assert numpy.array_equal(x.to_array(ATTRS), y.to_array(ATTRS))


def test_the_pipeline_caches_both_embeddings_of_the_small_model(pipe: Pipeline, stock: Language) -> None:
    layers = _embed_layers(pipe.nlp)
    assert len(layers) == 2  # the shared tok2vec's and the entity recognizer's own
    assert all(node._func is fastembed._forward for node in layers)
    assert all(node._func is chain_forward for node in _embed_layers(stock))  # the reference is untouched
    assert fastembed.cache_embeddings(pipe.nlp) == 2  # idempotent


def test_cached_parse_equals_stock_on_the_seed_article_and_written_texts(pipe: Pipeline, stock: Language,
                                                                         seed_text: str) -> None:
    texts = [seed_text, *TEXTS]
    _same(list(pipe.nlp.pipe(texts, batch_size=4)), list(stock.pipe(texts, batch_size=4)))
    # a second pass hits the cache for every row: the answers are the same
    sizes = [fastembed._CACHES[node.id].size for node in _embed_layers(pipe.nlp)]
    _same(list(pipe.nlp.pipe(texts)), list(stock.pipe(texts)))
    assert [fastembed._CACHES[node.id].size for node in _embed_layers(pipe.nlp)] == sizes
    assert min(sizes) > 100


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8])
def test_rows_computed_a_few_at_a_time_equal_rows_computed_in_bulk(size: int, pipe: Pipeline,
                                                                   stock: Language) -> None:
    """A text whose words are all cached but ``size`` new ones: the cached layer computes a batch of ``size`` rows
    (a matrix product's small-size path), the reference all of the text's rows at once."""
    nlp = _copy(pipe)
    fastembed.cache_embeddings(nlp)
    try:
        known = "The ministers of the two countries met in the capital on Monday and agreed to meet again."
        new = "sanctions tariffs embargo ceasefire referendum coalition insurgents diplomats".split()[:size]
        probe = known[:-1] + " about " + " and ".join(new) + "."
        _same([nlp(known)], [stock(known)])
        sizes = [fastembed._CACHES[node.id].size for node in _embed_layers(nlp)]
        _same([nlp(probe)], [stock(probe)])
        grown = [fastembed._CACHES[node.id].size - n for node, n in zip(_embed_layers(nlp), sizes, strict=True)]
        assert all(0 < g <= 2 * size + 2 for g in grown)  # the new words (and "about", "and"): a small batch
    finally:
        fastembed.uncache_embeddings(nlp)


def test_a_cache_emptied_mid_run_still_gives_the_same_parse(pipe: Pipeline, stock: Language, seed_text: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = _copy(pipe)
    fastembed.cache_embeddings(nlp)
    monkeypatch.setattr(fastembed, "LIMIT", 60)  # far fewer rows than one text holds
    try:
        texts = [seed_text[:2000], *TEXTS, seed_text[2000:4000]]
        _same(list(nlp.pipe(texts, batch_size=2)), list(stock.pipe(texts, batch_size=2)))
        for node in _embed_layers(nlp):
            rows = {r.tobytes() for f in node.layers[0].predict([nlp.make_doc(t) for t in texts]) for r in f}
            assert 0 < fastembed._CACHES[node.id].size < len(rows)  # emptied at least once
    finally:
        fastembed.uncache_embeddings(nlp)
    assert all(node._func is chain_forward for node in _embed_layers(nlp))


def test_training_runs_the_stock_layer(pipe: Pipeline) -> None:
    node = _embed_layers(pipe.nlp)[0]
    docs = [pipe.nlp.make_doc(TEXTS[0])]
    out, backprop = node(docs, is_train=True)
    assert backprop is not fastembed._no_backprop
    assert out[0].shape == (len(docs[0]), node.get_dim("nO"))


class _StopPartway(list):
    """Keys whose iteration stops with an error after two, as an article time limit may stop an add midway."""

    def __iter__(self):  # noqa: ANN204
        for k, key in enumerate(super().__iter__()):
            if k == 2:
                raise KeyboardInterrupt("stopped midway")
            yield key


def test_an_add_stopped_midway_leaves_no_key_on_a_row_the_next_add_reuses() -> None:
    import numpy

    from tidings.nlp.fastembed import EmbeddingCache

    cache = EmbeddingCache(width=3)
    first = numpy.arange(12, dtype="float32").reshape(4, 3)
    with pytest.raises(KeyboardInterrupt):
        cache.add(_StopPartway([b"a", b"b", b"c", b"d"]), first)
    cache.add([b"e", b"f"], numpy.full((2, 3), -1.0, dtype="float32"))
    for key, row in zip([b"a", b"b"], first[:2], strict=True):
        if key in cache.index:  # a key is either missing (computed again later) or on its own vector
            assert cache.table[cache.index[key]].tolist() == row.tolist()
    assert cache.table[cache.index[b"e"]].tolist() == [-1.0, -1.0, -1.0]
