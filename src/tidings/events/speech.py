"""Direct quotations, their speakers, and the acts a speaker claims in the first person.

A quotation's speaker is the subject of the sentence's speech verb ("said Kang Jun-young, a professor at ...");
"He added" resolves to the previous speaker; a sentence that is nothing but a quotation continues the last
speaker. Scare quotes inside a clause without a speech verb go to that clause's subject.

The same attribution gives a quoted "we" or "I" its actor: in "'We will not negotiate with them,' the minister
said" the one who refuses is the minister (``Speakers.first_person``), and "our troops" are the speaker's
country's troops. Outside quotation marks, a first person inside what a speech verb governs ("the minister said
we would not negotiate") is that verb's subject. The quotations are found once per article (``find_quotes``):
``context.quotes`` hands them on as the article's quotes, and the extractor reads their speakers.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from tidings.actors.resolve import SPEECH_LEMMAS, DocResolver
from tidings.models import Actor, Quote, Span
from tidings.nlp.docview import DocView

QUOTE_RE = re.compile(r"“([^”]{1,2000})”|\"([^\"\n]{1,2000})\"|«([^»]{1,2000})»")
QUOTE_MARKS = re.compile(r"[“\"«]")  # the opening character of each alternative of QUOTE_RE
FIRST_PERSON = frozenset({"we", "i", "us", "me"})
FIRST_PERSON_POSSESSIVE = frozenset({"our", "my"})


def find_quotes(doc: Doc, resolver: DocResolver, doc_text: str | None = None) -> list[Quote]:
    """Quotations in ``doc`` with their speakers. ``doc_text`` is ``doc.text`` when the caller has it (spaCy
    rebuilds it from the tokens on each access); a sentence's text is its slice of it, as ``Span.text`` gives."""
    out: list[Quote] = []
    if doc_text is None:
        doc_text = doc.text
    if not QUOTE_MARKS.search(doc_text):
        return out  # every quotation pattern needs one of these characters
    last_speaker = None
    for s_idx, sent in enumerate(doc.sents):
        text = doc_text[sent.start_char:sent.end_char]
        for m in QUOTE_RE.finditer(text):
            g = next(i for i in (1, 2, 3) if m.group(i) is not None)
            inner = m.group(g).strip()
            if not inner:
                continue
            start = sent.start_char + m.start(g)
            span = Span(start, start + len(m.group(g)))
            speaker = _speaker(sent, span, resolver) or (last_speaker if _is_bare_quote(text, m) else None)
            if speaker is not None:
                last_speaker = speaker
            out.append(Quote(text=inner, span=span, speaker=speaker, sentence=s_idx))
    return out


class Speakers:
    """Who speaks where in one article: the quotations with a speaker, by character offset, and the speech verbs
    that govern a clause. Made once per article; ``first_person`` is asked only for a first-person word."""

    __slots__ = ("starts", "quotes", "resolver")

    def __init__(self, quotes: list[Quote], resolver: DocResolver) -> None:
        spoken = sorted((q.span.start, q.span.end, q.speaker) for q in quotes if q.speaker is not None)
        self.starts = [s for s, _, _ in spoken]
        self.quotes = spoken
        self.resolver = resolver

    def quoted(self, char: int) -> Actor | None:
        """The speaker of the quotation that holds character ``char``, if any."""
        k = bisect_right(self.starts, char) - 1
        if k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1]:
            return self.quotes[k][2]
        return None

    def first_person(self, p: DocView, t: int) -> Actor | None:
        """The actor a first-person phrase at token ``t`` stands for: "we"/"I" is the speaker, "our troops" the
        speaker's country's troops. None for any other phrase, or when nobody is known to say it."""
        low = p.lower[t]
        if low in FIRST_PERSON:
            phrase = False
        elif any(p.dep[c] == "poss" and p.lower[c] in FIRST_PERSON_POSSESSIVE for c in p.kids[t]):
            phrase = True
        else:
            return None
        speaker = self.quoted(p.idx[t]) or self.governing_speaker(p, t)
        if speaker is None or not phrase:
            return speaker
        # "our troops", "our government": the sector phrase in the speaker's country
        return self.resolver.sector_actor(p.token(t), speaker.country) if speaker.country else None

    def governing_speaker(self, p: DocView, t: int) -> Actor | None:
        """The subject of the speech verb whose clause holds token ``t`` ("the minister said we would ...")."""
        head, dep = p.head, p.dep
        cur = t
        for _ in range(8):
            up = head[cur]
            if up == cur or dep[cur] == "relcl":
                return None
            if dep[cur] in ("ccomp", "parataxis") and p.lemma[up] in SPEECH_LEMMAS:
                subj = next((c for c in p.kids[up] if dep[c] == "nsubj"), None)
                if subj is None or p.lower[subj] in FIRST_PERSON:
                    return None
                return self.resolver.actor(p.token(subj))
            cur = up
        return None


def side_clause(p: DocView, i: int) -> bool:
    """Whether token ``i`` sits in an adverbial or relative clause of what is said ("when we ask ...", "the
    people we met"): background to the speaker's statement, not an act the speaker reports."""
    head, dep = p.head, p.dep
    cur = i
    for _ in range(8):
        if dep[cur] in ("advcl", "relcl", "acl", "csubj"):
            return True
        if dep[cur] in ("ccomp", "parataxis", "ROOT") or head[cur] == cur:
            return False
        cur = head[cur]
    return False


def _is_bare_quote(sentence: str, m: re.Match[str]) -> bool:
    return len(sentence.strip()) - (m.end() - m.start()) < 5


def _speaker(sent, span: Span, resolver: DocResolver):  # noqa: ANN001, ANN202
    speech = [t for t in sent if t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB"
              and not (span.start <= t.idx < span.end) and not _opens_later_quote(t, span)]
    for verb in speech:
        subj = _subject(verb)
        if subj is not None:
            a = resolver.actor(subj)
            if a is not None:
                return a
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and t.nbor(1).lower_ == "to":
            pobj = next((c for c in t.nbor(1).children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return resolver.actor(pobj)
    # scare quote inside a clause: the subject of the verb the quoted words belong to
    inside = [t for t in sent if span.start <= t.idx < span.end]
    if inside:
        tok = inside[0]
        for _ in range(4):
            if tok.pos_ in ("VERB", "AUX"):
                subj = _subject(tok)
                if subj is not None:
                    return resolver.inner_actor(subj)
            if tok.head.i == tok.i:
                break
            tok = tok.head
    return None


def _opens_later_quote(verb: Token, span: Span) -> bool:
    """A speech verb after the quotation that introduces another one ('... collected." A spokesman for X said
    "We are disappointed ..."', one sentence to the parser): it is the next quotation's speaker, not this one's."""
    if verb.idx < span.end:
        return False
    doc = verb.doc
    for t in doc[verb.i + 1:min(verb.i + 3, len(doc))]:
        if QUOTE_MARKS.match(t.text):
            return True
        if not t.is_punct:
            return False
    return False


def _subject(verb: Token) -> Token | None:
    cur = verb
    for _ in range(3):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head.i != cur.i:
            cur = cur.head
        else:
            break
    return None
