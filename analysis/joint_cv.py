"""Nested cross-validation of the joint sentiment model against the linear model (issue 8).

Outer: stratified folds of the shared NHS data (seed 42). Inside each outer training part, an
inner stratified 3-fold CV chooses the vector weight ``alpha`` and the weight of the joint
model's opinion in the average with the linear model; the outer test fold is then scored once.
Our local rows join every training part (weighted), never a test fold. The linear model is
fitted on the NHS rows alone, as the shipped one is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from analysis.cross_validation import macro_f1
from analysis.encoder_sentiment import linear_probabilities
from analysis.joint_training import fit_joint
from analysis.training import TrainConfig, fit_model

Progress = Callable[[str], None]
ALPHA_GRID = (1.0, 1.5, 2.0)
WEIGHT_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
INNER_FOLDS = 3


@dataclass(frozen=True)
class Labelled:
    """Labelled rows with their encoder vectors and row weights."""

    frame: pd.DataFrame  # text, question_type, sentiment
    vectors: np.ndarray  # (rows, dim)
    weights: np.ndarray  # (rows,)

    def take(self, rows: np.ndarray) -> Labelled:
        """The given rows."""
        return Labelled(self.frame.iloc[rows].reset_index(drop=True), self.vectors[rows], self.weights[rows])

    def plus(self, other: Labelled) -> Labelled:
        """These rows followed by ``other``'s."""
        frame = pd.concat([self.frame, other.frame], ignore_index=True)
        return Labelled(frame, np.vstack([self.vectors, other.vectors]), np.r_[self.weights, other.weights])


def joint_probs(train: Labelled, test: Labelled, alpha: float, seed: int, lexicon: dict) -> np.ndarray:
    """Fit the joint model on ``train`` and give ``test``'s probabilities (SENTIMENTS order)."""
    model = fit_joint(
        train.frame,
        train.vectors,
        alpha=alpha,
        config=TrainConfig(seed=seed),
        lexicon=lexicon,
        weights=train.weights,
    )
    return model.probabilities(
        test.frame["text"].tolist(), test.frame["question_type"].tolist(), test.vectors
    )


def linear_probs(train: pd.DataFrame, test: pd.DataFrame, seed: int, lexicon: dict) -> np.ndarray:
    """Fit the linear model on ``train`` and give ``test``'s probabilities (SENTIMENTS order)."""
    model = fit_model(train.reset_index(drop=True), TrainConfig(seed=seed), lexicon)
    return linear_probabilities(model, test["text"].tolist(), test["question_type"].tolist())


def choose(nhs: Labelled, local: Labelled, *, seed: int, lexicon: dict) -> dict:
    """Alpha and the joint model's weight in the average, from inner out-of-fold scores of ``nhs``."""
    y = nhs.frame["sentiment"].to_numpy()
    splits = list(StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=seed).split(y, y))
    joint = {a: np.zeros((len(y), 3)) for a in ALPHA_GRID}
    lin = np.zeros((len(y), 3))
    for train, test in splits:
        part = nhs.take(train)
        for a in ALPHA_GRID:
            joint[a][test] = joint_probs(part.plus(local), nhs.take(test), a, seed, lexicon)
        lin[test] = linear_probs(part.frame, nhs.frame.iloc[test], seed, lexicon)
    by_alpha = {a: macro_f1(y, joint[a]) for a in ALPHA_GRID}
    alpha = max(ALPHA_GRID, key=by_alpha.__getitem__)
    by_weight = {w: macro_f1(y, w * joint[alpha] + (1 - w) * lin) for w in WEIGHT_GRID}
    weight = max(WEIGHT_GRID, key=by_weight.__getitem__)
    return {
        "alpha": alpha,
        "encoder_weight": weight,
        "inner_macro_f1_by_alpha": {str(a): round(v, 4) for a, v in by_alpha.items()},
        "inner_macro_f1_by_weight": {str(w): round(v, 4) for w, v in by_weight.items()},
    }


def nested_cv(
    nhs: Labelled, local: Labelled, *, folds: int, seed: int, lexicon: dict, progress: Progress
) -> dict:
    """Outer-fold figures of the joint model, the linear model and their average, all choices nested."""
    y = nhs.frame["sentiment"].to_numpy()
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(y, y))
    joint, lin, both = (np.zeros((len(y), 3)) for _ in range(3))
    chosen = []
    for k, (train, test) in enumerate(splits):
        started = time.perf_counter()
        part, held = nhs.take(train), nhs.take(test)
        pick = choose(part, local, seed=seed, lexicon=lexicon)
        joint[test] = joint_probs(part.plus(local), held, pick["alpha"], seed, lexicon)
        lin[test] = linear_probs(part.frame, held.frame, seed, lexicon)
        w = pick["encoder_weight"]
        both[test] = w * joint[test] + (1 - w) * lin[test]
        chosen.append({"alpha": pick["alpha"], "encoder_weight": w})
        progress(f"fold {k + 1}/{folds}: {chosen[-1]} ({time.perf_counter() - started:.0f} s)")
    return {
        "folds": folds,
        "seed": seed,
        "rows": len(y),
        "inner_folds": INNER_FOLDS,
        "chosen_per_fold": chosen,
        "pipeline": _summary(y, both, splits),
        "joint_alone": _summary(y, joint, splits),
        "linear_alone": _summary(y, lin, splits),
        "note": "alpha and the encoder weight are chosen inside each outer training part (nested)",
    }


def _summary(y: np.ndarray, probs: np.ndarray, splits: list) -> dict:
    """Fold mean, sd and per-fold macro-F1, and the pooled out-of-fold figure."""
    per_fold = [macro_f1(y[test], probs[test]) for _, test in splits]
    return {
        "macro_f1_fold_mean": round(float(np.mean(per_fold)), 4),
        "macro_f1_fold_sd": round(float(np.std(per_fold, ddof=1)), 4),
        "macro_f1_per_fold": [round(v, 4) for v in per_fold],
        "macro_f1_pooled": round(macro_f1(y, probs), 4),
    }
