"""A fast pass that decides which sentences are worth a full parse.

Parsing is most of tidings' cost. A sentence can only yield an event if it names an actor (a name the knowledge
base knows, or one of its sector words: "rebels", "riot police") and contains a trigger form from the lexicon;
only those sentences, plus sentences with quotations (whose speakers need the parse), go to the parser. The test
is a tokenizer, a sentencizer and set look-ups — well under 1% of a parse.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy
from spacy.attrs import IDX, IS_SPACE, LOWER, NORM, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import hash_string
from spacy.tokens import Doc

from tidings.datafiles.compiled import compiled

IRREGULAR = {
    "hold": ["held"], "meet": ["met"], "send": ["sent"], "fight": ["fought"], "strike": ["struck", "stricken"],
    "shoot": ["shot"], "take": ["took", "taken"], "give": ["gave", "given"], "seek": ["sought"],
    "throw": ["threw", "thrown"], "break": ["broke", "broken"], "withdraw": ["withdrew", "withdrawn"],
    "beat": ["beaten"], "steal": ["stole", "stolen"], "freeze": ["froze", "frozen"], "lead": ["led"],
    "buy": ["bought"], "sell": ["sold"], "tell": ["told"], "speak": ["spoke", "spoken"], "begin": ["began", "begun"],
    "run": ["ran"], "overrun": ["overran"], "win": ["won"], "lose": ["lost"], "keep": ["kept"], "leave": ["left"],
    "bring": ["brought"], "build": ["built"], "cut": ["cut"], "hit": ["hit"], "put": ["put"], "set": ["set"],
    "shut": ["shut"], "quit": ["quit"], "spread": ["spread"], "bid": ["bid"], "forbid": ["forbade", "forbidden"],
    "sweep": ["swept"], "flee": ["fled"], "overthrow": ["overthrew", "overthrown"], "undertake": ["undertook"],
    "make": ["made"], "say": ["said"], "pay": ["paid"], "lay": ["laid"], "seize": ["seized"], "drive": ["drove"],
    "ride": ["rode"], "write": ["wrote", "written"], "feel": ["felt"], "deal": ["dealt"], "mean": ["meant"],
    "blow": ["blew", "blown"], "go": ["went", "gone"], "come": ["came"], "become": ["became"], "do": ["did", "done"],
    "fly": ["flew", "flown"], "forgive": ["forgave", "forgiven"], "bear": ["bore", "borne"], "tear": ["tore", "torn"],
    "swear": ["swore", "sworn"], "stand": ["stood"], "understand": ["understood"], "withhold": ["withheld"],
    "uphold": ["upheld"], "shake": ["shook", "shaken"], "sink": ["sank", "sunk"], "slay": ["slew", "slain"],
    "lend": ["lent"], "spend": ["spent"], "bind": ["bound"], "find": ["found"], "grind": ["ground"],
    "hang": ["hung", "hanged"], "ring": ["rang", "rung"], "rise": ["rose", "risen"], "arise": ["arose", "arisen"],
    "see": ["saw", "seen"], "show": ["shown"], "sit": ["sat"], "get": ["got", "gotten"], "eat": ["ate", "eaten"],
    "choose": ["chose", "chosen"], "wake": ["woke"], "hide": ["hid", "hidden"], "bite": ["bit", "bitten"],
    "light": ["lit"], "shed": ["shed"], "split": ["split"], "thrust": ["thrust"], "cast": ["cast"],
    "forecast": ["forecast"], "broadcast": ["broadcast"], "upset": ["upset"], "offset": ["offset"],
    "mislead": ["misled"], "oversee": ["oversaw", "overseen"], "foresee": ["foresaw", "foreseen"],
    "rebuild": ["rebuilt"], "overtake": ["overtook", "overtaken"], "partake": ["partook"],
}
VOWELS = set("aeiou")
CASE_SENSITIVE = ("march",)
QUOTE_MARKS = re.compile(r"[“”\"«»]")
PERSON_PRONOUNS = frozenset(hash_string(w) for w in ("he", "she", "him", "his", "her"))  # need an antecedent
ANTECEDENT_REACH = 3  # sentences looked back for the one naming an actor
JOIN = "\n\n"  # between kept sentences in the text that is parsed: the parser starts a new sentence at it


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun lemma, plus the irregular forms listed above."""
    w = lemma.lower()
    forms = {w, *IRREGULAR.get(w, [])}
    if w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {w + "es", w + "ed", w + "ing"}
    else:
        forms |= {w + "s", w + "ed", w + "ing"}
        if len(w) >= 3 and w[-1] not in VOWELS | {"w", "x", "y"} and w[-2] in VOWELS and w[-3] not in VOWELS:
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # stop -> stopped, ban -> banned
        if w.endswith("l"):
            forms |= {w + "led", w + "ling"}  # British: cancelled, travelling
    if w.endswith("ce"):
        forms.add(w[:-2] + "ces")
    return forms


