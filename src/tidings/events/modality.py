"""How firmly a sentence asserts an event: "hosted" vs "will host" vs "might host" vs "would not host".

Read from the trigger's own auxiliaries and negation, then from the verbs that govern it ("plans to host",
"refused to"), then whether it sits inside what somebody says (reported speech). The tree is read through a
``DocView`` (lists indexed by token, see ``nlp.docview``), not through spaCy Token objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tidings.datafiles.check import read_packaged
from tidings.datafiles.schema import MODALITY
from tidings.events.questions import asked_about, crosses_quote
from tidings.events.tree import infinitival
from tidings.models import Modality
from tidings.nlp.docview import DocView
from tidings.nlp.speech import speech_verbs

CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "prep", "pobj", "dobj"})


@dataclass(frozen=True)
class ModalityWords:
    future_aux: frozenset[str]
    future_gov: frozenset[str]
    future_noun_mod: frozenset[str]
    hypo_aux: frozenset[str]
    hypo_gov: frozenset[str]
    hypo_markers: frozenset[str]
    discourse_verbs: frozenset[str]
    neg_words: frozenset[str]
    neg_gov: frozenset[str]
    reported_gov: frozenset[str]  # the speech verbs (data/speech.yaml)
    intent_adj: frozenset[str]
    obligation_modals: frozenset[str]
    obligation_gov: frozenset[str]
    support_verbs: frozenset[str]
    absorbing_roots: frozenset[str]
    future_codes: dict[str, str]
    negated_future_codes: dict[str, str]
    future_nouns: frozenset[str]
    hypo_nouns: frozenset[str]
    neg_quantifiers: frozenset[str]
    unaddressed: frozenset[str]
    obligation_ending: frozenset[str]
    encounter_verbs: frozenset[str]  # support verbs only for nouns of ``encounter_roots`` ("had talks with")
    encounter_roots: frozenset[str]


@lru_cache(maxsize=1)
def words() -> ModalityWords:
    raw = read_packaged(MODALITY).data  # held to its schema: every list is there

    def f(*keys: str) -> frozenset[str]:
        node = raw
        for k in keys:
            node = node[k]
        return frozenset(str(x).lower() for x in node)

    return ModalityWords(
        f("future", "auxiliaries"), f("future", "governors"), f("future", "noun_modifiers"),
        f("hypothetical", "auxiliaries"), f("hypothetical", "governors"), f("hypothetical", "markers"),
        f("hypothetical", "discourse"),
        f("negated", "words"), f("negated", "governors"), speech_verbs(),
        f("future", "intent_adjectives"),
        f("obligation", "modals"), f("obligation", "governors"), f("support_verbs"), f("absorbing_roots"),
        {str(k): str(v) for k, v in raw["future_codes"].items()},
        {str(k): str(v) for k, v in raw["negated_future_codes"].items()},
        f("future", "nouns"), f("hypothetical", "nouns"), f("negated", "quantifiers"), f("obligation", "unaddressed"),
        f("obligation", "ending"), f("encounter_support", "verbs"), f("encounter_support", "roots"),
    )


def _by_prefix(table: dict[str, str], code: str) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def statement_code(code: str, modality: Modality) -> str:
    """The CAMEO code of announcing an act rather than doing it: "will provide aid" is 033, "will impose a
    curfew" 1323, "will not accept" 12x. Unchanged for asserted and hypothetical acts, and for meetings."""
    w = words()
    if modality is Modality.FUTURE:
        return _by_prefix(w.future_codes, code) or code
    return code


def negated_future_code(code: str) -> str | None:
    return _by_prefix(words().negated_future_codes, code)


def _own_flags(p: DocView, tok: int, w: ModalityWords, under_report: bool) -> tuple[bool, bool, bool]:
    neg = hypo = fut = False
    for c in p.kids[tok]:
        low, dep = p.lower[c], p.dep[c]
        if dep == "neg" or (dep in ("det", "advmod") and low in w.neg_words and low != "without"):
            neg = True
        elif dep in ("aux", "auxpass"):
            if low in w.future_aux or (low == "would" and under_report):
                fut = True
            elif low == "going":
                fut = True
            elif p.lemma[c] in w.hypo_aux or low in w.hypo_aux:
                hypo = True
        elif dep == "mark" and (low in w.hypo_markers or (low == "for" and p.tag[tok] == "VB")):
            # "paves the way for Turkey to join", "the case for Australia to invest": a for-to infinitive names
            # an act wanted or possible, not one done
            hypo = True
        elif dep == "amod" and low in w.future_noun_mod:
            fut = True
    return neg, hypo, fut


