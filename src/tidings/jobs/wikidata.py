"""``tidings kb update --wikidata``: refresh the knowledge base's dated roles from Wikidata's public SPARQL endpoint.

Who held which office when is the fact that goes stale fastest, and Wikidata keeps it with dates: every "position
held" statement (P39) has its start (P580) and end (P582), and every office its country (P17, P1001). The queries
below ask for the people who held the offices event data cares about (heads of state and government, ministers,
leaders of legislatures, central bank governors, military chiefs, party leaders) and for political parties and
central banks with their country and dissolution. The answers become two YAML files in the knowledge
base's own format (``people/wikidata.yaml``, ``organisations_wikidata.yaml``), each entry with its Wikidata id and
each role with the id of its office, that the knowledge base loads after its own files:

- a person whose name is a curated person's name gets the curated id, so the loader merges the two and the
  curated roles, listed first, win on any day both cover (``Person.role_on``);
- a name shared by two Wikidata people or two parties ("Liberal Party") is left out: a term must name one actor;
- an organisation whose name is already a curated term is left out (the curated entry wins).

It is never needed at run time: the command runs when a user wants newer facts, and its output is plain data that
``tidings kb`` checks like any other file. Requests are paged (LIMIT/OFFSET, ordered for stable pages), carry a
User-Agent naming the tool as Wikimedia's policy asks, time out, and are retried with back-off on a network error,
a 429 or a 5xx (honouring Retry-After). A refresh that fails leaves the previous files as they were: both files are
written to temporary files, checked against their schema, and only then moved into place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tidings.datafiles import schema
from tidings.datafiles.check import read
from tidings.errors import TidingsError
from tidings.nlp.text_norm import fold

ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = "tidings/0.1 (political event coder; tidings kb update --wikidata) Python-urllib"
PAGE_SIZE = 5000

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# how each kind of office is found: a pattern binding ?pos (the office) and ?country (a state with an ISO3 code)
OFFICES: dict[str, tuple[str, str]] = {
    # the offices countries name as held by their head of state (P1906) and of government (P1313)
    "heads": ("GOV", "?country wdt:P1906|wdt:P1313 ?pos ."),
    # offices that are ministers (Q83307), of a country
    "ministers": ("GOV", "?pos wdt:P31/wdt:P279* wd:Q83307 ; wdt:P1001|wdt:P17 ?country ."),
    # offices directing (P2389) a legislature (Q11204): speakers, presidents of parliaments
    "legislatures": ("LEG", "?pos wdt:P2389 ?body . ?body wdt:P31/wdt:P279* wd:Q11204 ; wdt:P17 ?country ."),
    # offices directing a central bank (Q66344)
    "central_banks": ("GOV", "?pos wdt:P2389 ?body . ?body wdt:P31/wdt:P279* wd:Q66344 ; wdt:P17 ?country ."),
    # offices directing a military (Q8473): chiefs of staff, commanders of the armed forces
    "military": ("MIL", "?pos wdt:P2389 ?body . ?body wdt:P31/wdt:P279* wd:Q8473 ; wdt:P17 ?country ."),
    # offices directing a political party (Q7278)
    "party_leaders": ("PTY", "?pos wdt:P2389 ?body . ?body wdt:P31/wdt:P279* wd:Q7278 ; wdt:P17 ?country ."),
}

PEOPLE_QUERY = PREFIXES + """# tidings:{kind}
SELECT ?st ?person ?personLabel ?pos ?posLabel ?iso3 ?countryLabel ?start ?end WHERE {{
  {pattern}
  ?country wdt:P298 ?iso3 .
  ?person p:P39 ?st . ?st ps:P39 ?pos ; pq:P580 ?start .
  OPTIONAL {{ ?st pq:P582 ?end }}
  FILTER(!BOUND(?end) || ?end >= "{since}-01-01T00:00:00Z"^^xsd:dateTime)
  ?person rdfs:label ?personLabel . FILTER(LANG(?personLabel) = "en")
  ?pos rdfs:label ?posLabel . FILTER(LANG(?posLabel) = "en")
  ?country rdfs:label ?countryLabel . FILTER(LANG(?countryLabel) = "en")
}}
ORDER BY ?st
LIMIT {limit} OFFSET {offset}
"""

# organisations with their country: political parties (PTY) and central banks (GOV, as CAMEO codes them)
ORGANISATIONS: dict[str, tuple[str, str]] = {"parties": ("PTY", "Q7278"), "banks": ("GOV", "Q66344")}

ORG_QUERY = PREFIXES + """# tidings:{kind}
SELECT ?org ?orgLabel ?iso3 ?dissolved WHERE {{
  ?org wdt:P31/wdt:P279* wd:{cls} ; wdt:P17 ?country .
  ?country wdt:P298 ?iso3 .
  OPTIONAL {{ ?org wdt:P576 ?dissolved }}
  FILTER(!BOUND(?dissolved) || ?dissolved >= "{since}-01-01T00:00:00Z"^^xsd:dateTime)
  ?org rdfs:label ?orgLabel . FILTER(LANG(?orgLabel) = "en")
}}
ORDER BY ?org
LIMIT {limit} OFFSET {offset}
"""


class WikidataError(TidingsError):
    """The endpoint did not answer usably after every retry, or the files could not be written (exit 1: the
    previous files are unchanged)."""


@dataclass(frozen=True)
class Client:
    """How to ask the endpoint: where, how long to wait for one answer, how often to retry, and how long to wait
    between tries (doubling each time, unless the server says how long in Retry-After)."""

    endpoint: str = ENDPOINT
    timeout: float = 120.0
    retries: int = 4
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep

    def ask(self, query: str) -> list[dict[str, Any]]:
        """The result rows of one SPARQL query (SPARQL 1.1 JSON results), each variable by its value."""
        body = urllib.parse.urlencode({"query": query, "format": "json"}).encode()
        req = urllib.request.Request(self.endpoint, data=body, method="POST", headers={
            "User-Agent": USER_AGENT, "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded"})
        last, tries = "no answer", 0
        for attempt in range(self.retries + 1):
            tries += 1
            wait = self.backoff * 2 ** attempt
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data = json.loads(resp.read().decode("utf-8"))
                return [{k: v.get("value") for k, v in row.items()} for row in data["results"]["bindings"]]
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
                if exc.code != 429 and exc.code < 500:
                    break  # a bad query or a refusal: asking again gives the same answer
                after = exc.headers.get("Retry-After") if exc.headers else None
                if after and after.strip().isdigit():
                    wait = min(float(after), 300.0)
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                last = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
            except (ValueError, KeyError, TypeError) as exc:
                last = f"not SPARQL JSON results ({type(exc).__name__})"
            if attempt < self.retries:
                self.sleep(wait)
        raise WikidataError(f"{self.endpoint}: {last} after {tries} {'try' if tries == 1 else 'tries'}; nothing was "
                            "written")

    def pages(self, template: str, page_size: int, **fields: str) -> tuple[list[dict[str, Any]], int]:
        """All rows of a paged query, and the number of requests it took."""
        rows: list[dict[str, Any]] = []
        offset = requests = 0
        while True:
            page = self.ask(template.format(limit=page_size, offset=offset, **fields))
            requests += 1
            rows += page
            if len(page) < page_size:
                return rows, requests
            offset += page_size


def qid(uri: str | None) -> str:
    """``Q9545`` of ``http://www.wikidata.org/entity/Q9545``."""
    return (uri or "").rsplit("/", 1)[-1]


