"""Gates on the events the learned model adds where the rules are silent (``events.learned``, ``ADD_EVENTS``).

The model reads a sentence and gives a class (verbal or material cooperation or conflict); it does not say which
verb carries the act, who does it to whom, or whether the sentence is politics at all: it was trained on sentences
that all hold a political event, so it is as sure of a match preview ("Chile take on Peru in the semifinal"), a
company's sale or a state of affairs ("Norway has the biggest fleet after Spain") as of a border clash. So before
an added event is kept, the rules' own judgements are asked, as they are of every rule event:

* **the verb** (``act_verb``, ``verb_says_no``): the act is the main verb's, or, under a verb of aim ("plans to
  build", "tried to reach"), its complement's. A verb that names no act on its own is no event (``no_act_verbs`` of
  ``data/register.yaml``: being, having, becoming, seeming, including, living, coming and going, light verbs whose
  act is their object, verbs of saying whose addressee is no target). A verb the lexicon knows in its everyday
  sense here (``register.thing_object``, ``by_mishap``, ``belief_clause``, ``state_passive``: "attacked the
  proposal", "killed in a crash") is none either: the rules stayed silent on purpose.
* **the lexicon** (``lexicon_code``): when the act verb or its object has lexicon entries and none is of the
  model's class, the words say another kind of act than the model does, and the model is not followed ("shelved
  the talks" is no verbal conflict). When one is of its class, the event takes that entry's CAMEO root ("arranged
  talks": 040, not the class's generic 050).
* **the sides** (``sides_say_no``): a company's commerce is no event (``register.is_politics``, as for rule
  events), and the model adds nothing to a sport or entertainment article (there a country names a team and the
  rules keep only acts of political actors, by sector; a knowledge base that takes a coach for an official is
  enough to let a match preview through). A company acting on a country, not on its organs, is trade ("Volkswagen
  shipped cars to Mexico"). One side must be a political actor (a government, army, party, rebel group, IGO ...
  by sector) or a state named as such ("Mali", not "the Malian team"); no side may be a demonym ("the Austrian"),
  a country that only modifies another noun ("Russia's gas giant", "Japan's chip unit") or a date or number the
  resolver took for a name ("on May 15").

Every gate reads the words of one verb, its object and the two actors' mentions: no per-token work on the hot path.
"""

from __future__ import annotations

from tidings.actors.resolve import DocResolver
from tidings.events.conventions import conflibert_class
from tidings.events.lexicon import Entry, Lexicon
from tidings.events.register import (
    NON_STATES,
    belief_clause,
    by_mishap,
    is_politics,
    political,
    registers,
    state_passive,
    thing_object,
)
from tidings.models import Actor, Event
from tidings.nlp.docview import DocView

MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})  # a noun's modifier, not a noun phrase
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def act_verb(p: DocView, verb: int) -> int:
    """The verb whose act the sentence reports: ``verb``, or under a verb of aim or attempt (``aim_verbs``:
    "plans to build a dam", "tried to reach the border") the verb of its complement, followed down a chain."""
    aims = registers().aim_verbs
    for _ in range(3):
        if p.lemma[verb] not in aims:
            break
        nxt = next((c for c in p.kids[verb] if p.dep[c] == "xcomp" and p.pos[c] in ("VERB", "AUX")), None)
        if nxt is None:
            break
        verb = nxt
    return verb


def verb_says_no(p: DocView, verb: int, lex: Lexicon, resolver: DocResolver) -> bool:
    """Whether the act verb names no act (``no_act_verbs``), or one of its lexicon entries is judged to have its
    everyday sense here by the register stage (the object is a thing, the harm a mishap's, the clause a belief,
    the passive a state)."""
    if p.lemma[verb] in registers().no_act_verbs:
        return True
    return any(thing_object(p, verb, e.id, resolver) or by_mishap(p, verb, e.id) or belief_clause(p, verb, e.id)
               or state_passive(p, verb, e.id) for e in lex.verbs.get(p.lemma[verb], ()))


def word_entries(p: DocView, verb: int, lex: Lexicon) -> list[Entry]:
    """The lexicon entries of the act verb's lemma, then of its direct object's (as a noun)."""
    out = list(lex.verbs.get(p.lemma[verb], ()))
    for c in p.kids[verb]:
        if p.dep[c] == "dobj":
            out.extend(lex.nouns.get(p.lemma[c], ()))
    return out


def speaks_for_use(e: Entry) -> bool:
    """Whether an entry says what the word means as the sentence uses it: an object noun's own entry, or a verb
    entry that asks for no object, preposition, particle or complement. A verb entry that asks for one the rules
    did not find ("launch" + an attack) says nothing about this use ("launched a website")."""
    return e.kind == "noun" or not (e.object or e.prep or e.particle or e.complement)


def lexicon_code(entries: list[Entry], k: int, generic: str) -> str | None:
    """The code of a model event of class ``k``: None when the words' entries for this use (``speaks_for_use``)
    are all of other classes (the words say another kind of act than the model); the CAMEO root of the first of
    class ``k`` ("arranged talks": 040), which says more than the class's ``generic`` code, used otherwise."""
    entries = [e for e in entries if speaks_for_use(e)]
    if not entries:
        return generic
    for e in entries:
        if conflibert_class(e.cameo) == k:
            return e.cameo[:2] + "0"
    return None


def mention_root(p: DocView, a: Actor) -> int | None:
    """The token that heads an actor's mention in the doc, when the actor has one."""
    if a.span is None or not a.text:
        return None
    span = p.doc.char_span(a.span.start, a.span.end, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def improper(p: DocView, a: Actor, doer: bool = False) -> bool:
    """Whether an actor's mention is no party to an act: a date or number taken for a name ("on May 15"), a person
    known only by a demonym ("the Austrian dragged the Hungarian minister"), or, as the doer (``doer``), a bare
    country that only modifies the noun that acts ("Russia's gas giant cut supplies", "Argentina's wine makers
    flooded"). A country that modifies what is done to ("shelled Syria's border posts", "aid for the Kenyan relief
    effort") is the target as CAMEO coders take it."""
    i = mention_root(p, a)
    if i is None:
        return False
    ent = p.token(i).ent_type_
    if ent in NOT_NAMES:
        return True
    modifier = p.dep[i] in MODIFIER_DEPS
    if a.sector is None and ent == "NORP" and not modifier:
        return True
    return doer and a.sector is None and modifier


def state_named(p: DocView, a: Actor) -> bool:
    """A state named as such: a bare country by its name, as the noun phrase itself ("Mali extended a hand",
    "sanctions on Iran"), not as a demonym or a modifier."""
    if a.sector is not None or a.country is None or a.country in NON_STATES or a.kb_id != f"country:{a.country}":
        return False  # a company or a person the knowledge base places in a country is no state
    i = mention_root(p, a)
    return i is not None and p.token(i).ent_type_ != "NORP" and p.dep[i] not in MODIFIER_DEPS


def sides_say_no(p: DocView, ev: Event, register: str | None) -> bool:
    """Whether an added event's sides make it no political event (see the module docstring)."""
    if register is not None or not is_politics(ev, register):
        return True
    src, tgt = ev.source, ev.target
    if tgt is None or improper(p, src, doer=True) or improper(p, tgt):
        return True
    if src.sector in registers().commercial and not political(tgt):
        return True  # a company that ships to, invests in or sells to a country: trade, unless it acts on its organs
    return not (political(src) or political(tgt) or state_named(p, src) or state_named(p, tgt))
