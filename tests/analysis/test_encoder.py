"""Tests for analysis.encoder and the encoder's sentiment opinion (shipped int8 ONNX files)."""

from __future__ import annotations

import hashlib
import json
import os
import sys

import numpy as np
import pytest

from analysis.encoder import MODEL_DIR, load_encoder, mean_pool, question_text, sentence_spans
from analysis.encoder_sentiment import EncoderSentiment, combine
from analysis.params import SENTIMENTS

PINNED_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


@pytest.fixture(scope="session")
def encoder():
    return load_encoder()


def test_session_is_built_once_per_process(encoder) -> None:
    assert load_encoder() is encoder
    assert load_encoder(MODEL_DIR) is encoder


def test_run_time_needs_neither_torch_nor_the_weights_package(encoder) -> None:
    encoder.encode(["fine"], ["general"])
    assert "torch" not in sys.modules
    assert "transformers" not in sys.modules
    assert "all_minilm_l6_v2" not in sys.modules


def test_shipped_tokenizer_is_the_pinned_one() -> None:
    digest = hashlib.sha256((MODEL_DIR / "tokenizer.json").read_bytes()).hexdigest()
    assert digest == PINNED_TOKENIZER_SHA256


def test_metadata_carries_version_credit_and_cross_validated_figures(encoder) -> None:
    meta = json.loads((MODEL_DIR / "encoder.json").read_text(encoding="utf-8"))
    assert meta["version"] == encoder.version
    assert "Apache-2.0" in meta["base_model"]
    assert any("NHS England" in source for source in meta["training_data"])
    assert meta["cv"]["folds"] == 5
    assert meta["fine_tuning"]["epochs"] > 0 and meta["fine_tuning"]["trained_layers"] > 0
    assert np.asarray(meta["sentiment_head"]["weight"]).shape == (len(SENTIMENTS), 384)
    assert 0.0 <= meta["encoder_weight"] <= 1.0


def test_vectors_have_the_encoder_width_and_one_row_per_sentence(encoder) -> None:
    one, two = encoder.encode(["Staff were kind", "Staff were kind. The room was cold!"], ["general"] * 2)
    assert one.pair.shape == one.answer.shape == (384,)
    assert one.sentences.shape == (0, 384)
    assert two.sentences.shape == (2, 384)
    assert np.isfinite(two.pair).all()


def test_batch_equals_one_by_one(encoder) -> None:
    texts = ["ok", "The group was a lifeline for me and my kids", "Nothing", "Bus too dear"]
    qtypes = ["general", "working_well", "could_improve", "could_improve"]
    batch = encoder.encode(texts, qtypes)
    for text, qtype, together in zip(texts, qtypes, batch, strict=True):
        (alone,) = encoder.encode([text], [qtype])
        assert np.allclose(alone.pair, together.pair, atol=1e-4)


def test_the_question_changes_the_vector(encoder) -> None:
    good, improve = encoder.encode(["Nothing", "Nothing"], ["working_well", "could_improve"])
    assert not np.allclose(good.pair, improve.pair)
    assert question_text("working_well") != question_text("could_improve")


@pytest.mark.parametrize(
    ("value", "expected"), [("1", 1), ("2", 2), ("999", None), ("0", 1), ("two", 1), ("", 1)]
)
def test_encoder_threads_reads_the_setting_and_falls_back_to_one(monkeypatch, value, expected) -> None:
    from analysis.encoder import encoder_threads

    monkeypatch.setenv("FEEDBACK_ENCODER_THREADS", value)
    assert encoder_threads() == (expected or (os.cpu_count() or 1))


def test_two_comments_at_once_give_exactly_the_vectors_of_one_at_a_time(monkeypatch, encoder) -> None:
    from analysis.encoder import Encoder

    monkeypatch.setenv("FEEDBACK_ENCODER_THREADS", "2")
    parallel = Encoder(MODEL_DIR)
    assert parallel.threads == min(2, os.cpu_count() or 1)
    texts = ["Staff were kind. The room was cold!", "ok", "The group was a lifeline", "Bus too dear"] * 5
    qtypes = ["general", "working_well", "could_improve", "general"] * 5
    for one, two in zip(encoder.encode(texts, qtypes), parallel.encode(texts, qtypes), strict=True):
        assert np.array_equal(one.pair, two.pair) and np.array_equal(one.answer, two.answer)
        assert np.array_equal(one.sentences, two.sentences)


