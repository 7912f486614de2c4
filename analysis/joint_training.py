"""Fit the joint sentiment model (text features + encoder vector, analysis.joint_sentiment).

The same recipe as the linear model (analysis.training.fit_model): TF-IDF blocks, out-of-fold
clause features, LinearSVC with balanced classes, and a neutral bias and temperature chosen on
inner out-of-fold scores of the training rows, with the scaled encoder vector as one more block
and optional row weights (our local rows count more).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.metrics import f1_score

from analysis.joint_sentiment import JointSentiment
from analysis.params import NEGATIVE, NEUTRAL, POSITIVE
from analysis.sentiment import ARRAYS_FILE, SentimentModel
from analysis.training import (
    BIAS_GRID,
    TEMPERATURE_GRID,
    TrainConfig,
    _clause_model,
    _fit_blocks,
    _inner_splitter,
    _oof_clause_features,
    _softmax_log_loss,
    _svc,
)

CLASSES = (NEGATIVE, NEUTRAL, POSITIVE)


def _f32(a: np.ndarray) -> np.ndarray:
    """Round to float32 and back, exactly as the arrays are saved."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def _shell(texts: list[str], config: TrainConfig, lexicon: dict) -> SentimentModel:
    """An untrained text part with its TF-IDF vocabularies fitted."""
    word, char = _fit_blocks(texts, config)
    return SentimentModel(
        version="untrained",
        word=word,
        char=char,
        lexicon=lexicon,
        coef=np.zeros((3, 0)),
        intercept=np.zeros(3),
        classes=CLASSES,
        neutral_bias=0.0,
        temperature=1.0,
        interaction_weight=config.interaction_weight,
        clause_coef=np.zeros(len(word.terms)),
        clause_intercept=0.0,
    )


def _bias_and_temperature(
    x: sp.csr_matrix, y: np.ndarray, labels: np.ndarray, w, config
) -> tuple[float, float]:
    """Neutral bias (macro-F1) and temperature (log-loss) on inner out-of-fold scores."""
    oof = np.zeros((len(y), 3))
    for tr, te in _inner_splitter(labels, config).split(x, y):
        oof[te] = _svc(config).fit(x[tr], y[tr], sample_weight=w[tr]).decision_function(x[te])
    neutral = CLASSES.index(NEUTRAL)

    def biased(b: float) -> np.ndarray:
        out = oof.copy()
        out[:, neutral] += b
        return out

    bias = max(BIAS_GRID, key=lambda b: f1_score(y, biased(b).argmax(1), average="macro"))
    temp = min(TEMPERATURE_GRID, key=lambda t: _softmax_log_loss(biased(bias), y, t))
    return bias, temp


def fit_joint(
    data: pd.DataFrame,
    vectors: np.ndarray,
    *,
    alpha: float,
    config: TrainConfig,
    lexicon: dict,
    weights: np.ndarray | None = None,
) -> JointSentiment:
    """Fit text features and encoder vectors together.

    Args:
        data: frame with text, question_type (training vocabulary) and sentiment.
        vectors: the encoder's pair vector of each row, (rows, dim).
        alpha: weight of the vector block (after standardising, divided by sqrt(dim)).
        config: the linear model's design choices and seed.
        lexicon: word -> (polarity, subjectivity), e.g. textblob_lexicon().
        weights: optional row weights (default 1 each).

    Returns:
        The fitted model, coefficients rounded to float32 exactly as they are saved.
    """
    texts = data["text"].tolist()
    labels = data["sentiment"].to_numpy()
    w = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
    shell = _shell(texts, config, lexicon)
    mean = _f32(vectors.mean(0))
    scale = _f32(alpha / ((vectors.std(0) + 1e-6) * np.sqrt(vectors.shape[1])))
    clauses = _oof_clause_features(shell, texts, labels, config)
    text_x = shell.features(texts, data["question_type"].tolist(), clauses=clauses)
    x = sp.hstack([text_x, sp.csr_matrix((vectors - mean) * scale)], format="csr")
    y = np.array([CLASSES.index(lab) for lab in labels])
    bias, temp = _bias_and_temperature(x, y, labels, w, config)
    clf = _svc(config).fit(x, y, sample_weight=w)
    coef = _f32(clf.coef_)
    intercept = _f32(clf.intercept_)
    clause_coef, clause_icpt = _clause_model(shell.word.transform(texts), labels, config)
    n_text = text_x.shape[1]
    digest = hashlib.sha256(
        coef.tobytes() + intercept.tobytes() + clause_coef.tobytes() + mean.tobytes() + scale.tobytes()
    ).hexdigest()[:10]
    text = replace(
        shell,
        version=f"sentiment-joint-{digest}",
        coef=coef[:, :n_text],
        intercept=intercept,
        neutral_bias=bias,
        temperature=temp,
        clause_coef=clause_coef,
        clause_intercept=clause_icpt,
    )
    return JointSentiment(text, coef[:, n_text:], mean, scale)


def write_joint(model: JointSentiment, out: Path, metadata: dict[str, Any]) -> None:
    """Write the joint model like the linear one, plus its vector block, into folder ``out``."""
    from analysis.sentiment_writer import write_model

    write_model(model.text, out, metadata)
    with np.load(out / ARRAYS_FILE, allow_pickle=False) as arrays:
        data = {k: arrays[k] for k in arrays.files}
    np.savez_compressed(
        out / ARRAYS_FILE,
        **data,
        embed_coef=model.embed_coef.astype(np.float32),
        embed_mean=model.embed_mean.astype(np.float32),
        embed_scale=model.embed_scale.astype(np.float32),
    )
