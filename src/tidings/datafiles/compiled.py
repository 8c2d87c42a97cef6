"""Compiled data: what is built from the data files, kept in the user's cache folder between processes.

Reading the knowledge base, the lexicon and the gazetteer from their sources costs seconds on every start (YAML
parsed and checked, 30,000 geonames records folded and indexed); the objects they become unpickle in a tenth of
that. ``compiled`` returns the object from a cache file when the file was made from the same sources, and otherwise
builds it with the caller's function, saves it and says so in one line on stderr. The YAML stays the source of
truth: the cache is only ever a copy, rebuilt whenever anything it was made from changes.

A cache file is keyed by a hash of
- the bytes of every source file (a folder counts with every file under it, by relative path), and the caller's
  extra ``parts`` (the version of a library whose data is compiled, the model whose tokenizer was used);
- the versions of Python and spaCy, ``FORMAT``, and the bytes of tidings' own source files: they hold its version,
  and a code change can change what a build makes while a development checkout keeps one version number.

Its header holds the key and a checksum of the payload; a file that does not match (another key, truncated,
corrupt, unpicklable) is rebuilt, never a traceback. Files are written to a temporary file in the same folder and
moved into place with ``os.replace``, so two processes starting at once both build, both succeed, and the file is
always one whole build. ``TIDINGS_CACHE=off`` turns the cache off; ``TIDINGS_CACHE_DIR`` moves it (default
``$XDG_CACHE_HOME/tidings``, else ``~/.cache/tidings``). One file per kind of object, set of source folders and
environment: a data change replaces its file rather than adding one, while two installs of different versions (two
checkouts, two virtual environments) each keep their own file instead of rebuilding over each other on every
start; only the ``KEEP_ENVIRONMENTS`` newest environments' files of a kind are kept.

What is cached must be plain Python data (pickle, highest protocol): no spaCy ``Vocab`` or ``StringStore``, which
belong to the process's model.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from tidings.errors import first_line

T = TypeVar("T")

FORMAT = 1  # bump when the layout of the header or of a compiled object changes without a code change
MAGIC = b"tidings-compiled\n"
OFF_VALUES = frozenset({"off", "0", "no", "false"})
NO_COPY = "no compiled copy yet"
KEEP_ENVIRONMENTS = 3  # files of one kind and source set from other installs kept beside the current one's


def cache_dir() -> Path | None:
    """Where compiled files go: ``TIDINGS_CACHE_DIR``, else ``$XDG_CACHE_HOME/tidings``, else ``~/.cache/tidings``;
    None when ``TIDINGS_CACHE`` is off."""
    if os.environ.get("TIDINGS_CACHE", "").strip().lower() in OFF_VALUES:
        return None
    own = os.environ.get("TIDINGS_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "tidings"


def compiled(name: str, build: Callable[[], T], *, what: str, sources: Iterable[Path] = (),
             parts: Iterable[str] = ()) -> T:
    """``build()``, or the object an earlier ``build()`` from the same sources saved.

    ``name`` names the kind of object (a file name part: "kb", "gazetteer"); ``what`` is how the stderr line names
    it ("the knowledge base"); ``sources`` are the files and folders it is built from; ``parts`` anything else the
    build depends on. An error in ``build`` (a bad data file) propagates and nothing is saved."""
    sources = tuple(sources)
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        data_key = _data_key(name, sources, tuple(parts))
    except OSError:
        return build()  # a source that cannot be read: the build says which, as a data file error
    env_key = environment_key()
    slot = _slot(name, sources)
    path = folder / f"{name}-{slot}-{env_key[:12]}.pickle"
    found, reason = _load(path, data_key, env_key)
    if reason is None:
        return found  # type: ignore[return-value] - what the build of this key returned
    if reason == NO_COPY and any(p != path for p in folder.glob(f"{name}-{slot}-*.pickle")):
        reason = "tidings, spaCy or Python changed"  # another install's build is there, none of this one
    start = time.perf_counter()
    obj = build()
    took = time.perf_counter() - start
    problem = _save(path, data_key, env_key, obj)
    if problem is None:
        _prune(folder, f"{name}-{slot}-*.pickle")
        (folder / f"{name}-{slot}.pickle").unlink(missing_ok=True)  # the name before files were kept per install
    note = f"; not saved: {problem}" if problem else ""
    sys.stderr.write(f"tidings: {reason}, compiling {what} ({took:.1f} s{note})\n")
    return obj


def _slot(name: str, sources: tuple[Path, ...]) -> str:
    """The part of the file name that tells sets of source folders apart (the packaged data, a user's copy)."""
    where = "\n".join(str(p.resolve()) for p in sources)
    return hashlib.blake2b(f"{name}\n{where}".encode(), digest_size=6).hexdigest()


def _data_key(name: str, sources: tuple[Path, ...], parts: tuple[str, ...]) -> str:
    """A hash of the sources' bytes (with their relative paths) and of ``parts``: what the object is made of."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{name}\n".encode())
    for part in parts:
        h.update(f"part {len(part)}\n{part}\n".encode())
    for source in sources:
        h.update(b"source\n")
        for rel, blob in _files(source):
            h.update(f"{rel} {len(blob)}\n".encode())
            h.update(blob)
    return h.hexdigest()


def _files(source: Path, pattern: str = "*") -> list[tuple[str, bytes]]:
    """(relative path, bytes) of a file, or of every file under a folder (matching ``pattern``) in path order;
    nothing if it is missing (a build that reads nothing there makes the same object whether or not the folder
    exists)."""
    if source.is_file():
        return [(source.name, source.read_bytes())]
    if not source.is_dir():
        return []
    files = sorted(p for p in source.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return [(p.relative_to(source).as_posix(), p.read_bytes()) for p in files]


@lru_cache(maxsize=1)
def environment_key() -> str:
    """A hash of what every compiled object depends on besides its sources: ``FORMAT``, the versions of Python and
    spaCy, and the bytes of tidings' own source files (a few milliseconds, once per process), which hold its
    version (``tidings/__init__.py``) and every line of code a build runs."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"format {FORMAT}\npython {sys.version}\nspacy {_spacy_version()}\n".encode())
    for rel, blob in _files(Path(__file__).resolve().parents[1], "*.py"):
        h.update(f"{rel} {len(blob)}\n".encode())
        h.update(blob)
    return h.hexdigest()


def _spacy_version() -> str:
    """spaCy's version: from the module when it is loaded already (the pipeline has it), else from its
    metadata, which does not import it."""
    spacy = sys.modules.get("spacy")
    if spacy is not None and hasattr(spacy, "__version__"):
        return str(spacy.__version__)
    from importlib import metadata

    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "none"


def _load(path: Path, data_key: str, env_key: str) -> tuple[object, str | None]:
    """(the object, None) from a valid cache file of this key; else (None, why it must be built)."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None, NO_COPY
    except OSError:
        return None, "the compiled copy cannot be read"
    try:
        if not blob.startswith(MAGIC):
            raise ValueError("not a compiled file")
        end = blob.index(b"\n", len(MAGIC))
        header = json.loads(blob[len(MAGIC):end])
        if header.get("format") != FORMAT or header.get("env") != env_key:
            return None, "tidings, spaCy or Python changed"
        if header.get("data") != data_key:
            return None, "data files changed"
        payload = memoryview(blob)[end + 1:]
        if len(payload) != header["size"] or hashlib.blake2b(payload, digest_size=20).hexdigest() != header["sum"]:
            raise ValueError("checksum")
        enabled = gc.isenabled()
        gc.disable()  # unpickling makes many objects at once; the collector would walk them again and again
        try:
            return pickle.loads(payload), None  # noqa: S301 - our own file, in the user's own cache folder
        finally:
            if enabled:
                gc.enable()
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, the answer is to build it again
        return None, "the compiled copy was damaged"


def _prune(folder: Path, pattern: str) -> None:
    """Remove all but the ``KEEP_ENVIRONMENTS`` newest files matching ``pattern`` (other installs' builds)."""
    try:
        old = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_ENVIRONMENTS:]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned or replaced it first: nothing to do


def _save(path: Path, data_key: str, env_key: str, obj: object) -> str | None:
    """Write ``obj`` under ``path`` atomically; None, or why it could not be saved (the build is used anyway)."""
    tmp: str | None = None
    try:
        payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        header = {"format": FORMAT, "env": env_key, "data": data_key, "size": len(payload),
                  "sum": hashlib.blake2b(payload, digest_size=20).hexdigest()}
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + json.dumps(header).encode() + b"\n")
            fh.write(payload)
        os.replace(tmp, path)
        tmp = None
        return None
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        return first_line(exc)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
