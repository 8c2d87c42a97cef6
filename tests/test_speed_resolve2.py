"""The resolver reads each article from arrays and a few caches (see DocResolver._read_arrays); it must resolve what
the resolver of commit 25ddaab resolved walking Token objects.

The texts are news paragraphs written for these tests: people with titles, surnames and pronouns ("He added"),
countries, capitals standing for governments, demonyms, organisations, datelines and quotations. The old resolver
is loaded from git history; the checks that do not need it pin what the paragraphs resolve to.
"""

from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.actors import resolve
from tidings.actors.kb import Entry, KnowledgeBase
from tidings.actors.resolve import DATELINE, DocResolver, _dateline_chars, _looks_like_dateline
from tidings.nlp import string_ids
from tidings.nlp.text_norm import fold
from tidings.pipeline import parse_date

ROOT = Path(__file__).resolve().parents[1]
ORACLE_COMMIT = "25ddaab"

PARAGRAPHS = [
    ("SEOUL (Yonhap) -- South Korean President Lee Jae Myung met Japanese Prime Minister Shigeru Ishiba in Tokyo "
     "on Friday. Lee said the two countries would expand cooperation. He added that Seoul wanted closer ties with "
     "Washington. Lee's top security adviser, Wi Sung-lac, told reporters that North Korea had fired two missiles.",
     "2025-10-03"),
    ("Israeli troops raided a refugee camp in the West Bank, the Palestinian health ministry said. The United Nations "
     "condemned the raid, and the European Union called for restraint. Palestinians protested in Ramallah. According "
     "to Reuters, Egyptian mediators were in Cairo for talks with Hamas.", "2024-05-10"),
    ("Moscow rejected the proposal put forward by Washington. Former Chancellor Angela Merkel criticised the Kremlin. "
     "The Pentagon said it would send US $50 million in aid to Kyiv. Hungarian and Romanian officials met in Warsaw. "
     "They said their forces would cooperate.", "2023-03-01"),
    ("Kang Jun-young, a professor at Hankuk University of Foreign Studies, said Ethopia was unlikely to sign. "
     "Vice-President Moody Awori resisted pressure from the Kenya Anti-Corruption Commission. Ethnic Albanians in "
     "southern Serbia held a rally. The ex-minister, who resigned in March, declined to comment. "
     "\"We will not back down,\" she said.", "2005-06-01"),
    ("BEIJING: China announced new export rules on Monday. The Chinese foreign ministry, which oversees the talks, "
     "said they were aimed at protecting national security. Officials in Beijing said Chinese police arrested three "
     "men. \"This is a matter for China alone,\" said Foreign Minister Wang Yi.", "2025-01-06"),
    ("President Bush told Congress that the United States would not leave Iraq. He said Iraqi security forces "
     "were growing stronger. Iraqi Prime Minister Nouri al-Maliki, speaking in Baghdad, said his government "
     "would ask NATO for help. Doctors from two American aid groups treated civilians in Fallujah.", "2007-01-10"),
    ("Brazilian farmers blocked roads near Brasilia. Shell bombs hit the town, and the us of it all was lost on "
     "them. WASHINGTON (Reuters) - U.S. officials said the former president's aides, who met Chinese officials in "
     "Geneva, had not been told. It was unclear whether they knew.", "2019-08-20"),
    ("Egypt, Jordan and Saudi Arabia condemned the attack, while farmers and fishermen protested in Dhaka. Iranian "
     "and Iraqi diplomats met in Geneva; Tehran and Baghdad welcomed the talks. Leaders of the g20 met in Rome, and "
     "m23 rebels seized Goma. Pakistani F-16 jets struck targets, the army said.", "2013-01-10"),
]
PUBLIC = ("actor", "inner_actors", "place", "unresolved", "inner_actor")


@pytest.fixture(scope="module")
def old_resolve(tmp_path_factory):
    """resolve.py as of 25ddaab, loaded as a module of the package (it imports ``..models`` and ``.kb``)."""
    try:
        src = subprocess.run(["git", "show", f"{ORACLE_COMMIT}:src/tidings/actors/resolve.py"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"commit {ORACLE_COMMIT} is not in this checkout's history")
    path = tmp_path_factory.mktemp("oracle") / "resolve_25ddaab.py"
    path.write_text(src, encoding="utf-8")
    name = "tidings.actors._resolve_25ddaab"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look the module up while making the class
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(name, None)


@pytest.fixture(scope="module")
def parsed(pipe):
    return [(pipe.nlp(text), parse_date(day)) for text, day in PARAGRAPHS]


def _pair(pipe, old_resolve, doc, day):  # noqa: ANN001, ANN202
    gazetteer = pipe.context.country_of_place
    return (old_resolve.DocResolver(pipe.kb, doc, day, gazetteer),
            DocResolver(pipe.kb, doc, day, gazetteer))


@pytest.mark.parametrize("n", range(len(PARAGRAPHS)))
@pytest.mark.parametrize("order", ["forward", "backward"])
def test_every_method_on_every_token_as_25ddaab(pipe, old_resolve, parsed, n, order):
    """Both resolvers are asked the same things in the same order (coreference and the cycle guard depend on it)."""
    doc, day = parsed[n]
    old, new = _pair(pipe, old_resolve, doc, day)
    assert (new.speakers, new.surnames, new.person_mentions) == (old.speakers, old.surnames, old.person_mentions)
    assert new.dateline_chars == old.dateline_chars
    tokens = list(doc) if order == "forward" else list(doc)[::-1]
    for tok in tokens:
        for name in PUBLIC if order == "forward" else PUBLIC[::-1]:
            assert getattr(new, name)(tok) == getattr(old, name)(tok), (name, tok.i, tok.text)
        assert new.sector_actor(tok, "USA") == old.sector_actor(tok, "USA"), tok.text
        assert new.sole_country(tok) == old.sole_country(tok), tok.text
    for sent in doc.sents:
        words = list(sent)
        for k in range(1, min(len(words), 8)):
            assert new.describe_phrase(words[:k]) == old.describe_phrase(words[:k])
    assert new.mentions() == old.mentions()
    assert new._cache == old._cache


@pytest.mark.parametrize("n", range(len(PARAGRAPHS)))
def test_mentions_first_as_25ddaab(pipe, old_resolve, parsed, n):
    """``mentions`` on a fresh resolver (its own noun chunks and roots, nothing cached before it)."""
    doc, day = parsed[n]
    old, new = _pair(pipe, old_resolve, doc, day)
    assert new.mentions() == old.mentions()
    assert new._cache == old._cache


def test_coded_articles_as_with_the_25ddaab_resolver(pipe, old_resolve):
    """The whole pipeline (events, quotes, mentions) with each resolver."""
    texts = [text for text, _ in PARAGRAPHS]
    articles = [pipe.code(text, date=day) for text, day in PARAGRAPHS]
    mine = pipe.resolver
    pipe.resolver = old_resolve.Resolver(pipe.kb, gazetteer=pipe.context.country_of_place)
    try:
        before = [pipe.code(text, date=day) for text, day in PARAGRAPHS]
    finally:
        pipe.resolver = mine
    assert articles == before
    assert sum(len(a.events) for a in articles) >= 10 and any(a.quotes for a in articles)
    assert [a.article.text for a in articles] == texts


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
        res = DocResolver(pipe.kb, doc, day)
        tokens = list(doc)
        assert res._pos == [t.pos for t in tokens]
        assert res._dep == [t.dep_ for t in tokens]
        assert res._head == [t.head.i for t in tokens]
        assert res._idx == [t.idx for t in tokens]
        assert res._end == [t.idx + len(t.text) for t in tokens]
        assert res._punct == [t.is_punct for t in tokens]
        assert [res._children(t.i) for t in tokens] == [[c.i for c in t.children] for t in tokens]
        assert [res._folded[t.i].key for t in tokens] == [fold(t.text) for t in tokens]
        assert [res._folded_at(t.i) for t in tokens] == [fold(t.text).split(" ")[0] for t in tokens]
        assert [res._folded[t.i].last for t in tokens] == [fold(t.text).split(" ")[-1] for t in tokens]
        assert [res._lemma_key(t.i) for t in tokens] == [fold(t.lemma_) for t in tokens]
        chunks = list(doc.noun_chunks)
        assert list(res._noun_chunks()) == [(c.start, c.end) for c in chunks]
        assert [res._chunk_root(c.start, c.end) for c in chunks] == [c.root.i for c in chunks]
        ent_of = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}
        assert set(res._ent_at) == set(ent_of)
        for t in tokens:
            if t.i in ent_of:
                ent = ent_of[t.i]
                info = res._ent_at[t.i]
                assert (info.start, info.end, info.label, info.start_char, info.end_char) == (
                    ent.start, ent.end, ent.label_, ent.start_char, ent.end_char)
                assert info.span == ent
                assert info.root == (ent.root.i if ent.label_ in resolve.ACTOR_LABELS else -1)


