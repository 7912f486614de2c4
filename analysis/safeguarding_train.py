"""Train the safeguarding head on the labelled bank; pick its threshold by cross-validation.

``python -m analysis train --safeguarding`` (the run-time venv is enough: the encoder is the
shipped ONNX file). Threshold: the highest one whose out-of-fold recall on the bank is at
least ``TARGET_RECALL`` (recall first: a missed disclosure costs more than a person's minute).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from analysis.encoder import load_encoder
from analysis.safeguarding import is_safeguarding
from analysis.safeguarding_model import HEAD_FILE, SafeguardingHead

REPO = Path(__file__).resolve().parent.parent
BANK = REPO / "data" / "safeguarding_bank.tsv"
HOLDOUT = REPO / "data" / "safeguarding_holdout.tsv"
TARGET_RECALL = 0.95
C_GRID = (0.3, 1.0, 3.0, 10.0)
# Each shared NHS comment used as a non-disclosure, and each of its sentences (read in the
# comment and on its own, as the pipeline scores them), counts this much. Chosen with the
# bank's CV and the NHS training half's out-of-fold flag share (docs/safeguarding-model.md).
NHS_NEGATIVE_WEIGHT = 1.0
Progress = Callable[[str], None]


def read_bank(path: Path) -> pd.DataFrame:
    """A bank file: tab-separated label (1 = disclosure), category, text."""
    return pd.read_csv(path, sep="\t", keep_default_na=False, dtype={"label": int, "text": str})


def answer_vectors(texts: list[str], model_dir: Path | None = None) -> tuple[np.ndarray, list]:
    """Unit answer vectors and the full encodings (for sentence scoring) of texts."""
    encoded = load_encoder(model_dir).encode(texts, ["general"] * len(texts))
    vectors = np.vstack([e.answer for e in encoded])
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True), encoded


def nhs_halves(nhs: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the shared NHS comments in two by row parity: the even half may be used as
    extra non-disclosures in training (rows a rule flags are left out); the odd half is
    only ever scored, for the flag share."""
    data = pd.read_csv(nhs, keep_default_na=False)
    data["text"] = data["text"].astype(str)
    even, odd = data.iloc[0::2], data.iloc[1::2]
    even = even[[not is_safeguarding(t) for t in even["text"]]]
    return even.reset_index(drop=True), odd.reset_index(drop=True)


def _fit(
    x: np.ndarray, y: np.ndarray, c: float, seed: int, extra: np.ndarray | None = None
) -> LogisticRegression:
    """Balanced logistic regression; ``extra`` rows are added as down-weighted negatives."""
    weights = np.ones(len(y))
    pos = y == 1
    weights[pos] = len(y) / (2 * pos.sum())
    weights[~pos] = len(y) / (2 * (~pos).sum())
    if extra is not None and len(extra):
        x = np.vstack([x, extra])
        y = np.r_[y, np.zeros(len(extra), dtype=y.dtype)]
        weights = np.r_[weights, np.full(len(extra), NHS_NEGATIVE_WEIGHT)]
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    return clf.fit(x, y, sample_weight=weights)


def _head(clf: LogisticRegression, threshold: float, meta: dict) -> SafeguardingHead:
    weight = clf.coef_[0].astype(np.float32)
    return SafeguardingHead(weight, float(clf.intercept_[0]), threshold, meta.get("version", ""), meta)


def _risks(head: SafeguardingHead, encoded: list) -> np.ndarray:
    return np.array([head.risk(e) for e in encoded])


