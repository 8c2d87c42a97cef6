"""``tidings kb``: checks the data files a user edits, and says exactly which entry is wrong.

Three levels, each run only when the one before passes: every file against its schema (``datafiles``: unknown
keys, wrong types, with file and line); what only the whole can tell (codes nobody defined, offices held twice at
once, terms naming two actors, lexicon entries outside their file's CAMEO root, themes listed twice); and, with
``--examples``, every lexicon ``example:`` run through the real pipeline, which must code at least one event of its
entry's CAMEO root. An example is documentation and a test at once: it shows what the rule codes. This is a job
(it runs the pipeline), so it sits with the jobs, above everything it checks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tidings.actors.kb import NON_STATE_CODES, build_kb_from, load_kb_from
from tidings.context.themes import ThemeMatcher
from tidings.datafiles import schema
from tidings.datafiles.check import check_tree
from tidings.datafiles.read import DataFile, data_dir, parse_date
from tidings.errors import DataFileError
from tidings.events import cameo
from tidings.events.lexicon import Entry, Lexicon, build_lexicon_from, load_lexicon_from
from tidings.models import Article, CodedArticle
from tidings.nlp.text_norm import fold

SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "ELI", "OPP", "PTY", "REB", "SPY", "BUS", "EDU", "MED",
                     "NGO", "CVL", "LAB", "REF", "HLH", "REL", "AGR", "ENV", "CRM", "UAF", "IGO", "MOD", "RAD",
                     "INS", "IMG", "JRN", "SEP", "MNC", "NGM", "HRI", "DEV", "ACT"})
HEAD_TITLES = ("president", "prime minister", "chancellor", "king", "queen", "emir", "supreme leader")


def _check_actor_file(file: DataFile, known: set[str], errors: list[str], warnings: list[str],
                      organisation: bool = False) -> None:
    """Codes an actor file uses that the knowledge base does not define, entries with no ``checked`` date, roles
    that end before they start and (``organisation``: a file of organisations or companies) overlapping roles."""
    for i, e in enumerate(file.data or []):
        label = e.get("id") or e.get("code") or e.get("name") or e.get("country")
        if "term" not in e and not e.get("checked"):
            warnings.append(f"{file.where((i,))} ({label}): no 'checked' date")
        if e.get("country") and e["country"] not in known:
            errors.append(f"{file.where((i, 'country'))}: unknown country code {e['country']!r}")
        for j, code in enumerate(e.get("countries") or []):  # a place two or more countries share
            if code not in known:
                errors.append(f"{file.where((i, 'countries', j))}: unknown country code {code!r}")
        if e.get("sector") and e["sector"] not in SECTORS:
            errors.append(f"{file.where((i, 'sector'))}: unknown sector {e['sector']!r}")
        spans: list[tuple[dt.date, dt.date, int]] = []
        for j, r in enumerate(e.get("roles") or []):
            where = f"{file.where((i, 'roles', j))} ({label})"
            if r.get("country") and r["country"] not in known:
                errors.append(f"{where}: role with unknown country {r['country']!r}")
            if r.get("sector") and r["sector"] not in SECTORS:
                errors.append(f"{where}: role with unknown sector {r['sector']!r}")
            s, en = parse_date(r.get("start")), parse_date(r.get("end"))
            if s is not None and en is not None and s > en:
                errors.append(f"{where}: role {r.get('title')!r} ends before it starts")
            spans.append((s or dt.date.min, en or dt.date.max, j))
        if organisation:
            # an organisation is one thing at a time: two of its roles on one day would make the answer depend
            # on the order they are written in
            spans.sort()
            for (_, end_a, a), (start_b, _, b) in zip(spans, spans[1:], strict=False):
                if start_b <= end_a:
                    errors.append(f"{file.where((i, 'roles', b))} ({label}): overlaps role {a} of the same "
                                  "organisation")
        for j, m in enumerate(e.get("metonyms") or []):
            if m.get("sector") and m["sector"] not in SECTORS:
                errors.append(f"{file.where((i, 'metonyms', j))}: unknown sector {m['sector']!r}")


def validate_all(root: Path | None = None) -> dict[str, Any]:
    """Every check of the data files under ``root`` (default: the packaged ``data/``): first each file against its
    schema (unknown keys, wrong types: all of them, with file and line), then, if they all pass, what only the
    whole can tell (codes nobody defined, overlapping offices, terms naming two actors, lexicon roots)."""
    root = root or data_dir()
    files, errors = check_tree(root)
    if errors:
        return {"counts": {}, "errors": errors, "warnings": []}
    warnings: list[str] = []
    try:
        kb = build_kb_from(root / "actors")  # built from the files, not the compiled copy: this is their check
    except DataFileError as exc:
        return {"counts": {}, "errors": [str(exc)], "warnings": []}
    known = set(kb.countries) | NON_STATE_CODES
    for file, kind in files:
        if kind.folder.startswith("actors"):
            _check_actor_file(file, known, errors, warnings, kind in (schema.ORGANISATION, schema.COMPANY))
        elif kind is schema.PLOVER:
            types = {c.plover for c in cameo.table().values() if c.plover}
            missing = sorted(types - set(file.data))
            if missing:
                errors.append(f"{file.where()}: no QuadClass for the PLOVER types {missing} of cameo.tsv")
    # one term meaning two different countries is ambiguous
    for term, entries in kb.terms.items():
        codes = {e.country for e in entries if e.kind != "person"}
        if len(codes) > 1:
            warnings.append(f"term {term!r} names several actors: {sorted(c or '?' for c in codes)}")
    # two people holding one head-of-state/government title of one country at once
    holders: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for p in kb.people.values():
        for r in p.roles:
            if fold(r.title) in HEAD_TITLES and r.start:
                holders[(r.country, fold(r.title))].append((r.start, r.end or dt.date.max, p.id))
    for (country, title), spans in holders.items():
        spans.sort()
        for (_s1, e1, p1), (s2, _e2, p2) in zip(spans, spans[1:], strict=False):
            if s2 < e1 and p1 != p2:
                until = e1 if e1 != dt.date.max else "now"
                warnings.append(f"{country} {title}: {p1} and {p2} overlap ({s2} < {until})")
    lex_errors: list[str] = []
    n_lex = n_imported = 0
    try:
        lex = build_lexicon_from((root / "lexicon",))
        n_lex = len(lex.entries)
        n_imported = sum(1 for e in lex.entries.values() if e.source)
        roots = {cameo.lookup(e.cameo).root for e in lex.entries.values()}
        missing = sorted({f"{i:02d}" for i in range(1, 21)} - roots)
        if missing:
            warnings.append(f"lexicon has no entry for CAMEO roots {missing}")
        for e in lex.entries.values():
            if not Path(e.file).name.startswith(cameo.lookup(e.cameo).root):
                warnings.append(f"{e.file}: {e.id} has code {e.cameo} outside the file's root")
            if not e.example and not e.source:  # an imported entry's pattern is its documentation
                warnings.append(f"{e.file}: {e.id} has no example")
    except DataFileError as exc:
        lex_errors.append(str(exc))
    errors.extend(lex_errors)
    n_themes = 0
    try:  # duplicate names or codes, themes without words
        n_themes = len(ThemeMatcher(root / "themes.yaml", cache=False).themes)
    except DataFileError as exc:
        errors.append(str(exc))
    counts = {
        "countries": len(kb.countries),
        "people": len(kb.people),
        "terms": len(kb.terms),
        "sector words": len(kb.sectors),
        "lexicon": n_lex,
        "lexicon imported": n_imported,  # of which from another coder's dictionary (``source`` says where)
        "themes": n_themes,
    }
    return {"counts": counts, "errors": errors, "warnings": warnings}


EXAMPLE_DATE = dt.date(2026, 1, 2)  # the examples' article date: every person in them holds today's role


class Coder(Protocol):
    """What the example run needs of a ``Pipeline``: its lexicon and its batch coder."""

    lexicon: Lexicon

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle]: ...


@dataclass(frozen=True)
class ExampleRun:
    """One lexicon entry's example and what the pipeline coded from it: (rule, CAMEO code) per event."""

    entry: Entry
    events: tuple[tuple[str, str], ...]

    @property
    def root(self) -> str:
        return cameo.lookup(self.entry.cameo).root

    @property
    def ok(self) -> bool:
        """The example codes an event of its entry's CAMEO root (not necessarily through this entry: a more
        specific entry of the same root, or the same act re-coded by modality, still shows the rule at work)."""
        return any(cameo.lookup(code).root == self.root for _, code in self.events)

    def describe(self) -> str:
        got = ", ".join(f"{code} by {rule}" for rule, code in self.events) or "no event"
        return (f"lexicon {self.entry.file}: {self.entry.id} ({self.entry.cameo}): example "
                f"{self.entry.example!r} codes no {self.root} event (got {got})")


