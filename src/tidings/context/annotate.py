"""The GKG side of an article: dateline, places, dates, themes and tone, for the article and for each event.

``ContextAnnotator`` is built once per ``Pipeline`` (it holds the knowledge base and compiled themes; the
gazetteer and dateparser load lazily, once per process) and ``annotate`` runs on every article, so everything in
it is a pass over the doc's entities and tokens plus cached look-ups.

Places are resolved in two passes: first each name on its own, then each name again in the light of everything
else the article mentions (other places, demonyms, the dateline), leaving its own mentions out so that "Georgia"
cannot vote for itself. An event's location is the place the sentence puts it in ("in Tokyo", "at the border with
Turkey", "a visit to Beijing"), else the dateline; its date the temporal expression attached to it, else the
article date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from tidings.context.dateline import Dateline, find_dateline
from tidings.context.dates import DateMention, find_dates, resolve, warm_dates
from tidings.context.places import Context, Place, PlaceResolver, _cc_regexes
from tidings.context.themes import ThemeHit, summarise, theme_matcher
from tidings.context.tone import _analyzer, article_tone, densities
from tidings.models import Article, Event
from tidings.nlp.text_norm import fold

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACES = frozenset({"company", "org", "igo", "person", "metonym"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "along", "off", "within", "around",
                            "throughout"})
# "at the border with Turkey", "on the outskirts of Kyiv": the place is inside a noun phrase that is the location
LOCATIVE_NOUNS = frozenset({"border", "frontier", "coast", "capital", "city", "outskirts", "region", "province",
                            "waters", "shore", "area", "north", "south", "east", "west", "centre", "center",
                            "side", "edge", "heart", "streets", "airport", "port", "embassy", "parts", "part"})
MOTION = frozenset({"visit", "travel", "trip", "fly", "arrive", "come", "go", "head", "return", "journey", "sail",
                    "deploy", "send", "dispatch", "tour"})
EVENT_NOUNS = frozenset({"summit", "talks", "talk", "meeting", "conference", "visit", "protest", "attack",
                         "exercise", "drill", "rally", "forum", "negotiations"})


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int
    end: int
    sentence: int
    span: Span | None  # None for the dateline, which the NER rarely tags


class ContextAnnotator:
    """Adds dateline, locations, themes, tone and dates to an article, and location/date/themes to its events."""

    def __init__(self, kb: Any, warm: bool = False) -> None:
        self.kb = kb
        self.places = PlaceResolver(kb)
        self.themes = theme_matcher()
        # (folded name, flags) -> (countries, divisions) the name points to on its own: the same names recur in
        # article after article, and what they point to depends on nothing else
        self._evidence: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        if warm:
            self.places.gaz  # noqa: B018 - build the gazetteer now, not inside the first article
            # and the other per-process loads the first articles would otherwise pay (half a second together):
            warm_dates()  # dateparser's English locale data
            _cc_regexes()  # country_converter's name table, read on the first place name nobody else knows
            _analyzer()  # VADER's lexicon

    def annotate(self, doc: Doc, article: Article, events: list[Event] | tuple[Event, ...], with_tone: bool = True,
                 text: str | None = None, article_themes: bool = True) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """(article-level keys, one dict of extra keys per event in order).

        ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds ``doc.text`` from the tokens on every
        access); the entities are read once and shared by the place and date passes for the same reason.
        ``article_themes=False`` says the caller computes the article's themes elsewhere (the pipeline does, over
        every sentence, when the pre-filter parsed only some): the doc is then matched only if it has events, and
        the article-level theme keys hold what the parsed sentences gave, for the caller to replace.
        """
        if text is None:
            text = doc.text
        sents = list(doc.sents)
        sent_of = [0] * len(doc)
        for i, s in enumerate(sents):
            sent_of[s.start:s.end] = [i] * (s.end - s.start)
        ents = doc.ents
        dateline = find_dateline(text, self.places)
        mentions = self.place_mentions(doc, sent_of, dateline, ents)
        dates = find_dates(doc, sent_of, article.date, ents)
        if dateline is not None:
            dates = [d for d in dates if not dateline.start <= d.start < dateline.header_end]
        hits = self.themes.match(doc, sent_of) if article_themes or events else []
        names, spans = summarise(hits)
        dl_date = None
        if dateline is not None and dateline.date_text and article.date is not None:
            dl = resolve(dateline.date_text, article.date, None)
            dl_date = dl[0] if dl else None
        article_keys: dict[str, Any] = {
            "dateline": dateline.to_dict(dl_date) if dateline else None,
            "locations": _locations(mentions),
            "themes": names,
            "theme_spans": spans,
            "tone": article_tone(doc, sents, text) if with_tone else densities(doc),
            "dates": [d.to_dict() for d in dates],
        }
        per_event = [self._event(doc, sent_of, e, mentions, dates, hits, dateline, article) for e in events]
        return article_keys, per_event

    def country_of_place(self, name: str) -> tuple[str, str] | None:
        """(ISO3, place name) of a town or region by its most likely reading, for actor resolution."""
        key = fold(name)
        if not key or len(key) < 3:
            return None
        place = self.places.best(key, Context())
        if place is None or place.country is None or place.kind not in ("city", "state"):
            return None
        return place.country, place.name

    # ------------------------------------------------------------------------------------------------ places
    def place_mentions(self, doc: Doc, sent_of: list[int], dateline: Dateline | None,
                       ents: tuple[Span, ...] | None = None) -> list[PlaceMention]:
        """Every GPE/LOC/FAC mention that resolves, disambiguated by the rest of the article (``ents``: the doc's
        entities, when the caller has them)."""
        raw: list[tuple[Span, str, dict[str, Any], tuple[str, str]]] = []  # (entity, name, flags, name and flags)
        contrib: dict[str, tuple[set[str], set[str]]] = {}
        base = Context()
        if dateline is not None:
            if dateline.place.country:
                base.countries.add(dateline.place.country)
            if dateline.place.admin1:
                base.admin1.add(dateline.place.admin1)
        for ent in doc.ents if ents is None else ents:
            label = ent.label_
            if label == "NORP":
                for e in self.kb.lookup(ent.text):
                    if e.country and e.kind in ("demonym", "country"):
                        contrib.setdefault("norp:" + fold(ent.text), (set(), set()))[0].add(e.country)
                continue
            if label not in PLACE_LABELS:
                continue
            item = self._mention(doc, ent)
            if item is not None:
                ent, key, flags = item
                raw.append((ent, key, flags, (key, repr(sorted(flags.items())))))
        for _ent, key, flags, fk in raw:
            cs, a1 = contrib.setdefault(key, (set(), set()))
            own_cs, own_a1 = self._evidence_of(fk, flags)
            cs.update(own_cs)
            a1.update(own_a1)
        out: list[PlaceMention] = []
        if dateline is not None:
            out.append(PlaceMention(dateline.place, dateline.start, dateline.end, _sent_at(doc, sent_of,
                                                                                          dateline.start), None))
        ctx_cache: dict[str, Context] = {}
        resolved: dict[tuple[str, str], Place | None] = {}  # a name's context depends on the name alone
        for ent, key, flags, fk in raw:
            if fk in resolved:
                place = resolved[fk]
            else:
                ctx = ctx_cache.get(key)
                if ctx is None:
                    ctx = Context(set(base.countries), set(base.admin1))
                    for k, (cs, a1) in contrib.items():
                        if k != key:
                            ctx.countries |= cs
                            ctx.admin1 |= a1
                    ctx_cache[key] = ctx
                place = resolved[fk] = self.places.best(key, ctx, **flags)
            if place is not None:
                out.append(PlaceMention(place, ent.start_char, ent.end_char, sent_of[ent.start], ent))
        out.sort(key=lambda m: m.start)
        return out

    def _evidence_of(self, fk: tuple[str, str], flags: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(countries, first-level divisions) that the name ``fk[0]`` with these flags (``fk[1]`` is their repr)
        points to on its own: its best reading in no context, and the knowledge base's countries and capitals
        of that name. Cached across articles, since neither depends on the article."""
        hit = self._evidence.get(fk)
        if hit is None:
            key = fk[0]
            place = self.places.best(key, Context(), **flags)
            countries: list[str] = []
            admin1: list[str] = []
            if place is not None and place.country:
                countries.append(place.country)
                if place.admin1:
                    admin1.append(place.admin1)
            countries += [e.country for e in self.kb.lookup(key) if e.country and e.kind in ("country", "capital")]
            hit = (tuple(countries), tuple(admin1))
            if len(self._evidence) > 50_000:
                self._evidence.clear()
            self._evidence[fk] = hit
        return hit

    def _mention(self, doc: Doc, ent: Span) -> tuple[Span, str, dict[str, Any]] | None:
        """(entity, folded name, flags for PlaceResolver.best), or None when the name is not a place."""
        text = ent.text
        flags: dict[str, Any] = {}
        if ", " in text:  # "Paris, Texas" tagged as one entity
            text, flags["qualifier"] = text.split(", ", 1)
        elif ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].ent_iob_ == "B" \
                and doc[ent.end + 1].ent_type_ == "GPE":
            nxt = doc[ent.end + 1]
            q_end = nxt.i + 1
            while q_end < len(doc) and doc[q_end].ent_iob_ == "I":
                q_end += 1
            flags["qualifier"] = doc[nxt.i:q_end].text
        key = fold(text)
        if not key:
            return None
        entries = self.kb.lookup(key)
        if entries and not any(e.kind in ("country", "capital") for e in entries) \
                and any(e.kind in NOT_PLACES for e in entries):
            return None  # "Nvidia" tagged GPE, "White House" as FAC: actors, not places
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        if before is not None and before.lower_ == "the" and ent.root.dep_ not in ("compound", "amod", "nmod") \
                and (after is None or after.text not in ("-", "–")):
            flags["the_before"] = True
        if after is not None and after.lower_ == "state" and (ent.end + 1 >= len(doc) or doc[ent.end + 1].pos_
                                                              not in ("NOUN", "PROPN")):
            flags["state_word"] = True
        if ent.label_ == "FAC" and not self.places.candidates(key, allow_cc=False):
            inner = self._inner_place(ent)  # "Beijing Capital International Airport" is in Beijing
            if inner is None:
                return None
            key = inner
        if ent.label_ != "GPE":
            flags["allow_cc"] = False
        return ent, key, flags

    def _inner_place(self, ent: Span) -> str | None:
        for size in (3, 2, 1):
            for i in range(ent.start, ent.end - size + 1):
                words = ent.doc[i:i + size]
                if all(t.pos_ == "PROPN" for t in words):
                    key = fold(words.text)
                    if any(c.place.kind == "city" for c in self.places.candidates(key, allow_cc=False)):
                        return key
        return None

    # ------------------------------------------------------------------------------------------------ events
    def _event(self, doc: Doc, sent_of: list[int], event: Event, mentions: list[PlaceMention],
               dates: list[DateMention], hits: list[ThemeHit], dateline: Dateline | None, article: Article
               ) -> dict[str, Any]:
        trig = _trigger_token(doc, event)
        # the sentence is found from the trigger's offsets: the pipeline may number sentences its own way
        s_idx = sent_of[trig.i] if trig is not None else event.sentence
        location, loc_source = None, None
        ranked = []
        for m in mentions:
            if m.sentence != s_idx or m.span is None:
                continue
            anchor = _locative_anchor(m.span)
            if anchor is not None:
                ranked.append((_rank(anchor, trig), abs(m.start - trig.idx) if trig is not None else 0, m))
        if ranked:
            location, loc_source = min(ranked, key=lambda x: (x[0], x[1]))[2].place.brief(), "sentence"
        elif dateline is not None:
            location, loc_source = dateline.place.brief(), "dateline"
        event_date, date_source = None, None
        in_sent = [d for d in dates if d.sentence == s_idx]
        ranked_d = []
        for d in in_sent:
            tok = doc[d.root]
            r = _rank(tok.head if tok.dep_ == "pobj" else tok, trig)
            if r <= 1 or len(in_sent) == 1:
                ranked_d.append((r, abs(tok.idx - trig.idx) if trig is not None else 0, d))
        if ranked_d:
            event_date, date_source = min(ranked_d, key=lambda x: (x[0], x[1]))[2].value, "sentence"
        elif article.date is not None:
            event_date, date_source = article.date.isoformat(), "article"
        themes: list[str] = []
        for h in hits:
            if h.sentence == s_idx and h.theme.name not in themes:
                themes.append(h.theme.name)
        return {"event_date": event_date, "date_source": date_source, "location": location,
                "location_source": loc_source, "themes": themes}


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger_span.start, event.trigger_span.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _rank(anchor: Token, trig: Token | None) -> int:
    """0: attached inside the event's own phrase; 1: to a word that governs the event; 2: elsewhere."""
    if trig is None:
        return 2
    if anchor.i == trig.i or trig.is_ancestor(anchor):
        return 0
    if anchor.is_ancestor(trig) or (anchor.head.i != anchor.i and anchor.head.is_ancestor(trig)):
        return 1
    return 2