def recall_precision(flags: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Recall, precision and counts of a set of flags."""
    tp = int((flags & (y == 1)).sum())
    fp = int((flags & (y == 0)).sum())
    fn = int((~flags & (y == 1)).sum())
    return {
        "recall": round(tp / max(tp + fn, 1), 4),
        "precision": round(tp / max(tp + fp, 1), 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def cross_validate(
    bank: pd.DataFrame, *, folds: int, seed: int, progress: Progress, extra: np.ndarray | None = None
) -> dict:
    """Out-of-fold risks (whole answer and sentences) for each C; choose C and threshold."""
    y = bank["label"].to_numpy()
    x, encoded = answer_vectors(bank["text"].tolist())
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    best = None
    for c in C_GRID:
        oof = np.zeros(len(y))
        for train, test in splitter.split(x, y):
            head = _head(_fit(x[train], y[train], c, seed, extra), 0.5, {})
            oof[test] = _risks(head, [encoded[i] for i in test])
        threshold = choose_threshold(oof, y)
        scores = recall_precision(oof >= threshold, y)
        progress(f"C {c}: threshold {threshold:.3f}, OOF {scores}")
        key = (scores["recall"] >= TARGET_RECALL, scores["precision"], scores["recall"])
        if best is None or key > best[0]:
            best = (key, c, threshold, scores, oof)
    _, c, threshold, scores, oof = best
    rules = np.array([is_safeguarding(t) for t in bank["text"]])
    either = recall_precision((oof >= threshold) | rules, y)
    return {
        "folds": folds,
        "seed": seed,
        "c": c,
        "threshold": round(threshold, 4),
        "target_recall": TARGET_RECALL,
        "model_oof": scores,
        "rules_only": recall_precision(rules, y),
        "model_or_rules_oof": either,
    }


def choose_threshold(risks: np.ndarray, y: np.ndarray) -> float:
    """The highest threshold with recall >= TARGET_RECALL (positives' risks, sorted)."""
    positives = np.sort(risks[y == 1])
    allowed_misses = int(np.floor((1 - TARGET_RECALL) * len(positives)))
    return float(max(positives[allowed_misses] - 1e-6, 0.05))


def train_head(out: Path, *, nhs: Path, folds: int = 5, seed: int = 42, progress: Progress) -> dict:
    """Cross-validate on the bank, fit on all of it, and report the held-out and NHS figures."""
    bank = read_bank(BANK)
    train_half, scored_half = nhs_halves(nhs)
    extra = nhs_vectors(train_half)
    figures = cross_validate(bank, folds=folds, seed=seed, progress=progress, extra=extra)
    x, _ = answer_vectors(bank["text"].tolist())
    clf = _fit(x, bank["label"].to_numpy(), figures["c"], seed, extra)
    encoder = load_encoder()
    payload = {
        "weight": [round(float(v), 6) for v in clf.coef_[0]],
        "bias": round(float(clf.intercept_[0]), 6),
        "threshold": figures["threshold"],
        "encoder_version": encoder.meta.get("onnx_version", encoder.version),
        "bank_rows": len(bank),
        "cv": figures,
    }
    payload["version"] = "sg-" + hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:10]
    head = _head(clf, figures["threshold"], payload)
    payload["holdout"] = evaluate(head, HOLDOUT)
    payload["nhs_flag_share_unseen_half"] = flag_share(head, scored_half)
    payload["nhs_negatives_in_training"] = len(train_half)
    (out / HEAD_FILE).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return payload


def evaluate(head: SafeguardingHead, path: Path) -> dict:
    """Recall and precision of the model, the rules and either, on a labelled bank file."""
    data = read_bank(path)
    y = data["label"].to_numpy()
    _, encoded = answer_vectors(data["text"].tolist())
    model = _risks(head, encoded) >= head.threshold
    rules = np.array([is_safeguarding(t) for t in data["text"]])
    return {
        "rows": len(y),
        "model": recall_precision(model, y),
        "rules": recall_precision(rules, y),
        "model_or_rules": recall_precision(model | rules, y),
    }


def nhs_vectors(data: pd.DataFrame) -> np.ndarray:
    """Unit vectors of NHS comments (encoded with their own questions) and of their sentences,
    in the comment and on their own: every vector the pipeline scores."""
    encoder = load_encoder()
    texts, qtypes = data["text"].tolist(), data["question_type"].tolist()
    rows = []
    for text, qtype, enc in zip(texts, qtypes, encoder.encode(texts, qtypes), strict=True):
        rows += [enc.answer[None, :], enc.sentences, encoder.sentence_vectors(text, qtype)]
    vectors = np.vstack(rows)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def flag_share(head: SafeguardingHead, data: pd.DataFrame) -> dict:
    """Share of NHS comments flagged by the model, the rules and either."""
    texts = data["text"].astype(str).tolist()
    encoded = load_encoder().encode(texts, data["question_type"].tolist())
    model = _risks(head, encoded) >= head.threshold
    rules = np.array([is_safeguarding(t) for t in texts])
    return {
        "rows": len(texts),
        "model": round(float(model.mean()), 4),
        "rules": round(float(rules.mean()), 4),
        "model_or_rules": round(float((model | rules).mean()), 4),
    }
