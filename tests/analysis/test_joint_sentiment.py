"""Tests for the joint sentiment model (text features + encoder vector) and its shipped files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.encoder import MODEL_DIR, load_encoder
from analysis.features import textblob_lexicon
from analysis.joint_sentiment import JOINT_FOLDER, read_joint
from analysis.joint_training import fit_joint, write_joint
from analysis.params import SENTIMENTS
from analysis.pipeline import Analyser
from analysis.sentiment import ModelFileError
from analysis.training import TrainConfig


@pytest.fixture(scope="module")
def meta() -> dict:
    return json.loads((MODEL_DIR / "encoder.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser()


def test_shipped_joint_model_loads_and_its_version_is_in_encoder_json(meta: dict) -> None:
    joint = read_joint(MODEL_DIR / meta["joint_head"]["folder"])
    assert meta["joint_head"]["folder"] == JOINT_FOLDER
    assert joint.version == meta["joint_head"]["version"]
    assert joint.embed_coef.shape == (3, 384)
    assert np.isfinite(joint.embed_coef).all() and (joint.embed_scale > 0).all()
    assert load_encoder().version == meta["version"]
    assert meta["version"].startswith(meta["onnx_version"] + "-j")


def test_default_analyser_asks_the_joint_model(analyser: Analyser, meta: dict) -> None:
    assert analyser.encoder_sentiment is not None
    assert analyser.encoder_sentiment.joint is not None
    assert analyser.encoder_sentiment.joint.version == meta["joint_head"]["version"]
    assert 0.5 <= analyser.encoder_sentiment.encoder_weight <= 1.0


def test_cross_validated_figures_are_nested_and_beat_the_linear_model(meta: dict) -> None:
    cv = meta["cv"]["joint"]
    assert cv["folds"] == 5 and cv["seed"] == 42 and len(cv["chosen_per_fold"]) == 5
    pipeline, linear = cv["pipeline"], cv["linear_alone"]
    assert len(pipeline["macro_f1_per_fold"]) == 5
    assert pipeline["macro_f1_fold_mean"] > linear["macro_f1_fold_mean"]


def test_a_plain_linear_model_folder_is_not_a_joint_model() -> None:
    with pytest.raises(ModelFileError, match="encoder-vector block"):
        read_joint(MODEL_DIR)


@pytest.mark.parametrize(
    ("text", "question_type", "label"),
    [
        ("My worker was brilliant, she really listened to me", "working_well", "positive"),
        ("The staff were kind and the group helped me a lot", "general", "positive"),
        (
            "Nobody told me what was happening and I waited three hours for nothing",
            "could_improve",
            "negative",
        ),
        ("The room was freezing and the staff were rude to me", "general", "negative"),
        ("A drop-in on Friday evenings would help", "could_improve", "neutral"),
        ("Maybe have the sessions in the afternoon", "could_improve", "neutral"),
    ],
)
def test_clear_examples(analyser: Analyser, text: str, question_type: str, label: str) -> None:
    assert analyser.analyse(text, question_type).sentiment == label


def _toy_rows() -> tuple[pd.DataFrame, np.ndarray]:
    texts = [
        "great kind staff",
        "lovely helpful group",
        "it was ok",
        "fine I suppose",
        "rude and late",
        "awful wait",
    ]
    labels = ["positive", "positive", "neutral", "neutral", "negative", "negative"]
    frame = pd.DataFrame({"text": texts * 6, "question_type": ["nonspecific"] * 36, "sentiment": labels * 6})
    rng = np.random.default_rng(0)
    centres = {s: rng.normal(size=8) for s in SENTIMENTS}
    vectors = np.vstack([centres[s] + 0.1 * rng.normal(size=8) for s in frame["sentiment"]])
    return frame, vectors


def test_fit_write_read_gives_the_same_probabilities(tmp_path: Path) -> None:
    frame, vectors = _toy_rows()
    model = fit_joint(frame, vectors, alpha=1.0, config=TrainConfig(seed=42), lexicon=textblob_lexicon())
    write_joint(model, tmp_path, {"note": "toy"})
    again = read_joint(tmp_path)
    texts, qtypes = frame["text"].tolist()[:6], frame["question_type"].tolist()[:6]
    probs = model.probabilities(texts, qtypes, vectors[:6])
    assert again.version == model.version
    assert np.allclose(probs, again.probabilities(texts, qtypes, vectors[:6]), atol=1e-9)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert list(np.array(SENTIMENTS)[probs.argmax(1)]) == frame["sentiment"].tolist()[:6]
