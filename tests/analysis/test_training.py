"""Tests for analysis.training, cross_validation and sentiment_writer on a small synthetic labelled set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cross_validation import cross_validate, textblob_labels
from analysis.features import textblob_lexicon
from analysis.sentiment import read_model
from analysis.sentiment_writer import CREDIT, training_metadata, write_model
from analysis.training import TrainConfig, fit_model, load_labelled

POSITIVE = [
    "staff were lovely",
    "really helpful worker",
    "great group, felt welcome",
    "kind and caring people",
    "the hub is brilliant",
    "excellent support, thank you",
]
NEGATIVE = [
    "nobody listened to me",
    "waited hours, awful",
    "rude receptionist",
    "terrible communication",
    "court was a nightmare",
    "never called me back",
]
NEUTRAL = [
    "I go on Tuesdays",
    "the bus takes an hour",
    "I did my hours in the garden",
    "my worker changed in May",
    "it was fine but slow",
    "some good some bad",
]


def _frame(copies: int = 3) -> pd.DataFrame:
    rows = []
    for k in range(copies):
        for texts, label in ((POSITIVE, "positive"), (NEGATIVE, "negative"), (NEUTRAL, "neutral")):
            for i, text in enumerate(texts):
                qtype = ("what_good", "could_improve", "nonspecific")[(i + k) % 3]
                rows.append({"text": f"{text} {'!' * k}", "question_type": qtype, "sentiment": label})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def lexicon() -> dict:
    return textblob_lexicon()


CONFIG = TrainConfig(char_min_df=1, inner_folds=2)


def test_lexicon_reads_textblob_words(lexicon: dict) -> None:
    assert lexicon["good"][0] > 0 > lexicon["bad"][0]
    assert all(-1 <= p <= 1 and 0 <= s <= 1 for p, s in lexicon.values())


def test_fit_is_reproducible_and_round_trips_through_files(tmp_path: Path, lexicon: dict) -> None:
    data = _frame()
    first = fit_model(data, CONFIG, lexicon)
    second = fit_model(data, CONFIG, lexicon)
    assert first.version == second.version
    np.testing.assert_array_equal(first.coef, second.coef)
    write_model(first, tmp_path, training_metadata(data, [Path("x.csv")], CONFIG, None))
    loaded = read_model(tmp_path)
    texts = ["lovely staff", "awful wait", "", "I go on Mondays", "nothing"]
    types = ["working_well", "could_improve", "general", "general", "what_good"]
    assert loaded.version == first.version
    assert loaded.predict(texts, types) == first.predict(texts, types)


def test_fitted_model_learns_the_training_signal(lexicon: dict) -> None:
    model = fit_model(_frame(), CONFIG, lexicon)
    labels = [lab for lab, _ in model.predict(POSITIVE + NEGATIVE, ["nonspecific"] * 12)]
    assert labels[:6].count("positive") >= 5
    assert labels[6:].count("negative") >= 5


def test_load_labelled_accepts_both_vocabularies_and_question_wording(tmp_path: Path) -> None:
    ours = tmp_path / "ours.csv"
    pd.DataFrame(
        {
            "text": ["None", "N/A", "good"],
            "question_type": ["could_improve", "working_well", "general"],
            "sentiment": ["positive", "Negative", "unsure"],
        }
    ).to_csv(ours, index=False)
    worded = tmp_path / "worded.csv"
    pd.DataFrame({"text": ["ok"], "question": ["What worked well?"], "sentiment": ["neutral"]}).to_csv(
        worded, index=False
    )
    data = load_labelled([ours, worded])
    assert data["text"].tolist() == ["None", "N/A", "ok"]
    assert data["question_type"].tolist() == ["could_improve", "what_good", "what_good"]
    assert data["sentiment"].tolist() == ["positive", "negative", "neutral"]


def test_load_labelled_rejects_missing_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"text": ["a"], "label": ["positive"]}).to_csv(bad, index=False)
    with pytest.raises(ValueError, match="needs columns"):
        load_labelled([bad])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("This is wonderful", "positive"), ("This is terrible", "negative"), ("the bus", "neutral")],
)
def test_textblob_baseline(text: str, expected: str) -> None:
    assert textblob_labels([text]) == [expected]


def test_cross_validate_reports_both_models(lexicon: dict) -> None:
    lines: list[str] = []
    figures = cross_validate(_frame(), CONFIG, folds=3, repeats=1, progress=lines.append)
    assert len(lines) == 3
    for name in ("textblob", "model"):
        fig = figures[name]
        assert 0 <= fig["macro_f1_mean"] <= 1
        assert set(fig["per_class_f1"]) == {"positive", "neutral", "negative"}
        assert set(fig["per_question_type_macro_f1"]) == {"what_good", "could_improve", "nonspecific"}
    assert "NHS England" in CREDIT