def day_of(value: str | None) -> dt.date | None:
    """The date of a Wikidata time ("1997-05-02T00:00:00Z"); None for none or a date before year 1."""
    if not value or value.startswith("-"):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def title_of(office: str, country: str) -> str:
    """The office as the knowledge base's titles read: lower case, without its country ("Prime Minister of the
    United Kingdom" -> "prime minister")."""
    t = office.strip()
    for tail in (f" of the {country}", f" of {country}"):
        if t.lower().endswith(tail.lower()):
            t = t[: -len(tail)]
    return t.lower() if t[:1].isupper() and not t.isupper() else t


Rows = list[tuple[str, dict[str, Any]]]  # (kind of query, result row)


def people_from(rows: Rows, curated: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    """Person entries from (kind, row) pairs; ``curated``: folded name -> curated person id. Returns the entries
    and the number of rows dropped (no date, a name two Wikidata people share)."""
    by_person: dict[str, dict[str, Any]] = {}
    names: dict[str, set[str]] = defaultdict(set)
    dropped = 0
    for kind, r in rows:
        start, end = day_of(r.get("start")), day_of(r.get("end"))
        if start is None or not r.get("iso3") or not r.get("personLabel"):
            dropped += 1
            continue
        pid = qid(r.get("person"))
        names[fold(r["personLabel"])].add(pid)
        p = by_person.setdefault(pid, {"name": r["personLabel"], "roles": []})
        role = {"country": r["iso3"], "sector": OFFICES[kind][0],
                "title": title_of(r.get("posLabel") or "", r.get("countryLabel") or ""),
                "start": start, "end": end if end is not None and end >= start else None,
                "source": f"wikidata:{qid(r.get('pos'))}"}
        if role not in p["roles"]:
            p["roles"].append(role)
    out = []
    for pid, p in sorted(by_person.items(), key=lambda kv: (kv[1]["name"], kv[0])):
        key = fold(p["name"])
        if len(names[key]) > 1:
            dropped += len(p["roles"])
            continue
        roles = sorted(p["roles"], key=lambda r: (r["start"], r["title"]), reverse=True)
        out.append({"id": curated.get(key, f"wikidata-{pid.lower()}"), "name": p["name"], "roles": roles,
                    "wikidata": pid})
    return out, dropped


def organisations_from(rows: Rows, curated_terms: set[str]) -> tuple[list[dict[str, Any]], int]:
    """Organisation entries from (kind, row) pairs, leaving out names the curated files use or that two share."""
    names: dict[str, set[str]] = defaultdict(set)
    found: dict[str, dict[str, Any]] = {}
    for kind, r in rows:
        oid, name = qid(r.get("org")), r.get("orgLabel") or ""
        if not name or not r.get("iso3") or oid in found:
            continue
        names[fold(name)].add(oid)
        sector = ORGANISATIONS[kind][0]
        entry: dict[str, Any] = {"id": f"wikidata-{oid.lower()}", "name": name, "country": r["iso3"],
                                 "sector": sector}
        end = day_of(r.get("dissolved"))
        if end is not None:
            # a dissolved body: its sector holds up to its last day, none after (a role without sector)
            entry["roles"] = [{"start": end + dt.timedelta(days=1), "end": None, "source": f"wikidata:{oid} P576"}]
        entry["wikidata"] = oid
        found[oid] = entry
    keep = [e for e in found.values() if len(names[fold(e["name"])]) == 1 and fold(e["name"]) not in curated_terms]
    return sorted(keep, key=lambda e: (e["name"], e["id"])), len(found) - len(keep)


def write_checked(files: list[tuple[Path, list[dict[str, Any]], schema.Schema]], header: str) -> None:
    """Write each file's entries as YAML to a temporary file beside it, check each against its schema, and only
    when all pass move them into place: a failed or interrupted refresh leaves the previous files whole."""
    ready: list[tuple[str, Path]] = []
    try:
        for path, entries, kind in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".yaml")
            ready.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(header + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=120))
            read(Path(tmp), kind)
        for tmp, path in ready:
            os.replace(tmp, path)
    except OSError as exc:
        raise WikidataError(f"{exc.filename or files[0][0].parent}: cannot write ({exc.strerror}); the previous "
                            "files are unchanged") from None
    finally:
        for tmp, _ in ready:
            Path(tmp).unlink(missing_ok=True)