def _denied_arguments(p: DocView, verb: int, w: ModalityWords) -> bool:
    """Whether the verb's subject or object says there is none: "nobody attacked", "no troops were withdrawn",
    "offered no concessions", "asked for nothing in return". Read for the trigger verb only: "makes no mention of
    the attacks", "has no links with the bombings" deny the mention and the links, not the attacks."""
    for c in p.kids[verb]:
        dep = p.dep[c]
        if dep in ("nsubj", "nsubjpass", "dobj") and denied(p, c, w):
            return True
        if dep == "prep" and any(p.lower[g] in w.neg_quantifiers for g in p.kids[c] if p.dep[g] == "pobj"):
            return True
    return False


def denied(p: DocView, phrase: int, w: ModalityWords | None = None) -> bool:
    """Whether the phrase headed by ``phrase`` says there is none of it: "nobody", "none of the states", "no
    country", "neither side" (``negated.quantifiers``, or a determiner "no" / "neither")."""
    w = w or words()
    if p.lower[phrase] in w.neg_quantifiers:
        return True
    return any(p.dep[d] == "det" and p.lower[d] in ("no", "neither") for d in p.kids[phrase])


def noun_reading(p: DocView, noun: int, clause: int, reading: Reading) -> Reading:
    """How firmly an event noun is asserted, given the ``reading`` of the clause that carries it: the nouns
    between the two may hold the act as not yet done ("preparations for a missile strike", "plans for talks":
    future) or as weighed, feared or asked for ("the possibility of deportation", "calls for a boycott":
    hypothetical), and the noun itself may be denied ("made no offer") or announced ("the planned strike")."""
    if reading.modality is Modality.NEGATED:
        return reading
    w = words()
    neg = denied(p, noun, w)
    fut = any(p.dep[c] == "amod" and p.lower[c] in w.future_noun_mod for c in p.kids[noun])
    hypo = False
    cur = noun
    for _ in range(4):
        if p.head[cur] == cur or p.head[cur] == clause:
            break
        cur = p.head[cur]
        if p.pos[cur] == "NOUN":
            lemma = p.lemma[cur]
            fut = fut or lemma in w.future_nouns or lemma in w.future_gov
            hypo = hypo or lemma in w.hypo_nouns or lemma in w.hypo_gov
    if neg:
        return Reading(Modality.NEGATED, reading.reported, reading.future or fut)
    if reading.modality is Modality.HYPOTHETICAL:
        return reading
    if hypo:
        return Reading(Modality.HYPOTHETICAL, reading.reported, reading.future or fut)
    if fut and reading.modality is Modality.ASSERTED:
        return Reading(Modality.FUTURE, reading.reported, True)
    return reading


@dataclass(frozen=True)
class Reading:
    """How the sentence presents an event: modality, reported speech, and whether it lies in the future."""

    modality: Modality
    reported: bool
    future: bool
    conditional: bool = False  # "... if Y does not stop": a conditional act of force is a threat
    ultimatum: bool = False  # "will withdraw its force unless Y ...": whatever the act, held over Y's head

    def code(self, code: str) -> str:
        """The CAMEO code of what the sentence reports: a promise or threat of an act, rather than the act."""
        if self.ultimatum and "08" <= code[:2] < "14":
            return "130"
        if self.modality is Modality.FUTURE or (self.conditional and code[:2] >= "14"):
            return statement_code(code, Modality.FUTURE)
        if self.modality is Modality.NEGATED and self.future:
            return negated_future_code(code) or code
        return code


