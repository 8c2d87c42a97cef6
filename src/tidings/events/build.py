"""The events of one trigger: its sides paired up, each pair an ``Event`` with its code, evidence and confidence.

Several sources and targets ("Germany and France signed a treaty with Poland") give one event per pair. Parties of
a symmetric act (talks, meetings, agreements: ``SYMMETRIC_ROOTS``) with no other target are each other's targets,
and the place they met is then not a target ("Turkey and Greece held talks in Athens" is not Greece -> Greece).
"""

from __future__ import annotations

from collections.abc import Iterator

from tidings.events.arguments import same_actor
from tidings.events.cameo import CameoCode
from tidings.events.confidence import clause_weight, score
from tidings.events.context_source import NAMED
from tidings.events.frame import Frame
from tidings.events.modality import Reading
from tidings.events.sources import Sources
from tidings.events.targets import TargetStrategy
from tidings.events.tree import reciprocal
from tidings.models import Actor, Event, Span

SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06", "19"})
# consultations that both parties take part in, whoever the sentence makes its subject: "X met Y", "X held talks
# with Y", "X negotiated with Y" are also Y meeting X (CAMEO 040 consult, 041 telephone, 044 meet at a third place,
# 046 negotiate) said with a word for talking together; a visit, hosting or mediation (042, 043, 045) has one side
# that acts, and so has attending a summit, holding a conference or sending a letter (coded 040 too)
MUTUAL_CODES = frozenset({"040", "041", "044", "046"})
MUTUAL_WORDS = frozenset({"meet", "talk", "negotiate", "negotiation", "discuss", "discussion", "telephone",
                          "phone", "consult", "consultation", "confer"})
# ``target_from`` of the parties of a symmetric act that are each other's targets
OTHER_PARTY = "other-party"


def pairs(sources: list[Actor], targets: list[Actor], strategy: TargetStrategy | None,
          facts: CameoCode, mutual: bool = False) -> tuple[list[tuple[Actor, Actor | None]], TargetStrategy | None]:
    """(source, target) pairs, and the strategy that gave the targets (None when the parties of a symmetric act
    target each other, ``OTHER_PARTY``, or nobody is targeted). ``mutual``: the sentence says the act goes both
    ways ("accused each other"), whatever its root."""
    symmetric = len(sources) > 1 and (facts.root in SYMMETRIC_ROOTS or mutual)
    if symmetric and strategy is not None and (strategy.place or (mutual and not strategy.direct)):
        targets, strategy = [], None
    if targets:
        return [(s, t) for s in sources for t in targets if not same_actor(s, t)], strategy
    if symmetric:
        return [(s, t) for s in sources for t in sources if s is not t and not same_actor(s, t)], None
    return [(s, None) for s in sources], None


def mutual_talk(f: Frame, facts: CameoCode) -> bool:
    """Whether the trigger is a consultation both parties take part in ("met", "held talks", "telephoned"): a
    ``MUTUAL_CODES`` code said by a ``MUTUAL_WORDS`` verb, noun or object."""
    if facts.code not in MUTUAL_CODES:
        return False
    lemma = f.p.lemma
    return lemma[f.i] in MUTUAL_WORDS or (f.obj is not None and lemma[f.obj] in MUTUAL_WORDS)


def events_of(f: Frame, sources: Sources, targets: list[Actor], strategy: TargetStrategy | None, clause: int,
              reading: Reading, facts: CameoCode) -> Iterator[Event]:
    """One event per (source, target) pair of the trigger; ``clause`` is the token whose clause it is read in."""
    mutual = f.is_verb and len(sources.actors) > 1 and reciprocal(f.p, f.i)
    paired, strategy = pairs(sources.actors, targets, strategy, facts, mutual)
    if not paired:
        return
    p, entry = f.p, f.entry
    weight = clause_weight(p, clause)
    evidence = p.evidence(f.sent)
    tok = p.token(f.i)
    trigger = tok.text if f.obj is None else f"{tok.text} {p.token(f.obj).text}"
    direct = strategy is None or strategy.direct
    target_from = OTHER_PARTY if strategy is None else strategy.name
    sides = [(source, target, sources.strategy, target_from) for source, target in paired]
    if mutual_talk(f, facts) and sources.strategy == NAMED and strategy is not None and strategy.direct \
            and not strategy.place:
        # the named party meets the subject too: one event each way, as for "X and Y held talks" (only when the
        # text names both: a doer found some other way is not made a target as well)
        sides += [(target, source, strategy.name, OTHER_PARTY) for source, target in paired
                  if target is not None and source.country is not None
                  and (target.country, target.sector) != (source.country, source.sector)]
    for source, target, source_from, side_from in sides:
        yield Event(
            source=source,
            target=target,
            cameo=facts.code,
            cameo_root=facts.root,
            cameo_name=facts.name,
            plover=facts.plover,
            plover_mode=facts.plover_mode,
            goldstein=facts.goldstein,
            quad_class=facts.quad_class,
            modality=reading.modality,
            reported=reading.reported,
            sentence=f.s_idx,
            evidence=evidence,
            trigger=trigger,
            trigger_span=Span(tok.idx, tok.idx + len(tok.text)),
            rule=entry.id,
            confidence=score(entry, source, target, inferred=sources.inferred, weight=weight,
                             reported=reading.reported, direct_target=direct),
            source_from=source_from,
            target_from=side_from if target is not None else None,
            extra={"act_cameo": entry.cameo} if facts.code != entry.cameo else {},
        )
