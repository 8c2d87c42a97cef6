"""The optional learned event model: a fine-tuned MiniLM sentence classifier, run by onnxruntime, no torch.

It reads one sentence and gives the probability of each of five classes (the convention of the data it was trained
on, ``QUAD_LABELS``: 0 statements and appeals, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict). ``events.learned`` uses those probabilities beside the rules; this module only runs the
model. The files live in ``data/models/quad_minilm/`` (``model.onnx``, ``tokenizer.json``, ``meta.json``,
``NOTICE.md``: the weights come from GPL-3.0 training data, so they are an optional component). When the folder or
onnxruntime is missing, ``load_quad_model`` says so in one line on stderr and returns None: tidings then codes with
the rules alone, exactly as ``--no-model`` does.

Why it is cheap enough: the session is loaded once per process and only when the first sentence needs it (cold
start of a command that codes nothing does not pay for it); it runs with one intra-op thread (the ingest runs one
worker process per core); each sentence is run alone and unpadded (see ``QuadModel.probabilities``: its answer
must not depend on its batch mates); and only sentences that can hold an event are given to it
(``events.learned`` decides which).
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy

QUAD_LABELS = ("statement", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "quad_minilm"
ENV_DIR = "TIDINGS_QUAD_MODEL"  # another folder of the same layout (a refitted model)
FILES = ("model.onnx", "tokenizer.json", "meta.json")


class QuadScorer(Protocol):
    """What the pipeline asks of a model: five class probabilities per sentence, rows in the order given."""

    name: str

    def probabilities(self, texts: Sequence[str]) -> numpy.ndarray: ...


class ModelError(ValueError):
    """The model folder is there but unusable (a bad meta.json, a file missing): one line says why."""


def read_meta(folder: Path) -> dict[str, Any]:
    """``meta.json`` held to what the runtime relies on: the logits' classes in the training convention's order
    (``labels`` 0-4, ``convention`` "conflibert"), a maximum length, a positive temperature, the graph's input and
    output names, and the provenance (``trained_on``, ``base_model``). Anything else is a ModelError naming it."""
    path = folder / "meta.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: unreadable ({exc})".splitlines()[0]) from exc
    if not isinstance(meta, dict):
        raise ModelError(f"{path}: expected a JSON object")
    if meta.get("labels") != list(range(len(QUAD_LABELS))):
        raise ModelError(f"{path}: 'labels' must be {list(range(len(QUAD_LABELS)))} (the order of the logits)")
    if meta.get("convention") != "conflibert":
        raise ModelError(f"{path}: 'convention' must be \"conflibert\" (the classes tidings maps events to)")
    max_len = meta.get("max_len")
    if not isinstance(max_len, int) or isinstance(max_len, bool) or not 8 <= max_len <= 512:
        raise ModelError(f"{path}: 'max_len' must be a whole number from 8 to 512")
    temp = meta.get("temperature")
    if not isinstance(temp, (int, float)) or isinstance(temp, bool) or not (math.isfinite(temp) and temp > 0):
        raise ModelError(f"{path}: 'temperature' must be a positive number")
    if sorted(meta.get("inputs") or []) != ["attention_mask", "input_ids"] or meta.get("output") != "logits":
        raise ModelError(f"{path}: 'inputs' must be input_ids and attention_mask, 'output' logits")
    for key in ("trained_on", "base_model"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise ModelError(f"{path}: '{key}' is missing (the weights' provenance)")
    return meta


class QuadModel:
    """The ONNX classifier and its tokenizer, loaded from one folder."""

    def __init__(self, folder: Path) -> None:
        missing = [f for f in FILES if not (folder / f).is_file()]
        if missing:
            raise ModelError(f"{folder}: missing {', '.join(missing)}")
        self.meta = read_meta(folder)
        self.name = "quad-minilm"
        self.max_len = int(self.meta["max_len"])
        self.temperature = float(self.meta["temperature"])
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_len)
        self.tokenizer.no_padding()
        opts = onnxruntime.SessionOptions()
        opts.intra_op_num_threads = 1  # one worker process per core does the parallelism (README "Speed")
        opts.inter_op_num_threads = 1
        opts.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = onnxruntime.InferenceSession(str(folder / "model.onnx"), opts,
                                                        providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own classes for a corrupt or foreign file
            raise ModelError(f"{folder / 'model.onnx'}: onnxruntime cannot load it ({exc})".splitlines()[0]) from exc
        names = {i.name for i in self.session.get_inputs()}
        if not {"input_ids", "attention_mask"} <= names:
            raise ModelError(f"{folder / 'model.onnx'}: inputs {sorted(names)}, expected input_ids, attention_mask")
        self.inputs = names

    def probabilities(self, texts: Sequence[str]) -> numpy.ndarray:
        """Calibrated class probabilities, one row per text: softmax of the logits divided by the temperature
        fitted on held-out folds (``meta.json``).

        Each text is run alone, unpadded. The int8 graph quantises its activations with one scale per run
        (DynamicQuantizeLinear over the whole batch, padding included), so in batches a sentence's probabilities
        depended on the sentences run with it: 5% of 450 corpus sentences changed class between a batch of 32 and
        a run alone, and a resumed ingest coded differently from a clean one. Alone it costs 8% more model time
        on those sentences (1.71 s against 1.59 s CPU)."""
        out = numpy.zeros((len(texts), len(QUAD_LABELS)), dtype=numpy.float32)
        for k, enc in enumerate(self.tokenizer.encode_batch(list(texts))):
            ids = numpy.asarray([enc.ids], dtype=numpy.int64)
            feed = {"input_ids": ids, "attention_mask": numpy.ones_like(ids)}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = numpy.zeros_like(ids)
            logits = self.session.run(["logits"], feed)[0][0] / self.temperature
            p = numpy.exp(logits - logits.max())
            out[k] = p / p.sum()
        return out


def model_dir() -> Path:
    """The folder the model is read from: ``TIDINGS_QUAD_MODEL`` if set, else the packaged one."""
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else MODEL_DIR


def load_quad_model(folder: Path | None = None) -> QuadModel | None:
    """The model of ``folder`` (default ``model_dir()``), or None with one line on stderr saying why tidings
    codes with the rules alone: no model folder, no onnxruntime/tokenizers, or an unusable folder."""
    folder = folder or model_dir()
    if not folder.is_dir():
        _note(f"no learned event model at {folder}: coding with the rules only (see README 'Learned model')")
        return None
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        _note(f"{exc.name or 'onnxruntime'} is not installed: coding with the rules only (pip install onnxruntime "
              "tokenizers)")
        return None
    try:
        return QuadModel(folder)
    except ModelError as exc:
        _note(f"learned event model not used: {exc}")
        return None


def _note(line: str) -> None:
    print(f"tidings: {line}", file=sys.stderr)


class LazyModel:
    """Loads the model once per process (worker processes each load their own), either at the first sentence that
    needs it or, after ``preload``, on a thread of its own while the pipeline loads the rest. ``get`` returns None
    when there is no usable model, after one stderr line."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.loaded = False
        self.model: QuadScorer | None = None
        self.loading: threading.Thread | None = None

    def preload(self) -> None:
        """Start loading now, on a thread: onnxruntime builds and optimises the session without the GIL, so the
        tenth of a second or more it takes overlaps the knowledge base's and the gazetteer's loading instead of
        adding to a one-article command's start (issue 16)."""
        if not self.loaded and self.loading is None:
            self.loading = threading.Thread(target=self._load, name="tidings-model-load", daemon=True)
            self.loading.start()

    def _load(self) -> None:
        self.model = load_quad_model(self.folder)

    def get(self) -> QuadScorer | None:
        if not self.loaded:
            if self.loading is not None:
                self.loading.join()
            else:
                self._load()
            self.loaded = True
        return self.model
