"""Write a trained sentiment model: metadata with credits, vocabulary JSON and ``.npz`` arrays."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.sentiment import ARRAYS_FILE, META_FILE, VOCAB_FILE, SentimentModel
from analysis.tfidf import TfidfBlock
from analysis.training import TrainConfig

CREDIT = (
    "NHS Friends and Family Test feedback from The-Strategy-Unit/pxtextmining "
    "(datasets/v6framework_230831.csv), MIT licence, copyright 2021 NHS England"
)
LEXICON_CREDIT = "TextBlob/Pattern adjective lexicon (De Smedt and Daelemans), PDDL"


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
