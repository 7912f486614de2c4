"""The encoder's sentiment opinion since issue 8b: one linear model on text features and the vector.

A LinearSVC reads the linear model's features (TF-IDF, cues, lexicon, clauses; analysis.sentiment)
and the encoder's pair vector (standardised, times ``alpha / sqrt(dim)``) side by side, so the
words and the vector are weighed together rather than averaged afterwards. Stored like the linear
model, in its own folder (``data/models/sentiment_joint/``: sentiment.json, sentiment_vocab.json,
sentiment.npz with three more arrays: embed_coef, embed_mean, embed_scale). No pickles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.params import SENTIMENTS
from analysis.sentiment import ARRAYS_FILE, ModelFileError, SentimentModel, read_model, softmax

JOINT_FOLDER = "sentiment_joint"


@dataclass(frozen=True, eq=False)
class JointSentiment:
    """Text features and the encoder's vector in one linear model."""

    text: SentimentModel  # the text part: vocabulary, coefficients, neutral bias, temperature
    embed_coef: np.ndarray  # (3, dim), rows in text.classes order
    embed_mean: np.ndarray  # (dim,)
    embed_scale: np.ndarray  # (dim,): alpha / (sd * sqrt(dim))

    @property
    def version(self) -> str:
        """The version string of the whole model (set by training)."""
        return self.text.version

    def decision(
        self, texts: Sequence[str], question_types: Sequence[str], vectors: np.ndarray
    ) -> np.ndarray:
        """Class scores, ``text.classes`` order: text part plus the scaled vector's part."""
        scaled = (np.asarray(vectors, dtype=np.float64) - self.embed_mean) * self.embed_scale
        return self.text.decision(texts, question_types) + scaled @ self.embed_coef.T

    def probabilities(
        self, texts: Sequence[str], question_types: Sequence[str], vectors: np.ndarray
    ) -> np.ndarray:
        """Softmax of temperature-scaled scores, SENTIMENTS order."""
        probs = softmax(self.decision(texts, question_types, vectors) * self.text.temperature)
        return probs[:, [self.text.classes.index(s) for s in SENTIMENTS]]


def read_joint(directory: Path) -> JointSentiment:
    """Load a joint model from ``directory`` (JSON + npz, ``allow_pickle=False``)."""
    text = read_model(directory)
    try:
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as arrays:
            coef, mean, scale = (
                arrays[k].astype(np.float64) for k in ("embed_coef", "embed_mean", "embed_scale")
            )
    except (OSError, KeyError) as exc:
        raise ModelFileError(
            f"{directory} holds no encoder-vector block; run `train --sentiment-head`"
        ) from exc
    if coef.shape != (len(text.classes), len(mean)) or scale.shape != mean.shape:
        raise ModelFileError(f"{directory}: encoder-vector block has inconsistent shapes")
    return JointSentiment(text, coef, mean, scale)
