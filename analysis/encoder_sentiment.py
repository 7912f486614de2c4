"""Sentiment from the fine-tuned encoder, averaged with the linear model as a second opinion.

The encoder's opinion is its fine-tuned head (a 3 x 384 layer stored in encoder.json, trained
with the encoder on the mean of the (question, answer) tokens). Its probabilities are averaged
with the linear model's (analysis.sentiment), weighted by ``encoder_weight`` chosen by
cross-validation; a model retrained in the app on the partnership's labels takes the linear
model's place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.encoder import Encoded, Encoder
from analysis.params import NEUTRAL, SENTIMENTS
from analysis.sentiment import SentimentModel, softmax


@dataclass(frozen=True)
class EncoderSentiment:
    """The encoder's sentiment head and the weight of its opinion in the average."""

    weight: np.ndarray  # (3, dim), rows in SENTIMENTS order
    bias: np.ndarray  # (3,)
    encoder_weight: float

    @classmethod
    def from_encoder(cls, encoder: Encoder) -> EncoderSentiment:
        """Read the head and weight from the encoder's metadata (encoder.json)."""
        meta = encoder.meta
        if tuple(meta["classes"]) != SENTIMENTS:
            raise ValueError("encoder.json classes are not positive, neutral, negative")
        head = meta["sentiment_head"]
        return cls(
            np.asarray(head["weight"], dtype=np.float32),
            np.asarray(head["bias"], dtype=np.float32),
            float(meta.get("encoder_weight", 0.5)),
        )

    def probabilities(self, encoded: Sequence[Encoded]) -> np.ndarray:
        """The encoder's opinion on each comment, SENTIMENTS order."""
        return self.head_probabilities(np.vstack([e.pair for e in encoded]))

    def head_probabilities(self, pooled: np.ndarray) -> np.ndarray:
        """Softmax of the encoder.json head on pair vectors (n, dim), SENTIMENTS order."""
        return softmax(pooled @ self.weight.T + self.bias)


def linear_probabilities(model: SentimentModel, texts: list[str], question_types: list[str]) -> np.ndarray:
    """The linear model's probabilities in SENTIMENTS order."""
    order = [model.classes.index(s) for s in SENTIMENTS]
    return model.probabilities(texts, question_types)[:, order]


def combine(
    encoder_probs: np.ndarray, linear_probs: np.ndarray, encoder_weight: float
) -> list[tuple[str, float]]:
    """Average two opinions; label is the argmax, score P(positive) - P(negative) in [-1, 1]."""
    probs = encoder_weight * encoder_probs + (1 - encoder_weight) * linear_probs
    pos, neg = SENTIMENTS.index("positive"), SENTIMENTS.index("negative")
    return [
        (SENTIMENTS[int(row.argmax())], round(float(np.clip(row[pos] - row[neg], -1, 1)), 4)) for row in probs
    ]


NO_TEXT: tuple[str, float] = (NEUTRAL, 0.0)
