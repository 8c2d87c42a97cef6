"""The resolver's shortcuts (ASCII folding, the misspelling index, doc arrays) must give what the plain way gives."""

from __future__ import annotations

import itertools
import re
import string
import unicodedata

from tidings.actors.kb import load_kb
from tidings.actors.near import one_edit
from tidings.actors.parsed import FORMER_WORDS, SPEECH_LEMMAS
from tidings.actors.phrase_actor import PhraseActors
from tidings.actors.resolve import DocResolver
from tidings.nlp.text_norm import _QUOTES, fold
from tidings.pipeline import parse_date

WORDS = ["U.S.", "US", "the U.S.", "The  United\tStates", "Lee Jae-myung", "Lee Jae Myung", "Moody's", "Moody’s",
         "rock `n' roll", "`Abd al-Rahman`", "the", "the ", " a  house", "an\napple", "And", "theatre", "Ana's",
         "Côte d’Ivoire", "São Tomé", "Ærø", "ﬁnance", "Ｔｏｋｙｏ", "x²", "‘quoted’", "“Hamas”", "Kyiv–Moscow",
         "a\u00a0b", "a\u3000b", "a\x1cb", "\x1f", "", "   ", "'", "'s", "s'", "''s", "...", "-", "a-", "-the x",
         "Wi Sung-lac", "Hankuk University of Foreign Studies", "NATO's", "İstanbul", "Straße", "ǅemal", "Ω"]


def _plain_fold(text: str) -> str:
    """fold as it was written first: every string through NFKD and the regular expressions."""
    t = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold().strip()
    t = re.sub(r"(?:'s|')$", "", t)
    t = t.replace(".", "").replace("-", " ")
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"^(?:the|a|an)\s+", "", t)


def test_fold_matches_the_plain_fold():
    pieces = ["the", "A", "an", "'s", "'", "`", "’", ".", "-", "–", " ", "\t", "\u00a0", "é", "e\u0301", "Ø", "x"]
    texts = WORDS + ["".join(p) for n in (1, 2, 3) for p in itertools.product(pieces, repeat=n)]
    texts += [" ".join(p) for p in itertools.product(WORDS[:12], repeat=2)]
    for t in texts:
        assert fold(t) == _plain_fold(t), repr(t)


def test_misspelling_index_finds_what_a_plain_scan_finds():
    kb = load_kb()
    terms = [(key, e) for key, entries in kb.terms.items() if " " not in key and len(key) >= 5
             for e in entries if e.kind in ("country", "demonym")]

    def plain(word: str):  # noqa: ANN202
        if word in kb.terms:
            return None
        hits = {e.country: e for n in (len(word) - 1, len(word), len(word) + 1)
                for key, e in terms if len(key) == n and one_edit(word, key)}
        return next(iter(hits.values())) if len(hits) == 1 else None

    words = {"ethopia", "quatar", "afganistan", "germnay", "frnace", "", "a", "peru", "chinaa", "irann", "x" * 30}
    for key, _ in terms[::3]:
        for i in range(len(key) + 1):
            words.update({key[:i] + key[i + 1:], key[:i] + "z" + key[i:], key[:i] + "q" + key[i + 1:],
                          key[:i] + key[i + 1:i + 2] + key[i:i + 1] + key[i + 2:]})
    words.update("".join(p) for p in itertools.product("aeinrs", repeat=5))
    words.update(w + c for w in ("kenya", "chile", "yemen", "nepal") for c in string.ascii_lowercase)
    found = 0
    for w in sorted(words):
        want = plain(w)
        assert kb.near_country_term(w) is want, w
        found += want is not None
    assert found > 100  # the check covers words that are one edit from a country, not only misses


def test_doc_arrays_pick_the_tokens_a_token_walk_picks(pipe):
    text = ("Former President Chen said on Monday that the ex-minister had resigned. According to Reuters, the late "
            "king's retired generals told reporters they would stay. Officials added that he insisted on talks.")
    doc = pipe.nlp(text)
    day = parse_date("2026-01-02")
    speech = [t.i for t in doc if t.lemma_ in SPEECH_LEMMAS and t.pos_ == "VERB"]
    accord = [t.i for t in doc if t.lower_ == "according"]
    assert speech and accord  # the text has what the arrays look for
    res = DocResolver(pipe.kb, doc, day)
    assert res.parsed.tokens == list(doc)
    assert (res.parsed.speech_verbs, res.parsed.according) == (speech, accord)
    assert res.parsed.former_at == {t.i for t in doc if t.lower_ in FORMER_WORDS} != set()
    walked = PhraseActors(pipe.kb, res.parsed, res.terms, res.fallbacks, day).coref  # a fresh coreference state
    walked.prepass(speech, accord)
    assert (res.speakers, res.surnames, res.person_mentions) == (walked.speakers, walked.surnames,
                                                                walked.person_mentions)
    assert res.speakers  # "Chen said", "According to Reuters"
