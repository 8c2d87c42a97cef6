"""Coreference within one article: who "he", "they", "which" and a lone surname stand for.

A prepass walks the article in order once and remembers the people it names (in order, and by first and last
name: "Lee" after "Lee Jae Myung") and the speaker of each sentence ("X said", "according to X"). Pronouns then
look back: "he" inside what a speaker says is the speaker; "he said" is the last speaker; "they" in "X said they
would" is X; "which" is the phrase its clause hangs on. The phrases themselves are resolved by the step that owns
them (``phrase_actor``), reached through ``ActorLookup``.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Protocol

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from tidings.actors.parsed import ParsedDoc
from tidings.models import Actor
from tidings.nlp.text_norm import fold

PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "theirs", "itself", "themselves"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "that", "whose"})
PERSONAL_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS
ALL_PRONOUNS = PERSONAL_PRONOUNS | RELATIVE_PRONOUNS


class ActorLookup(Protocol):
    """What coreference (and the description of unknown people) asks of phrase resolution."""

    def actor(self, tok: Token) -> Actor | None: ...

    def inner_actor(self, tok: Token, depth: int = 0) -> Actor | None: ...

    def place(self, tok: Token) -> Actor | None: ...

    def describes(self, tok: Token) -> Actor | None: ...


class Coreference:
    """The article's coreference state: ``person_mentions`` (last token of each named person, in order),
    ``surnames`` (first and last word of each full name -> its actor) and ``speakers`` (sentence start token ->
    the speaker of that sentence). Filled by ``prepass``; read by ``pronoun`` and by the description of people."""

    def __init__(self, doc: ParsedDoc, actors: ActorLookup) -> None:
        self.doc = doc
        self.actors = actors
        self.person_mentions: list[tuple[int, Actor]] = []
        self.surnames: dict[str, Actor] = {}
        # later words of full names the article gives to people nobody could place, with the first words they
        # came with ("howard" -> {"michael"}): a lone "Howard" is that person, not a known John Howard
        self.unknown_names: dict[str, set[str]] = {}
        self.unknown_words: set[str] = set()  # every word of those names ("chad" of "Chad Johnson")
        self.speakers: dict[int, Actor] = {}

    def prepass(self, speech: list[int], according: list[int]) -> None:
        """Walk the article in order once, so that surnames and pronouns can look back. ``speech``: the indices of
        speech verbs ("said"); ``according``: of "according"."""
        doc, actor = self.doc, self.actors.actor
        tokens, dep, kids, lower = doc.tokens, doc.dep, doc.kids, doc.lower
        person_roots = sorted({ent.root for ent in doc.ents if ent.label == "PERSON"})
        for start, end in doc.sents:
            for i in person_roots[bisect_left(person_roots, start):bisect_left(person_roots, end)]:
                a = actor(tokens[i])
                if a is not None:
                    self.remember_person(doc.ent_at[i].span, a)
                else:
                    words = fold(doc.ent_at[i].span.text).split()
                    self.unknown_words.update(words if len(words) > 1 else ())
                    for w in words[1:]:
                        self.unknown_names.setdefault(w, set()).add(words[0])
            for i in speech[bisect_left(speech, start):bisect_left(speech, end)]:
                subj = next((c for c in kids[i] if dep[c] in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    pronoun = lower[subj] in PERSON_PRONOUNS
                    a = self.speaker_pronoun(start) if pronoun else actor(tokens[subj])
                    if a is not None:
                        self.speakers[start] = a
                        break
            else:
                for i in according[bisect_left(according, start):bisect_left(according, end)]:
                    if i + 1 < len(tokens) and lower[i + 1] == "to":
                        pobj = next((c for c in kids[i + 1] if dep[c] == "pobj"), None)
                        a = actor(tokens[pobj]) if pobj is not None else None
                        if a is not None:
                            self.speakers[start] = a

    def remember_person(self, ent: SpacySpan, actor: Actor) -> None:
        self.person_mentions.append((ent.end - 1, actor))
        words = fold(ent.text).split()
        if len(words) >= 2:
            for w in (words[0], words[-1]):
                self.surnames.setdefault(w, actor)

    def speaker_before(self, sent_start: int) -> Actor | None:
        """The speaker of the last sentence before the one starting at token ``sent_start`` that has one."""
        prior = [s for s in self.speakers if s < sent_start]
        return self.speakers[max(prior)] if prior else None

    def speaker_pronoun(self, sent_start: int) -> Actor | None:
        """Who "he said" is: the last speaker, else the last person named."""
        return self.speaker_before(sent_start) or self.last_person_before(sent_start)

    def last_person_before(self, i: int) -> Actor | None:
        best = None
        for j, a in self.person_mentions:
            if j < i:
                best = a
        return best

    def pronoun(self, tok: Token) -> Actor | None:
        """The actor a pronoun stands for, or None."""
        doc, actor = self.doc, self.actors.actor
        i, head, dep, tokens, lower, lemma = tok.i, doc.head, doc.dep, doc.tokens, doc.lower, doc.lemma_id
        speech = doc.speech_ids
        low = lower[i]
        if low in RELATIVE_PRONOUNS:
            verb = head[i]
            if dep[verb] == "relcl":
                return actor(tokens[head[verb]])
            return None
        if low in PERSON_PRONOUNS:
            # inside what a speaker says, "he" is the speaker: "Wi said he expected ..."
            subj = self.reporting_subject(i)
            if subj is not None:
                a = actor(tokens[subj])
                if a is not None:
                    return a
                described = self._described(i, subj)
                if described is not None:
                    # "An intelligence officer said he objected": "he" is that officer, whom nobody can place, not
                    # the last person the article named before; a surname is the person of that name named before
                    ent = doc.ent_at.get(subj)
                    words = fold(ent.span.text if ent is not None else tokens[subj].text).split()
                    named = self.surnames.get(words[-1]) if words else None
                    return named if named is not None else self.same_role_before(i, subj, described)
            if dep[i] == "nsubj" and lemma[head[i]] in speech:
                return self.speaker_pronoun(tok.sent.start)
            return self.last_person_before(i)
        if low in THING_PRONOUNS:
            speaker = self.speech_subject(tok)
            if speaker is not None:
                return speaker
            sent = tok.sent
            for t in range(sent.start, i):
                if dep[t] == "nsubj" and lower[t] not in THING_PRONOUNS:
                    a = actor(tokens[t])
                    if a is not None and a.kb_id and not a.kb_id.startswith("person:"):
                        return a
            return None
        return None

    def bound_subject(self, i: int) -> int | None:
        """The one person a reported subject "he" or "she" can be, when the text describes that person: "officer"
        in "The officer said he objected" (``_described``). None elsewhere: "the report said he ..." and
        "officials said he ..." leave "he" to the people named before."""
        subj = self.reporting_subject(i)
        return subj if subj is not None and self._described(i, subj) is not None else None

    def _described(self, i: int, subj: int) -> Actor | None:
        """Whom the reporting subject ``subj`` of "he"/"she" at ``i`` (a subject of its clause) describes, when it
        is a singular noun or name that ``describes`` someone, placed or not; None otherwise."""
        doc = self.doc
        if doc.lower[i] not in ("he", "she") or doc.dep[i] not in ("nsubj", "nsubjpass") \
                or doc.tag[subj] not in ("NN", "NNP"):
            return None
        return self.actors.describes(doc.tokens[subj])

    def same_role_before(self, i: int, subj: int, described: Actor) -> Actor | None:
        """The last person named before token ``i`` when the definite role words ``subj`` heads (``described``)
        name that person's role as of the article's date: "The prime minister said he ..." after the article named
        the prime minister, "the chancellor said she ..." after it named the chancellor. An indefinite one ("a
        senior official") is someone new, and other words ("the senior official" after a president) someone
        else."""
        doc = self.doc
        if any(doc.dep[c] == "det" and doc.lower[c] in ("a", "an", "another", "one") for c in doc.kids[subj]):
            return None
        prior = self.last_person_before(i)
        if prior is None or not prior.role or described.country not in (None, prior.country):
            return None
        words, role = fold(described.text), fold(prior.role)
        return prior if words and (role == words or role.endswith(" " + words)) else None

    def reporting_subject(self, i: int) -> int | None:
        """The subject of the speech verb whose reported clause holds person pronoun ``i``, when that subject is
        not itself a person pronoun: "officer" in "The officer said he objected". None elsewhere."""
        doc = self.doc
        head, dep, lemma, lower = doc.head, doc.dep, doc.lemma_id, doc.lower
        if lower[i] not in PERSON_PRONOUNS:
            return None
        anc = head[i]
        while anc != head[anc]:
            verb = head[anc]
            if dep[anc] in ("ccomp", "xcomp") and lemma[verb] in doc.speech_ids:
                subj = next((c for c in doc.kids[verb] if dep[c] == "nsubj"), None)
                return subj if subj is not None and subj != i and lower[subj] not in PERSON_PRONOUNS else None
            anc = verb
        return None

    def speech_subject(self, tok: Token) -> Actor | None:
        """In "X said they would ...", "they" is X: the subject of the speech verb whose clause holds the pronoun."""
        doc = self.doc
        head, dep, lemma, speech = doc.head, doc.dep, doc.lemma_id, doc.speech_ids
        anc = head[tok.i]
        while anc != head[anc]:
            verb = head[anc]
            if dep[anc] == "ccomp" and lemma[verb] in speech:
                subj = next((c for c in doc.kids[verb] if dep[c] == "nsubj"), None)
                if subj is None or subj == tok.i or doc.lower[subj] in THING_PRONOUNS:
                    return None
                s = doc.tokens[subj]
                return self.actors.inner_actor(s) or next(
                    (a for t in s.subtree if t.i != subj for a in [self.actors.actor(t)] if a is not None), None)
            anc = verb
        return None
