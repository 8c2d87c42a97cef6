"""Which countries an article is about, and what that says of names that bodies of several countries share.

Two kinds of name mean different bodies in different countries' news:

- a party named only by party-family words ("the Democrats", "the Conservatives", "the Workers' Party", "the
  Christian Democrats"): the knowledge base gives the name to the best-known holder (the US Democratic Party, the
  UK Conservatives), but Thailand, Mongolia and Japan have a Democratic Party, Canada and Norway a Conservative one,
  Brazil a Workers' Party. In an article that never names the holder's country and is about one other country, the
  name is that country's party (``ArticleCountries.rehome``).
- an acronym the article spells out ("the British National Party (BNP)", "the Alliance Defense Fund (ADF)") means
  what the spelt-out name means, all through the article: the knowledge base's body of that acronym (Bangladesh's
  BNP, Congo's ADF rebels) is another one (``ArticleCountries.entry``).
- an acronym or alias the knowledge base gives to bodies of two countries ("BNP": the Bangladesh Nationalist Party
  and the British National Party): the one of the country the article names most (``ArticleCountries.pick``).

The article's countries are counted once, on first need, from its named entities read through the knowledge base
(countries, demonyms, capitals, metonyms, people, organisations) and, for places it lacks, the gazetteer: no work
is done for the many articles that hold neither kind of name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence

from tidings.actors.kb import NON_STATE_CODES, Entry, KnowledgeBase, best_entry
from tidings.actors.parsed import ParsedDoc
from tidings.actors.terms import Match
from tidings.nlp.text_norm import fold

# the words a party's name is made of when it names a family of parties rather than one party: ideologies, the
# people a party claims to speak for, and the words for a party or a union of parties. A name made only of these
# ("Democratic Party", "Conservatives", "Social Democrats", "National Democratic Alliance") names no country.
PARTY_WORDS = frozenset({
    "democrat", "democrats", "democratic", "democracy", "conservative", "conservatives", "liberal", "liberals",
    "labour", "labor", "socialist", "socialists", "social", "communist", "communists", "christian", "national",
    "nationalist", "nationalists", "people", "peoples", "popular", "worker", "workers", "progressive",
    "progressives", "republican", "republicans", "green", "greens", "free", "new", "united", "unity", "alliance",
    "front", "union", "movement", "party", "parties", "reform", "justice", "development", "freedom", "left",
    "centre", "center", "radical", "agrarian", "farmers", "of", "and", "for", "the",
})
_WORD = re.compile(r"[a-z]+")
# "(BNP)", "(JeM)", "(ACCC)": an acronym in brackets, spelling out the name right before it
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,7})\s*\)")
_NAME_WORD = re.compile(r"[^\s\-]+")
_CAPITALISED = re.compile(r"[A-Z][\w'’.&-]*(?:[ \t]+(?:(?:of|and|the|for|de|al)[ \t]+)*[A-Z][\w'’.&-]*)*")
PARTY_SECTORS = frozenset({"PTY", "OPP"})
ACRONYM_SECTORS = frozenset({"PTY", "OPP", "REB", "MIL", "UAF", "SEP", "INS"})
BODY_KINDS = frozenset({"org", "igo", "company"})
COUNTED_KINDS = frozenset({"country", "demonym", "capital", "metonym", "person", "org"})


def is_party_family_name(text: str) -> bool:
    """Whether ``text`` (a folded name) is made only of party-family words (``PARTY_WORDS``)."""
    words = [w for w in _WORD.findall(text) if len(w) > 1]  # "people's": the "s" is no word
    return bool(words) and all(w in PARTY_WORDS for w in words)


def spells_out(acronym: str, before: str) -> bool:
    """Whether the capitals of ``acronym`` are, in order, initials of capitalised words among the last eight words
    of ``before`` ("British National Party" BNP, "Self-Defense Forces" SDF, "Jaish-e-Mohammed" JeM); a dateline's
    "PARIS (AFP)" spells out nothing."""
    initials = [w[0] for w in _NAME_WORD.findall(before)[-8:] if w[0].isupper()]
    k = 0
    for letter in (ch for ch in acronym if ch.isupper()):
        while k < len(initials) and initials[k] != letter:
            k += 1
        if k == len(initials):
            return False
        k += 1
    return True


def same_name(spelt: str, name: str) -> bool:
    """Whether the words an acronym is spelt out as (the last words of ``spelt``) are the knowledge base's ``name``
    of it written another way ("International Labor Office" for the International Labour Organization): the same
    first word and half the words alike, by their first four letters ("Alliance Defense Fund" is not the Allied
    Democratic Forces, "British National Party" not the Bangladesh Nationalist Party)."""
    theirs = [w[:4] for w in fold(name).split()]
    ours = [w[:4] for w in fold(spelt).split()[-len(theirs) - 1 :]]
    return bool(theirs) and theirs[0] in ours and 2 * len(set(theirs) & set(ours)) >= len(theirs)


class ArticleCountries:
    """The countries one article names, and the choices between bodies of shared names that follow from them.
    ``whole``: the article's whole text, when ``doc`` holds only the sentences the pre-filter kept (a name is
    often spelt out, and the country named, in a sentence with no event)."""

    def __init__(self, kb: KnowledgeBase, doc: ParsedDoc, day: dt.date | None,
                 gazetteer: Callable[[str], tuple[str, str] | None] | None = None,
                 whole: str | None = None) -> None:
        self.kb = kb
        self.doc = doc
        self.day = day
        self.gazetteer = gazetteer
        self.whole = doc.text if whole is None else whole
        self._counts: Counter[str] | None = None
        self._defined: dict[str, str] | None = None

    def words(self, m: Match) -> str:
        """The text a match was found in."""
        return self.doc.text[self.doc.idx[m.start] : self.doc.end[m.end - 1]]

    def defined(self) -> dict[str, str]:
        """Each acronym the whole article spells out -> the words it spells out (the first time)."""
        if self._defined is not None:
            return self._defined
        whole, out = self.whole, {}
        for hit in _DEFINED.finditer(whole) if "(" in whole else ():
            acronym, before = hit.group(1), whole[max(0, hit.start() - 120) : hit.start()]
            if acronym not in out and spells_out(acronym, before):
                out[acronym] = " ".join(_NAME_WORD.findall(before.replace("-", " "))[-8:])
        self._defined = out
        return out

    def entry(self, m: Match) -> Entry | None:
        """The entry a match stands for in this article: ``pick`` of its entries, but for an acronym the article
        spells out, only the entries of that name: those the spelt-out name itself names, else those whose own name
        is written alike (``same_name``). None: the acronym is another body here ("the Alliance Defense Fund (ADF)"
        is not the ADF rebels)."""
        acronym = self.words(m)
        is_acronym = len(acronym) < 9 and acronym.isupper() and " " not in acronym
        spelt = self.defined().get(acronym) if is_acronym else None
        if spelt is None:
            e = self.pick(m.entries)
            return None if is_acronym and e is not None and self.foreign_acronym(e) else e
        words = spelt.split()
        for k in range(len(words) - 1):  # two words at least: one is a name's last word ("Congress")
            named = [e for e in self.kb.terms.get(fold(" ".join(words[k:])), ()) if e.kind in BODY_KINDS]
            if named:
                return self.pick(named)
        return self.pick([e for e in m.entries if same_name(spelt, e.name)])

    def counts(self) -> Counter[str]:
        """How often the article names each country, worked out on first call: every run of capitalised words of
        the whole article read through the knowledge base (the longest known name at each word: countries,
        demonyms, capitals, metonyms, people, organisations; not the party-family names this is to decide), and
        the gazetteer's reading of the places the parse found that the knowledge base lacks."""
        if self._counts is not None:
            return self._counts
        counts: Counter[str] = Counter()
        for run in _CAPITALISED.finditer(self.whole):
            words = run.group(0).split()
            k = 0
            while k < len(words):
                for j in range(min(len(words), k + 5), k, -1):
                    country = self.country_of(" ".join(words[k:j]))
                    if country is not None:
                        counts[country] += country not in NON_STATE_CODES
                        k = j
                        break
                else:
                    k += 1
        text = self.doc.text
        for ent in self.doc.ents if self.gazetteer is not None else ():
            if ent.label == "GPE" and self.country_of(text[ent.start_char : ent.end_char]) is None:
                found = self.gazetteer(text[ent.start_char : ent.end_char])
                if found is not None and found[0] not in NON_STATE_CODES:
                    counts[found[0]] += 1
        self._counts = counts
        return counts

    def country_of(self, name: str) -> str | None:
        """The country of the knowledge base's entry for ``name`` (of the kinds counted), if any: not for a party
        found by party-family words, nor an organisation found by an acronym."""
        e = best_entry([x for x in self.kb.terms.get(fold(name), ()) if x.kind in COUNTED_KINDS])
        if e is None or self.shared_family_party(e, name) or (e.kind == "org" and name.isupper()):
            return None  # nor the acronyms whose body this is to decide
        return self.kb.facts(e, self.day)[0]

    def main(self) -> str | None:
        """The country the article names most, if it names it at least twice and more often than any other."""
        top = self.counts().most_common(2)
        if not top or top[0][1] < 2 or (len(top) == 2 and top[1][1] == top[0][1]):
            return None
        return top[0][0]

    def foreign_acronym(self, e: Entry) -> bool:
        """Whether ``e``, found by an acronym, is a party or an armed group of a country the article never names,
        in an article about another country: short acronyms are shared by many bodies ("ADF": Congo's rebels and
        an American legal group; "SDF": Syria's Kurdish-led forces and Japan's Self-Defense Forces), and a party
        or armed group is written about with its country."""
        if e.kind != "org" or e.sector not in ACRONYM_SECTORS:
            return False
        own = e.on(self.day)[0]
        if own is None or own in NON_STATE_CODES or self.counts()[own]:
            return False
        main = self.main()
        return main is not None and main != own

    def dominant(self) -> str | None:
        """The country the article is about, when it names it at least three times and at least twice as often as
        any other: where a role or group word with no country of its own ("the civil aviation minister",
        "community activists") belongs."""
        top = self.counts().most_common(2)
        if not top or top[0][1] < 3 or (len(top) == 2 and top[1][1] * 2 > top[0][1]):
            return None
        return top[0][0]

    def shared_family_party(self, e: Entry, name: str) -> bool:
        """Whether ``e`` is a party and ``name``, the words it was found by, only party-family words."""
        return e.kind == "org" and (e.sector in PARTY_SECTORS or any(r.sector in PARTY_SECTORS for r in e.roles)) \
            and is_party_family_name(fold(name))

    def rehome(self, e: Entry, m: Match) -> str | None:
        """The country whose party the words of ``m`` name in this article, when that is not ``e``'s: ``e`` is a
        party found by party-family words, the article never names ``e``'s country, and it is about one other
        country (``main``). None: ``e`` as it is."""
        if not self.shared_family_party(e, self.words(m)):
            return None
        own = e.on(self.day)[0]
        if own is None or self.counts()[own]:
            return None
        main = self.main()
        return main if main != own else None

    def facts(self, e: Entry, m: Match) -> tuple[str | None, str | None, str | None]:
        """``KnowledgeBase.facts`` of ``e`` found by ``m``, with the country and sector of a party ``rehome``
        places in another country ("Democrats leader" in a Thai story: a Thai party leader)."""
        home = self.rehome(e, m)
        if home is not None:
            return home, "PTY", None
        return self.kb.facts(e, self.day)

    def pick(self, entries: Sequence[Entry]) -> Entry | None:
        """``best_entry`` of ``entries``, but where bodies of the same kind from different countries share the
        name, the one of the country the article names most (ties: the knowledge base's first, as before)."""
        first = best_entry(entries)
        if first is None or len(entries) < 2:
            return first
        rivals = [e for e in entries if e.kind == first.kind and e.country != first.country]
        if not rivals:
            return first
        counts = self.counts()
        best = max([first, *rivals], key=lambda e: counts[e.country] if e.country else 0)
        return best if best.country and counts[best.country] > counts[first.country or ""] else first