def _locative_anchor(ent: Span) -> Token | None:
    """The preposition (or event noun) that makes a place mention a location, or None ("ties with Seoul")."""
    tok = ent.root
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in EVENT_NOUNS:
        return tok.head  # "the Tokyo summit"
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("visit", "tour"):
        return tok.head  # "will visit Moscow"
    via_noun = False
    for _ in range(4):
        prep = tok.head
        if prep.i == tok.i or prep.pos_ != "ADP":
            return None
        word, governor = prep.lower_, prep.head
        if word in LOCATIVE_PREPS or (word == "on" and via_noun):  # "on the outskirts of Kyiv", not "on Taiwan"
            return prep
        if word == "to" and governor.lemma_.lower() in MOTION:
            return prep
        if word in ("with", "of", "to", "from") and governor.lemma_.lower() in LOCATIVE_NOUNS:
            tok, via_noun = governor, True
            continue
        return None
    return None


def _sent_at(doc: Doc, sent_of: list[int], char: int) -> int:
    tok = doc.char_span(char, char + 1, alignment_mode="expand")
    return sent_of[tok.start] if tok is not None and len(tok) else 0


def _locations(mentions: list[PlaceMention]) -> list[dict[str, Any]]:
    """One entry per distinct place, in order of first mention, with every mention's span."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for m in mentions:
        p = m.place
        k = (p.geonames_id, p.name, p.country)
        if k not in out:
            out[k] = dict(p.to_dict(), text=m.span.text if m.span is not None else p.name, count=0, spans=[])
        out[k]["count"] += 1
        out[k]["spans"].append([m.start, m.end])
    return list(out.values())
