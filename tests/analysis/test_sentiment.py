"""Tests for analysis.sentiment with the shipped model in data/models."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from analysis.params import SENTIMENTS
from analysis.sentiment import (
    ARRAYS_FILE,
    DEFAULT_MODEL_DIR,
    META_FILE,
    ModelFileError,
    SentimentModel,
    load_sentiment_model,
    read_model,
)


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return load_sentiment_model()


@pytest.mark.parametrize(
    ("text", "question_type", "expected"),
    [
        ("Nothing", "could_improve", "positive"),
        ("Nothing.", "How could we improve?", "positive"),
        ("Nothing", "working_well", "negative"),
        ("Nothing", "what_good", "negative"),
        ("Staff were kind, caring and very helpful.", "working_well", "positive"),
        ("Excellent service, thank you so much!", "general", "positive"),
        ("Rude staff and I waited four hours, awful.", "general", "negative"),
        ("Nobody called me back, it was terrible.", "could_improve", "negative"),
    ],
)
def test_clear_cases_and_question_dependence(
    model: SentimentModel, text: str, question_type: str, expected: str
) -> None:
    [(label, score)] = model.predict([text], [question_type])
    assert label == expected
    assert (score > 0) if expected == "positive" else (score < 0)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "👍👍", "!!!", "...", None])
@pytest.mark.parametrize("question_type", ["working_well", "could_improve", "idea", "general"])
def test_empty_or_symbol_only_text_is_neutral_zero(
    model: SentimentModel, text: str | None, question_type: str
) -> None:
    assert model.predict([text], [question_type]) == [("neutral", 0.0)]


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("working_well", "what_good"),
        ("could_improve", "could_improve"),
        ("idea", "could_improve"),
        ("general", "nonspecific"),
        ("What worked well?", "what_good"),
    ],
)
def test_both_question_vocabularies_give_the_same_answer(
    model: SentimentModel, ours: str, theirs: str
) -> None:
    texts = ["Nothing", "More evening groups please", "The staff listened to me", "ok"]
    assert model.predict(texts, [ours] * 4) == model.predict(texts, [theirs] * 4)


def test_labels_and_scores_are_in_range_and_consistent(model: SentimentModel) -> None:
    texts = ["good", "bad", "the bus", "great but slow", "no", "I felt safe here", "x" * 3000]
    results = model.predict(texts * 4, ["working_well", "could_improve", "idea", "general"] * 7)
    for label, score in results:
        assert label in SENTIMENTS
        assert -1.0 <= score <= 1.0
        if label == "positive":
            assert score > 0
        if label == "negative":
            assert score < 0


def test_batch_equals_one_by_one(model: SentimentModel) -> None:
    texts = ["Lovely staff", "", "Waited ages for an appointment", "Nothing really", "n/a"]
    types = ["working_well", "general", "could_improve", "could_improve", "general"]
    one_by_one = [model.predict([t], [q])[0] for t, q in zip(texts, types, strict=True)]
    assert model.predict(texts, types) == one_by_one


def test_mismatched_lengths_raise(model: SentimentModel) -> None:
    with pytest.raises(ValueError, match="same length"):
        model.predict(["a", "b"], ["general"])


def test_loader_is_cached_and_accepts_the_json_path(model: SentimentModel) -> None:
    assert load_sentiment_model() is model
    assert load_sentiment_model(DEFAULT_MODEL_DIR / META_FILE) is model


def test_model_files_hold_no_pickles_and_carry_the_credit() -> None:
    with zipfile.ZipFile(DEFAULT_MODEL_DIR / ARRAYS_FILE) as archive:
        for name in archive.namelist():
            with archive.open(name) as member:
                header = member.read(10)
            assert header.startswith(b"\x93NUMPY"), name
    with np.load(DEFAULT_MODEL_DIR / ARRAYS_FILE, allow_pickle=False) as arrays:
        assert all(arrays[k].dtype != object for k in arrays.files)
    meta = json.loads((DEFAULT_MODEL_DIR / META_FILE).read_text(encoding="utf-8"))
    assert "pxtextmining" in meta["trained_on"]["credit"]
    assert "MIT" in meta["trained_on"]["credit"]
    assert (
        meta["cross_validation"]["model"]["macro_f1_mean"]
        > (meta["cross_validation"]["textblob"]["macro_f1_mean"])
    )
    assert read_model(DEFAULT_MODEL_DIR).version == meta["version"]


def test_missing_model_folder_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="python -m analysis train"):
        read_model(tmp_path)


def test_block_scoring_equals_the_training_feature_matrix(model: SentimentModel) -> None:
    texts = ["Lovely staff but the wait was long", "Nothing", "the bus", "Rude. Awful. Never again"]
    types = ["what_good", "could_improve", "nonspecific", "nonspecific"]
    expected = np.asarray(model.features(texts, types) @ model.coef.T) + model.intercept
    expected[:, model.classes.index("neutral")] += model.neutral_bias
    np.testing.assert_allclose(model.decision(texts, types), expected, atol=1e-9)


SKLEARN_TEXTS = [
    ["École café très bien", "naïve  spaces\tand\nlines", "a" * 60, "a b a b a b"],
    ["x", "I", "!!", "Don't! won't? can't.", ""],
]


@pytest.mark.parametrize("block", ["word", "char"])
@pytest.mark.parametrize("texts", SKLEARN_TEXTS)
def test_tfidf_blocks_match_sklearn(model: SentimentModel, block: str, texts: list[str]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.tfidf import WORD_TOKEN_PATTERN

    fitted = getattr(model, block)
    vec = TfidfVectorizer(
        analyzer=fitted.analyzer,
        ngram_range=fitted.ngram_range,
        sublinear_tf=True,
        token_pattern=WORD_TOKEN_PATTERN if block == "word" else None,
        vocabulary={t: i for i, t in enumerate(fitted.terms)},
    ).fit(["unused"])
    expected = vec.transform(texts).toarray() / vec.idf_ * fitted.idf
    expected /= np.maximum(np.linalg.norm(expected, axis=1, keepdims=True), 1e-12)
    np.testing.assert_allclose(fitted.transform(texts).toarray(), expected, atol=1e-12)
