"""Small-number suppression for every published count (design section 7).

Rules, for a threshold ``k`` (10 by default, never below 5):

* Primary: a count from 1 to k-1 shows as ``[c]``; zero shows as 0.
* Secondary: wherever totals are shown, more cells are hidden so that no hidden cell can be
  worked out from the totals and the shown cells. Each total is a line equation
  (cells of the line minus the line's total = 0). Every line that holds a hidden cell must hold
  at least two hidden members (its smallest shown non-zero cell is hidden next, else its total).
  Then an exact check (a linear programme per hidden cell, see :func:`given_away`)
  confirms that each hidden cell can take at least two values; if one cannot, one more cell
  next to it is hidden, and the check runs again.
* The check assumes a well-informed reader: a cell hidden for being small is known to lie in
  1..k-1, a cell hidden to protect another is known to be at least k. Zeros are never hidden.
* No percentage or average on a base below k (:func:`share`, :func:`mean_or_none`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

SUPPRESSED = "[c]"
TOTAL = "Total"
DEFAULT_K = 10
MIN_K = 5
SUPPRESSION_NOTE = (
    "[c] = fewer than {k} people or comments, hidden so that nobody can be identified; "
    "some other cells are hidden too so the hidden ones cannot be worked out from the totals."
)

Equation = tuple[tuple[int, ...], int]  # (member cell indices, index of their total)


def clamp_k(k: int | None) -> int:
    """Return the threshold to use: ``DEFAULT_K`` when None, never below ``MIN_K``."""
    if k is None:
        return DEFAULT_K
    return max(MIN_K, int(k))


def suppression_note(k: int | None = None) -> str:
    """Return the plain-English note explaining ``[c]`` for threshold ``k``."""
    return SUPPRESSION_NOTE.format(k=clamp_k(k))


def is_small(n: int, k: int | None = None) -> bool:
    """Return True when ``n`` is a count from 1 to k-1 (to be hidden)."""
    return 0 < n < clamp_k(k)


def suppress_count(n: int, k: int | None = None) -> int | str:
    """Return ``n`` as shown on its own: ``[c]`` when small, else the int."""
    value = _as_count(n)
    return SUPPRESSED if is_small(value, k) else value


def share(part: int, base: int, *, k: int | None = None) -> float | None:
    """Return part/base, or None when the base is below k or the part is small.

    A share of a small part would give the part away once the base is known, so it is
    withheld too.
    """
    kk = clamp_k(k)
    part, base = _as_count(part), _as_count(base)
    if base < kk or is_small(part, kk) or part > base:
        return None
    return part / base


def format_share(part: int, base: int, *, k: int | None = None, digits: int = 0) -> str:
    """Return the share as a percentage string ("42%"), or ``[c]`` when withheld."""
    value = share(part, base, k=k)
    return SUPPRESSED if value is None else f"{value * 100:.{digits}f}%"


def mean_or_none(values: Iterable[float], *, k: int | None = None) -> float | None:
    """Return the mean of ``values``, or None when there are fewer than k of them."""
    data = [float(v) for v in values if v is not None and not _is_nan(v)]
    if len(data) < clamp_k(k):
        return None
    return sum(data) / len(data)


def suppress_series(counts: pd.Series, *, k: int | None = None, total: bool = True) -> pd.Series:
    """Return the counts as shown: object dtype holding ints or ``[c]``.

    Args:
        counts: non-negative counts (NaN counts as 0), any index.
        k: threshold, clamped by :func:`clamp_k`.
        total: append a ``"Total"`` row and protect the hidden cells against it.

    Returns:
        A new Series with the same index (plus ``"Total"``) and name.
    """
    kk = clamp_k(k)
    values = [_as_count(v) for v in counts.tolist()]
    index = list(counts.index)
    equations: list[Equation] = []
    if total:
        values.append(sum(values))
        index.append(TOTAL)
        equations.append((tuple(range(len(values) - 1)), len(values) - 1))
    hidden = protect(values, equations, kk)
    shown = [SUPPRESSED if i in hidden else v for i, v in enumerate(values)]
    return pd.Series(shown, index=index, name=counts.name, dtype=object)


def suppress_table(table: pd.DataFrame, *, k: int | None = None, margins: bool = True) -> pd.DataFrame:
    """Return the table as shown: object dtype holding ints or ``[c]``.

    Args:
        table: non-negative counts (NaN counts as 0); row and column labels are kept.
        k: threshold, clamped by :func:`clamp_k`.
        margins: append a ``"Total"`` column and row and protect hidden cells against them.

    Returns:
        A new DataFrame with the same labels (plus ``"Total"`` row and column).
    """
    kk = clamp_k(k)
    body = [[_as_count(v) for v in row] for row in table.itertuples(index=False, name=None)]
    n_rows, n_cols = len(body), len(table.columns)
    rows, cols = list(table.index), list(table.columns)
    equations: list[Equation] = []
    if margins:
        grid = [[*row, sum(row)] for row in body]
        grid.append([sum(r[c] for r in grid) for c in range(n_cols + 1)])
        rows.append(TOTAL)
        cols.append(TOTAL)
        width = n_cols + 1
        for r in range(n_rows + 1):
            equations.append((tuple(r * width + c for c in range(n_cols)), r * width + n_cols))
        for c in range(n_cols + 1):
            equations.append((tuple(r * width + c for r in range(n_rows)), n_rows * width + c))
    else:
        grid, width = body, n_cols
    flat = [v for row in grid for v in row]
    hidden = protect(flat, equations, kk)
    shown = [SUPPRESSED if i in hidden else v for i, v in enumerate(flat)]
    data = [shown[r * width : (r + 1) * width] for r in range(len(rows))]
    return pd.DataFrame(data, index=rows, columns=cols, dtype=object)


def protect(values: Sequence[int], equations: Sequence[Equation], k: int) -> set[int]:
    """Return the indices to hide: primary cells plus enough secondary ones.

    Args:
        values: every cell, totals included, as non-negative ints.
        equations: (members, total) index tuples meaning sum(members) == total.
        k: the (already clamped) threshold.
    """
    primary = {i for i, v in enumerate(values) if 0 < v < k}
    hidden = set(primary)
    while True:
        if _pair_lines(values, equations, hidden):
            continue
        determined = given_away(values, equations, hidden, primary, k)
        if not determined:
            return hidden
        extra = _next_to(determined[0], values, equations, hidden)
        if extra is None:
            logger.warning("suppression: a hidden cell stays derivable; nothing left to hide")
            return hidden
        hidden.add(extra)


def given_away(
    values: Sequence[int],
    equations: Sequence[Equation],
    hidden: set[int],
    primary: set[int],
    k: int,
) -> list[int]:
    """Return the hidden cells a well-informed reader could work out exactly.

    The reader knows the shown cells, the equations, that ``primary`` cells lie in 1..k-1 and
    that other hidden cells are at least k. A cell is safe once some table that fits all of this
    gives it another value than the true one: each linear programme (maximise, then minimise a
    cell) yields such a table and clears every cell it moves. Row/column sums are totally
    unimodular, so the programme's extremes are whole numbers and the check is exact.
    """
    order, a_eq, b_eq, bounds = _system(values, equations, hidden, primary, k)
    if not order or a_eq.size == 0:
        return []
    from scipy.optimize import linprog  # imported lazily: slow to import

    truth = np.array([values[c] for c in order], dtype=float)
    pending = set(range(len(order)))
    determined = []
    while pending:
        j = min(pending)
        for sign in (-1.0, 1.0):  # maximise, then minimise
            objective = np.zeros(len(order))
            objective[j] = sign
            res = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if res.status == 3:  # unbounded: the cell can grow without limit
                pending.discard(j)
            elif res.status == 0:
                pending -= {i for i in pending if abs(res.x[i] - truth[i]) > 0.5}
            if j not in pending:
                break
        if j in pending:
            determined.append(order[j])
            pending.discard(j)
    return determined


def _system(
    values: Sequence[int], equations: Sequence[Equation], hidden: set[int], primary: set[int], k: int
) -> tuple[list[int], np.ndarray, np.ndarray, list[tuple[int, int | None]]]:
    """Return the hidden cells, the equations over them (A x = b) and the reader's bounds."""
    order = sorted(hidden)
    pos = {cell: j for j, cell in enumerate(order)}
    a_rows, b_vals = [], []
    for members, total in equations:
        coeffs = np.zeros(len(order))
        rhs = 0.0
        for cell, sign in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if cell in pos:
                coeffs[pos[cell]] += sign
            else:
                rhs -= sign * values[cell]
        if coeffs.any():
            a_rows.append(coeffs)
            b_vals.append(rhs)
    bounds = [(1, k - 1) if c in primary else (k, None) for c in order]
    return order, np.array(a_rows), np.array(b_vals), bounds


