"""Train the encoder's sentiment head: logistic regression on the pair vectors, cross-validated.

``python -m analysis train --sentiment-head`` (run-time venv; needs the shipped encoder).
The vectors are the shipped int8 encoder's own, so training and run time see the same
numbers. Stratified 5-fold CV on the shared NHS data (our local rows join every training
fold, never a test fold); the linear model is refitted inside each fold for the average,
and the weight of the encoder's opinion is chosen on those out-of-fold probabilities.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from analysis.cross_validation import macro_f1
from analysis.encoder import META_FILE, MODEL_DIR, load_encoder
from analysis.encoder_sentiment import linear_probabilities
from analysis.params import SENTIMENTS
from analysis.sentiment_writer import CREDIT
from analysis.training import TrainConfig, fit_model, load_labelled

Progress = Callable[[str], None]
REPO = Path(__file__).resolve().parent.parent
LOCAL_DATA = REPO / "data" / "justice_suggestions_labelled.csv"
JUSTICE = REPO / "data" / "justice_comments_labelled.csv"
LOCAL_WEIGHT = 3.0
C_GRID = (0.3, 1.0, 3.0)
WEIGHT_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)


def local_rows() -> pd.DataFrame:
    """Our own justice-style labels: the justice file's dev split and the suggestions file."""
    justice = pd.read_csv(JUSTICE, keep_default_na=False, dtype=str)
    suggestions = pd.read_csv(LOCAL_DATA, keep_default_na=False, dtype=str)
    frame = pd.concat([justice[justice["split"] == "dev"], suggestions], ignore_index=True)
    return frame_from(frame)


def frame_from(raw: pd.DataFrame) -> pd.DataFrame:
    """Columns text, question_type, sentiment from a labelled frame."""
    from analysis.questions import dataset_question_type

    return pd.DataFrame(
        {
            "text": raw["text"].astype(str),
            "question_type": [dataset_question_type(q) for q in raw["question_type"]],
            "sentiment": raw["sentiment"].str.strip().str.lower(),
        }
    ).reset_index(drop=True)


def pair_vectors(frame: pd.DataFrame) -> np.ndarray:
    """The shipped encoder's pair vectors (question and answer), in frame order."""
    encoded = load_encoder().encode(frame["text"].tolist(), frame["question_type"].tolist())
    return np.vstack([e.pair for e in encoded])


def _fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float, seed: int) -> LogisticRegression:
    classes = np.array(SENTIMENTS)
    balance = {s: len(y) / (3 * max((y == s).sum(), 1)) for s in classes}
    w = weights * np.array([balance[s] for s in y])
    return LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(x, y, sample_weight=w)


def _ordered(clf: LogisticRegression, x: np.ndarray) -> np.ndarray:
    order = [list(clf.classes_).index(s) for s in SENTIMENTS]
    return clf.predict_proba(x)[:, order]


def cross_validate(nhs, x_nhs, local, x_local, *, folds: int, seed: int, progress: Progress) -> dict:
    """Out-of-fold probabilities of the head (per C) and of the linear model, same folds."""
    y = nhs["sentiment"].to_numpy()
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(x_nhs, y))
    lin = np.zeros((len(y), 3))
    enc = {c: np.zeros((len(y), 3)) for c in C_GRID}
    for k, (train, test) in enumerate(splits):
        started = time.perf_counter()
        x = np.vstack([x_nhs[train], x_local])
        yy = np.r_[y[train], local["sentiment"].to_numpy()]
        w = np.r_[np.ones(len(train)), np.full(len(local), LOCAL_WEIGHT)]
        for c in C_GRID:
            enc[c][test] = _ordered(_fit(x, yy, w, c, seed), x_nhs[test])
        linear = fit_model(nhs.iloc[train].reset_index(drop=True), TrainConfig(seed=seed), _lexicon())
        lin[test] = linear_probabilities(
            linear, nhs["text"].iloc[test].tolist(), nhs["question_type"].iloc[test].tolist()
        )
        progress(f"fold {k + 1}/{folds} ({time.perf_counter() - started:.0f} s)")
    best_c = max(C_GRID, key=lambda c: macro_f1(y, enc[c]))
    by_weight = {str(w): round(macro_f1(y, w * enc[best_c] + (1 - w) * lin), 4) for w in WEIGHT_GRID}
    best_w = float(max(by_weight, key=lambda k: by_weight[k]))
    fold_scores = [
        macro_f1(y[test], best_w * enc[best_c][test] + (1 - best_w) * lin[test]) for _, test in splits
    ]
    return {
        "folds": folds,
        "seed": seed,
        "rows": len(y),
        "c": best_c,
        "encoder_head_macro_f1_by_c": {str(c): round(macro_f1(y, enc[c]), 4) for c in C_GRID},
        "linear_macro_f1": round(macro_f1(y, lin), 4),
        "macro_f1_by_encoder_weight": by_weight,
        "encoder_weight": best_w,
        "pipeline_macro_f1_fold_mean": round(float(np.mean(fold_scores)), 4),
        "pipeline_macro_f1_fold_sd": round(float(np.std(fold_scores, ddof=1)), 4),
        "note": "C and the encoder weight are chosen on these out-of-fold figures (slightly optimistic)",
    }


