"""One disclosure-control layer for every published count of people or comments: the cell-key method.

Why this method. Suppressing each table on its own fails as soon as two outputs overlap: a total
minus the shown parts, one period minus a shorter one, or two custom ranges a day apart give the
hidden count back exactly. Joint suppression would have to solve every table of every period the
app can publish at once, and custom date ranges make that set unbounded. The cell-key method (ONS,
2021 Census; ABS TableBuilder) needs no such bookkeeping:

* every record (a comment, a kiosk answer, an activity's headcount line) carries a fixed random
  key in ``0..KEY_SPACE-1``, given when it is stored;
* a cell's key is the sum of its records' keys modulo ``KEY_SPACE`` (computed in SQL with the
  count), so the same records give the same key in any table, period or document;
* the published value is a function of (count, cell key) only: the count plus a small noise
  from ``NOISE_TABLE``, shown only when the noisy value is at least k + MAX_NOISE; else ``[c]``
  (zero included, so ``[c]`` means 0..k+3 and a shown value v means exactly v-2..v+2, all at
  least k). Showing values from k upwards would let the floor at k narrow what a value near it
  means (a 10 would mean 10..12), and two such values would bound a difference more tightly
  than the noise does elsewhere: every shown value carries its full noise instead.

So one set of records always reads the same, wherever it appears, and any difference of two
published figures carries the noise of both. Because neither end of what a reader can infer
from one value (:func:`possible_counts`) is ever a count from 1 to k-1, no subtraction of one
published figure from another, nor a total less its shown parts, pins such a count; the
attacker tests (tests/feedback/reports/test_disclosure_attacks.py) check this across every
output the app offers. Tables keep a fixed shape (every locality, group, sentiment in scope), so
a row's presence gives nothing away either.
Counts of activities, events and partners are not about people and are published as they are.
Shares come from published values only, so they say nothing the published part and base do not,
and are withheld unless the base is surely at least k and neither the part nor the rest of the
base is hidden or small (:func:`shown_share`). What no bounded noise can prevent: a difference of
two published figures is known to within about 2 x MAX_NOISE either side, clipped at 0 (a count
is never negative), so a reader may learn that a small count is at most a few; never which.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.suppression import SUPPRESSED, TOTAL, clamp_k

KEY_SPACE = 1 << 24
NOISE_TABLE: tuple[tuple[int, float], ...] = ((-2, 0.1), (-1, 0.2), (0, 0.4), (1, 0.2), (2, 0.1))
MAX_NOISE = max(abs(n) for n, _ in NOISE_TABLE)
Shown = int | str


def protection_sentence(k: int | None = None) -> str:
    """The one plain sentence that says how published figures are protected."""
    return (
        f"To protect people's identity, counts of people and comments are adjusted by up to {MAX_NOISE} "
        f"(the same way wherever they appear, so totals may not add up) and any below {clamp_k(k)}, "
        "none included, and some just above it show as [c]; counts of activities and partners are exact."
    )


def new_record_key() -> int:
    """A fresh random record key (stored with the record when it is written)."""
    return secrets.randbelow(KEY_SPACE)


def cell_key(keys: Iterable[int]) -> int:
    """The key of a cell: the sum of its records' keys, modulo ``KEY_SPACE``."""
    return int(sum(int(k) for k in keys)) % KEY_SPACE


def noise(count: int, key: int) -> int:
    """The fixed noise of a cell from its count and key (a lookup in ``NOISE_TABLE``)."""
    digest = hashlib.blake2b(f"{int(count)}|{int(key) % KEY_SPACE}".encode(), digest_size=8).digest()
    draw = int.from_bytes(digest, "big") / 2**64
    total = 0.0
    for value, probability in NOISE_TABLE:
        total += probability
        if draw < total:
            return value
    return NOISE_TABLE[-1][0]


def publish(count: int, key: int, k: int | None = None) -> Shown:
    """The published value of a count of people or comments: ``[c]`` or a perturbed count >= k + MAX_NOISE."""
    kk, n = clamp_k(k), _count(count)
    if n < kk:
        return SUPPRESSED
    value = n + noise(n, key)
    return value if value >= kk + MAX_NOISE else SUPPRESSED


def possible_counts(shown: Shown, k: int | None = None) -> range:
    """Every true count a reader could infer from one published value (what an attacker knows)."""
    kk = clamp_k(k)
    if shown == SUPPRESSED:
        return range(0, kk + 2 * MAX_NOISE)
    value = int(shown)
    return range(max(kk, value - MAX_NOISE), value + MAX_NOISE + 1)


