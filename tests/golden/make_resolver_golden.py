"""Write ``tests/golden/resolver.json``: what the resolver answers on the paragraphs of ``resolver_cases``.

Run ``.venv/bin/python tests/golden/make_resolver_golden.py`` only when a change to what the resolver answers is
meant, and say in the commit which answers changed and why: ``tests/test_speed_resolve2.py`` holds every later
resolver to this file. It was first written by the resolver of efa581e, which answered every question as the
resolver of 25ddaab did (the test then compared the two through git history).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).with_name("resolver.json")


def dumps(value: Any, indent: str = "") -> str:
    """JSON with one line per row: objects are spread over lines, a list of lists or objects gets a line per item,
    anything else stays on one line. A changed answer is then one changed line in a diff."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k)}: {dumps(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value and all(isinstance(v, (list, dict)) for v in value):
        if all(isinstance(v, dict) for v in value):
            return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + "\n" + indent + "]"
        return "[\n" + ",\n".join(inner + _line(v) for v in value) + "\n" + indent + "]"
    return _line(value)


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # ``tests`` importable when run as a script
    from tests.golden.resolver_cases import record
    from tidings.pipeline import Pipeline

    GOLDEN.write_text(dumps(record(Pipeline())) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
