"""What the event extractor finds on a few paragraphs, recorded the same way for the golden file and for the test.

The paragraphs are news text written for these tests (and the sentences of ``tests.test_events.CASES``, as one
text): visits and talks, attacks by named and unnamed attackers, accusations, passives, absorbed complements
("urged Myanmar to release"), event nouns, modality, reported speech, relative clauses and conjoined actors. Each
text is coded whole and again with every other sentence only, as a caller may pass them. For each run the record
holds the events (``Event.to_dict()``, with ``extra``) and then the resolver's mentions: the resolver fills its
state as it is asked, so a change in what the extractor asks it shows up there too.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from spacy.tokens import Doc

from tests.test_events import CASES
from tidings.events.extract import EventExtractor
from tidings.pipeline import Pipeline

PARAGRAPHS = [
    # visits and talks
    "Chinese President Xi Jinping will visit South Korea next month, the foreign ministry in Beijing said on Monday. "
    "The French foreign minister met his German counterpart in Berlin on Tuesday. Turkey and Greece held talks in "
    "Athens on the disputed islands. Japan hosted the Indian prime minister for a state visit.",
    # attacks, unnamed attackers, a crowd placed where it acts, an object that names the target
    "Israeli aircraft struck targets in the Gaza Strip overnight, killing at least 12 people. Militants loyal to "
    "al-Qaeda attacked a police station in northern Iraq on Sunday. Five soldiers were killed in a car bombing in "
    "central Baghdad. Tens of thousands of residents blocked highways in Santiago. A Chinese nuclear-powered "
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


def texts() -> list[str]:
    """The paragraphs, then the sentences of ``CASES`` as one text."""
    return [*PARAGRAPHS, " ".join(c[0] for c in CASES)]


def parsed(pipe: Pipeline, text: str) -> Doc:
    """The doc as the pipeline parses it (its own tagger tables in place of spaCy's rule components)."""
    return pipe.nlp(text)


def run(pipe: Pipeline, extractor: EventExtractor, doc: Doc, text: str, odd: bool) -> dict[str, list[Any]]:
    """Events of the doc (of its odd-numbered sentences only, if ``odd``), then the resolver's mentions."""
    resolver = pipe.resolver.for_doc(doc, None, text)
    some = [(k, s) for k, s in enumerate(doc.sents) if k % 2] if odd else None
    events = extractor.extract(doc, resolver, None, some)
    return {"events": [e.to_dict() for e in events], "mentions": [asdict(a) for a in resolver.mentions()]}


def record(pipe: Pipeline) -> list[dict[str, Any]]:
    """One record per text: the text, its whole run and its odd-sentence run. One extractor for all, as in a run
    (its string caches outlive a doc)."""
    extractor = EventExtractor(pipe.lexicon)
    out = []
    for text in texts():
        doc = parsed(pipe, text)
        out.append({"text": text, "whole": run(pipe, extractor, doc, text, False),
                    "odd_sentences": run(pipe, extractor, doc, text, True)})
    return out
