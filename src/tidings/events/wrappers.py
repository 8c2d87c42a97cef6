"""Wrapper verbs and the acts they wrap: "agreed to lift the sanctions", "ordered the army to suspend operations",
"claimed that rebels attacked the convoy", "wants the UN to send troops".

Three things follow from the wrapper, all read from ``data/wrappers.yaml`` so that a user can add a verb:

- **who does the wrapped act** (``control``): the wrapper's subject ("agreed to lift": the tree already climbs to
  it), its object ("ordered the army to": see ``object_controllers``, which ``arguments`` reads) or the clause's own
  subject ("claimed that rebels attacked");
- **how firmly the wrapped act is asserted** (``embedded``): an ordered or wished act has not happened
  (hypothetical), an alleged one is reported speech (``reread``);
- **what the wrapper itself is**: a wrapper verb the lexicon does not know becomes a trigger of its own when its
  complement holds a coded act (``candidates``: "claimed that X attacked" is an accusation of X, "wants the UN to
  send" an appeal to the UN), and every absorbing wrapper takes the code its CAMEO family has for the wrapped act
  (``specialise``: "agreed to lift sanctions" 0354, "urged X to withdraw" 0256, "threatened to expel" 1313).

With ``code_embedded`` the wrapped act is coded beside the wrapper (``embedded``), with the actors and modality
above; otherwise it only narrows the wrapper's code, as CAMEO coders do for promises and appeals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from tidings.datafiles.check import read_packaged
from tidings.datafiles.schema import WRAPPERS
from tidings.errors import DataFileError
from tidings.events import cameo
from tidings.events.lexicon import Entry
from tidings.events.modality import Reading, statement_code
from tidings.events.tree import infinitival
from tidings.models import Modality
from tidings.nlp.docview import DocView

CONTROLS = ("subject", "object", "clause")
MOODS = ("future", "hypothetical", "reported")
COMPLEMENTS = ("xcomp", "ccomp")
SELF_WORDS = frozenset({"it", "its", "they", "their", "we", "our", "i", "my", "he", "his", "she", "her"})

Candidate = tuple[int, Entry, "int | None"]  # a trigger before absorption: token, entry, the object it names


@dataclass(frozen=True)
class Wrapper:
    """One row of ``wrappers.yaml``: see the file's header."""

    verb: str
    control: str
    embedded: str
    code_embedded: bool
    event: str | None
    note: str | None

    @property
    def entry(self) -> Entry | None:
        """The lexicon entry of a wrapper that is an event of its own and no lexicon trigger."""
        if self.event is None:
            return None
        return Entry(id=f"wrapper.{self.verb}", kind="verb", lemma=self.verb, cameo=self.event, absorbs=True,
                     note=self.note, file=WRAPPERS.glob)


@dataclass(frozen=True)
class WrapperTable:
    by_verb: dict[str, Wrapper]
    intent_extra: dict[str, str]
    intent_families: frozenset[str]
    threat_families: frozenset[str]
    accuse: dict[str, str]
    nouns: frozenset[str]


@lru_cache(maxsize=1)
def table() -> WrapperTable:
    """The packaged table, held to its schema; a control, modality or code the mechanism cannot use is an error."""
    file = read_packaged(WRAPPERS)
    raw = file.data
    rows: dict[str, Wrapper] = {}
    codes = cameo.table()
    for n, r in enumerate(raw["wrappers"]):
        row = Wrapper(r["verb"].strip().lower(), r["control"], r["embedded"], r["code_embedded"], r.get("event"),
                      r.get("note"))
        if row.control not in CONTROLS or row.embedded not in MOODS or (row.event and row.event not in codes):
            raise DataFileError(f"{file.where(('wrappers', n))}: control must be one of {CONTROLS}, embedded one "
                                f"of {MOODS}, event a CAMEO code")
        rows[row.verb] = row
    spec = raw["specialise"]
    return WrapperTable(rows, {str(k): str(v) for k, v in spec["intent_extra"].items()},
                        frozenset(spec["intent_families"]), frozenset(spec["threat_families"]),
                        {str(k): str(v) for k, v in spec["accuse"].items()},
                        frozenset(str(n).lower() for n in raw["nouns"]))


@lru_cache(maxsize=1)
def noun_wrappers() -> frozenset[str]:
    """Nouns whose possessor does the act of their to-infinitive ("Pakistan's decision to expel")."""
    return table().nouns


@lru_cache(maxsize=1)
def object_controllers() -> frozenset[str]:
    """Wrapper verbs whose object does the wrapped act ("instructed the navy to escort")."""
    return frozenset(v for v, row in table().by_verb.items() if row.control == "object")


def governing(p: DocView, i: int) -> Wrapper | None:
    """The wrapper whose complement token ``i`` heads, when the tree has the shape its control needs: an object or
    a subject of the complement's own for object control ("ordered the army to", "wants the UN to"), a finite
    clause with its own subject for clause control ("claimed that rebels attacked")."""
    dep = p.dep
    if dep[i] not in COMPLEMENTS and not infinitival(p, i):
        return None
    head = p.head[i]
    row = table().by_verb.get(p.lemma[head])
    if row is None or head == i:
        return None
    kids = p.kids
    own_subject = [c for c in kids[i] if dep[c] in ("nsubj", "nsubjpass")]
    if row.control == "object":
        # an infinitive ("ordered the army to suspend", "wants the UN to send"), with an object or its own subject
        if dep[i] != "xcomp" and not any(dep[c] == "aux" and p.lower[c] == "to" for c in kids[i]):
            return None
        if not own_subject and not any(dep[c] in ("dobj", "dative") for c in kids[head]):
            return None
    elif row.control == "clause":
        if dep[i] != "ccomp" or not own_subject:
            return None
    return row


def candidates(p: DocView, cands: list[Candidate]) -> list[Candidate]:
    """Wrappers the lexicon does not know whose complement is one of the sentence's triggers: each a trigger of its
    own ("claimed that X attacked": an accusation), which then absorbs the act it wraps. A claim is an accusation
    only of a hostile act (``specialise.accuse``: "claimed markets were failing" accuses nobody), and not when it
    is about one's own side ("claimed that its fighters attacked" claims responsibility)."""
    if not cands:
        return []
    taken = {i for i, _, _ in cands}
    out: list[Candidate] = []
    for i, e, _ in cands:
        if e.kind != "verb":
            continue
        row = governing(p, i)
        head = p.head[i]
        if row is None or row.event is None or head in taken:
            continue
        if row.event[:2] == "11" and (e.cameo[:2] not in table().accuse or _about_own_side(p, i)):
            continue  # a claim accuses only of a hostile act, and not when it is about one's own side
        entry = row.entry
        assert entry is not None
        out.append((head, entry, None))
        taken.add(head)
    return out


def _about_own_side(p: DocView, verb: int) -> bool:
    """Whether the clause's subject is a pronoun or has a possessive one ("it", "its fighters", "our forces")."""
    for s in (c for c in p.kids[verb] if p.dep[c] in ("nsubj", "nsubjpass")):
        if p.lower[s] in SELF_WORDS or any(p.dep[g] == "poss" and p.lower[g] in SELF_WORDS for g in p.kids[s]):
            return True
    return False


def embedded(p: DocView, owner: int, inner: tuple[Candidate, ...]) -> list[Candidate]:
    """The wrapped acts of the trigger at ``owner`` that are coded as events of their own (``code_embedded``)."""
    row = table().by_verb.get(p.lemma[owner])
    if row is None or not row.code_embedded:
        return []
    return [c for c in inner if governing(p, c[0]) is row]


def reread(reading: Reading, row: Wrapper) -> Reading:
    """The wrapped act's reading under its wrapper: what an order or a wish asks for has not happened
    (hypothetical), what a claim alleges is reported speech; a negated act stays negated."""
    if reading.modality is Modality.NEGATED:
        return reading
    if row.embedded == "reported":
        return replace(reading, reported=True)
    if row.embedded == "hypothetical":
        return Reading(Modality.HYPOTHETICAL, reading.reported, False)
    return Reading(Modality.FUTURE, reading.reported, True)


def intent_code(code: str, extra: bool = True) -> str:
    """The code of a promise of the act: 0354 for easing economic sanctions, 036 for meeting (``extra``), 1313
    for expelling an envoy; the act's own code when CAMEO has no promise of it."""
    if extra:
        t = table()
        for n in range(len(code), 1, -1):
            if code[:n] in t.intent_extra:
                return t.intent_extra[code[:n]]
    return statement_code(code, Modality.FUTURE)


def _in_family(root: str, intent: str) -> str | None:
    """The intent code read in another family of CAMEO's parallel numbering (0354 -> 0254, 1054)."""
    code = root + intent[2:]
    codes = cameo.table()
    while len(code) > 3 and code not in codes:
        code = code[:-1]
    return code if code in codes and code != root + "0" else None


def specialise(p: DocView, entry: Entry, inner: tuple[Candidate, ...]) -> Entry:
    """The wrapper's entry with the code its family has for the act it wraps, when its own code is the family's
    general one: "vowed to retaliate" 138, "agreed to lift sanctions" 0354, "demanded that X free the hostages"
    1053, "claimed that X shelled Y" 1123. A negated act ("urged X not to attack") says the opposite: it leaves
    the code as it is."""
    if not inner or not (entry.cameo.endswith("0") or entry.cameo == "112"):
        return entry
    t = table()
    root = entry.cameo[:2]
    for i, act, _ in inner:
        if any(p.dep[c] == "neg" for c in p.kids[i]):
            continue
        code: str | None = None
        if root == "11":
            code = t.accuse.get(act.cameo[:2])
        else:
            # a meeting narrows a promise only ("agreed to meet" 036): asking or telling others to "meet" or
            # "discuss" something is seldom a call for talks between them (026/106)
            intent = intent_code(act.cameo, extra=root == "03")
            if root in t.threat_families and intent.startswith("13"):
                code = intent
            elif root in t.intent_families and intent.startswith("03"):
                code = intent if root == "03" else _in_family(root, intent)
        if code is not None and code != entry.cameo:
            return replace(entry, cameo=code, id=f"{entry.id}+{act.id}")
    return entry
