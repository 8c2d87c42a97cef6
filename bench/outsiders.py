"""Share of coded events that name a country the article does not involve (issue 14's precision point on real
text: at most 10% of predicted events may name such an "outsider" country).

    .venv/bin/python bench/outsiders.py DUMP.tsv [--n 1000] [--seed 7] [--sample 60] [--show-seed 7]

``DUMP.tsv`` is what ``bench/eventdiff.py dump`` writes (same ``--n`` and ``--seed``); the dump holds no article
text, so the articles are drawn again exactly as eventdiff draws them (``eventdiff.sample_articles``).

A country is *involved* in an article when the article's title or text names it, independently of the coder's own
resolution of places and actors, by at least one of:

- a country name, demonym, capital or metonym the knowledge base knows ("Kenya", "Kenyan", "Nairobi",
  "Downing Street"), written capitalised;
- a multi-word alias of an organisation, company or person the knowledge base holds for that country ("Labour
  Party", "Gordon Brown"): one-word aliases do not count, since a partial alias resolved to a foreign body is one
  of the errors measured;
- the full name of a US state (USA) or of a first-level subdivision or region only one country has ("Scotland",
  "Bavaria"), so that a place name read in the wrong country cannot vouch for the wrong country;
- the country of the article's dateline.

With ``--outside`` only namings outside the event's own sentence count (the title's and the dateline's always do):
the stricter reading, where the sentence that produced the actor cannot vouch for it.

An event is an *outsider* when its source or target has a state country (not IGO, NGO, IMG, MNC or none) the
article does not involve. Neither reading is the error rate itself: the default one misses a wrong country the
article happens to name elsewhere, and counts a right one the article never names (the BBC in a BBC story,
Microsoft's USA in a story about the EU); ``--outside`` counts every country named only in the event's own
sentence. Read the printed events (``--all``, or ``--sample N``) to see which are errors, and compare two dumps.

Why a script and not a test: the share moves with every coding change, and what matters is which events are wrong,
which only a reader can say.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventdiff import read, sample_articles  # noqa: E402

NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC", "---", "-"})
NAME_KINDS = frozenset({"country", "demonym", "capital", "metonym"})
BODY_KINDS = frozenset({"org", "company", "person", "igo"})
WORD = re.compile(r"[A-Za-z][\w'’.-]*")
MAX_WORDS = 5


class Involvement:
    """The countries an article names, by the rules of the module docstring."""

    def __init__(self) -> None:
        from tidings.actors.kb import load_kb
        from tidings.context.gazetteer import gazetteer
        from tidings.context.places import PlaceResolver

        self.kb = load_kb()
        self.gaz = gazetteer()
        self.resolver = PlaceResolver(self.kb)

    def of_term(self, key: str, words: int) -> set[str]:
        """Countries a folded, capitalised term of ``words`` words names."""
        out: set[str] = set()
        for e in self.kb.lookup(key):
            if e.country and (e.kind in NAME_KINDS or (e.kind in BODY_KINDS and words > 1)):
                out.add(e.country)
        if key in self.gaz.country_by_name:
            out.add(self.gaz.country_by_name[key])
        state = self.gaz.states.get(key)
        if state is not None and key not in self.gaz.country_by_name:
            out.add("USA")
        regions = {r.country for r in self.gaz.regions(key) if r.country}
        if len(regions) == 1 and len(key) > 3:
            out |= regions
        return out

    def of_article(self, title: str, text: str) -> list[tuple[int, set[str]]]:
        """(offset in the text, countries) of every naming in the article: the title's and the dateline's at -1."""
        from tidings.context.dateline import find_dateline
        from tidings.nlp.text_norm import fold

        found: list[tuple[int, set[str]]] = []
        for chunk, at in ((title or "", False), (text, True)):
            words = list(WORD.finditer(chunk))
            for i, m in enumerate(words):
                if not m.group()[0].isupper():
                    continue
                for n in range(1, MAX_WORDS + 1):
                    if i + n > len(words):
                        break
                    phrase = chunk[m.start():words[i + n - 1].end()]
                    hit = self.of_term(fold(phrase), n)
                    if hit:
                        found.append((m.start() if at else -1, hit))
        dateline = find_dateline(text, self.resolver)
        if dateline is not None and dateline.place.country:
            found.append((-1, {dateline.place.country}))
        return found


def country(actor: str) -> str | None:
    code = actor[:3]
    return None if code in NON_STATE or not re.fullmatch(r"[A-Z]{3}", code) else code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sample", type=int, default=60, help="how many offending events to print")
    ap.add_argument("--show-seed", type=int, default=7)
    ap.add_argument("--all", action="store_true", help="print every offending event, not a sample")
    ap.add_argument("--outside", action="store_true",
                    help="count only namings outside the event's own sentence (the title and dateline count)")
    args = ap.parse_args()
    rows = read(args.dump)
    articles = {a.id: a for a in sample_articles(args.n, args.seed)}
    inv = Involvement()
    named: dict[str, list[tuple[int, set[str]]]] = {}
    bad: list[tuple[dict, list[str], str]] = []
    with_country = 0
    by_code: Counter[str] = Counter()
    for r in rows:
        a = articles.get(r["id"])
        if a is None:
            continue
        if r["id"] not in named:
            named[r["id"]] = inv.of_article(a.title or "", a.text)
        skip = (-2, -2)
        if args.outside:
            at = a.text.find(r["evidence"].strip()[:80])
            if at >= 0:
                skip = (at, at + len(r["evidence"].strip()))
        involved = {c for off, cs in named[r["id"]] if not skip[0] <= off < skip[1] for c in cs}
        codes = [c for c in (country(r["source"]), country(r["target"])) if c]
        if not codes:
            continue
        with_country += 1
        out = [c for c in codes if c not in involved]
        if out:
            bad.append((r, out, a.title or ""))
            by_code.update(out)
    share = len(bad) / len(rows) if rows else 0.0
    share_c = len(bad) / with_country if with_country else 0.0
    print(f"{len(rows)} events, {with_country} with a state country; outsiders {len(bad)}: "
          f"{share:.1%} of all events, {share_c:.1%} of events with a country")
    print(f"outsider countries: {by_code.most_common(20)}")
    pick = bad if args.all else random.Random(args.show_seed).sample(bad, min(args.sample, len(bad)))
    for r, out, title in pick:
        print(f"\n- {r['id']} s{r['sentence']} [{title[:60]}] {r['source']} -> {r['target']} {r['cameo']} "
              f"outsider {','.join(out)} [{r['rule']}]\n  {r['evidence'][:400]}")


if __name__ == "__main__":
    main()