def test_mean_pool_ignores_padding() -> None:
    hidden = np.array([[[1.0, 1.0], [3.0, 3.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    assert mean_pool(hidden, mask).tolist() == [[2.0, 2.0]]


@pytest.mark.parametrize(
    ("text", "count"),
    [("One.", 1), ("One. Two!", 2), ("One? Two; three\nfour", 4), ("no stop at all", 1), ("...", 0)],
)
def test_sentence_spans(text: str, count: int) -> None:
    assert len(sentence_spans(text)) == count


def test_combine_averages_and_scores() -> None:
    enc = np.array([[0.8, 0.1, 0.1]])
    lin = np.array([[0.0, 0.2, 0.8]])
    assert combine(enc, lin, 1.0) == [("positive", 0.7)]
    assert combine(enc, lin, 0.0) == [("negative", -0.8)]
    assert combine(enc, lin, 0.5) == [("negative", -0.05)]


def test_encoder_sentiment_probabilities_sum_to_one(encoder) -> None:
    head = EncoderSentiment.from_encoder(encoder)
    texts = ["brilliant", "awful", "fine"]
    probs = head.probabilities(encoder.encode(texts, ["general"] * 3))
    assert probs.shape == (3, len(SENTIMENTS))
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_shipped_onnx_matches_the_digest_in_its_metadata() -> None:
    meta = json.loads((MODEL_DIR / "encoder.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256((MODEL_DIR / meta["onnx_file"]).read_bytes()).hexdigest()
    assert digest == meta["onnx_sha256"]
    assert meta["version"].startswith(meta["onnx_version"])


def test_cv_figures_choose_the_weight_that_scores_best_out_of_fold() -> None:
    from sklearn.model_selection import StratifiedKFold

    from analysis.encoder_build import cv_figures

    rng = np.random.default_rng(0)
    y = np.array(SENTIMENTS)[rng.integers(0, 3, size=300)]
    truth = np.eye(3)[[SENTIMENTS.index(s) for s in y]]
    enc = 0.6 * truth + 0.4 * rng.random((300, 3))  # the better opinion
    lin = 0.3 * truth + 0.7 * rng.random((300, 3))
    splits = list(StratifiedKFold(5, shuffle=True, random_state=42).split(np.zeros(300), y))
    figures = cv_figures(y, enc, lin, splits, folds=5, epochs=1, seed=42)
    by_weight = figures["macro_f1_by_encoder_weight"]
    assert by_weight[str(figures["encoder_weight"])] == max(by_weight.values())
    assert figures["encoder_weight"] >= 0.5
    assert figures["encoder_macro_f1"] > figures["linear_macro_f1"]
    assert len(figures["encoder_macro_f1_per_fold"]) == 5
    assert len(figures["encoder_weight_per_fold"]) == len(figures["pipeline_macro_f1_per_fold"]) == 5
    assert figures["pipeline_macro_f1_fold_mean"] == pytest.approx(
        np.mean(figures["pipeline_macro_f1_per_fold"]), abs=1e-3
    )


def test_nested_weight_is_chosen_without_the_fold_it_is_scored_on() -> None:
    from analysis.encoder_build import best_weight, cv_figures

    y = np.array(SENTIMENTS * 40)
    truth = np.eye(3)[[SENTIMENTS.index(s) for s in y]]
    enc, lin = truth.copy(), np.roll(truth, 1, axis=1)  # the encoder right, the linear model wrong
    test = np.arange(30)
    lin[test], enc[test] = truth[test], np.roll(truth[test], 1, axis=1)  # ...except on one fold
    splits = [(np.arange(30, 120), test), (np.arange(30), np.arange(30, 120))]
    figures = cv_figures(y, enc, lin, splits, folds=2, epochs=1, seed=42)
    chosen = figures["encoder_weight_per_fold"][0]
    assert chosen == best_weight(y[30:], enc[30:], lin[30:]) and chosen > 0.5
    assert figures["pipeline_macro_f1_per_fold"][0] < 0.5  # chosen elsewhere, so wrong here


def test_length_batches_cover_every_row_once_in_similar_lengths() -> None:
    from analysis.encoder_train import length_batches

    lengths = np.random.default_rng(0).integers(3, 120, size=1000)
    batches = length_batches(lengths, 32, np.random.default_rng(42))
    rows = np.concatenate(batches)
    assert sorted(rows.tolist()) == list(range(1000))
    assert max(len(b) for b in batches) == 32
    spread = np.mean([np.ptp(lengths[b]) for b in batches])
    assert spread < np.ptp(lengths) / 4  # shuffled batches would span nearly the whole range
    again = length_batches(lengths, 32, np.random.default_rng(42))
    assert all((a == b).all() for a, b in zip(batches, again, strict=True))
