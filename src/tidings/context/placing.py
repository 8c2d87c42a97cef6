"""Which places an article mentions: its place-like entities resolved in the light of one another, known names in
sentences the parser did not see, and the article's locations (one per distinct place) built from all of them.

Places are resolved in two passes: first each name on its own, then each name again in the light of everything
else the article mentions (other places, demonyms, the dateline), leaving its own mentions out so that "Georgia"
cannot vote for itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from tidings.actors.kb import best_entry
from tidings.context.places import Context, PlaceResolver
from tidings.models import Dateline, Location, Place, Span
from tidings.nlp.text_norm import fold

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACES = frozenset({"company", "org", "igo", "person", "metonym"})


@dataclass(frozen=True)
class PlaceMention:
    """One mention of a place: an entity of the parse, the dateline, or a known name in an unparsed sentence.
    ``span`` is in the text the mention was found in (``remap`` moves it to the article)."""

    place: Place
    span: Span
    text: str  # as the location's ``text`` shows it when this is the place's first mention


class EntityPlace(NamedTuple):
    """A place mention of the parse with what placing events needs: its entity and its sentence number."""

    mention: PlaceMention
    ent: SpacySpan
    sentence: int


class PlaceFinder:
    """Finds the places of an article; built once per pipeline, it caches what a name points to on its own."""

    def __init__(self, kb: Any, places: PlaceResolver) -> None:
        self.kb = kb
        self.places = places
        # (folded name, flags) -> (countries, divisions) the name points to on its own: the same names recur in
        # article after article, and what they point to depends on nothing else
        self._evidence: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def in_doc(self, doc: Doc, sent_of: list[int], dateline: Dateline | None,
               ents: tuple[SpacySpan, ...] | None = None) -> list[EntityPlace]:
        """Every GPE/LOC/FAC mention that resolves, disambiguated by the rest of the article, in text order
        (``ents``: the doc's entities, when the caller has them)."""
        raw: list[tuple[SpacySpan, str, dict[str, Any], tuple[str, str]]] = []  # (entity, name, flags, both)
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
        out: list[EntityPlace] = []
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
                mention = PlaceMention(place, Span(ent.start_char, ent.end_char), ent.text)
                out.append(EntityPlace(mention, ent, sent_of[ent.start]))
        return out  # in the entities' order, which is text order

    def in_unparsed(self, text: str, terms: list[tuple[int, int]], countries: set[str]) -> list[PlaceMention]:
        """Countries and capitals among the known terms (``terms``: their spans in ``text``) of sentences the
        parser did not see, read in the light of the article's other countries; the same term is the same place
        throughout the article."""
        context = Context(countries=countries)  # read, never changed, by PlaceResolver.best
        places: dict[str, Place | None] = {}
        out: list[PlaceMention] = []
        for start, end in terms:
            term = text[start:end]
            if term in places:
                place = places[term]
            else:
                e = best_entry(self.kb.lookup(term))
                ok = e is not None and e.kind in ("country", "capital")
                place = places[term] = self.places.best(fold(term), context) if ok else None
            if place is not None:
                out.append(PlaceMention(place, Span(start, end), term))
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

    def _mention(self, doc: Doc, ent: SpacySpan) -> tuple[SpacySpan, str, dict[str, Any]] | None:
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

    def _inner_place(self, ent: SpacySpan) -> str | None:
        for size in (3, 2, 1):
            for i in range(ent.start, ent.end - size + 1):
                words = ent.doc[i:i + size]
                if all(t.pos_ == "PROPN" for t in words):
                    key = fold(words.text)
                    if any(c.place.kind == "city" for c in self.places.candidates(key, allow_cc=False)):
                        return key
        return None


def with_dateline(dateline: Dateline | None, mentions: Iterable[PlaceMention]) -> list[PlaceMention]:
    """The dateline's place (shown under its own name) among ``mentions``, all in text order."""
    out = [PlaceMention(dateline.place, dateline.span, dateline.place.name)] if dateline is not None else []
    out += mentions
    out.sort(key=lambda m: m.span.start)  # stable: the dateline stays ahead of an entity at the same place
    return out


def locations(mentions: Iterable[PlaceMention]) -> tuple[Location, ...]:
    """One location per distinct place, in order of first mention, with every mention's span in ``mentions``'
    order and the first mention's text."""
    found: dict[tuple[Any, ...], tuple[Place, str, list[Span]]] = {}
    for m in mentions:
        p = m.place
        k = (p.geonames_id, p.name, p.country)
        entry = found.get(k)
        if entry is None:
            entry = found[k] = (p, m.text, [])
        entry[2].append(m.span)
    return tuple(Location(p, text, tuple(spans)) for p, text, spans in found.values())
