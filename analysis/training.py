"""Train, cross-validate and save the sentiment model (fixed seed, reproducible)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold
from sklearn.svm import LinearSVC

from analysis.features import CLAUSE_NAMES, clause_features, textblob_lexicon
from analysis.params import DATASET_QUESTION_TYPES, NEGATIVE, NEUTRAL, POSITIVE, SENTIMENTS
from analysis.questions import dataset_question_type
from analysis.sentiment import ARRAYS_FILE, META_FILE, VOCAB_FILE, SentimentModel
from analysis.tfidf import TfidfBlock

Progress = Callable[[str], None]
CREDIT = (
    "NHS Friends and Family Test feedback from The-Strategy-Unit/pxtextmining "
    "(datasets/v6framework_230831.csv), MIT licence, copyright 2021 NHS England"
)
LEXICON_CREDIT = "TextBlob/Pattern adjective lexicon (De Smedt and Daelemans), PDDL"
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


def textblob_labels(texts: Sequence[str], threshold: float = 0.05) -> list[str]:
    """Baseline: TextBlob polarity above/below +-threshold is positive/negative."""
    from textblob import TextBlob

    labels = []
    for text in texts:
        polarity = TextBlob(text).sentiment.polarity
        labels.append(POSITIVE if polarity > threshold else NEGATIVE if polarity < -threshold else NEUTRAL)
    return labels


def _figures(y: np.ndarray, pred: np.ndarray, qtypes: np.ndarray) -> dict[str, Any]:
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
        model_folds.append(_figures(y[te], pred, qtypes[te]))
        base_folds.append(_figures(y[te], baseline[te], qtypes[te]))
        if progress:
            progress(f"fold {k + 1}/{folds * repeats}: macro-F1 {model_folds[-1]['macro_f1']:.3f}")
    pooled = [_figures(y, pooled_pred[r], qtypes) for r in range(repeats)]
    base_pooled = [_figures(y, baseline, qtypes)]
    return {
        "folds": folds,
        "repeats": repeats,
        "textblob": _summarise(base_folds, base_pooled),
        "model": _summarise(model_folds, pooled),
    }


def write_model(model: SentimentModel, out: Path, metadata: dict[str, Any]) -> None:
    """Write sentiment.json (metadata), sentiment_vocab.json and sentiment.npz to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "version": model.version,
        "classes": list(model.classes),
        "parameters": {
            "neutral_bias": model.neutral_bias,
            "temperature": model.temperature,
            "interaction_weight": model.interaction_weight,
        },
        **metadata,
    }
    vocab = {
        "word": _block_spec(model.word),
        "char": _block_spec(model.char),
        "lexicon": {w: list(v) for w, v in model.lexicon.items()},
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / VOCAB_FILE).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(
        out / ARRAYS_FILE,
        word_idf=model.word.idf,
        char_idf=model.char.idf,
        coef=model.coef.astype(np.float32),
        intercept=model.intercept.astype(np.float32),
        clause_coef=model.clause_coef.astype(np.float32),
        clause_intercept=np.array([model.clause_intercept], dtype=np.float32),
    )


def _block_spec(block: TfidfBlock) -> dict[str, Any]:
    """JSON form of a TfidfBlock (without its idf array)."""
    return {"analyzer": block.analyzer, "ngram_range": list(block.ngram_range), "terms": list(block.terms)}


def training_metadata(
    data: pd.DataFrame, paths: Sequence[Path], config: TrainConfig, figures: dict | None
) -> dict[str, Any]:
    """Metadata stored beside the model: data description, credit, seed and CV figures."""
    return {
        "trained_on": {
            "files": [p.name for p in paths],
            "rows": len(data),
            "rows_per_sentiment": {k: int(v) for k, v in data["sentiment"].value_counts().items()},
            "credit": CREDIT,
            "lexicon_credit": LEXICON_CREDIT,
        },
        "seed": config.seed,
        "config": asdict(config),
        "cross_validation": figures,
    }
