"""The resolver reads each article from the doc's ``DocView`` and a few caches (see ``actors.parsed``); it must keep
answering what ``tests/golden/resolver.json`` records: every public question on every token of the paragraphs of
``tests/golden/resolver_cases.py``, as the resolver of 25ddaab (which walked Token objects) first answered them.
``tests/golden/make_resolver_golden.py`` rewrites the file when a change of answers is meant.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from tests.golden.resolver_cases import ACTOR_FIELDS, ORDERS, PARAGRAPHS, coded, every_answer, mentions_first
from tidings.actors import parsed as parsed_doc
from tidings.actors.kb import Entry, KnowledgeBase
from tidings.actors.parsed import ACTOR_LABELS
from tidings.actors.resolve import DocResolver
from tidings.nlp import string_ids
from tidings.nlp.text_norm import fold
from tidings.pipeline import parse_date

GOLDEN = Path(__file__).parent / "golden" / "resolver.json"


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert data["actor_fields"] == ACTOR_FIELDS  # rows are read by position
    assert [(p["text"], p["date"]) for p in data["paragraphs"]] == PARAGRAPHS  # the file records these paragraphs
    return data


@pytest.fixture(scope="module")
def parsed(pipe):
    return [(pipe.nlp(text), parse_date(day)) for text, day in PARAGRAPHS]


def _as_json(value: Any) -> Any:
    """As read back from the file (tuples become lists)."""
    return json.loads(json.dumps(value))


@pytest.mark.parametrize("n", range(len(PARAGRAPHS)))
@pytest.mark.parametrize("order", ORDERS)
def test_every_method_on_every_token_as_recorded(pipe, golden, n, order):
    """The questions are asked in the same order as when the file was written (coreference and the cycle guard
    depend on it)."""
    text, day = PARAGRAPHS[n]
    want = golden["paragraphs"][n][order]
    got = _as_json(every_answer(pipe, text, parse_date(day), order))
    assert got["state"] == want["state"]
    assert len(got["tokens"]) == len(want["tokens"])
    for mine, recorded in zip(got["tokens"], want["tokens"], strict=True):
        assert mine == recorded, (mine[0], mine[1])  # token index and text
    assert got["phrases"] == want["phrases"]
    assert got["mentions"] == want["mentions"]
    assert got["resolved"] == want["resolved"]


@pytest.mark.parametrize("n", range(len(PARAGRAPHS)))
def test_mentions_first_as_recorded(pipe, golden, n):
    """``mentions`` on a fresh resolver (its own noun chunks and roots, nothing cached before it)."""
    text, day = PARAGRAPHS[n]
    assert _as_json(mentions_first(pipe, text, parse_date(day))) == golden["paragraphs"][n]["mentions_first"]


def test_coded_articles_as_recorded(pipe, golden):
    """The whole pipeline (events, quotes, mentions) on each paragraph."""
    articles = [_as_json(coded(pipe, text, day)) for text, day in PARAGRAPHS]
    assert articles == [p["coded"] for p in golden["paragraphs"]]
    assert sum(len(a["events"]) for a in articles) >= 10 and any(a["quotes"] for a in articles)


def test_the_golden_file_pins_answers(golden):
    """The file is no record of nothing: most paragraphs' tokens resolve to actors, in both orders."""
    for p in golden["paragraphs"]:
        for order in ORDERS:
            assert sum(row[2] is not None for row in p[order]["tokens"]) >= 5
            assert p[order]["mentions"] and p[order]["resolved"]


def _mentions(pipe, n: int) -> dict[str, tuple]:  # noqa: ANN001
    text, day = PARAGRAPHS[n]
    res = pipe.resolver.for_doc(pipe.nlp(text), parse_date(day))
    return {a.text: (a.country, a.sector, a.kb_id) for a in res.mentions()}


def test_what_the_paragraphs_resolve_to(pipe):
    korea = _mentions(pipe, 0)
    assert korea["Lee"] == ("KOR", "GOV", "person:lee-jae-myung")  # a surname, from the full name before
    assert korea["Seoul"] == ("KOR", "GOV", "country:KOR")  # a capital is its government
    assert korea["Lee's top security adviser"] == ("KOR", "GOV", "person:wi-sung-lac")  # the person in apposition
    assert korea["Japanese Prime Minister Shigeru Ishiba"][2] == "person:shigeru-ishiba"
    assert "SEOUL" not in korea  # the dateline places the story
    mideast = _mentions(pipe, 1)
    assert mideast["Palestinians"] == ("PSE", "CVL", "country:PSE")  # a demonym in the plural: the people
    assert mideast["Israeli troops"] == ("ISR", "MIL", "country:ISR")
    assert mideast["The United Nations"] == ("IGO", "IGO", "igo:UNO")
    assert mideast["Hamas"][2] == "org:hamas"
    europe = _mentions(pipe, 2)
    assert europe["Former Chancellor Angela Merkel"] == ("DEU", "ELI", "person:angela-merkel")
    assert europe["Moscow"] == ("RUS", "GOV", "country:RUS")
    assert "US" not in europe  # "US $50 million" is a currency
    assert _mentions(pipe, 3)["Ethnic Albanians"][0] == "SRB"  # a community is coded where it lives
    iraq = _mentions(pipe, 5)
    assert iraq["his government"] == ("IRQ", "GOV", "country:IRQ")  # "his": al-Maliki
    assert iraq["Doctors"][:2] == ("USA", "HLH")  # "from two American aid groups"
    assert iraq["Fallujah"][0] == "IRQ"  # a town the knowledge base lacks, from the gazetteer
    assert iraq["President Bush"][2] == "person:george-w-bush"
    coordinated = _mentions(pipe, 7)
    assert {"Egypt", "Jordan", "Saudi Arabia", "Tehran", "Baghdad"} <= set(coordinated)
    assert coordinated["g20"][0] == "IGO"  # not written in capitals, but not all letters either: a name
    assert coordinated["m23 rebels"][0] == "COD"


def test_speakers_and_pronouns(pipe, parsed):
    doc, day = parsed[0]
    res = pipe.resolver.for_doc(doc, day)
    he = next(t for t in doc if t.text == "He")
    assert res.actor(he).kb_id == "person:lee-jae-myung"  # "He added": the last speaker
    assert [a.kb_id for a in res.speakers.values()] == ["person:lee-jae-myung"] * 2 + ["person:wi-sung-lac"]
    doc, day = parsed[2]
    res = pipe.resolver.for_doc(doc, day)
    officials = next(t for t in doc if t.text == "officials")
    assert [a.country for a in res.inner_actors(officials)] == ["HUN", "ROU"]
    assert res.actor(next(t for t in doc if t.text == "Kremlin")).country == "RUS"


def test_arrays_are_what_the_tokens_say(pipe, parsed):
    for doc, day in parsed:
        res = DocResolver(pipe.kb, doc, day).parsed
        tokens = list(doc)
        assert res.tokens == tokens
        assert res.pos == [t.pos_ for t in tokens]
        assert res.dep == [t.dep_ for t in tokens]
        assert res.lower == [t.lower_ for t in tokens]
        assert res.tag == [t.tag_ for t in tokens]
        assert res.lemma_id == [t.lemma for t in tokens]
        assert res.head == [t.head.i for t in tokens]
        assert res.idx == [t.idx for t in tokens]
        assert res.end == [t.idx + len(t.text) for t in tokens]
        assert res.punct == [t.is_punct for t in tokens]
        assert [res.kids[t.i] for t in tokens] == [[c.i for c in t.children] for t in tokens]
        assert [res.folded[t.i].key for t in tokens] == [fold(t.text) for t in tokens]
        assert [res.folded[t.i].first for t in tokens] == [fold(t.text).split(" ")[0] for t in tokens]
        assert [res.folded[t.i].last for t in tokens] == [fold(t.text).split(" ")[-1] for t in tokens]
        assert [res.lemma_key(t.i) for t in tokens] == [fold(t.lemma_) for t in tokens]
        chunks = list(doc.noun_chunks)
        assert list(res.noun_chunks()) == [(c.start, c.end) for c in chunks]
        assert [res.chunk_root(c.start, c.end) for c in chunks] == [c.root.i for c in chunks]
        ent_of = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}
        assert set(res.ent_at) == set(ent_of)
        for t in tokens:
            if t.i in ent_of:
                ent = ent_of[t.i]
                info = res.ent_at[t.i]
                assert (info.start, info.end, info.label, info.start_char, info.end_char) == (
                    ent.start, ent.end, ent.label_, ent.start_char, ent.end_char)
                assert info.span == ent
                assert info.root == (ent.root.i if ent.label_ in ACTOR_LABELS else -1)


