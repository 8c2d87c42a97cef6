"""Write ``tests/golden/extract.json``: what the event extractor finds on the texts of ``extract_cases``.

Run ``.venv/bin/python tests/golden/make_extract_golden.py`` only when a change to what the extractor finds is
meant, and say in the commit which events changed and why: ``tests/test_speed_extract.py`` holds every later
extractor to this file. It was first written by the extractor of 7997a3c, whose events and resolver mentions
were those of the extractor of 25ddaab (the test then compared the two through git history).

The file has one line per event and per mention, so a changed answer is one changed line in a diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).with_name("extract.json")


def line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def layout(records: list[dict[str, Any]]) -> str:
    """``records`` as JSON: a record per text, its runs, and within a run one line per event and per mention."""

    def rows(items: list[Any], indent: str) -> str:
        if not items:
            return "[]"
        return "[\n" + ",\n".join(indent + " " + line(x) for x in items) + "\n" + indent + "]"

    def run(r: dict[str, list[Any]], indent: str) -> str:
        keys = [f'{indent} "{k}": {rows(v, indent + " ")}' for k, v in r.items()]
        return "{\n" + ",\n".join(keys) + "\n" + indent + "}"

    parts = []
    for rec in records:
        keys = [f'  "text": {line(rec["text"])}']
        keys += [f'  "{k}": {run(rec[k], "  ")}' for k in ("whole", "odd_sentences")]
        parts.append(" {\n" + ",\n".join(keys) + "\n }")
    return "[\n" + ",\n".join(parts) + "\n]\n"


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # ``tests`` importable when run as a script
    from tests.golden.extract_cases import record
    from tidings.pipeline import Pipeline

    GOLDEN.write_text(layout(record(Pipeline())), encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