def shown_share(part: object, base: object, *, k: int | None = None) -> str:
    """A percentage from published values; ``[c]`` unless the base is surely at least k (shown at
    k + MAX_NOISE or more) and neither the part nor the rest of the base is hidden or small."""
    kk = clamp_k(k)
    if not isinstance(part, int) or not isinstance(base, int) or base < kk + MAX_NOISE:
        return SUPPRESSED
    rest = base - part
    if part < kk or 0 < rest < kk:
        return SUPPRESSED
    return f"{min(part, base) / base * 100:.0f}%"


def publish_series(
    counts: pd.Series, keys: pd.Series | None = None, *, k: int | None = None, total: bool = True
) -> pd.Series:
    """Published counts (object dtype, ints or ``[c]``), with a ``Total`` row keyed by all records."""
    values = counts.fillna(0).astype("int64")
    keyed = _keys_like(values, keys)
    if total:
        values = pd.concat([values, pd.Series({TOTAL: int(values.sum())})])
        keyed = pd.concat([keyed, pd.Series({TOTAL: cell_key(keyed)})])
    shown = [publish(n, key, k) for n, key in zip(values, keyed, strict=True)]
    return pd.Series(shown, index=values.index, name=counts.name, dtype=object)


def publish_table(
    counts: pd.DataFrame, keys: pd.DataFrame | None = None, *, k: int | None = None, margins: bool = True
) -> pd.DataFrame:
    """Published table (object dtype, ints or ``[c]``) with ``Total`` row and column when ``margins``."""
    values = counts.fillna(0).astype("int64")
    keyed = (
        keys.reindex(index=values.index, columns=values.columns).fillna(0).astype("int64")
        if keys is not None
        else values * 0
    )
    if margins:
        values, keyed = values.copy(), keyed.copy()
        values[TOTAL], keyed[TOTAL] = values.sum(axis=1), keyed.sum(axis=1) % KEY_SPACE
        values.loc[TOTAL], keyed.loc[TOTAL] = values.sum(axis=0), keyed.sum(axis=0) % KEY_SPACE
    data = [
        [publish(n, key, k) for n, key in zip(row_n, row_k, strict=True)]
        for row_n, row_k in zip(values.to_numpy().tolist(), keyed.to_numpy().tolist(), strict=True)
    ]
    return pd.DataFrame(data, index=values.index, columns=values.columns, dtype=object)


def publish_long(
    frame: pd.DataFrame,
    *,
    index: str,
    columns: str,
    value: str,
    key: str = "key",
    k: int | None = None,
    margins: bool = True,
    rows: Sequence | None = None,
    cols: Sequence | None = None,
) -> pd.DataFrame:
    """Pivot long counts with their record keys and publish the table.

    ``rows`` and ``cols`` fix the table's shape whatever the data (absent pairs count 0, and so
    read ``[c]`` like any small cell): a row that appears only when someone is in it would say so.
    """
    fields = [value, key] if key in frame.columns else [value]
    grouped = frame.groupby([index, columns], sort=True)[fields].sum() if not frame.empty else None
    counts = _unstack(grouped, value, rows, cols)
    if counts.empty and (rows is None or cols is None):
        return pd.DataFrame(dtype=object)
    keys = _unstack(grouped, key, rows, cols) % KEY_SPACE if key in frame.columns else None
    return publish_table(counts, keys, k=k, margins=margins)


def _unstack(
    grouped: pd.DataFrame | None, field: str, rows: Sequence | None, cols: Sequence | None
) -> pd.DataFrame:
    table = grouped[field].unstack(fill_value=0) if grouped is not None else pd.DataFrame(dtype="int64")
    table.columns.name = None
    table.index.name = None
    if rows is not None:
        table = table.reindex(index=list(rows), fill_value=0)
    if cols is not None:
        table = table.reindex(columns=list(cols), fill_value=0)
    return table.fillna(0).astype("int64")


def _keys_like(values: pd.Series, keys: pd.Series | None) -> pd.Series:
    if keys is None:
        return pd.Series(0, index=values.index, dtype="int64")
    return keys.reindex(values.index).fillna(0).astype("int64") % KEY_SPACE


def _count(value: object) -> int:
    number = 0 if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]
    if number < 0 or number != int(number):
        raise ValueError("counts must be non-negative whole numbers")
    return int(number)