def run_examples(pipe: Coder, day: dt.date = EXAMPLE_DATE) -> list[ExampleRun]:
    """Every lexicon example coded as an article of its own, in one batch through ``code_many``."""
    entries = [e for e in pipe.lexicon.entries.values() if e.example]
    articles = (Article(text=e.example or "", date=day, id=e.id) for e in entries)
    return [ExampleRun(e, tuple((ev.rule, ev.cameo) for ev in coded.events))
            for e, coded in zip(entries, pipe.code_many(articles), strict=True)]


def example_pipeline(root: Path | None = None, model: str | None = None) -> Coder:
    """The real pipeline (the one ``tidings code`` runs), with the knowledge base and lexicon of ``root`` when a
    data folder other than the packaged one is checked."""
    from tidings.pipeline import Pipeline  # the spaCy model loads only when examples are run

    if root is None:
        return Pipeline(model=model)
    return Pipeline(model=model, kb=load_kb_from(root / "actors"), lexicon=load_lexicon_from((root / "lexicon",)))


def check_examples(pipe: Coder) -> dict[str, Any]:
    """The examples' part of the ``tidings kb --examples`` report: counts, and one error per failing example."""
    runs = run_examples(pipe)
    failing = [r for r in runs if not r.ok]
    return {"counts": {"examples": len(runs), "failing examples": len(failing)},
            "errors": [r.describe() for r in failing]}
