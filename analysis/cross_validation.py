"""Cross-validated figures of the sentiment model beside the TextBlob polarity baseline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from analysis.features import textblob_lexicon
from analysis.params import DATASET_QUESTION_TYPES, NEGATIVE, NEUTRAL, POSITIVE, SENTIMENTS
from analysis.training import TrainConfig, fit_model

Progress = Callable[[str], None]


def macro_f1(y: np.ndarray, probs: np.ndarray) -> float:
    """Macro-F1 of the argmax of ``probs`` (SENTIMENTS order) against labels ``y``."""
    pred = np.array(SENTIMENTS)[probs.argmax(1)]
    return float(f1_score(y, pred, labels=list(SENTIMENTS), average="macro"))


def textblob_labels(texts: Sequence[str], threshold: float = 0.05) -> list[str]:
    """Baseline: TextBlob polarity above/below +-threshold is positive/negative."""
    from textblob import TextBlob

    labels = []
    for text in texts:
        polarity = TextBlob(text).sentiment.polarity
        labels.append(POSITIVE if polarity > threshold else NEGATIVE if polarity < -threshold else NEUTRAL)
    return labels


def prediction_figures(y: np.ndarray, pred: np.ndarray, qtypes: np.ndarray) -> dict[str, Any]:
    """Macro-F1, per-class F1 and per-question-type macro-F1 of one set of predictions."""
    per_class = f1_score(y, pred, labels=list(SENTIMENTS), average=None, zero_division=0)
    return {
        "macro_f1": float(f1_score(y, pred, average="macro")),
        "per_class_f1": {c: float(f) for c, f in zip(SENTIMENTS, per_class, strict=True)},
        "per_question_type_macro_f1": {
            q: float(f1_score(y[qtypes == q], pred[qtypes == q], average="macro"))
            for q in DATASET_QUESTION_TYPES
            if (qtypes == q).any()
        },
    }


def _summarise(fold_figures: list[dict], pooled: list[dict]) -> dict[str, Any]:
    """Mean and sd of fold macro-F1; per-class/per-type figures averaged over repeats."""
    macro = [f["macro_f1"] for f in fold_figures]

    def mean_of(key: str) -> dict[str, float]:
        return {k: round(float(np.mean([p[key][k] for p in pooled])), 4) for k in pooled[0][key]}

    return {
        "macro_f1_mean": round(float(np.mean(macro)), 4),
        "macro_f1_sd": round(float(np.std(macro)), 4),
        "per_class_f1": mean_of("per_class_f1"),
        "per_question_type_macro_f1": mean_of("per_question_type_macro_f1"),
    }


def cross_validate(
    data: pd.DataFrame,
    config: TrainConfig,
    *,
    folds: int = 5,
    repeats: int = 2,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Repeated stratified k-fold figures for TextBlob alone and for the model.

    Args:
        data: labelled frame from load_labelled.
        config: model design (its seed fixes the splits).
        folds: number of folds per repeat.
        repeats: number of repeats with different shuffles.
        progress: optional callback for progress lines.

    Returns:
        {"textblob": figures, "model": figures, "folds": ..., "repeats": ...}.
    """
    lexicon = textblob_lexicon()
    y = data["sentiment"].to_numpy()
    qtypes = data["question_type"].to_numpy()
    baseline = np.array(textblob_labels(data["text"].tolist()))
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=config.seed)
    model_folds: list[dict] = []
    base_folds: list[dict] = []
    pooled_pred = np.empty((repeats, len(y)), dtype=object)
    for k, (tr, te) in enumerate(splitter.split(data["text"], y)):
        model = fit_model(data.iloc[tr].reset_index(drop=True), config, lexicon)
        test = data.iloc[te]
        pred = np.array(
            [lab for lab, _ in model.predict(test["text"].tolist(), test["question_type"].tolist())]
        )
        pooled_pred[k // folds, te] = pred
        model_folds.append(prediction_figures(y[te], pred, qtypes[te]))
        base_folds.append(prediction_figures(y[te], baseline[te], qtypes[te]))
        if progress:
            progress(f"fold {k + 1}/{folds * repeats}: macro-F1 {model_folds[-1]['macro_f1']:.3f}")
    pooled = [prediction_figures(y, pooled_pred[r], qtypes) for r in range(repeats)]
    base_pooled = [prediction_figures(y, baseline, qtypes)]
    return {
        "folds": folds,
        "repeats": repeats,
        "textblob": _summarise(base_folds, base_pooled),
        "model": _summarise(model_folds, pooled),
    }
