"""The semantic safeguarding detector: a logistic head on the encoder's answer and sentence vectors.

It runs beside the rules in analysis.safeguarding; either can raise a flag. The risk of a
comment is the highest of the head's probabilities for the whole answer and for each of its
sentences, raised to at least ``RULE_FLOOR`` when a rule fires, so a person's queue can be
ranked riskiest first. The head is a few hundred numbers in data/models/safeguarding_head.json.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from analysis.encoder import MODEL_DIR, Encoded

HEAD_FILE = "safeguarding_head.json"
RULE_FLOOR = 0.9
# A comment of several sentences whose first-pass risk is at least this (but under the
# threshold) gets a second look: each sentence is encoded on its own, because a disclosure
# read in the light of cheerful neighbours scores lower than the same words alone (with the
# sentiment-tuned encoder, far lower: 0.009 in context, 0.53 alone in the tests' example).
SECOND_LOOK = 0.005


@dataclass(frozen=True)
class SafeguardingHead:
    """Logistic regression weights on L2-normalised vectors, and the flag threshold."""

    weight: np.ndarray  # (dim,)
    bias: float
    threshold: float
    version: str
    metadata: dict[str, Any]

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """P(disclosure) for each row of ``vectors`` (n, dim)."""
        if len(vectors) == 0:
            return np.zeros(0)
        unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        z = unit @ self.weight + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def risk(self, encoded: Encoded) -> float:
        """The highest probability over the whole answer and each sentence, in [0, 1]."""
        rows = np.vstack([encoded.answer[None, :], encoded.sentences])
        return float(self.probabilities(rows).max())


def read_head(path: Path) -> SafeguardingHead:
    """Load a head written by analysis.safeguarding_train."""
    meta = json.loads(path.read_text(encoding="utf-8"))
    return SafeguardingHead(
        weight=np.asarray(meta["weight"], dtype=np.float32),
        bias=float(meta["bias"]),
        threshold=float(meta["threshold"]),
        version=str(meta["version"]),
        metadata=meta,
    )


@functools.lru_cache(maxsize=2)
def _cached(path: Path) -> SafeguardingHead:
    return read_head(path)


def load_head(directory: Path | None = None) -> SafeguardingHead:
    """The shipped head (data/models/safeguarding_head.json), read once per process."""
    return _cached((Path(directory or MODEL_DIR) / HEAD_FILE).resolve())


def combined_risk(model_risk: float, rule_fired: bool) -> float:
    """The stored risk: the model's, raised to RULE_FLOOR when a rule fired; 4 decimals."""
    risk = max(model_risk, RULE_FLOOR) if rule_fired else model_risk
    return round(float(np.clip(risk, 0.0, 1.0)), 4)
