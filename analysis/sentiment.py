"""Question-aware sentiment: a small linear model stored as JSON plus ``.npz`` arrays (no pickle)."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from analysis.features import (
    Lexicon,
    clause_features,
    cue_features,
    lexicon_features,
    question_indicators,
)
from analysis.params import NEUTRAL
from analysis.questions import dataset_question_type
from analysis.tfidf import TfidfBlock

logger = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
META_FILE = "sentiment.json"
VOCAB_FILE = "sentiment_vocab.json"
ARRAYS_FILE = "sentiment.npz"
_HAS_WORD = re.compile(r"\w")


class ModelFileError(RuntimeError):
    """The sentiment model files are missing or inconsistent."""


def assemble(
    word: sp.csr_matrix,
    char: sp.csr_matrix,
    questions: np.ndarray,
    dense: np.ndarray,
    *,
    interaction_weight: float,
) -> sp.csr_matrix:
    """Stack the blocks: word, char, question one-hot, word x question, dense, dense x question."""
    blocks = [word, char, sp.csr_matrix(questions)]
    blocks += [sp.diags(questions[:, k]) @ word * interaction_weight for k in range(3)]
    blocks.append(sp.csr_matrix(dense))
    blocks += [sp.csr_matrix(dense * questions[:, [k]]) for k in range(3)]
    return sp.hstack(blocks, format="csr")


def linear_scores(
    word: sp.csr_matrix,
    char: sp.csr_matrix,
    questions: np.ndarray,
    dense: np.ndarray,
    coef: np.ndarray,
    *,
    interaction_weight: float,
) -> np.ndarray:
    """``assemble(...) @ coef.T`` computed block by block, without building the wide matrix."""
    nw, nc, nq, nd = word.shape[1], char.shape[1], questions.shape[1], dense.shape[1]
    edges = np.cumsum([0, nw, nc, nq, nw, nw, nw, nd, nd, nd, nd])
    block = [coef[:, edges[i] : edges[i + 1]] for i in range(len(edges) - 1)]
    word_coef = np.vstack([block[0], *(b * interaction_weight for b in block[3:6])])
    word_scores = np.asarray(word @ word_coef.T)
    scores = word_scores[:, :3] + np.asarray(char @ block[1].T) + questions @ block[2].T
    scores += dense @ block[6].T
    for k in range(nq):
        q = questions[:, [k]]
        scores += q * (word_scores[:, 3 * (k + 1) : 3 * (k + 2)] + dense @ block[7 + k].T)
    return scores


@dataclass(frozen=True, eq=False)
class SentimentModel:
    """A trained sentiment model: TF-IDF blocks, lexicon and linear coefficients."""

    version: str
    word: TfidfBlock
    char: TfidfBlock
    lexicon: Lexicon
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray  # (n_classes,)
    classes: tuple[str, ...]
    neutral_bias: float
    temperature: float
    interaction_weight: float
    clause_coef: np.ndarray  # (n_word_terms,): positive-vs-negative weights for clauses
    clause_intercept: float
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def clause_scores(self, clauses: list[str]) -> np.ndarray:
        """Positive-vs-negative score of each clause (word features only, fast)."""
        return self.word.transform(clauses) @ self.clause_coef + self.clause_intercept

    def features(
        self,
        texts: Sequence[str],
        dataset_types: Sequence[str],
        clauses: np.ndarray | None = None,
    ) -> sp.csr_matrix:
        """Feature matrix for cleaned texts with training-data question types.

        Args:
            texts: cleaned texts.
            dataset_types: what_good / could_improve / nonspecific, one per text.
            clauses: precomputed clause features (training passes out-of-fold ones).
        """
        if clauses is None:
            clauses = clause_features(texts, self.clause_scores)
        dense = np.hstack([cue_features(texts), lexicon_features(texts, self.lexicon), clauses])
        return assemble(
            self.word.transform(texts),
            self.char.transform(texts),
            question_indicators(dataset_types),
            dense,
            interaction_weight=self.interaction_weight,
        )

    def decision(self, texts: Sequence[str], question_types: Sequence[str]) -> np.ndarray:
        """Raw class scores (neutral bias applied), columns in ``self.classes`` order."""
        texts = list(texts)
        questions = question_indicators([dataset_question_type(q) for q in question_types])
        dense = np.hstack(
            [
                cue_features(texts),
                lexicon_features(texts, self.lexicon),
                clause_features(texts, self.clause_scores),
            ]
        )
        scores = linear_scores(
            self.word.transform(texts),
            self.char.transform(texts),
            questions,
            dense,
            self.coef,
            interaction_weight=self.interaction_weight,
        )
        scores += self.intercept
        scores[:, self.classes.index(NEUTRAL)] += self.neutral_bias
        return scores

    def probabilities(self, texts: Sequence[str], question_types: Sequence[str]) -> np.ndarray:
        """Class probabilities (softmax of temperature-scaled scores), ``self.classes`` order."""
        return softmax(self.decision(texts, question_types) * self.temperature)

    def predict(self, texts: Sequence[str | None], question_types: Sequence[str]) -> list[tuple[str, float]]:
        """Label and score in [-1, 1] (P(positive) - P(negative)) for each text, batched.

        Args:
            texts: cleaned comment texts; None, empty or symbol-only texts give ("neutral", 0.0).
            question_types: one per text, in our vocabulary, the training data's, or free wording.

        Returns:
            A (label, score) pair per text, in input order.
        """
        if len(texts) != len(question_types):
            raise ValueError("texts and question_types must have the same length")
        result: list[tuple[str, float]] = [(NEUTRAL, 0.0)] * len(texts)
        keep = [i for i, t in enumerate(texts) if t and _HAS_WORD.search(t)]
        if not keep:
            return result
        probs = self.probabilities([texts[i] for i in keep], [question_types[i] for i in keep])
        pos, neg = self.classes.index("positive"), self.classes.index("negative")
        for row, i in enumerate(keep):
            label = self.classes[int(probs[row].argmax())]
            score = float(np.clip(probs[row, pos] - probs[row, neg], -1.0, 1.0))
            result[i] = (label, round(score, 4))
        return result


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of class scores (n, classes), computed stably."""
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def _block(spec: Mapping[str, Any], idf: np.ndarray) -> TfidfBlock:
    """Rebuild a TfidfBlock from its JSON spec and idf array."""
    lo, hi = spec["ngram_range"]
    terms = tuple(spec["terms"])
    if len(terms) != len(idf):
        raise ModelFileError("vocabulary and idf sizes differ; retrain the model")
    return TfidfBlock(spec["analyzer"], (int(lo), int(hi)), terms, idf)


