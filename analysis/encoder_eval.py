"""Figures of the shipped pipeline on labelled CSVs, and int8-vs-float32 agreement of the encoder.

``python -m analysis evaluate-encoder --data data/justice_comments_labelled.csv --split holdout``
``python -m analysis evaluate-encoder --data SHARED.csv --float-model encoder.float32.onnx``
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from analysis.encoder import MODEL_DIR, Encoder
from analysis.encoder_sentiment import EncoderSentiment, combine, linear_probabilities
from analysis.params import SENTIMENTS
from analysis.pipeline import Analyser
from analysis.sentiment import load_sentiment_model


def read_labelled(path: Path, split: str | None) -> pd.DataFrame:
    """A labelled CSV (text, question_type, sentiment), optionally one value of its split column."""
    data = pd.read_csv(path, keep_default_na=False, dtype=str)
    if split is not None:
        data = data[data["split"] == split]
    return data[data["sentiment"].isin(SENTIMENTS)].reset_index(drop=True)


def sentiment_figures(data: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Accuracy and macro-F1 of the pipeline, the encoder alone and the linear model alone."""
    analyser = Analyser()
    texts = [analyser.prepare(t) for t in data["text"]]
    qtypes = data["question_type"].tolist()
    y = data["sentiment"].to_numpy()
    linear = linear_probabilities(analyser.model, texts, qtypes)
    answers = {"linear model alone": np.array(SENTIMENTS)[linear.argmax(1)]}
    if analyser.encoder is not None:
        encoded = analyser.encoder.encode(texts, qtypes)
        enc = analyser.encoder_sentiment.probabilities(encoded)
        answers["encoder head alone"] = np.array(SENTIMENTS)[enc.argmax(1)]
    answers["pipeline"] = np.array(
        [r.sentiment for r in analyser.analyse_many(data["text"].tolist(), qtypes)]
    )
    return {
        name: {
            "rows": len(y),
            "accuracy": round(float(accuracy_score(y, pred)), 4),
            "macro_f1": round(float(f1_score(y, pred, labels=list(SENTIMENTS), average="macro")), 4),
        }
        for name, pred in answers.items()
    }


def int8_agreement(data: pd.DataFrame, float_model: Path) -> dict[str, float]:
    """Share of rows where the int8 and float32 encoders give the same labels and flags."""
    from analysis.safeguarding_model import load_head

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("encoder.json", "tokenizer.json"):
            shutil.copy(MODEL_DIR / name, folder / name)
        shutil.copy(float_model, folder / "encoder.int8.onnx")  # same name, float weights
        float_encoder = Encoder(folder)
    int8_encoder = Encoder(MODEL_DIR)
    head = EncoderSentiment.from_encoder(int8_encoder)
    sg = load_head()
    linear = load_sentiment_model()
    texts = data["text"].astype(str).tolist()
    qtypes = data["question_type"].tolist()
    lin = linear_probabilities(linear, texts, qtypes)
    out: dict[str, list] = {}
    for name, encoder in (("int8", int8_encoder), ("float32", float_encoder)):
        encoded = encoder.encode(texts, qtypes)
        probs = head.probabilities(encoded)
        out[name] = [
            np.array(SENTIMENTS)[probs.argmax(1)],
            np.array([label for label, _ in combine(probs, lin, head.encoder_weight)]),
            np.array([sg.risk(e) >= sg.threshold for e in encoded]),
        ]
    names = ("encoder sentiment", "pipeline sentiment", "safeguarding flag")
    return {
        name: round(float((out["int8"][k] == out["float32"][k]).mean()), 4) for k, name in enumerate(names)
    } | {"rows": len(texts)}
