"""Evaluative criticism and praise, and stated positions: a saying that judges an actor or what it did.

"Called the remarks irresponsible", "described the talks as constructive", "compared the president to a
dictator", "dismissed the report as baseless": a frame verb (``speech.yaml``: ``evaluative.frames``) whose
complement holds a word of judgement is CAMEO 111 (criticize or denounce) when the word is ``negative`` and 051
(praise or endorse) when it is ``positive``. A speech verb over a copular clause judges the same way: "said the
sanctions were illegal", "said the agreement with France was a historic step". The judged phrase (the frame's
object, the copula's subject) is the event's object, so its actor, or the actor whose act, words or plan it is,
becomes the target; an evaluation with no actor to aim at ("called the situation dangerous") is no event
(``needs_target``).

Frame verbs the lexicon already matches ("branded ... a provocation" as 111) keep their entry; the frame adds the
judged phrase as the object, so that the target is found. The pre-filter learns the frame verbs with their words
(``vocabulary``): a sentence is parsed for a frame only when it has both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from tidings.events.lexicon import Entry, Lexicon
from tidings.nlp.docview import DocView
from tidings.nlp.speech import SpeechWords, speech_words

PREFIX = "evaluative."
CRITICISM = Entry(id=f"{PREFIX}criticism", kind="verb", lemma="", cameo="111", target=("judged",),
                  note="X called Y's act irresponsible / compared Y to a dictator / said Y's act was illegal")
PRAISE = Entry(id=f"{PREFIX}praise", kind="verb", lemma="", cameo="051", target=("judged",),
               note="X described the talks with Y as constructive / said Y's plan was a historic step")
STANCE_PREPS = ("about", "over", "regarding", "on")
OPTIMISM = Entry(id=f"{PREFIX}optimism", kind="verb", lemma="", cameo="013", target=STANCE_PREPS,
                 note="X is / said it was optimistic about the talks with Y")
PESSIMISM = Entry(id=f"{PREFIX}pessimism", kind="verb", lemma="", cameo="012", target=STANCE_PREPS,
                  note="X is / said it was sceptical about Y's offer")


NAMED_SOURCES = frozenset({"argument", "speaker"})
JOINT_ROOTS = frozenset({"03", "04", "05", "06"})  # intents, meetings, cooperation: acts done with another party


def needs_target(entry: Entry, source_from: str) -> bool:
    """Whether an event stands only with a target the text names and a placed source. An evaluation aimed at
    nobody, or by nobody the text names, is a comment, not an event (so an evaluation whose source is not named
    never stands: ``extract`` drops it). A speaker's first-person act too: quotations are full of "we" and "I" doing
    things that are no news ("we have been fighting", "I want to thank our teams"); one aimed at a named actor
    ("'We will not negotiate with the rebels,' the minister said") is."""
    if entry.id.startswith(PREFIX):
        return True
    return source_from == "speaker"


def names_source(entry: Entry, source_from: str) -> bool:
    """Whether the source strategy names the doer as the text does (an evaluation needs a named source)."""
    return not entry.id.startswith(PREFIX) or source_from in NAMED_SOURCES


def judgement(p: DocView, t: int) -> bool | None:
    """True for a word of praise at ``t`` (or among its modifiers: "a historic step", "an act of aggression"),
    False for one of criticism, None for neither; a negated judgement ("not constructive") is None."""
    w = speech_words()
    if any(p.dep[c] == "neg" for c in p.kids[t]):
        return None
    words = [t, *(c for c in p.kids[t] if p.dep[c] in ("amod", "compound", "advmod"))]
    if p.pos[t] == "NOUN":
        words += p.by_prep(t, "of")  # "an act of aggression"; not "innocent of any crime"
    for x in words:
        for form in (p.lower[x], p.lemma[x]):
            if form in w.negative:
                return False
            if form in w.positive:
                return True
    return None


def _frame_parts(p: DocView, verb: int, preps: frozenset[str]) -> tuple[int, bool] | None:
    """The judged phrase and the polarity of a frame verb's complement, or None."""
    dep, kids = p.dep, p.kids
    objs = [c for c in kids[verb] if dep[c] == "dobj"]
    if "" in preps:
        # "called the remarks irresponsible", "called India's decision a provocation"; the parser may make the
        # object the subject of a clause ("branded [the exercises] [a provocation]" as a ccomp)
        for c in kids[verb]:
            if dep[c] in ("oprd", "ccomp", "xcomp") and c not in objs:
                judged = objs or [g for g in kids[c] if dep[g] in ("nsubj", "nsubjpass")]
                polarity = judgement(p, c)
                if polarity is None and not objs:
                    polarity = next((x for g in kids[c] if dep[g] in ("dobj", "attr", "oprd", "acomp")
                                     for x in [judgement(p, g)] if x is not None), None)
                if judged and polarity is not None:
                    return judged[0], polarity
    if not objs:
        return None
    for prep in preps - {""}:
        # "described the talks as constructive", "compared the president to a dictator"; "as" may hang from the
        # object ("described the visit of X as fruitful")
        for holder in (verb, objs[0]):
            for c in kids[holder]:
                if dep[c] == "prep" and p.lower[c] == prep:
                    for g in kids[c]:
                        polarity = judgement(p, g)
                        if polarity is not None:
                            return objs[0], polarity
    return None


