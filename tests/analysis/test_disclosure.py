"""The cell-key disclosure layer: what it publishes, that it is consistent, and what a reader can infer."""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest

from analysis.disclosure import (
    KEY_SPACE,
    MAX_NOISE,
    NOISE_TABLE,
    cell_key,
    new_record_key,
    noise,
    possible_counts,
    protection_sentence,
    publish,
    publish_long,
    publish_series,
    publish_table,
    shown_share,
)
from analysis.suppression import SUPPRESSED, TOTAL

KEYS = random.Random(7).sample(range(KEY_SPACE), 300)


@pytest.mark.parametrize("count", [0, 1, 2, 5, 9])
@pytest.mark.parametrize("key", KEYS[:20])
def test_counts_below_k_and_zero_are_never_shown(count: int, key: int) -> None:
    assert publish(count, key, 10) == SUPPRESSED


@pytest.mark.parametrize("count", [10, 11, 12, 20, 53, 1000])
def test_larger_counts_carry_a_small_noise_and_never_show_below_k(count: int) -> None:
    shown = [publish(count, key, 10) for key in KEYS]
    numbers = [v for v in shown if v != SUPPRESSED]
    # shown only at k + MAX_NOISE or more, so no shown value is narrowed by the floor at k
    assert numbers and all(v >= 10 + MAX_NOISE and abs(v - count) <= MAX_NOISE for v in numbers)
    assert count == 10 or len(set(numbers)) > 1, "the noise must vary with the key"
    if count >= 10 + 2 * MAX_NOISE:
        assert SUPPRESSED not in shown


def test_the_noise_follows_the_table() -> None:
    drawn = Counter(noise(50, key) for key in range(20_000))
    for value, probability in NOISE_TABLE:
        assert abs(drawn[value] / 20_000 - probability) < 0.02


def test_same_records_same_value_anywhere() -> None:
    records = [new_record_key() for _ in range(37)]
    key = cell_key(records)
    assert key == cell_key(reversed(records)) and 0 <= key < KEY_SPACE
    assert publish(37, key, 10) == publish(37, cell_key(records[:20]) + cell_key(records[20:]), 10)


@pytest.mark.parametrize("count", [0, 3, 9, 10, 11, 12, 15, 40])
def test_a_reader_never_pins_a_small_count_from_one_value(count: int) -> None:
    for key in KEYS:
        shown = publish(count, key, 10)
        possible = possible_counts(shown, 10)
        assert count in possible and len(possible) > 1
        assert not (0 < possible[0] < 10 and possible[0] == possible[-1])
        assert possible[0] == 0 or possible[0] >= 10  # the lower end is never a small count
        assert possible[-1] >= 10  # nor the upper end
        assert shown == SUPPRESSED or len(possible) == 2 * MAX_NOISE + 1  # full noise, never cut


@pytest.mark.parametrize(
    ("part", "base", "expected"),
    [
        (50, 53, SUPPRESSED),  # the rest (3) would be a small count
        (SUPPRESSED, 40, SUPPRESSED),
        (20, 11, SUPPRESSED),  # a base shown at 11 may be 9: below k
        (20, 40, "50%"),
        (40, 40, "100%"),
        (12, 12 + 9, SUPPRESSED),
        (30, 29, "100%"),  # noise may put a part above its base: never over 100%
    ],
)
def test_shares(part: object, base: object, expected: str) -> None:
    assert shown_share(part, base, k=10) == expected


def test_tables_publish_totals_keyed_by_all_their_records() -> None:
    counts = pd.DataFrame({"a": [30, 3], "b": [25, 0]}, index=["x", "y"])
    keys = pd.DataFrame({"a": [5, 6], "b": [7, 8]}, index=["x", "y"])
    shown = publish_table(counts, keys, k=10)
    assert shown.at["y", "a"] == SUPPRESSED and shown.at["y", "b"] == SUPPRESSED
    assert shown.at[TOTAL, TOTAL] == publish(58, 26, 10)
    assert shown.at["x", TOTAL] == publish(55, 12, 10)
    series = publish_series(pd.Series({"x": 30, "y": 3}), pd.Series({"x": 5, "y": 6}), k=10)
    assert series[TOTAL] == publish(33, 11, 10)


def test_long_tables_keep_a_fixed_shape() -> None:
    frame = pd.DataFrame({"place": ["p"], "mood": ["good"], "key": [3], "n": [40]})
    shown = publish_long(
        frame, index="place", columns="mood", value="n", k=10, rows=["p", "q"], cols=["good", "bad"]
    )
    assert list(shown.index) == ["p", "q", TOTAL] and list(shown.columns) == ["good", "bad", TOTAL]
    assert shown.at["q", "good"] == SUPPRESSED == shown.at["p", "bad"]


def test_the_sentence_says_how_figures_are_protected() -> None:
    sentence = protection_sentence(12)
    assert "below 12" in sentence and "[c]" in sentence and f"up to {MAX_NOISE}" in sentence