def is_acronym(term: str) -> bool:
    """ "WHO", "U.S.", "UNHCR": written in capitals, meant only in capitals."""
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6 and " " not in term.strip()


TermKeys = list[tuple[int, ...]]
MULTIPLIER = numpy.uint64(0x9E3779B97F4A7C15)  # odd: a step of the rolling hash below


def rolling(previous: numpy.ndarray, nxt: numpy.ndarray) -> numpy.ndarray:
    """The hash of a token sequence one token longer: ``previous * MULTIPLIER + next`` in wrapping 64-bit
    arithmetic (numpy arrays wrap without a warning)."""
    return previous * MULTIPLIER + nxt


class TermTable:
    """Phrase patterns (sequences of token attribute ids) as sorted arrays of 64-bit rolling hashes, by length,
    with the hashes of their prefixes: finds every pattern in a Doc with a few numpy operations per token
    position still alive, as spaCy's ``PhraseMatcher`` does (every start, every length) without its set-up.

    ``PhraseMatcher.add`` builds a trie node by node (with a Python-level allocation each): for the 40,000 terms
    of the knowledge base after the Phoenix import that was most of a second on every start, growing with the
    knowledge base. These arrays are built once from the compiled term keys and load as a few buffers. Two
    different sequences with the same 64-bit hash would make a false match (a sentence kept for the parser
    needlessly): about one chance in 10^10 per article at this size."""

    def __init__(self, keys: TermKeys) -> None:
        by_length: dict[int, list[tuple[int, ...]]] = {}
        for key in keys:
            if key:
                by_length.setdefault(len(key), []).append(key)
        full: dict[int, list[numpy.ndarray]] = {}
        prefix: dict[int, list[numpy.ndarray]] = {}
        for length, group in by_length.items():
            columns = numpy.array(group, dtype=numpy.uint64)
            h = numpy.zeros(len(group), dtype=numpy.uint64)
            for n in range(1, length + 1):
                h = rolling(h, columns[:, n - 1])
                (full if n == length else prefix).setdefault(n, []).append(h)
        self.full = {n: numpy.unique(numpy.concatenate(v)) for n, v in full.items()}
        self.prefix = {n: numpy.unique(numpy.concatenate(v)) for n, v in prefix.items()}

    def find(self, ids: numpy.ndarray) -> list[tuple[int, int]]:
        """(start, end) of every pattern in the token ids ``ids`` (uint64), by length then start."""
        out: list[tuple[int, int]] = []
        size = len(ids)
        pos = numpy.arange(size)
        h = ids.copy()
        n = 1
        while pos.size:
            table = self.full.get(n)
            if table is not None:
                out += [(int(i), int(i) + n) for i in pos[member(h, table)]]
            table = self.prefix.get(n)
            if table is None:
                break
            alive = member(h, table) & (pos + n < size)
            pos, h = pos[alive], h[alive]
            h = rolling(h, ids[pos + n])
            n += 1
        return out


def member(values: numpy.ndarray, table: numpy.ndarray) -> numpy.ndarray:
    """Which ``values`` are in the sorted array ``table`` (a binary search each)."""
    if not len(table):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(table, values)
    at[at == len(table)] = 0
    return table[at] == values


def term_tables(tokenizer: Callable[[str], Doc], terms: list[str]) -> tuple[TermTable, TermTable]:
    """The pre-filter's term tables: actor terms by their tokens' LOWER ids, acronyms by ORTH (see ``term_keys``)."""
    actors, acronyms = term_keys(tokenizer, terms)
    return TermTable(actors), TermTable(acronyms)


