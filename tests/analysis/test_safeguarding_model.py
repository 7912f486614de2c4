"""Tests for the semantic safeguarding detector beside the rules (analysis.safeguarding_model).

The sentences below were written for these tests and are in neither the training bank nor
the held-out file, so the detector has not seen them.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis.encoder import Encoded
from analysis.pipeline import Analyser
from analysis.safeguarding import is_safeguarding
from analysis.safeguarding_model import RULE_FLOOR, SafeguardingHead, combined_risk, load_head
from analysis.safeguarding_train import BANK, HOLDOUT, choose_threshold, read_bank, recall_precision


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    return Analyser()


@pytest.mark.parametrize(
    "text",
    [
        "honestly some days I think the weans would be better without their maw",
        "been saving my prescriptions up for a while now",
        "I cant see myself still being here next year, no way",
        "my partner says if I tell anyone he'll make sure I regret it",
        "the boys who run the scheme have got my wee brother holding their stuff",
        "I go to bed hungry so the kids can eat and some nights they don't either",
        "ma man gets handy wi me when he's been on the bevvy",
    ],
)
def test_indirect_disclosures_are_flagged(analyser: Analyser, text: str) -> None:
    result = analyser.analyse(text, "general")
    assert result.safeguarding is True
    assert result.safeguarding_risk >= load_head().threshold


@pytest.mark.parametrize(
    "text",
    [
        "I'd kill for a coffee",
        "dying to get back to work",
        "The women's aid worker got me and the kids somewhere safe, can't thank her enough",
        "staff could do with more training on suicide prevention",
        "The bus was late again and I missed my appointment",
        "the group was a lifesaver, honestly",
    ],
)
def test_figures_of_speech_praise_and_training_are_not_flagged(analyser: Analyser, text: str) -> None:
    assert analyser.analyse(text, "general").safeguarding is False


def test_a_disclosure_in_the_last_sentence_of_a_long_comment_is_caught(analyser: Analyser) -> None:
    text = (
        "The group on a Tuesday is good and the tea is nice. The worker is friendly and the bus "
        "is handy. I liked the art session. To be honest I've been thinking about ending things."
    )
    result = analyser.analyse(text, "general")
    assert result.safeguarding is True


def test_rules_still_flag_and_raise_the_risk(analyser: Analyser) -> None:
    text = "He hits me when he has been drinking"
    assert is_safeguarding(text)
    result = analyser.analyse(text, "general")
    assert result.safeguarding is True
    assert result.safeguarding_risk >= RULE_FLOOR


def test_risk_is_in_range_and_empty_text_has_none(analyser: Analyser) -> None:
    for text in ["", "   ", "😀", "fine", "I want to die"]:
        risk = analyser.analyse(text, "general").safeguarding_risk
        assert 0.0 <= risk <= 1.0
    assert analyser.analyse("", "general").safeguarding_risk == 0.0


def test_risk_ranks_a_disclosure_above_praise(analyser: Analyser) -> None:
    low = analyser.analyse("Lovely staff and a warm room", "working_well").safeguarding_risk
    high = analyser.analyse("I don't want to wake up tomorrow", "general").safeguarding_risk
    assert high > low


def test_head_scores_each_sentence_and_takes_the_highest() -> None:
    head = SafeguardingHead(np.array([1.0, 0.0], np.float32), 0.0, 0.5, "t", {})
    calm = np.array([-1.0, 0.0], np.float32)
    risky = np.array([1.0, 0.0], np.float32)
    whole = Encoded(calm, calm, np.vstack([calm, risky]))
    assert head.risk(whole) == pytest.approx(1 / (1 + np.exp(-1)))
    assert head.risk(Encoded(calm, calm, np.zeros((0, 2), np.float32))) == pytest.approx(1 / (1 + np.e))


@pytest.mark.parametrize(
    ("model", "rule", "expected"), [(0.2, False, 0.2), (0.2, True, RULE_FLOOR), (0.97, True, 0.97)]
)
def test_combined_risk(model: float, rule: bool, expected: float) -> None:
    assert combined_risk(model, rule) == pytest.approx(expected)


def test_threshold_keeps_the_target_recall() -> None:
    rng = np.random.default_rng(1)
    y = np.r_[np.ones(100, int), np.zeros(100, int)]
    risks = np.r_[rng.uniform(0.3, 1.0, 100), rng.uniform(0.0, 0.6, 100)]
    threshold = choose_threshold(risks, y)
    assert recall_precision(risks >= threshold, y)["recall"] >= 0.95
    assert recall_precision(risks >= threshold + 0.05, y)["recall"] < 0.99


def test_banks_are_labelled_both_ways_and_do_not_overlap() -> None:
    bank, holdout = read_bank(BANK), read_bank(HOLDOUT)
    assert len(bank) >= 250 and len(holdout) >= 60
    for frame in (bank, holdout):
        assert set(frame["label"]) == {0, 1}
    assert not set(bank["text"].str.lower()) & set(holdout["text"].str.lower())


def test_head_records_its_figures() -> None:
    meta = load_head().metadata
    assert meta["encoder_version"]
    assert meta["cv"]["model_oof"]["recall"] >= meta["cv"]["target_recall"] - 0.01
    assert meta["holdout"]["rows"] == len(read_bank(HOLDOUT))


def test_the_whole_pipeline_catches_the_held_out_disclosures(analyser: Analyser) -> None:
    """The held-out file was written apart from the bank and the code; a disclosure missed here
    is one no person would read. Floor: at most one miss in its 39 (0.974 when shipped)."""
    holdout = read_bank(HOLDOUT)
    flags = np.array(
        [r.safeguarding for r in analyser.analyse_many(holdout["text"].tolist(), ["general"] * len(holdout))]
    )
    scores = recall_precision(flags, holdout["label"].to_numpy())
    assert scores["recall"] >= 0.95, scores
    assert scores["precision"] >= 0.7, scores