def update_from_wikidata(out_dir: Path, client: Client, curated_kb: Any, page_size: int = PAGE_SIZE,
                         since: int = 1990) -> dict[str, Any]:
    """Query the endpoint and write ``out_dir/people/wikidata.yaml`` and ``out_dir/organisations_wikidata.yaml``.

    ``curated_kb``: the knowledge base built from the curated files only (not from an earlier refresh), whose
    names decide which Wikidata people merge with a curated person and which organisations are left out.
    Returns counts for the report: requests, rows, entries written and dropped, seconds taken."""
    began = time.monotonic()
    requests = 0
    person_rows: list[tuple[str, dict[str, Any]]] = []
    for kind, (_, pattern) in OFFICES.items():
        rows, n = client.pages(PEOPLE_QUERY, page_size, kind=kind, pattern=pattern, since=str(since))
        requests += n
        person_rows += [(kind, r) for r in rows]
    org_rows: list[tuple[str, dict[str, Any]]] = []
    for kind, (_, cls) in ORGANISATIONS.items():
        rows, n = client.pages(ORG_QUERY, page_size, kind=kind, cls=cls, since=str(since))
        requests += n
        org_rows += [(kind, r) for r in rows]
    # what the curated files name (an earlier refresh's files are in the knowledge base too: their terms are not
    # curated, and their people's ids, made from Wikidata ids, come out the same again)
    own = {key for key, sources in curated_kb.sources.items()
           if any("wikidata" not in src.split(":", 1)[0] for src in sources)}
    curated = {fold(p.name): p.id for p in curated_kb.people.values() if not p.id.startswith("wikidata-")}
    for key in own:
        for e in curated_kb.terms.get(key, ()):
            if e.kind == "person" and not e.id.startswith("wikidata-"):
                curated.setdefault(key, e.id)
    people, people_dropped = people_from(person_rows, curated)
    orgs, orgs_dropped = organisations_from(org_rows, own)
    today = dt.date.today().isoformat()
    for entry in people + orgs:
        entry["checked"] = today
    header = (f"# Written by `tidings kb update --wikidata` on {today} from {client.endpoint} (Wikidata, CC0).\n"
              f"# {requests} requests; roles ending before {since} left out. Do not edit: the next refresh\n"
              "# replaces this file. Curated files win over it (see docs/data-files.md).\n")
    write_checked([(out_dir / "people" / "wikidata.yaml", people, schema.PERSON),
                   (out_dir / "organisations_wikidata.yaml", orgs, schema.ORGANISATION)], header)
    return {"requests": requests, "rows": len(person_rows) + len(org_rows), "people": len(people),
            "roles": sum(len(p["roles"]) for p in people), "organisations": len(orgs),
            "merged_with_curated": sum(1 for p in people if not p["id"].startswith("wikidata-")),
            "dropped": people_dropped + orgs_dropped, "seconds": round(time.monotonic() - began, 1),
            "files": [str(out_dir / "people" / "wikidata.yaml"), str(out_dir / "organisations_wikidata.yaml")]}
