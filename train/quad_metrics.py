"""Figures for the five-way model, in NumPy only (no torch): macro-F1, bootstrap interval, ECE, temperature.

Why separate: the figures must be computed the same way for the torch model, the int8 export and the rules, and
the tests may import this module without torch.
"""

from __future__ import annotations

import numpy as np

N_LABELS = 5


def per_class_f1(y: np.ndarray, pred: np.ndarray, n: int = N_LABELS) -> list[float]:
    """F1 of each class (0 where a class has neither gold nor predicted rows)."""
    out = []
    for c in range(n):
        tp = float(((pred == c) & (y == c)).sum())
        fp = float(((pred == c) & (y != c)).sum())
        fn = float(((pred != c) & (y == c)).sum())
        out.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return out


def macro_f1(y: np.ndarray, pred: np.ndarray, n: int = N_LABELS) -> float:
    return float(np.mean(per_class_f1(np.asarray(y), np.asarray(pred), n)))


def bootstrap_ci(y: np.ndarray, pred: np.ndarray, reps: int = 1000, seed: int = 13) -> tuple[float, float]:
    """95% percentile interval of macro-F1, resampling sentences with replacement."""
    rng = np.random.default_rng(seed)
    y, pred = np.asarray(y), np.asarray(pred)
    scores = [macro_f1(y[idx], pred[idx]) for idx in (rng.integers(0, len(y), len(y)) for _ in range(reps))]
    return float(np.percentile(scores, 2.5)), float(np.percentile(scores, 97.5))


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def nll(logits: np.ndarray, y: np.ndarray, temp: float) -> float:
    p = softmax(logits / temp)
    return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """One scalar T minimising the out-of-fold negative log-likelihood (golden-section search on log T)."""
    lo, hi = np.log(0.05), np.log(20.0)
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    for _ in range(80):
        if nll(logits, y, float(np.exp(a))) < nll(logits, y, float(np.exp(b))):
            hi, b = b, a
            a = hi - g * (hi - lo)
        else:
            lo, a = a, b
            b = lo + g * (hi - lo)
    return float(np.exp((lo + hi) / 2))


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error of the top class, equal-width confidence bins."""
    conf, pred = probs.max(axis=1), probs.argmax(axis=1)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(float((pred[sel] == y[sel]).mean()) - float(conf[sel].mean()))
    return float(total)