def _lexicon():
    from analysis.features import textblob_lexicon

    return textblob_lexicon()


def _final_joint(shared, ours, *, seed: int, progress: Progress):
    """Choose alpha and the encoder weight on all NHS rows (inner CV), then fit on every row."""
    from analysis.joint_cv import choose
    from analysis.joint_training import fit_joint

    pick = choose(shared, ours, seed=seed, lexicon=_lexicon())
    progress(f"final choice: alpha {pick['alpha']}, encoder weight {pick['encoder_weight']}")
    rows = shared.plus(ours)
    model = fit_joint(
        rows.frame,
        rows.vectors,
        alpha=pick["alpha"],
        config=TrainConfig(seed=seed),
        lexicon=_lexicon(),
        weights=rows.weights,
    )
    return model, pick


def train_sentiment_head(*, data: Path, folds: int = 5, seed: int = 42, progress: Progress) -> dict:
    """Cross-validate, fit on every row, and write the head and the joint model (encoder.json names it)."""
    from analysis.joint_cv import Labelled, nested_cv
    from analysis.joint_sentiment import JOINT_FOLDER
    from analysis.joint_training import write_joint

    current = json.loads((MODEL_DIR / META_FILE).read_text(encoding="utf-8"))
    if current.get("fine_tuning", {}).get("epochs", 0) > 0:
        raise ValueError(
            "the shipped encoder is fine-tuned with its own head (train --encoder --epochs N); a head "
            "refitted on its vectors would be cross-validated on rows the encoder has seen"
        )
    nhs = load_labelled([data])
    local = local_rows()
    progress(f"encoding {len(nhs)} shared and {len(local)} local rows")
    x_nhs, x_local = pair_vectors(nhs), pair_vectors(local)
    progress("encoder head (logistic regression on the vector) and linear model, same folds")
    head_figures = cross_validate(nhs, x_nhs, local, x_local, folds=folds, seed=seed, progress=progress)
    progress("joint model: nested cross-validation")
    shared = Labelled(nhs, x_nhs, np.ones(len(nhs)))
    ours = Labelled(local, x_local, np.full(len(local), LOCAL_WEIGHT))
    joint_figures = nested_cv(shared, ours, folds=folds, seed=seed, lexicon=_lexicon(), progress=progress)
    joint, pick = _final_joint(shared, ours, seed=seed, progress=progress)
    x = np.vstack([x_nhs, x_local])
    y = np.r_[nhs["sentiment"].to_numpy(), local["sentiment"].to_numpy()]
    w = np.r_[np.ones(len(nhs)), np.full(len(local), LOCAL_WEIGHT)]
    clf = _fit(x, y, w, head_figures["c"], seed)
    order = [list(clf.classes_).index(s) for s in SENTIMENTS]
    sources = [CREDIT, "data/justice_comments_labelled.csv (split=dev)", LOCAL_DATA.name]
    write_joint(
        joint,
        MODEL_DIR / JOINT_FOLDER,
        {
            "trained_on": sources,
            "seed": seed,
            "alpha": pick["alpha"],
            "local_weight": LOCAL_WEIGHT,
            "cross_validation": joint_figures,
            "choice": pick,
        },
    )
    path = MODEL_DIR / META_FILE
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["sentiment_head"] = {
        "weight": clf.coef_[order].round(6).tolist(),
        "bias": clf.intercept_[order].round(6).tolist(),
        "method": "logistic regression on the encoder's mean-pooled (question, answer) vector",
    }
    meta["joint_head"] = {
        "folder": JOINT_FOLDER,
        "version": joint.version,
        "alpha": pick["alpha"],
        "method": "LinearSVC on the linear model's text features and the scaled pair vector together",
    }
    meta["classes"] = list(SENTIMENTS)
    meta["encoder_weight"] = pick["encoder_weight"]
    meta["cv"] = {
        "folds": folds,
        "seed": seed,
        "rows": len(nhs),
        "joint": joint_figures,
        "encoder_head": head_figures,
    }
    meta["training_data"] = sources
    heads = {"head": meta["sentiment_head"], "joint": meta["joint_head"], "weight": meta["encoder_weight"]}
    digest = hashlib.sha256(json.dumps(heads, sort_keys=True).encode()).hexdigest()[:8]
    meta["version"] = f"{meta['onnx_version']}-j{digest}"
    path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta
