"""How much to trust an event, and whether its sentence reports it or only mentions it as background.

The score starts from a base and moves by what a coder would doubt: no target, a generic entry, a source inferred
from another clause or left without a country, a side clause, reported speech, a target inferred rather than
named. The steps are fixed numbers so that a change to one shows in the golden files as a known shift.
"""

from __future__ import annotations

from tidings.events.lexicon import Entry
from tidings.events.tree import is_passive
from tidings.models import Actor
from tidings.nlp.docview import DocView
from tidings.nlp.speech import speech_verbs

REPORTING = speech_verbs()  # the one list of speech verbs (data/speech.yaml)
BACKGROUND_MARKS = frozenset({"after", "when", "since", "before", "as", "while", "because", "if", "unless", "until",
                              "though", "although", "whereas", "once"})
BACKGROUND_PREPS = frozenset({"after", "following", "since", "before", "despite", "amid", "amidst"})


def score(entry: Entry, source: Actor, target: Actor | None, *, inferred: bool, weight: float, reported: bool,
          direct_target: bool) -> float:
    """The event's confidence, in [0.05, 0.99], to two decimals. ``weight`` is the clause's (``clause_weight``);
    ``direct_target`` whether the target is an argument of the trigger rather than inferred."""
    conf = 0.55 + (0.15 if target is not None else 0) + (0.1 if entry.specificity else 0)
    conf -= 0.1 if inferred else 0
    conf -= 0.2 if source.country is None else 0
    conf += weight
    conf -= 0.05 if reported else 0
    conf -= 0.1 if target is not None and not direct_target else 0
    return round(max(0.05, min(0.99, conf)), 2)


def clause_weight(p: DocView, i: int) -> float:
    """Events of the main clause are what a sentence reports; those in side clauses are background."""
    head, dep = p.head, p.dep
    cur = i
    for _ in range(6):
        if dep[cur] == "ROOT":
            return 0.1
        if dep[cur] in ("advcl", "relcl", "acl", "pcomp") or (dep[cur] == "pobj" and dep[head[cur]] == "prep"):
            return -0.1
        if dep[cur] == "ccomp" and p.lemma[head[cur]] in REPORTING:
            return 0.1
        cur = head[cur]
    return 0.0


def background(p: DocView, i: int) -> bool:
    """Whether a trigger sits in a side clause that gives background to the sentence's news."""
    head, dep, kids, lower = p.head, p.dep, p.kids, p.lower
    cur = i
    for _ in range(8):
        if dep[cur] == "ROOT" or head[cur] == cur:
            return False
        if dep[cur] == "relcl":
            # "North Korea, which has dismissed his outreach" tells what the named actor did: news; "the
            # helicopter that was captured", "whom they had taken hostage" recount the past of a thing or victim
            own = cur == i and not is_passive(p, cur) and any(
                dep[c] == "nsubj" and p.tag[c] in ("WDT", "WP") for c in kids[cur]) and not any(
                dep[c] == "aux" and lower[c] == "had" for c in kids[cur])
            if not own:
                return True
        if dep[cur] in ("amod", "acl") and p.tag[cur] in ("VBN", "VBG"):
            return True  # "the besieged town", "refugees ordered out of Nigeria"
        if dep[cur] == "advcl" and any(dep[c] == "mark" and lower[c] in BACKGROUND_MARKS for c in kids[cur]):
            return True
        if dep[cur] in ("pobj", "pcomp") and dep[head[cur]] == "prep" and lower[head[cur]] in BACKGROUND_PREPS:
            return True
        cur = head[cur]
    return False