def test_noun_chunks_of_another_iterator_and_span_root_hooks(pipe, parsed):
    """The English chunker done over arrays only stands in for spaCy's own English one; a root hook is obeyed."""
    doc, day = parsed[5]
    want = [(c.start, c.end) for c in doc.noun_chunks]
    english = doc.noun_chunks_iterator
    try:
        doc.noun_chunks_iterator = lambda d: english(d)  # the same chunks from an iterator it does not know
        assert list(DocResolver(pipe.kb, doc, day)._noun_chunks()) == want
    finally:
        doc.noun_chunks_iterator = english
    doc.user_span_hooks["root"] = lambda span: span[0]
    try:
        res = DocResolver(pipe.kb, doc, day)
        assert [res._chunk_root(s, e) for s, e in want] == [s for s, _ in want]
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
        full._last_words = _Everything()
        for t in doc:
            assert pruned._scan(pruned._phrase(t.i)) == full._scan(full._phrase(t.i))
        for sent in doc.sents:
            every = list(range(sent.start, sent.end))
            assert pruned._scan(every) == full._scan(every)
            assert pruned._scan(every[::2]) == full._scan(every[::2])  # not contiguous, as sole_country asks


def test_a_term_ending_in_a_glued_token_is_not_pruned(pipe):
    """Only a last token that follows a space may rule a text out by its last word: "5km" is two tokens, and the
    folded text "kim 5km" ends in neither of their words."""
    kb = KnowledgeBase()
    kb.add("Kim 5km", Entry("org", "org:kim5km", "Kim 5km", "KOR"), "test")
    doc = pipe.nlp("Kim 5km said.")
    assert [t.text for t in doc][:3] == ["Kim", "5", "km"] and "km" not in kb.last_words()
    matches = DocResolver(kb, doc, None)._scan(range(len(doc)))
    assert [(m.start, m.end, m.entries[0].id) for m in matches] == [(0, 3, "org:kim5km")]


PREFIXES = ["", "the", "The  ", "a", "Lee's", "x-", "é", ".", "'", "U.S.", "Côte", "an", "ﬁ", "\u00a8", "-", "s"]
SEPARATORS = [" ", "\t", "\n", "\u00a0", "\u3000", "\x1c", "  "]
LASTS = ["Moody's", "U.S.", "al-Maliki", "the", "The-x", "'s", "s'", "ﬁnance", "d’Ivoire", "\u0301x", "x\u00a8", "—",
         "...", "São", "Straße", "İstanbul", "A.", "an", "x-", "-x", "`x`", "Ｔｏｋｙｏ", "a-the", "½", "Ω", "s", "'"]


def test_a_text_ends_in_the_last_word_of_its_last_token():
    """What the pruning in _longest_match rests on: after a space, the last word of the folded text is the last word
    of the folded last token, whenever that token has one."""
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


def _finditer_chars(text: str) -> set[int]:
    """The dateline characters as found first: every match of the pattern anywhere in the head."""
    return {i for m in DATELINE.finditer(text[:2000]) if _looks_like_dateline(m) for i in range(m.start(1), m.end(1))}


DATELINES = [
    "BEIJING: China announced rules.", "WASHINGTON (Reuters) - The Treasury said.", "Seoul, Jan 3 (Yonhap) -- x",
    "x\nTOKYO: y\n  PARIS -- z\nLondon: not upper\nKYIV, Ukraine (AP) — sirens", "\n\nROME: a", "", "\n",
    "a TOKYO: not at a line start", "x" * 1995 + "\nOSLO: y", "x" * 1990 + "\nOSLO: y", "BERLIN:\nMADRID: y",
    "\t BERLIN -- x\n\nNEW YORK CITY HALL: y\nSAN JOSE, Costa Rica: z",
]


@pytest.mark.parametrize("text", DATELINES)
def test_dateline_at_line_starts_is_the_finditer_scan(text):
    assert _dateline_chars(text) == _finditer_chars(text)


def test_id_caches_cleared_when_full(pipe, parsed, monkeypatch):
    """The caches by string id are emptied when they pass their limit, and refilled: the same answers."""
    doc, day = parsed[0]
    want = DocResolver(pipe.kb, doc, day).mentions()
    monkeypatch.setattr(string_ids, "LIMIT", 0)
    for name in ("_STRING_OF", "_FOLDED_WORDS", "_FOLDED"):
        monkeypatch.setattr(resolve, name, {-1: None})  # full: the first id missing empties it
    res = DocResolver(pipe.kb, doc, day)
    assert res.mentions() == want
    assert all(-1 not in getattr(resolve, name) for name in ("_STRING_OF", "_FOLDED_WORDS", "_FOLDED"))
    assert resolve._STRING_OF and resolve._FOLDED_WORDS and resolve._FOLDED


def test_a_dateline_place_is_no_actor(pipe):
    text = "WASHINGTON (Reuters) - Washington imposed sanctions on Iran."
    res = pipe.resolver.for_doc(pipe.nlp(text), parse_date("2019-08-20"))
    places = [(a.text, a.country) for a in res.mentions()]
    assert ("Washington", "USA") in places and not any(t == "WASHINGTON" for t, _ in places)