def term_keys(tokenizer: Callable[[str], Doc], terms: list[str]) -> tuple[TermKeys, TermKeys]:
    """The pre-filter's phrase patterns: per term, the LOWER hash of each of its tokens (ORTH for an acronym, which
    matches only as written), in ``terms`` order, acronyms apart: what spaCy's ``PhraseMatcher`` would store for
    the tokenized terms (``[token.lower for token in doc]``). Tokenizing 40,000 terms takes seconds, so the
    tables made from these plain integers are what is compiled (``datafiles.compiled``), without the vocabulary
    they came from."""
    actors: TermKeys = []
    acronyms: TermKeys = []
    for t in terms:
        doc = tokenizer(t)
        if is_acronym(t):
            acronyms.append(tuple(tok.orth for tok in doc))
        else:
            actors.append(tuple(tok.lower for tok in doc))
    return actors, acronyms


@dataclass
class Selection:
    """Which sentences of one article to parse, as character ranges of the article text."""

    sentences: list[tuple[int, int]]  # all sentences (start, end)
    keep: list[bool]
    actor_terms: list[tuple[int, int]]  # character spans of known actor terms, longest match first
    token_ranges: list[tuple[int, int]]  # the same sentences as token ranges of the pre-filter's Doc
    columns: list[list[int]]  # per token of that Doc: ORTH, SPACY, NORM, IS_SPACE (to rebuild kept sentences)

    def unparsed_terms(self) -> list[tuple[int, int]]:
        """The actor terms that lie in sentences the parser does not see (the sentences are in order, disjoint)."""
        skipped = [span for span, keep in zip(self.sentences, self.keep, strict=True) if not keep]
        starts = [s for s, _ in skipped]
        out = []
        for start, end in self.actor_terms:
            k = bisect_right(starts, start) - 1  # the last skipped sentence starting at or before the term
            if k >= 0 and start < skipped[k][1]:
                out.append((start, end))
        return out


class KnownTerms(Protocol):
    """What the pre-filter reads of the knowledge base (``actors.kb.KnowledgeBase``): its terms as written.

    A protocol rather than an import: ``nlp/`` sits below ``actors/`` and ``events/`` in the data flow, so it names
    only the attributes it needs, and the pipeline hands it the real knowledge base and lexicon."""

    surfaces: set[str]
    sectors: Mapping[str, Any]

    def sorted_surfaces(self) -> list[str]: ...

    def surfaces_digest(self) -> str: ...


class TriggerEntry(Protocol):
    """What the pre-filter reads of one lexicon entry (``events.lexicon.Entry``)."""

    lemma: str
    object: frozenset[str]
    modifiers: tuple[str, ...]
    particle: str | None
    prep: str | None


class TriggerLexicon(Protocol):
    """What the pre-filter reads of the lexicon (``events.lexicon.Lexicon``): its entries."""

    @property
    def entries(self) -> Mapping[str, TriggerEntry]: ...


def trigger_digest(lexicon: TriggerLexicon) -> str:
    """A hash of what ``trigger_tables`` reads of each entry."""
    rows = sorted((k, e.lemma, tuple(sorted(e.object)), e.modifiers, e.particle, e.prep)
                  for k, e in lexicon.entries.items())
    return hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()


def trigger_tables(lexicon: TriggerLexicon) -> tuple[set[int], set[int], dict[int, set[int]]]:
    """The ids (spaCy's string hashes, the same in every process) of the word forms that make a sentence worth
    parsing: the forms of entries that trigger alone, the case-sensitive ones, and each form that triggers only
    with one of its companion forms, with those companions.

    An entry that needs more than its lemma (an object, a particle, a preposition, a modifier) triggers only when
    one of those words is in the sentence too: "law" alone is not "martial law"."""
    triggers: set[str] = set()
    needs_object: dict[str, set[str]] = {}
    for e in lexicon.entries.values():
        forms = inflections(e.lemma)
        companions = [w for o in e.object for w in o.split()[-1:]] or list(e.modifiers[-1:]) \
            or [p for p in (e.particle, e.prep) if p]
        if companions:
            needed = set().union(*(inflections(c) for c in companions))
            for f in forms:
                needs_object.setdefault(f, set()).update(needed)
        else:
            triggers |= forms
    # words whose capitalised form is something else: "March" the month is not a march
    case_sensitive = {f for w in CASE_SENSITIVE for f in inflections(w)} & triggers
    triggers -= case_sensitive
    return ({hash_string(w) for w in triggers}, {hash_string(w) for w in case_sensitive},
            {hash_string(w): {hash_string(o) for o in objs} for w, objs in needs_object.items()})