def _copula_parts(p: DocView, verb: int) -> tuple[int, bool] | None:
    """"said the sanctions were illegal": the copular clause's subject and the polarity of its predicate."""
    dep, kids = p.dep, p.kids
    for c in kids[verb]:
        if dep[c] != "ccomp" or p.lemma[c] != "be":
            continue
        subj = [g for g in kids[c] if dep[g] == "nsubj"]
        for g in kids[c]:
            if dep[g] in ("acomp", "attr"):
                polarity = judgement(p, g)
                if subj and polarity is not None and p.lower[subj[0]] not in ("it", "this", "that", "there"):
                    return subj[0], polarity
    return None


def doer(p: DocView, judged: int, events: Mapping[str, list[Entry]]) -> int | None:
    """What an evaluation is aimed at, in the judged phrase: the phrase itself, or for a one-sided act ("the
    US-led invasion of Iraq was a mistake", "Israel's response was disproportionate": a lexicon event noun, in
    ``events``) the words that name its doer (possessor, modifier, "by" phrase). None for an act whose doer the
    phrase does not name: what the act was done to ("of Iraq") is not what is criticised. An act done together
    (talks, a visit, an agreement: ``JOINT_ROOTS``) is aimed at the other party the phrase names ("the talks
    with China were constructive")."""
    entries = events.get(p.lemma[judged])
    if not entries or any(e.cameo[:2] in JOINT_ROOTS for e in entries):
        return judged
    named = [c for c in p.lefts(judged) if p.dep[c] in ("poss", "compound", "amod", "nmod")]
    named += p.by_prep(judged, "by")
    return named[0] if named else None


def evaluations(p: DocView, span: range, matched: Mapping[int, Entry],
                events: Mapping[str, list[Entry]]) -> list[tuple[int, Entry, int | None]]:
    """The evaluative triggers of a sentence: (verb, entry, judged phrase). ``matched``: the verbs the lexicon
    matched already, with their entries; a frame verb among them keeps its entry when it is of the same kind
    (root 11 for criticism, 05 for praise) and gains the judged phrase as its object. ``events``: the lexicon's
    event nouns (an act judged is aimed at its doer, see ``doer``)."""
    w = speech_words()
    lemma = p.lemma
    out = []
    for i in span:
        lem = lemma[i]
        if p.pos[i] != "VERB":
            continue
        parts = None
        if lem in w.frames:
            parts = _frame_parts(p, i, w.frames[lem])
        if parts is None and lem in w.verbs:
            parts = _copula_parts(p, i)
        if parts is None:
            continue
        judged, praise = parts
        aimed = doer(p, judged, events)
        if aimed is None:
            continue
        judged = aimed
        base = PRAISE if praise else CRITICISM
        own = matched.get(i)
        keep = own is not None and own.cameo[:2] == base.cameo[:2]
        if own is not None and not keep and not own.source:
            continue  # the hand-written lexicon reads the verb as another act ("called on X to ..."); an imported
            # collocation does not outrank a judgement ("dismissed the report as baseless" is criticism, not 016)
        entry = Entry(id=base.id, kind="verb", lemma=lem, cameo=own.cameo if keep else base.cameo,
                      target=base.target, note=base.note)
        out.append((i, entry, judged))
    return out + _stances(p, span, w)


def _stances(p: DocView, span: range, w: SpeechWords) -> list[tuple[int, Entry, int | None]]:
    """Positions stated as a predicate of the speaker: "Egypt is optimistic about the talks with Ethiopia" (013),
    "X said it was sceptical about Y's offer" (012). The adjective is the trigger; its subject (through the
    copula) the source, what it is about the target. A negated copula ("is not optimistic") is no position."""
    dep, kids = p.dep, p.kids
    out = []
    for i in span:
        if dep[i] != "acomp":
            continue
        low = p.lower[i]
        base = OPTIMISM if low in w.optimistic else PESSIMISM if low in w.pessimistic else None
        if base is None or any(dep[c] == "neg" for c in (*kids[i], *kids[p.head[i]])):
            continue
        if any(dep[c] == "prep" and p.lower[c] in STANCE_PREPS for c in kids[i]):
            out.append((i, replace(base, lemma=low), None))
    return out


@dataclass(frozen=True)
class Vocabulary:
    """The lexicon's entries and the evaluative frames as entries the pre-filter reads (a frame verb needs one of
    the words of judgement in its sentence)."""

    entries: Mapping[str, Entry]


def judging_words() -> frozenset[str]:
    """Every word of judgement or stated position: a sentence without one holds no evaluation."""
    w = speech_words()
    return w.negative | w.positive | w.optimistic | w.pessimistic


def vocabulary(lexicon: Lexicon) -> Vocabulary:
    """The pre-filter's trigger vocabulary: ``lexicon``'s entries and one entry per frame and speech verb."""
    w = speech_words()
    words = judging_words()
    extra = {f"{PREFIX}{verb}": Entry(id=f"{PREFIX}{verb}", kind="verb", lemma=verb, cameo="111", object=words)
             for verb in sorted(set(w.frames) | w.verbs)}
    for adj in sorted(w.optimistic | w.pessimistic):
        extra[f"{PREFIX}{adj}"] = Entry(id=f"{PREFIX}{adj}", kind="verb", lemma=adj, cameo="012",
                                       object=frozenset(STANCE_PREPS))
    return Vocabulary({**lexicon.entries, **extra})
