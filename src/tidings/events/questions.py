"""Questions: a clause that asks asserts nothing, and asking a question is not an appeal.

Quotations and interviews are full of questions. "'Will the army attack the town?' a reporter asked" does not say
the army attacked: an act in a clause that ends with a question mark is hypothetical (``in_question``, read by the
modality stage). And "the minister was asked whether Russia would expel the diplomats", "when asked about the
sanctions, she said ..." are a reporter's questions, not the asker's appeal to the one asked (CAMEO 02): a verb
of asking is an appeal only in the form of a request ("asked Turkey to close the strait", "asked for aid", "asked
that Kenya postpone the vote"), which is what the lexicon's appeal entries describe (``asks_question``).

Both read only the trigger's own tokens and its children: no per-token work on sentences without a trigger.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tidings.datafiles.check import read_packaged
from tidings.datafiles.schema import MODALITY
from tidings.events.tree import agent, infinitival, is_passive
from tidings.nlp.docview import DocView
from tidings.nlp.speech import speech_verbs

QUOTE_TOKENS = frozenset({'"', "“", "”", "«", "»", "''", "``"})
FINAL_PUNCT = frozenset({".", "!", "?"})
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
QUESTION_MARKS = frozenset({"whether", "if"})  # "asked whether / if ...": an indirect question
SIDE_CLAUSES = frozenset({"advcl", "relcl", "acl"})  # what a question takes for granted, not what it asks
QUESTION_OBJECTS = frozenset({"question"})  # "asked a question", "asked questions about"


@dataclass(frozen=True)
class QuestionWords:
    verbs: frozenset[str]  # verbs of asking (``question.verbs`` of modality.yaml)
    prompts: frozenset[str]  # what an agentless "was asked to ..." asks for when it is an interview prompt


@lru_cache(maxsize=1)
def words() -> QuestionWords:
    raw = read_packaged(MODALITY).data["question"]  # held to its schema: both lists are there
    prompts = frozenset(str(x).lower() for x in raw["prompts"]) | speech_verbs()
    return QuestionWords(frozenset(str(x).lower() for x in raw["verbs"]), prompts)


def in_question(p: DocView, i: int, sent_end: int) -> bool:
    """Whether token ``i`` sits in a clause that ends with a question mark: the first sentence-final mark after it
    is "?", with no quotation mark between ("'Will they attack?' he asked" is a question; in 'He said they
    attacked and asked: "why?"' the question is another clause's)."""
    low = p.lower
    for t in range(i + 1, sent_end):
        w = low[t]
        if w in QUOTE_TOKENS:
            return False
        if w in FINAL_PUNCT:
            return w == "?"
    return False


def crosses_quote(p: DocView, a: int, b: int) -> bool:
    """Whether tokens ``a`` and ``b`` lie on two sides of a quotation mark: one inside a quotation, one outside
    (an odd number of marks between them). The parser may hang the verb that introduces a quotation under the
    quotation's own verb ("X criticised Y: 'it has been a disgrace, he should resign'"): the "should" is the
    quotation's, not the criticism's."""
    lo, hi = (a, b) if a < b else (b, a)
    return sum(w in QUOTE_TOKENS for w in p.lower[lo + 1:hi]) % 2 == 1


def asked_about(p: DocView, i: int, sent_end: int) -> bool:
    """Whether the act at token ``i`` is what a question asks about (``in_question``), rather than what it takes
    for granted: "why has the company raised prices?", "how did the army take the town?" (a wh-adverb of the
    act), or an act in a side clause ("... than when our fathers fought two wars?") presuppose the act."""
    if not in_question(p, i, sent_end):
        return False
    if any(p.tag[c] == "WRB" for c in p.kids[i]):
        return False
    dep, head = p.dep, p.head
    cur = i
    for _ in range(8):
        if dep[cur] in SIDE_CLAUSES:
            return False
        if dep[cur] in ("ccomp", "parataxis", "ROOT") or head[cur] == cur:
            return True
        cur = head[cur]
    return True


def asks_question(p: DocView, i: int, sent_end: int) -> bool:
    """Whether a verb of asking at token ``i`` asks a question rather than makes a request. A request has an
    infinitive ("asked X to withdraw"), a "for" phrase ("asked for aid"), a clause that is no question ("asked
    that X withdraw") or an object that is no question ("asked permission"); a question has a "whether"/"if"/wh
    clause, a quoted question, an "about" phrase, an agentless "was asked to comment", or no complement at all
    ("when asked, he said ...")."""
    w = words()
    if p.lemma[i] not in w.verbs:
        return False
    dep, kids, low = p.dep, p.kids, p.lower
    request = False
    for c in kids[i]:
        d = dep[c]
        if d in ("ccomp", "xcomp", "parataxis", "dep") or (d == "advcl" and c > i):
            # (an "if" clause before the verb is a condition: "even if we disagree, I ask you to ...")
            if indirect_question(p, c, sent_end):
                return True
        if d == "xcomp" or infinitival(p, c) or (d == "advcl" and _infinitive_or_that(p, c)):
            if p.lemma[c] in w.prompts and is_passive(p, i) and not agent(p, i):
                return True  # "was asked to comment on the report": an interviewer's prompt
            request = True
        elif d == "prep" and low[c] == "for":
            request = True
        elif d == "ccomp":
            request = True  # "asked that the vote be postponed"
        elif d == "dobj" and p.lemma[c] not in QUESTION_OBJECTS:
            request = True  # "asked permission", "asked the Queen" (to dissolve Parliament, in context)
        elif d == "prep" and low[c] == "about":
            return True
    return not request


def indirect_question(p: DocView, clause: int, sent_end: int) -> bool:
    """Whether the clause at token ``clause`` is a question: introduced by "whether"/"if" or a wh-word ("asked
    why Moscow expelled ..."), or ending with a question mark (a quoted question)."""
    dep, low, tag = p.dep, p.lower, p.tag
    for c in p.kids[clause]:
        if dep[c] == "mark" and low[c] in QUESTION_MARKS:
            return True
        # "why Moscow expelled ...", "which country would ...": a wh-word before the verb, or in its subject
        if c < clause and (tag[c] in WH_TAGS or any(tag[g] in WH_TAGS for g in p.kids[c] if g < c)):
            return True
    return in_question(p, clause, sent_end)


def _infinitive_or_that(p: DocView, clause: int) -> bool:
    """A clause with "to" or introduced by "for"/"that": what a request asks for ("ask for more to be done")."""
    return any((p.dep[c] == "aux" and p.lower[c] == "to") or (p.dep[c] == "mark" and p.lower[c] in ("for", "that"))
               for c in p.kids[clause])
