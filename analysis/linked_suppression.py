"""Linked tables suppressed together, so a cell hidden in one cannot be rebuilt from another.

The overview shows several breakdowns of the same rows (comments per locality by sentiment and
by question type; theme mentions by locality, sentiment and question type). Each breakdown's row
totals are the same numbers, so suppressing the tables one by one could leave a hidden cell
derivable through the other table. Here every block shares one row-total column and one grand
total, and :func:`analysis.suppression.protect` sees all the equations at once.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

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


def _counts(frame: pd.DataFrame, rows: list, cols: list) -> pd.DataFrame:
    return frame.reindex(index=rows, columns=cols).fillna(0).astype("int64")


@dataclass(frozen=True)
class Linked:
    """A counts table and the names of its row and column dimensions (shared names share totals)."""

    frame: pd.DataFrame
    rows: str
    columns: str


def _labels(tables: Mapping[str, Linked]) -> dict[str, list]:
    labels: dict[str, list] = {}
    for table in tables.values():
        labels.setdefault(table.rows, []).extend(table.frame.index)
        labels.setdefault(table.columns, []).extend(table.frame.columns)
    return {dim: list(dict.fromkeys(values)) for dim, values in labels.items()}


def _margin(ledger: Ledger, key: Hashable, value: int) -> None:
    if key in ledger.index and ledger.values[ledger.index[key]] != value:
        raise ValueError(f"linked tables disagree on the total {key!r}")
    ledger.add(key, value)


def suppress_linked(tables: Mapping[str, Linked], *, k: int) -> dict[str, pd.DataFrame]:
    """Suppress tables whose margins are shared by dimension name, all against one grand total.

    Args:
        tables: name -> Linked(counts, row dimension, column dimension). Tables with the same
            row (or column) dimension must have the same totals along it; every table must have
            the same grand total.
        k: the suppression threshold.

    Returns:
        name -> shown table (object dtype: ints or ``[c]``) with a "Total" column and row.
    """
    labels = _labels(tables)
    frames = {n: _counts(t.frame, labels[t.rows], labels[t.columns]) for n, t in tables.items()}
    ledger = Ledger()
    for name, table in tables.items():
        frame = frames[name]
        _margin(ledger, "grand", int(frame.values.sum()))
        for dim, sums in ((table.rows, frame.sum(axis=1)), (table.columns, frame.sum(axis=0))):
            for label, value in sums.items():
                _margin(ledger, (dim, label), int(value))
        for row in frame.index:
            for col in frame.columns:
                ledger.add((name, row, col), int(frame.at[row, col]))
            ledger.equation([(name, row, c) for c in frame.columns], (table.rows, row))
        for col in frame.columns:
            ledger.equation([(name, r, col) for r in frame.index], (table.columns, col))
    for dim, values in labels.items():
        ledger.equation([(dim, v) for v in values], "grand")
    shown = ledger.shown(k)
    out: dict[str, pd.DataFrame] = {}
    for name, table in tables.items():
        frame = frames[name]
        data = [[shown[(name, r, c)] for c in frame.columns] + [shown[(table.rows, r)]] for r in frame.index]
        data.append([shown[(table.columns, c)] for c in frame.columns] + [shown["grand"]])
        out[name] = pd.DataFrame(
            data, index=[*frame.index, TOTAL], columns=[*frame.columns, TOTAL], dtype=object
        )
    return out


def suppress_blocks(blocks: Mapping[str, pd.DataFrame], *, k: int) -> dict[str, pd.DataFrame]:
    """Suppress tables that share their rows and row totals; each comes back with Total row/column."""
    return suppress_linked({n: Linked(f, "rows", f"columns:{n}") for n, f in blocks.items()}, k=k)


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


def relabel(
    frame: pd.DataFrame, *, rows: Mapping | None = None, columns: Mapping | None = None
) -> pd.DataFrame:
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
