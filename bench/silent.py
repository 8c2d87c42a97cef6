"""Sentences of real articles where the rules code nothing but a human coder likely would (issue 14, recall).

    .venv/bin/python bench/silent.py [--n 1000] [--seed 7] [--limit 300] [--show 120] [--shuffle 7]

Codes the first ``--limit`` articles of eventdiff's fixed sample (``bench/eventdiff.py``: for seed 7 the first
third are Wikinews politics) with the rules alone, and lists each sentence that has no event but has actor
mentions resolving to two different countries, or one country and a word of political action (``CUES``). For
each it prints whether the pre-filter kept the sentence for the parse, the resolved mentions, and the triggers
the lexicon finds when the sentence is parsed alone (so a reader can tell "no trigger" from "trigger but no
source or target").

Why a script and not a test: which silent sentences a human would code is a judgement; the script only finds the
candidates for a reader to classify.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventdiff import sample_articles  # noqa: E402

# words that make a one-country sentence worth reading: acts a coder would code if the other side were found
CUES = re.compile(r"\b(talks?|visit\w*|sanction\w*|attack\w*|protest\w*|meet\w*|met|accus\w*|critici\w*|warn\w*|"
                  r"agree\w*|sign\w*|arrest\w*|kill\w*|bomb\w*|troops|condemn\w*|threat\w*|aid|negotiat\w*|"
                  r"demand\w*|urg\w*|call\w* on|deal|treaty|summit|invad\w*|raid\w*|fir\w*|expel\w*|ban\w*|"
                  r"boycott\w*|welcom\w*|recogni\w*|support\w*|oppos\w*|reject\w*|deni\w*|refus\w*|"
                  r"invest\w*|charg\w*|sentenc\w*|vot\w*|elect\w*)\b", re.I)


def candidates(limit: int, n: int, seed: int) -> list[dict]:
    """The silent sentences of the first ``limit`` sampled articles that have two countries, or one and a cue."""
    from tidings.pipeline import Pipeline

    pipe = Pipeline(learned=False)
    arts = sample_articles(n, seed)[:limit]
    out = []
    for art, coded in zip(arts, pipe.code_many(arts), strict=True):
        keep = pipe.prefilter.select(coded.article.text)[1].keep if pipe.prefilter else None
        if keep is not None and all(keep):
            keep = None  # the whole article was parsed: its sentences are the parser's, not the sentencizer's
        # by the trigger's offsets, not the event's sentence number: a parse of the kept sentences may join a
        # stray quotation mark to the sentence before, and the numbers then disagree with the sentencizer's
        triggers = [e.trigger_span.start for e in coded.events]
        for k, span in enumerate(coded.sentences):
            if any(span.start <= t < span.end for t in triggers):
                continue
            ments = [a for a in coded.actors if a.span and span.start <= a.span.start < span.end]
            countries = {a.country for a in ments if a.country}
            text = coded.article.text[span.start:span.end]
            if len(countries) >= 2 or (countries and CUES.search(text)):
                out.append({"id": art.id, "sentence": k, "kept": None if keep is None else keep[k],
                            "mentions": [(a.text, f"{a.country or '---'}{a.sector or ''}") for a in ments],
                            "countries": len(countries), "text": " ".join(text.split())})
    return out


def triggers_alone(pipe: object, text: str) -> list[str]:
    """What the lexicon matches in ``text`` parsed on its own: each trigger's word and entry id."""
    doc = pipe.nlp(text)
    p = pipe.extractor.parse(doc)
    found = []
    for sent in doc.sents:
        for t in pipe.extractor.triggers.sentence(p, sent):
            found.append(f"{p.lower[t.i]}:{t.entry.id}")
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--limit", type=int, default=300, help="first N articles of the sample")
    ap.add_argument("--show", type=int, default=120, help="how many candidates to print (a random sample)")
    ap.add_argument("--shuffle", type=int, default=7, help="seed of the random sample printed")
    args = ap.parse_args()
    found = candidates(args.limit, args.n, args.seed)
    two = sum(1 for c in found if c["countries"] >= 2)
    skipped = sum(1 for c in found if c["kept"] is False)
    print(f"{len(found)} silent candidate sentences in {args.limit} articles: {two} with two or more countries, "
          f"{skipped} skipped by the pre-filter")
    from tidings.pipeline import Pipeline

    pipe = Pipeline(learned=False, prefilter=False)
    pick = random.Random(args.shuffle).sample(found, min(args.show, len(found)))
    for i, c in enumerate(pick, 1):
        ments = "; ".join(f"{t}={c}" for t, c in c["mentions"])
        trig = ", ".join(triggers_alone(pipe, c["text"])) or "-"
        print(f"\n[{i}] {c['id']}#{c['sentence']} kept={c['kept']} | {ments}\n    triggers: {trig}\n    {c['text']}")


if __name__ == "__main__":
    main()
