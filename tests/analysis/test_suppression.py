"""Tests for small-number suppression, including an attacker who rebuilds hidden cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.suppression import (
    SUPPRESSED,
    TOTAL,
    clamp_k,
    format_share,
    mean_or_none,
    share,
    suppress_count,
    suppress_series,
    suppress_table,
    suppression_note,
)

C = SUPPRESSED


# --- an attacker, written independently of the library -----------------------------------


def _possible_values(
    body: list[list[int]], shown: list[list[object]], k: int, row_totals: bool, col_totals: bool
) -> dict[tuple[int, int], set[int]]:
    """Enumerate every table consistent with what is shown; collect each hidden cell's values.

    The attacker knows the shown numbers, that a hidden cell that was small lies in 1..k-1 and
    that any other hidden cell is at least k. A depth-first search fills hidden cells row by
    row, pruning on shown totals; it stops once every hidden cell is seen to take two values.
    """
    n_r, n_c = len(body), len(body[0]) if body else 0
    hidden = [(r, c) for r in range(n_r) for c in range(n_c) if shown[r][c] == C]
    row_tot = [shown[r][n_c] if row_totals else C for r in range(n_r)]
    col_tot = [shown[n_r][c] if col_totals else C for c in range(n_c)]
    grand = shown[n_r][n_c] if row_totals and col_totals else C
    cap = sum(map(sum, body))

    def fits(value: int, truth: int) -> bool:
        return 0 < value < k if 0 < truth < k else value >= k

    def row_ok(g: list[list[int]], r: int) -> bool:
        s, truth = sum(g[r]), sum(body[r])
        return not row_totals or (s == row_tot[r] if row_tot[r] != C else fits(s, truth))

    def final_ok(g: list[list[int]]) -> bool:
        for c in range(n_c):
            s, truth = sum(g[r][c] for r in range(n_r)), sum(body[r][c] for r in range(n_r))
            if col_totals and (s != col_tot[c] if col_tot[c] != C else not fits(s, truth)):
                return False
        s = sum(map(sum, g))
        if grand != C:
            return s == grand
        return fits(s, cap) if row_totals and col_totals else True

    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden}
    grid = [[0 if v == C else int(v) for v in row[:n_c]] for row in shown[:n_r]]
    assert all(row_ok(body, r) for r in range(n_r)) and final_ok(body)

    def bounds(r: int, c: int) -> range:
        return range(1, k) if 0 < body[r][c] < k else range(k, cap + 1)

    def search(i: int) -> bool:
        """Return True to stop (every hidden cell seen with two values)."""
        if i == len(hidden):
            if final_ok(grid):
                for r, c in hidden:
                    seen[(r, c)].add(grid[r][c])
                return all(len(v) > 1 for v in seen.values())
            return False
        r, c = hidden[i]
        last_in_row = i + 1 == len(hidden) or hidden[i + 1][0] != r
        for v in bounds(r, c):
            grid[r][c] = v
            if row_tot[r] != C and sum(grid[r]) > row_tot[r]:
                break
            if col_tot[c] != C and sum(grid[x][c] for x in range(r + 1)) > col_tot[c]:
                break
            if last_in_row and not row_ok(grid, r):
                continue
            if search(i + 1):
                return True
        grid[r][c] = 0
        return False

    search(0)
    return seen


def _assert_not_rebuildable(body: list[list[int]], shown: pd.DataFrame, k: int, margins: bool) -> None:
    """Assert that no hidden body cell can be worked out from what is shown."""
    grid = shown.values.tolist()
    seen = _possible_values(body, grid, k, row_totals=margins, col_totals=margins)
    for (r, c), values in seen.items():
        assert len(values) > 1, f"cell {(r, c)} is given away: {values}"


def _assert_series_not_rebuildable(counts: list[int], shown: pd.Series, k: int) -> None:
    """Assert that no hidden cell of a series with a total can be worked out."""
    seen = _possible_values([counts], [shown.tolist()], k, row_totals=True, col_totals=False)
    for (_, c), values in seen.items():
        assert len(values) > 1, f"cell {c} is given away: {values}"


# --- threshold and single values ---------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "expected"),
    [(None, 10), (10, 10), (12, 12), (5, 5), (4, 5), (1, 5), (0, 5), (-3, 5), (7.9, 7)],
)
def test_clamp_k(k: int | None, expected: int) -> None:
    assert clamp_k(k) == expected


@pytest.mark.parametrize(
    ("n", "k", "expected"),
    [
        (0, 10, 0),
        (1, 10, C),
        (9, 10, C),
        (10, 10, 10),
        (250, 10, 250),
        (4, 3, C),
        (5, 3, 5),
        (6, 6, 6),
    ],
)
def test_suppress_count(n: int, k: int, expected: object) -> None:
    assert suppress_count(n, k) == expected


@pytest.mark.parametrize(
    ("part", "base", "k", "expected"),
    [
        (5, 9, 10, None),  # base below k
        (0, 9, 10, None),
        (3, 40, 10, None),  # a small part would be given away
        (0, 40, 10, 0.0),
        (10, 40, 10, 0.25),
        (40, 40, 10, 1.0),
        (5, 5, 3, 1.0),  # k clamps to 5
        (5, 4, 3, None),
    ],
)
def test_share(part: int, base: int, k: int, expected: float | None) -> None:
    assert share(part, base, k=k) == expected


@pytest.mark.parametrize(
    ("part", "base", "digits", "expected"),
    [(10, 40, 0, "25%"), (12, 36, 1, "33.3%"), (3, 40, 0, C), (20, 8, 0, C)],
)
def test_format_share(part: int, base: int, digits: int, expected: str) -> None:
    assert format_share(part, base, k=10, digits=digits) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.0] * 9, None),
        ([2.0] * 10, 2.0),
        (list(range(12)), 5.5),
        ([None] * 12 + [1.0], None),
    ],
)
def test_mean_or_none(values: list[float], expected: float | None) -> None:
    assert mean_or_none(values, k=10) == expected


@pytest.mark.parametrize("k", [None, 3, 5, 10, 20])
def test_note_names_the_threshold(k: int | None) -> None:
    note = suppression_note(k)
    assert f"fewer than {clamp_k(k)} people" in note
    assert note.startswith("[c] = ")


# --- series ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "k", "expected"),
    [
        ([12, 20, 30], 10, [12, 20, 30, 62]),
        ([0, 0, 25], 10, [0, 0, 25, 25]),
        (
            [3, 20, 0, 15],
            10,
            [C, 20, 0, C, 38],
        ),  # secondary: the next-smallest non-zero
        ([1, 1, 50], 10, [C, C, C, 52]),  # two 1s add up to 2: a third cell is needed
        ([9, 9], 10, [C, C, C]),  # nothing left to hide but the total
        ([1, 2, 3], 10, [C, C, C, C]),  # all small, total small
        ([0, 0, 0], 10, [0, 0, 0, 0]),
        ([4, 30], 3, [C, C, 34]),  # k=3 clamps to 5
        ([4, 30], 4, [C, C, 34]),
        ([5, 30], 5, [5, 30, 35]),
        ([2, 3, 40, 50], 10, [C, C, 40, 50, 95]),
    ],
)
def test_suppress_series(counts: list[int], k: int, expected: list[object]) -> None:
    shown = suppress_series(pd.Series(counts), k=k)
    assert shown.tolist() == expected
    assert shown.dtype == object
    assert shown.index[-1] == TOTAL


def test_series_without_total_hides_only_small_cells() -> None:
    shown = suppress_series(pd.Series([3, 20, 0], index=["a", "b", "c"], name="n"), k=10, total=False)
    assert shown.tolist() == [C, 20, 0]
    assert list(shown.index) == ["a", "b", "c"]
    assert shown.name == "n"


def test_series_nan_is_zero_and_negative_is_refused() -> None:
    assert suppress_series(pd.Series([np.nan, 12.0]), k=10).tolist() == [0, 12, 12]
    with pytest.raises(ValueError, match="non-negative"):
        suppress_series(pd.Series([-1, 12]), k=10)


def test_empty_series() -> None:
    shown = suppress_series(pd.Series([], dtype="int64"), k=10)
    assert shown.tolist() == [0]
    assert list(shown.index) == [TOTAL]


@pytest.mark.parametrize("seed", range(30))
def test_series_hidden_cells_cannot_be_rebuilt(seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = [int(v) for v in rng.choice([0, 1, 2, 5, 9, 10, 11, 14, 30], size=rng.integers(1, 6))]
    shown = suppress_series(pd.Series(counts), k=10)
    for value, cell in zip(counts, shown.tolist()[:-1], strict=True):
        assert cell == (C if 0 < value < 10 else cell)
        assert cell != C or value > 0  # zeros are never hidden
    if shown.iloc[-1] != C:
        _assert_series_not_rebuildable(counts, shown, 10)


# --- tables ------------------------------------------------------------------------------


def test_table_primary_secondary_and_margins() -> None:
    table = pd.DataFrame(
        [[3, 20, 15], [12, 11, 30], [0, 25, 40]],
        index=["x", "y", "z"],
        columns=list("abc"),
    )
    shown = suppress_table(table, k=10)
    assert list(shown.index) == ["x", "y", "z", TOTAL]
    assert list(shown.columns) == ["a", "b", "c", TOTAL]
    assert shown.loc["x", "a"] == C
    assert shown.loc["z", "a"] == 0
    assert shown.loc[TOTAL, TOTAL] == 156
    for label in ["x", "y", "z", TOTAL]:  # every line with a hidden cell has two
        assert (shown.loc[label] == C).sum() in (0, 2, 3, 4)
    for label in ["a", "b", "c", TOTAL]:
        assert (shown[label] == C).sum() in (0, 2, 3, 4)
    _assert_not_rebuildable(table.values.tolist(), shown, 10, margins=True)


TABLES = [
    [[3, 20, 15], [12, 11, 30], [0, 25, 40]],
    [[1, 1], [1, 30]],
    [[2, 0], [0, 40]],
    [[5, 12, 0, 14], [0, 0, 7, 11]],
    [[9, 9], [9, 9]],
    [[0, 0], [0, 0]],
    [[1]],
    [[4, 15, 20]],
    [[15], [3], [22]],
    [[12, 10, 13], [10, 2, 11], [14, 12, 10]],
]


@pytest.mark.parametrize("body", TABLES)
def test_table_hidden_cells_cannot_be_rebuilt(body: list[list[int]]) -> None:
    shown = suppress_table(pd.DataFrame(body), k=10)
    flat = [v for row in body for v in row]
    cells = [v for row in shown.values.tolist()[: len(body)] for v in row[: len(body[0])]]
    for value, cell in zip(flat, cells, strict=True):
        assert cell == C if 0 < value < 10 else cell in (C, value)
    _assert_not_rebuildable(body, shown, 10, margins=True)


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_cannot_be_rebuilt(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    shape = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    body = rng.choice([0, 0, 1, 3, 8, 10, 12, 15], size=shape).tolist()
    shown = suppress_table(pd.DataFrame(body), k=10)
    _assert_not_rebuildable(body, shown, 10, margins=True)


def test_table_without_margins_hides_only_small_cells() -> None:
    shown = suppress_table(pd.DataFrame({"a": [3, 20], "b": [0, 11]}), k=10, margins=False)
    assert shown.values.tolist() == [[C, 0], [20, 11]]


def test_all_small_table_hides_every_non_zero_cell() -> None:
    shown = suppress_table(pd.DataFrame([[1, 2], [0, 3]]), k=10)
    assert shown.values.tolist() == [[C, C, C], [0, C, C], [C, C, C]]


def test_empty_table() -> None:
    shown = suppress_table(pd.DataFrame(), k=10)
    assert shown.values.tolist() == [[0]]
    assert list(shown.index) == [TOTAL]


@pytest.mark.parametrize(("k", "hidden"), [(3, False), (4, False), (5, False), (6, True), (10, True)])
def test_table_k_is_clamped(k: int, hidden: bool) -> None:
    shown = suppress_table(pd.DataFrame([[5, 30], [20, 30]]), k=k)
    assert (shown.iloc[0, 0] == C) is hidden
    assert shown.iloc[2, 2] == 85
