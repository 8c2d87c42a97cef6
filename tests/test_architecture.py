"""The code's shape, checked: the data-flow layers (import-linter), no import cycle between modules (type-only
imports included), no private name used outside its module, no module far over 400 lines.

These hold the structure of issue 13 in place: a newcomer reads the folders as the data flow, and a change that
makes ``nlp/`` import ``events/``, or ``resolve.py`` poke at ``kb._index``, fails here with the offending line.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "tidings"
MAX_LINES = 420  # "about 400": a module over this is doing more than one job


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def test_layers_hold() -> None:
    """``lint-imports`` checks the contract in pyproject.toml: each folder imports only the folders below it."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.fail("import-linter is not installed: pip install -e '.[dev]'")
    proc = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.find_modules_directly_imported_by(w)))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
    return out


def test_no_import_cycle() -> None:
    """No two modules import each other, even only for type hints (``TYPE_CHECKING`` imports count)."""
    graph = grimp.build_graph("tidings", include_external_packages=False, exclude_type_checking_imports=False)
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a graph with a two-module cycle is reported."""
    graph = grimp.ImportGraph()
    for m in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(m)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == [["p.a", "p.b"]]


def _tidings_imports(tree: ast.Module) -> tuple[list[tuple[int, str, str]], dict[str, str]]:
    """(line, module, name) of every ``from tidings... import name``, and local names bound to tidings modules."""
    names, aliases = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tidings":
            for a in node.names:
                names.append((node.lineno, node.module, a.name))
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "tidings" and a.asname:
                    aliases[a.asname] = a.name
    return names, aliases


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(path: Path) -> list[str]:
    """Private names (``_x``) that ``path`` takes from another tidings module, by import or by attribute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names, aliases = _tidings_imports(tree)
    found = [f"{path.name}:{line}: from {mod} import {name}" for line, mod, name in names if _private(name)]
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_private_name_across_modules() -> None:
    found = [use for p in _modules() for use in private_uses(p)]
    assert found == []


def test_private_use_is_found(tmp_path: Path) -> None:
    """The check above can fail: both ways of reaching into a module are reported."""
    p = tmp_path / "m.py"
    p.write_text("from tidings.context.tone import _analyzer\nfrom tidings.actors import kb as k\nk._index\n")
    assert len(private_uses(p)) == 2


def test_no_module_over_about_400_lines() -> None:
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    assert {k: n for k, n in sizes.items() if n > MAX_LINES} == {}


def test_the_readme_picture_names_every_package() -> None:
    """The README's "Architecture" diagram and the folders agree: every package is in the picture, and every
    ``name/`` the picture shows is a package."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    picture = section.split("```", 2)[1]
    shown = set(re.findall(r"(?<![\w/.])([a-z_]+)/(?![\w/])", picture))
    packages = {p.parent.name for p in SRC.rglob("__init__.py") if p.parent != SRC}
    assert shown == packages
