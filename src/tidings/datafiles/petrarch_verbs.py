"""Reads the PETRARCH2 CAMEO verb dictionary (``CAMEO.2.0.txt``) and turns each pattern into lexicon-entry keys.

The dictionary (MIT, Open Event Data Alliance; a copy sits in ``../shared/reference/petrarch2``) is decades of
hand-curated verb patterns: what tidings lacks most is its verb + object collocations and particles ("lift the
curfew", "stage a raid", "lay down arms"). It is *data to import*, not code to copy: ``petrarch_import`` converts it,
once, into tidings' own lexicon files under ``data/lexicon/petrarch2/``, each entry naming the line it came from.
This module is the pure half: text in, parsed blocks and patterns out, and the translation of one pattern into the
keys of a lexicon entry or the reason it cannot be translated faithfully. It reads no tidings data, so the tests can
round-trip a dictionary snippet of their own.

The format, as PETRARCH's reader (``PETRreader.read_verb_dictionary``) takes it:
- ``&NAME`` starts a synonym set, ``+MEMBER`` lines fill it (``_`` joins words; a trailing ``_`` ends a phrase);
- ``--- VERB [code] ---`` starts a verb block, whose default code is ``[code]`` (``[---]``: no event);
- a verb line ``WORD {IRREGULAR FORMS} [code] # comment`` (``+WORD_PARTICLE`` for a phrasal verb) adds a verb;
- a pattern line ``- words * words [code] # comment``: ``*`` is the verb, ``$`` the source, ``+`` the target,
  ``%`` a compound actor, ``^`` skips a word, ``{A B}`` is a phrase, ``(PREP ...)`` a prepositional phrase,
  ``&NAME`` any member of a synonym set; ``[aaa:bbb]`` codes aaa for source-to-target and bbb the other way; the
  comment names the verb of the block the pattern was curated for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

# bare words right after the verb that PETRARCH patterns use as particles ("SET OFF", "LAY DOWN")
PARTICLES = frozenset({"up", "down", "out", "off", "back", "away", "aside", "forward", "apart", "together", "over",
                       "on", "in", "through", "along", "around"})
# words that open a prepositional phrase when they are written without brackets ("JUMP TO &DEFENSE")
PREPOSITIONS = frozenset({"to", "with", "against", "at", "into", "for", "from", "of", "toward", "towards", "upon",
                          "between", "among", "behind", "before", "under", "as", "about", "after", "by", "near",
                          "across", "onto", "within", "without", "outside", "inside", "beyond", "amid", "over",
                          "on", "in", "through"})
MAX_EXPANSION = 40  # object words a phrase of synonym sets may expand to; more is a pattern too loose to import
TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
CODE = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True)
class Verb:
    """One verb of a block: its lemma, the particle of a phrasal verb, the forms it is written in, its code."""

    lemma: str
    particle: str | None
    forms: frozenset[str]
    code: str | None  # its own code; None: the block's


@dataclass(frozen=True)
class Pattern:
    """One pattern line: the words before and after the verb, the code, the verbs the comment names, the line."""

    line: int
    text: str  # the pattern as written, without its comment
    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str  # "---", "190", "042:043", ":173"
    comment: str


@dataclass
class Block:
    head: str
    code: str
    line: int
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)

    def default(self, verb: Verb) -> str:
        return verb.code or self.code

    def named_verbs(self, pattern: Pattern) -> list[Verb]:
        """The block's verbs the pattern's comment names ("# THREW" names THROW), else the block's only verb, else
        its head verb. PETRARCH applies a pattern to every verb of the block ("SHOOT DOWN" gets the patterns of
        "WIPE OUT"); the comment names the verb a coder wrote it for, the one a reader can vouch for."""
        words = set(re.split(r"[\s,;]+", pattern.comment.upper()))
        named = [v for v in self.verbs if words & v.forms]
        if named or len(self.verbs) == 1:
            return named or list(self.verbs)
        head = phrase(self.head).split()
        return [v for v in self.verbs if [v.lemma, *([v.particle] if v.particle else [])] == head]


@dataclass
class Dictionary:
    synsets: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def patterns(self) -> list[tuple[Block, Pattern]]:
        return [(b, p) for b in self.blocks for p in b.patterns]


def phrase(word: str) -> str:
    """A dictionary word as text: ``_`` joins words, a trailing ``_`` (phrase ends here) is dropped."""
    return word.strip("_").replace("_", " ").lower()


def _forms(word: str, irregular: list[str]) -> frozenset[str]:
    """The forms a comment may name a verb by: the base, its written irregular forms and the regular ones."""
    base = word.lstrip("+")
    forms = {base, *(f.lstrip("+") for f in irregular)}
    stem = base[:-1] if base.endswith("E") else base
    forms |= {base + "S", base + "ES", stem + "ED", stem + "ING", base + "D"}
    return frozenset(forms)


def parse(text: str) -> Dictionary:
    """The synonym sets, verb blocks and patterns of a verb dictionary's text."""
    d = Dictionary()
    synset: list[str] | None = None
    block: Block | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        body, _, comment = raw.partition("#")
        line = body.strip()
        if not line:
            continue
        if line.startswith("---") and line.endswith("---") and len(line) > 6:
            inner = line.strip("-").strip()
            m = CODE.search(inner)
            head = inner[:m.start()].strip() if m else inner
            block, synset = Block(head=head, code=m.group(1).strip() if m else "---", line=n), None
            d.blocks.append(block)
        elif line.startswith("&"):
            synset = d.synsets.setdefault(line.split()[0], [])
        elif line.startswith("+") and block is None and synset is not None:
            synset.append(line[1:].split()[0])
        elif line.startswith("-") and block is not None:
            m = CODE.search(line)
            if m is None:
                continue
            words = TOKEN.findall(line[1:m.start()].strip())
            star = words.index("*") if "*" in words else None
            if star is None:
                continue
            block.patterns.append(Pattern(line=n, text=" ".join(line[:m.end()].split()), before=tuple(words[:star]),
                                          after=tuple(words[star + 1:]), code=m.group(1).strip(),
                                          comment=comment.strip()))
        elif block is not None:
            m = CODE.search(line)
            head_part = line[:m.start()] if m else line
            word = head_part.split()[0]
            irregular = re.findall(r"\{([^}]*)\}", head_part)
            words = phrase(word.lstrip("+")).split()
            if not words:
                continue
            particle = words[1] if len(words) == 2 else None
            if len(words) > 2 or (particle and particle not in PARTICLES | PREPOSITIONS):
                continue  # "+WIRE_TAP": not a verb and a particle; tidings matches one verb lemma
            code = m.group(1).strip() if m else None
            block.verbs.append(Verb(lemma=words[0], particle=particle,
                                    forms=_forms(word.upper(), (irregular[0].split() if irregular else [])),
                                    code=code))
    return d


