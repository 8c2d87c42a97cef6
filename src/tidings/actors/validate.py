"""``tidings kb``: checks the data files a user edits, and says exactly which entry is wrong."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import yaml

from tidings.actors.kb import NON_STATE_CODES, data_dir, load_kb_from
from tidings.errors import DataFileError
from tidings.events import cameo
from tidings.nlp.text_norm import fold

SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "ELI", "OPP", "PTY", "REB", "SPY", "BUS", "EDU", "MED",
                     "NGO", "CVL", "LAB", "REF", "HLH", "REL", "AGR", "ENV", "CRM", "UAF", "IGO", "MOD", "RAD",
                     "INS", "IMG", "JRN", "SEP", "MNC", "NGM", "HRI", "DEV", "ACT"})
HEAD_TITLES = ("president", "prime minister", "chancellor", "king", "queen", "emir", "supreme leader")


def validate_all() -> dict[str, Any]:
    errors: list[str] = []
    warnings: list[str] = []
    actors_dir = data_dir() / "actors"
    try:
        kb = load_kb_from(actors_dir)
    except DataFileError as exc:
        return {"counts": {}, "errors": [str(exc)], "warnings": []}
    known = set(kb.countries) | NON_STATE_CODES
    # raw files: missing 'checked', unknown codes
    for path in sorted(actors_dir.rglob("*.yaml")):
        for i, e in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            where = f"{path.relative_to(actors_dir)}[{i}]"
            if not isinstance(e, dict):
                errors.append(f"{where}: not a mapping")
                continue
            if "term" not in e and not e.get("checked"):
                warnings.append(f"{where} ({e.get('id') or e.get('code') or e.get('name')}): no 'checked' date")
            if e.get("country") and e["country"] not in known:
                errors.append(f"{where}: unknown country code {e['country']!r}")
            if e.get("sector") and e["sector"] not in SECTORS:
                errors.append(f"{where}: unknown sector {e['sector']!r}")
            for r in e.get("roles") or []:
                if r.get("country") not in known:
                    errors.append(f"{where} ({e.get('id')}): role with unknown country {r.get('country')!r}")
                if r.get("sector") and r["sector"] not in SECTORS:
                    errors.append(f"{where} ({e.get('id')}): role with unknown sector {r['sector']!r}")
                s, en = r.get("start"), r.get("end")
                if isinstance(s, dt.date) and isinstance(en, dt.date) and s > en:
                    errors.append(f"{where} ({e.get('id')}): role {r.get('title')!r} ends before it starts")
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
    n_lex = 0
    try:
        from tidings.events.lexicon import load_lexicon_from

        lex = load_lexicon_from((data_dir() / "lexicon",))
        n_lex = len(lex.entries)
        roots = {cameo.lookup(e.cameo).root for e in lex.entries.values()}
        missing = sorted({f"{i:02d}" for i in range(1, 21)} - roots)
        if missing:
            warnings.append(f"lexicon has no entry for CAMEO roots {missing}")
        for e in lex.entries.values():
            if not e.file.startswith(cameo.lookup(e.cameo).root):
                warnings.append(f"{e.file}: {e.id} has code {e.cameo} outside the file's root")
    except DataFileError as exc:
        lex_errors.append(str(exc))
    errors.extend(lex_errors)
    counts = {
        "countries": len(kb.countries),
        "people": len(kb.people),
        "terms": len(kb.terms),
        "sector words": len(kb.sectors),
        "lexicon": n_lex,
    }
    return {"counts": counts, "errors": errors, "warnings": warnings}