def sector_terms(kb: KnownTerms) -> list[str]:
    """The knowledge base's sector words as written, sorted: matched beside its names (``Prefilter``)."""
    return sorted({w.term for w in kb.sectors.values()})


def keep_antecedents(keep: list[bool], named: list[bool], pronoun: list[bool]) -> None:
    """Keep the nearest sentence naming an actor before a kept sentence with a person pronoun, unless a kept one
    comes first (within ``ANTECEDENT_REACH``): "X spoke in Lyon. He criticised Germany." needs the first parsed."""
    for i in (i for i in range(len(keep)) if keep[i] and pronoun[i]):
        j = next((j for j in range(i - 1, max(-1, i - 1 - ANTECEDENT_REACH), -1) if keep[j] or named[j]), None)
        if j is not None:
            keep[j] = True


class Prefilter:
    """Built once per pipeline from the knowledge base and lexicon; cheap to apply per article."""

    def __init__(self, nlp: Language, kb: KnownTerms, lexicon: TriggerLexicon) -> None:
        self.tokenizer = nlp.tokenizer
        self.sentencizer = Sentencizer()
        # the knowledge base's names (states, capitals, organisations, people) and its sector words ("rebels",
        # "riot police", "gunmen"): a sector word alone makes an actor, whose country the place, the article or the
        # sentence before supplies (``actors``, ``events.anaphor``). Without them, "Rebels killed six peacekeepers
        # near <a town>" was never parsed. With them, 68% of the sentences of 300 Wikinews articles are kept (59%
        # before), and 1,000 corpus articles give 395 more events, a random 50 of them as often right as the rest.
        # Acronyms match as written: in lower case "WHO", "US" and "IT" are the commonest words of English, and the
        # resolver does not take them for actors either.
        # keyed by a hash of the sorted terms that the knowledge base keeps: sorting them here cost a tenth of a
        # second on every start at the size of the Phoenix import
        words = sector_terms(kb)
        model = f"{nlp.lang} {nlp.meta.get('name')} {nlp.meta.get('version')}"
        sector_digest = hashlib.blake2b("\n".join(words).encode(), digest_size=16).hexdigest()
        self.actor_terms, self.acronym_terms = compiled(
            "prefilter", lambda: term_tables(self.tokenizer, kb.sorted_surfaces() + words),
            what="the pre-filter's terms", parts=(model, kb.surfaces_digest(), sector_digest))
        # The trigger tables: built from the lexicon's entries in a third of a second, loaded compiled in a
        # hundredth; keyed by the entry fields they are made of (hashed in about 20 ms).
        self.trigger_ids, self.orth_ids, self.object_ids = compiled(
            "triggers", lambda: trigger_tables(lexicon), what="the pre-filter's trigger words",
            parts=(trigger_digest(lexicon),))

    def find_terms(self, lowers: numpy.ndarray, orths: numpy.ndarray) -> list[tuple[int, int]]:
        """(start, end) token ranges of every known actor term in a Doc, given its LOWER and ORTH columns."""
        if not len(lowers):
            return []
        return [*self.actor_terms.find(lowers.astype(numpy.uint64)), *self.acronym_terms.find(
            orths.astype(numpy.uint64))]

    def _has_trigger(self, words: set[int]) -> bool:
        if words & self.trigger_ids or words & self.orth_ids:
            return True
        return any(self.object_ids[w] & words for w in words if w in self.object_ids)

    def select(self, text: str) -> tuple[Doc, Selection]:
        doc = self.sentencizer(self.tokenizer(text))
        arr = doc.to_array([LOWER, SENT_START, IDX, ORTH, SPACY, NORM, IS_SPACE])
        matches = self.find_terms(arr[:, 0], arr[:, 3])
        terms, taken = [], set()
        for start, end in sorted(matches, key=lambda m: (m[0], -m[1])):
            if start not in taken:
                terms.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
                taken.update(range(start, end))
        hits = sorted({start for start, _ in matches})
        lowers, starts, idx, orths = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist(), arr[:, 3].tolist()
        bounds = [i for i, s in enumerate(starts) if s == 1 or i == 0] + [len(doc)]
        spans, keep, ranges, named, pronoun = [], [], [], [], []
        for a, b in zip(bounds, bounds[1:], strict=False):
            if a >= b:
                continue
            start_char = idx[a]
            end_char = idx[b - 1] + len(doc[b - 1])
            ranges.append((a, b))
            has_quote = bool(QUOTE_MARKS.search(text, start_char, end_char))
            k = bisect_left(hits, a)
            has_actor = k < len(hits) and hits[k] < b
            spans.append((start_char, end_char))
            words = set(lowers[a:b])
            if self.orth_ids:
                words |= set(orths[a:b]) & self.orth_ids
            keep.append(has_quote or (has_actor and self._has_trigger(words)))
            named.append(has_actor)
            pronoun.append(bool(words & PERSON_PRONOUNS))
        keep_antecedents(keep, named, pronoun)
        columns = [orths, arr[:, 4].tolist(), arr[:, 5].tolist(), arr[:, 6].tolist()]
        return doc, Selection(spans, keep, terms, ranges, columns)

    def kept_doc(self, sel: Selection) -> Doc | None:
        """The kept sentences, joined by ``JOIN``, as a Doc built from the pre-filter's own tokens.

        The text is exactly ``JOIN.join(kept sentence texts)`` and the tokens are those spaCy's tokenizer gives that
        text, so the parser sees what it would have seen, without a second tokenizer pass over half the article.
        Whitespace tokens touching a join merge with it into one token, as the tokenizer merges a run of
        whitespace (a sentence often begins with the paragraph's newline). Token norms are copied, since the
        tokenizer's special cases set some ("n't" is "not") and the tagger and parser read them.

        The tokenizer splits each whitespace-delimited chunk on its own, so the tokens agree wherever a kept
        sentence starts and ends at whitespace. A sentence boundary inside a chunk (``said."Next``) leaves a part
        of the chunk in the text, and a part can split differently from the whole chunk (a run of quote marks
        does): such parts are tokenized alone and compared, and if one differs this returns None and the caller
        tokenizes the text.
        """
        orths, spaces, norms, is_space = sel.columns
        n = len(orths)

        def cut(i: int) -> bool:  # a sentence boundary before token i falls inside a chunk
            return 0 < i < n and not (spaces[i - 1] or is_space[i - 1] or is_space[i])

        for (a, b), keep in zip(sel.token_ranges, sel.keep, strict=True):
            if not keep:
                continue
            if cut(a):
                end = a  # the chunk's part from token a: up to whitespace or the sentence's end
                while end + 1 < b and not (spaces[end] or is_space[end + 1]):
                    end += 1
                if not self._same_tokens(orths, norms, a, end + 1):
                    return None
            if cut(b):
                start = b - 1  # the chunk's part up to token b: back to whitespace or the sentence's start
                while start > a and not (spaces[start - 1] or is_space[start - 1] or is_space[start]):
                    start -= 1
                if not self._same_tokens(orths, norms, start, b):
                    return None
        strings = self.tokenizer.vocab.strings
        words: list[str] = []
        flags: list[bool] = []
        norm_ids: list[int] = []
        blank: list[bool] = []
        for (a, b), keep in zip(sel.token_ranges, sel.keep, strict=True):
            if not keep:
                continue
            if words:
                run = JOIN
                while blank and blank[-1]:
                    run = words.pop() + run
                    flags.pop(), norm_ids.pop(), blank.pop()
                while a < b and is_space[a]:
                    run += strings[orths[a]]
                    a += 1
                words.append(run)
                flags.append(False)
                norm_ids.append(strings.add(run))
                blank.append(True)
            words.extend(strings[o] for o in orths[a:b])
            flags.extend(bool(f) for f in spaces[a:b])
            norm_ids.extend(norms[a:b])
            blank.extend(bool(f) for f in is_space[a:b])
            flags[-1] = False
        doc = Doc(self.tokenizer.vocab, words=words, spaces=flags)
        doc.from_array([NORM], numpy.asarray(norm_ids, dtype="uint64").reshape(-1, 1))
        return doc

    def _same_tokens(self, orths: list[int], norms: list[int], a: int, b: int) -> bool:
        """Whether the tokenizer splits the text of tokens a..b, taken alone, into those same tokens."""
        strings = self.tokenizer.vocab.strings
        alone = self.tokenizer("".join(strings[o] for o in orths[a:b])).to_array([ORTH, NORM])
        return alone[:, 0].tolist() == orths[a:b] and alone[:, 1].tolist() == norms[a:b]
