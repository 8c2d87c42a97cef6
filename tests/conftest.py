"""Shared fixtures: the real spaCy model and the packaged knowledge base, loaded once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article.txt"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def compiled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled data (``datafiles.compiled``) goes to a folder of the test session, never the user's ~/.cache;
    the CLI subprocesses the tests start inherit it. A ``TIDINGS_CACHE_DIR`` already set is kept."""
    if "TIDINGS_CACHE_DIR" not in os.environ:
        os.environ["TIDINGS_CACHE_DIR"] = str(tmp_path_factory.mktemp("compiled"))
    return Path(os.environ["TIDINGS_CACHE_DIR"])


@pytest.fixture(scope="session")
def pipe() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed/article.txt is not beside this checkout")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(pipe: Pipeline, seed_text: str):
    return pipe.code(seed_text, date="2026-01-02")


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: int = 300):
    """Run the installed console script the way a user does."""
    env = dict(os.environ)
    env.pop("TIDINGS_DEBUG", None)
    exe = Path(sys.executable).with_name("tidings")
    cmd = [str(exe), *args] if exe.exists() else [sys.executable, "-m", "tidings.cli", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout, cwd=cwd, env=env)
