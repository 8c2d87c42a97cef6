"""The CAMEO code an event ends with, when it is not the matched entry's own.

Two re-codings, each for a reason a coder would give (a promise of force is a threat, "vowed to retaliate":
see ``wrappers.specialise``): who acts changes what the act is (civilians blocking a road protest,
14; soldiers "demonstrating" use force, 19/17/18); and how the sentence asserts the act (a future or conditional
act of force is a threat, see ``modality.Reading.code``).
"""

from __future__ import annotations

from tidings.events import cameo
from tidings.events.frame import Frame
from tidings.events.modality import Reading, modality_of, noun_reading
from tidings.events.tree import governing_verb
from tidings.events.triggers import TriggerFinder
from tidings.models import Actor

ARMED = frozenset({"MIL", "COP", "REB", "UAF", "SPY"})
CIVILIAN = frozenset({"CVL", "OPP", "LAB", "EDU", "REL", "AGR", "ENV", "REF", "HLH", "MED", "NGO"})
FORCE_ROOTS = ("17", "18", "19", "20")
ARMED_PROTEST_ROOTS = ("19", "17", "18")  # what a protest by armed forces is, most likely first


def by_source(finder: TriggerFinder, f: Frame, source: Actor) -> Frame:
    """The frame with the verb entry of the root that fits who acts, when the source's sector says the matched
    root is not what happened; else the frame as it is."""
    if not f.is_verb:
        return f
    if f.root in FORCE_ROOTS and source.sector in CIVILIAN:
        # civilians blocking a road or occupying a building are protesting, not using force
        roots: tuple[str, ...] = ("14",)
    elif f.root == "14" and source.sector in ARMED:
        roots = ARMED_PROTEST_ROOTS
    else:
        return f
    for root in roots:
        alt = finder.match_verb(f.p, f.i, root=root)
        if alt is not None:
            return f._replace(entry=alt[0], obj=alt[1])
    return f


def clause_of(f: Frame) -> int:
    """The token whose clause the event is read in: the trigger verb, or the verb that carries an event noun."""
    if f.is_verb:
        return f.i
    verb = governing_verb(f.p, f.i)
    return f.i if verb is None else verb


def as_asserted(f: Frame, clause: int) -> tuple[Reading, cameo.CameoCode]:
    """How the sentence asserts the event, and the facts of the code it reports (see ``Reading.code``)."""
    reading = modality_of(f.p, clause, f.sent.start, f.sent.end, own=clause == f.i)
    if not f.is_verb:
        reading = noun_reading(f.p, f.i, clause, reading)
    return reading, cameo.lookup(reading.code(f.entry.cameo))
