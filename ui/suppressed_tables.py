"""Linked tables suppressed together, so a cell hidden in one cannot be rebuilt from another.

The overview shows several breakdowns of the same rows (comments per locality by sentiment and
by question type; theme mentions by locality, sentiment and question type). Each breakdown's row
totals are the same numbers, so suppressing the tables one by one could leave a hidden cell
derivable through the other table. Here every block shares one row-total column and one grand
total, and :func:`analysis.suppression.protect` sees all the equations at once.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import pandas as pd

from analysis.suppression import SUPPRESSED, TOTAL, clamp_k, protect


class Ledger:
    """Cells by key and the sums that link them."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self.index: dict[Hashable, int] = {}
        self.equations: list[tuple[tuple[int, ...], int]] = []

    def add(self, key: Hashable, value: int) -> None:
        """Register a cell (a key added twice keeps its first value)."""
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(int(value))

    def equation(self, members: list[Hashable], total: Hashable) -> None:
        """Record that the members add up to the total."""
        self.equations.append((tuple(self.index[m] for m in members), self.index[total]))

    def shown(self, k: int) -> dict[Hashable, int | str]:
        """Every cell as shown: its count, or ``[c]`` when hidden."""
        hidden = protect(self.values, self.equations, clamp_k(k))
        return {key: SUPPRESSED if i in hidden else self.values[i] for key, i in self.index.items()}


def _counts(frame: pd.DataFrame, rows: list) -> pd.DataFrame:
    return frame.reindex(index=rows).fillna(0).astype("int64")


def suppress_blocks(blocks: Mapping[str, pd.DataFrame], *, k: int) -> dict[str, pd.DataFrame]:
    """Suppress tables that share their rows and row totals; each comes back with Total row/column.

    Args:
        blocks: name -> counts table (rows x categories). Every table must have the same row
            sums (they are breakdowns of the same things); rows missing from one count as 0.
        k: the suppression threshold.

    Returns:
        name -> shown table (object dtype: ints or ``[c]``) with a "Total" column and row.
    """
    rows = list(dict.fromkeys(r for frame in blocks.values() for r in frame.index))
    frames = {name: _counts(frame, rows) for name, frame in blocks.items()}
    totals = next(iter(frames.values())).sum(axis=1) if frames else pd.Series(dtype="int64")
    for name, frame in frames.items():
        if not frame.sum(axis=1).equals(totals):
            raise ValueError(f"block {name!r} does not add up to the shared row totals")
    ledger = Ledger()
    for row in rows:
        ledger.add(("row", row), int(totals[row]))
    ledger.add("grand", int(totals.sum()))
    ledger.equation([("row", r) for r in rows], "grand")
    for name, frame in frames.items():
        for col in frame.columns:
            for row in rows:
                ledger.add((name, row, col), int(frame.at[row, col]))
            ledger.add((name, TOTAL, col), int(frame[col].sum()))
            ledger.equation([(name, r, col) for r in rows], (name, TOTAL, col))
        for row in rows:
            ledger.equation([(name, row, c) for c in frame.columns], ("row", row))
        ledger.equation([(name, TOTAL, c) for c in frame.columns], "grand")
    shown = ledger.shown(k)
    out: dict[str, pd.DataFrame] = {}
    for name, frame in frames.items():
        data = [
            [shown[(name, r, c)] for c in frame.columns] + [shown[("row", r)]] for r in rows
        ]
        data.append([shown[(name, TOTAL, c)] for c in frame.columns] + [shown["grand"]])
        out[name] = pd.DataFrame(data, index=[*rows, TOTAL], columns=[*frame.columns, TOTAL], dtype=object)
    return out


def pivot(frame: pd.DataFrame, *, index: str, columns: str, values: str) -> pd.DataFrame:
    """Long counts to a rows x categories table of ints (absent pairs are 0)."""
    if frame.empty:
        return pd.DataFrame(dtype="int64")
    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)
    table.columns.name = None
    table.index.name = None
    return table.astype("int64")


def shown_share(part: object, base: object, *, k: int) -> str:
    """A percentage from shown cells; ``[c]`` when either is hidden or the base is below k."""
    if part == SUPPRESSED or base == SUPPRESSED or not isinstance(base, int) or base < clamp_k(k):
        return SUPPRESSED
    return f"{int(part) / base * 100:.0f}%"


def relabel(frame: pd.DataFrame, *, rows: Mapping | None = None, columns: Mapping | None = None) -> pd.DataFrame:
    """Plain labels for ids in the index and columns (unknown ids kept)."""
    out = frame.copy()
    if rows:
        out.index = [rows.get(r, r) for r in out.index]
    if columns:
        out.columns = [columns.get(c, c) for c in out.columns]
    return out


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A shown table as strings, so ints and ``[c]`` sit in one column type for st.dataframe."""
    return frame.map(str)