def test_one_view_per_doc(pipe, parsed):
    """The resolver and the extractor read a doc through one view (the pipeline's reader gives both the same)."""
    doc, day = parsed[0]
    res = pipe.resolver.for_doc(doc, day)
    assert pipe.extractor.parse(doc) is res.view
    assert res.view.token(3) is res.parsed.tokens[3]  # and the same Token objects
    other, _ = parsed[1]
    assert pipe.extractor.parse(other) is not res.view


def test_noun_chunks_of_another_iterator_and_span_root_hooks(pipe, parsed):
    """The English chunker done over arrays only stands in for spaCy's own English one; a root hook is obeyed."""
    doc, day = parsed[5]
    want = [(c.start, c.end) for c in doc.noun_chunks]
    english = doc.noun_chunks_iterator
    try:
        doc.noun_chunks_iterator = lambda d: english(d)  # the same chunks from an iterator it does not know
        assert list(DocResolver(pipe.kb, doc, day).parsed.noun_chunks()) == want
    finally:
        doc.noun_chunks_iterator = english
    doc.user_span_hooks["root"] = lambda span: span[0]
    try:
        res = DocResolver(pipe.kb, doc, day).parsed
        assert [res.chunk_root(s, e) for s, e in want] == [s for s, _ in want]
    finally:
        del doc.user_span_hooks["root"]


class _Everything:
    def __contains__(self, word: str) -> bool:
        return True


def test_last_word_pruning_finds_what_folding_every_text_finds(pipe, parsed):
    """Scans that fold every candidate text (no known last word rules one out) find the same terms."""
    for doc, day in parsed:
        pruned = DocResolver(pipe.kb, doc, day)
        full = DocResolver(pipe.kb, doc, day)
        full.terms.last_words = _Everything()  # type: ignore[assignment]
        for t in doc:
            phrase = pruned.parsed.phrase(t.i)
            assert phrase == full.parsed.phrase(t.i)
            assert pruned.terms.scan(phrase) == full.terms.scan(phrase)
        for sent in doc.sents:
            every = list(range(sent.start, sent.end))
            assert pruned.terms.scan(every) == full.terms.scan(every)
            assert pruned.terms.scan(every[::2]) == full.terms.scan(every[::2])  # not contiguous, as sole_country asks


def test_a_term_ending_in_a_glued_token_is_not_pruned(pipe):
    """Only a last token that follows a space may rule a text out by its last word: "5km" is two tokens, and the
    folded text "kim 5km" ends in neither of their words."""
    kb = KnowledgeBase()
    kb.add("Kim 5km", Entry("org", "org:kim5km", "Kim 5km", "KOR"), "test")
    doc = pipe.nlp("Kim 5km said.")
    assert [t.text for t in doc][:3] == ["Kim", "5", "km"] and "km" not in kb.last_words()
    matches = DocResolver(kb, doc, None).terms.scan(range(len(doc)))
    assert [(m.start, m.end, m.entries[0].id) for m in matches] == [(0, 3, "org:kim5km")]


PREFIXES = ["", "the", "The  ", "a", "Lee's", "x-", "é", ".", "'", "U.S.", "Côte", "an", "ﬁ", "\u00a8", "-", "s"]
SEPARATORS = [" ", "\t", "\n", "\u00a0", "\u3000", "\x1c", "  "]
LASTS = ["Moody's", "U.S.", "al-Maliki", "the", "The-x", "'s", "s'", "ﬁnance", "d’Ivoire", "\u0301x", "x\u00a8", "—",
         "...", "São", "Straße", "İstanbul", "A.", "an", "x-", "-x", "`x`", "Ｔｏｋｙｏ", "a-the", "½", "Ω", "s", "'"]


