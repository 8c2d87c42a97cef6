"""The event extractor reads the tree through a ``DocView`` (lists indexed by token) and must find what the Token
walk found.

Two checks. ``DocView`` against spaCy: every token's head, children, left children, conjuncts, subtree, labels and
words as the Token API gives them, and the evidence text as ``Span.text``. And the events against the extractor
as it was before the rewrite (commit ``REFERENCE``, its ``extract`` and ``modality`` modules loaded from git into
temporary modules beside the current ones): the same events, and the same actor mentions from the resolver
afterwards, which the resolver fills as it is asked, so a change in what the walk asks it shows too. The
paragraphs are written for this test. A deliberate change to what the extractor finds fails the second check:
then ``REFERENCE`` moves to the commit that makes that change.
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.test_events import CASES
from tidings.events.extract import EventExtractor
from tidings.nlp.docview import DocReader

REFERENCE = "25ddaab"
ROOT = Path(__file__).resolve().parents[1]

PARAGRAPHS = [
    # visits and talks
    "Chinese President Xi Jinping will visit South Korea next month, the foreign ministry in Beijing said on Monday. "
    "The French foreign minister met his German counterpart in Berlin on Tuesday. Turkey and Greece held talks in "
    "Athens on the disputed islands. Japan hosted the Indian prime minister for a state visit.",
    # attacks, unnamed attackers, a crowd placed where it acts, an object that names the target
    "Israeli aircraft struck targets in the Gaza Strip overnight, killing at least 12 people. Militants loyal to "
    "al-Qaeda attacked a police station in northern Iraq on Sunday. Five soldiers were killed in a car bombing in "
    "central Baghdad. Hundreds of thousands of people blocked streets in Hong Kong. A Chinese nuclear-powered "
    "submarine entered Japanese territorial waters southwest of Okinawa last week.",
    # accusations, denials, criticism, rejection
    "Iran accused the United States of violating the nuclear agreement. Russia denied that its troops had crossed "
    "into Ukraine. The Venezuelan opposition criticised the government over rising prices. Pakistan rejected "
    "India's proposal for talks.",
    # passive voice
    "Two Turkish soldiers were killed by Kurdish rebels near the Iraqi border. The Syrian ambassador was expelled "
    "by the Dutch government on Tuesday. The Ethiopian president has been accused of corruption. North Korea is "
    "expected to visit Russia in the spring.",
    # "X urged Y to ...", absorbed complements, threats
    "The United Nations urged Myanmar to release political prisoners. The European Union called on Serbia to "
    "arrest the suspects. Washington pressed Beijing to halt its military drills near Taiwan. Britain threatened "
    "to impose sanctions on Russia. Iran vowed to retaliate against Israel.",
    # event nouns
    "The Pakistani prime minister's visit to Afghanistan was postponed. A state visit to Japan by the South Korean "
    "president is planned for May. New sanctions on North Korea were announced after its missile test. Peace talks "
    "between Sudan and South Sudan resumed in Addis Ababa. A mediation effort between Egypt and Qatar failed. "
    "Protests against the Thai government followed the Cambodian prime minister's visit to Bangkok. Iranian "
    "negotiators gave their final response to a European Union proposal to suspend enrichment.",
    # modality, reported speech, obligation, intention, condition
    "Russia said Sudan must return the helicopter. Norway is willing to send troops to Mali. According to officials, "
    "Egypt might host the summit. Vietnam is committed to opening its economy to foreign investors. France will "
    "not recognise the election, the French foreign ministry said. If Syria does not withdraw, Turkey will attack.",
    # relative clauses, background, conjoined actors and verbs
    "North Korea, which has dismissed Seoul's outreach, fired two missiles into the sea after the United States and "
    "South Korea began joint exercises. Germany and France signed and ratified a treaty with Poland. Kenyan police "
    "fired tear gas at demonstrators in Nairobi. Thousands of students protested against the government in Caracas. "
    "Turkey arrested the Syrian commander who led an attack on Kilis.",
]


def _parsed(pipe, text: str):
    """The doc as the pipeline parses it (its own tagger tables in place of spaCy's rule components)."""
    return pipe.fast_tags(next(pipe.nlp.pipe([text], disable=pipe.fast_tags.disabled)))


def _git_show(path: str) -> str:
    try:
        out = subprocess.run(["git", "show", f"{REFERENCE}:{path}"], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"git is not usable here: {exc}")
    if out.returncode != 0:
        pytest.skip(f"commit {REFERENCE} is not in this checkout: {out.stderr.strip()}")
    return out.stdout


@pytest.fixture(scope="module")
def reference():
    """The extractor module of ``REFERENCE``, with the modality module of that commit."""
    names = {"modality": "tidings.events._reference_modality", "extract": "tidings.events._reference_extract"}
    sources = {key: _git_show(f"src/tidings/events/{key}.py") for key in names}
    sources["extract"] = sources["extract"].replace("from .modality import", "from ._reference_modality import")
    modules = {}
    try:
        for key in ("modality", "extract"):
            module = types.ModuleType(names[key])
            module.__package__ = "tidings.events"
            sys.modules[names[key]] = module  # dataclasses look their module up while the class is made
            exec(compile(sources[key], f"{REFERENCE}:{key}.py", "exec"), module.__dict__)
            modules[key] = module
        yield modules["extract"]
    finally:
        for name in names.values():
            sys.modules.pop(name, None)


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_parse_reads_the_tree_the_token_api_gives(pipe, text):
    doc = _parsed(pipe, text)
    p = DocReader().read(doc)
    for tok in doc:
        i = tok.i
        assert p.head[i] == tok.head.i
        assert p.kids[i] == [c.i for c in tok.children]
        assert p.lefts(i) == [c.i for c in tok.lefts]
        assert p.conjuncts(i) == [c.i for c in tok.conjuncts]
        assert p.subtree(i) == [c.i for c in tok.subtree]
        assert (p.dep[i], p.lower[i], p.lemma[i], p.pos[i], p.tag[i]) == (
            tok.dep_, tok.lower_, tok.lemma_.lower(), tok.pos_, tok.tag_)
        assert p.token(i) == tok and p.token(i).idx == tok.idx
        for prep in {c.lower_ for c in tok.children}:
            assert p.by_prep(i, prep) == [g.i for c in tok.children if c.dep_ in ("prep", "agent", "prt", "dative")
                                          and c.lower_ == prep for g in c.children if g.dep_ in ("pobj", "pcomp")]
    for sent in doc.sents:
        assert p.evidence(sent) == sent.text.strip()


def _run(extractor, pipe, doc, text, sentences=None):
    resolver = pipe.resolver.for_doc(doc, None, text)
    events = extractor.extract(doc, resolver, None, sentences)
    return events, resolver.mentions()


def test_events_are_those_the_token_walk_finds(pipe, reference):
    texts = PARAGRAPHS + [" ".join(c[0] for c in CASES)]
    old, new = reference.EventExtractor(pipe.lexicon), EventExtractor(pipe.lexicon)
    found = []
    for text in texts:
        doc = _parsed(pipe, text)
        want = _run(old, pipe, doc, text)
        assert _run(new, pipe, doc, text) == want, text
        found.extend(want[0])
        # some of the sentences only, as a caller may pass them
        some = [(k, s) for k, s in enumerate(doc.sents) if k % 2]
        assert _run(new, pipe, doc, text, some) == _run(old, pipe, doc, text, some), text
    # the comparison is worth something only if the texts hold events of many kinds
    assert {e.cameo_root for e in found} >= {"01", "02", "03", "04", "05", "10", "11", "12", "13", "14", "16",
                                              "17", "19"}
    assert {"appeal.urge", "consult.n-visit", "demand.obligation-clause", "consult.hold-talks"} <= {
        e.rule for e in found}
    assert any("+" in e.rule for e in found)  # an absorbed complement ("willing to send troops")
    assert any(e.extra.get("source_from") == "unresolved" for e in found)  # a passive with an unnamed doer
    assert any(e.modality.value != "asserted" for e in found) and any(e.reported for e in found)