def _pair_lines(values: Sequence[int], equations: Sequence[Equation], hidden: set[int]) -> bool:
    """Hide one more member of the first line holding exactly one hidden member."""
    for members, total in equations:
        line = (*members, total)
        if sum(1 for i in line if i in hidden) == 1:
            extra = _partner_cell(members, values, equations, hidden)
            if extra is None and total not in hidden and values[total] > 0:
                extra = total
            if extra is not None:
                hidden.add(extra)
                return True
    return False


def _partner_cell(
    members: Sequence[int],
    values: Sequence[int],
    equations: Sequence[Equation],
    hidden: set[int],
) -> int | None:
    """Return the member to hide with a lone hidden one: one that also pairs a crossing line
    holding a lone hidden cell if possible, then the smallest."""
    lone = [{*m, t} for m, t in equations if sum(1 for i in (*m, t) if i in hidden) == 1]
    candidates = [i for i in members if i not in hidden and values[i] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (sum(i in line for line in lone) < 2, values[i], i))


def _next_to(cell: int, values: Sequence[int], equations: Sequence[Equation], hidden: set[int]) -> int | None:
    """Return a shown non-zero cell sharing a line with ``cell`` (smallest first), if any."""
    lines = [(m, t) for m, t in equations if cell in m or cell == t]
    for members, _total in lines:
        found = _smallest_shown(members, values, hidden)
        if found is not None:
            return found
    for _members, total in lines:
        if total not in hidden and values[total] > 0:
            return total
    return _smallest_shown(range(len(values)), values, hidden)


def _smallest_shown(cells: Iterable[int], values: Sequence[int], hidden: set[int]) -> int | None:
    """Return the shown non-zero cell with the smallest value (first on ties), or None."""
    candidates = [i for i in cells if i not in hidden and values[i] > 0]
    return min(candidates, key=lambda i: (values[i], i)) if candidates else None


def _as_count(value: object) -> int:
    """Return ``value`` as a non-negative int; NaN and None count as 0."""
    if value is None or _is_nan(value):
        return 0
    number = float(value)  # type: ignore[arg-type]
    if number < 0 or number != int(number):
        raise ValueError("counts must be non-negative whole numbers")
    return int(number)


def _is_nan(value: object) -> bool:
    """Return True for float NaN and pandas missing values."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