def modality_of(p: DocView, trigger: int, sent_start: int, sent_end: int, own: bool = True) -> Reading:
    """Modality, whether the event is reported speech, and whether it is announced for the future. ``trigger``
    is a token index in ``p``, inside the sentence of tokens ``sent_start`` to ``sent_end`` (exclusive). ``own``:
    the trigger is the event's own verb (not the verb that carries an event noun), so that its subject and
    object deny it when they say there is none of them."""
    w = words()
    head, dep, kids = p.head, p.dep, p.kids
    reported = _is_reported(p, trigger, sent_start, sent_end, w)
    neg, hypo, fut = _own_flags(p, trigger, w, reported)
    neg = neg or (own and _denied_arguments(p, trigger, w))
    marks = {p.lower[g] for c in kids[trigger] if dep[c] == "advcl" and not _discourse(p, c, w)
             for g in kids[c] if dep[g] == "mark"}
    conditional = not marks.isdisjoint(("if", "unless"))
    ultimatum = "unless" in marks
    # an act in a question is asked about, not asserted ("'Will the army withdraw?' he asked")
    hypo = hypo or conditional or asked_about(p, trigger, sent_end)
    # climb through the verbs that govern the trigger within its sentence
    tok, steps = trigger, 0
    while dep[tok] in CLAUSE_LINKS and head[tok] != tok and steps < 6:
        link, up = dep[tok], head[tok]
        steps += 1
        lemma = p.lemma[up]
        if link in ("ccomp", "parataxis") and tok < up and crosses_quote(p, tok, up):
            # the words that introduce a quotation, parsed under the quotation's verb, keep their own grammar (the
            # other way round, from a scare quote to its clause, "could have its 'rights suspended'", the climb goes on)
            break
        if link == "ccomp" and _subjunctive(p, tok):
            hypo = True  # "insists that the border be closed": what is asked for, not what was done
        if link in ("ccomp",) and lemma in w.reported_gov:
            break  # what the speaker asserts keeps its own modality
        if link in ("relcl",):
            break
        if link == "advcl":
            if any(dep[c] == "mark" and p.lower[c] in w.hypo_markers for c in kids[tok]):
                hypo = True
                conditional = True
            elif infinitival(p, tok):
                # a purpose ("did not send troops to protect the villages", "will travel to Paris to protest"):
                # done only as the act it is the purpose of is, so it takes that act's negation and tense
                n, h, f = _own_flags(p, up, w, reported)
                neg, hypo, fut = neg or n, hypo or h, fut or f
                tok = up
                continue
            break
        if link == "conj":
            tok = up
            n, h, f = _own_flags(p, up, w, reported)
            hypo, fut = hypo or h, fut or f
            continue
        if link in ("xcomp", "acl", "pcomp", "dobj", "pobj", "prep", "ccomp"):
            noun = p.pos[up] == "NOUN"
            if lemma in w.future_gov or (link == "xcomp" and p.lower[up] == "going") or (
                    p.pos[up] == "ADJ" and lemma in w.intent_adj) or (noun and lemma in w.future_nouns):
                fut = True  # "plans to host", "was going to visit", "preparations to attack"
            if lemma in w.hypo_gov or (link == "xcomp" and _impersonal(p, up)) or (noun and lemma in w.hypo_nouns):
                hypo = True
            if lemma in w.neg_gov and link in ("xcomp", "pcomp"):
                neg = True
            n, h, f = _own_flags(p, up, w, reported)
            neg, hypo, fut = neg or n, hypo or h, fut or f
        tok = up
    if neg:
        return Reading(Modality.NEGATED, reported, fut)
    if hypo:
        return Reading(Modality.HYPOTHETICAL, reported, fut, conditional, ultimatum)
    if fut:
        return Reading(Modality.FUTURE, reported, True)
    return Reading(Modality.ASSERTED, reported, False)


def _discourse(p: DocView, clause: int, w: ModalityWords) -> bool:
    """An "if" clause that sets how the listener looks at things, not a condition on the act: "if you look at the
    figures, the party has gained" (subject "you", a verb of ``hypothetical.discourse``)."""
    return p.lemma[clause] in w.discourse_verbs and any(
        p.dep[c] == "nsubj" and p.lower[c] == "you" for c in p.kids[clause])


def _subjunctive(p: DocView, clause: int) -> bool:
    """A "that" clause in the subjunctive: "it is essential that Iran halt its attacks", "Israel insists that the
    border be closed" (the bare verb, or a bare "be", with a subject and no other auxiliary) states a demand or a
    wish, not an act."""
    kids, dep = p.kids[clause], p.dep
    if not any(dep[c] == "mark" and p.lower[c] == "that" for c in kids):
        return False
    if not any(dep[c] in ("nsubj", "nsubjpass") for c in kids):
        return False
    auxes = [c for c in kids if dep[c] in ("aux", "auxpass")]
    if p.tag[clause] == "VB":
        return not auxes
    return p.tag[clause] == "VBN" and len(auxes) == 1 and p.lower[auxes[0]] == "be"


def _impersonal(p: DocView, pred: int) -> bool:
    """Whether ``pred`` is the predicate of an impersonal "it is ... to": "it would be wrong to impose sanctions",
    "it is important to negotiate" weigh an act, they do not report it (the act is hypothetical)."""
    cop = pred if p.lemma[pred] == "be" else p.head[pred]
    if p.lemma[cop] != "be":
        return False
    if cop == pred:  # the infinitive hangs from the copula: it needs a predicate ("a mistake"), else "it is to
        # start ..." is a plan of whatever "it" is
        if not any(p.dep[c] in ("attr", "acomp") for c in p.kids[cop]):
            return False
    elif p.pos[pred] not in ("ADJ", "NOUN"):
        return False
    return any(p.dep[c] in ("nsubj", "expl") and p.lower[c] == "it" for c in p.kids[cop])


def _is_reported(p: DocView, trigger: int, sent_start: int, sent_end: int, w: ModalityWords) -> bool:
    head, dep = p.head, p.dep
    tok = trigger
    while head[tok] != tok:
        if dep[tok] in ("ccomp", "parataxis") and p.lemma[head[tok]] in w.reported_gov:
            return True
        if dep[tok] == "relcl":
            break
        tok = head[tok]
    lower = p.lower
    return "according" in lower[sent_start:sent_end] and any(
        lower[t] == "according" and t + 1 < sent_end and lower[t + 1] == "to" for t in range(sent_start, sent_end))
