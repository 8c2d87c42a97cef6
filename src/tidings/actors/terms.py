"""Step 2 of resolving actors: the knowledge-base terms a phrase holds.

A phrase (token indices) is scanned left to right for the longest known term at each point: countries, demonyms,
capitals, organisations, people and sector words ("South Korean President Lee Jae Myung" holds "South Korean",
"President" and "Lee Jae Myung"). What the terms mean together is the next step's question (``phrase_actor``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from tidings.actors.kb import Entry, KnowledgeBase, SectorWord
from tidings.actors.parsed import ParsedDoc
from tidings.nlp.text_norm import fold

# nouns for members or parts of a body that are no sector word of their own: with a sector word right before them
# they name that sector's people ("riot police units" COP, "opposition groups" OPP, "air force pilots" MIL)
BODY_HEADS = frozenset({"group", "unit", "member", "personnel", "staff", "wing", "faction", "contingent", "squad",
                        "detachment", "pilot", "rank", "cadre"})


class Match(NamedTuple):
    """A known term found in a phrase (a tuple: one is made for every term the scan finds)."""

    start: int  # token index in doc
    end: int  # exclusive
    entries: tuple[Entry, ...] = ()
    sector_term: str | None = None


class TermScanner:
    """Finds known terms in the phrases of one article."""

    def __init__(self, kb: KnowledgeBase, doc: ParsedDoc) -> None:
        self.kb = kb
        self.doc = doc
        # the last word of every known term: a text ending in another word is none (see ``longest_match``)
        self.last_words: frozenset[str] = kb.last_words()

    def scan(self, tokens: Sequence[int]) -> list[Match]:
        """Longest-first matching of known terms over the phrase (token indices, in order)."""
        out: list[Match] = []
        k, n = 0, len(tokens)
        maxw = max(self.kb.max_term_words, 4) + 2
        first_words, sectors, folded = self.kb.first_words, self.kb.sectors, self.doc.folded
        punct, dep = self.doc.punct, self.doc.dep
        while k < n:
            i = tokens[k]
            if punct[i] or dep[i] == "case":
                k += 1
                continue
            lemma_key = None
            if folded[i].first not in first_words:
                lemma_key = self.doc.lemma_key(i)
                if lemma_key not in sectors:
                    k += 1
                    continue
            found = self.longest_match(tokens, k, k + maxw if k + maxw < n else n, lemma_key)
            if found:
                out.append(found)
                k += found.end - found.start
            else:
                k += 1
        return out

    def longest_match(self, tokens: Sequence[int], k: int, stop: int, lemma_key: str | None) -> Match | None:
        """The longest known term starting at token ``tokens[k]`` and ending before ``tokens[stop]``.

        ``lemma_key``: the folded lemma of ``tokens[k]`` when the caller has it already.

        A text of several tokens whose last token follows a space ends in the last word of that token's folded
        text (folding works within words, and on the ends of the whole text only), so where no known term ends
        in that word (``KnowledgeBase.last_words``), the text is no term and is not folded."""
        doc, kb = self.doc, self.kb
        text, idx, folded, toks = doc.text, doc.idx, doc.folded, doc.tokens
        last_words = self.last_words
        i = tokens[k]
        start_char = idx[i]
        for j in range(stop, k, -1):
            last = tokens[j - 1]
            at = idx[last]
            if at > start_char and text[at - 1].isspace() and folded[last].last \
                    and folded[last].last not in last_words:
                continue
            # one token's text is its folded text, kept by word for every article
            key = folded[i].key if j - k == 1 else fold(text[start_char : doc.end[last]])
            if not key:
                continue
            entries = kb.terms.get(key)
            if entries:
                for x in tokens[k:j]:
                    t = toks[x]
                    if t.is_title or t.is_upper or not t.is_alpha:
                        break
                else:  # names are written with capitals: "shell bombs" is not Shell, "us" not the US
                    entries = None
            if entries and key in kb.member_forms and (ent := doc.ent_at.get(last)) is not None \
                    and ent.end > last + 1 and ent.label != "PERSON":
                entries = None  # "Tory MP", but not "Republican Guard": a party's member is no part of a name
            if entries and key in kb.possessive_names:
                if last + 1 >= len(toks) or doc.lower[last + 1] not in ("'s", "’s"):
                    entries = [e for e in entries if e.kind in ("person", "country", "demonym")] or None
            if entries and doc.inside_person(i, last + 1):
                # "Moody" in "Moody Awori"; but a nationality that opens a "name" modifying a noun is the model's
                # mis-tag of an ethnic or group label ("Sri Lankan Tamil rebels", "Ugandan LRA rebels")
                keep = ("person", "demonym") if self.person_is_modifier(i) else ("person",)
                entries = [e for e in entries if e.kind in keep] or None
            sector = kb.sectors.get(key)
            if sector is None and j - k == 1:
                sector = kb.sectors.get(lemma_key if lemma_key is not None else doc.lemma_key(i))
            if entries or sector:
                return Match(i, last + 1, tuple(entries or ()), sector.term if sector else None)
        return None

    def longer_name(self, matches: list[Match], head: Match) -> Match | None:
        """Whether the term ``head``, a body's alias of two or more words, is only the end of a longer proper name
        the parse holds as one entity ("the Zapatista National Liberation Army" holds Colombia's "National
        Liberation Army", "the Hezbollah Central Command" the US "Central Command"): the match right before it, in
        the same entity, with no possessive between. A match with no entries stands for a proper noun the
        knowledge base lacks ("Zapatista": the body is unknown); one with entries for a known body whose unit the
        name is. None where the alias stands alone, or follows a country's or people's name (``phrase_actor`` then
        reads whose body it is: "a Colombian Self Defense Forces")."""
        doc = self.doc
        t = head.start - 1
        ent = doc.ent_at.get(head.start)
        if head.end - head.start < 2 or t < 0 or ent is None or ent.start > t or ent.label in ("PERSON", "NORP") \
                or not doc.tokens[t].is_alpha or not (doc.tokens[t].is_title or doc.tokens[t].is_upper):
            return None
        before = next((m for m in matches if m.start <= t < m.end), None)
        if before is None:
            return Match(t, t + 1) if doc.pos[t] == "PROPN" else None
        return before if any(e.kind in ("org", "company", "igo") for e in before.entries) else None

    def person_is_modifier(self, i: int) -> bool:
        """Whether token ``i`` opens a PERSON entity that modifies the common noun right after it: no person's
        name stands before a lowercase noun it modifies, so the entity is a group's label."""
        doc = self.doc
        ent = doc.ent_at.get(i)
        return ent is not None and ent.start == i and ent.end < len(doc.tokens) and doc.pos[ent.end] == "NOUN" \
            and doc.tokens[ent.end].is_lower and doc.dep[ent.end - 1] in ("compound", "amod")

    def phrase_sector(self, matches: list[Match], h: int) -> SectorWord | None:
        """The sector word a phrase headed by token ``h`` names its actor by, from the phrase's ``matches``; None
        when the head is no sector word (or names a known body). A generic head ("officials", "spokesman") or a
        member noun (``BODY_HEADS``: "units", "groups") takes the sector of a sector word right before it, with
        only a possessive between, when that word is a noun: "police spokesman" COP, "lawmakers' aides" LEG, "rebel
        commanders" REB. The head keeps its role; it is no title then (the government's spokesperson is not the
        police's)."""
        head_match = next((m for m in matches if m.start <= h < m.end), None)
        doc, sectors = self.doc, self.kb.sectors
        if head_match is not None:
            if head_match.entries or not head_match.sector_term:
                return None
            sw = sectors[fold(head_match.sector_term)]
            if not sw.generic:
                return sw
            start: int = head_match.start
        elif doc.lemma_key(h) in BODY_HEADS:
            sw, start = None, h
        else:
            return None
        before = next((m for m in reversed(matches) if m.end <= start), None)
        # only a noun names the body: an adjective names a faith or a trait of its members ("Sunni officials" are
        # not clergy), and "public sector workers" strike as labour, so workers are no generic head
        if before is not None and before.sector_term and not before.entries \
                and doc.pos[next((t for t in range(before.end - 1, before.start, -1)
                                  if not (doc.punct[t] or doc.dep[t] == "case")), before.start)] in ("NOUN", "PROPN") \
                and all(doc.punct[t] or doc.dep[t] == "case" for t in range(before.end, start)):
            mod = sectors[fold(before.sector_term)]
            if sw is None:
                return mod
            if mod.sector != sw.sector:
                return replace(sw, sector=mod.sector, title=False)
        return sw