def test_a_text_ends_in_the_last_word_of_its_last_token():
    """What the pruning in TermScanner.longest_match rests on: after a space, the last word of the folded text is the
    last word of the folded last token, whenever that token has one."""
    for prefix, sep, last in itertools.product(PREFIXES, SEPARATORS, LASTS):
        word = fold(last).rsplit(" ", 1)[-1]
        if word:
            assert fold(prefix + sep + last).rsplit(" ", 1)[-1] == word, (prefix, sep, last)


def test_last_words_follow_the_knowledge_base():
    kb = KnowledgeBase()
    kb.add("South Korea", Entry("country", "KOR", "South Korea", "KOR"), "test")
    assert kb.last_words() == {"korea"}
    kb.add("Republic of Korea", Entry("country", "KOR", "South Korea", "KOR"), "test")
    kb.add("Moody's", Entry("company", "company:moodys", "Moody's", "USA"), "test")
    kb.sectors[fold("prime minister")] = None  # type: ignore[assignment]  # only the key counts here
    assert kb.last_words() == {"korea", "moody", "minister"}


DATELINES = [  # (text, the places the resolver must not read as actors)
    ("BEIJING: China announced rules.", ["BEIJING"]), ("WASHINGTON (Reuters) - The Treasury said.", ["WASHINGTON"]),
    ("Seoul, Jan 3 (Yonhap) -- x", ["Seoul"]), ("a TOKYO: not at a line start", []), ("", []), ("\n", []),
    ("x\nTOKYO: y\n  PARIS -- z\nLondon: not upper\nKYIV, Ukraine (AP) — sirens", ["TOKYO", "PARIS", "KYIV"]),
    ("x" * 1995 + "\nOSLO: y", []), ("x" * 1990 + "\nOSLO: y", ["OSLO"]), ("BERLIN:\nMADRID: y", ["MADRID"]),
    ("\t BERLIN -- x\n\nNEW YORK CITY HALL: y\nSAN JOSE, Costa Rica: z", ["BERLIN", "NEW YORK CITY HALL", "SAN JOSE"]),
]


@pytest.mark.parametrize(("text", "places"), DATELINES)
def test_dateline_places_are_not_actors(pipe, text, places):
    """The resolver reads the one dateline pattern (nlp/dateline.py) on every line of the first 2,000 characters."""
    chars = DocResolver(pipe.kb, pipe.nlp(text), None).dateline_chars
    assert chars == {i for s, p in _starts(text, places) for i in range(s, s + len(p))}


def _starts(text: str, places: list[str]) -> list[tuple[int, str]]:
    """Where each place starts, found in order: the first line start at or after the previous place."""
    out, pos = [], 0
    for p in places:
        i = text.index(p, pos)
        out.append((i, p))
        pos = i + len(p)
    return out


def test_id_caches_cleared_when_full(pipe, parsed, monkeypatch):
    """The caches by string id are emptied when they pass their limit, and refilled: the same answers."""
    doc, day = parsed[0]
    want = DocResolver(pipe.kb, doc, day).mentions()
    monkeypatch.setattr(string_ids, "LIMIT", 0)
    for name in ("FOLDED_WORDS", "FOLDED_LEMMAS"):
        monkeypatch.setattr(parsed_doc, name, {-1: None})  # full: the first id missing empties it
    res = DocResolver(pipe.kb, doc, day)
    assert res.mentions() == want
    assert all(-1 not in getattr(parsed_doc, name) for name in ("FOLDED_WORDS", "FOLDED_LEMMAS"))
    assert parsed_doc.FOLDED_WORDS and parsed_doc.FOLDED_LEMMAS


def test_a_dateline_place_is_no_actor(pipe):
    text = "WASHINGTON (Reuters) - Washington imposed sanctions on Iran."
    res = pipe.resolver.for_doc(pipe.nlp(text), parse_date("2019-08-20"))
    places = [(a.text, a.country) for a in res.mentions()]
    assert ("Washington", "USA") in places and not any(t == "WASHINGTON" for t, _ in places)
