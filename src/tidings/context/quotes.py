"""Direct quotations and their speakers.

A quotation's speaker is the subject of the sentence's speech verb ("said Kang Jun-young, a professor at ...");
"He added" resolves to the previous speaker; a sentence that is nothing but a quotation continues the last
speaker. Scare quotes inside a clause without a speech verb go to that clause's subject.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from tidings.actors.resolve import SPEECH_LEMMAS, DocResolver
from tidings.models import Quote, Span

QUOTE_RE = re.compile(r"“([^”]{1,2000})”|\"([^\"\n]{1,2000})\"|«([^»]{1,2000})»")
QUOTE_MARKS = re.compile(r"[“\"«]")  # the opening character of each alternative of QUOTE_RE


def extract_quotes(doc: Doc, resolver: DocResolver, doc_text: str | None = None) -> list[Quote]:
    """Quotations in ``doc`` with their speakers. ``doc_text`` is ``doc.text`` when the caller has it (spaCy
    rebuilds it from the tokens on each access); a sentence's text is its slice of it, as ``Span.text`` gives."""
    out: list[Quote] = []
    if doc_text is None:
        doc_text = doc.text
    if not QUOTE_MARKS.search(doc_text):
        return out  # every quotation pattern needs one of these characters
    sents = list(doc.sents)
    last_speaker = None
    for s_idx, sent in enumerate(sents):
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


def _is_bare_quote(sentence: str, m: re.Match[str]) -> bool:
    return len(sentence.strip()) - (m.end() - m.start()) < 5


def _speaker(sent, span: Span, resolver: DocResolver):  # noqa: ANN001, ANN202
    speech = [t for t in sent if t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB"
              and not (span.start <= t.idx < span.end)]
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
