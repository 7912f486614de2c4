"""Fit the sentiment model on labelled comments (fixed seed, reproducible).

Cross-validation is in analysis.cross_validation; saving the model in analysis.sentiment_writer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from analysis.features import CLAUSE_NAMES, clause_features
from analysis.params import NEGATIVE, NEUTRAL, POSITIVE, SENTIMENTS
from analysis.questions import dataset_question_type
from analysis.sentiment import SentimentModel
from analysis.tfidf import TfidfBlock

BIAS_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
TEMPERATURE_GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


@dataclass(frozen=True)
class TrainConfig:
    """Model design choices (chosen by repeated stratified cross-validation)."""

    word_ngram: tuple[int, int] = (1, 2)
    word_min_df: int = 1
    char_ngram: tuple[int, int] = (2, 4)
    char_min_df: int = 2
    interaction_weight: float = 1.0
    c: float = 0.1
    inner_folds: int = 3
    seed: int = 42


def load_labelled(paths: Sequence[Path]) -> pd.DataFrame:
    """Read labelled CSVs into columns text, question_type (training vocabulary), sentiment.

    Args:
        paths: CSV files with text, sentiment and question_type or question columns.

    Returns:
        One frame; question types mapped with dataset_question_type, unknown labels dropped.
    """
    frames = []
    for path in paths:
        raw = pd.read_csv(path, keep_default_na=False, dtype=str)
        missing = {"text", "sentiment"} - set(raw.columns)
        qcol = "question_type" if "question_type" in raw.columns else "question"
        if missing or qcol not in raw.columns:
            raise ValueError(f"{path.name}: needs columns text, sentiment and question_type")
        frames.append(
            pd.DataFrame(
                {
                    "text": raw["text"].astype(str),
                    "question_type": [dataset_question_type(q) for q in raw[qcol]],
                    "sentiment": raw["sentiment"].str.strip().str.lower(),
                }
            )
        )
    data = pd.concat(frames, ignore_index=True)
    return data[data["sentiment"].isin(SENTIMENTS)].reset_index(drop=True)


def _softmax_log_loss(scores: np.ndarray, y: np.ndarray, temperature: float) -> float:
    """Mean log-loss of softmax(scores * temperature) against integer labels y."""
    z = scores * temperature
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


def _fit_blocks(texts: list[str], config: TrainConfig) -> tuple[TfidfBlock, TfidfBlock]:
    """Fit the word and char TF-IDF vocabularies."""
    word = TfidfBlock.fit(texts, analyzer="word", ngram_range=config.word_ngram, min_df=config.word_min_df)
    char = TfidfBlock.fit(texts, analyzer="char_wb", ngram_range=config.char_ngram, min_df=config.char_min_df)
    return word, char


def _svc(config: TrainConfig) -> LinearSVC:
    """The linear classifier (main model and clause model)."""
    return LinearSVC(C=config.c, class_weight="balanced", random_state=config.seed)


def _clause_model(x_word: Any, labels: np.ndarray, config: TrainConfig) -> tuple[np.ndarray, float]:
    """Positive-vs-negative weights on word features, from the non-neutral rows."""
    keep = labels != NEUTRAL
    clf = _svc(config).fit(x_word[keep], labels[keep] == POSITIVE)
    return clf.coef_[0].astype(np.float32).astype(np.float64), float(np.float32(clf.intercept_[0]))


def _inner_splitter(labels: np.ndarray, config: TrainConfig) -> StratifiedKFold:
    """Inner stratified folds, fewer when a class is rare (needs 2 rows per class)."""
    smallest = int(pd.Series(labels).value_counts().min())
    if smallest < 2 or len(set(labels)) < 3:
        raise ValueError("each of positive, neutral and negative needs at least 2 rows")
    folds = max(2, min(config.inner_folds, smallest))
    return StratifiedKFold(folds, shuffle=True, random_state=config.seed)


def _oof_clause_features(
    shell: SentimentModel, texts: list[str], labels: np.ndarray, config: TrainConfig
) -> np.ndarray:
    """Clause features for training rows, each from a clause model that did not see the row."""
    x_word = shell.word.transform(texts)
    out = np.zeros((len(texts), len(CLAUSE_NAMES)))
    for tr, te in _inner_splitter(labels, config).split(texts, labels):
        coef, icpt = _clause_model(x_word[tr], labels[tr], config)
        fold = replace(shell, clause_coef=coef, clause_intercept=icpt)
        out[te] = clause_features([texts[i] for i in te], fold.clause_scores)
    return out


def fit_model(data: pd.DataFrame, config: TrainConfig, lexicon: dict) -> SentimentModel:
    """Fit the model; neutral bias and temperature come from inner out-of-fold scores.

    Args:
        data: frame with text, question_type (training vocabulary) and sentiment.
        config: design choices and seed.
        lexicon: word -> (polarity, subjectivity), e.g. textblob_lexicon().

    Returns:
        The fitted model (coefficients rounded to float32, exactly as they are saved).
    """
    texts = data["text"].tolist()
    labels = data["sentiment"].to_numpy()
    word, char = _fit_blocks(texts, config)
    classes = (NEGATIVE, NEUTRAL, POSITIVE)
    shell = SentimentModel(
        version="untrained",
        word=word,
        char=char,
        lexicon=lexicon,
        coef=np.zeros((3, 0)),
        intercept=np.zeros(3),
        classes=classes,
        neutral_bias=0.0,
        temperature=1.0,
        interaction_weight=config.interaction_weight,
        clause_coef=np.zeros(len(word.terms)),
        clause_intercept=0.0,
    )
    clauses = _oof_clause_features(shell, texts, labels, config)
    x = shell.features(texts, data["question_type"].tolist(), clauses=clauses)
    y = np.array([classes.index(lab) for lab in labels])
    oof = np.zeros((len(y), 3))
    for tr, te in _inner_splitter(labels, config).split(x, y):
        oof[te] = _svc(config).fit(x[tr], y[tr]).decision_function(x[te])

    def biased(b: float) -> np.ndarray:
        out = oof.copy()
        out[:, classes.index(NEUTRAL)] += b
        return out

    bias = max(BIAS_GRID, key=lambda b: f1_score(y, biased(b).argmax(1), average="macro"))
    temp = min(TEMPERATURE_GRID, key=lambda t: _softmax_log_loss(biased(bias), y, t))
    clf = _svc(config).fit(x, y)
    coef = clf.coef_.astype(np.float32).astype(np.float64)
    intercept = clf.intercept_.astype(np.float32).astype(np.float64)
    clause_coef, clause_icpt = _clause_model(word.transform(texts), labels, config)
    digest = hashlib.sha256(
        coef.tobytes() + intercept.tobytes() + clause_coef.tobytes() + repr(clause_icpt).encode()
    ).hexdigest()[:10]
    return replace(
        shell,
        version=f"sentiment-svc-{digest}",
        coef=coef,
        intercept=intercept,
        neutral_bias=bias,
        temperature=temp,
        clause_coef=clause_coef,
        clause_intercept=clause_icpt,
    )