@dataclass(frozen=True)
class Keys:
    """What one pattern says, in the lexicon's terms: the entry keys besides the verb and the code."""

    object: tuple[str, ...] = ()
    particle: str | None = None
    prep: str | None = None
    target: tuple[str, ...] = ()
    approximate: str | None = None  # a constraint of the pattern the entry leaves out, if any

    shape: str = ""  # how the pattern was written: "object", "particle", "prep", "prep object", "object prep"


class Untranslatable(ValueError):
    """A pattern the lexicon cannot express faithfully; the message is the reason, as the report counts it."""


def _nouns(item: str, synsets: dict[str, list[str]]) -> list[str]:
    """The object words of a noun item: a word, a ``{phrase}`` (its words may be synonym sets) or a ``&SET``."""
    words = item[1:-1].split() if item.startswith("{") else [item]
    choices = []
    for w in words:
        if w.startswith("&"):
            if w not in synsets:
                raise Untranslatable("synonym set unknown or left out")
            choices.append([phrase(m) for m in synsets[w]])
        elif re.fullmatch(r"[A-Z][A-Z'\-_]*", w):
            choices.append([phrase(w)])
        else:
            raise Untranslatable("actor marker or symbol in a phrase")
    if len(choices) > 1 and any(len(c) > 1 for c in choices[:-1]) and len(list(product(*choices))) > MAX_EXPANSION:
        raise Untranslatable("phrase of synonym sets too large")
    return sorted({" ".join(ws) for ws in product(*choices)})


def _pp(item: str) -> tuple[str, str | None]:
    """``(PREP REST)`` as (prep, rest or None)."""
    inner = item[1:-1].split(maxsplit=1)
    if not inner:
        raise Untranslatable("empty phrase")
    return inner[0].lower(), (inner[1] if len(inner) > 1 else None)


def translate(pattern: Pattern, synsets: dict[str, list[str]]) -> Keys:
    """The entry keys of a pattern whose verb, code and source the caller has settled; ``Untranslatable`` when the
    lexicon cannot say what the pattern says. Forms taken: ``* OBJ``, ``* PARTICLE [OBJ]``, ``* (PREP [OBJ])`` /
    ``* PREP OBJ``, ``* (PREP +)`` (the target is there), ``* OBJ (PREP ...)`` (object and preposition; an "of"
    phrase is part of the object and is left out: ``approximate``)."""
    if [w for w in pattern.before if w != "$"]:
        raise Untranslatable("words before the verb (a subject constraint)")
    rest = list(pattern.after)
    if any(w in ("$", "%", "^") or ("$" in w or "%" in w or "^" in w) for w in rest):
        raise Untranslatable("actor marker or skip after the verb")
    particle = None
    first = rest[0].lower() if rest and not rest[0].startswith(("(", "{", "&")) else ""
    if first in PARTICLES and (first not in PREPOSITIONS or len(rest) == 1):
        particle = rest.pop(0).lower()  # "SET OFF", "LAY DOWN &WEAPON"; "THREW OUT" but "(ON) FIRE" is a phrase
    if len(rest) >= 2 and rest[0].lower() in PREPOSITIONS and not rest[0].startswith(("(", "{", "&")):
        rest = [f"({rest[0]} {' '.join(rest[1:])})"]  # "TO &DEFENSE" is "(TO &DEFENSE)"
    if not rest:
        if particle is None:
            raise Untranslatable("verb alone (the verb's own code)")
        return Keys(particle=particle, shape="particle")
    if len(rest) == 1 and rest[0].startswith("("):
        prep, inner = _pp(rest[0])
        if inner is None:
            return Keys(particle=particle, prep=prep, shape="prep")
        if inner == "+":
            return Keys(particle=particle, prep=prep, target=(prep,), shape="prep")
        if "+" in inner:
            raise Untranslatable("actor marker or skip after the verb")
        return Keys(object=tuple(_nouns(_one_item(inner), synsets)), particle=particle, prep=prep,
                    shape="prep object")
    if "+" in rest:
        raise Untranslatable("actor marker or skip after the verb")
    obj = tuple(_nouns(rest[0], synsets))
    if len(rest) == 1:
        return Keys(object=obj, particle=particle, shape="object")
    if len(rest) == 2 and rest[1].startswith("("):
        prep, inner = _pp(rest[1])
        if prep == "of":
            return Keys(object=obj, particle=particle, approximate=f"of-phrase {rest[1]} left out",
                        shape="object prep")
        if inner is not None and "+" in inner:
            raise Untranslatable("actor marker or skip after the verb")
        return Keys(object=obj, particle=particle, prep=prep,
                    approximate=f"words of {rest[1]} left out" if inner else None, shape="object prep")
    raise Untranslatable("more words than an entry holds")


def _one_item(text: str) -> str:
    """The inside of a prepositional phrase as one noun item: a word, a ``{phrase}`` or a ``&SET``."""
    items = TOKEN.findall(text)
    if len(items) == 1:
        return items[0]
    if all(not i.startswith(("(", "{")) for i in items):
        return "{" + " ".join(items) + "}"
    raise Untranslatable("more words than an entry holds")