def read_model(directory: Path) -> SentimentModel:
    """Load a model from ``directory`` (JSON + npz, ``allow_pickle=False``)."""
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        vocab = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as arrays:
            data = {k: arrays[k] for k in arrays.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelFileError(
            f"cannot read the sentiment model in {directory}: {type(exc).__name__}; "
            "run `python -m analysis train`"
        ) from exc
    params = meta["parameters"]
    model = SentimentModel(
        version=meta["version"],
        word=_block(vocab["word"], data["word_idf"]),
        char=_block(vocab["char"], data["char_idf"]),
        lexicon={w: (float(p), float(s)) for w, (p, s) in vocab["lexicon"].items()},
        coef=data["coef"].astype(np.float64),
        intercept=data["intercept"].astype(np.float64),
        classes=tuple(meta["classes"]),
        neutral_bias=float(params["neutral_bias"]),
        temperature=float(params["temperature"]),
        interaction_weight=float(params["interaction_weight"]),
        clause_coef=data["clause_coef"].astype(np.float64),
        clause_intercept=float(data["clause_intercept"][0]),
        metadata=meta,
    )
    logger.info("loaded sentiment model %s", model.version)
    return model


@functools.lru_cache(maxsize=4)
def _cached(directory: Path) -> SentimentModel:
    """Load once per process and directory."""
    return read_model(directory)


def load_sentiment_model(path: Path | None = None) -> SentimentModel:
    """Return the sentiment model in ``path`` (a directory or its sentiment.json), cached.

    Args:
        path: model directory, or the path of its ``sentiment.json``; default data/models.

    Returns:
        The loaded model (the same object on later calls with the same path).
    """
    directory = Path(path) if path is not None else DEFAULT_MODEL_DIR
    if directory.suffix == ".json":
        directory = directory.parent
    return _cached(directory.resolve())
